/**
 * Child-process helpers shared by the browser benchmarks: run a command to completion, and wait
 * for an HTTP server to answer.
 */
import { spawn } from 'node:child_process'

/** Runs `cmd args` in `cwd`; rejects with its stderr when it exits non-zero. */
export function runCommand(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    p.stderr.on('data', (d) => (err += d))
    p.on('close', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${err}`))))
  })
}

/** Polls `url` every 250 ms until it answers 2xx (at most 60 s). */
export async function waitForHttp(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not come up`)
}
