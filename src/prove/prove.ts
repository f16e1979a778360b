/**
 * Proving an inference from loaded artifacts (environment-neutral: Node and workers); verifying
 * is `verify.ts`.
 */
import type { CircuitArtifact } from './artifact.js'
import { computeWitness } from './witness.js'
import { proveGroth16, type Groth16Proof } from './groth16.js'
import type { StatementSalts } from '../circuit/lowerModel.js'
import type { MessageInput } from './message.js'
import type { ProverKind } from './wasmProver.js'
import type { ZkeyReader } from '../../wasm/zkey.js'
import type { ModelInput } from '../quantize/quantizeInput.js'

export { verifyWithArtifacts, type VerifiableProof, type VerifiedInference, type VerifyFailureReason, type VerifyWithArtifactsReturnType } from './verify.js'

/**
 * What `zkml prove` writes to proof.json: what a verifier may be handed. It never holds the input
 * salt (that opens the input commitment; it goes to the prover only, as `inputSalt`).
 */
export type ProofFile = {
  proof: Groth16Proof
  publicSignals: string[]
  /** The proven output, dequantized, by output name. */
  circuitOutput: Record<string, number[]>
  /** Output integers (decimal strings): revealing them (with `outputSalt`) opens a hashed output. */
  outputIntegers: Record<string, string[]>
  /** Hashed-output mode: the output commitment's salt (decimal string). Remove it with the outputs to keep them private. */
  outputSalt?: string | undefined
  /** Statements with a message signal: the message (decimal string). */
  message?: string | undefined
}

export type ProveInferenceTimings = { witness: number; prove: number }

/** What {@link proveWithArtifacts} returns: the proof file, the prover-only input salt, and timings. */
export type ProveWithArtifactsReturnType = ProofFile & {
  /** Hashed-input mode: the input commitment's salt (decimal string). Private: with it the input can be brute-forced from the hash. */
  inputSalt?: string | undefined
  timings: ProveInferenceTimings
}

export type ProveWithArtifactsParameters = {
  circuit: CircuitArtifact
  /** The proving key's bytes, or a reader over them (see `proveGroth16`). */
  zkey: Uint8Array | ZkeyReader
  input: ModelInput
  clamp?: boolean | undefined
  /** Commitment salts; default fresh random ones (see `computeWitness`). */
  salts?: StatementSalts | undefined
  /** The message to bind (statements with a message signal). */
  message?: MessageInput | undefined
  /** `wasm` (default: our prover in wasm/) or `snarkjs` (the reference). */
  prover?: ProverKind | undefined
}

const now = () => (globalThis.performance ?? Date).now()

/**
 * Computes the witness for `input` and proves it.
 * @throws InvalidInputError / InputRangeError, WitnessGenerationError, ProverError
 */
export async function proveWithArtifacts({ circuit, zkey, input, clamp, salts, message, prover }: ProveWithArtifactsParameters): Promise<ProveWithArtifactsReturnType> {
  const t0 = now()
  const w = computeWitness({ circuit, input, clamp, salts, message })
  const t1 = now()
  const { proof, publicSignals } = await proveGroth16({ zkey, witness: w.witness, prover })
  const t2 = now()
  return {
    proof,
    publicSignals,
    circuitOutput: w.circuitOutput,
    outputIntegers: Object.fromEntries(Object.entries(w.outputIntegers).map(([k, v]) => [k, v.map(String)])),
    ...(w.salts.output !== undefined ? { outputSalt: w.salts.output.toString() } : {}),
    ...(w.message !== undefined ? { message: w.message.toString() } : {}),
    ...(w.salts.input !== undefined ? { inputSalt: w.salts.input.toString() } : {}),
    timings: { witness: t1 - t0, prove: t2 - t1 },
  }
}
