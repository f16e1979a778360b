import { describe, expect, it } from 'vitest'
import { fitFunction } from './fitFunction.js'
import { evalPiecewise } from '../ir/piecewise.js'
import { FunctionFitError } from '../errors/quantize.js'

const tanh = { name: 'Tanh', f: Math.tanh, left: { slope: 0, intercept: -1 }, right: { slope: 0, intercept: 1 } }

describe('fitFunction', () => {
  it('with tailsOnly, fits Tanh over a calibrated range far past its tails by ending the table where the tails take over', () => {
    // A recurrent gate's pre-activation: no 2^7-segment table spans [−5.9, 52.2] at 2^−9.
    const [inScale, outScale] = [9, 14]
    const range = { min: -5.89, max: 52.24 }
    expect(() => fitFunction({ spec: tanh, inScale, outScale, range, outBits: 16 })).toThrow(FunctionFitError)
    const { table, error, domain } = fitFunction({ spec: tanh, inScale, outScale, range, outBits: 16, tailsOnly: true })
    expect(error).toBeLessThanOrEqual(1.5)
    expect(domain[1]).toBeLessThan(8)
    // Every input of the calibrated range (and beyond it, on the tails) within 1.5 output quanta.
    for (let q = Math.round(range.min * 2 ** inScale) - 4096; q <= Math.round(range.max * 2 ** inScale) + 4096; q++)
      expect(Math.abs(evalPiecewise(table, q) - Math.tanh(q / 2 ** inScale) * 2 ** outScale)).toBeLessThanOrEqual(1.5)
  })
  it('still refuses a function without tails whose range no table spans', () => {
    const wave = { name: 'Wave', f: (x: number) => Math.sin(8 * x), left: 'clamp' as const, right: 'clamp' as const }
    expect(() => fitFunction({ spec: wave, inScale: 8, outScale: 12, range: { min: -60, max: 60 }, outBits: 16, tailsOnly: true })).toThrow(FunctionFitError)
  })
})
