/**
 * Packed linear combinations against plain maps: random merges of atoms (bit sums, reused kernel
 * operands), raw wires (some owned by atoms, so atoms must expand), constants and cancellations,
 * built the same way by a witness-only builder (packed) and a reference one (plain maps). Every
 * Lc must have the same real terms, term count, interval, value and constness.
 */
import { describe, expect, it } from 'vitest'
import { CircuitBuilder } from './builder.js'
import { circuitDomain } from './circuitDomain.js'
import { bitsOutput } from './gadgets/bits.js'
import { type Lc, lcAddConst, lcConstantValue, lcDot, lcWire } from './lc.js'
import { PackedLc } from './packedLc.js'

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** Builds random Lcs on `b` (the same sequence for the same seed) and returns them. */
function build(b: CircuitBuilder, seed: number): Lc[] {
  const r = rng(seed)
  const int = (n: number) => Math.floor(r() * n)
  const D = circuitDomain(b)
  const pool: Lc[] = []
  /** Indices in `pool` of bit sums, single bits and wires: one key each when packed (or a raw bit an atom owns). */
  const single: number[] = []
  for (let step = 0; step < 300; step++) {
    const from = pool.length
    const kind = int(8)
    if (kind === 0 || pool.length < 3) {
      // Fresh bits as a packed atom (a gadget output), with a constant.
      const n = 1 + int(10)
      const bits = b.allocBits(n, BigInt(int(2 ** n)), `bits${step}`)
      pool.push(bitsOutput(b, bits, int(2) ? 0 : Math.min(1, n - 1), n, BigInt(int(9) - 4)))
      // Sometimes a raw bit of an atom too (forces expansion where both meet).
      if (n >= 2 && int(3) === 0) pool.push(lcWire(bits[int(n)]!, BigInt(int(5) - 2) || 1n))
      for (let i = from; i < pool.length; i++) single.push(i)
    } else if (kind === 1) {
      const w = b.alloc(-50n, 50n, () => BigInt(int(101) - 50), `w${step}`)
      // A single wire, plain or (witness-only) packed: the same Lc.
      pool.push(int(2) ? b.wireLc(w) : lcWire(w))
      single.push(from)
    } else if (kind === 7) {
      // A kernel dot over single-key operands (packed wires, single bits, atoms), with repeats
      // and opposite coefficients that cancel, or over distinct operands with non-zero
      // coefficients (each key once, as a convolution's taps): the single-key merge.
      const singles = single.map((i) => pool[i]!)
      const extra = Array.from({ length: 1 + int(3) }, (_, j) => b.wireLc(b.alloc(-7n, 7n, () => BigInt(int(15) - 7), `s${step}_${j}`)))
      const xs = Array.from({ length: 2 + int(6) }, () => (int(3) && singles.length ? singles[int(singles.length)]! : extra[int(extra.length)]!))
      const cs = xs.map(() => int(9) - 4)
      if (int(2)) pool.push(D.dot([...cs, -cs[0]!], [...xs, xs[0]!], int(7) - 3))
      else {
        const distinct = [...new Set([...xs, ...extra])]
        pool.push(D.dot(distinct.map(() => (int(2) ? 1 : -1) * (1 + int(5))), distinct, int(7) - 3))
      }
    } else if (kind === 2) {
      // A kernel dot over pool members (repeats allowed: reuse makes atoms).
      const k = 1 + int(6)
      // Mostly recent values, so some are reused often enough to become atoms.
      const pick = () => pool[int(2) ? pool.length - 1 - int(Math.min(8, pool.length)) : int(pool.length)]!
      const xs = Array.from({ length: k }, pick)
      const cs = Array.from({ length: k }, () => int(7) - 3)
      pool.push(D.dot(cs, xs, int(11) - 5))
    } else if (kind === 3) {
      // a − a + b style cancellations through lcDot.
      const a = pool[int(pool.length)]!
      const c = pool[int(pool.length)]!
      pool.push(lcDot([1n, -1n, 1n], [a, a, c]))
    } else if (kind === 4) {
      pool.push(lcAddConst(pool[int(pool.length)]!, BigInt(int(7) - 3)))
    } else if (kind === 5) {
      const x = pool[int(pool.length)]!
      pool.push(D.dot([1], [x], 0))
    } else {
      // A sum of raw wires read by several dots (it becomes an atom on its third use), then one
      // of its wires on its own next to it.
      const ws = Array.from({ length: 2 + int(3) }, (_, j) => lcWire(b.alloc(-9n, 9n, () => BigInt(int(19) - 9), `r${step}_${j}`)))
      const sum = D.dot(ws.map(() => 1 + int(3)), ws, int(5))
      pool.push(sum)
      for (let u = 0; u < 4; u++) pool.push(D.dot([1 + int(3), int(3) - 1], [sum, pool[int(pool.length)]!], 0))
      pool.push(D.dot([1, 2], [sum, ws[0]!], 1))
    }
  }
  return pool
}

/** The real terms of `x`, sorted by wire. */
function terms(x: Lc): [number, bigint][] {
  return [...x].sort((p, q) => p[0] - q[0])
}

describe('packed linear combinations', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`answer like plain maps (seed ${seed})`, () => {
      const fast = new CircuitBuilder({ constraints: false, witness: true })
      const ref = new CircuitBuilder({ constraints: false, witness: true, reference: true })
      const a = build(fast, seed)
      const b = build(ref, seed)
      expect(a.some((x) => x instanceof PackedLc)).toBe(true)
      expect(b.some((x) => x instanceof PackedLc)).toBe(false)
      expect(fast.values).toEqual(ref.values)
      for (let i = 0; i < a.length; i++) {
        const [x, y] = [a[i]!, b[i]!]
        expect(x.size, `Lc ${i}: size`).toBe(y.size)
        expect(fast.interval(x), `Lc ${i}: interval`).toEqual(ref.interval(y))
        expect(fast.value(x), `Lc ${i}: value`).toBe(ref.value(y))
        expect(lcConstantValue(x), `Lc ${i}: constant`).toBe(lcConstantValue(y))
        expect(x.get(0), `Lc ${i}: get(0)`).toBe(y.get(0))
        expect(terms(x), `Lc ${i}: terms`).toEqual(terms(y))
      }
    })
  }

  it('turns into a plain map when mutated', () => {
    const b = new CircuitBuilder({ constraints: false, witness: true })
    const bits = b.allocBits(4, 9n, 'x')
    const x = bitsOutput(b, bits, 0, 4, 3n)
    expect(x).toBeInstanceOf(PackedLc)
    expect(b.value(x)).toBe(12n)
    x.set(bits[0]!, 5n)
    expect(b.value(x)).toBe(3n + 5n * 1n + 8n)
    expect(b.interval(x)).toEqual([3n, 3n + 5n + 2n + 4n + 8n])
    expect(x.size).toBe(5)
  })
})
