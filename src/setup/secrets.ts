/**
 * The toxic waste of the one-party dev setup: τ, α, β (phase 1) and δ (phase 2), drawn from
 * `crypto.getRandomValues`. Whoever learns τ, α and β, or δ alone, can forge proofs for the circuit
 * (δ alone suffices because γ is the G2 generator: C = −vk_x/δ with A = α, B = β). They live only in
 * memory during one setup (JavaScript cannot wipe a `bigint`, so "forget" means dropping every
 * reference).
 */
import { FIELD_PRIME } from '../circuit/field.js'
import { TWO_ADICITY, powMod } from './scalar.js'

/** The secrets a dev setup is computed from. */
export type DevSecrets = {
  tau: bigint
  alpha: bigint
  beta: bigint
  /**
   * The phase-2 secret. `1n` (tests only) leaves δ = γ = the generators exactly as `snarkjs zkey new`
   * does: such a key is forgeable by anyone holding its verification key, and `devSetup` refuses it.
   */
  delta: bigint
}

/** The phase-1 part of {@link DevSecrets} (what a dev `.ptau` is computed from). */
export type DevPtauSecrets = Pick<DevSecrets, 'tau' | 'alpha' | 'beta'>

/** A uniformly random non-zero scalar (64 random bytes reduced mod r; bias < 2^-250). */
export function randomScalar(): bigint {
  for (;;) {
    const bytes = new Uint8Array(64)
    globalThis.crypto.getRandomValues(bytes)
    let x = 0n
    for (const b of bytes) x = (x << 8n) | BigInt(b)
    x %= FIELD_PRIME
    if (x !== 0n) return x
  }
}

/**
 * Draws fresh dev-setup secrets. τ is redrawn (probability ~2^-226) if it lies in the largest
 * power-of-two evaluation domain, where the Lagrange formulas would divide by zero; δ is redrawn
 * if it is 1 (probability ~2^-254).
 * @returns {@link DevSecrets}
 */
export function randomDevSecrets(): DevSecrets {
  let tau = randomScalar()
  while (powMod(tau, 1n << BigInt(TWO_ADICITY)) === 1n) tau = randomScalar()
  let delta = randomScalar()
  while (delta === 1n) delta = randomScalar()
  return { tau, alpha: randomScalar(), beta: randomScalar(), delta }
}
