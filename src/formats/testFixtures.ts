/**
 * Small hand-built constraint systems for tests of the file writers and the setup (not part of the public API).
 */
import type { Constraint, R1cs, Witness } from '../circuit/r1cs.js'

/** Parameters of {@link chainCircuit}. */
export type ChainCircuitParameters = {
  /** Number of multiplication steps (total constraints = steps + 2). */
  steps: number
  /** Number of public signals (≥ 1: wire 1 is the output, wires 2..nPublic are public inputs). */
  nPublic: number
}

/**
 * A multiplication chain with public inputs and negative coefficients:
 * `t1 = x·y`, `t(k+1) = (t(k) + p(k) + k) · (x − 3)`, `out = t(last)`.
 * @returns the R1CS and a witness function of (x, y, publics).
 */
export function chainCircuit({ steps, nPublic }: ChainCircuitParameters): {
  r1cs: R1cs
  witness: (x: bigint, y: bigint, pub?: bigint[]) => Witness
} {
  const nPubIn = nPublic - 1
  const X = nPublic + 1
  const Y = nPublic + 2
  const T = (k: number) => nPublic + 2 + k // k = 1..steps
  const P = (k: number) => (nPubIn > 0 ? 2 + (k % nPubIn) : -1)
  const constraints: Constraint[] = [{ a: new Map([[X, 1n]]), b: new Map([[Y, 1n]]), c: new Map([[T(1), 1n]]) }]
  for (let k = 1; k < steps; k++) {
    const a = new Map([[T(k), 1n], [0, BigInt(k)]])
    if (P(k) > 0) a.set(P(k), 1n)
    constraints.push({ a, b: new Map([[X, 1n], [0, -3n]]), c: new Map([[T(k + 1), 1n]]) })
  }
  constraints.push({ a: new Map([[T(steps), 1n]]), b: new Map([[0, 1n]]), c: new Map([[1, 1n]]) })
  const r1cs: R1cs = { nWires: T(steps) + 1, nPublic, nPrivateInputs: 2, constraints }
  const witness = (x: bigint, y: bigint, pub: bigint[] = []): Witness => {
    const w: bigint[] = new Array(r1cs.nWires).fill(0n)
    w[0] = 1n
    for (let j = 0; j < nPubIn; j++) w[2 + j] = pub[j] ?? BigInt(j + 5)
    w[X] = x
    w[Y] = y
    w[T(1)] = x * y
    for (let k = 1; k < steps; k++) w[T(k + 1)] = (w[T(k)] + (P(k) > 0 ? w[P(k)] : 0n) + BigInt(k)) * (x - 3n)
    w[1] = w[T(steps)]
    return w
  }
  return { r1cs, witness }
}
