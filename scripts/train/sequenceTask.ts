/**
 * The synthetic sequence task of the recurrent example model (`models/seq_gru_shape.onnx`),
 * generated deterministically from a seed: classify the shape of a noisy 12-step signal.
 *
 * Classes: 0 rising, 1 falling, 2 peak (up then down), 3 valley (down then up). A sample is
 * offset + amplitude · shape(t) + noise, with a random offset in ±0.5, amplitude in [0.4, 1.2],
 * the turning point of a peak/valley anywhere in the middle half, and Gaussian noise σ = 0.25.
 * The order of the values matters (a peak and a valley have the same values reversed in time),
 * which is what the recurrent layer has to learn.
 */
import { createRng } from './rng.js'

/** Time steps of a sample. */
export const SEQUENCE_STEPS = 12
/** Number of classes. */
export const SEQUENCE_CLASSES = 4
/** Class names, by label. */
export const SEQUENCE_CLASS_NAMES = ['rising', 'falling', 'peak', 'valley'] as const

/** Seeds of the splits (the held-out split never overlaps the training one). */
export const SEQUENCE_SPLITS = { train: { seed: 1001, count: 4000 }, test: { seed: 2002, count: 1000 } } as const

/**
 * Generates `count` samples from `seed`.
 * @returns `inputs` (`count × SEQUENCE_STEPS`, time-major per sample) and `labels`
 */
export function sequenceSamples({ seed, count }: { seed: number; count: number }): { inputs: Float32Array; labels: Uint8Array } {
  const rng = createRng({ seed })
  const T = SEQUENCE_STEPS
  const inputs = new Float32Array(count * T)
  const labels = new Uint8Array(count)
  for (let s = 0; s < count; s++) {
    const label = rng.int(SEQUENCE_CLASSES)
    const offset = rng.next() - 0.5
    const amp = 0.4 + 0.8 * rng.next()
    const turn = Math.floor(T / 4) + rng.int(Math.ceil(T / 2))
    labels[s] = label
    for (let t = 0; t < T; t++) {
      const u = t / (T - 1)
      const tent = t <= turn ? t / turn : (T - 1 - t) / (T - 1 - turn)
      const shape = label === 0 ? u : label === 1 ? 1 - u : label === 2 ? tent : 1 - tent
      inputs[s * T + t] = offset + amp * (shape - 0.5) + 0.25 * rng.normal()
    }
  }
  return { inputs, labels }
}
