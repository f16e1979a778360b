/**
 * Consumer test: builds the package (`npm run build`), packs it (`npm pack`), installs the tarball
 * into a fresh vite app in a temp directory outside the repo (`npm install --prefer-offline`: the
 * npm cache, else the npm registry), builds the app with vite, serves it with `vite preview`
 * (COOP/COEP), and proves in headless Chromium. Catches broken worker URLs, missing files in the
 * tarball, and onnxruntime-web's .wasm not being emitted. The proof is verified again in Node.
 *
 * Run: npm run test:consumer  (KEEP=1 keeps the temp app; ZKML_CONSUMER_SKIP_BUILD=1 reuses dist/)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile, readdir, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { ensureArtifacts, ARTIFACT_ROOT, readExpected } from '../browser/artifacts.js'
import { releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'

const repo = resolve(import.meta.dirname, '../..')
const PORT = Number(process.env.ZKML_CONSUMER_PORT ?? 5191)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { cwd, env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    p.stdout.on('data', (d) => (out += d))
    p.stderr.on('data', (d) => (out += d))
    p.on('close', (code) => (code === 0 ? ok(out) : fail(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${out.slice(-4000)}`))))
  })
}

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

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'zkml-consumer-'))
  const app = join(dir, 'app')
  let server: ChildProcess | undefined
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'] })
  try {
    await step('test artifacts', () => ensureArtifacts())
    if (process.env.ZKML_CONSUMER_SKIP_BUILD !== '1') await step('npm run build', () => run('npm', ['run', 'build'], repo))
    const packed = await step('npm pack', () => run('npm', ['pack', '--pack-destination', dir, '--json'], repo))
    const tarball = join(dir, (JSON.parse(packed.slice(packed.indexOf('['))) as { filename: string }[])[0]!.filename)
    const files = (JSON.parse(packed.slice(packed.indexOf('['))) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path)
    for (const f of ['dist/src/runtime/index.js', 'dist/src/runtime/index.d.ts', 'dist/workers/inference.worker.js', 'dist/workers/prover.worker.js']) {
      if (!files.includes(f)) throw new Error(`the tarball lacks ${f}`)
    }

    await cp(join(repo, 'test/consumer/app'), app, { recursive: true })
    const vite = JSON.parse(await readFile(join(repo, 'node_modules/vite/package.json'), 'utf8')) as { version: string }
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'zkml-consumer', private: true, type: 'module', dependencies: { '@zkml/web': `file:${tarball}`, vite: vite.version } }, null, 2))
    await step('npm install (tarball + vite)', () => run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], app))
    await mkdir(join(app, 'public/artifacts/mlp'), { recursive: true })
    for (const f of await readdir(join(ARTIFACT_ROOT, 'mlp'))) if (f !== 'circuit.r1cs') await cp(join(ARTIFACT_ROOT, 'mlp', f), join(app, 'public/artifacts/mlp', f))
    const expected = await readExpected('mlp')
    await writeFile(join(app, 'public/input.json'), JSON.stringify(expected.input))
    await step('vite build', () => run('npx', ['vite', 'build'], app))
    const assets = await readdir(join(app, 'dist/assets'))
    console.log(`    emitted: ${assets.filter((a) => /worker|\.wasm$/.test(a)).join(', ')}`)

    server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], { cwd: app, stdio: 'ignore', detached: true })
    await waitForHttp(`http://localhost:${PORT}/`, 60_000)
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const res = await step('prove in Chromium', async () => {
      await page.goto(`http://localhost:${PORT}/`)
      await page.waitForFunction(() => document.getElementById('result')?.textContent !== 'running', undefined, { timeout: 180_000 })
      return JSON.parse((await page.textContent('#result'))!) as { ok: boolean; verified: boolean; backend: string; stages: string[]; isolated: boolean; proof: never; publicSignals: string[]; timings: unknown; message?: string }
    })
    if (!res.ok) throw new Error(`the app failed: ${res.message}\n${errors.join('\n')}`)
    const vkey = JSON.parse(await readFile(join(ARTIFACT_ROOT, 'mlp/vkey.json'), 'utf8'))
    const nodeOk = await verifyGroth16({ vkey, proof: res.proof, publicSignals: res.publicSignals })
    console.log(`    verified in page: ${res.verified}, in Node: ${nodeOk}; backend ${res.backend}; isolated ${res.isolated}; stages ${res.stages.join(' → ')}; timings ${JSON.stringify(res.timings)}`)
    if (!res.verified || !nodeOk || res.backend !== 'wasm' || !res.isolated || res.stages.join() !== 'download,inference,witness,prove') throw new Error('consumer check failed')
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
