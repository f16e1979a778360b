/**
 * CircuitBuilder's `wireCapacity` (pre-sized wire arrays in the fast witness mode) and
 * `wireStorage` (an earlier builder's arrays written over): whatever the hint or the old contents,
 * the same wires, values, intervals and witness. And `finalize({ field: true })`: the witness
 * reduced into the field, as mapping `toField` over it.
 */
import { describe, expect, it } from 'vitest'
import { CircuitBuilder, type WireStorage } from './builder.js'
import { circuitDomain } from './circuitDomain.js'
import { FIELD_PRIME, toField } from './field.js'
import { bitsOutput, toBits } from './gadgets/bits.js'
import { lcWire } from './lc.js'

/**
 * A few wires of each kind: plain allocs, a public wire, bit decompositions, a replayed value, and
 * kernel dots over packed bit sums and wires (their intervals and values kept as wires). `shift`
 * changes the values and, when odd, the number of wires (another circuit's storage to reuse).
 */
function build(wireCapacity: number | undefined, reference = false, wireStorage?: WireStorage, shift = 0): CircuitBuilder {
  const b = new CircuitBuilder({ constraints: false, witness: true, reference, wireCapacity, wireStorage })
  const D = circuitDomain(b)
  for (let i = 0; i < 40 + (shift % 2) * 7; i++) {
    const x = b.alloc(0n, 1000n, () => BigInt((i * 23 + 5 + shift) % 1001), `x${i}`)
    toBits(b, lcWire(x), 10, `x${i}`)
    b.allocValue(-5n, 5n, BigInt(((i + shift) % 11) - 5), `v${i}`)
    const bits = bitsOutput(b, b.allocBits(6, BigInt((i * 7 + shift) % 64), `s${i}`), 0, 6, BigInt(i % 3))
    const dot = D.dot([3, -2, 5], [bits, b.wireLc(x), bits], i - 20)
    const [lo, hi] = b.interval(dot)
    b.alloc(lo, hi, () => b.value(dot), `dot${i}`)
  }
  b.allocPublic(0n, 9n, () => 7n, 'pub')
  b.allocBits(40, (1n << 39n) + 12345n + BigInt(shift), 'wide')
  // Runs of precomputed values: inside [0, p) (kept as they are by finalize({ field })), empty, and signed.
  b.allocRun([3n, 0n, FIELD_PRIME - 1n - BigInt(shift)], 0n, FIELD_PRIME - 1n, (i) => `run${i}`)
  b.allocRun([], 0n, 1n, (i) => `empty${i}`)
  b.allocRun([-3n, BigInt(shift % 5), -5n], -5n, 5n, (i) => `signed${i}`)
  b.alloc(-9n, 0n, () => -1n, 'last')
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

describe('CircuitBuilder wireStorage', () => {
  const plain = build(undefined)
  const n = plain.nWires
  it.each([0, 1, 2, 3])('over the arrays of a finished builder (shift %i): same wires, values and witness', (shift) => {
    const old = build(shift % 2 ? undefined : 3 * n, false, undefined, shift + 1)
    const b = build(n, false, old.wireStorage())
    expect(b.values).toBe(old.values)
    expect(b.nWires).toBe(n)
    expect(b.values.slice(0, n)).toEqual(plain.values)
    expect(b.lo.slice(0, n)).toEqual(plain.lo)
    expect(b.hi.slice(0, n)).toEqual(plain.hi)
    expect(b.finalize()).toEqual(plain.finalize())
    // And once more over those (the packed context's arrays reused twice).
    expect(build(n, false, b.wireStorage()).finalize()).toEqual(plain.finalize())
  })

  it('is ignored outside the fast mode', () => {
    const old = build(undefined)
    const ref = build(undefined, true, old.wireStorage())
    expect(ref.values).not.toBe(old.values)
    expect(ref.finalize().witness).toEqual(build(undefined, true).finalize().witness)
  })
})

describe('CircuitBuilder finalize({ field: true })', () => {
  it.each([false, true])('reduces the witness into [0, p) as toField does (reference: %s)', (reference) => {
    const signed = build(undefined, reference).finalize()
    expect(signed.witness!.some((v) => v < 0n)).toBe(true)
    expect(build(undefined, reference).finalize({ field: true })).toEqual({ ...signed, witness: signed.witness!.map(toField) })
  })
})
