/**
 * Checks an assignment against an R1CS, modulo the BN254 scalar field.
 */
import type { R1cs } from './r1cs.js'
import { FIELD_PRIME, toField } from './field.js'
import type { Lc } from './lc.js'

function evalMod(lc: Lc, witness: readonly bigint[]): bigint {
  let s = 0n
  for (const [w, c] of lc) s += c * witness[w]!
  return toField(s)
}

/**
 * Returns the indices of the constraints that `witness` violates (empty when it satisfies them all).
 * Arithmetic is modulo p, exactly as the proof system sees it.
 */
export function failingConstraints(r1cs: R1cs, witness: readonly bigint[]): number[] {
  const bad: number[] = []
  r1cs.constraints.forEach(({ a, b, c }, i) => {
    if ((evalMod(a, witness) * evalMod(b, witness)) % FIELD_PRIME !== evalMod(c, witness)) bad.push(i)
  })
  return bad
}
