import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { IRIS_CODE_BITS, IRIS_GEOMETRY, IRIS_INPUT_NAME, IRIS_OUTPUT_NAME, IRIS_SHIFTS, IRIS_THRESHOLD } from '../../src/identity/config.js'
import { GABOR_SHIFT, gaborBank } from '../../src/identity/gabor.js'
import { capture, irisStrip } from '../../src/identity/iris.js'
import { codeShape, hamming, irisResponses, padStrip, shiftCode } from '../../src/identity/irisCode.js'
import { irisCode } from '../../src/identity/identity.js'
import { matchCodes } from '../../src/identity/match.js'
import { irisCodeOnnx, quantizeIrisModel } from '../../src/identity/model.js'
import { IRIS_MEASURED } from '../../src/identity/measured.js'
import { parseOnnx } from '../../src/onnx/parse.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { execFloat } from '../../src/onnx/execFloat.js'
import { writeOnnx } from '../../src/onnx/write.js'
import { runIntegers } from '../../src/quantize/execInt.js'

const captures = Array.from({ length: 6 }, (_, k) => capture({ strip: irisStrip({ seed: `t${k}` }), seed: k, shift: (k % 3) - 1 }))

describe('the Gabor bank', () => {
  it('has 8-bit integer weights, each filter summing to zero, the largest |w| = 127', () => {
    const w = gaborBank(IRIS_GEOMETRY)
    const per = IRIS_GEOMETRY.kernelHeight * IRIS_GEOMETRY.kernelWidth
    expect(w.length).toBe(IRIS_GEOMETRY.specs.length * per)
    expect(Math.max(...Array.from(w, Math.abs))).toBe(127)
    for (let f = 0; f < IRIS_GEOMETRY.specs.length; f++) expect(w.slice(f * per, (f + 1) * per).reduce((a, v) => a + v, 0)).toBe(0)
    const shape = codeShape(IRIS_GEOMETRY)
    expect(shape.bits).toBe(IRIS_CODE_BITS)
    expect(shape).toMatchObject({ filters: 4, bands: 2, columns: 64, pad: 4, paddedCols: 72 })
  })
})

describe('iriscode.onnx', () => {
  const onnx = irisCodeOnnx()

  it('models/iriscode.onnx is what the generator writes (regenerate with scripts/identity/makeModel.ts)', () => {
    expect(new Uint8Array(readFileSync(join(import.meta.dirname, '..', '..', 'models', 'iriscode.onnx')))).toEqual(new Uint8Array(onnx))
  })

  it('float responses · 2^7 are exactly the integer responses, so the signs agree bit for bit', () => {
    const graph = prepareGraph({ graph: parseOnnx({ bytes: onnx }) })
    for (const c of captures) {
      const { outputs } = execFloat({ graph, inputs: { [IRIS_INPUT_NAME]: padStrip(c, IRIS_GEOMETRY) } })
      const y = outputs[IRIS_OUTPUT_NAME]!
      expect(y.dims).toEqual([1, 4, 2, 64])
      expect(Array.from(y.data, (v) => v * 2 ** GABOR_SHIFT)).toEqual(Array.from(irisResponses({ strip: c, geometry: IRIS_GEOMETRY })))
    }
  })

  it('quantizes (compiler pipeline) to the exact integer model: same responses as irisResponses', () => {
    const model = quantizeIrisModel({ onnx, calibration: captures.slice(0, 2) })
    expect(model.inputs[0]).toMatchObject({ name: IRIS_INPUT_NAME, scale: 0, bits: 8, signed: false })
    expect(model.outputs[0]).toMatchObject({ name: IRIS_OUTPUT_NAME, scale: GABOR_SHIFT })
    for (const c of captures.slice(0, 3)) {
      const { integers } = runIntegers(model, { [IRIS_INPUT_NAME]: Array.from(padStrip(c, IRIS_GEOMETRY)) })
      expect(integers[IRIS_OUTPUT_NAME]).toEqual(Array.from(irisResponses({ strip: c, geometry: IRIS_GEOMETRY })))
    }
  })

  it('refuses a model that does not quantize to the Gabor bank', () => {
    const graph = parseOnnx({ bytes: onnx })
    const w = graph.initializers.get('gabor')!
    w.data[0] = w.data[0]! + 1 / 2 ** GABOR_SHIFT
    expect(() => quantizeIrisModel({ onnx: writeOnnx({ graph }), calibration: captures })).toThrow(/exact integer Gabor bank/)
  })
})

describe('matching', () => {
  it('a tilt of one column is a code rotation the matcher undoes', () => {
    const strip = irisStrip({ seed: 'rot' })
    const base = irisCode({ strip: capture({ strip, seed: 1, noise: 0, occlusion: 0, illumination: 0 }) })
    for (const tilt of [-1, 1]) {
      const tilted = irisCode({ strip: capture({ strip, seed: 1, noise: 0, occlusion: 0, illumination: 0, shift: tilt }) })
      expect(shiftCode(tilted, -tilt, IRIS_GEOMETRY)).toEqual(base)
      expect(matchCodes({ code: tilted, template: base })).toMatchObject({ distance: 0, shift: -tilt, match: true })
    }
    expect(IRIS_SHIFTS).toEqual([-1, 0, 1])
  })

  it('genuine captures match and impostors do not (τ from the measurements)', () => {
    expect(IRIS_THRESHOLD).toBe(IRIS_MEASURED.threshold)
    expect(IRIS_THRESHOLD / IRIS_CODE_BITS).toBeGreaterThan(IRIS_MEASURED.genuine.max)
    expect(IRIS_THRESHOLD / IRIS_CODE_BITS).toBeLessThan(IRIS_MEASURED.impostor.min)
    for (let k = 0; k < 4; k++) {
      const strip = irisStrip({ seed: `m${k}` })
      const template = irisCode({ strip: capture({ strip, seed: 'enroll' }) })
      const genuine = matchCodes({ code: irisCode({ strip: capture({ strip, seed: 'scan', shift: 1, occlusion: 0.15 }) }), template })
      expect(genuine.match).toBe(true)
      const impostor = matchCodes({ code: irisCode({ strip: capture({ strip: irisStrip({ seed: `other${k}` }), seed: 'scan' }) }), template })
      expect(impostor.match).toBe(false)
      expect(impostor.distance).toBeGreaterThan(0.3 * IRIS_CODE_BITS)
      expect(hamming(template, template)).toBe(0)
    }
  })
})
