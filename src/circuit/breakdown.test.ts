import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseOnnx } from '../onnx/parse.js'
import { prepareGraph } from '../onnx/prepare.js'
import { calibrateRanges } from '../compile/calibrate.js'
import { parseSamples } from '../compile/samples.js'
import { quantizeGraph } from '../quantize/quantize.js'
import type { PreparedGraph } from '../onnx/ir.js'
import { lowerModel, type Visibility } from './lowerModel.js'
import { constraintBreakdown, formatBreakdown, layerMatcher } from './breakdown.js'
import { cnnOnnx, randomSamples } from '../../test/fixtures/models.js'

const MODELS = path.join(import.meta.dirname, '../../models')

/** The bundled CNN, calibrated on its first 8 calibration images. */
function cnn() {
  const graph = prepareGraph({ graph: parseOnnx({ bytes: readFileSync(path.join(MODELS, 'mnist_cnn_6c5.onnx')) }) })
  const inputs = graph.inputs.map((i) => ({ name: i.name, shape: i.shape as number[] }))
  const json = JSON.parse(readFileSync(path.join(MODELS, 'calibration_784.json'), 'utf8'))
  const { ranges } = calibrateRanges({ graph, samples: parseSamples({ json, inputs, kind: 'calibration' }).slice(0, 8) })
  return { graph, model: quantizeGraph({ graph, ranges }) }
}

describe('constraintBreakdown', () => {
  const { graph, model } = cnn()
  const sum = (xs: { constraints: number }[]) => xs.reduce((a, x) => a + x.constraints, 0)

  for (const visibility of [{ input: 'private', output: 'public' }, { input: 'hashed', output: 'hashed', weights: 'private', message: true }] as Visibility[]) {
    it(`every grouping sums to the circuit's constraint count (${JSON.stringify(visibility)})`, () => {
      // A small CNN (conv, relu, max pool, gemm) so that every statement part stays quick.
      const graph = prepareGraph({ graph: parseOnnx({ bytes: cnnOnnx() }) })
      const { ranges } = calibrateRanges({ graph, samples: randomSamples({ size: 144, count: 4 }).map((s) => ({ input: s.input! })) })
      const model = quantizeGraph({ graph, ranges })
      const total = lowerModel({ model, visibility, mode: { constraints: true, witness: false } }).r1cs.constraints.length
      const b = constraintBreakdown({ model, visibility, graph })
      expect(b.total).toBe(total)
      expect(b.statement).toBeGreaterThan(0)
      for (const rows of [b.nodes, b.layers, b.byOpType, b.byIntegerOp]) expect(sum(rows) + b.statement).toBe(total)
    })
  }

  it('names layers by ONNX node and op type; the ReLU and MaxPool carry the cost, Conv and Gemm are free', () => {
    const b = constraintBreakdown({ model, visibility: { input: 'private', output: 'public' }, graph })
    expect(b.layers.map((l) => [l.layer, l.opType, l.ops.join()])).toEqual([
      // The ReLU's requantization runs after the pool (src/quantize/poolFirst.ts): layers in model order.
      ['conv2d0', 'Conv', 'Conv'],
      ['maxPool2', 'MaxPool', 'MaxPool'],
      ['relu1', 'Relu', 'Requant'],
      ['flatten3', 'Flatten', 'Reshape'],
      ['dense4', 'Gemm', 'Linear'],
    ])
    const by = Object.fromEntries(b.byOpType.map((r) => [r.opType, r.constraints]))
    expect(by.Conv).toBe(0)
    expect(by.Gemm).toBe(0)
    expect(by.Relu).toBeGreaterThan(0)
    expect(by.MaxPool).toBeGreaterThan(0)
    expect(b.byOpType[0]!.constraints).toBeGreaterThanOrEqual(b.byOpType[1]!.constraints)
    const text = formatBreakdown(b)
    expect(text).toMatch(new RegExp(`constraints: ${b.total}`))
    expect(text).toMatch(/relu1\s+Relu\s+Requant\s+\d+\s+\d+\.\d%/)
    expect(text).toMatch(/\(statement\)/)
  })

  it('without the graph, layers are the integer nodes (op type "?")', () => {
    const b = constraintBreakdown({ model, visibility: { input: 'private', output: 'public' } })
    expect(b.layers.every((l) => l.opType === '?')).toBe(true)
    expect(b.layers.map((l) => l.layer)).toEqual(model.nodes.map((n) => n.name))
  })

  it('maps an integer node to the ONNX node its name starts with, never to a longer name sharing a prefix', () => {
    const g = { nodes: [{ name: 'relu1', opType: 'Relu' }, { name: 'relu10', opType: 'Relu' }, { name: 'mul', opType: 'Mul' }] } as unknown as PreparedGraph
    const match = layerMatcher(g)
    expect(match('relu1')?.name).toBe('relu1')
    expect(match('relu10')?.name).toBe('relu10')
    expect(match('relu1.requant')?.name).toBe('relu1')
    expect(match('mul.requantA')).toEqual({ name: 'mul', opType: 'Mul' })
    expect(match('relu100')).toBeUndefined()
  })
})
