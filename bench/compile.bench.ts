/**
 * Compiles one MNIST model in one weights mode (dev setup + Solidity verifier), at its per-layer
 * widths `models/<name>.bits.json` when it has them (`benchLayerBits`), into
 * `.cache/browser-test/bench-<model>-<mode>/` and reports its circuit figures and setup cost.
 *
 * Run: npx tsx bench/compile.bench.ts MODEL constant|private [--no-verifier]
 * Prints progress to stderr and one `@@result {…}` line (see CompileResult).
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createHash } from 'node:crypto'
import { compileModel } from '../src/compile/compileModel.js'
import { parseSamples } from '../src/compile/samples.js'
import { writeArtifactDir } from '../src/node/artifacts.js'
import { buildVerifier } from '../src/node/verifier.js'
import type { CircuitArtifact } from '../src/prove/artifact.js'
import { calibrationFile, modelByName } from './lib/models.js'
import { benchLayerBits } from './lib/quantize.js'
import { ARTIFACTS, REPO, artifactName, emit, log, peakRssMiB, type WeightsMode } from './lib/util.js'

export type CompileResult = {
  model: string
  weights: WeightsMode
  dir: string
  constraints: number
  wires: number
  nonZeros: number
  power: number
  publicSignals: number
  maxValueBits: number
  /** parse + calibrate + quantize + lower (+ the calibration-set fidelity check). */
  lowerMs: number
  /** Dev setup (ptau-free Groth16 keys). */
  setupMs: number
  /** Solidity verifier generation + solc-js compile. */
  verifierMs: number
  compileMs: number
  zkeyBytes: number
  /** Peak RSS of the compile process (setup dominates). */
  peakRssMiB: number
  /** sha256 of the quantized model JSON (to check the fidelity run used the same model). */
  modelSha256: string
  weightsCommitment?: string | undefined
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'no-verifier': { type: 'boolean' } } })
const [name, weights] = positionals as [string, WeightsMode]
if (!name || (weights !== 'constant' && weights !== 'private')) throw new Error('usage: compile.bench.ts MODEL constant|private')
const m = modelByName(name)
const model = new Uint8Array(await readFile(join(REPO, 'models', `${name}.onnx`)))
const inputs = [{ name: 'input', shape: m.inputShape }]
const calibration = parseSamples({ json: JSON.parse(await readFile(join(REPO, calibrationFile(m)), 'utf8')), inputs, kind: 'calibration' })

const t0 = performance.now()
let setupStart = 0
let setupEnd = 0
let lastStage = ''
const { manifest, files } = await compileModel({
  model,
  modelFileName: `${name}.onnx`,
  calibration,
  weights,
  layerBits: benchLayerBits(m),
  setup: { kind: 'dev' },
  verifier: values['no-verifier'] ? undefined : buildVerifier,
  onProgress: (p) => {
    const now = performance.now()
    if (p.stage.startsWith('setup:') && !setupStart) setupStart = now
    if (!p.stage.startsWith('setup:') && setupStart && !setupEnd) setupEnd = now
    if (p.stage !== lastStage) log(`${p.stage} (${((now - t0) / 1000).toFixed(1)} s)`)
    lastStage = p.stage
  },
})
const compileMs = performance.now() - t0
if (!setupEnd) setupEnd = t0 + compileMs
const dir = join(ARTIFACTS, artifactName(name, weights))
await writeArtifactDir({ dir, files, manifest })
const circuit = JSON.parse(new TextDecoder().decode(files['circuit.json'])) as CircuitArtifact
const result: CompileResult = {
  model: name,
  weights,
  dir,
  constraints: manifest.circuit.constraints,
  wires: manifest.circuit.wires,
  nonZeros: manifest.circuit.nonZeros,
  power: manifest.circuit.power,
  publicSignals: manifest.publicSignals.count,
  maxValueBits: manifest.circuit.maxValueBits,
  lowerMs: setupStart - t0,
  setupMs: setupEnd - setupStart,
  verifierMs: values['no-verifier'] ? 0 : t0 + compileMs - setupEnd,
  compileMs,
  zkeyBytes: files['circuit.zkey']!.length,
  peakRssMiB: peakRssMiB(),
  modelSha256: createHash('sha256').update(JSON.stringify(circuit.model)).digest('hex'),
  weightsCommitment: manifest.weights?.commitment,
}
log(`${result.constraints} constraints, 2^${result.power}, ${result.nonZeros} non-zeros; setup ${(result.setupMs / 1000).toFixed(1)} s; zkey ${(result.zkeyBytes / 2 ** 20).toFixed(1)} MiB; peak RSS ${result.peakRssMiB.toFixed(0)} MiB`)
emit(result)
