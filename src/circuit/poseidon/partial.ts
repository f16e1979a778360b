/**
 * Poseidon's partial rounds with sparse linear layers: the same permutation, in fewer field
 * multiplications (2t − 1 per partial round instead of t²), for computing S-box values natively.
 *
 * A partial round maps the state s to M·S₀(s + c): S₀ raises element 0 to the fifth power and leaves
 * the rest alone. A block-diagonal B = diag(1, X) commutes with S₀ (it neither reads nor writes
 * element 0): B·S₀(z) = S₀(B·z). Any matrix N whose lower-right block X = N[1:, 1:] is invertible
 * factors as N = S·B with B = diag(1, X) and S sparse:
 *   S = [[N00, vᵀ], [w, I]],   w = N[1:, 0],   vᵀ = N[0, 1:]·X⁻¹.
 * Going backwards from the last of the R partial rounds (B_{R+1} = I), factor B_{i+1}·M = S_i·B_i.
 * Then the transformed states s̃_i = B_i·s_i obey s̃_{i+1} = S_i·S₀(s̃_i + B_i·c_i), the state entering
 * the first partial round is s̃_1 = (B_1·M)·(the last full round's S-box outputs), and the state
 * leaving the last one is the true state. Since every B_i keeps element 0, s̃_i[0] = s_i[0]: each
 * partial round's S-box sees exactly the value it sees in the plain permutation, so the S-box values
 * (the circuit's wires) are the same. X is invertible: it is M's lower-right block (an MDS matrix's
 * square submatrices are all invertible) times the previous X, and a zero pivot throws. Since X_i
 * is a power of that block, the rows vᵀ come from one inversion (see `sparsePartialRounds`).
 * The factors are computed once per width, on first use.
 */
import { Field } from '@noble/curves/abstract/modular.js'
import { FIELD_PRIME } from '../field.js'
import { InternalError } from '../../errors/internal.js'
import { poseidonParams } from './params.js'

/** The sparse form of one width's partial rounds (see the module doc); every entry in [0, p). */
export type SparsePartialRounds = {
  /** B_1·M (t × t): the linear layer after the last full round of the first half. */
  first: readonly (readonly bigint[])[]
  /** B_i·c_i for each partial round i (t entries each): the round constants in the transformed basis. */
  constants: readonly (readonly bigint[])[]
  /** S_i's top-left entry N00, per partial round. */
  corner: readonly bigint[]
  /** S_i's first row past the corner (vᵀ, t − 1 entries), per partial round. */
  row: readonly (readonly bigint[])[]
  /** S_i's first column below the corner (w, t − 1 entries), per partial round. */
  column: readonly (readonly bigint[])[]
}

const Fr = Field(FIELD_PRIME)
const cache = new Map<number, SparsePartialRounds>()
const mod = (x: bigint): bigint => x % FIELD_PRIME

/**
 * The sparse partial rounds of circomlib's Poseidon with state width `t` (computed once per width).
 *
 * @param t - State width, 2..17.
 * @returns {@link SparsePartialRounds}
 * @throws {InternalError} For a width outside 2..17, or a singular block (never for an MDS matrix).
 */
export function sparsePartialRounds(t: number): SparsePartialRounds {
  const hit = cache.get(t)
  if (hit) return hit
  const { roundsFull, roundsPartial: R, roundConstants: C, mds: M } = poseidonParams(t)
  const half = roundsFull / 2
  const constants: bigint[][] = new Array(R)
  const corner: bigint[] = new Array(R)
  const row: bigint[][] = new Array(R)
  const column: bigint[][] = new Array(R)
  // N = B_{i+1}·M keeps M's first row, so N00 = M00 and vᵀ = M[0, 1:]·X_i⁻¹; and X_i = X_{i+1}·M̂
  // (M̂ = M[1:, 1:], X_{R+1} = I) is a power of M̂, so vᵀ_i = vᵀ_{i+1}·M̂⁻¹ with vᵀ_R = M[0, 1:]·M̂⁻¹.
  const inverseT = transpose(invert(M.slice(1).map((r) => r.slice(1)), t))
  let v = M[0]!.slice(1)
  // X of B_{i+1} (undefined: the identity, B_{R+1} = I).
  let X: bigint[][] | undefined
  for (let i = R - 1; i >= 0; i--) {
    const N = X ? blockTimes(X, M) : M.map((r) => [...r])
    const Xi = N.slice(1).map((r) => r.slice(1))
    corner[i] = N[0]![0]!
    column[i] = N.slice(1).map((r) => r[0]!)
    v = inverseT.map((r) => dot(r, v))
    row[i] = v
    const c = C.slice((half + i) * t, (half + i + 1) * t)
    constants[i] = [c[0]!, ...Xi.map((r) => dot(r, c.slice(1)))]
    X = Xi
  }
  const result: SparsePartialRounds = { first: blockTimes(X!, M), constants, corner, row, column }
  cache.set(t, result)
  return result
}

/** diag(1, X)·M, reduced. */
function blockTimes(X: readonly (readonly bigint[])[], M: readonly (readonly bigint[])[]): bigint[][] {
  const t = M.length
  const out: bigint[][] = [[...M[0]!]]
  for (let k = 1; k < t; k++) {
    const r: bigint[] = new Array(t)
    for (let j = 0; j < t; j++) {
      let acc = 0n
      for (let l = 1; l < t; l++) acc += X[k - 1]![l - 1]! * M[l]![j]!
      r[j] = mod(acc)
    }
    out.push(r)
  }
  return out
}

function transpose(A: readonly (readonly bigint[])[]): bigint[][] {
  return A[0]!.map((_, j) => A.map((r) => r[j]!))
}

/** Σ a_j·b_j mod p. */
function dot(a: readonly bigint[], b: readonly bigint[]): bigint {
  let acc = 0n
  for (let j = 0; j < a.length; j++) acc += a[j]! * b[j]!
  return mod(acc)
}

/** A⁻¹ mod p (Gauss–Jordan elimination; A square and invertible). */
function invert(A: readonly (readonly bigint[])[], t: number): bigint[][] {
  const n = A.length
  const m = A.map((r, i) => [...r, ...r.map((_, j) => (i === j ? 1n : 0n))])
  for (let col = 0; col < n; col++) {
    const pivot = m.findIndex((r, i) => i >= col && r[col]! !== 0n)
    if (pivot < 0) throw new InternalError({ invariant: `Poseidon t=${t}: the MDS matrix's lower-right block is singular` })
    ;[m[col], m[pivot]] = [m[pivot]!, m[col]!]
    const inv = Fr.inv(m[col]![col]!)
    m[col] = m[col]!.map((x) => mod(x * inv))
    for (let i = 0; i < n; i++) {
      if (i === col || m[i]![col] === 0n) continue
      const f = m[i]![col]!
      m[i] = m[i]!.map((x, j) => mod(x - f * m[col]![j]! + FIELD_PRIME * FIELD_PRIME))
    }
  }
  return m.map((r) => r.slice(n))
}
