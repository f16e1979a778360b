/**
 * CLI: trains one MNIST model, saves it as ONNX under `models/`, measures its float test accuracy
 * in onnxruntime-node and records the run in `models/training.json` + `models/README.md`.
 *
 *   npx tsx scripts/train/main.ts --model mnist_mlp_784_56_10 [--epochs N] [--seed S]
 *       [--batch B] [--lr LR] [--train-limit N] [--out DIR]
 *   npx tsx scripts/train/main.ts --samples [--out DIR]   # calibration_*.json, input_*.json
 *   npx tsx scripts/train/main.ts --readme [--out DIR]    # regenerate README.md from training.json
 */
import { writeFileSync, mkdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import * as ort from 'onnxruntime-node'
import { downsample14, loadMnist } from '../../src/node/mnist.js'
import { writeOnnx } from '../../src/onnx/write.js'
import { ARCHITECTURES, ARCHITECTURE_NAMES, isArchitectureName } from './architectures.js'
import { ortEvaluate } from './evaluate.js'
import { accuracy } from './network.js'
import { readRecords, renderReadme, saveRecord } from './report.js'
import { createRng } from './rng.js'
import { writeSampleFiles } from './samples.js'
import { networkToGraph } from './toOnnx.js'
import { trainNetwork } from './train.js'

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    'train-limit': { type: 'string' },
    out: { type: 'string', default: 'models' },
    samples: { type: 'boolean', default: false },
    readme: { type: 'boolean', default: false },
  },
})

const num = (s: string | undefined, name: string): number | undefined => {
  if (s === undefined) return undefined
  const v = Number(s)
  if (!Number.isFinite(v)) throw new Error(`--${name} must be a number, got "${s}"`)
  return v
}

async function main(): Promise<void> {
  const out = args.out!
  mkdirSync(out, { recursive: true })
  if (args.readme) {
    writeFileSync(join(out, 'README.md'), renderReadme(readRecords(out)))
    console.log(`wrote ${join(out, 'README.md')}`)
    return
  }
  if (args.samples) {
    for (const f of writeSampleFiles({ dir: out })) console.log(`wrote ${f}`)
    return
  }
  const name = args.model
  if (!name || !isArchitectureName(name)) throw new Error(`--model must be one of: ${ARCHITECTURE_NAMES.join(', ')}`)
  const arch = ARCHITECTURES[name]
  const epochs = num(args.epochs, 'epochs') ?? arch.defaults.epochs
  const seed = num(args.seed, 'seed') ?? 1
  const batchSize = num(args.batch, 'batch') ?? arch.defaults.batchSize
  const lr = num(args.lr, 'lr') ?? arch.defaults.lr
  const trainLimit = num(args['train-limit'], 'train-limit') ?? arch.defaults.trainLimit

  const prep = (x: Float32Array) => (arch.inputPixels === 196 ? downsample14(x) : x)
  const train = loadMnist({ split: 'train', limit: trainLimit })
  const test = loadMnist({ split: 'test' })
  const trainX = prep(train.images)
  const testX = prep(test.images)

  const rng = createRng({ seed })
  const net = arch.build(rng)
  const params = net.params.reduce((s, p) => s + p.value.length, 0)
  console.log(`${name}: ${arch.summary}, ${params} parameters; ${train.count} training images, ${epochs} epochs, batch ${batchSize}, lr ${lr}, seed ${seed}`)
  const t0 = performance.now()
  const { epochs: history } = trainNetwork({
    net,
    images: trainX,
    labels: train.labels,
    epochs,
    batchSize,
    lr,
    rng,
    progressEvery: 500,
    onProgress: (p) => console.log(`  epoch ${p.epoch} batch ${p.done}/${p.total} loss ${p.loss.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`),
    // progress only: accuracy on the first 2,000 test images (the full test set is evaluated at the end)
    onEpoch: (e) =>
      console.log(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, ${e.seconds.toFixed(1)} s, accuracy on test[0:2000] ${(100 * accuracy({ net, images: testX.subarray(0, 2000 * net.inSize), labels: test.labels.subarray(0, 2000) })).toFixed(2)} %`),
  })
  const trainSeconds = (performance.now() - t0) / 1000
  const jsAcc = accuracy({ net, images: testX, labels: test.labels })

  const file = join(out, `${name}.onnx`)
  const bytes = writeOnnx({ graph: networkToGraph({ net, inputShape: arch.onnxInputShape, name }) })
  writeFileSync(file, bytes)
  const { accuracy: ortAcc } = await ortEvaluate({ model: bytes, inputShape: arch.onnxInputShape, images: testX, labels: test.labels })
  console.log(`wrote ${file} (${bytes.length} bytes); test accuracy: ours ${(100 * jsAcc).toFixed(2)} %, onnxruntime-node ${(100 * ortAcc).toFixed(2)} %; training ${trainSeconds.toFixed(1)} s`)

  const extra = [
    args.epochs !== undefined ? `--epochs ${epochs}` : '',
    args.seed !== undefined ? `--seed ${seed}` : '',
    args.batch !== undefined ? `--batch ${batchSize}` : '',
    args.lr !== undefined ? `--lr ${lr}` : '',
    args['train-limit'] !== undefined ? `--train-limit ${trainLimit}` : '',
    out !== 'models' ? `--out ${relative(process.cwd(), out)}` : '',
  ].filter(Boolean)
  saveRecord({
    dir: out,
    record: {
      name,
      summary: arch.summary,
      params,
      seed,
      epochs,
      batchSize,
      lr,
      optimizer: 'adam, cosine decay',
      trainImages: train.count,
      trainSeconds: Math.round(trainSeconds * 10) / 10,
      finalLoss: Math.round(history[history.length - 1]!.loss * 1e5) / 1e5,
      jsTestAccuracy: jsAcc,
      ortTestAccuracy: ortAcc,
      ortVersion: (ort.env as { versions?: { common?: string } }).versions?.common ?? '',
      node: process.version,
      date: new Date().toISOString().slice(0, 10),
      command: ['scripts/train/main.ts', '--model', name, ...extra].join(' '),
    },
  })
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exitCode = 1
})
