/**
 * Linear: y[..., n] = Σ_k W[n, k] · x[..., k] + bias[n]   (Gemm and MatMul with a constant weight).
 * Output scale = input scale + weight scale; the bias is stored at that scale. Free in the circuit.
 */
import type { Domain, DTensor } from '../domain.js'
import type { IntTensor } from '../model.js'

export function linear<T>(D: Domain<T>, x: DTensor<T>, weight: IntTensor, bias: IntTensor | undefined): DTensor<T> {
  const [N, K] = weight.dims as [number, number]
  const rows = x.data.length / K
  const out: T[] = new Array(rows * N)
  for (let r = 0; r < rows; r++) {
    const xs = x.data.slice(r * K, (r + 1) * K)
    for (let n = 0; n < N; n++) {
      out[r * N + n] = D.dot(weight.data.slice(n * K, (n + 1) * K), xs, bias ? bias.data[n]! : 0, { weight, offset: n * K, bias, biasIndex: n })
    }
  }
  return { shape: [...x.shape.slice(0, -1), N], data: out }
}
