/**
 * Proving and verifying an inference from loaded artifacts (environment-neutral: Node and workers).
 */
import type { CircuitArtifact } from './artifact.js'
import { computeWitness } from './witness.js'
import { proveGroth16, verifyGroth16, type Groth16Proof, type VerificationKey } from './groth16.js'
import type { ProverKind } from './wasmProver.js'
import { provenOutputs, publicInputsInRange, weightsHashMatches } from './publicSignals.js'
import type { ModelInput } from '../quantize/quantizeInput.js'

/** What `zkml prove` writes to proof.json. */
export type ProofFile = {
  proof: Groth16Proof
  publicSignals: string[]
  /** The proven output, dequantized, by output name. */
  circuitOutput: Record<string, number[]>
  /** Output integers (needed to check a hashed-output commitment), decimal strings. */
  outputIntegers: Record<string, string[]>
}

export type ProveInferenceTimings = { witness: number; prove: number }

const now = () => (globalThis.performance ?? Date).now()

/**
 * Computes the witness for `input` and proves it.
 * @throws InvalidInputError / InputRangeError, WitnessGenerationError, ProverError
 */
export async function proveWithArtifacts({ circuit, zkey, input, clamp, prover }: { circuit: CircuitArtifact; zkey: Uint8Array; input: ModelInput; clamp?: boolean | undefined; prover?: ProverKind | undefined }): Promise<ProofFile & { timings: ProveInferenceTimings }> {
  const t0 = now()
  const w = computeWitness({ circuit, input, clamp })
  const t1 = now()
  const { proof, publicSignals } = await proveGroth16({ zkey, witness: w.witness, prover })
  const t2 = now()
  return {
    proof,
    publicSignals,
    circuitOutput: w.circuitOutput,
    outputIntegers: Object.fromEntries(Object.entries(w.outputIntegers).map(([k, v]) => [k, v.map(String)])),
    timings: { witness: t1 - t0, prove: t2 - t1 },
  }
}

/**
 * Verifies a proof file against the artifacts: the Groth16 proof, public inputs in range, the
 * weights commitment (hidden-weights mode), and that the claimed `circuitOutput` is exactly what the
 * public signals prove.
 * @returns false when any of those fails; malformed arguments throw
 */
export async function verifyWithArtifacts({ circuit, vkey, proofFile }: { circuit: CircuitArtifact; vkey: VerificationKey; proofFile: Pick<ProofFile, 'proof' | 'publicSignals'> & Partial<ProofFile> }): Promise<boolean> {
  if (!(await verifyGroth16({ vkey, proof: proofFile.proof, publicSignals: proofFile.publicSignals }))) return false
  if (!publicInputsInRange(circuit, proofFile.publicSignals)) return false
  if (!weightsHashMatches(circuit, proofFile.publicSignals)) return false
  if (proofFile.circuitOutput) {
    const proven = provenOutputs(circuit, proofFile.publicSignals, proofFile.outputIntegers)
    if (!proven) return false
    for (const [name, vals] of Object.entries(proofFile.circuitOutput)) {
      const p = proven[name]
      if (!p || p.length !== vals.length || p.some((v, i) => Math.abs(v - vals[i]!) > 1e-12 * Math.max(1, Math.abs(v)))) return false
    }
  }
  return true
}
