/**
 * CircuitBuilder's `wireCapacity` (pre-sized wire arrays in the fast witness mode): whatever the hint
 * (too small, exact, too large, absent), the same wires, values, intervals and witness.
 */
import { describe, expect, it } from 'vitest'
import { CircuitBuilder } from './builder.js'
import { toBits } from './gadgets/bits.js'
import { lcWire } from './lc.js'

/** A few wires of each kind: plain allocs, a public wire, bit decompositions, a replayed value. */
function build(wireCapacity: number | undefined, reference = false): CircuitBuilder {
  const b = new CircuitBuilder({ constraints: false, witness: true, reference, wireCapacity })
  for (let i = 0; i < 40; i++) {
    const x = b.alloc(0n, 1000n, () => BigInt(i * 23 + 5), `x${i}`)
    toBits(b, lcWire(x), 10, `x${i}`)
    b.allocValue(-5n, 5n, BigInt((i % 11) - 5), `v${i}`)
  }
  b.allocPublic(0n, 9n, () => 7n, 'pub')
  b.allocBits(40, (1n << 39n) + 12345n, 'wide')
  return b
}

describe('CircuitBuilder wireCapacity', () => {
  const plain = build(undefined)
  const n = plain.nWires
  it.each([2, 100, n, n + 1, 5 * n])('capacity %i: same wires, values and witness', (capacity) => {
    const b = build(capacity)
    expect(b.nWires).toBe(n)
    expect(b.values.slice(0, n)).toEqual(plain.values)
    expect(b.lo.slice(0, n)).toEqual(plain.lo)
    expect(b.hi.slice(0, n)).toEqual(plain.hi)
    expect(b.finalize()).toEqual(plain.finalize())
  })

  it('is ignored outside the fast mode (reference, constraints)', () => {
    const ref = build(5 * n, true)
    expect(ref.values.length).toBe(n)
    expect(ref.finalize().witness).toEqual(build(undefined, true).finalize().witness)
    const c = new CircuitBuilder({ constraints: true, witness: true, wireCapacity: 1000 })
    c.alloc(0n, 1n, () => 1n, 'a')
    expect(c.lo.length).toBe(2)
  })

  it('pre-sizes in the fast mode', () => {
    expect(build(5 * n).values.length).toBe(5 * n)
  })
})
