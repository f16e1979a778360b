/** Max pooling over `size × size` windows with stride `size` (floor mode), the ONNX `MaxPool`. */
import { Scratch } from './types.js'
import type { Layer } from './types.js'

/** A max-pooling layer with its window size (= stride). */
export type MaxPoolLayer = Layer & { readonly size: number }

/**
 * Creates a max-pooling layer.
 * @param parameters.inShape per-sample input `[channels, height, width]`
 * @param parameters.size window side and stride (default 2)
 * @returns the layer (no parameters); output `[channels, ⌊h/size⌋, ⌊w/size⌋]`
 */
export function createMaxPool({ inShape, size = 2 }: { inShape: readonly [number, number, number]; size?: number }): MaxPoolLayer {
  const [C, H, W] = inShape
  const OH = Math.floor(H / size)
  const OW = Math.floor(W / size)
  const inSize = C * H * W
  const outSize = C * OH * OW
  const out = new Scratch()
  const dxBuf = new Scratch()
  let arg = new Int32Array(0) // input index of each output's maximum
  return {
    type: 'maxPool',
    inShape: [C, H, W],
    outShape: [C, OH, OW],
    params: [],
    size,
    forward(x, batch) {
      const y = out.get(batch * outSize)
      if (arg.length < y.length) arg = new Int32Array(y.length)
      let k = 0
      for (let bc = 0; bc < batch * C; bc++) {
        const base = bc * H * W
        for (let oy = 0; oy < OH; oy++)
          for (let ox = 0; ox < OW; ox++, k++) {
            let best = base + oy * size * W + ox * size
            let m = x[best]!
            for (let dy = 0; dy < size; dy++)
              for (let dx = 0; dx < size; dx++) {
                const i = base + (oy * size + dy) * W + ox * size + dx
                if (x[i]! > m) {
                  m = x[i]!
                  best = i
                }
              }
            y[k] = m
            arg[k] = best
          }
      }
      return y
    },
    backward(dy, batch) {
      const dx = dxBuf.get(batch * inSize)
      dx.fill(0)
      for (let k = 0; k < batch * outSize; k++) dx[arg[k]!] = dx[arg[k]!]! + dy[k]!
      return dx
    },
  }
}
