/**
 * Trains the trading signal model and writes it, with its calibration set, sample inputs and
 * training record, into `examples/trading-vault/model/`:
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/trading-vault/train.ts [--seed N]
 *
 * Model: 8 lagged-return features → Gemm 16 → ReLU → Gemm 3 → ArgMax. The ArgMax is part of the
 * ONNX graph, so the circuit proves the class index itself (0 hold, 1 up, 2 down): the vault reads
 * one public integer instead of three logits. Data: the seeded synthetic series of `data.ts`,
 * 40,000 steps; the first 32,000 train, the last 8,000 (after a gap longer than the history) test.
 * Deterministic for a given seed and Node version.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { writeFileSync } from 'node:fs'
import * as ort from 'onnxruntime-node'
import { writeOnnx, type Graph } from '@zkml/web/compiler'
import { networkToGraph } from '../../scripts/train/toOnnx.js'
import { ezklInput, writeJson } from '../shared/files.js'
import { predict, scoreClasses, trainMlp } from '../shared/train.js'
import { dataSet, HORIZON, LAGS, priceSeries, SIGNALS, THRESHOLD, WINDOWS } from './data.js'

/** Where the committed model lives. */
export const MODEL_DIR = join(import.meta.dirname, 'model')

const SERIES = { steps: 40_000, trainSteps: 32_000, gap: 80 }
const TRAINING = { sizes: [LAGS, 16, SIGNALS.length], epochs: 8, batchSize: 64, lr: 0.003 }

/** The trained network as ONNX, ending in ArgMax over the three class logits. */
function signalGraph(net: Parameters<typeof networkToGraph>[0]['net']): Graph {
  const graph = networkToGraph({ net, inputShape: [1, LAGS], name: 'trading_signal' })
  graph.nodes.push({ opType: 'ArgMax', name: 'signal', inputs: ['logits'], outputs: ['signal'], attributes: { axis: { type: 'int', value: 1 }, keepdims: { type: 'int', value: 0 } } })
  graph.outputs = [{ name: 'signal', dtype: 'int64', shape: [1] }]
  return graph
}

/**
 * Trains the signal model (deterministic for given seeds).
 * @returns the ONNX bytes, the network, the data sets and the training figures
 */
export function trainSignalModel({ seed, seriesSeed, log }: { seed: number; seriesSeed: number; log?: ((line: string) => void) | undefined }) {
  const { returns } = priceSeries({ steps: SERIES.steps, seed: seriesSeed })
  const train = dataSet(returns, 0, SERIES.trainSteps)
  const test = dataSet(returns, SERIES.trainSteps + SERIES.gap, SERIES.steps)
  log?.(`series: ${SERIES.steps} steps (seed ${seriesSeed}); ${train.count} training windows, ${test.count} test windows`)
  const { net, loss, seconds } = trainMlp({ ...TRAINING, x: train.x, y: train.y, seed, onEpoch: (e) => log?.(`  epoch ${e.epoch}: loss ${e.loss.toFixed(4)}`) })
  const onnx = writeOnnx({ graph: signalGraph(net), producerName: '@zkml/web examples/trading-vault/train.ts' })
  return { onnx, net, train, test, loss, seconds }
}

/** The committed model's seeds. */
export const DEFAULT_SEEDS = { seed: 1, seriesSeed: 7 } as const

/**
 * Trains the model and writes `model/`: signal.onnx, calibration.json, inputs.json, training.json.
 * @param parameters.log progress lines (default console.log)
 */
export async function trainAndSave({ seed = DEFAULT_SEEDS.seed, seriesSeed = DEFAULT_SEEDS.seriesSeed, log = console.log }: { seed?: number; seriesSeed?: number; log?: (line: string) => void } = {}): Promise<void> {
  const { onnx: bytes, net, train, test, loss, seconds } = trainSignalModel({ seed, seriesSeed, log })
  const ours = scoreClasses(test.y, predict(net, test.x), SIGNALS.length)
  writeFileSync(join(MODEL_DIR, 'signal.onnx'), bytes)

  // The saved file in onnxruntime-node: what `compile`'s fidelity report and the browser run.
  const session = await ort.InferenceSession.create(bytes)
  const ortPredicted = new Uint8Array(test.count)
  for (let i = 0; i < test.count; i++) {
    const out = await session.run({ input: new ort.Tensor('float32', test.x.slice(i * LAGS, (i + 1) * LAGS), [1, LAGS]) })
    ortPredicted[i] = Number((out['signal']!.data as BigInt64Array)[0])
  }
  await session.release()
  const saved = scoreClasses(test.y, ortPredicted, SIGNALS.length)
  log(`test accuracy ${(100 * saved.accuracy).toFixed(2)} % (majority-class baseline ${(100 * saved.baseline).toFixed(2)} %); training ${seconds.toFixed(1)} s`)

  // Calibration: 128 training windows, plus the two corners of the input range so the proven
  // input range is the whole feature range [−1, 1].
  const calibration = new Float32Array((128 + 2) * LAGS)
  calibration.set(train.x.subarray(0, 128 * LAGS))
  calibration.fill(-1, 128 * LAGS, 129 * LAGS)
  calibration.fill(1, 129 * LAGS)
  writeJson(join(MODEL_DIR, 'calibration.json'), ezklInput(calibration))

  // Sample trader inputs: the last test window the model calls up, down and hold with a clear
  // margin (top logit ≥ 0.25 above the next), so quantization cannot flip the class.
  const logits = net.forward(test.x, test.count)
  const margin = (i: number) => {
    const l = Array.from(logits.subarray(i * SIGNALS.length, (i + 1) * SIGNALS.length)).sort((a, b) => b - a)
    return l[0]! - l[1]!
  }
  const samples: Record<string, { step: number; features: number[] }> = {}
  for (const [cls, name] of SIGNALS.entries()) {
    for (let i = test.count - 1; i >= 0; i--) {
      if (ortPredicted[i] !== cls || margin(i) < 0.25) continue
      samples[name] = { step: test.steps[i]!, features: ezklInput(test.x.subarray(i * LAGS, (i + 1) * LAGS)).input_data[0]! }
      break
    }
  }
  writeJson(join(MODEL_DIR, 'inputs.json'), samples)

  writeJson(join(MODEL_DIR, 'training.json'), {
    model: 'signal.onnx',
    architecture: `${LAGS} → Gemm 16 → ReLU → Gemm 3 → ArgMax (0 hold, 1 up, 2 down)`,
    parameters: net.params.reduce((s, p) => s + p.value.length, 0),
    data: { series: 'examples/trading-vault/data.ts', steps: SERIES.steps, seriesSeed, windows: [...WINDOWS], horizon: HORIZON, thresholdSigma: THRESHOLD, trainWindows: train.count, testWindows: test.count },
    training: { ...TRAINING, seed, optimizer: 'adam, cosine decay', finalLoss: Math.round(loss * 1e4) / 1e4 },
    test: { accuracy: saved.accuracy, baseline: saved.baseline, confusion: saved.confusion, ourForwardAccuracy: ours.accuracy },
    onnxruntime: (ort.env as { versions?: { common?: string } }).versions?.common ?? '',
    node: process.version,
    command: `npx tsx --tsconfig examples/tsconfig.json examples/trading-vault/train.ts --seed ${seed} --series-seed ${seriesSeed}`,
  })
  log(`wrote ${MODEL_DIR}/{signal.onnx,calibration.json,inputs.json,training.json}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: String(DEFAULT_SEEDS.seed) }, 'series-seed': { type: 'string', default: String(DEFAULT_SEEDS.seriesSeed) } } })
  trainAndSave({ seed: Number(values.seed), seriesSeed: Number(values['series-seed']) }).catch((e: unknown) => {
    console.error(e)
    process.exitCode = 1
  })
}
