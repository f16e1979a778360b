// Preloaded with `node --import` into a benchmark child we do not own: reports its peak RSS on exit.
process.on('exit', () => process.stderr.write(`@@maxrss ${process.resourceUsage().maxRSS}\n`))
