/**
 * Groth16 setup from a real powers-of-tau ceremony file (e.g. a Hermez
 * `powersOfTau28_hez_final_XX.ptau`, already prepared for phase 2), through snarkjs:
 * `zkey new`, then at least one secret phase-2 contribution (entropy from `crypto.getRandomValues`,
 * mixed by snarkjs with its own randomness) and an optional random beacon. Each contribution's toxic
 * waste (its δ share) exists only inside snarkjs during that call.
 *
 * Why at least one contribution: `zkey new` leaves δ = γ = the G2 generator, and with γ = δ anyone
 * holding the verification key can forge proofs. A beacon alone does not help: its δ is derived from
 * the public beacon value, so anyone can recompute it. Trust: phase 1 is as good as the ceremony
 * behind the ptau; phase 2 is sound as long as one contributor destroyed its secret. The
 * contributions made here run on this machine, so with only them the phase 2 is a one-party one
 * (this machine); add contributions from independent parties (`snarkjs zkey contribute`) for more.
 *
 * Runs in Node and in browsers (a `ptau` path string is only meaningful in Node, where snarkjs opens
 * the file itself; in browsers snarkjs would fetch it as a URL).
 */
import type { R1cs } from '../circuit/r1cs.js'
import { writeR1cs } from '../formats/r1cs.js'
import type { OnProgress } from '../utils/progress.js'
import { SetupError } from '../errors/setup.js'
import { withSnarkjs } from './snarkjsCurve.js'
import { exportVerificationKey } from './verificationKey.js'
import type { Groth16VerificationKey } from '../prove/groth16.js'

/** One phase-2 contribution. */
export type Contribution = { name?: string | undefined }

/** A random beacon applied last (see snarkjs `zkey beacon`). */
export type Beacon = {
  /** Hex string of a public random value (e.g. a future block hash). */
  hash: string
  /** log2 of the hash iterations, 10..63 (default 10). */
  iterationsExp?: number | undefined
  name?: string | undefined
}

/** Parameters of {@link ceremonySetup}. */
export type CeremonySetupParameters = {
  r1cs: R1cs
  /** Prepared ptau bytes, or (Node) its file path. */
  ptau: Uint8Array | string
  /** Number of secret random contributions (at least 1), or their names. Default 1. */
  contributions?: number | Contribution[] | undefined
  /** A beacon hash (hex) or {@link Beacon}, applied after the contributions. */
  beacon?: string | Beacon | undefined
  onProgress?: OnProgress | undefined
}

/** Where the key came from. */
export type CeremonyProvenance = {
  setup: 'ceremony'
  /** blake2b-512 circuit hash (hex) printed by `zkey new`. */
  circuitHash: string
  contributions: { name: string; hash: string }[]
  beacon: { hash: string; iterationsExp: number; contributionHash: string } | null
  createdAt: string
}

/** Result of {@link ceremonySetup}. */
export type CeremonySetupReturnType = { zkey: Uint8Array; vkey: Groth16VerificationKey; provenance: CeremonyProvenance }

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

/**
 * Builds the proving and verification keys from a ceremony ptau.
 * @param params {@link CeremonySetupParameters}
 * @returns {@link CeremonySetupReturnType}
 * @throws {SetupError} if no contribution is asked for, the ptau is not prepared or too small for
 *   the circuit, or snarkjs fails.
 * @example
 * const { zkey, vkey } = await ceremonySetup({ r1cs, ptau: 'powersOfTau28_hez_final_16.ptau', contributions: 1 })
 */
export async function ceremonySetup({ r1cs, ptau, contributions = 1, beacon, onProgress }: CeremonySetupParameters): Promise<CeremonySetupReturnType> {
  if (typeof contributions === 'number' && !(Number.isSafeInteger(contributions) && contributions >= 0))
    throw new SetupError(`contributions must be a positive integer, got ${contributions}`)
  const list: Contribution[] = typeof contributions === 'number' ? Array.from({ length: contributions }, () => ({})) : contributions
  if (list.length === 0)
    throw new SetupError('a ceremony key needs at least one secret phase-2 contribution', {
      details: 'Without one, δ = γ and anyone holding the verification key can forge proofs; a beacon alone is public, so it does not count.',
    })
  const b: Beacon | undefined = typeof beacon === 'string' ? { hash: beacon } : beacon
  const beaconHex = b?.hash.replace(/^0x/i, '').toLowerCase()
  if (beaconHex !== undefined && !/^(?:[0-9a-f]{2})+$/.test(beaconHex)) throw new SetupError('the beacon must be a non-empty, even-length hex string')
  const total = 1 + list.length + (b ? 1 : 0)
  const errors: string[] = []
  const logger = { error: (m: string) => errors.push(m), warn() {}, info() {}, debug() {} }
  const fail = (message: string, cause?: unknown): never => {
    throw new SetupError(message, { metaMessages: errors.length ? errors : undefined, cause })
  }
  return withSnarkjs(async (snarkjs) => {
    onProgress?.({ stage: 'zkey-new', done: 0, total })
    let cur: { type: 'mem'; data?: Uint8Array } = { type: 'mem' }
    const ptauFile = typeof ptau === 'string' ? ptau : { type: 'mem', data: ptau }
    let csHash: unknown
    try {
      csHash = await snarkjs.zKey.newZKey({ type: 'mem', data: writeR1cs(r1cs) }, ptauFile, cur, logger)
    } catch (err) {
      fail('snarkjs zkey new failed', err)
    }
    if (!(csHash instanceof Uint8Array)) fail('snarkjs zkey new rejected the ptau for this circuit')
    const provenance: CeremonyProvenance = { setup: 'ceremony', circuitHash: hex(csHash as Uint8Array), contributions: [], beacon: null, createdAt: new Date().toISOString() }
    for (let i = 0; i < list.length; i++) {
      onProgress?.({ stage: 'contribute', done: 1 + i, total })
      const name = (list[i].name ?? `zkml contribution ${i + 1}`).slice(0, 64) // what snarkjs stores
      const entropy = new Uint8Array(32)
      globalThis.crypto.getRandomValues(entropy)
      const next: { type: 'mem'; data?: Uint8Array } = { type: 'mem' }
      const hash = await snarkjs.zKey.contribute(cur, next, name, hex(entropy), logger).catch((err: unknown) => fail('snarkjs zkey contribute failed', err))
      if (!(hash instanceof Uint8Array)) fail('snarkjs zkey contribute failed')
      provenance.contributions.push({ name, hash: hex(hash) })
      cur = next
    }
    if (b) {
      onProgress?.({ stage: 'beacon', done: total - 1, total })
      const iterationsExp = b.iterationsExp ?? 10
      const next: { type: 'mem'; data?: Uint8Array } = { type: 'mem' }
      const hash = await snarkjs.zKey
        .beacon(cur, next, b.name ?? 'zkml final beacon', beaconHex, iterationsExp, logger)
        .catch((err: unknown) => fail('snarkjs zkey beacon failed', err))
      if (!(hash instanceof Uint8Array)) fail('snarkjs zkey beacon rejected its parameters')
      provenance.beacon = { hash: beaconHex as string, iterationsExp, contributionHash: hex(hash as Uint8Array) }
      cur = next
    }
    onProgress?.({ stage: 'done', done: total, total })
    const zkey = cur.data as Uint8Array
    return { zkey, vkey: await exportVerificationKey(zkey), provenance }
  })
}
