/**
 * Native definitions of a model statement's commitments (the circuit computes the same values; see
 * `statement.ts`), and the random salts that make them hiding.
 *
 * - `inputHash  = poseidonMany([salt, …packValues(x₁ − lo₁, bits₁), …packValues(x₂ − lo₂, bits₂), …])`
 *   over the model inputs in order; each input's integers are shifted to unsigned and packed on
 *   their own (`floor(253 / bits)` values per field element).
 * - `outputHash = poseidonMany([salt, …outputs])` over every output integer in model order, each as a
 *   field element (negative values as p − |v|).
 * The salt is a field element drawn by the prover ({@link randomSalt}); it is private. Whoever is
 * given the salt and the values can recompute the commitment; whoever is given only the hash learns
 * nothing about the values (Poseidon as a random oracle, a 253-bit salt).
 */
import type { QuantizedModel } from '../ir/model.js'
import { FIELD_PRIME, toField } from './field.js'
import { packValues, poseidonMany } from './poseidon/index.js'
import { inputRange } from './statement.js'

/**
 * A uniformly random field element for a commitment salt: 64 bytes from `crypto.getRandomValues`
 * reduced mod p (bias below 2^-250).
 * @example const salt = randomSalt()
 */
export function randomSalt(): bigint {
  const bytes = new Uint8Array(64)
  globalThis.crypto.getRandomValues(bytes)
  let x = 0n
  for (const byte of bytes) x = (x << 8n) | BigInt(byte)
  return x % FIELD_PRIME
}

/**
 * The input commitment of `inputs` (quantized integers by input name) under `salt`.
 * @param params.model - The quantized model (input widths and order).
 * @param params.inputs - Input integers by name, each within its input's range.
 * @param params.salt - The salt, a field element.
 * @returns The value of the `inputHash` public signal.
 * @throws {PoseidonInputError} When an integer lies outside its input's range.
 */
export function inputCommitment({ model, inputs, salt }: { model: Pick<QuantizedModel, 'inputs'>; inputs: Record<string, ArrayLike<number | bigint>>; salt: bigint }): bigint {
  const packed = model.inputs.flatMap((inp) => {
    const [lo] = inputRange(inp)
    return packValues({ values: Array.from(inputs[inp.name] ?? [], (v) => BigInt(v) - lo), bits: inp.bits })
  })
  return poseidonMany([salt, ...packed])
}

/**
 * The output commitment of `outputs` (integers by output name) under `salt`.
 * @param params.model - The quantized model (output order).
 * @param params.outputs - Output integers by name.
 * @param params.salt - The salt, a field element.
 * @returns The value of the `outputHash` public signal.
 */
export function outputCommitment({ model, outputs, salt }: { model: Pick<QuantizedModel, 'outputs'>; outputs: Record<string, readonly bigint[]>; salt: bigint }): bigint {
  return poseidonMany([salt, ...model.outputs.flatMap((o) => (outputs[o.name] ?? []).map(toField))])
}
