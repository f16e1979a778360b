/**
 * The exported ONNX models compute what the trainer computes: onnxruntime-node's logits equal our
 * forward pass, for freshly built networks of every architecture and for the committed models.
 */
import { existsSync, readFileSync } from 'node:fs'
import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { ARCHITECTURES, ARCHITECTURE_NAMES } from '../../scripts/train/architectures.js'
import type { Architecture } from '../../scripts/train/architectures.js'
import { argmax } from '../../scripts/train/loss.js'
import type { Network } from '../../scripts/train/network.js'
import { readRecords } from '../../scripts/train/report.js'
import { createRng } from '../../scripts/train/rng.js'
import { ezklInputJson, shortestFloat32 } from '../../scripts/train/samples.js'
import { loadGraphWeights, networkToGraph } from '../../scripts/train/toOnnx.js'
import { downsample14, loadMnist } from '../../src/node/mnist.js'
import { parseOnnx } from '../../src/onnx/parse.js'
import { writeOnnx } from '../../src/onnx/write.js'

const N = 8
const mnist = loadMnist({ split: 'test', limit: N })
const inputsFor = (arch: Architecture) => (arch.inputPixels === 196 ? downsample14(mnist.images) : mnist.images)

async function ortLogits(model: Uint8Array, arch: Architecture, x: Float32Array): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(model)
  const size = x.length / N
  const out: Float32Array[] = []
  for (let i = 0; i < N; i++) {
    const r = await session.run({ input: new ort.Tensor('float32', x.slice(i * size, (i + 1) * size), arch.onnxInputShape) })
    out.push(Float32Array.from(r['logits']!.data as Float32Array))
  }
  await session.release()
  return out
}

function expectSameLogits(net: Network, x: Float32Array, ortOut: Float32Array[]): void {
  const ours = net.forward(x, N)
  for (let i = 0; i < N; i++) {
    const row = ours.subarray(i * 10, (i + 1) * 10)
    for (let c = 0; c < 10; c++) expect(Math.abs(ortOut[i]![c]! - row[c]!)).toBeLessThan(1e-4 * (1 + Math.abs(row[c]!)))
    expect(argmax(ortOut[i]!)).toBe(argmax(row))
  }
}

describe('ONNX export', () => {
  for (const name of ARCHITECTURE_NAMES) {
    it(`${name}: onnxruntime-node equals our forward pass (random weights)`, async () => {
      const arch = ARCHITECTURES[name]
      const net = arch.build(createRng({ seed: 11 }))
      // non-zero biases so that they are exercised too
      const rng = createRng({ seed: 12 })
      for (const p of net.params) if (p.name.endsWith('.bias')) for (let i = 0; i < p.value.length; i++) p.value[i] = rng.next() - 0.5
      const graph = networkToGraph({ net, inputShape: arch.onnxInputShape, name })
      expect(graph.nodes.map((n) => n.opType).filter((t) => t === 'Gemm' || t === 'Conv').length).toBe(net.params.length / 2)
      const bytes = writeOnnx({ graph })
      const x = inputsFor(arch)
      expectSameLogits(net, x, await ortLogits(bytes, arch, x))
      // the parsed file carries the same weights back
      const copy = arch.build(createRng({ seed: 99 }))
      loadGraphWeights({ net: copy, graph: parseOnnx({ bytes }) })
      expect(copy.params.map((p) => Array.from(p.value))).toEqual(net.params.map((p) => Array.from(p.value)))
    })
  }
})

describe('committed models', () => {
  const records = readRecords('models')
  for (const name of ARCHITECTURE_NAMES) {
    const file = `models/${name}.onnx`
    it.skipIf(!existsSync(file))(`${name}.onnx: onnxruntime-node equals our forward pass with its weights, and it classifies`, async () => {
      const arch = ARCHITECTURES[name]
      const bytes = new Uint8Array(readFileSync(file))
      const graph = parseOnnx({ bytes })
      expect(graph.inputs[0]).toMatchObject({ name: 'input', shape: arch.onnxInputShape })
      expect(graph.outputs[0]).toMatchObject({ name: 'logits', shape: [1, 10] })
      const net = arch.build(createRng({ seed: 0 }))
      loadGraphWeights({ net, graph })
      const x = inputsFor(arch)
      expectSameLogits(net, x, await ortLogits(bytes, arch, x))
      const correct = Array.from({ length: N }, (_, i) => argmax(net.forward(x, N), i * 10, 10) === mnist.labels[i]).filter(Boolean).length
      expect(correct).toBeGreaterThanOrEqual(N - 1)
      expect(records[name]?.ortTestAccuracy).toBeGreaterThan(0.9)
    })
  }
})

describe('sample files', () => {
  it('write float32 values that parse back exactly', () => {
    const x = downsample14(mnist.images.subarray(0, 784))
    const parsed = JSON.parse(ezklInputJson(x)) as { input_data: number[][] }
    expect(parsed.input_data.length).toBe(1)
    expect(Float32Array.from(parsed.input_data[0]!)).toEqual(x)
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1)
    expect(shortestFloat32(1 / 255)).toBe(0.003921569)
  })
  for (const [file, size] of [['models/input_784.json', 784], ['models/input_196.json', 196], ['models/calibration_784.json', 64 * 784], ['models/calibration_196.json', 64 * 196]] as const) {
    it.skipIf(!existsSync(file))(`${file} holds ${size} values in [0, 1]`, () => {
      const data = (JSON.parse(readFileSync(file, 'utf8')) as { input_data: number[][] }).input_data
      expect(data.length).toBe(1)
      expect(data[0]!.length).toBe(size)
      expect(data[0]!.every((v) => v >= 0 && v <= 1)).toBe(true)
    })
  }
})
