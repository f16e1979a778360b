/**
 * The fast, INSECURE development trusted setup: Groth16 keys computed directly from random τ, α, β
 * that this process knows (so anyone holding them could forge proofs). Use it for development and
 * tests only; production keys come from `ceremonySetup` with a public ceremony ptau.
 *
 * Secret handling: τ, α, β are drawn from `crypto.getRandomValues` (64 bytes each, reduced mod r),
 * used in memory for this one call and then dropped (a `bigint` cannot be wiped). They are never
 * written, cached or returned unless the caller supplies them (`secrets`, for tests). γ = δ = 1 (the
 * generators), as `snarkjs zkey new` leaves them: the key is then byte-identical to `zkey new` on the
 * matching dev ptau, passes `zkey verify` and can take real phase-2 contributions later. A random δ
 * would add nothing here, since knowing τ already allows forging.
 * Nothing is cached on disk: the whole setup takes seconds, and caching anything τ-dependent would
 * keep toxic waste around.
 */
import type { R1cs } from '../circuit/r1cs.js'
import { buildDevZkey, type SetupProgress } from './devZkey.js'
import { domainPower } from './qap.js'
import { SetupError } from './errors.js'
import { randomDevSecrets, type DevSecrets } from './secrets.js'
import { TWO_ADICITY } from './scalar.js'
import { exportVerificationKey, type Groth16VerificationKey } from './verificationKey.js'

export type { SetupProgress } from './devZkey.js'

/** Parameters of {@link devSetup}. */
export type DevSetupParameters = {
  r1cs: R1cs
  /** Progress of the long steps (`qap`, `coefficients`, `tables`, `IC`, `H`, `H-hash`, `C`, `A`, `B1`, `B2`). */
  onProgress?: (p: SetupProgress) => void
  /** Fixed secrets (tests, or to pair the key with {@link writeDevPtau}); default: fresh random ones. */
  secrets?: DevSecrets
  /** Power of the dev ptau the key must match (default: the circuit's domain power). */
  ptauPower?: number
}

/** Where a key came from, recorded in the artifacts manifest. */
export type DevSetupProvenance = {
  setup: 'dev-insecure'
  /** log2 of the evaluation domain. */
  domainPower: number
  /** Power of the dev ptau the key corresponds to. */
  ptauPower: number
  /** blake2b-512 circuit hash as `zkey new` computes it (hex). */
  circuitHash: string
  /** Source of τ, α, β. */
  randomness: 'crypto.getRandomValues' | 'caller-supplied'
  gamma: 'generator'
  delta: 'generator'
  createdAt: string
  /** Wall time of the setup in milliseconds. */
  durationMs: number
}

/** Result of {@link devSetup}. */
export type DevSetupReturnType = { zkey: Uint8Array; vkey: Groth16VerificationKey; provenance: DevSetupProvenance }

/**
 * Computes an INSECURE Groth16 proving key (`.zkey`) and verification key for `r1cs`.
 * @param params {@link DevSetupParameters}
 * @returns {@link DevSetupReturnType}
 * @throws {SetupError} if the circuit is too large for BN254 (domain > 2^27).
 * @throws {InvalidR1csError} if a wire index is out of range.
 * @example
 * import { devSetup } from './setup/devSetup.js'
 * const { zkey, vkey, provenance } = await devSetup({ r1cs, onProgress: (p) => console.log(p) })
 */
export async function devSetup({ r1cs, onProgress, secrets, ptauPower }: DevSetupParameters): Promise<DevSetupReturnType> {
  const start = performance.now()
  const power = domainPower(r1cs.constraints.length, r1cs.nPublic)
  if (power + 1 > TWO_ADICITY)
    throw new SetupError('circuit too large for BN254 Groth16', { metaMessages: [`Domain: 2^${power} (max 2^${TWO_ADICITY - 1})`] })
  const P = ptauPower ?? power
  if (P < power || P + 1 > TWO_ADICITY) throw new SetupError(`ptauPower ${P} must be in [${power}, ${TWO_ADICITY - 1}]`)
  const { zkey, csHash } = await buildDevZkey({
    r1cs,
    secrets: secrets ?? randomDevSecrets(),
    ptauPower: P,
    ...(onProgress ? { onProgress } : {}),
  })
  const vkey = await exportVerificationKey(zkey)
  return {
    zkey,
    vkey,
    provenance: {
      setup: 'dev-insecure',
      domainPower: power,
      ptauPower: P,
      circuitHash: Array.from(csHash, (b) => b.toString(16).padStart(2, '0')).join(''),
      randomness: secrets ? 'caller-supplied' : 'crypto.getRandomValues',
      gamma: 'generator',
      delta: 'generator',
      createdAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - start),
    },
  }
}
