/**
 * Test artifacts for the browser tests: two MNIST-size MLPs (784-56-10), a small MLP with hidden
 * weights, the GRU example (`models/seq_gru_shape.onnx`) and the transformer example
 * (`models/transformer_sorted.onnx`) compiled with the insecure
 * dev setup into `.cache/browser-test/` (git-ignored), recompiled when missing or when the current
 * compiler can no longer compute their witness. `expected.json` holds a test input and onnxruntime-node's float output.
 */
import { mkdir, writeFile, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { compileModel } from '../../src/compile/compileModel.js'
import { loadArtifactDir, writeArtifactDir } from '../../src/node/artifacts.js'
import { computeWitness } from '../../src/prove/witness.js'
import { createOrtReference } from '../../src/node/ortReference.js'
import { mlpOnnx, randomSamples } from '../fixtures/models.js'
import { parseSamples } from '../../src/compile/samples.js'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')
export const ARTIFACT_ROOT = join(REPO_ROOT, '.cache/browser-test')

/**
 * The artifact sets the tests serve: `mlp` and `mlp-v2` (784-56-10, same shape, other weights: every
 * hash differs), `mlp-weights` (a small 16-8-4 MLP with hidden weights, `weights: 'private'`), and
 * `seq-gru` and `transformer` (bundled models with their own calibration and input files under
 * `models/`: `calibration_<files>.json`, `input_<files>.json`, `files` defaulting to the model's name).
 */
export const VARIANTS: readonly { name: string; seed: number; sizes?: number[]; weights?: 'private'; bundled?: { model: string; shape: number[]; files?: string } }[] = [
  { name: 'mlp', seed: 1 },
  { name: 'mlp-v2', seed: 3 },
  { name: 'mlp-weights', seed: 4, sizes: [16, 8, 4], weights: 'private' },
  { name: 'seq-gru', seed: 0, bundled: { model: 'seq_gru_shape', shape: [1, 12] } },
  { name: 'transformer', seed: 0, bundled: { model: 'transformer_sorted', shape: [1, 10, 8] } },
]

/** A variant's model, calibration samples, test input and input layout. */
async function variantSources(v: (typeof VARIANTS)[number]) {
  if (v.bundled) {
    const models = join(REPO_ROOT, 'models')
    const model = new Uint8Array(await readFile(join(models, `${v.bundled.model}.onnx`)))
    const inputs = [{ name: 'input', shape: v.bundled.shape }]
    const calibration = parseSamples({ json: JSON.parse(await readFile(join(models, `calibration_${v.bundled.files ?? v.bundled.model}.json`), 'utf8')), inputs, kind: 'calibration' })
    const input = (JSON.parse(await readFile(join(models, `input_${v.bundled.files ?? v.bundled.model}.json`), 'utf8')) as { input_data: number[][] }).input_data[0]!
    return { model, calibration, inputs, input }
  }
  const sizes = v.sizes ?? [784, 56, 10]
  const calibration = randomSamples({ size: sizes[0]!, count: 20 })
  return { model: mlpOnnx({ sizes, seed: v.seed }), calibration, inputs: [{ name: 'input', shape: [1, sizes[0]!] }], input: Array.from(calibration[0]!.input!) }
}

export type Expected = { input: number[]; ortNode: Record<string, number[]> }

/** True when `dir` holds artifacts this compiler version still computes witnesses for. */
async function usable(dir: string): Promise<boolean> {
  try {
    const { circuit } = await loadArtifactDir(dir, { zkey: false })
    const { input } = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8')) as Expected
    computeWitness({ circuit, input })
    return process.env.ZKML_REBUILD_ARTIFACTS !== '1'
  } catch {
    return false
  }
}

/** Compiles every variant whose artifacts are missing or no longer match the compiler (ZKML_REBUILD_ARTIFACTS=1 forces it). */
export async function ensureArtifacts({ log = console.log }: { log?: (s: string) => void } = {}): Promise<void> {
  for (const v of VARIANTS) {
    const dir = join(ARTIFACT_ROOT, v.name)
    if (await usable(dir)) continue
    const t0 = Date.now()
    const { model, calibration, inputs, input } = await variantSources(v)
    const reference = await createOrtReference({ model, inputs })
    try {
      const { manifest, files } = await compileModel({ model, calibration, setup: { kind: 'dev' }, reference, weights: v.weights })
      await mkdir(ARTIFACT_ROOT, { recursive: true })
      await writeArtifactDir({ dir, files, manifest })
      const expected: Expected = { input, ortNode: Object.fromEntries(Object.entries(await reference.run({ input: Float64Array.from(input) })).map(([k, x]) => [k, Array.from(x)])) }
      await writeFile(join(dir, 'expected.json'), JSON.stringify(expected))
    } finally {
      await reference.release()
    }
    log(`compiled ${v.name} in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  }
}

/** Reads a variant's expected.json. */
export async function readExpected(name: string): Promise<Expected> {
  return JSON.parse(await readFile(join(ARTIFACT_ROOT, name, 'expected.json'), 'utf8')) as Expected
}
