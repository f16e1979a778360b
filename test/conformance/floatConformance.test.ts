/**
 * Runs the ONNX backend-test conformance data (node + pytorch suites) through
 * parse → prepareGraph → execFloat and compares with the expected outputs
 * (tolerance 1e-4 relative to magnitude). Unsupported cases are skipped with their reason;
 * a supported case that fails fails the test. A summary is printed at the end.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { UnsupportedOpError } from '../../src/errors/compile.js'
import { execFloat } from '../../src/onnx/execFloat.js'
import { parseOnnx } from '../../src/onnx/parse.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { readFileSync } from 'node:fs'
import { groupReasons, listCases, loadCase, maxRelativeError } from './cases.js'
import type { ConformanceCase } from './cases.js'

const TOLERANCE = 1e-4
const cases = listCases()
const passed: string[] = []
const failed: string[] = []
const skipped: { case: ConformanceCase; reason: string }[] = []

describe.skipIf(cases.length === 0)('float executor conformance (ONNX backend tests)', () => {
  afterAll(() => {
    const lines = [`float conformance: ${passed.length} pass / ${skipped.length} skip / ${failed.length} fail`]
    for (const [reason, names] of groupReasons(skipped)) lines.push(`  skip (${names.length}) ${reason}: ${names.join(' ')}`)
    for (const f of failed) lines.push(`  FAIL ${f}`)
    console.log(lines.join('\n'))
  })

  for (const c of cases) {
    const id = `${c.suite}/${c.name}`
    it(id, (ctx) => {
    const loaded = loadCase(c)
    if (loaded.status === 'skip') {
      skipped.push(loaded)
      if (loaded.reason.startsWith('unsupported op')) {
        // The compiler itself must reject the model with the clear, typed error.
        const graph = parseOnnx({ bytes: readFileSync(c.modelPath) })
        expect(() => prepareGraph({ graph })).toThrow(UnsupportedOpError)
      }
      ctx.skip()
      return
    }
    try {
      const { outputs } = execFloat({ graph: loaded.prepared, inputs: loaded.feeds })
      expect(Object.keys(loaded.expected).length).toBeGreaterThan(0)
      for (const [name, expected] of Object.entries(loaded.expected)) {
        const actual = outputs[name]
        expect(actual, `output ${name}`).toBeDefined()
        expect(actual!.dims, `shape of ${name}`).toEqual(expected.dims)
        expect(maxRelativeError(actual!, expected), `error of ${name}`).toBeLessThanOrEqual(TOLERANCE)
      }
      passed.push(id)
    } catch (e) {
      failed.push(`${id}: ${(e as Error).message.split('\n')[0]}`)
      throw e
    }
  })
  }

  it('covers every supported operator family with at least one passing case', () => {
    // Guards against a silent mass skip (e.g. a classification bug).
    expect(passed.length).toBeGreaterThanOrEqual(150)
    for (const family of ['gemm', 'matmul', 'conv', 'maxpool', 'averagepool', 'batchnorm', 'softmax', 'argmax', 'reshape', 'flatten', 'concat', 'clip', 'relu'])
      expect(passed.some((p) => p.toLowerCase().includes(family)), family).toBe(true)
  })
})
