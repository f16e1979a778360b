import * as ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { ShapeMismatchError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import type { Graph, Tensor } from '../onnx/ir.js'
import { writeOnnx } from '../onnx/write.js'
import { releaseSnarkjs } from '../prove/groth16.js'
import { canonicalContext, expectCircuitMatches, expectProofVerifies, f32, i64, info, node, runOp, seeded } from '../../test/helpers/ops.js'
import { canonicalizeNode } from './canonicalize.js'
import { topK } from './topK.js'

afterAll(releaseSnarkjs)

const K = (k: number) => i64([1], [k])
const topNode = (attributes = {}) => node('TopK', ['x', 'k'], attributes, ['values', 'indices'])

/** onnxruntime-node's TopK on the same node (the reference the float kernel must match). */
async function ortTopK(x: Tensor, k: number, attributes: Record<string, ReturnType<typeof attr.int>>): Promise<[number[], number[]]> {
  const graph: Graph = {
    opset: 13,
    inputs: [{ name: 'x', dtype: 'float32', shape: x.dims }],
    outputs: [
      { name: 'values', dtype: 'float32' },
      { name: 'indices', dtype: 'int64' },
    ],
    initializers: new Map([['k', K(k)]]),
    nodes: [topNode(attributes)],
  }
  const session = await ort.InferenceSession.create(writeOnnx({ graph }))
  try {
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(x.data), x.dims) })
    return [Array.from(out['values']!.data as Float32Array), Array.from(out['indices']!.data as BigInt64Array, Number)]
  } finally {
    await session.release()
  }
}

// Values on a 1/8 grid (exact at any scale ≥ 3) with repeats, so ties occur along both axes.
const X = f32([3, 6], seeded(18, 21, -2, 2).map((v) => Math.round(v * 4) / 8))
X.data[1] = X.data[4] = X.data[5] = 0.625

describe('TopK', () => {
  it('canonicalize: opset < 10 k attribute becomes the K input; explicit axis, largest, sorted', () => {
    const r = canonicalizeNode(node('TopK', ['x'], { k: attr.int(2) }, ['v', 'i']), canonicalContext({ opset: 9, infos: { x: info([3, 4]) } }))
    expect(r.nodes[0]!.inputs).toEqual(['x', 'topk0_k'])
    expect(r.nodes[0]!.outputs).toEqual(['v', 'i'])
    expect(r.nodes[0]!.attributes).toEqual({ axis: attr.int(1), largest: attr.int(1), sorted: attr.int(1) })
  })

  it('inferShape: values and int64 indices; k beyond the axis throws', () => {
    expect(topK.inferShape(topNode({ axis: attr.int(0) }), [info([3, 4])], () => K(2))).toEqual([info([2, 4]), info([2, 4], 'int64')])
    expect(() => topK.inferShape(topNode(), [info([3, 4])], () => K(5))).toThrow(ShapeMismatchError)
  })

  for (const attributes of [{}, { largest: attr.int(0) }, { axis: attr.int(0) }, { axis: attr.int(0), largest: attr.int(0) }]) {
    it(`floatKernel = onnxruntime (ties to the lower index) ${JSON.stringify(attributes)}`, async () => {
      for (const k of [1, 2, 3]) {
        const [values, indices] = topK.floatKernel(topNode(attributes), [X, K(k)], 13)
        const [ortValues, ortIndices] = await ortTopK(X, k, attributes)
        expect(Array.from(values!.data)).toEqual(ortValues)
        expect(Array.from(indices!.data)).toEqual(ortIndices)
      }
    })
  }

  for (const [attributes, k] of [[{}, 3], [{ largest: attr.int(0) }, 2], [{ axis: attr.int(0) }, 2], [{}, 6], [{}, 1]] as const) {
    it(`one TopK node; integer = float = circuit (k = ${k}, ${JSON.stringify(attributes)})`, () => {
      const r = runOp({ node: topNode(attributes), inputs: { x: X }, constants: { k: K(k) } })
      expect(r.model.nodes.map((q) => q.op)).toEqual(['TopK'])
      expect(r.model.outputs.map((o) => [o.name, o.scale === 0, o.isIndex ?? false])).toEqual([
        ['values', false, false],
        ['indices', true, true],
      ])
      expect(r.integer['values']).toEqual(Array.from(r.float['values']!.data))
      expect(r.integer['indices']).toEqual(Array.from(r.float['indices']!.data))
      expectCircuitMatches(r)
    })
  }

  it('cost: 2kn + k + (k − 1)(B_K + 1) + n(B_g + 1) per slice', () => {
    const x = f32([1, 6], [0.5, -0.25, 1, 0.75, -1, 0.125])
    const base = expectCircuitMatches(runOp({ node: topNode(), inputs: { x }, constants: { k: K(1) } }))
    const three = expectCircuitMatches(runOp({ node: topNode(), inputs: { x }, constants: { k: K(3) } }))
    // Inputs: 12-bit signed, so [lo, hi] = [−2048, 2047]: B_K = bits(6·4095 + 4) = 15, B_g = bits(2·4095 + 1) = 13.
    // Two more rows (2·2n + 2), two order decompositions (2·16), two more public outputs of each kind (4).
    expect(three - base).toBe(2 * (2 * 6) + 2 + 2 * 16 + 4)
  })

  it('a proof of a TopK circuit verifies with snarkjs', async () => {
    await expectProofVerifies(runOp({ node: topNode(), inputs: { x: f32([1, 5], [0.5, -0.25, 1, 0.5, 0]) }, constants: { k: K(2) } }))
  }, 60_000)
})
