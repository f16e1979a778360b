/**
 * Consumer test: a new Vite app that uses the packed tarball and follows only the docs the package
 * ships. It packs the package (`npm pack`, whose prepack builds), installs the tarball into an
 * empty app outside the repo with the install command of the README, then follows the browser
 * guide from the *installed* package (`node_modules/@zkml/web/src/runtime/README.md`, section
 * "A Vite app, step by step"): runs its `npx zkml compile` / `npx zkml export --web` commands
 * verbatim, writes its `vite.config.js` verbatim, type-checks the page against the packed type
 * declarations, builds with vite (no "externalized for browser compatibility" warning), serves
 * with `vite preview` and proves in headless Chromium. The proof is verified again in Node.
 *
 * Installs use `--prefer-offline` (the npm cache, else the npm registry).
 * Run: npm run test:consumer  (KEEP=1 keeps the temp app; ZKML_CONSUMER_SKIP_BUILD=1 packs the existing dist/)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'
import { mlpOnnx, randomSamples } from '../fixtures/models.js'

const repo = resolve(import.meta.dirname, '../..')
const PORT = Number(process.env.ZKML_CONSUMER_PORT ?? 5191)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Runs a command; resolves with its stdout and with stdout + stderr interleaved. */
function run(cmd: string, args: string[], cwd: string): Promise<{ stdout: string; all: string }> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let all = ''
    p.stdout.on('data', (d) => ((stdout += d), (all += d)))
    p.stderr.on('data', (d) => (all += d))
    p.on('close', (code) => (code === 0 ? ok({ stdout, all }) : fail(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${all.slice(-4000)}`))))
  })
}

/** Splits a documented shell line into words (the guide's commands use no quoting). */
const words = (line: string): string[] => line.replace(/\s+#.*$/, '').trim().split(/\s+/)

async function waitForHttp(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms
  for (;;) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`${url} did not come up`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now()
  return fn().then((v) => {
    console.log(`  ✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
    return v
  })
}

function check(ok: unknown, what: string): void {
  if (!ok) throw new Error(`consumer check failed: ${what}`)
}

/** The fenced code blocks of one `## ` section of a markdown file, with their languages. */
function sectionBlocks(markdown: string, heading: string): { lang: string; code: string }[] {
  const start = markdown.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`the shipped guide has no section "## ${heading}"`)
  const end = markdown.indexOf('\n## ', start + 1)
  const section = markdown.slice(start, end < 0 ? undefined : end)
  return [...section.matchAll(/^( *)```(\w*)\n([\s\S]*?)^\1```$/gm)].map((m) => ({ lang: m[2]!, code: m[3]!.split('\n').map((l) => l.slice(m[1]!.length)).join('\n') }))
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'zkml-consumer-'))
  const app = join(dir, 'app')
  let server: ChildProcess | undefined
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'] })
  try {
    const skipBuild = process.env.ZKML_CONSUMER_SKIP_BUILD === '1'
    const packed = await step(skipBuild ? 'npm pack (existing dist/)' : 'npm pack (prepack: npm run build)', () => run('npm', ['pack', '--pack-destination', dir, '--json', ...(skipBuild ? ['--ignore-scripts'] : [])], repo))
    const json = packed.stdout.slice(packed.stdout.search(/^\[/m)) // after prepack's own output
    const [pack] = JSON.parse(json) as { filename: string; files: { path: string }[] }[]
    const tarball = join(dir, pack!.filename)
    const files = pack!.files.map((f) => f.path)
    for (const f of ['dist/src/runtime/index.js', 'dist/src/runtime/index.d.ts', 'dist/workers/inference.worker.js', 'dist/workers/prover.worker.js', 'src/runtime/README.md', 'README.md', 'LICENSE', 'bin/zkml.js']) check(files.includes(f), `the tarball has ${f}`)
    check(!files.some((f) => f.startsWith('src/') && f !== 'src/runtime/README.md'), 'the tarball holds no TypeScript sources')

    // A new app: an empty package, then the README's install command (plus vite and typescript).
    await cp(join(repo, 'test/consumer/app'), app, { recursive: true })
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'zkml-consumer', private: true, type: 'module' }, null, 2))
    const version = async (p: string) => (JSON.parse(await readFile(join(repo, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version
    await step('npm install <tarball> vite typescript', async () =>
      run('npm', ['install', tarball, `vite@${await version('vite')}`, `typescript@${await version('typescript')}`, '--prefer-offline', '--no-audit', '--no-fund'], app),
    )
    for (const peer of ['onnxruntime-web', 'snarkjs']) {
      check(existsSync(join(app, 'node_modules', peer)), `npm installed the peer ${peer}`)
      check(!existsSync(join(app, 'node_modules/@zkml/web/node_modules', peer)), `one copy of ${peer} (a peer, not a nested dependency)`)
    }

    // The browser guide, as installed.
    const guide = await readFile(join(app, 'node_modules/@zkml/web/src/runtime/README.md'), 'utf8')
    const blocks = sectionBlocks(guide, 'A Vite app, step by step')
    const shell = blocks.filter((b) => b.lang === 'sh').map((b) => b.code)
    const viteConfig = blocks.find((b) => b.lang === 'js' && b.code.includes('defineConfig'))
    check(shell.length >= 2 && viteConfig, 'the guide shows the install, compile/export commands and a vite.config.js')
    check(shell[0]!.includes('npm install ./zkml-web-') && shell[0]!.includes(' vite'), 'the guide installs the tarball and vite')
    await writeFile(join(app, 'vite.config.js'), viteConfig!.code)

    // Step 2 verbatim: compile a model (a small MLP, calibration in EZKL's format), export the public set.
    const samples = randomSamples({ size: 16, count: 6 })
    await mkdir(join(app, 'public'), { recursive: true })
    await writeFile(join(app, 'model.onnx'), mlpOnnx({ sizes: [16, 8, 3] }))
    await writeFile(join(app, 'calibration.json'), JSON.stringify({ input_data: [samples.flatMap((s) => Array.from(s.input!))] }))
    await writeFile(join(app, 'public/input.json'), JSON.stringify(Array.from(samples[1]!.input!)))
    for (const line of shell[1]!.split('\n').filter((l) => l.trim().startsWith('npx zkml'))) {
      const [cmd, ...args] = words(line)
      await step(line.trim(), () => run(cmd!, args, app))
    }
    const served = (await readdir(join(app, 'public/models/model'))).sort()
    check(JSON.stringify(served) === JSON.stringify(['circuit.json', 'circuit.zkey', 'manifest.json', 'model.onnx', 'vkey.json']), `export --web wrote only the browser's files (got ${served.join(', ')})`)

    await step('tsc --noEmit (the page against the packed type declarations)', () => run('npx', ['tsc', '--noEmit', '-p', '.'], app))
    const built = await step('vite build', () => run('npx', ['vite', 'build'], app))
    check(!/externalized for browser compatibility|node_modules\/ejs/.test(built.all), `vite build pulled a Node module into the browser bundle:\n${built.all}`)
    const assets = await readdir(join(app, 'dist/assets'))
    console.log(`    emitted: ${assets.filter((a) => /worker|\.wasm$/.test(a)).join(', ')}`)

    server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { cwd: app, stdio: 'ignore', detached: true })
    await waitForHttp(`http://localhost:${PORT}/`, 60_000)
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'warning' && errors.push(`[warning] ${m.text()}`))
    type PageResult = {
      ok: boolean
      message?: string
      verified: boolean
      calldataMatches: boolean
      rangeError?: { name: string; min: number; max: number }
      isolated: boolean
      stages: string[]
      result: { proof: never; publicSignals: string[]; backend: string; timings: Record<string, number>; calldata: unknown[] }
    }
    const res = await step('prove in Chromium', async () => {
      await page.goto(`http://localhost:${PORT}/`)
      await page.waitForFunction(() => document.getElementById('result')?.textContent !== 'running', undefined, { timeout: 180_000 })
      return JSON.parse((await page.textContent('#result'))!) as PageResult
    })
    if (!res.ok) throw new Error(`the app failed: ${res.message}\n${errors.join('\n')}`)
    const vkey = JSON.parse(await readFile(join(app, 'public/models/model/vkey.json'), 'utf8'))
    const nodeOk = await verifyGroth16({ vkey, proof: res.result.proof, publicSignals: res.result.publicSignals })
    console.log(
      `    verified in page: ${res.verified}, in Node: ${nodeOk}; backend ${res.result.backend}; isolated ${res.isolated}; stages ${res.stages.join(' → ')}; timings ${JSON.stringify(res.result.timings)}`,
    )
    check(res.verified && nodeOk, 'the proof verifies in the page and in Node')
    check(res.result.backend === 'wasm' && res.isolated, 'wasm backend, cross-origin isolated (the guide headers)')
    check(res.stages.join() === 'download,inference,witness,prove', `progress stages in order (got ${res.stages.join()})`)
    check(res.calldataMatches && typeof res.result.calldata[3] === 'object', 'JSON.stringify(result) writes calldata as decimal strings')
    check(res.rangeError?.name === 'InputRangeError' && res.rangeError.min < res.rangeError.max, 'an out-of-range input narrows to InputRangeError with its range')
    check(res.result.timings.startup! > 0 && res.result.timings.total! > 0, 'timings include worker start-up and the total')
    check(!errors.some((e) => /externalized/.test(e)), `no browser-compatibility warning on the page: ${errors.join('\n')}`)
    console.log('consumer test passed')
  } finally {
    await browser.close()
    if (server?.pid) process.kill(-server.pid)
    await releaseSnarkjs()
    if (process.env.KEEP === '1') console.log(`kept ${dir}`)
    else await rm(dir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
