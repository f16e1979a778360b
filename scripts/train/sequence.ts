/**
 * CLI: trains the recurrent example model `models/seq_gru_shape.onnx` (a GRU over the synthetic
 * task of `sequenceTask.ts`), exports it with our ONNX writer as one ONNX `GRU` node (the
 * compiler unrolls it), measures its float accuracy on the held-out split in onnxruntime-node,
 * and writes its calibration and sample-input JSON files.
 *
 *   npx tsx scripts/train/sequence.ts [--epochs N (30)] [--seed S (1)] [--out DIR]
 *
 * Graph: input [1, 12] → Reshape [12, 1, 1] → GRU (hidden 8; Y_h [1, 1, 8]) → Reshape [1, 8] →
 * Gemm 4 → logits.
 */
import { writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Graph, Tensor } from '../../src/onnx/ir.js'
import { writeOnnx } from '../../src/onnx/write.js'
import { ortEvaluate } from './evaluate.js'
import { createDense } from './layers/dense.js'
import { createGru, type GruLayer } from './layers/gru.js'
import { accuracy, createNetwork, type Network } from './network.js'
import { createRng } from './rng.js'
import { ezklInputJson } from './samples.js'
import { SEQUENCE_CLASSES, SEQUENCE_SPLITS, SEQUENCE_STEPS, sequenceSamples } from './sequenceTask.js'
import { trainNetwork } from './train.js'

/** The model's name (file `models/<name>.onnx`). */
export const SEQUENCE_MODEL = 'seq_gru_shape'
/** Hidden units of the GRU. */
export const SEQUENCE_HIDDEN = 8

/** The architecture: GRU(1 → 8) over 12 steps, its final state into a Gemm of 4 classes. */
export function buildSequenceNetwork(seed: number): Network {
  const rng = createRng({ seed })
  const gru = createGru({ name: 'gru', steps: SEQUENCE_STEPS, inSize: 1, hidden: SEQUENCE_HIDDEN, rng })
  return createNetwork({ layers: [gru, createDense({ name: 'fc', inSize: SEQUENCE_HIDDEN, outSize: SEQUENCE_CLASSES, rng })] })
}

const f32 = (dims: number[], data: ArrayLike<number>): Tensor => ({ dtype: 'float32', dims, data: Float64Array.from(data) })
const i64 = (data: number[]): Tensor => ({ dtype: 'int64', dims: [data.length], data: Float64Array.from(data) })

/** The trained network as an ONNX graph with one GRU node (see the module doc). */
export function sequenceGraph(net: Network): Graph {
  const gru = net.layers[0] as GruLayer
  const [W, R, b] = gru.params
  const [fcW, fcB] = net.layers[1]!.params
  const H = gru.hidden
  const T = gru.steps
  const bias = new Float64Array(6 * H)
  bias.set(b!.value) // Wb; Rb stays zero
  return {
    opset: 14,
    name: SEQUENCE_MODEL,
    inputs: [{ name: 'input', dtype: 'float32', shape: [1, T] }],
    outputs: [{ name: 'logits', dtype: 'float32', shape: [1, SEQUENCE_CLASSES] }],
    initializers: new Map<string, Tensor>([
      ['seq_shape', i64([T, 1, gru.inSize])],
      ['gru.W', f32([1, 3 * H, gru.inSize], W!.value)],
      ['gru.R', f32([1, 3 * H, H], R!.value)],
      ['gru.B', f32([1, 6 * H], bias)],
      ['state_shape', i64([1, H])],
      ['fc.weight', f32([...fcW!.dims], fcW!.value)],
      ['fc.bias', f32([...fcB!.dims], fcB!.value)],
    ]),
    nodes: [
      { opType: 'Reshape', name: 'to_sequence', inputs: ['input', 'seq_shape'], outputs: ['x_seq'], attributes: {} },
      { opType: 'GRU', name: 'gru', inputs: ['x_seq', 'gru.W', 'gru.R', 'gru.B'], outputs: ['', 'h_last'], attributes: { hidden_size: { type: 'int', value: H } } },
      { opType: 'Reshape', name: 'to_features', inputs: ['h_last', 'state_shape'], outputs: ['features'], attributes: {} },
      { opType: 'Gemm', name: 'fc', inputs: ['features', 'fc.weight', 'fc.bias'], outputs: ['logits'], attributes: { transB: { type: 'int', value: 1 } } },
    ],
  }
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { epochs: { type: 'string', default: '30' }, seed: { type: 'string', default: '1' }, out: { type: 'string', default: 'models' } } })
  const [epochs, seed, out] = [Number(args.epochs), Number(args.seed), args.out!]
  mkdirSync(out, { recursive: true })
  const train = sequenceSamples(SEQUENCE_SPLITS.train)
  const test = sequenceSamples(SEQUENCE_SPLITS.test)
  const net = buildSequenceNetwork(seed)
  const params = net.params.reduce((s, p) => s + p.value.length, 0)
  console.log(`${SEQUENCE_MODEL}: ${params} parameters; ${train.labels.length} training sequences, ${epochs} epochs, seed ${seed}`)
  const t0 = performance.now()
  trainNetwork({
    net,
    images: train.inputs,
    labels: train.labels,
    epochs,
    batchSize: 32,
    lr: 1e-2,
    rng: createRng({ seed: seed + 7 }),
    onEpoch: (e) => e.epoch % 5 === 0 && console.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, held-out accuracy ${(100 * accuracy({ net, images: test.inputs, labels: test.labels })).toFixed(2)} %`),
  })
  const seconds = (performance.now() - t0) / 1000
  const bytes = writeOnnx({ graph: sequenceGraph(net) })
  const file = join(out, `${SEQUENCE_MODEL}.onnx`)
  writeFileSync(file, bytes)
  const ours = accuracy({ net, images: test.inputs, labels: test.labels })
  const { accuracy: ort } = await ortEvaluate({ model: bytes, inputShape: [1, SEQUENCE_STEPS], images: test.inputs, labels: test.labels })
  writeFileSync(join(out, 'calibration_seq_gru_shape.json'), ezklInputJson(train.inputs.subarray(0, 64 * SEQUENCE_STEPS)))
  writeFileSync(join(out, 'input_seq_gru_shape.json'), ezklInputJson(test.inputs.subarray(0, SEQUENCE_STEPS)))
  console.log(`wrote ${file} (${bytes.length} bytes); held-out accuracy (${test.labels.length}): ours ${(100 * ours).toFixed(2)} %, onnxruntime-node ${(100 * ort).toFixed(2)} %; training ${seconds.toFixed(1)} s`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e)
    process.exitCode = 1
  })
}
