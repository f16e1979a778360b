/**
 * Identity values outside the circuit: the enrolled leaf, the nullifier, random secrets.
 *
 * Definitions (Poseidon = circomlib's, over the BN254 scalar field; the circuit proves the same):
 *   packed     = packValues({ values: template bits, bits: 1 })     (3 field elements: 253 + 253 + 6 bits)
 *   commitment = Poseidon([secret])
 *   leaf       = Poseidon([packed0, packed1, packed2, salt, commitment])
 *   nullifier  = Poseidon([scope, secret])
 * The template, salt and secret stay on the device; the issuer enrolls only the leaf.
 */
import { FIELD_PRIME } from '../circuit/field.js'
import { packValues, poseidon } from '../circuit/poseidon/index.js'
import { IRIS_CODE_BITS, IRIS_GEOMETRY } from './config.js'
import { InvalidIdentityInputError } from './errors.js'
import { type IrisStrip } from './iris.js'
import { codeFromResponses, irisResponses } from './irisCode.js'

/** What a device keeps after enrolling (never sent anywhere). */
export type IdentitySecrets = {
  /** The enrolled code: {@link IRIS_CODE_BITS} bytes, each 0 or 1. */
  template: Uint8Array
  /** Random field element hiding the template inside the leaf. */
  salt: bigint
  /** Random field element: the identity secret behind every nullifier. */
  secret: bigint
}

/**
 * The iris code of a capture (exact integers: the same bits as the ONNX model's signs and the circuit's).
 *
 * @param parameters.strip - A capture.
 * @returns {@link IRIS_CODE_BITS} bytes, each 0 or 1.
 */
export function irisCode({ strip }: { strip: IrisStrip }): Uint8Array {
  return codeFromResponses(irisResponses({ strip, geometry: IRIS_GEOMETRY }))
}

/**
 * A uniformly random field element from `crypto.getRandomValues` (64 bytes reduced mod p).
 *
 * @returns A bigint in [1, p).
 */
export function randomFieldElement(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(64))
  let x = 0n
  for (const b of bytes) x = (x << 8n) | BigInt(b)
  return (x % (FIELD_PRIME - 1n)) + 1n
}

/**
 * Enrollment on the device: the template is the code of `capture`; salt and secret are fresh.
 *
 * @param parameters.capture - The enrollment scan.
 * @returns {@link IdentitySecrets} plus the `leaf` the issuer enrolls.
 * @example
 * import { capture, createIdentity, irisStrip } from '@zkml/web/identity'
 * const id = createIdentity({ capture: capture({ strip: irisStrip({ seed: 'alice' }), seed: 'enroll' }) })
 * // store id.template, id.salt, id.secret on the device; send only id.leaf to the issuer
 */
export function createIdentity({ capture }: { capture: IrisStrip }): IdentitySecrets & { leaf: bigint } {
  const secrets = { template: irisCode({ strip: capture }), salt: randomFieldElement(), secret: randomFieldElement() }
  return { ...secrets, leaf: identityLeaf(secrets) }
}

/** Throws unless `template` is {@link IRIS_CODE_BITS} bytes of 0/1; returns it. */
export function assertTemplate(template: unknown, field = 'template'): Uint8Array {
  if (!(template instanceof Uint8Array) || template.length !== IRIS_CODE_BITS || template.some((v) => v > 1))
    throw new InvalidIdentityInputError({ field, reason: `expected a Uint8Array of ${IRIS_CODE_BITS} bits (each 0 or 1)` })
  return template
}

/** Throws unless `x` is a bigint field element; returns it. */
export function assertField(x: unknown, field: string): bigint {
  if (typeof x !== 'bigint' || x < 0n || x >= FIELD_PRIME) throw new InvalidIdentityInputError({ field, reason: 'expected a bigint in [0, p)' })
  return x
}

/** The template packed into field elements (1 bit per value, 253 per element). */
export function packTemplate(template: Uint8Array): bigint[] {
  return packValues({ values: Array.from(assertTemplate(template), BigInt), bits: 1 })
}

/**
 * The Merkle leaf of an identity (see the module doc).
 *
 * @param parameters - {@link IdentitySecrets}
 * @returns The leaf field element.
 * @throws {InvalidIdentityInputError} When an input is malformed.
 */
export function identityLeaf({ template, salt, secret }: IdentitySecrets): bigint {
  return identityLeafFromCommitment({ template, salt, commitment: identityCommitment({ secret }) })
}

/**
 * The commitment to an identity's secret, `Poseidon([secret])`: what a device gives the enrollment
 * station instead of the secret (the station cannot compute nullifiers from it).
 *
 * @param parameters.secret - The identity secret.
 * @returns The commitment (a field element).
 * @throws {InvalidIdentityInputError} When `secret` is not a field element.
 */
export function identityCommitment({ secret }: { secret: bigint }): bigint {
  return poseidon([assertField(secret, 'secret')])
}

/**
 * The Merkle leaf from the template, the salt and the secret's commitment (what the enrollment
 * station computes: it knows the template it captured, never the secret).
 *
 * @param parameters.template - The enrolled code.
 * @param parameters.salt - The salt.
 * @param parameters.commitment - {@link identityCommitment} of the secret.
 * @returns `Poseidon([packed template, salt, commitment])`.
 * @throws {InvalidIdentityInputError} When an input is malformed.
 */
export function identityLeafFromCommitment({ template, salt, commitment }: { template: Uint8Array; salt: bigint; commitment: bigint }): bigint {
  return poseidon([...packTemplate(template), assertField(salt, 'salt'), assertField(commitment, 'commitment')])
}

/**
 * The nullifier of an identity in a scope: one per (identity, scope), unlinkable across scopes.
 *
 * @param parameters.scope - The scope (e.g. an app or an election id), a field element.
 * @param parameters.secret - The identity secret.
 * @returns `Poseidon([scope, secret])`.
 */
export function identityNullifier({ scope, secret }: { scope: bigint; secret: bigint }): bigint {
  return poseidon([assertField(scope, 'scope'), assertField(secret, 'secret')])
}
