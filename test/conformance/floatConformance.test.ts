/**
 * Runs the ONNX backend-test conformance data (node, pytorch and node-ops2 suites) through
 * parse → prepareGraph → execFloat and compares with the expected outputs
 * (tolerance 1e-4 relative to magnitude). Unsupported cases are reported as skipped (vitest
 * `ctx.skip`), with their reason; a supported case that fails fails the test; missing data fails.
 * A summary with per-operator pass/skip/fail counts is printed at the end.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { UnsupportedOpError, UnsupportedOpsetError } from '../../src/errors/compile.js'
import { execFloat } from '../../src/onnx/execFloat.js'
import { parseOnnx } from '../../src/onnx/parse.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { COMPUTE_OPS, MAX_OPSET, MIN_OPSET } from '../../src/ops/index.js'
import { readFileSync } from 'node:fs'
import { NO_CONFORMANCE_DATA, SUITES, countOutcomes, groupReasons, listCases, loadCase, maxRelativeError, summarizeByOp } from './cases.js'
import type { Outcome } from './cases.js'

const TOLERANCE = 1e-4
const cases = listCases()
const outcomes: Outcome[] = []
const passed = () => outcomes.filter((o) => o.status === 'pass').map((o) => `${o.case.suite}/${o.case.name}`)

describe('float executor conformance (ONNX backend tests)', () => {
  afterAll(() => {
    const lines = [`float conformance: ${countOutcomes(outcomes)}`, 'by operator:', ...summarizeByOp(outcomes)]
    for (const [reason, names] of groupReasons(outcomes.filter((o) => o.status === 'skip'))) lines.push(`  skip (${names.length}) ${reason}: ${names.join(' ')}`)
    for (const o of outcomes.filter((x) => x.status === 'fail')) lines.push(`  FAIL ${o.case.suite}/${o.case.name}: ${o.reason}`)
    console.log(lines.join('\n'))
  })

  it('finds the data of every suite', () => {
    for (const suite of SUITES) expect(cases.filter((c) => c.suite === suite).length, suite).toBeGreaterThan(50)
  })

  for (const c of cases) {
    const id = `${c.suite}/${c.name}`
    it(id, (ctx) => {
      const loaded = loadCase(c)
      if (loaded.status === 'skip') {
        if (loaded.reason.startsWith('unsupported op')) {
          // The compiler itself must reject the model with a clear, typed error.
          const graph = parseOnnx({ bytes: readFileSync(c.modelPath) })
          expect(() => prepareGraph({ graph })).toThrow(graph.opset < MIN_OPSET || graph.opset > MAX_OPSET ? UnsupportedOpsetError : UnsupportedOpError)
        }
        outcomes.push({ case: c, status: 'skip', reason: loaded.reason })
        return ctx.skip(loaded.reason)
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
        outcomes.push({ case: c, status: 'pass' })
      } catch (e) {
        outcomes.push({ case: c, status: 'fail', reason: (e as Error).message.split('\n')[0] })
        throw e
      }
    })
  }

  it('covers every supported operator family with at least one passing case', () => {
    // Guards against a silent mass skip (e.g. a classification bug).
    expect(passed().length).toBeGreaterThanOrEqual(150)
    for (const family of ['gemm', 'matmul', 'conv', 'maxpool', 'averagepool', 'batchnorm', 'softmax', 'argmax', 'reshape', 'flatten', 'concat', 'clip', 'relu'])
      expect(passed().some((p) => p.toLowerCase().includes(family)), family).toBe(true)
  })

  it('has a passing case for every compute operator of the registry', () => {
    for (const op of COMPUTE_OPS) {
      if (NO_CONFORMANCE_DATA.has(op)) expect(cases.some((c) => c.ops.includes(op)), `${op} has conformance data now`).toBe(false)
      else expect(outcomes.some((o) => o.status === 'pass' && o.case.ops.includes(op)), op).toBe(true)
    }
  })
})
