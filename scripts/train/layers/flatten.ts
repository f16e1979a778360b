/**
 * Flatten `[c, h, w]` → `[c·h·w]`, the ONNX `Flatten` with `axis = 1`. Row-major data is already
 * flat, so this layer passes its buffers through.
 */
import { sizeOf } from './types.js'
import type { Layer } from './types.js'

/**
 * Creates a flatten layer.
 * @param parameters.inShape per-sample input shape
 * @returns the layer (no parameters)
 */
export function createFlatten({ inShape }: { inShape: readonly number[] }): Layer {
  return {
    type: 'flatten',
    inShape: [...inShape],
    outShape: [sizeOf(inShape)],
    params: [],
    forward: (x) => x,
    backward: (dy) => dy,
  }
}
