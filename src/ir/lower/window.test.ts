import { describe, expect, it } from 'vitest'
import { windowTaps, type WindowGeometry } from './window.js'

/** Every (kernel, input) tap of every output position by direct enumeration of the definition. */
function bruteForce(input: number[], output: number[], g: WindowGeometry) {
  const n = input.length
  const outCount = output.reduce((a, d) => a * d, 1)
  const kCount = g.kernel.reduce((a, d) => a * d, 1)
  const taps: [number, number][][] = []
  const padded: number[] = []
  for (let o = 0; o < outCount; o++) {
    const oc = unflat(o, output)
    const list: [number, number][] = []
    let count = 0
    for (let k = 0; k < kCount; k++) {
      const kc = unflat(k, g.kernel)
      let valid = true
      let inside = true
      const ic: number[] = []
      for (let a = 0; a < n; a++) {
        const lhs = g.inputDilations?.[a] ?? 1
        const p = oc[a]! * g.strides[a]! - g.pads[a]! + kc[a]! * g.dilations[a]!
        const extent = (input[a]! - 1) * lhs + 1
        if (p < -g.pads[a]! || p >= extent + g.pads[a + n]!) inside = false
        if (p < 0 || p >= extent || p % lhs !== 0) valid = false
        ic.push(p / lhs)
      }
      if (inside) count++
      if (valid) list.push([k, flat(ic, input)])
    }
    taps.push(list)
    padded.push(count)
  }
  return { taps, padded }
}
const unflat = (i: number, dims: readonly number[]) => {
  const c: number[] = []
  for (let a = dims.length - 1; a >= 0; a--) {
    c.unshift(i % dims[a]!)
    i = Math.floor(i / dims[a]!)
  }
  return c
}
const flat = (c: readonly number[], dims: readonly number[]) => c.reduce((acc, v, a) => acc * dims[a]! + v, 0)

describe('windowTaps', () => {
  it('matches the definition on random 1-D to 3-D geometries (pads incl. negative, strides, dilations, input dilations)', () => {
    let s = 12345
    const r = (a: number, b: number) => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0
      return a + (s % (b - a + 1))
    }
    for (let t = 0; t < 200; t++) {
      const n = r(1, 3)
      const input = Array.from({ length: n }, () => r(1, 5))
      const g: WindowGeometry = {
        kernel: input.map(() => r(1, 3)),
        strides: input.map(() => r(1, 3)),
        dilations: input.map(() => r(1, 2)),
        inputDilations: input.map(() => r(1, 3)),
        pads: [...input, ...input].map(() => r(-1, 2)),
      }
      const output = input.map(() => r(1, 6))
      const taps = windowTaps(input, output, g)
      const ref = bruteForce(input, output, g)
      ref.taps.forEach((list, o) => {
        const got: [number, number][] = []
        for (let i = taps.start[o]!; i < taps.start[o + 1]!; i++) got.push([taps.kernel[i]!, taps.input[i]!])
        expect(got, JSON.stringify({ input, output, g, o })).toEqual(list)
      })
      expect(Array.from(taps.padded)).toEqual(ref.padded)
    }
  })
})
