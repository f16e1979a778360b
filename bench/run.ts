/**
 * `npm run bench`: the figures the issues ask for, measured side by side in one run.
 * - MNIST MLP 784-56-10 (bundled model) with private and with public 8-bit inputs: constraints,
 *   non-zeros, domain, setup time, zkey size, witness and Groth16 prove time in Node (median of
 *   ≥ 5 in process, warm), verify time.
 * - The dev setup on a 2^16-constraint circuit (bench/setup.bench.ts) and verifier gas
 *   (bench/gas.bench.ts), run as child processes.
 * Writes bench/results/<name>.json. `--quick` skips the child benchmarks.
 */
import { spawnSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { compileModel } from '../src/compile/compileModel.js'
import { parseSamples } from '../src/compile/samples.js'
import { computeWitness } from '../src/prove/witness.js'
import { proveGroth16, releaseSnarkjs, verifyGroth16, type VerificationKey } from '../src/prove/groth16.js'
import type { CircuitArtifact } from '../src/prove/artifact.js'

const root = join(import.meta.dirname, '..')
const quick = process.argv.includes('--quick')
const runs = quick ? 5 : 9
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (t: number) => `${t.toFixed(0)} ms`
const log = (s: string) => process.stderr.write(`${s}\n`)

async function benchModel(name: string, file: string, calibration: string, input: string, visibility: 'private' | 'public') {
  log(`» ${name} (${visibility} inputs): compile`)
  const model = new Uint8Array(await readFile(join(root, file)))
  const inputs = [{ name: 'input', shape: [1, 784] }]
  const cal = parseSamples({ json: JSON.parse(await readFile(join(root, calibration), 'utf8')), inputs, kind: 'calibration' })
  const sample = parseSamples({ json: JSON.parse(await readFile(join(root, input), 'utf8')), inputs, kind: 'input' })[0]!
  let setupMs = 0
  const t0 = performance.now()
  const { manifest, files } = await compileModel({
    model,
    calibration: cal,
    input: visibility,
    setup: { kind: 'dev' },
    onProgress: (p) => {
      if (p.stage === 'setup:qap' && p.done === 0) setupMs = performance.now()
      if (p.stage === 'setup:B2' && p.done === p.total) setupMs = performance.now() - setupMs
    },
  })
  const compileMs = performance.now() - t0
  const circuit = JSON.parse(new TextDecoder().decode(files['circuit.json'])) as CircuitArtifact
  const vkey = JSON.parse(new TextDecoder().decode(files['vkey.json'])) as VerificationKey
  const zkey = files['circuit.zkey']!
  log(`  prove ×${runs + 1} (first is warm-up)`)
  const witness: number[] = []
  const prove: number[] = []
  const verify: number[] = []
  for (let i = 0; i <= runs; i++) {
    const a = performance.now()
    const w = computeWitness({ circuit, input: sample as Record<string, ArrayLike<number>> })
    const b = performance.now()
    const { proof, publicSignals } = await proveGroth16({ zkey, witness: w.witness })
    const c = performance.now()
    if (!(await verifyGroth16({ vkey, proof, publicSignals }))) throw new Error('proof did not verify')
    const d = performance.now()
    if (i === 0) continue
    witness.push(b - a)
    prove.push(c - b)
    verify.push(d - c)
  }
  const r = {
    name,
    visibility,
    constraints: manifest.circuit.constraints,
    wires: manifest.circuit.wires,
    nonZeros: manifest.circuit.nonZeros,
    power: manifest.circuit.power,
    publicSignals: manifest.publicSignals.count,
    compileMs,
    setupMs,
    zkeyBytes: zkey.length,
    witnessMsMedian: median(witness),
    proveMsMedian: median(prove),
    verifyMsMedian: median(verify),
    proveMsAll: prove,
    fidelity: manifest.fidelity,
  }
  log(`  ${r.constraints} constraints, 2^${r.power}, setup ${ms(setupMs)}, zkey ${(r.zkeyBytes / 1e6).toFixed(1)} MB, witness ${ms(r.witnessMsMedian)}, prove ${ms(r.proveMsMedian)} (median of ${runs}), verify ${ms(r.verifyMsMedian)}`)
  return r
}

async function main() {
  await mkdir(join(root, 'bench/results'), { recursive: true })
  const machine = { cpus: (await import('node:os')).cpus().length, node: process.version, date: new Date().toISOString() }
  const results = []
  for (const vis of ['private', 'public'] as const) {
    results.push(await benchModel('mnist_mlp_784_56_10', 'models/mnist_mlp_784_56_10.onnx', 'models/calibration_784.json', 'models/input_784.json', vis))
  }
  await releaseSnarkjs()
  const out = { machine, results }
  await writeFile(join(root, 'bench/results/mnist_mlp.json'), JSON.stringify(out, null, 2) + '\n')
  console.log('| model | inputs | constraints | domain | setup | zkey | witness | prove (median) | verify |')
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of results) {
    console.log(`| ${r.name} | ${r.visibility} | ${r.constraints} | 2^${r.power} | ${ms(r.setupMs)} | ${(r.zkeyBytes / 1e6).toFixed(1)} MB | ${ms(r.witnessMsMedian)} | ${ms(r.proveMsMedian)} | ${ms(r.verifyMsMedian)} |`)
  }
  if (!quick) {
    for (const script of ['bench/setup.bench.ts', 'bench/gas.bench.ts']) {
      log(`» ${script}`)
      const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, script)], { stdio: 'inherit', cwd: root })
      if (res.status !== 0) throw new Error(`${script} failed`)
    }
  }
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
