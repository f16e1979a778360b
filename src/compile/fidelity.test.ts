import { describe, expect, it } from 'vitest'
import { FIDELITY_WARNING_RATIO, fidelityWarning, outputRangeOf, type FidelityReport } from './fidelity.js'

const report = (maxAbsError: number, extra: Partial<FidelityReport> = {}): FidelityReport => ({ samples: 4, reference: 'float', maxAbsError, meanAbsError: maxAbsError / 2, argmaxAgreement: null, outputRange: 10, ...extra })

describe('fidelityWarning', () => {
  it('warns above 2 % of the output range and names the --tolerance flag', () => {
    expect(FIDELITY_WARNING_RATIO).toBe(0.02)
    expect(fidelityWarning(report(0.2))).toBeUndefined()
    const w = fidelityWarning(report(0.35))
    expect(w).toMatch(/off by up to 0\.350 \(3\.5% of the output range 10\.0\)/)
    expect(w).toMatch(/--tolerance E/)
  })

  it('stays silent after a tolerance search, and for reports without a range (older manifests) or a flat output', () => {
    const search = { target: 'size' as const, tolerance: 1, maxAbsError: 0.9, widths: { inputBits: 8, weightBits: 8, activationBits: 12, layers: {} }, constraints: 1, candidates: 1, chosen: 1 }
    expect(fidelityWarning(report(0.9, { search }))).toBeUndefined()
    expect(fidelityWarning(report(0.9, { outputRange: undefined }))).toBeUndefined()
    expect(fidelityWarning(report(0.9, { outputRange: 0 }))).toBeUndefined()
  })

  it('the output range is the widest of the outputs\' calibrated ranges', () => {
    const ranges = new Map([['a', { min: -1, max: 2 }], ['b', { min: 0, max: 10 }], ['h', { min: -100, max: 100 }]])
    expect(outputRangeOf(ranges, ['a', 'b'])).toBe(10)
    expect(outputRangeOf(ranges, ['missing'])).toBe(0)
  })
})
