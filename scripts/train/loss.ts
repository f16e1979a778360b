/** Softmax cross-entropy over class logits. */

/** Parameters of {@link softmaxCrossEntropy}. */
export type SoftmaxCrossEntropyParameters = {
  /** `batch × classes` logits. */
  logits: Float32Array
  /** `batch` class indices. */
  labels: Uint8Array
  batch: number
  classes: number
  /** Receives `∂loss/∂logits` (`batch × classes`) when given: `(softmax − onehot) / batch`. */
  grad?: Float32Array | undefined
}

/**
 * Mean softmax cross-entropy of a batch, and optionally its gradient.
 * @param parameters {@link SoftmaxCrossEntropyParameters}
 * @returns the mean loss (natural log)
 * @example
 * const loss = softmaxCrossEntropy({ logits, labels, batch: 32, classes: 10, grad })
 */
export function softmaxCrossEntropy({ logits, labels, batch, classes, grad }: SoftmaxCrossEntropyParameters): number {
  let total = 0
  for (let b = 0; b < batch; b++) {
    const o = b * classes
    let max = -Infinity
    for (let c = 0; c < classes; c++) if (logits[o + c]! > max) max = logits[o + c]!
    let sum = 0
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[o + c]! - max)
    const label = labels[b]!
    total += Math.log(sum) - (logits[o + label]! - max)
    if (grad) {
      for (let c = 0; c < classes; c++) grad[o + c] = (Math.exp(logits[o + c]! - max) / sum - (c === label ? 1 : 0)) / batch
    }
  }
  return total / batch
}

/** Index of the largest of `n` values starting at `offset` (the lowest index on ties). */
export function argmax(values: ArrayLike<number>, offset = 0, n = values.length - offset): number {
  let best = 0
  for (let i = 1; i < n; i++) if (values[offset + i]! > values[offset + best]!) best = i
  return best
}
