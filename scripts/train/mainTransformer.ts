/**
 * CLI: trains the transformer encoder example (`transformer.ts`) on the "is the sequence sorted"
 * task (`sorted.ts`), saves `models/transformer_sorted.onnx`, its calibration and sample-input files
 * (EZKL's JSON format), measures the float accuracy of the saved model in onnxruntime-node on the
 * held-out split and writes `models/transformer_sorted.json` (the run's record).
 *
 *   npx tsx scripts/train/mainTransformer.ts [--epochs N] [--seed S] [--lr LR] [--out DIR]
 *
 * Sizes: 10 tokens from a vocabulary of 8, one-hot; d = 16, 2 heads, feed-forward 32, 2 classes.
 * Training: 4,000 sequences (data seed 1), held out: 1,000 (data seed 2); Adam, batch 32, cosine decay, 20 epochs.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as ort from 'onnxruntime-node'
import { writeOnnx } from '../../src/onnx/write.js'
import { softmaxCrossEntropy, argmax } from './loss.js'
import { sortedData, type SequenceData } from './sorted.js'
import { createAdam } from './optim.js'
import { createRng } from './rng.js'
import { ezklInputJson } from './samples.js'
import { createTransformer, type Transformer } from './transformer.js'
import { heldOutData, SPLITS, TRANSFORMER_CONFIG, TRANSFORMER_MODEL } from './transformerTask.js'

const { values: args } = parseArgs({
  options: { epochs: { type: 'string' }, seed: { type: 'string' }, lr: { type: 'string' }, out: { type: 'string', default: 'models' } },
})

/** Accuracy of our own forward pass. */
function accuracyOf(net: Transformer, data: SequenceData): number {
  const size = data.seq * data.vocab
  let correct = 0
  for (let n = 0; n < data.count; n++) if (argmax(net.forward(Float64Array.from(data.inputs.subarray(n * size, (n + 1) * size)))) === data.labels[n]) correct++
  return correct / data.count
}

async function main(): Promise<void> {
  const out = args.out!
  mkdirSync(out, { recursive: true })
  const epochs = Number(args.epochs ?? 20)
  const seed = Number(args.seed ?? 1)
  const lr = Number(args.lr ?? 3e-3)
  const batch = 32
  const { seq, vocab, classes } = TRANSFORMER_CONFIG
  const train = sortedData({ ...SPLITS.train, seq, vocab })
  const held = heldOutData()
  const rng = createRng({ seed })
  const net = createTransformer(TRANSFORMER_CONFIG, rng)
  const params = net.params.reduce((s, p) => s + p.value.length, 0)
  console.log(`${TRANSFORMER_MODEL}: ${params} parameters; ${train.count} training sequences, ${epochs} epochs, batch ${batch}, lr ${lr}, seed ${seed}`)
  const opt = createAdam({ params: net.params })
  const order = new Uint32Array(train.count).map((_, i) => i)
  const size = seq * vocab
  const steps = epochs * Math.ceil(train.count / batch)
  const grad = new Float32Array(classes)
  let step = 0
  let lastLoss = 0
  const t0 = performance.now()
  for (let epoch = 1; epoch <= epochs; epoch++) {
    rng.shuffle(order)
    let lossSum = 0
    for (let k = 0; k < train.count; k += batch) {
      const n = Math.min(batch, train.count - k)
      for (let b = 0; b < n; b++) {
        const i = order[k + b]!
        const logits = Float32Array.from(net.forward(Float64Array.from(train.inputs.subarray(i * size, (i + 1) * size))))
        lossSum += softmaxCrossEntropy({ logits, labels: train.labels.subarray(i, i + 1), batch: 1, classes, grad })
        net.backward(Float64Array.from(grad, (g) => g / n))
      }
      opt.step(lr * 0.5 * (1 + Math.cos((Math.PI * step++) / steps)))
    }
    lastLoss = lossSum / train.count
    console.log(`epoch ${epoch}: loss ${lastLoss.toFixed(4)}, held-out accuracy ${(100 * accuracyOf(net, held)).toFixed(2)} % (${((performance.now() - t0) / 1000).toFixed(0)} s)`)
  }
  const trainSeconds = (performance.now() - t0) / 1000
  const bytes = writeOnnx({ graph: net.graph(TRANSFORMER_MODEL) })
  writeFileSync(join(out, `${TRANSFORMER_MODEL}.onnx`), bytes)
  // Float accuracy of the saved model in onnxruntime-node.
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 })
  let correct = 0
  try {
    for (let n = 0; n < held.count; n++) {
      const y = await session.run({ input: new ort.Tensor('float32', held.inputs.slice(n * size, (n + 1) * size), [1, seq, vocab]) })
      if (argmax(y['logits']!.data as Float32Array) === held.labels[n]) correct++
    }
  } finally {
    await session.release()
  }
  const ortAccuracy = correct / held.count
  const jsAccuracy = accuracyOf(net, held)
  writeFileSync(join(out, `calibration_${TRANSFORMER_MODEL}.json`), ezklInputJson(train.inputs.subarray(0, 64 * size)))
  writeFileSync(join(out, `input_${TRANSFORMER_MODEL}.json`), ezklInputJson(held.inputs.subarray(0, size)))
  const record = {
    name: TRANSFORMER_MODEL,
    config: TRANSFORMER_CONFIG,
    params,
    seed,
    epochs,
    batchSize: batch,
    lr,
    optimizer: 'adam, cosine decay',
    trainSequences: train.count,
    heldOutSequences: held.count,
    trainSeconds: Math.round(trainSeconds * 10) / 10,
    finalLoss: Math.round(lastLoss * 1e5) / 1e5,
    jsHeldOutAccuracy: jsAccuracy,
    ortHeldOutAccuracy: ortAccuracy,
    heldOutLabel0: held.labels[0],
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
    command: `scripts/train/mainTransformer.ts${args.epochs ? ` --epochs ${epochs}` : ''}${args.seed ? ` --seed ${seed}` : ''}${args.lr ? ` --lr ${lr}` : ''}`,
  }
  writeFileSync(join(out, `${TRANSFORMER_MODEL}.json`), `${JSON.stringify(record, null, 2)}\n`)
  console.log(`wrote ${join(out, `${TRANSFORMER_MODEL}.onnx`)} (${bytes.length} bytes); held-out accuracy: ours ${(100 * jsAccuracy).toFixed(2)} %, onnxruntime-node ${(100 * ortAccuracy).toFixed(2)} %; ${trainSeconds.toFixed(1)} s`)
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exitCode = 1
})
