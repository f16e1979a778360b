/**
 * `zkml compile` as a library function: files in, artifact directory out (atomically).
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { compileModel, type CompileModelParameters } from '../compile/compileModel.js'
import type { Manifest } from '../compile/manifest.js'
import { parseSamples } from '../compile/samples.js'
import { parseOnnx } from '../onnx/parse.js'
import { prepareGraph } from '../onnx/prepare.js'
import { writeArtifactDir } from './artifacts.js'
import { createOrtReference } from './ortReference.js'
import { buildVerifier } from './verifier.js'
import { readJsonFile } from './readJson.js'
import type { OnProgress } from '../utils/progress.js'
import { FileReadError } from '../errors/node.js'

export type CompileParameters = {
  /** Path of the ONNX model. */
  model: string
  /** Path of the calibration samples (EZKL `input.json` format or `{ [input]: [...] }`). */
  calibration: string
  /** Output directory (replaced atomically). */
  out: string
  input?: CompileModelParameters['input']
  output?: CompileModelParameters['output']
  /** `constant` (default) or `private` (hidden weights committed by a public hash). */
  weights?: CompileModelParameters['weights']
  /** Add a public `message` signal every proof is bound to (see `compileModel`). */
  message?: boolean | undefined
  inputBits?: number | undefined
  weightBits?: number | undefined
  activationBits?: number | undefined
  /** Per-layer widths (see `compileModel`), or the path of a JSON file holding them (the manifest's `quantization.layers`). */
  layerBits?: CompileModelParameters['layerBits'] | string
  /** Search per-layer widths for this max |circuit − float| (see `compileModel`). */
  tolerance?: number | undefined
  target?: CompileModelParameters['target']
  onCandidate?: CompileModelParameters['onCandidate']
  /** Warnings about the result (e.g. a large error at the default widths), as they arise. */
  onWarning?: ((message: string) => void) | undefined
  /**
   * A prepared powers-of-tau file from a real ceremony; default: the one-party dev setup (trusted
   * only as far as this machine; verifiers refuse it unless they opt in).
   */
  ptau?: string | undefined
  /** Secret phase-2 contributions to add on top of the ptau (random entropy; at least 1, default 1). */
  contributions?: number | undefined
  /** A public beacon (hex) applied last. */
  beacon?: string | undefined
  /** Generate and compile the Solidity verifier (default true). */
  verifier?: boolean | undefined
  /** Compare against onnxruntime-node in the fidelity report (default true; falls back to the float executor if unavailable). */
  ortReference?: boolean | undefined
  onProgress?: OnProgress | undefined
}

/**
 * Compiles an ONNX model into an artifact directory.
 * @returns the manifest written to `out/manifest.json`
 * @throws UnsupportedOpError, ShapeMismatchError, OnnxParseError, CalibrationError, QuantizationOverflowError, ArtifactError
 * @example
 * import { compile } from '@zkml/web/node'
 * const manifest = await compile({ model: 'mlp.onnx', calibration: 'calibration.json', out: 'artifacts/mlp' })
 */
export async function compile(p: CompileParameters): Promise<Manifest> {
  const model = await readBytes(p.model, 'model')
  const inputs = prepareGraph({ graph: parseOnnx({ bytes: model, fileName: p.model }) }).inputs.map((i) => ({ name: i.name, shape: i.shape as number[] }))
  const calibration = parseSamples({ json: await readJsonFile(p.calibration, 'calibration'), inputs, kind: 'calibration', fileName: p.calibration })
  let reference: Awaited<ReturnType<typeof createOrtReference>> | undefined
  if (p.ortReference ?? true) {
    try {
      reference = await createOrtReference({ model, inputs })
    } catch {
      reference = undefined
    }
  }
  try {
    const ptau = p.ptau ? await readBytes(p.ptau, 'ptau') : undefined
    const layerBits = typeof p.layerBits === 'string' ? ((await readJsonFile(p.layerBits, 'layer bits')) as CompileModelParameters['layerBits']) : p.layerBits
    const { manifest, files, warnings } = await compileModel({
      model,
      modelFileName: basename(p.model),
      calibration,
      input: p.input,
      output: p.output,
      weights: p.weights,
      message: p.message,
      inputBits: p.inputBits,
      weightBits: p.weightBits,
      activationBits: p.activationBits,
      layerBits,
      tolerance: p.tolerance,
      target: p.target,
      onCandidate: p.onCandidate,
      setup: ptau ? { kind: 'ceremony', ptau, contributions: p.contributions, beacon: p.beacon } : { kind: 'dev' },
      reference,
      verifier: p.verifier === false ? undefined : buildVerifier,
      onProgress: p.onProgress,
    })
    await writeArtifactDir({ dir: p.out, files, manifest })
    for (const w of warnings) p.onWarning?.(w)
    return manifest
  } finally {
    await reference?.release()
  }
}

async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (e) {
    throw new FileReadError({ path, what, reason: 'unreadable', cause: e })
  }
}
