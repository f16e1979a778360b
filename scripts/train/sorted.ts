/**
 * The "is the sequence sorted" task: `seq` tokens from a vocabulary of `vocab`, one-hot
 * ([seq × vocab] per sample); class 1 when the tokens are non-decreasing, else 0. Half the samples
 * are sorted; of the unsorted half, half are a sorted sequence with one adjacent pair of unequal
 * tokens swapped (one local inversion: the hard case) and half are uniform draws. Deterministic for a seed.
 */
import { createRng } from './rng.js'

/** A generated data set: `count` one-hot sequences [seq × vocab] and their labels. */
export type SequenceData = { inputs: Float32Array; labels: Uint8Array; count: number; seq: number; vocab: number }

/** Draws `count` samples (see the module doc). */
export function sortedData({ count, seq, vocab, seed }: { count: number; seq: number; vocab: number; seed: number }): SequenceData {
  const rng = createRng({ seed })
  const inputs = new Float32Array(count * seq * vocab)
  const labels = new Uint8Array(count)
  const draw = () => Array.from({ length: seq }, () => Math.min(vocab - 1, Math.floor(rng.next() * vocab)))
  const isSorted = (t: number[]) => t.every((v, i) => i === 0 || t[i - 1]! <= v)
  for (let n = 0; n < count; n++) {
    const kind = rng.next()
    let t = draw().sort((a, b) => a - b)
    if (kind >= 0.5 && kind < 0.75) {
      // One adjacent swap of unequal tokens (redraw until there is such a pair).
      while (t[0] === t[seq - 1]) t = draw().sort((a, b) => a - b)
      let i = Math.floor(rng.next() * (seq - 1))
      while (t[i] === t[i + 1]) i = (i + 1) % (seq - 1)
      ;[t[i], t[i + 1]] = [t[i + 1]!, t[i]!]
    } else if (kind >= 0.75) {
      do t = draw()
      while (isSorted(t))
    }
    labels[n] = isSorted(t) ? 1 : 0
    for (let s = 0; s < seq; s++) inputs[(n * seq + s) * vocab + t[s]!] = 1
  }
  return { inputs, labels, count, seq, vocab }
}
