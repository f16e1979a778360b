/**
 * The identity statement's witness, from the private capture, template, salt, secret and Merkle
 * path (and the public scope and message). Checked natively first, so a capture that does not match
 * fails with `IrisNoMatchError` before any constraint is built. Runs wherever the proof is made: in
 * the prover worker (`createStatementProver({ statement: 'identity' })`) or in-process (`proveIdentity`).
 */
import { WitnessGenerationError } from '../errors/prove.js'
import type { StatementDefinition } from '../prove/statementDefinition.js'
import { assertIdentityCircuit, parseIdentityCircuit, type IdentityCircuitArtifact } from './artifacts.js'
import { IRIS_CODE_BITS } from './config.js'
import { InvalidIdentityInputError, IrisNoMatchError } from './errors.js'
import { assertField, assertTemplate, identityLeaf, identityNullifier, irisCode } from './identity.js'
import { assertStrip, type IrisStrip } from './iris.js'
import { matchCodes } from './match.js'
import { type MerkleProof, merkleProofRoot } from './merkle.js'
import { buildIdentityCircuit } from './statement.js'

/** What an identity proof needs besides the artifacts. Everything but `scope` and `message` is private. */
export type IdentityProofInput = {
  /** The fresh scan (private). */
  capture: IrisStrip
  /** The enrolled template (private). */
  template: Uint8Array
  salt: bigint
  secret: bigint
  /**
   * Inclusion proof of the identity's leaf (`merkleProof({ leaves, leaf })`); the root it leads to
   * becomes public. `leaf` and `root`, when present, are checked against the computed ones.
   */
  merkleProof: Pick<MerkleProof, 'index' | 'siblings'> & Partial<Pick<MerkleProof, 'root' | 'leaf'>>
  /** Public: the scope whose nullifier is spent (e.g. an app id). */
  scope: bigint
  /**
   * Public: the bound message. For `IrisRegistry` it must be the address (as a uint160) of the account
   * that will submit the proof: the registry refuses it from any other sender (`MessageNotSender`).
   */
  message: bigint
}

/** What the identity statement reports beside the proof. */
export type IdentityProofOutput = {
  /** The public root and nullifier. */
  root: bigint
  nullifier: bigint
  /** Hamming distance at the proven rotation, and that rotation. */
  distance: number
  shift: number
  /** The code the circuit computed (equal to `irisCode({ strip: capture })`). */
  code: Uint8Array
}

/** Parameters of {@link identityWitness}. */
export type IdentityWitnessParameters = { circuit: IdentityCircuitArtifact; input: IdentityProofInput }
/** Result of {@link identityWitness}: the full witness (field elements) and the statement's output. */
export type IdentityWitnessReturnType = { witness: bigint[]; output: IdentityProofOutput }
export type IdentityWitnessErrorType = IrisNoMatchError | InvalidIdentityInputError | WitnessGenerationError

/**
 * Computes the identity circuit's witness.
 *
 * @param parameters - {@link IdentityWitnessParameters}
 * @returns {@link IdentityWitnessReturnType}
 * @throws {IrisNoMatchError} When the capture's code is more than τ bits from the template at every
 *   allowed rotation: no witness exists.
 * @throws {InvalidIdentityInputError} When an input is malformed, or the Merkle proof is not for this identity's leaf.
 * @example
 * import { identityWitness } from '@zkml/web/identity'
 * const { witness, output } = identityWitness({ circuit, input: { capture, ...secrets, merkleProof, scope: 1n, message } })
 */
export function identityWitness({ circuit: c, input }: IdentityWitnessParameters): IdentityWitnessReturnType {
  const circuit = assertIdentityCircuit(c)
  if (typeof input !== 'object' || input === null) throw new InvalidIdentityInputError({ field: 'input', reason: 'expected { capture, template, salt, secret, merkleProof, scope, message }' })
  const capture = assertStrip(input.capture, 'capture')
  const template = assertTemplate(input.template)
  const salt = assertField(input.salt, 'salt')
  const secret = assertField(input.secret, 'secret')
  const scope = assertField(input.scope, 'scope')
  const message = assertField(input.message, 'message')
  const { merkleProof } = input
  if (!merkleProof || !Array.isArray(merkleProof.siblings) || merkleProof.siblings.length > circuit.merkleDepth || !Number.isSafeInteger(merkleProof.index) || merkleProof.index < 0)
    throw new InvalidIdentityInputError({ field: 'merkleProof', reason: `expected { index, siblings } with at most ${circuit.merkleDepth} siblings` })
  merkleProof.siblings.forEach((s, i) => assertField(s, `merkleProof.siblings[${i}]`))

  const match = matchCodes({ code: irisCode({ strip: capture }), template, threshold: circuit.threshold })
  const noMatch = () => new IrisNoMatchError({ distance: match.distance, threshold: circuit.threshold, shift: match.shift, bits: IRIS_CODE_BITS })
  if (!match.match) throw noMatch()
  const leaf = identityLeaf({ template, salt, secret })
  if (merkleProof.leaf !== undefined && merkleProof.leaf !== leaf)
    throw new InvalidIdentityInputError({ field: 'merkleProof', reason: 'it proves another leaf than this identity’s (template, salt, secret)' })
  const root = merkleProofRoot({ leaf, index: merkleProof.index, siblings: merkleProof.siblings })
  if (merkleProof.root !== undefined && merkleProof.root !== root)
    throw new InvalidIdentityInputError({ field: 'merkleProof', reason: 'its siblings do not lead to its root' })

  let built: ReturnType<typeof buildIdentityCircuit>
  try {
    built = buildIdentityCircuit({
      model: circuit.model,
      threshold: circuit.threshold,
      mode: { constraints: false, witness: true },
      inputs: { capture, template, salt, secret, merkleProof, scope, message, shift: match.shift },
    })
  } catch (err) {
    if (err instanceof WitnessGenerationError && err.wire === 'match') throw noMatch()
    throw err
  }
  const nullifier = identityNullifier({ scope, secret })
  const [pRoot, pNullifier] = built.publicSignals!
  if (pRoot !== root || pNullifier !== nullifier)
    throw new WitnessGenerationError({ wire: 'public signals', reason: 'the circuit and the native root or nullifier disagree (a bug: please report it)' })
  return { witness: built.witness!, output: { root, nullifier, distance: match.distance, shift: match.shift, code: built.code! } }
}

/** The identity statement, as the prover worker's statement registry holds it. */
export const identityStatement: StatementDefinition<IdentityCircuitArtifact, IdentityProofInput, IdentityProofOutput> = {
  kind: 'identity',
  parseCircuit: parseIdentityCircuit,
  witness: identityWitness,
}
