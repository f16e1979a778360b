/** Rectified linear unit `y = max(0, x)`, the ONNX `Relu`. */
import { sizeOf, Scratch } from './types.js'
import type { Layer } from './types.js'

/**
 * Creates a ReLU layer.
 * @param parameters.shape per-sample shape (input = output)
 * @returns the layer (no parameters)
 */
export function createRelu({ shape }: { shape: readonly number[] }): Layer {
  const n = sizeOf(shape)
  const out = new Scratch()
  const dxBuf = new Scratch()
  let y: Float32Array = new Float32Array(0)
  return {
    type: 'relu',
    inShape: [...shape],
    outShape: [...shape],
    params: [],
    forward(x, batch) {
      y = out.get(batch * n)
      for (let i = 0; i < y.length; i++) {
        const v = x[i]!
        y[i] = v > 0 ? v : 0
      }
      return y
    },
    backward(dy, batch) {
      const dx = dxBuf.get(batch * n)
      for (let i = 0; i < dx.length; i++) dx[i] = y[i]! > 0 ? dy[i]! : 0
      return dx
    },
  }
}
