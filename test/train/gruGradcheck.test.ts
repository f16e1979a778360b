/** The GRU layer's back-propagation through time against central finite differences (float64 sums). */
import { describe, expect, it } from 'vitest'
import { createGru } from '../../scripts/train/layers/gru.js'
import { createRng } from '../../scripts/train/rng.js'
import { numericPartial } from './numeric.js'

const EPS = 1e-3

describe('GRU layer', () => {
  it('BPTT matches finite differences for W, R, b and the input', () => {
    const rng = createRng({ seed: 3 })
    const gru = createGru({ name: 'g', steps: 4, inSize: 2, hidden: 3, rng })
    for (let i = 0; i < gru.params[2]!.value.length; i++) gru.params[2]!.value[i] = rng.next() - 0.5
    const batch = 2
    const x = Float32Array.from({ length: batch * 8 }, () => rng.next() * 2 - 1)
    const r = Float32Array.from({ length: batch * 3 }, () => rng.next() * 2 - 1)
    const f = () => gru.forward(x, batch).reduce((s, v, i) => s + v * r[i]!, 0)
    gru.forward(x, batch)
    const dx = Float32Array.from(gru.backward(r, batch, true))
    const numeric = (arr: Float32Array, i: number) => numericPartial(f, arr, i, EPS)
    let checked = 0
    for (const p of gru.params) for (let i = 0; i < p.value.length; i++, checked++) expect(p.grad[i]).toBeCloseTo(numeric(p.value, i), 2)
    for (let i = 0; i < x.length; i++, checked++) expect(dx[i]).toBeCloseTo(numeric(x, i), 2)
    expect(checked).toBe(3 * 3 * 2 + 3 * 3 * 3 + 9 + 16)
  })
})
