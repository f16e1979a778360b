/**
 * The compiler pipeline, pure TypeScript (no file I/O; see `src/node/compile.ts` for the CLI's):
 *   parse → prepare (shapes) → calibrate (float executor) → quantize → lower (R1CS) → fidelity → setup
 * Returns the artifact files in memory together with their manifest.
 */
import { parseOnnx } from '../onnx/parse.js'
import { prepareGraph } from '../onnx/prepare.js'
import { calibrateRanges } from './calibrate.js'
import { quantizeGraph } from '../quantize/quantize.js'
import { runIntegers } from '../quantize/execInt.js'
import { quantizeInputs } from '../quantize/quantizeInput.js'
import { executorBits, EXECUTOR_BITS } from '../ir/interval.js'
import { lowerModel, type Visibility } from '../circuit/lowerModel.js'
import { privateWeightCount, weightsCommitment } from '../circuit/privateWeights.js'
import { writeR1cs } from '../formats/r1cs.js'
import { devSetup, devSetupRecord } from '../setup/devSetup.js'
import { ceremonySetup } from '../setup/ceremonySetup.js'
import { CalibrationError, QuantizationOverflowError } from '../errors/quantize.js'
import { CIRCUIT_ARTIFACT_VERSION, type CircuitArtifact } from '../prove/artifact.js'
import type { QuantizedModel } from '../ir/model.js'
import { fidelityWarning, measureFidelity, outputRangeOf, type FidelitySearch } from './fidelity.js'
import { searchBitWidths, type BitCandidate, type BitSearchTarget } from './bitSearch.js'
import type { LayerBits } from '../quantize/bitWidths.js'
import { BitWidthError } from '../errors/quantize.js'
import { ARTIFACT_FILES, MANIFEST_FORMAT, MANIFEST_VERSION, type FileEntry, type Manifest, type SetupProvenance } from './manifest.js'
import type { Sample } from './samples.js'
import type { OnProgress } from '../utils/progress.js'
import { sha256Hex, utf8 } from '../utils/hex.js'
import { vkeyHash, type VkeyPoints } from '../chain/vkeyHash.js'

export const COMPILER_VERSION = '@zkml/web 0.1.0'

/** A float reference for the fidelity report (default: the built-in float executor). */
export type FloatReference = { name: string; run(sample: Sample): Promise<Record<string, ArrayLike<number>>> }

/** Generates and compiles the Solidity verifier (Node supplies solc-js). */
export type VerifierBuilder = (
  vkey: unknown,
  /** The key's provenance: a verifier for an untrusted setup is marked `INSECURE_DEV`. */
  options?: { setup?: SetupProvenance | undefined },
) => Promise<{ source: string; artifact: Uint8Array; solc: string; publicInputs: number }>

export type CompileModelParameters = {
  /** The ONNX model bytes. */
  model: Uint8Array
  modelFileName?: string | undefined
  /** Calibration samples (see `parseSamples`); at least one. */
  calibration: readonly Sample[]
  input?: Visibility['input'] | undefined
  output?: Visibility['output'] | undefined
  /**
   * `constant` (default): weights are constants of the circuit, bound by the verifying key.
   * `private`: hidden weights — private, range-checked witness values committed by one public
   * signal (`weightsHash`); one constraint per multiply-accumulate. See `src/circuit/privateWeights.ts`.
   */
  weights?: 'constant' | 'private' | undefined
  /**
   * Add a public `message` signal every proof is bound to (a recipient address, a nonce): provers pass
   * `message`, contracts compare it (`ZkmlVerified._verifyProofWithMessage`). Default false.
   */
  message?: boolean | undefined
  inputBits?: number | undefined
  weightBits?: number | undefined
  activationBits?: number | undefined
  /** Per-layer widths overriding the global ones (see `LayerBits`); with a tolerance, widths the search keeps. */
  layerBits?: LayerBits | undefined
  /**
   * Search per-layer bit widths for the fewest constraints with max |circuit − float| ≤ tolerance
   * over the calibration set, in output units (see `bitSearch.ts`). The search chooses the weight and
   * activation widths (do not pass `weightBits` / `activationBits`); `inputBits` and `layerBits`, when
   * given, are kept. The choice and its error are recorded in `manifest.fidelity.search`.
   */
  tolerance?: number | undefined
  /**
   * `size` (the default with a tolerance): fewest constraints within the tolerance (without one:
   * within the default widths' error). `accuracy`: the smallest error that keeps the proving domain
   * (power of two) of the tolerance's widths, or of the defaults.
   */
  target?: BitSearchTarget | undefined
  /** Each candidate the search measures, as it is measured (the CLI prints them as a table). */
  onCandidate?: ((c: BitCandidate) => void) | undefined
  /**
   * The one-party dev setup (fast; trusted only as far as this machine, refused by verifiers unless
   * they opt in) or a ceremony ptau with secret phase-2 contributions (default 1, at least 1) and an
   * optional public beacon.
   */
  setup: { kind: 'dev' } | { kind: 'ceremony'; ptau: Uint8Array; contributions?: number | undefined; beacon?: string | undefined }
  reference?: FloatReference | undefined
  verifier?: VerifierBuilder | undefined
  onProgress?: OnProgress | undefined
}

export type CompileModelReturnType = {
  manifest: Manifest
  files: Record<string, Uint8Array>
  /** Warnings for the user (e.g. a large error at the default widths: see `fidelityWarning`). */
  warnings: string[]
  /** Every candidate of the tolerance search, with the chosen one marked (empty without a search). */
  candidates: BitCandidate[]
}

/**
 * Compiles an ONNX model into proving artifacts.
 * @throws UnsupportedOpError, ShapeMismatchError, OnnxParseError, CalibrationError, QuantizationOverflowError
 */
export async function compileModel(p: CompileModelParameters): Promise<CompileModelReturnType> {
  const progress = p.onProgress
  // `weights` is recorded only when private, so constant-mode artifacts stay byte-identical.
  const visibility: Visibility = {
    input: p.input ?? 'private',
    output: p.output ?? 'public',
    ...(p.weights === 'private' ? { weights: 'private' as const } : {}),
    ...(p.message ? { message: true } : {}),
  }
  const searching = p.tolerance !== undefined || p.target !== undefined
  if (searching && (p.weightBits !== undefined || p.activationBits !== undefined))
    throw new BitWidthError('A tolerance search chooses the weight and activation widths: drop weightBits / activationBits (--weight-bits / --activation-bits), or fix single layers with layerBits.')
  progress?.({ stage: 'parse', done: 0, total: 1 })
  const parsed = parseOnnx({ bytes: p.model, fileName: p.modelFileName })
  const graph = prepareGraph({ graph: parsed })
  progress?.({ stage: 'parse', done: 1, total: 1 })
  if (p.calibration.length === 0) throw new CalibrationError('The calibration set is empty; give at least one sample.')

  const { ranges, floatOutputs } = calibrateRanges({ graph, samples: p.calibration, onProgress: progress })
  let bits = { inputBits: p.inputBits ?? 8, weightBits: p.weightBits ?? 8, activationBits: p.activationBits ?? 12 }
  let layers = p.layerBits
  let model: QuantizedModel
  let search: FidelitySearch | undefined
  let candidates: BitCandidate[] = []
  if (searching) {
    progress?.({ stage: 'search', done: 0, total: 1 })
    const found = searchBitWidths({
      graph,
      ranges,
      samples: p.calibration,
      floatOutputs,
      visibility,
      tolerance: p.tolerance,
      target: p.target,
      fixed: { inputBits: p.inputBits, layerBits: p.layerBits },
      onCandidate: p.onCandidate,
    })
    progress?.({ stage: 'search', done: 1, total: 1 })
    const { layerBits, ...globals } = found.widths
    bits = globals
    layers = layerBits
    model = found.model
    candidates = found.candidates
    search = {
      target: found.target,
      tolerance: found.tolerance ?? null,
      maxAbsError: found.maxAbsError,
      widths: { ...globals, layers: layerBits },
      constraints: found.constraints,
      candidates: found.candidates.length,
      chosen: found.candidates.find((c) => c.chosen)?.index ?? 0,
    }
  } else model = quantizeGraph({ graph, ranges, ...bits, layerBits: layers })

  // The quantizer keeps the executor exact (inserting requantizations where needed); check the
  // finished model anyway, with the executor's exact value ranges (`src/ir/interval.ts`).
  const execBits = executorBits(model)
  if (execBits > EXECUTOR_BITS) {
    throw new QuantizationOverflowError({
      where: 'the integer executor',
      bits: execBits,
      limit: EXECUTOR_BITS,
      hint: `An intermediate value may exceed 2^${EXECUTOR_BITS}; lower the weight or activation bit widths.`,
    })
  }

  progress?.({ stage: 'lower', done: 0, total: 1 })
  const lowered = lowerModel({ model, visibility, mode: { constraints: true, witness: false } })
  const r1cs = lowered.r1cs
  const nonZeros = r1cs.constraints.reduce((a, k) => a + k.a.size + k.b.size + k.c.size, 0)
  const power = Math.max(1, Math.ceil(Math.log2(r1cs.constraints.length + r1cs.nPublic + 1)))
  progress?.({ stage: 'lower', done: 1, total: 1 })

  // Fidelity: integer executor vs the float reference, sample by sample.
  const circuitOuts: Record<string, number[]>[] = []
  const refOuts: Record<string, ArrayLike<number>>[] = []
  for (let s = 0; s < p.calibration.length; s++) {
    const sample = p.calibration[s]!
    circuitOuts.push(runIntegers(model, quantizeInputs({ model, input: sample as Record<string, ArrayLike<number>>, clamp: true })).outputs)
    refOuts.push(p.reference ? await p.reference.run(sample) : floatOutputs[s]!)
    progress?.({ stage: 'fidelity', done: s + 1, total: p.calibration.length })
  }
  const weightsHash: `0x${string}` | undefined = visibility.weights === 'private' ? `0x${weightsCommitment({ model }).toString(16).padStart(64, '0')}` : undefined
  const fidelity = {
    ...measureFidelity({ model, circuit: circuitOuts, reference: refOuts, referenceName: p.reference?.name ?? '@zkml/web float executor' }),
    outputRange: outputRangeOf(ranges, graph.outputs.map((o) => o.name)),
    ...(search ? { search } : {}),
  }
  const warning = fidelityWarning(fidelity)

  const circuit: CircuitArtifact = {
    version: CIRCUIT_ARTIFACT_VERSION,
    model,
    visibility,
    layout: lowered.layout,
    nPublic: r1cs.nPublic,
    nWires: r1cs.nWires,
    nConstraints: r1cs.constraints.length,
    outputRanges: Object.fromEntries(Object.entries(lowered.outputRanges).map(([k, [lo, hi]]) => [k, [lo.toString(), hi.toString()]])),
    ...(weightsHash === undefined ? {} : { weightsHash }),
  }
  const circuitBytes = utf8(JSON.stringify(circuit))
  const r1csBytes = writeR1cs(r1cs)

  const onSetup: OnProgress = (q) => progress?.({ ...q, stage: `setup:${q.stage}` })
  let zkey: Uint8Array
  let vkey: unknown
  let setup: SetupProvenance
  if (p.setup.kind === 'dev') {
    const res = await devSetup({ r1cs, onProgress: onSetup })
    zkey = res.zkey
    vkey = res.vkey
    setup = { ...devSetupRecord(res.provenance), power }
  } else {
    const res = await ceremonySetup({ r1cs, ptau: p.setup.ptau, contributions: p.setup.contributions, beacon: p.setup.beacon, onProgress: onSetup })
    zkey = res.zkey
    vkey = res.vkey
    const { circuitHash, contributions, beacon } = res.provenance
    setup = { kind: 'ceremony', power, ptauSha256: sha256Hex(p.setup.ptau), circuitHash, contributions, beacon }
  }
  const files: Record<string, Uint8Array> = {
    [ARTIFACT_FILES.model]: p.model,
    [ARTIFACT_FILES.circuit]: circuitBytes,
    [ARTIFACT_FILES.r1cs]: r1csBytes,
    [ARTIFACT_FILES.zkey]: zkey,
    [ARTIFACT_FILES.vkey]: utf8(JSON.stringify(vkey, null, 1)),
  }
  let verifier: Manifest['verifier']
  if (p.verifier) {
    progress?.({ stage: 'verifier', done: 0, total: 1 })
    const v = await p.verifier(vkey, { setup })
    files[ARTIFACT_FILES.verifierSource] = utf8(v.source)
    files[ARTIFACT_FILES.verifier] = v.artifact
    verifier = { contract: ARTIFACT_FILES.verifier, solc: v.solc, publicInputs: v.publicInputs }
    progress?.({ stage: 'verifier', done: 1, total: 1 })
  }
  const fileEntries: Record<string, FileEntry> = {}
  for (const [name, bytes] of Object.entries(files)) fileEntries[name] = { sha256: sha256Hex(bytes), size: bytes.length }

  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    compiler: COMPILER_VERSION,
    createdAt: new Date().toISOString(),
    modelHash: `0x${fileEntries[ARTIFACT_FILES.circuit]!.sha256}`,
    vkeyHash: vkeyHash(vkey as VkeyPoints),
    model: { file: ARTIFACT_FILES.model, sha256: fileEntries[ARTIFACT_FILES.model]!.sha256, opset: parsed.opset, producer: parsed.producer },
    inputs: model.inputs,
    outputs: model.outputs,
    visibility,
    publicSignals: { count: r1cs.nPublic, layout: lowered.layout },
    ...(weightsHash === undefined ? {} : { weights: { visibility: 'private' as const, commitment: weightsHash, values: privateWeightCount(model) } }),
    circuit: { constraints: r1cs.constraints.length, wires: r1cs.nWires, nonZeros, power, maxValueBits: lowered.maxValueBits },
    quantization: { ...bits, ...(layers ? { layers } : {}), ...(model.requantized ? { requantized: model.requantized } : {}) },
    setup,
    fidelity,
    verifier,
    files: fileEntries,
  }
  return { manifest, files, warnings: warning ? [warning] : [], candidates }
}
