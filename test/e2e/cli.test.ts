/**
 * The `zkml` command line, run as a user runs it (a child process): compile → prove → verify → info,
 * export --web, and chain → deploy (recording deployments.json) → submit against the anvil that
 * `zkml chain` starts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { execFile, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { mlpOnnx, randomSamples } from '../fixtures/models.js'

const run = promisify(execFile)
const root = join(import.meta.dirname, '../..')
const zkml = (...args: string[]) => run(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root })
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-cli-'))
  await writeFile(join(dir, 'm.onnx'), mlpOnnx({ sizes: [16, 8, 3] }))
  const s = randomSamples({ size: 16, count: 6 })
  await writeFile(join(dir, 'cal.json'), JSON.stringify({ input_data: [s.flatMap((x) => Array.from(x.input!))] }))
  await writeFile(join(dir, 'in.json'), JSON.stringify({ input_data: [Array.from(s[1]!.input!)] }))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

it('compile, prove, verify, info; a tampered proof exits 1; the dev setup needs --allow-insecure-setup', async () => {
  const c = await zkml('compile', join(dir, 'm.onnx'), '--calibration', join(dir, 'cal.json'), '--out', join(dir, 'art'))
  expect(c.stderr).toMatch(/WARNING: no --ptau: using the one-party dev setup/)
  expect(c.stdout).toMatch(/constraints/)
  expect(c.stdout).toMatch(/browser\s+zkml export .*--web public\/models\/<name>.*circuit\.r1cs alone is [0-9.]+ MiB/)
  const p = await zkml('prove', join(dir, 'art'), join(dir, 'in.json'), '--out', join(dir, 'proof.json'))
  expect(JSON.parse(p.stdout).circuitOutput.logits).toHaveLength(3)
  expect(p.stderr).toMatch(/verifiers will refuse these artifacts unless they pass --allow-insecure-setup/)
  const refused = await zkml('verify', join(dir, 'art'), join(dir, 'proof.json')).catch((e) => e)
  expect(refused.code).toBe(1)
  expect(refused.stdout.trim()).toBe('')
  expect(refused.stderr).toMatch(/Refusing to verify with these artifacts[\s\S]*--allow-insecure-setup[\s\S]*one-party dev setup/)
  const ok = await zkml('verify', join(dir, 'art'), join(dir, 'proof.json'), '--allow-insecure-setup')
  expect(ok.stdout.split('\n')[0]).toBe('valid')
  expect(ok.stderr).toMatch(/WARNING: verified despite an untrusted setup/)
  const verified = JSON.parse(ok.stdout.slice(ok.stdout.indexOf('\n')))
  expect(verified.circuitOutput.logits).toEqual(JSON.parse(p.stdout).circuitOutput.logits)
  expect(verified.outputIntegers.logits).toHaveLength(3)
  const infoOut = (await zkml('info', join(dir, 'art'))).stdout
  expect(infoOut).toMatch(/setup\s+dev-insecure \(1 phase-2 contribution, NOT TRUSTED/)
  expect(infoOut).toMatch(/vkey hash\s+0x[0-9a-f]{64}/)
  const proof = JSON.parse(await readFile(join(dir, 'proof.json'), 'utf8'))
  proof.publicSignals[0] = (BigInt(proof.publicSignals[0]) + 1n).toString()
  await writeFile(join(dir, 'bad.json'), JSON.stringify(proof))
  const bad = await zkml('verify', join(dir, 'art'), join(dir, 'bad.json'), '--allow-insecure-setup').catch((e) => e)
  expect(bad.code).toBe(1)
  expect(bad.stdout.trim()).toBe('INVALID (proof)')
  const usage = await zkml('compile', join(dir, 'm.onnx')).catch((e) => e)
  expect(usage.code).toBe(1)
  expect(usage.stderr).toMatch(/--calibration SAMPLES.json is required/)
  const zero = await zkml('compile', join(dir, 'm.onnx'), '--calibration', join(dir, 'cal.json'), '--out', join(dir, 'x'), '--ptau', join(dir, 'none.ptau'), '--contribute', '0').catch((e) => e)
  expect(zero.code).toBe(1)
  expect(zero.stderr).toMatch(/--contribute must be at least 1/)
})

it('export --web writes only what a browser needs, byte for byte, and refuses to clobber a folder', async () => {
  const web = join(dir, 'public', 'models', 'm')
  const out = await zkml('export', join(dir, 'art'), '--web', web)
  expect(out.stdout).toMatch(/circuit\.zkey/)
  expect((await readdir(web)).sort()).toEqual(['circuit.json', 'circuit.zkey', 'manifest.json', 'model.onnx', 'vkey.json'])
  for (const f of await readdir(web)) expect(await readFile(join(web, f))).toEqual(await readFile(join(dir, 'art', f)))
  const manifest = JSON.parse(await readFile(join(web, 'manifest.json'), 'utf8'))
  expect(Object.keys(manifest.files)).toContain('circuit.r1cs') // listed (hash-pinned) but not shipped
  // Exporting again replaces the earlier export.
  await zkml('export', join(dir, 'art'), '--web', web)
  // A folder with other files (an app's public/) is refused, not replaced.
  await mkdir(join(dir, 'site'), { recursive: true })
  await writeFile(join(dir, 'site', 'index.html'), '<p>app</p>')
  const clobber = await zkml('export', join(dir, 'art'), '--web', join(dir, 'site')).catch((e) => e)
  expect(clobber.code).toBe(1)
  expect(clobber.stderr).toMatch(/holds files that are not a web export \(index\.html\)/)
  expect(await readFile(join(dir, 'site', 'index.html'), 'utf8')).toBe('<p>app</p>')
  const self = await zkml('export', join(dir, 'art'), '--web', join(dir, 'art')).catch((e) => e)
  expect(self.stderr).toMatch(/cannot replace the artifact directory/)
  const missing = await zkml('export', join(dir, 'art')).catch((e) => e)
  expect(missing.stderr).toMatch(/--web OUT is required/)
})

it('chain, deploy, submit', async () => {
  const chain = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'chain'], { cwd: root })
  try {
    const rpc = await new Promise<string>((resolve, reject) => {
      let out = ''
      chain.stdout.on('data', (d) => {
        out += d
        const m = /anvil listening at (\S+)/.exec(out)
        if (m) resolve(m[1]!)
      })
      chain.on('exit', (code) => reject(new Error(`zkml chain exited with ${code}`)))
    })
    const refused = await zkml('deploy', join(dir, 'art'), '--rpc', rpc).catch((e) => e)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/Refusing to deploy with these artifacts/)
    const noDeployment = await zkml('submit', join(dir, 'art'), join(dir, 'proof.json'), '--rpc', rpc, '--allow-insecure-setup').catch((e) => e)
    expect(noDeployment.code).toBe(1)
    expect(noDeployment.stderr).toMatch(/no adapter for chain 31337 in .*deployments\.json[\s\S]*zkml deploy/)
    const dep = JSON.parse((await zkml('deploy', join(dir, 'art'), '--rpc', rpc, '--allow-insecure-setup')).stdout)
    expect(dep.adapter).toMatch(/^0x[0-9a-fA-F]{40}$/)
    const manifest = JSON.parse(await readFile(join(dir, 'art', 'manifest.json'), 'utf8'))
    expect(dep.vkeyHash).toBe(manifest.vkeyHash)
    // deploy recorded the addresses by chain id; the manifest does not list the file.
    const recorded = JSON.parse(await readFile(join(dir, 'art', 'deployments.json'), 'utf8'))
    expect(recorded).toMatchObject({ format: 'zkml-deployments', version: 1, chains: { '31337': { adapter: dep.adapter, verifier: dep.verifier, vkeyHash: manifest.vkeyHash } } })
    expect(manifest.files['deployments.json']).toBeUndefined()
    expect((await readdir(join(dir, 'art'))).filter((f) => f.includes('.tmp'))).toEqual([])
    // submit without --address sends to the recorded adapter.
    const recordedSub = JSON.parse((await zkml('submit', join(dir, 'art'), join(dir, 'proof.json'), '--rpc', rpc, '--allow-insecure-setup')).stdout)
    expect(recordedSub.event.vkeyHash).toBe(manifest.vkeyHash)
    const noFlag = await zkml('submit', join(dir, 'art'), join(dir, 'proof.json'), '--rpc', rpc, '--address', dep.adapter).catch((e) => e)
    expect(noFlag.stderr).toMatch(/Refusing to submit with these artifacts/)
    const sub = JSON.parse((await zkml('submit', join(dir, 'art'), join(dir, 'proof.json'), '--rpc', rpc, '--address', dep.adapter, '--allow-insecure-setup')).stdout)
    expect(Number(sub.gasUsed)).toBeGreaterThan(200_000)
    expect(sub.event.modelHash).toBe(manifest.modelHash)
    expect(sub.event.vkeyHash).toBe(manifest.vkeyHash)
    const bad = await zkml('submit', join(dir, 'art'), join(dir, 'bad.json'), '--rpc', rpc, '--address', dep.adapter, '--allow-insecure-setup').catch((e) => e)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/InvalidProof/)
  } finally {
    chain.kill('SIGINT')
    await new Promise((r) => chain.once('exit', r))
  }
})

it('--message: compile adds the signal, prove binds the value, verify reports it', async () => {
  const out = join(dir, 'art-msg')
  await zkml('compile', join(dir, 'm.onnx'), '--calibration', join(dir, 'cal.json'), '--out', out, '--message', '--output', 'hashed', '--no-verifier')
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))
  expect(manifest.visibility).toMatchObject({ message: true, output: 'hashed' })
  expect(manifest.publicSignals.layout.at(-1)).toEqual({ kind: 'message', name: 'message', offset: 1, length: 1 })
  const missing = await zkml('prove', out, join(dir, 'in.json')).catch((e) => e)
  expect(missing.code).toBe(1)
  expect(missing.stderr).toMatch(/pass `message`/)
  const address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
  const p = await zkml('prove', out, join(dir, 'in.json'), '--out', join(dir, 'msg.json'), '--message', address)
  expect(JSON.parse(p.stdout)).toMatchObject({ message: BigInt(address).toString(), outputSalt: expect.stringMatching(/^[0-9]+$/) })
  const v = (await zkml('verify', out, join(dir, 'msg.json'), '--allow-insecure-setup')).stdout
  expect(v.split('\n')[0]).toBe('valid')
  expect(JSON.parse(v.slice(v.indexOf('\n')))).toMatchObject({ message: BigInt(address).toString() })
  // Another message under the same proof: the proof does not hold.
  const file = JSON.parse(await readFile(join(dir, 'msg.json'), 'utf8'))
  file.publicSignals[1] = (BigInt(address) + 1n).toString()
  await writeFile(join(dir, 'msg-bad.json'), JSON.stringify(file))
  const bad = await zkml('verify', out, join(dir, 'msg-bad.json'), '--allow-insecure-setup').catch((e) => e)
  expect(bad.stdout.trim()).toBe('INVALID (proof)')
})
