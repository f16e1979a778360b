/**
 * Verifying an inference proof against its artifacts (environment-neutral: Node, the browser's
 * prover worker). One error channel: a malformed proof file throws `InvalidProofError`; a
 * well-formed proof that does not hold, or a claim it does not prove, is `{ valid: false, reason }`.
 */
import { assertCircuitArtifact, type CircuitArtifact } from './artifact.js'
import { verifyGroth16, type Groth16VerificationKey } from './groth16.js'
import { decodePublicSignals, publicInputsInRange, weightsHashMatches } from './publicSignals.js'
import { outputsInRange, parseClaimedOutput, parseRevealedOutputs } from './revealedOutputs.js'
import { parseCanonicalUint, parseGroth16Proof } from './proofShape.js'
import { outputCommitment } from '../circuit/commitments.js'
import { FIELD_PRIME } from '../circuit/field.js'
import { dequantizeOutputs } from '../quantize/execInt.js'
import { InvalidProofError } from '../errors/prove.js'
import { assertGammaDeltaDistinct, type GammaDeltaKey } from '../setup/keyCheck.js'

/** What a verifier is handed: the proof and signals, optionally the revealed outputs and claims. */
export type VerifiableProof = {
  proof: unknown
  publicSignals: readonly (string | bigint)[]
  /** The claimed (dequantized) output; checked against the proven output when present. */
  circuitOutput?: Record<string, number[]> | undefined
  /** Revealed output integers (decimal strings); required to learn a hashed output. */
  outputIntegers?: Record<string, readonly (string | bigint)[]> | undefined
  /** The output commitment's salt (decimal string); required with `outputIntegers` for a hashed output. */
  outputSalt?: string | bigint | undefined
}

/** Why a well-formed proof was not accepted. */
export type VerifyFailureReason =
  /** The Groth16 proof does not hold for these public signals under this key. */
  | 'proof'
  /** A public input lies outside its quantized range (the circuit proves the range; defence in depth). */
  | 'publicInputRange'
  /** Hidden weights: the proof's `weightsHash` is not the commitment the artifacts expect. */
  | 'weightsHash'
  /** A revealed output integer lies outside its output's proven interval. */
  | 'outputRange'
  /** The revealed output integers and salt do not open the public output commitment. */
  | 'outputCommitment'
  /** Public outputs: the revealed integers differ from the public signals. */
  | 'outputMismatch'
  /** The claimed `circuitOutput` is not the dequantized proven output. */
  | 'claimedOutput'

/** What a valid proof states, decoded: the verified outputs and every public part of the statement. */
export type VerifiedInference = {
  valid: true
  /** The proven output integers by name: the public outputs, or the revealed ones that open the commitment. Absent for an unrevealed hashed output. */
  outputIntegers?: Record<string, bigint[]> | undefined
  /** The proven outputs dequantized (softmax applied where recorded), when the integers are known. */
  circuitOutput?: Record<string, number[]> | undefined
  /** Public-input mode: the input integers by name. */
  publicInputs?: Record<string, bigint[]> | undefined
  inputHash?: bigint | undefined
  outputHash?: bigint | undefined
  weightsHash?: bigint | undefined
  /** Statements with a message signal: the message the proof is bound to. */
  message?: bigint | undefined
}

/** The verdict of {@link verifyWithArtifacts}. */
export type VerifyWithArtifactsReturnType = VerifiedInference | { valid: false; reason: VerifyFailureReason }

const REL_TOLERANCE = 1e-12

/**
 * Verifies a proof file against the artifacts: the Groth16 proof; public inputs in range; the
 * weights commitment (hidden weights); revealed output integers (canonical, exact count, inside the
 * proven interval, opening the commitment or equal to the public outputs); and that a claimed
 * `circuitOutput` is exactly the proven output.
 * @param params.circuit - circuit.json (parsed).
 * @param params.vkey - vkey.json (parsed).
 * @param params.proofFile - {@link VerifiableProof}
 * @returns {@link VerifyWithArtifactsReturnType}: the verified outputs, or `{ valid: false, reason }`.
 * @throws {InvalidProofError} When the proof, the signals, the revealed outputs, the salt or the claim is malformed.
 * @throws {ForgeableVerificationKeyError} When the key has δ₂ = γ₂ (anyone could forge a proof for it).
 * @throws {ArtifactError} When circuit.json is of another version.
 * @example
 * const res = await verifyWithArtifacts({ circuit, vkey, proofFile })
 * if (res.valid) console.log(res.circuitOutput)
 */
export async function verifyWithArtifacts({ circuit, vkey, proofFile }: { circuit: CircuitArtifact; vkey: Groth16VerificationKey; proofFile: VerifiableProof }): Promise<VerifyWithArtifactsReturnType> {
  assertCircuitArtifact(circuit)
  assertGammaDeltaDistinct(vkey as GammaDeltaKey, 'vkey')
  if (typeof proofFile !== 'object' || proofFile === null) throw new InvalidProofError({ field: 'proofFile', reason: 'expected { proof, publicSignals }' })
  // Parse everything first: malformed input throws before any cryptography runs.
  const proof = parseGroth16Proof(proofFile.proof)
  const decoded = decodePublicSignals(circuit, proofFile.publicSignals)
  const revealed = proofFile.outputIntegers === undefined ? undefined : parseRevealedOutputs(circuit, proofFile.outputIntegers)
  const claimed = proofFile.circuitOutput === undefined ? undefined : parseClaimedOutput(circuit, proofFile.circuitOutput)
  const hashed = circuit.visibility.output === 'hashed'
  let salt: bigint | undefined
  if (hashed && revealed) {
    if (proofFile.outputSalt === undefined) throw new InvalidProofError({ field: 'outputSalt', reason: 'required with outputIntegers to open the hashed output' })
    salt = parseCanonicalUint(proofFile.outputSalt, 'outputSalt', FIELD_PRIME)
  }
  if (hashed && claimed && !revealed) throw new InvalidProofError({ field: 'circuitOutput', reason: 'a hashed output claim needs outputIntegers and outputSalt to be checked' })

  if (!(await verifyGroth16({ vkey, proof, publicSignals: proofFile.publicSignals }))) return { valid: false, reason: 'proof' }
  if (!publicInputsInRange(circuit, decoded)) return { valid: false, reason: 'publicInputRange' }
  if (!weightsHashMatches(circuit, decoded)) return { valid: false, reason: 'weightsHash' }

  let ints: Record<string, bigint[]> | undefined = decoded.outputs
  if (revealed) {
    if (!outputsInRange(circuit, revealed)) return { valid: false, reason: 'outputRange' }
    if (hashed) {
      if (outputCommitment({ model: circuit.model, outputs: revealed, salt: salt! }) !== decoded.outputHash) return { valid: false, reason: 'outputCommitment' }
      ints = revealed
    } else if (circuit.model.outputs.some((o) => revealed[o.name]!.some((v, i) => v !== ints![o.name]![i]))) {
      return { valid: false, reason: 'outputMismatch' }
    }
  }
  const proven = ints ? dequantizeOutputs(circuit.model, ints) : undefined
  if (claimed) {
    for (const [name, vals] of Object.entries(claimed)) {
      const p = proven![name]!
      if (p.some((v, i) => Math.abs(v - vals[i]!) > REL_TOLERANCE * Math.max(1, Math.abs(v)))) return { valid: false, reason: 'claimedOutput' }
    }
  }
  return {
    valid: true,
    ...(ints ? { outputIntegers: ints, circuitOutput: proven } : {}),
    ...(decoded.inputs ? { publicInputs: decoded.inputs } : {}),
    ...(decoded.inputHash !== undefined ? { inputHash: decoded.inputHash } : {}),
    ...(decoded.outputHash !== undefined ? { outputHash: decoded.outputHash } : {}),
    ...(decoded.weightsHash !== undefined ? { weightsHash: decoded.weightsHash } : {}),
    ...(decoded.message !== undefined ? { message: decoded.message } : {}),
  }
}
