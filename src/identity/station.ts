/**
 * The enrollment station (the "orb" of World ID): the one component that sees an iris at enrollment.
 * It holds the registry's issuer key and an index of the codes it has enrolled, and it enrolls a
 * person only if the code of its own capture is more than τ bits (at every allowed rotation) from
 * every code in that index: one iris, one identity, whatever secret or device the person brings.
 *
 * Protocol (what crosses between the person's device and the station):
 *   device → station: salt, commitment = Poseidon([secret])           (never the secret)
 *   station:           captures the iris itself, code = irisCode(capture); refuses a duplicate;
 *                      leaf = Poseidon([packed code, salt, commitment]); enrolls the leaf on chain
 *   station → device: the template (= that code), the leaf and its index
 * The station computes the leaf from the code it captured, so a leaf cannot carry a template other
 * than the iris that stood in front of it. It never sees the secret, so it cannot compute nullifiers;
 * it never sees a verification capture (those are taken and used on the device only).
 *
 * What the station keeps: its index (each enrolled code and its leaf). That index is a biometric
 * database: the price of deduplication (see SECURITY.md, "Enrollment station").
 */
import type { Address, Hash } from 'viem'
import { DuplicateEnrollmentError } from '../errors/enrollment.js'
import { IRIS_CODE_BITS, IRIS_THRESHOLD } from './config.js'
import { assertField, assertTemplate, identityLeafFromCommitment, irisCode } from './identity.js'
import { assertStrip, type IrisStrip } from './iris.js'
import { matchCodes } from './match.js'
import { enrollLeaf } from './registry/enroll.js'
import type { AnyPublicClient, AnyWalletClient } from '../chain/types.js'

/** One entry of the station's index: an enrolled code and the leaf enrolled for it. */
export type EnrolledCode = { code: Uint8Array; leaf: bigint }

/** What a person's device hands the station (the station captures the iris itself). */
export type EnrollmentRequest = {
  /** The station's own capture of the iris in front of it. */
  capture: IrisStrip
  /** A fresh random field element drawn by the device (it hides the template inside the leaf). */
  salt: bigint
  /** `identityCommitment({ secret })`: the device keeps the secret. */
  commitment: bigint
}

/** Result of `station.enroll`: what the station hands back to the device, plus the transaction. */
export type StationEnrollReturnType = {
  /** The enrolled code: the device's template (it proves against it). */
  template: Uint8Array
  /** The leaf the station enrolled (`Poseidon([packed template, salt, commitment])`). */
  leaf: bigint
  /** The leaf's position in the registry and the root after enrolling. */
  index: bigint
  root: bigint
  transactionHash: Hash
  gasUsed: bigint
}
export type StationEnrollErrorType = DuplicateEnrollmentError

/** A code's closest enrolled match within τ. */
export type DuplicateMatch = { enrolledIndex: number; distance: number; shift: number }

/** Parameters of {@link createEnrollmentStation}. */
export type CreateEnrollmentStationParameters = {
  /** The issuer's wallet: the station holds the key that `IrisRegistry.enroll` requires. */
  walletClient: AnyWalletClient
  publicClient: AnyPublicClient
  /** The `IrisRegistry`. */
  address: Address
  /** Codes enrolled earlier (the station's index, restored from its own storage). */
  enrolled?: readonly EnrolledCode[] | undefined
  /** τ in bits (default {@link IRIS_THRESHOLD}, the verification threshold). */
  threshold?: number | undefined
}

/** The handle {@link createEnrollmentStation} returns. */
export type EnrollmentStation = {
  /** The registry it enrolls into. */
  readonly address: Address
  /** The issuer account, when the wallet has one hoisted. */
  readonly issuer: Address | undefined
  readonly threshold: number
  /** A copy of the index, in enrollment order (for the station's own storage). */
  enrolled(): EnrolledCode[]
  /** The closest enrolled code within τ of `code` at an allowed rotation, or undefined. */
  findDuplicate(code: Uint8Array): DuplicateMatch | undefined
  /**
   * Deduplicates and enrolls (one enrollment at a time, so two requests cannot both pass the check).
   * @throws {DuplicateEnrollmentError} When the capture's code is within τ of an enrolled one (nothing is sent).
   * @throws {VerifierCallRevertedError} When the registry refuses the leaf (`NotIssuer`, `LeafAlreadyExists`, …).
   */
  enroll(request: EnrollmentRequest): Promise<StationEnrollReturnType>
}

/**
 * Creates an enrollment station for a registry.
 *
 * @param parameters - {@link CreateEnrollmentStationParameters}
 * @returns {@link EnrollmentStation}
 * @example
 * import { createEnrollmentStation, identityCommitment, randomFieldElement } from '@zkml/web/identity'
 * const station = createEnrollmentStation({ ...issuerClients, address })
 * // on the device:
 * const salt = randomFieldElement(), secret = randomFieldElement()
 * const { template, leaf } = await station.enroll({ capture: stationScan, salt, commitment: identityCommitment({ secret }) })
 * // the device stores template, salt, secret
 */
export function createEnrollmentStation({ walletClient, publicClient, address, enrolled = [], threshold = IRIS_THRESHOLD }: CreateEnrollmentStationParameters): EnrollmentStation {
  const index: EnrolledCode[] = enrolled.map(({ code, leaf }, i) => ({ code: assertTemplate(code, `enrolled[${i}].code`), leaf: assertField(leaf, `enrolled[${i}].leaf`) }))
  let queue: Promise<unknown> = Promise.resolve()

  const findDuplicate = (code: Uint8Array): DuplicateMatch | undefined => {
    let best: DuplicateMatch | undefined
    index.forEach((entry, enrolledIndex) => {
      const m = matchCodes({ code, template: entry.code, threshold })
      if (m.match && (!best || m.distance < best.distance)) best = { enrolledIndex, distance: m.distance, shift: m.shift }
    })
    return best
  }

  const enrollOne = async ({ capture, salt, commitment }: EnrollmentRequest): Promise<StationEnrollReturnType> => {
    const template = irisCode({ strip: assertStrip(capture, 'capture') })
    const duplicate = findDuplicate(template)
    if (duplicate) throw new DuplicateEnrollmentError({ ...duplicate, threshold, bits: IRIS_CODE_BITS })
    const leaf = identityLeafFromCommitment({ template, salt, commitment })
    const res = await enrollLeaf({ walletClient, publicClient, address, leaf })
    index.push({ code: template, leaf })
    return { template, leaf, index: res.index, root: res.root, transactionHash: res.transactionHash, gasUsed: res.gasUsed }
  }

  return {
    address,
    issuer: walletClient.account?.address,
    threshold,
    enrolled: () => index.map((e) => ({ code: e.code.slice(), leaf: e.leaf })),
    findDuplicate,
    enroll(request) {
      const next = queue.then(() => enrollOne(request))
      queue = next.catch(() => {})
      return next
    },
  }
}
