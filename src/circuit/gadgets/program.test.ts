import { describe, expect, it } from 'vitest'
import { CircuitBuilder } from '../builder.js'
import { type Lc, lcAddConst, lcDot } from '../lc.js'
import { bitsToLc, toBits } from './bits.js'
import { max2 } from './max.js'
import { mul } from './mul.js'
import { recordProgram, runProgram } from './program.js'
import { WitnessGenerationError } from '../../errors/prove.js'

/** A small gadget of decompositions and products: y = (x − 3)·(x + 5) + bits of x's square. */
function gadget(b: CircuitBuilder, x: Lc, label: string): Lc {
  const sq = mul(b, x, x, `${label}.sq`)
  const bits = toBits(b, sq, 12, `${label}.bits`)
  const p = mul(b, lcAddConst(x, -3n), lcAddConst(x, 5n), `${label}.p`)
  return lcDot([1n, 2n], [p, bitsToLc(bits, 3)])
}

/** A builder in witness-only mode with x allocated in [lo, hi] at value v (x = that wire). */
function withInput(opts: { constraints: boolean; witness: boolean }, v: bigint, lo: bigint, hi: bigint): { b: CircuitBuilder; x: Lc } {
  const b = new CircuitBuilder(opts)
  const w = b.alloc(lo, hi, () => v, 'x')
  return { b, x: lcDot([1n], [b.wireLc(w)]) }
}

describe('witness programs', () => {
  const program = recordProgram({ kind: 'value', lo: -40n, hi: 40n }, (s, x) => gadget(s, x, ''), () => true)!

  it('records decompositions and products', () => {
    expect(program).toBeDefined()
    expect(program.steps.map((s) => s.kind)).toEqual(['mul', 'bits', 'mul'])
    expect(program.constraints).toBe(1 + 13 + 1)
  })

  it('replays the gadget: the same wires, values, intervals and constraint count', () => {
    for (const v of [-40n, -7n, 0n, 3n, 39n]) {
      const ref = withInput({ constraints: true, witness: true }, v, -40n, 40n)
      const yRef = gadget(ref.b, ref.x, 'g')
      const fast = withInput({ constraints: false, witness: true }, v, -40n, 40n)
      const y = runProgram(fast.b, program, fast.b.value(fast.x), undefined, 'g')
      expect(fast.b.nConstraints).toBe(ref.b.nConstraints)
      expect(fast.b.values).toEqual(ref.b.values)
      expect(fast.b.lo).toEqual(ref.b.lo)
      expect(fast.b.hi).toEqual(ref.b.hi)
      expect(fast.b.value(y)).toBe(ref.b.value(yRef))
      expect(fast.b.interval(y)).toEqual(ref.b.interval(yRef))
      expect(y.size).toBe(yRef.size)
    }
  })

  it('throws as alloc and toBits do for a value outside the recorded ranges', () => {
    // Recorded for |x| ≤ 40 (x² ≤ 1600); replayed on 70: the product leaves its interval.
    const fast = withInput({ constraints: false, witness: true }, 70n, -70n, 70n)
    expect(() => runProgram(fast.b, program, 70n, undefined, 'g')).toThrow(WitnessGenerationError)
    expect(() => runProgram(withInput({ constraints: false, witness: true }, 70n, -70n, 70n).b, program, 70n, undefined, 'g')).toThrow(/g\.sq: value 4900 is outside \[-1600, 1600\]/)
    // x + 40 in 7 bits, recorded for |x| ≤ 40, replayed on 100: 140 ≥ 2^7.
    const bitsOnly = recordProgram({ kind: 'value', lo: -40n, hi: 40n }, (s, x) => bitsToLc(toBits(s, lcAddConst(x, 40n), 7, '.bits')), () => true)!
    const ref = withInput({ constraints: true, witness: true }, 100n, -100n, 100n)
    let expected = ''
    try {
      toBits(ref.b, lcAddConst(ref.x, 40n), 7, 'g.bits')
    } catch (e) {
      expected = (e as Error).message
    }
    expect(expected).toMatch(/g\.bits/)
    expect(() => runProgram(withInput({ constraints: false, witness: true }, 100n, -100n, 100n).b, bitsOnly, 100n, undefined, 'g')).toThrow(expected)
  })

  it('refuses a gadget with another kind of step (the caller then runs the gadget itself)', () => {
    expect(recordProgram({ kind: 'value', lo: -4n, hi: 4n }, (s, x) => max2(s, x, lcDot([], [], 1n), ''), () => true)).toBeUndefined()
  })

  it('refuses when the stand-in check fails, and when the gadget throws', () => {
    expect(recordProgram({ kind: 'value', lo: 0n, hi: 1n }, (s, x) => gadget(s, x, ''), () => false)).toBeUndefined()
    expect(recordProgram({ kind: 'value', lo: 0n, hi: 1n }, () => {
      throw new Error('no')
    }, () => true)).toBeUndefined()
  })

  it('is never replayed where constraints are built', () => {
    const { b } = withInput({ constraints: true, witness: true }, 1n, -40n, 40n)
    expect(() => runProgram(b, program, 1n, undefined, 'g')).toThrow(/witness-only/)
  })
})
