/**
 * Sliding-window helpers shared by Conv, MaxPool, AveragePool and GlobalAveragePool:
 * canonicalization checks (`windowRank`, `checkSame`) and the quantizer's 2-D geometry (a 1-D
 * window runs as 2-D with height 1: `geometry2d`, `as2d`).
 */
import { attrInts } from '../onnx/attributes.js'
import type { Node } from '../onnx/ir.js'
import type { CanonicalizeContext, QuantizeContext } from './types.js'

/** Refuses inputs that are not 1-D or 2-D windows (NCW / NCHW). */
export function windowRank(node: Node, ctx: CanonicalizeContext): void {
  if (ctx.rank !== 3 && ctx.rank !== 4) ctx.unsupported(`only 1-D and 2-D ${node.opType} are supported (input rank ${ctx.rank})`)
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

/** 2-D window geometry of the integer ops (`QNode` Conv / MaxPool / SumPool). */
export type Geometry2d = {
  kernel: [number, number]
  pads: [number, number, number, number]
  strides: [number, number]
  dilations: [number, number]
}

/** The canonical node's window as 2-D geometry (a 1-D window gets height 1). */
export function geometry2d(node: Node, q: QuantizeContext): Geometry2d {
  const k = attrInts(node, 'kernel_shape', [])
  const one = k.length === 1 || (node.opType === 'Conv' && q.constant(node.inputs[1])?.dims.length === 3)
  const pads = attrInts(node, 'pads', one ? [0, 0] : [0, 0, 0, 0])
  const strides = attrInts(node, 'strides', one ? [1] : [1, 1])
  const dilations = attrInts(node, 'dilations', one ? [1] : [1, 1])
  if (!one) {
    if (k.length > 2 || pads.length !== 4) q.unsupported(`${Math.max(k.length, pads.length / 2)}-D window (only 1-D and 2-D)`)
    return { kernel: [k[0] ?? 1, k[1] ?? 1] as [number, number], pads: [pads[0]!, pads[1]!, pads[2]!, pads[3]!] as [number, number, number, number], strides: strides as [number, number], dilations: dilations as [number, number] }
  }
  return { kernel: [1, k[0] ?? 1] as [number, number], pads: [0, pads[0]!, 0, pads[1]!] as [number, number, number, number], strides: [1, strides[0]!] as [number, number], dilations: [1, dilations[0]!] as [number, number] }
}

/**
 * 1-D Conv/pooling runs as 2-D with height 1: reshape [N, C, L] → [N, C, 1, L] around the op.
 * Returns the names the 2-D op reads and writes, and `done`, which reshapes the result back
 * (call it after emitting the op). For a 2-D input the names are `x` and `out` themselves.
 */
export function as2d(node: Node, q: QuantizeContext, x: string, out: string): { x2: string; out2: string; done: () => void } {
  const xs = q.shape(x)
  if (xs.length === 4) return { x2: x, out2: out, done: () => {} }
  if (xs.length !== 3) q.unsupported(`${xs.length - 2}-D input (only 1-D and 2-D)`)
  const x2 = `${x}@2d`
  const out2 = `${out}@2d`
  q.addTensor(x2, [xs[0]!, xs[1]!, 1, xs[2]!], q.scale(x))
  q.emit({ op: 'Reshape', name: `${node.name}.to2d`, inputs: [x], outputs: [x2] })
  const os = q.graphShape(out)
  return {
    x2,
    out2,
    done: () => {
      q.addTensor(out2, [os[0]!, os[1]!, 1, os[2]!], q.scale(out))
      q.emit({ op: 'Reshape', name: `${node.name}.from2d`, inputs: [out2], outputs: [out] })
    },
  }
}
