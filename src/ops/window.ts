/**
 * Sliding-window helpers shared by Conv, ConvTranspose, MaxPool, AveragePool, LpPool and
 * GlobalAveragePool: canonicalization checks (`windowRank`, `checkSame`) and the canonical
 * node's N-D geometry (`windowGeometry`), which the integer nodes (`QNode` Conv / MaxPool /
 * SumPool) carry as is. The taps themselves are `windowTaps` (`src/ir/lower/window.ts`), used by
 * the float kernels and the integer lowerings alike.
 */
import { attrInts } from '../onnx/attributes.js'
import type { Node } from '../onnx/ir.js'
import { ones } from '../onnx/shapes.js'
import type { CanonicalizeContext } from './types.js'

/** Refuses inputs that are not 1-D, 2-D or 3-D windows (NCW / NCHW / NCDHW). */
export function windowRank(node: Node, ctx: CanonicalizeContext): void {
  if (ctx.rank < 3 || ctx.rank > 5) ctx.unsupported(`only 1-D, 2-D and 3-D ${node.opType} are supported (input rank ${ctx.rank})`)
}

/**
 * SAME padding where onnxruntime and the ONNX spec disagree is refused rather than guessed:
 * onnxruntime sizes it from the undilated kernel (and rejects dilations for Conv), and a
 * stride longer than the kernel span asks for negative padding (cropping).
 */
export function checkSame(ctx: CanonicalizeContext, autoPad: string, kernel: readonly number[], strides: readonly number[], dilations: readonly number[]): void {
  if (!autoPad.startsWith('SAME')) return
  if (dilations.some((d) => d !== 1)) ctx.unsupported(`auto_pad ${autoPad} with dilations [${dilations}] is ambiguous (onnxruntime and the ONNX spec differ); use explicit pads`)
  ctx.x.shape.slice(2).forEach((input, i) => {
    if ((Math.ceil(input / strides[i]!) - 1) * strides[i]! + kernel[i]! < input)
      ctx.unsupported(`auto_pad ${autoPad} with stride ${strides[i]} > kernel ${kernel[i]} needs negative padding; use explicit pads`)
  })
}

/** N-D window geometry of the integer ops (`QNode` Conv / MaxPool / SumPool). */
export type Geometry = {
  kernel: number[]
  pads: number[]
  strides: number[]
  dilations: number[]
}

/**
 * The canonical node's window over `n` spatial dims (kernel from `kernel_shape`, or `kernel`
 * when given, e.g. a Conv's weight dims; dilations default to 1, which is what AveragePool before
 * opset 19 means).
 */
export function windowGeometry(node: Node, n: number, kernel?: readonly number[]): Geometry {
  return {
    kernel: [...(kernel ?? attrInts(node, 'kernel_shape'))],
    pads: attrInts(node, 'pads', new Array<number>(2 * n).fill(0)),
    strides: attrInts(node, 'strides', ones(n)),
    dilations: attrInts(node, 'dilations', ones(n)),
  }
}
