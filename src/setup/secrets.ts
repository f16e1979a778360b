/**
 * The toxic waste of the INSECURE dev setup: τ, α, β drawn from `crypto.getRandomValues`.
 * Anyone who learns them can forge proofs for the circuit; they live only in memory during one
 * setup (JavaScript cannot wipe a `bigint`, so "forget" means dropping every reference).
 */
import { R, TWO_ADICITY, powMod } from './scalar.js'

/** The secrets a dev setup is computed from. */
export type DevSecrets = { tau: bigint; alpha: bigint; beta: bigint }

/** A uniformly random non-zero scalar (64 random bytes reduced mod r; bias < 2^-250). */
export function randomScalar(): bigint {
  for (;;) {
    const bytes = new Uint8Array(64)
    globalThis.crypto.getRandomValues(bytes)
    let x = 0n
    for (const b of bytes) x = (x << 8n) | BigInt(b)
    x %= R
    if (x !== 0n) return x
  }
}

/**
 * Draws fresh dev-setup secrets. τ is redrawn (probability ~2^-226) if it lies in the largest
 * power-of-two evaluation domain, where the Lagrange formulas would divide by zero.
 * @returns {@link DevSecrets}
 */
export function randomDevSecrets(): DevSecrets {
  let tau = randomScalar()
  while (powMod(tau, 1n << BigInt(TWO_ADICITY)) === 1n) tau = randomScalar()
  return { tau, alpha: randomScalar(), beta: randomScalar() }
}
