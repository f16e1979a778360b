/**
 * Trains the captcha's classifier and writes it, with its calibration set and training record,
 * into `examples/captcha/model/`:
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/captcha/train.ts [--seed N]
 *
 * Model: 10 pointer features → Gemm 16 → ReLU → Gemm 2 (bot, human), trained with softmax
 * cross-entropy; the saved graph folds the last layer into one output, `score` = logit(human) −
 * logit(bot), so P(human) = sigmoid(score) and the gate compares one proven integer with a
 * threshold. Data: synthetic trajectories (`trajectories.ts`), 6,000 human-like and 6,000 scripted
 * for training, 2,000 + 2,000 others (disjoint seeds) for the test.
 */
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import * as ort from 'onnxruntime-node'
import { writeOnnx, type Graph } from '@zkml/web/compiler'
import type { Network } from '../../scripts/train/network.js'
import { networkToGraph } from '../../scripts/train/toOnnx.js'
import { ezklInput, writeJson } from '../shared/files.js'
import { trainMlp } from '../shared/train.js'
import { FEATURES, FEATURE_NAMES, MIN_SAMPLES, trajectoryFeatures } from './features.js'
import { humanTrajectory, SCRIPTED_KINDS, scriptedTrajectory, type ScriptedKind, type Trajectory } from './trajectories.js'

/** Where the committed model lives. */
export const MODEL_DIR = join(import.meta.dirname, 'model')
/** The probability of "human" a claim needs: the gate's threshold on the score is its logit, ln(p / (1 − p)). */
export const MIN_HUMAN_PROBABILITY = 0.9
export const MIN_SCORE = Math.log(MIN_HUMAN_PROBABILITY / (1 - MIN_HUMAN_PROBABILITY))

const TRAINING = { sizes: [FEATURES, 16, 2], epochs: 10, batchSize: 64, lr: 0.003 }
const COUNTS = { train: 6000, test: 2000 }
/** Seed ranges: human-like and scripted, training and test, never overlapping. */
const SEEDS = { humanTrain: 1_000_000, humanTest: 2_000_000, botTrain: 3_000_000, botTest: 4_000_000 }

/** A trajectory of at least MIN_SAMPLES samples (the widget refuses shorter ones): the first seed from `seed` on, by 7,919s. */
function usable(make: (seed: number) => Trajectory, seed: number): Trajectory {
  for (let s = seed; ; s += 7919) {
    const t = make(s)
    if (t.length >= MIN_SAMPLES) return t
  }
}

/** `count` human-like and `count` scripted trajectories' features (label 1 human, 0 bot), interleaved. */
function dataSet(count: number, humanSeed: number, botSeed: number): { x: Float32Array; y: Uint8Array; kinds: (ScriptedKind | 'human')[] } {
  const x = new Float32Array(2 * count * FEATURES)
  const y = new Uint8Array(2 * count)
  const kinds: (ScriptedKind | 'human')[] = []
  for (let i = 0; i < count; i++) {
    x.set(trajectoryFeatures(usable((seed) => humanTrajectory({ seed }), humanSeed + i)), 2 * i * FEATURES)
    y[2 * i] = 1
    kinds.push('human')
    const kind = SCRIPTED_KINDS[i % SCRIPTED_KINDS.length]!
    x.set(trajectoryFeatures(usable((seed) => scriptedTrajectory({ seed, kind }), botSeed + i)), (2 * i + 1) * FEATURES)
    kinds.push(kind)
  }
  return { x, y, kinds }
}

/** The network as ONNX with the last layer folded into the score logit(human) − logit(bot). */
function scoreGraph(net: Network): Graph {
  const graph = networkToGraph({ net, inputShape: [1, FEATURES], name: 'captcha_human_score' })
  const w = graph.initializers.get('fc2.weight')!
  const b = graph.initializers.get('fc2.bias')!
  const hidden = w.dims[1]!
  const folded = new Float64Array(hidden)
  for (let j = 0; j < hidden; j++) folded[j] = w.data[hidden + j]! - w.data[j]!
  graph.initializers.set('fc2.weight', { dtype: 'float32', dims: [1, hidden], data: folded })
  graph.initializers.set('fc2.bias', { dtype: 'float32', dims: [1], data: Float64Array.of(b.data[1]! - b.data[0]!) })
  graph.nodes.at(-1)!.outputs = ['score']
  graph.outputs = [{ name: 'score', dtype: 'float32', shape: [1, 1] }]
  return graph
}

/**
 * Trains the classifier (deterministic for a given seed and Node version).
 * @returns the ONNX bytes, the network, the data sets and the training figures
 */
export function trainHumanModel({ seed, log }: { seed: number; log?: ((line: string) => void) | undefined }) {
  const train = dataSet(COUNTS.train, SEEDS.humanTrain, SEEDS.botTrain)
  const test = dataSet(COUNTS.test, SEEDS.humanTest, SEEDS.botTest)
  log?.(`data: ${2 * COUNTS.train} training and ${2 * COUNTS.test} test trajectories (half human-like, half scripted: ${SCRIPTED_KINDS.join(', ')})`)
  const { net, loss, seconds } = trainMlp({ ...TRAINING, x: train.x, y: train.y, seed, onEpoch: (e) => log?.(`  epoch ${e.epoch}: loss ${e.loss.toFixed(4)}`) })
  const onnx = writeOnnx({ graph: scoreGraph(net), producerName: '@zkml/web examples/captcha/train.ts' })
  return { onnx, net, train, test, loss, seconds }
}

/**
 * Trains the classifier and writes `model/`: human.onnx, calibration.json, training.json.
 * @param parameters.log progress lines (default console.log)
 */
export async function trainAndSave({ seed = 1, log = console.log }: { seed?: number; log?: (line: string) => void } = {}): Promise<void> {
  const { onnx: bytes, net, train, test, loss, seconds } = trainHumanModel({ seed, log })
  writeFileSync(join(MODEL_DIR, 'human.onnx'), bytes)

  // The saved file in onnxruntime-node: accuracy (score > 0) and the gate's pass rates (score ≥ MIN_SCORE).
  const session = await ort.InferenceSession.create(bytes)
  const scores = new Float32Array(test.y.length)
  for (let i = 0; i < test.y.length; i++) {
    const out = await session.run({ input: new ort.Tensor('float32', test.x.slice(i * FEATURES, (i + 1) * FEATURES), [1, FEATURES]) })
    scores[i] = (out['score']!.data as Float32Array)[0]!
  }
  await session.release()
  let correct = 0
  const pass: Record<string, { passed: number; total: number }> = {}
  test.kinds.forEach((kind, i) => {
    if ((scores[i]! > 0 ? 1 : 0) === test.y[i]) correct++
    const p = (pass[kind] ??= { passed: 0, total: 0 })
    p.total++
    if (scores[i]! >= MIN_SCORE) p.passed++
  })
  const rate = (k: string) => pass[k]!.passed / pass[k]!.total
  const botsPassed = SCRIPTED_KINDS.reduce((s, k) => s + pass[k]!.passed, 0)
  log(`test accuracy ${(100 * correct / test.y.length).toFixed(2)} %; at P(human) ≥ ${MIN_HUMAN_PROBABILITY}: ${(100 * rate('human')).toFixed(2)} % of humans pass, ${botsPassed} of ${COUNTS.test} scripted pass; training ${seconds.toFixed(1)} s`)

  // Calibration: 128 training trajectories plus the corners of the feature range [0, 1].
  const calibration = new Float32Array((128 + 2) * FEATURES)
  calibration.set(train.x.subarray(0, 128 * FEATURES))
  calibration.fill(0, 128 * FEATURES, 129 * FEATURES)
  calibration.fill(1, 129 * FEATURES)
  writeJson(join(MODEL_DIR, 'calibration.json'), ezklInput(calibration))
  writeJson(join(MODEL_DIR, 'training.json'), {
    model: 'human.onnx',
    architecture: `${FEATURES} → Gemm 16 → ReLU → Gemm 2, folded into score = logit(human) − logit(bot)`,
    features: FEATURE_NAMES,
    parameters: net.params.reduce((s, p) => s + p.value.length, 0),
    data: { generator: 'examples/captcha/trajectories.ts', train: 2 * COUNTS.train, test: 2 * COUNTS.test, seeds: SEEDS, scriptedKinds: SCRIPTED_KINDS },
    training: { ...TRAINING, seed, optimizer: 'adam, cosine decay', finalLoss: Math.round(loss * 1e4) / 1e4 },
    test: {
      accuracy: correct / test.y.length,
      threshold: { minHumanProbability: MIN_HUMAN_PROBABILITY, minScore: MIN_SCORE },
      passRateAtThreshold: Object.fromEntries(Object.keys(pass).map((k) => [k, rate(k)])),
    },
    onnxruntime: (ort.env as { versions?: { common?: string } }).versions?.common ?? '',
    node: process.version,
    command: `npx tsx --tsconfig examples/tsconfig.json examples/captcha/train.ts --seed ${seed}`,
  })
  log(`wrote ${MODEL_DIR}/{human.onnx,calibration.json,training.json}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' } } })
  trainAndSave({ seed: Number(values.seed) }).catch((e: unknown) => {
    console.error(e)
    process.exitCode = 1
  })
}
