import { describe, expect, it } from 'vitest'
import { ShapeMismatchError, UnsupportedOpError } from '../errors/compile.js'
import { attr } from '../onnx/builders.js'
import { canonicalContext, f32, info, maxAbsDiff, node, runOp, seeded } from '../../test/helpers/ops.js'
import { lowerModel } from '../circuit/lowerModel.js'
import { canonicalizeNode } from './canonicalize.js'
import { einsum, parseEquation } from './einsum.js'

const eq = (equation: string) => ({ equation: attr.string(equation) })
const at = { opType: 'Einsum', name: 'e' }

describe('Einsum', () => {
  it('parseEquation: explicit and implicit outputs, ellipsis, errors', () => {
    expect(parseEquation(at, 'bij, bjk -> bik', [3, 3])).toEqual({ inputs: [['b', 'i', 'j'], ['b', 'j', 'k']], output: ['b', 'i', 'k'] })
    expect(parseEquation(at, 'i,i', [1, 1]).output).toEqual([])
    expect(parseEquation(at, 'ji,jk', [2, 2]).output).toEqual(['i', 'k'])
    const ell = parseEquation(at, '...ij,...jk->...ik', [4, 2])
    expect(ell.inputs[0]!.length).toBe(4)
    expect(ell.output).toEqual([ell.inputs[0]![0], ell.inputs[0]![1], 'i', 'k'])
    expect(ell.inputs[1]).toEqual(['j', 'k'])
    expect(() => parseEquation(at, 'ij,jk->ik', [2])).toThrow(ShapeMismatchError)
    expect(() => parseEquation(at, 'ij->ik', [2])).toThrow(ShapeMismatchError)
    expect(() => parseEquation(at, 'ijk->i', [2])).toThrow(ShapeMismatchError)
  })

  it('canonicalize: rewrites contractions into ReduceSum / Transpose / Reshape / MatMul; keeps a diagonal as Einsum', () => {
    const ctx = canonicalContext({ infos: { a: info([5, 2, 3]), b: info([5, 3, 4]), x: info([3, 4]), d: info([3, 3]) } })
    const ops = (inputs: string[], equation: string) => canonicalizeNode(node('Einsum', inputs, eq(equation)), ctx).nodes.map((n) => n.opType)
    expect(ops(['a', 'b'], 'bij,bjk->bik')).toEqual(['MatMul'])
    expect(ops(['x'], 'ij->ji')).toEqual(['Transpose'])
    expect(ops(['x'], 'ij->i')).toEqual(['ReduceSum'])
    // i is summed out of A first; then b is a batch index, j contracted.
    expect(ops(['a', 'b'], 'bij,bjk->kb')).toEqual(['ReduceSum', 'Reshape', 'MatMul', 'Reshape', 'Transpose'])
    expect(ops(['d'], 'ii->i')).toEqual(['Einsum'])
    const last = canonicalizeNode(node('Einsum', ['a', 'b'], eq('bij,bjk->bik')), ctx).nodes.at(-1)!
    expect([last.name, last.outputs]).toEqual(['einsum0', ['y']])
  })

  it('floatKernel: the general sum (diagonal, trace, outer product, implicit output)', () => {
    const m = f32([2, 2], [1, 2, 3, 4])
    const run = (equation: string, ...xs: ReturnType<typeof f32>[]) => Array.from(einsum.floatKernel(node('Einsum', xs.map((_, i) => `x${i}`), eq(equation)), xs, 12)[0]!.data)
    expect(run('ii->i', m)).toEqual([1, 4])
    expect(run('ii', m)).toEqual([5])
    expect(run('i,j->ij', f32([2], [1, 2]), f32([3], [1, 10, 100]))).toEqual([1, 10, 100, 2, 20, 200])
    expect(run('ij,jk', m, m)).toEqual([7, 10, 15, 22])
    expect(run('...j,j->...', f32([2, 2], [1, 2, 3, 4]), f32([2], [1, 1]))).toEqual([3, 7])
  })

  it('integer executor ≈ float kernel for the common contractions; a diagonal is refused', () => {
    const cases: [string, number[][]][] = [
      ['bij,bjk->bik', [[3, 2, 3], [3, 3, 4]]],
      ['i,i', [[5], [5]]],
      ['i,j->ij', [[3], [4]]],
      ['ij->ji', [[3, 4]]],
      ['ij->i', [[3, 4]]],
      ['bhqd,bhkd->bhqk', [[1, 2, 3, 4], [1, 2, 5, 4]]],
      ['ij,jk,kl->il', [[2, 3], [3, 4], [4, 2]]],
      ['...ij->...ji', [[2, 3, 4]]],
      ['ijk->', [[2, 3, 2]]],
    ]
    for (const [equation, shapes] of cases) {
      const inputs = Object.fromEntries(shapes.map((s, i) => [`x${i}`, f32(s, seeded(s.reduce((a, d) => a * d, 1), i + 1))]))
      const { float, integer } = runOp({ node: node('Einsum', Object.keys(inputs), eq(equation)), inputs, opset: 12 })
      expect(maxAbsDiff(integer['y']!, float['y']!.data), equation).toBeLessThan(1e-2)
    }
    expect(() => runOp({ node: node('Einsum', ['x'], eq('ii->i')), inputs: { x: f32([3, 3], seeded(9)) }, opset: 12 })).toThrow(UnsupportedOpError)
  })

  it('costs one constraint per product when both operands are data (outer product: one per element)', () => {
    const { model } = runOp({ node: node('Einsum', ['a', 'b'], eq('i,j->ij')), inputs: { a: f32([3], seeded(3, 1)), b: f32([4], seeded(4, 2)) }, opset: 12 })
    const inputBits = model.inputs.reduce((n, i) => n + i.bits * i.shape.reduce((a, d) => a * d, 1), 0)
    const outputs = 12
    const { r1cs } = lowerModel({ model, visibility: { input: 'private', output: 'public' }, mode: { constraints: true, witness: false } })
    // Input range checks, 12 products, 12 public-output bindings (no requantization: the inputs are at their target scale).
    expect(r1cs.constraints.length).toBe(inputBits + 12 + outputs)
  })
})
