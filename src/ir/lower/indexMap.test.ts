import { describe, expect, it } from 'vitest'
import { CircuitBuilder } from '../../circuit/builder.js'
import { circuitDomain } from '../../circuit/circuitDomain.js'
import { lcWire } from '../../circuit/lc.js'
import { numberDomain } from '../../quantize/numberDomain.js'
import { indexMap, sources, sparseLinear } from './indexMap.js'

const t = (data: number[]) => ({ dims: [data.length], data })

describe('IndexMap and SparseLinear kernels', () => {
  it('IndexMap: sources concatenated and shifted; −1 is zero, −2, −3, … the fills', () => {
    const src = sources(numberDomain, [{ shape: [2], data: [3, -4] }, { shape: [1], data: [5] }], [1, 0])
    expect(src).toEqual([6, -8, 5])
    expect(indexMap(numberDomain, src, t([2, -2, 0, -3, -1]), t([7, 9]), [5], 'm').data).toEqual([5, 7, 6, 9, 0])
    expect(() => indexMap(numberDomain, src, t([3]), undefined, [1], 'm')).toThrow(/Internal error: m reads source element 3/)
    expect(() => indexMap(numberDomain, src, t([-4]), t([7, 9]), [1], 'm')).toThrow(/fill/)
  })

  it('SparseLinear: rows of weighted terms plus a constant; index −1 and weight 0 add nothing', () => {
    const p = { index: t([0, 1, 2, -1, 2, 0]), weight: t([1, 3, 2, 5, 0, 4]), terms: 3, bias: t([1, -2]) }
    expect(sparseLinear(numberDomain, [2, 1, 10], p, [2], 's').data).toEqual([2 + 3 + 20 + 1, 8 - 2])
  })

  it('in the circuit both cost zero constraints, and IndexMap passes the same wire through', () => {
    const b = new CircuitBuilder({ constraints: true, witness: true })
    const D = circuitDomain(b)
    const xs = [3n, -4n, 5n].map((v, i) => lcWire(b.alloc(-8n, 8n, () => v, `x${i}`)))
    const before = b.nConstraints
    const moved = indexMap(D, sources(D, [{ shape: [3], data: xs }]), t([2, 2, -2, 0, -1]), t([7]), [5], 'm')
    expect(moved.data[0]).toBe(xs[2])
    expect(moved.data[1]).toBe(xs[2])
    expect([b.value(moved.data[2]!), b.value(moved.data[4]!)]).toEqual([7n, 0n])
    const lin = sparseLinear(D, xs, { index: t([0, 1, 1, 2]), weight: t([3, 1, 2, 2]), terms: 2, bias: undefined }, [2], 's')
    expect(lin.data.map((v) => b.value(v))).toEqual([9n - 4n, -8n + 10n])
    expect(b.nConstraints).toBe(before)
  })
})
