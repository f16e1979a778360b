/**
 * The scalars behind every point of a Groth16 proving key, evaluated directly at the secret τ
 * (no polynomial or group FFT), following the layout `snarkjs zkey new` uses:
 *
 * - domain: N = 2^k with k = ⌊log2(m + nPublic)⌋ + 1 (m constraints), Lagrange basis L_i at τ;
 *   rows m..m+nPublic are extra constraints `w_s · 0 = 0` on the A side (snarkjs adds them so every
 *   public signal, the constant included, has an independent A polynomial);
 * - A[s] = Σ a_{c,s} L_c(τ) (+ L_{m+s}(τ) for s ≤ nPublic), B[s] = Σ b_{c,s} L_c(τ);
 * - K[s] = β·A-part + α·B-part + Σ c_{c,s} L_c(τ): IC = K[0..nPublic] (γ = 1),
 *   C = K[nPublic+1..] (for δ = 1; `buildDevZkey` scales C and H by δ⁻¹);
 * - H[i] = L'_{2i+1}(τ) over the domain of size 2N, where L' is L except that, when the ptau's
 *   power equals k, the τ^(2N−1) term is dropped (snarkjs's `prepare phase2` zeroes that missing
 *   power); the prover's h polynomial has degree ≤ 2N−2, so both give the same proofs.
 */
import { FIELD_PRIME } from '../circuit/field.js'
import type { LinearCombination, R1cs } from '../circuit/r1cs.js'
import { InvalidR1csError } from '../errors/formats.js'
import { lagrangeAt, powMod, rootOfUnity, invMod } from './scalar.js'

/** The domain power snarkjs uses for an R1CS with m constraints and nPublic public signals. */
export function domainPower(nConstraints: number, nPublic: number): number {
  return Math.floor(Math.log2(nConstraints + nPublic)) + 1
}

/** Parameters of {@link computeQap}. */
export type ComputeQapParameters = {
  r1cs: R1cs
  tau: bigint
  alpha: bigint
  beta: bigint
  /** Power of the (dev) ptau this key corresponds to; ≥ the domain power (default: equal). */
  ptauPower?: number
}

/** Scalars of the proving key (all reduced to [0, r)). */
export type Qap = {
  power: number
  A: bigint[]
  B: bigint[]
  IC: bigint[]
  C: bigint[]
  H: bigint[]
}

const HALF = FIELD_PRIME >> 1n
const signed = (x: bigint): bigint => {
  let v = x
  if (v < 0n || v >= FIELD_PRIME) v = ((v % FIELD_PRIME) + FIELD_PRIME) % FIELD_PRIME
  return v > HALF ? v - FIELD_PRIME : v
}
const reduce = (x: bigint): bigint => {
  if (x >= 0n && x < FIELD_PRIME) return x
  const v = x % FIELD_PRIME
  return v < 0n ? v + FIELD_PRIME : v
}

/**
 * Computes all proving-key scalars for `r1cs` at the given secrets.
 * @param params {@link ComputeQapParameters}
 * @returns {@link Qap}
 * @throws {InvalidR1csError} if a wire index is out of range.
 */
export function computeQap({ r1cs, tau, alpha, beta, ptauPower }: ComputeQapParameters): Qap {
  const { nWires, nPublic, constraints } = r1cs
  const m = constraints.length
  const power = domainPower(m, nPublic)
  const N = 1 << power
  const L = lagrangeAt({ k: power, x: tau })
  const A: bigint[] = new Array(nWires).fill(0n)
  const B: bigint[] = new Array(nWires).fill(0n)
  const K: bigint[] = new Array(nWires).fill(0n)
  const accumulate = (lc: LinearCombination, l: bigint, target: bigint[] | null, lk: bigint) => {
    for (const [s, coef] of lc) {
      if (!(s >= 0 && s < nWires && Number.isInteger(s))) throw new InvalidR1csError(`wire ${s} out of range [0, ${nWires})`)
      const v = signed(coef)
      if (v === 0n) continue
      if (v === 1n) {
        if (target) target[s] += l
        K[s] += lk
      } else {
        if (target) target[s] += v * l
        K[s] += v * lk
      }
    }
  }
  for (let c = 0; c < m; c++) {
    const l = L[c]
    const { a, b, c: cc } = constraints[c]
    accumulate(a, l, A, (beta * l) % FIELD_PRIME)
    accumulate(b, l, B, (alpha * l) % FIELD_PRIME)
    accumulate(cc, l, null, l)
  }
  for (let s = 0; s <= nPublic; s++) {
    A[s] += L[m + s]
    K[s] += beta * L[m + s]
  }
  for (let s = 0; s < nWires; s++) {
    A[s] = reduce(A[s])
    B[s] = reduce(B[s])
    K[s] = reduce(K[s])
  }
  const H = lagrangeAt({ k: power + 1, x: tau, start: 1, step: 2, count: N })
  if ((ptauPower ?? power) === power) {
    // L'_j = L_j − ω^j τ^(2N−1) / (2N) for the 2N-point domain (ω its generator), j = 2i + 1.
    const w = rootOfUnity(power + 1)
    const w2 = (w * w) % FIELD_PRIME
    let t = (powMod(tau, BigInt(2 * N - 1)) * invMod(BigInt(2 * N))) % FIELD_PRIME
    t = (t * w) % FIELD_PRIME
    for (let i = 0; i < N; i++) {
      H[i] = (H[i] - t + FIELD_PRIME) % FIELD_PRIME
      t = (t * w2) % FIELD_PRIME
    }
  }
  return { power, A, B, IC: K.slice(0, nPublic + 1), C: K.slice(nPublic + 1), H }
}
