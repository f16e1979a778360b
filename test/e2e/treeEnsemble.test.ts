/**
 * Tree ensembles in the Gather/MatMul + Less + Where form (see `test/helpers/treeEnsemble.ts`):
 * a 3-tree, depth-3 forest on 4 features compiles, its integer executor and circuit reproduce the
 * float model's prediction exactly on samples (thresholds between the input grid points, leaf
 * values on a 2^-8 grid), onnxruntime agrees with the generated ONNX, and a proof verifies.
 */
import * as ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { calibrateRanges } from '../../src/compile/calibrate.js'
import { execFloat } from '../../src/onnx/execFloat.js'
import { parseOnnx } from '../../src/onnx/parse.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { writeOnnx } from '../../src/onnx/write.js'
import { opDefinition } from '../../src/ops/index.js'
import { releaseSnarkjs } from '../../src/prove/groth16.js'
import { quantizeGraph } from '../../src/quantize/quantize.js'
import { quantizeInputs } from '../../src/quantize/quantizeInput.js'
import { runIntegers } from '../../src/quantize/execInt.js'
import { expectCircuitMatches, expectProofVerifies, seeded } from '../helpers/ops.js'
import { type Tree, type TreeEnsemble, predict, treeDepth, treeEnsembleGraph } from '../helpers/treeEnsemble.js'

afterAll(releaseSnarkjs)

/** A deterministic tree of depth ≤ `depth`: thresholds at odd multiples of 1/32, leaves on a 1/256 grid. */
function randomTree(depth: number, seed: number): Tree {
  const r = seeded(64, seed, 0, 1)
  let i = 0
  const next = () => r[i++ % r.length]!
  const grow = (d: number): Tree => {
    if (d === depth || (d > 0 && next() < 0.15)) return { value: Math.round((next() * 4 - 2) * 256) / 256 }
    return { feature: Math.floor(next() * 4), threshold: (2 * Math.floor(next() * 32 - 16) + 1) / 32, left: grow(d + 1), right: grow(d + 1) }
  }
  return grow(0)
}

const forest = (select: 'gather' | 'matmul' | 'gemm'): TreeEnsemble => ({ nFeatures: 4, trees: [1, 2, 3].map((s) => randomTree(3, 100 + s)), base: 0.5, select })
/** Samples on a 1/16 grid in [−1, 1): never equal to a threshold. */
const samples = Array.from({ length: 24 }, (_, s) => seeded(4, 500 + s).map((v) => Math.floor(v * 16) / 16))

async function ortPredict(bytes: Uint8Array, x: readonly number[]): Promise<number> {
  const session = await ort.InferenceSession.create(bytes)
  try {
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(x), [1, 4]) })
    return (out['prediction']!.data as Float32Array)[0]!
  } finally {
    await session.release()
  }
}

describe('tree ensembles (Gather/MatMul + Less + Where)', () => {
  it('the forest is 3 trees of depth 3 with early leaves (padding is exercised)', () => {
    const e = forest('matmul')
    expect(e.trees.map(treeDepth)).toEqual([3, 3, 3])
    const leaves = (t: Tree): number => ('value' in t ? 1 : leaves(t.left) + leaves(t.right))
    expect(e.trees.map(leaves).some((n) => n < 8)).toBe(true)
  })

  for (const select of ['matmul', 'gather', 'gemm'] as const) {
    it(`${select}: onnxruntime runs the generated graph and agrees with the trees`, async () => {
      const e = forest(select)
      const bytes = writeOnnx({ graph: treeEnsembleGraph(e) })
      for (const x of samples.slice(0, 8)) expect(await ortPredict(bytes, x)).toBeCloseTo(predict(e, x), 6)
    })
  }

  for (const select of ['matmul', 'gather', 'gemm'] as const) {
    it(`${select}: compiles; executor and circuit equal the float prediction on every sample; a proof verifies`, async (ctx) => {
      const needs = { gather: 'Gather', gemm: 'Cast', matmul: undefined }[select]
      if (needs && opDefinition(needs)?.kind !== 'compute') {
        return ctx.skip(`${needs} on runtime data is not in this branch; it comes with the data-movement operators`)
      }
      const e = forest(select)
      const graph = prepareGraph({ graph: parseOnnx({ bytes: writeOnnx({ graph: treeEnsembleGraph(e) }) }) })
      const ops = { matmul: ['MatMul', 'LessOrEqual', 'Where', 'Add'], gather: ['Gather', 'LessOrEqual', 'Where', 'MatMul', 'Add'], gemm: ['MatMul', 'LessOrEqual', 'Cast', 'Equal', 'Add'] }[select]
      expect(new Set(graph.nodes.map((n) => n.opType))).toEqual(new Set(ops))
      const feeds = samples.map((x) => ({ x: Float64Array.from(x) }))
      const { ranges } = calibrateRanges({ graph, samples: feeds })
      const model = quantizeGraph({ graph, ranges, inputBits: 12, weightBits: 12, activationBits: 16 })
      let constraints = 0
      for (const x of samples) {
        expect(execFloat({ graph, inputs: { x: Float64Array.from(x) } }).outputs['prediction']!.data[0]).toBeCloseTo(predict(e, x), 6)
        const ints = quantizeInputs({ model, input: { x } })
        const run = runIntegers(model, ints)
        expect(run.outputs['prediction']![0]).toBe(predict(e, x))
        constraints = expectCircuitMatches({ model, ints, integers: run.integers })
      }
      // 48 input bits, 1 public output, 9 Where products (the bottom level's branches are constants:
      // free) and 21 split tests of B + 1 each. The one-hot MatMul carries its weight scale (2^10),
      // so its differences are 23-bit; a Gather keeps the inputs' 12 bits (B ≈ 13).
      // The GEMM form tests each of the ≤ 24 leaves with Equal (3 each) instead of the Where products.
      if (select === 'matmul') expect(constraints).toBe(48 + 1 + 9 + 21 * 24)
      else if (select === 'gather') expect(constraints).toBeLessThanOrEqual(48 + 1 + 9 + 21 * 15)
      else expect(constraints).toBeLessThanOrEqual(48 + 1 + 21 * 24 + 24 * 3)
      await expectProofVerifies({ model, ints: quantizeInputs({ model, input: { x: samples[0]! } }) })
    }, 120_000)
  }
})
