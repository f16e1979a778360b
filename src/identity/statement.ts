/**
 * The identity circuit: "a fresh iris capture matches an enrolled identity", in zero knowledge.
 *
 * Private: the capture (1024 pixels), the template (512 bits), salt, secret, the Merkle path.
 * Public signals, in this order: `[root, nullifier, scope, message]`.
 * Proven (all over the BN254 scalar field):
 * 1. Each capture pixel is an 8-bit integer (`allocBitsInput`, then one wire per pixel).
 * 2. responses = the quantized `iriscode.onnx` run on the circularly padded capture (`runModel` in the
 *    circuit domain: a Conv with constant weights, free); code_i = [response_i ≥ 0] (`signBit`).
 * 3. The template bits are boolean; for one rotation k ∈ {−1, 0, +1} chosen by the prover,
 *    Hamming(rotate(code, k), template) ≤ τ (`hammingMatch`).
 * 4. leaf = Poseidon([pack(template) (3 elements), salt, Poseidon([secret])]).
 * 5. LeanIMT membership of the leaf under the public root, depth ≤ MERKLE_DEPTH (`leanImtMembership`:
 *    @zk-kit/lean-imt's compacted proof).
 * 6. nullifier = Poseidon([scope, secret]); message is bound by `message · message = message²`.
 * The structure depends only on the model and the constants, never on values, so the setup-time
 * build (constraints) and the prove-time build (witness only) allocate the same wires.
 */
import { CircuitBuilder } from '../circuit/builder.js'
import { circuitDomain } from '../circuit/circuitDomain.js'
import { FIELD_PRIME, toField } from '../circuit/field.js'
import { allocBitsInput } from '../circuit/gadgets/bits.js'
import { signBit } from '../circuit/gadgets/sign.js'
import { type Lc, lcConst, lcWire } from '../circuit/lc.js'
import { runModel } from '../ir/run.js'
import { packGadget, poseidonGadget } from '../circuit/poseidon/index.js'
import type { R1cs } from '../circuit/r1cs.js'
import type { QuantizedModel } from '../ir/model.js'
import { IRIS_CODE_BITS, IRIS_GEOMETRY, IRIS_INPUT_NAME, IRIS_OUTPUT_NAME, IRIS_SHIFTS, MERKLE_DEPTH } from './config.js'
import { IRIS_COLS, IRIS_PIXELS, IRIS_ROWS, type IrisStrip } from './iris.js'
import { codeShape } from './irisCode.js'
import { hammingMatch } from './gadgets/hammingMatch.js'
import { leanImtMembership } from './gadgets/leanImtMembership.js'
import type { MerkleProof } from './merkle.js'
import { InternalError } from '../errors/internal.js'

/** Names of the public signals, in circuit order. */
export const IDENTITY_PUBLIC_SIGNALS = ['root', 'nullifier', 'scope', 'message'] as const

/** The private and public values of one proof. */
export type IdentityWitnessInputs = {
  capture: IrisStrip
  template: Uint8Array
  salt: bigint
  secret: bigint
  merkleProof: Pick<MerkleProof, 'index' | 'siblings'>
  scope: bigint
  message: bigint
  /** The rotation to prove (one of IRIS_SHIFTS); the caller picks the best one. */
  shift: number
}

/** Parameters of {@link buildIdentityCircuit}. */
export type BuildIdentityCircuitParameters = {
  /** The quantized iris-code model (`quantizeIrisModel`). */
  model: QuantizedModel
  /** τ in bits. */
  threshold: number
  /**
   * Record constraints (setup) and/or compute the witness (prove); `reference`: the plain
   * linear-combination path (same witness, slower; see `CircuitBuilderOptions.reference`).
   */
  mode: { constraints: boolean; witness: boolean; reference?: boolean | undefined }
  /** Required in witness mode. */
  inputs?: IdentityWitnessInputs | undefined
}

/** Result of {@link buildIdentityCircuit}. */
export type BuildIdentityCircuitReturnType = {
  r1cs: R1cs
  /** Witness mode: the full assignment (field elements after `toField`), public signals at 1..4. */
  witness: bigint[] | undefined
  /** Witness mode: `[root, nullifier, scope, message]`. */
  publicSignals: bigint[] | undefined
  /** Witness mode: the code bits the circuit computed. */
  code: Uint8Array | undefined
  nConstraints: number
}

const P1 = FIELD_PRIME - 1n

/**
 * Builds the identity circuit (see the module doc) in constraint and/or witness mode.
 *
 * @param parameters - {@link BuildIdentityCircuitParameters}
 * @returns {@link BuildIdentityCircuitReturnType}
 * @throws {WitnessGenerationError} In witness mode when the inputs do not satisfy the statement
 *   (e.g. label `match` when the Hamming distance exceeds τ; `proveIdentity` checks this first).
 */
export function buildIdentityCircuit({ model, threshold, mode, inputs }: BuildIdentityCircuitParameters): BuildIdentityCircuitReturnType {
  const b = new CircuitBuilder(mode)
  const w = mode.witness ? inputs! : undefined
  const shape = codeShape(IRIS_GEOMETRY)
  if (shape.bits !== IRIS_CODE_BITS) throw new InternalError({ invariant: 'geometry and IRIS_CODE_BITS disagree' })
  const fieldWire = (value: () => bigint, label: string) => b.alloc(0n, P1, () => toField(value()), label)

  // Public inputs that are also private-side values: allocated now, made public at the end.
  const scope = fieldWire(() => w!.scope, 'scope')
  const message = fieldWire(() => w!.message, 'message')

  // 1. Capture pixels: 8 bits each, then one wire (keeps the filter responses' linear combinations short).
  const pixels: Lc[] = []
  for (let i = 0; i < IRIS_PIXELS; i++) {
    const bits = allocBitsInput(b, () => BigInt(w!.capture[i]!), 8, 0n, `capture[${i}]`)
    const p = b.alloc(0n, 255n, () => b.value(bits), `pixel[${i}]`)
    b.enforceLazy(() => [lcWire(p), lcConst(1n), bits])
    pixels.push(lcWire(p))
  }
  b.markPrivateInputs(IRIS_PIXELS)

  // 2. The model on the circularly padded strip, and the sign bits.
  const data: Lc[] = []
  for (let y = 0; y < IRIS_ROWS; y++)
    for (let x = 0; x < shape.paddedCols; x++) data.push(pixels[y * IRIS_COLS + ((x - shape.pad + IRIS_COLS) % IRIS_COLS)]!)
  const input = model.inputs[0]!
  const outs = runModel(circuitDomain(b), model, { [IRIS_INPUT_NAME]: { shape: input.shape, data } })
  const responses = outs[IRIS_OUTPUT_NAME]!.data
  if (responses.length !== IRIS_CODE_BITS) throw new InternalError({ invariant: `the model gives ${responses.length} responses, expected ${IRIS_CODE_BITS}` })
  const code = responses.map((r, i) => signBit(b, r, `code[${i}]`))

  // 3. Template bits and the Hamming distance at the selected rotation.
  const template = Array.from({ length: IRIS_CODE_BITS }, (_, i) => allocBitsInput(b, () => BigInt(w!.template[i]!), 1, 0n, `template[${i}]`))
  hammingMatch(b, { code, template, columns: shape.columns, shifts: IRIS_SHIFTS, threshold, shift: () => w!.shift, label: 'match' })

  // 4. The leaf.
  const salt = fieldWire(() => w!.salt, 'salt')
  const secret = fieldWire(() => w!.secret, 'secret')
  const packed = packGadget(b, { values: template, bits: 1, label: 'template' })
  const commitment = poseidonGadget(b, [lcWire(secret)], 'commitment')
  const leaf = poseidonGadget(b, [...packed, lcWire(salt), commitment], 'leaf')

  // 5. LeanIMT membership.
  const node = leanImtMembership(b, { leaf, depth: MERKLE_DEPTH, proof: () => w!.merkleProof, label: 'merkle' })

  // 6. Public signals: root, nullifier, scope, message.
  const root = fieldWire(() => b.value(node), 'root')
  b.enforceLazy(() => [lcWire(root), lcConst(1n), node])
  const nullifierLc = poseidonGadget(b, [lcWire(scope), lcWire(secret)], 'nullifier')
  const nullifier = fieldWire(() => b.value(nullifierLc), 'nullifier')
  b.enforceLazy(() => [lcWire(nullifier), lcConst(1n), nullifierLc])
  const messageSquared = fieldWire(() => b.values[message]! * b.values[message]!, 'message²')
  b.enforceLazy(() => [lcWire(message), lcWire(message), lcWire(messageSquared)])
  for (const pub of [root, nullifier, scope, message]) b.markPublic(pub)

  const nConstraints = b.nConstraints
  const codeBits = mode.witness ? Uint8Array.from(code, (c) => Number(b.value(c))) : undefined
  const { r1cs, witness } = b.finalize()
  const fieldWitness = witness?.map(toField)
  return { r1cs, witness: fieldWitness, publicSignals: fieldWitness?.slice(1, 1 + IDENTITY_PUBLIC_SIGNALS.length), code: codeBits, nConstraints }
}
