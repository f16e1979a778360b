/**
 * The layer contract of the trainer.
 *
 * Conventions: a batch is one Float32Array, samples one after the other, each sample row-major in
 * its per-sample shape (NCHW for images, like ONNX). Layers own their output and gradient buffers
 * and reuse them between batches (no per-element allocation); an output is valid until the next
 * call of the same layer. `backward` must follow the `forward` of the same batch; it adds the
 * parameter gradients into `Param.grad` (the caller zeroes them) and returns the input gradient.
 */

/** A trainable tensor with its gradient, named as its ONNX initializer. */
export type Param = {
  name: string
  dims: number[]
  value: Float32Array
  grad: Float32Array
}

/** One layer of a sequential network. */
export type Layer = {
  readonly type: 'dense' | 'conv2d' | 'relu' | 'maxPool' | 'flatten' | 'gru'
  /** Per-sample input shape, e.g. `[784]` or `[1, 28, 28]`. */
  readonly inShape: readonly number[]
  /** Per-sample output shape. */
  readonly outShape: readonly number[]
  readonly params: readonly Param[]
  /** Computes the batch output. */
  forward(x: Float32Array, batch: number): Float32Array
  /**
   * Adds parameter gradients and returns the gradient of the input.
   * @param needInput false for the first layer: the input gradient is then not computed (an empty array is returned)
   */
  backward(dy: Float32Array, batch: number, needInput: boolean): Float32Array
}

/** Product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

/** A growable scratch buffer: `get(n)` returns `n` floats (old contents, not zeroed), reallocating only to grow. */
export class Scratch {
  private buf = new Float32Array(0)
  get(n: number): Float32Array {
    if (this.buf.length < n) this.buf = new Float32Array(n)
    return this.buf.length === n ? this.buf : this.buf.subarray(0, n)
  }
}

/** Creates a parameter with a zero gradient. */
export function createParam(name: string, dims: number[], value?: Float32Array): Param {
  const n = sizeOf(dims)
  return { name, dims, value: value ?? new Float32Array(n), grad: new Float32Array(n) }
}
