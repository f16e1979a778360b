/**
 * Test artifacts for the browser tests: two MNIST-size MLPs (784-56-10), a small MLP with hidden
 * weights and the GRU example model (`models/seq_gru_shape.onnx`) compiled with the insecure
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

export const REPO_ROOT = resolve(import.meta.dirname, '../..')
export const ARTIFACT_ROOT = join(REPO_ROOT, '.cache/browser-test')

/**
 * The artifact sets the tests serve: `mlp` and `mlp-v2` (784-56-10, same shape, other weights: every
 * hash differs), and `mlp-weights` (a small 16-8-4 MLP with hidden weights, `weights: 'private'`).
 */
export const VARIANTS: readonly { name: string; seed: number; sizes?: number[]; weights?: 'private'; model?: BundledModel }[] = [
  { name: 'mlp', seed: 1 },
  { name: 'mlp-v2', seed: 3 },
  { name: 'mlp-weights', seed: 4, sizes: [16, 8, 4], weights: 'private' },
  { name: 'seq-gru', seed: 0, model: { file: 'models/seq_gru_shape.onnx', calibration: 'models/calibration_seq.json', input: 'models/input_seq.json', size: 12 } },
]

/** A model of `models/` (instead of a generated MLP): its file, calibration and input JSON, input size. */
type BundledModel = { file: string; calibration: string; input: string; size: number }

/** A bundled model's bytes, calibration samples (one per `size` values) and test input. */
async function bundled(m: BundledModel): Promise<{ model: Uint8Array; calibration: { input: Float64Array }[]; input: number[] }> {
  const values = (f: string) => readFile(join(REPO_ROOT, f), 'utf8').then((t) => (JSON.parse(t) as { input_data: number[][] }).input_data[0]!)
  const cal = await values(m.calibration)
  const calibration = Array.from({ length: cal.length / m.size }, (_, i) => ({ input: Float64Array.from(cal.slice(i * m.size, (i + 1) * m.size)) }))
  return { model: new Uint8Array(await readFile(join(REPO_ROOT, m.file))), calibration, input: await values(m.input) }
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
    const sizes = v.sizes ?? [784, 56, 10]
    const own = v.model ? await bundled(v.model) : undefined
    const model = own?.model ?? mlpOnnx({ sizes, seed: v.seed })
    const calibration = own?.calibration ?? randomSamples({ size: sizes[0]!, count: 20 })
    const inputs = [{ name: 'input', shape: [1, v.model?.size ?? sizes[0]!] }]
    const reference = await createOrtReference({ model, inputs })
    try {
      const { manifest, files } = await compileModel({ model, calibration, setup: { kind: 'dev' }, reference, weights: v.weights })
      await mkdir(ARTIFACT_ROOT, { recursive: true })
      await writeArtifactDir({ dir, files, manifest })
      const input = own?.input ?? Array.from(calibration[0]!.input!)
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
