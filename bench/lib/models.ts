/**
 * The benchmarked models: the five MNIST models in `models/` and how each maps to the published
 * comparison (`../shared/anchors/zkml-benchmark-results.csv`, Guy1m0/ZKML-Benchmark), and the
 * sequence examples (a GRU, a transformer encoder: their own sample files and held-out splits).
 */
import { SEQUENCE_SPLITS, SEQUENCE_STEPS, sequenceSamples } from '../../scripts/train/sequenceTask.js'
import { heldOutData } from '../../scripts/train/transformerTask.js'

export type BenchModel = {
  /** File stem in `models/` (`<name>.onnx`). */
  name: string
  /** Short title for tables. */
  title: string
  /** Input values: 784 (28×28) or 196 (14×14, 2×2 averages) for MNIST; the sequence models' own size. */
  inputSize: number
  /** ONNX input shape (batch 1). */
  inputShape: number[]
  /**
   * The anchors' architecture string (matched case-insensitively) and whether it is the *same*
   * architecture (`shared`) or only a similar one (reported, but not held to the 8× target).
   */
  anchor?: { architecture: string; shared: boolean; note: string } | undefined
  /**
   * A non-MNIST model: its sample files (`models/calibration_<files>.json`, `models/input_<files>.json`)
   * and its labelled held-out split (the first `limit` samples). Absent: MNIST, files by `inputSize`.
   */
  task?: { files: string; testSet(limit?: number): { inputs: Float32Array; labels: Uint8Array; count: number } } | undefined
}

export const MODELS: BenchModel[] = [
  {
    name: 'mnist_mlp_196_25_10',
    title: 'MLP 196-25-10',
    inputSize: 196,
    inputShape: [1, 196],
    anchor: { architecture: 'Input-Dense-Dense (196x25x10)', shared: true, note: 'same architecture (5,185 parameters)' },
  },
  {
    name: 'mnist_mlp_196_24_14_10',
    title: 'MLP 196-24-14-10',
    inputSize: 196,
    inputShape: [1, 196],
    anchor: { architecture: 'Input-Dense-Dense-Dense (196x24x14x10)', shared: true, note: 'same architecture (5,228 parameters)' },
  },
  {
    name: 'mnist_mlp_784_56_10',
    title: 'MLP 784-56-10',
    inputSize: 784,
    inputShape: [1, 784],
    anchor: { architecture: 'Input-Dense-Dense (784x56x10)', shared: true, note: 'same architecture (44,530 parameters)' },
  },
  {
    name: 'mnist_cnn_6c5',
    title: 'CNN 6c5 (Conv 6@5×5 → MaxPool → 10)',
    inputSize: 784,
    inputShape: [1, 1, 28, 28],
    anchor: undefined,
  },
  {
    name: 'mnist_lenet5',
    title: 'LeNet-5',
    inputSize: 784,
    inputShape: [1, 1, 28, 28],
    anchor: {
      architecture: 'Input-Conv2d-Conv2d-Dense-Dense-Dense_Kernal (784x6x16x120x84x10_5x5)',
      shared: false,
      note: 'similar: ours pads the first conv (28×28 kept), so 61,706 parameters vs their 44,426',
    },
  },
  {
    name: 'seq_gru_shape',
    title: 'GRU 8 × 12 steps (sequence shapes)',
    inputSize: SEQUENCE_STEPS,
    inputShape: [1, SEQUENCE_STEPS],
    anchor: undefined,
    task: {
      files: 'seq_gru_shape',
      testSet(limit) {
        const count = Math.min(limit ?? SEQUENCE_SPLITS.test.count, SEQUENCE_SPLITS.test.count)
        const { inputs, labels } = sequenceSamples(SEQUENCE_SPLITS.test)
        return { inputs: inputs.subarray(0, count * SEQUENCE_STEPS), labels: labels.subarray(0, count), count }
      },
    },
  },
  {
    name: 'transformer_sorted',
    title: 'Transformer 1 layer, d 16, 2 heads, seq 10 ("is it sorted")',
    inputSize: 80,
    inputShape: [1, 10, 8],
    anchor: undefined,
    task: {
      files: 'transformer_sorted',
      testSet(limit) {
        const held = heldOutData()
        const count = Math.min(limit ?? held.count, held.count)
        return { inputs: held.inputs.subarray(0, count * 80), labels: held.labels.subarray(0, count), count }
      },
    },
  },
]

/** A model's sample file in `models/`: `calibration_*.json` or `input_*.json`. */
export function sampleFile(m: BenchModel, kind: 'calibration' | 'input'): string {
  return `models/${kind}_${m.task?.files ?? m.inputSize}.json`
}
/** Path of the model's calibration file, relative to the repository. */
export const calibrationFile = (m: BenchModel): string => sampleFile(m, 'calibration')
/** Path of the model's sample input file, relative to the repository. */
export const inputFile = (m: BenchModel): string => sampleFile(m, 'input')

/** Looks a model up by name. */
export function modelByName(name: string): BenchModel {
  const m = MODELS.find((x) => x.name === name)
  if (!m) throw new Error(`unknown bench model ${name} (known: ${MODELS.map((x) => x.name).join(', ')})`)
  return m
}
