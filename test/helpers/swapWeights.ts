/**
 * The hidden-weights attack of the security review (finding 3), as a test helper: swap two rows
 * (and their biases) of a model's last Linear layer. The multiset of values is unchanged, so every
 * tensor keeps its bit width and the hidden-weights circuit (and key) stays the same, while the
 * model computes other logits and commits to other weights.
 */
import type { CircuitArtifact } from '../../src/prove/artifact.js'
import { computeWitness } from '../../src/prove/witness.js'
import { proveGroth16 } from '../../src/prove/groth16.js'
import type { ProofFile } from '../../src/prove/prove.js'

/** A copy of `circuit` with rows `r` and `s` (and biases) of the last Linear layer swapped. */
export function swapLastLayerRows(circuit: CircuitArtifact, r: number, s: number): CircuitArtifact {
  const swapped = structuredClone(circuit)
  const last = swapped.model.nodes.filter((n) => n.op === 'Linear').at(-1)
  if (!last || last.op !== 'Linear' || last.bias === undefined) throw new Error('the model has no Linear layer with a bias')
  const W = swapped.model.constants[last.weight]!
  const k = W.dims[1]!
  const w = W.data as number[]
  for (let j = 0; j < k; j++) [w[r * k + j], w[s * k + j]] = [w[s * k + j]!, w[r * k + j]!]
  const b = swapped.model.constants[last.bias]!.data as number[]
  ;[b[r], b[s]] = [b[s]!, b[r]!]
  return swapped
}

/** Proves `input` for the swapped model with the honest artifacts' proving key (what an attacker can do). */
export async function proveSwapped({ circuit, zkey, input, rows = [0, 1] }: { circuit: CircuitArtifact; zkey: Uint8Array; input: number[]; rows?: [number, number] }): Promise<ProofFile> {
  const w = computeWitness({ circuit: swapLastLayerRows(circuit, rows[0], rows[1]), input })
  const { proof, publicSignals } = await proveGroth16({ zkey, witness: w.witness })
  return { proof, publicSignals, circuitOutput: w.circuitOutput, outputIntegers: Object.fromEntries(Object.entries(w.outputIntegers).map(([k, v]) => [k, v.map(String)])) }
}
