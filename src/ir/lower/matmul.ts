/**
 * MatMul: numpy matrix product of rank ≥ 2 operands, batch dims broadcast:
 *   y[b, i, j] = Σ_k A[b, i, k] · B[b, k, j]
 * One operand may be a constant tensor (the node's `weight`): each output is then one `dot` with
 * constant coefficients (free in the circuit; with private weights one constraint per product).
 * Both operands data: each product is a `mul` (one constraint) and the sum is linear, so K
 * constraints per output element.
 */
import type { Domain, DTensor } from '../domain.js'
import type { IntTensor } from '../model.js'
import { broadcastIndex } from './shape.js'
import { InternalError } from '../../errors/internal.js'

/** An operand: a data tensor, or a constant one. */
export type MatMulOperand<T> = { data: DTensor<T> } | { weight: IntTensor }

const dimsOf = <T>(o: MatMulOperand<T>): number[] => ('data' in o ? o.data.shape : o.weight.dims)

/** y = A · B over broadcast batch dims (see the module doc); `outShape` is [batch..., M, N]. */
export function matmul<T>(D: Domain<T>, a: MatMulOperand<T>, b: MatMulOperand<T>, outShape: number[], label: string): DTensor<T> {
  const ad = dimsOf(a)
  const bd = dimsOf(b)
  const M = ad[ad.length - 2]!
  const K = ad[ad.length - 1]!
  const N = bd[bd.length - 1]!
  const batch = outShape.slice(0, -2)
  const aBatch = broadcastIndex(ad.slice(0, -2), batch)
  const bBatch = broadcastIndex(bd.slice(0, -2), batch)
  const out: T[] = new Array(aBatch.length * M * N)
  const coeffs: number[] = new Array(K)
  const xs: T[] = new Array(K)
  const index: number[] = new Array(K)
  for (let t = 0; t < aBatch.length; t++) {
    const aOff = aBatch[t]! * M * K
    const bOff = bBatch[t]! * K * N
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        const o = (t * M + i) * N + j
        if ('data' in a && 'data' in b) {
          const products: T[] = new Array(K)
          for (let k = 0; k < K; k++) products[k] = D.mul(a.data.data[aOff + i * K + k]!, b.data.data[bOff + k * N + j]!, `${label}[${o}].${k}`)
          out[o] = D.dot(new Array<number>(K).fill(1), products, 0)
        } else if ('data' in a && 'weight' in b) {
          for (let k = 0; k < K; k++) {
            index[k] = bOff + k * N + j
            coeffs[k] = b.weight.data[index[k]!]!
            xs[k] = a.data.data[aOff + i * K + k]!
          }
          out[o] = D.dot(coeffs, xs, 0, { weight: b.weight, index })
        } else if ('weight' in a && 'data' in b) {
          for (let k = 0; k < K; k++) {
            index[k] = aOff + i * K + k
            coeffs[k] = a.weight.data[index[k]!]!
            xs[k] = b.data.data[bOff + k * N + j]!
          }
          out[o] = D.dot(coeffs, xs, 0, { weight: a.weight, index })
        } else throw new InternalError({ invariant: `MatMul ${label} of two constants` })
      }
  }
  return { shape: outShape, data: out }
}
