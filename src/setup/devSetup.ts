/**
 * The fast one-party development setup: Groth16 keys computed directly from random τ, α, β (phase 1)
 * and δ (phase 2) that this process draws, uses and drops. The key is as trustworthy as the machine
 * that made it: anyone who saw those secrets (that process, or whoever controlled the machine at the
 * time) could forge proofs; nobody else can. Use it for development, tests and demos, where you
 * trust that machine; production keys come from `ceremonySetup` (a public ceremony ptau plus secret
 * phase-2 contributions).
 *
 * Secret handling: τ, α, β, δ are drawn from `crypto.getRandomValues` (64 bytes each, reduced mod r),
 * used in memory for this one call and then dropped (a `bigint` cannot be wiped). They are never
 * written, cached or returned unless the caller supplies them (`secrets`, for tests).
 * γ is the G2 generator, as `snarkjs zkey new` leaves it; δ is random, so the key never has γ = δ
 * (which anyone could forge against). The key is exactly what `snarkjs zkey new` on the matching
 * dev ptau ({@link writeDevPtau}) followed by one `zkey contribute` with secret δ would produce, the
 * contribution recorded in the key's MPC section: `snarkjs zkey verify` accepts it against that ptau.
 * Nothing is cached on disk: the whole setup takes seconds, and caching anything τ-dependent would
 * keep toxic waste around.
 */
import { FIELD_PRIME } from '../circuit/field.js'
import type { R1cs } from '../circuit/r1cs.js'
import type { SetupProvenance } from '../compile/manifest.js'
import { buildDevZkey } from './devZkey.js'
import type { OnProgress } from '../utils/progress.js'
import { domainPower } from './qap.js'
import { SetupError } from '../errors/setup.js'
import { randomDevSecrets, type DevSecrets } from './secrets.js'
import { TWO_ADICITY } from './scalar.js'
import { exportVerificationKey } from './verificationKey.js'
import type { Groth16VerificationKey } from '../prove/groth16.js'
import { InternalError } from '../errors/internal.js'


/** Parameters of {@link devSetup}. */
export type DevSetupParameters = {
  r1cs: R1cs
  /** Progress of the long steps (`qap`, `coefficients`, `tables`, `IC`, `H`, `H-hash`, `C-hash`, `C`, `A`, `B1`, `B2`, `contribution`). */
  onProgress?: OnProgress | undefined
  /** Fixed secrets (tests, or to pair the key with {@link writeDevPtau}); default: fresh random ones. δ = 1 is refused. */
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
  /** Source of τ, α, β, δ. */
  randomness: 'crypto.getRandomValues' | 'caller-supplied'
  gamma: 'generator'
  delta: 'secret'
  /** The δ contribution recorded in the key (name and blake2b-512 contribution hash, hex). */
  contribution: { name: string; hash: string }
  createdAt: string
  /** Wall time of the setup in milliseconds. */
  durationMs: number
}

/** Result of {@link devSetup}. */
export type DevSetupReturnType = { zkey: Uint8Array; vkey: Groth16VerificationKey; provenance: DevSetupProvenance }

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

/**
 * Computes a one-party Groth16 proving key (`.zkey`) and verification key for `r1cs`.
 * @param params {@link DevSetupParameters}
 * @returns {@link DevSetupReturnType}
 * @throws {SetupError} if the circuit is too large for BN254 (domain > 2^27) or δ = 1 was supplied.
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
  const d = secrets ? ((secrets.delta % FIELD_PRIME) + FIELD_PRIME) % FIELD_PRIME : undefined
  if (d === 0n) throw new SetupError('δ must be non-zero')
  if (d === 1n) throw new SetupError('δ = 1 gives a key with γ = δ, which anyone can forge proofs against', { details: 'Use buildDevZkey directly to reproduce `zkey new` in tests.' })
  const { zkey, csHash, contribution } = await buildDevZkey({
    r1cs,
    secrets: secrets ?? randomDevSecrets(),
    ptauPower: P,
    ...(onProgress ? { onProgress } : {}),
  })
  if (!contribution) throw new InternalError({ invariant: 'the dev setup recorded no δ contribution' })
  const vkey = await exportVerificationKey(zkey)
  return {
    zkey,
    vkey,
    provenance: {
      setup: 'dev-insecure',
      domainPower: power,
      ptauPower: P,
      circuitHash: hex(csHash),
      randomness: secrets ? 'caller-supplied' : 'crypto.getRandomValues',
      gamma: 'generator',
      delta: 'secret',
      contribution: { name: contribution.name, hash: hex(contribution.hash) },
      createdAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - start),
    },
  }
}

/**
 * The manifest's `setup` record for a dev key (what `classifySetup` judges: not trusted).
 * @param provenance {@link DevSetupProvenance} from {@link devSetup}.
 * @returns a `dev-insecure` {@link SetupProvenance}.
 * @example const setup = devSetupRecord((await devSetup({ r1cs })).provenance)
 */
export function devSetupRecord(provenance: DevSetupProvenance): SetupProvenance {
  return {
    kind: 'dev-insecure',
    power: provenance.domainPower,
    circuitHash: provenance.circuitHash,
    contributions: [provenance.contribution],
    beacon: null,
    note: 'One-party dev setup: this machine drew (and discarded) τ, α, β and δ. Trusted only as far as this machine; not for production.',
  }
}
