/**
 * The integer executor's range through `compileModel`: a LeNet-style stack without activations
 * (six convolutions: about 80 bits end to end without requantizations) compiles; each requantization the quantizer
 * inserted is recorded in the manifest and shown by `zkml info`, and the fidelity report stays close.
 */
import { describe, expect, it } from 'vitest'
import { compileModel } from '../../src/compile/compileModel.js'
import { requantizedLines } from '../../src/cli/requantized.js'
import { writeOnnx } from '../../src/onnx/write.js'
import { deepLinearGraph, uniform } from '../fixtures/models.js'

describe('compileModel with a linear chain past the executor’s exact range', () => {
  it('records the inserted requantizations in the manifest and the info summary', async () => {
    const r = uniform(11)
    const calibration = Array.from({ length: 4 }, () => ({ x: Float64Array.from({ length: 9 }, r) }))
    const { manifest } = await compileModel({ model: writeOnnx({ graph: deepLinearGraph({ convs: 6, size: 3 }) }), calibration, weightBits: 12, setup: { kind: 'dev' } })
    const steps = manifest.quantization.requantized!
    expect(steps.map((s) => s.node)).toEqual(['conv3', 'conv5'])
    for (const s of steps) expect(s.bits > 52 && s.bitsAfter <= 52).toBe(true)
    const lines = requantizedLines(manifest)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^requantized c2 by \d+ bits before conv3 \(Conv\): the integer executor would handle \d+-bit values \(limit 52\), now \d+$/)
    expect(manifest.fidelity.maxAbsError).toBeLessThan(0.05)
  }, 120_000)
})
