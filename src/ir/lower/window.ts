/**
 * Sliding-window geometry in any number of spatial dimensions, shared by the Conv and pooling
 * kernels (integer lowerings here and the float kernels in `src/ops/`).
 *
 * Along spatial axis a, output position o and kernel tap k read the (input-dilated) position
 *   p = o · strides[a] − pads[a] + k · dilations[a]
 * which is the input element i = p / inputDilations[a] when that division is exact and
 * 0 ≤ i < in[a]; any other position is padding (a zero for Conv, ignored by MaxPool). Pads are
 * `[begin..., end...]`; begin pads may be negative (a crop). `inputDilations` (default 1) puts
 * d − 1 zeros between input elements: with it a Conv computes a transposed convolution.
 */

/** The window of a Conv or pooling op over the spatial dims (all arrays have one entry per axis; pads two). */
export type WindowGeometry = {
  kernel: readonly number[]
  pads: readonly number[]
  strides: readonly number[]
  dilations: readonly number[]
  inputDilations?: readonly number[] | undefined
}

/**
 * The taps of every output position, flattened: output position o (row-major over the output's
 * spatial dims) has taps `start[o] ≤ t < start[o + 1]`, tap t reading kernel element `kernel[t]`
 * and input element `input[t]` (both row-major flat spatial indices). `padded[o]` counts the
 * window positions inside the padded input `[−pads_begin, in + pads_end)` (valid or not): the
 * divisor of an average with `count_include_pad`.
 */
export type WindowTaps = { start: Int32Array; kernel: Int32Array; input: Int32Array; padded: Float64Array }

/** Per-axis tap lists: for each output coordinate, the (kernel, input) index pairs and the padded count. */
function axisTaps(input: number, output: number, a: number, g: WindowGeometry): { k: number[][]; i: number[][]; padded: number[] } {
  const stride = g.strides[a]!
  const dilation = g.dilations[a]!
  const lhs = g.inputDilations?.[a] ?? 1
  const padBegin = g.pads[a]!
  const padEnd = g.pads[a + g.kernel.length]!
  const extent = (input - 1) * lhs + 1
  const ks: number[][] = []
  const is: number[][] = []
  const padded: number[] = []
  for (let o = 0; o < output; o++) {
    const kk: number[] = []
    const ii: number[] = []
    let count = 0
    for (let k = 0; k < g.kernel[a]!; k++) {
      const p = o * stride - padBegin + k * dilation
      if (p >= -padBegin && p < extent + padEnd) count++
      if (p < 0 || p >= extent || p % lhs !== 0) continue
      kk.push(k)
      ii.push(p / lhs)
    }
    ks.push(kk)
    is.push(ii)
    padded.push(count)
  }
  return { k: ks, i: is, padded }
}

/** Recently computed taps by geometry (a model lowers the same few geometries on every witness). */
const recent = new Map<string, WindowTaps>()
const RECENT_MAX = 32

/**
 * Every output position's taps (see {@link WindowTaps}). Memoized by geometry: the arrays are
 * shared between calls, so callers only read them.
 * @param input the input's spatial dims
 * @param output the output's spatial dims
 */
export function windowTaps(input: readonly number[], output: readonly number[], g: WindowGeometry): WindowTaps {
  const key = `${input.join()}|${output.join()}|${g.kernel.join()}|${g.pads.join()}|${g.strides.join()}|${g.dilations.join()}|${g.inputDilations?.join() ?? ''}`
  let taps = recent.get(key)
  if (!taps) {
    taps = computeTaps(input, output, g)
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!)
    recent.set(key, taps)
  }
  return taps
}

/** {@link windowTaps} without the memo. */
function computeTaps(input: readonly number[], output: readonly number[], g: WindowGeometry): WindowTaps {
  const n = input.length
  const axes = input.map((len, a) => axisTaps(len, output[a]!, a, g))
  const outCount = output.reduce((p, d) => p * d, 1)
  const start = new Int32Array(outCount + 1)
  const padded = new Float64Array(outCount)
  const kernel: number[] = []
  const inputIdx: number[] = []
  const coord = new Array<number>(n).fill(0)
  for (let o = 0; o < outCount; o++) {
    start[o] = kernel.length
    let count = 1
    for (let a = 0; a < n; a++) count *= axes[a]!.padded[coord[a]!]!
    padded[o] = count
    // The Cartesian product of the axes' valid taps, row-major.
    const lists = axes.map((ax, a) => ({ k: ax.k[coord[a]!]!, i: ax.i[coord[a]!]! }))
    if (lists.every((l) => l.k.length > 0)) {
      const pick = new Array<number>(n).fill(0)
      for (;;) {
        let kf = 0
        let inf = 0
        for (let a = 0; a < n; a++) {
          kf = kf * g.kernel[a]! + lists[a]!.k[pick[a]!]!
          inf = inf * input[a]! + lists[a]!.i[pick[a]!]!
        }
        kernel.push(kf)
        inputIdx.push(inf)
        let a = n - 1
        for (; a >= 0; a--) {
          if (++pick[a]! < lists[a]!.k.length) break
          pick[a] = 0
        }
        if (a < 0) break
      }
    }
    for (let a = n - 1; a >= 0; a--) {
      if (++coord[a]! < output[a]!) break
      coord[a] = 0
    }
  }
  start[outCount] = kernel.length
  return { start, kernel: Int32Array.from(kernel), input: Int32Array.from(inputIdx), padded }
}
