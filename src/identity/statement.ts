/**
 * The identity circuit: "a fresh iris capture matches an enrolled identity", in zero knowledge.
 *
 * Private: the capture (1024 pixels), the template (512 bits), salt, secret, the Merkle path.
 * Public signals, in this order: `[root, nullifier, scope, message]`.
 * Proven (all over the BN254 scalar field):
 * 1. The capture enters as 1024 field wires, one per pixel, in the prover's alignment: the prover
 *    rotates the capture by its chosen k ∈ IRIS_SHIFTS (`rotateStrip`) before it enters, instead of the
 *    circuit comparing three rotations of the code. Since code(rotate(capture, k)) = rotate(code, k)
 *    exactly and the capture is a free private input, "some capture matches at some allowed rotation"
 *    and "some capture matches" are the same statement (the rotation is witness, as it always was).
 *    Pixels are NOT range-checked (see "Why the pixels carry no range check" below).
 * 2. responses = the quantized `iriscode.onnx` run on the circularly padded capture (`runModel` in the
 *    circuit domain: a Conv with constant weights, free); code_i = [response_i ≥ 0] (`codeBit`: a
 *    20-bit decomposition of response_i + 2^19, which is itself the range check, so every sign is
 *    well defined: a response outside [−2^19, 2^19) has no witness).
 * 3. The template bits are boolean; Hamming(code, template) ≤ τ (`hammingWithin`).
 * 4. leaf = Poseidon([pack(template) (3 elements), salt, Poseidon([secret])]).
 * 5. LeanIMT membership of the leaf under the public root, depth ≤ MERKLE_DEPTH (`leanImtMembership`:
 *    @zk-kit/lean-imt's compacted proof).
 * 6. nullifier = Poseidon([scope, secret]); message is bound by `message · message = message²`.
 * The structure depends only on the model and the constants, never on values, so the setup-time
 * build (constraints) and the prove-time build (witness only) allocate the same wires.
 *
 * Why the pixels carry no range check: the capture is private and nothing ties it to a camera
 * (SECURITY.md, "What a personhood proof reduces to"): whoever knows the template can already make
 * a matching 8-bit capture, so the match step proves nothing beyond knowledge of (template, salt,
 * secret), which steps 4–6 bind. Allowing any field values as pixels only adds captures that reach
 * codes a template holder reaches anyway; the public signals depend on (template, salt, secret,
 * path, scope, message) alone, so the set of provable public signals is unchanged
 * (`test/identity/statement.test.ts`). For honest captures (pixels 0..255) every response lies in
 * [−382,500, 382,500] ⊂ [−2^19, 2^19), so the code bits are exactly those of `irisCode` (also
 * tested), and FAR/FRR are those measured in `models/iriscode.md`.
 */
import { CircuitBuilder, type WireStorage } from '../circuit/builder.js'
import { circuitDomain } from '../circuit/circuitDomain.js'
import { FIELD_PRIME, toField } from '../circuit/field.js'
import { allocBitsInput } from '../circuit/gadgets/bits.js'
import { type Lc, lcConst, lcWire } from '../circuit/lc.js'
import { runModel } from '../ir/run.js'
import { packGadget, poseidonGadget } from '../circuit/poseidon/index.js'
import type { R1cs } from '../circuit/r1cs.js'
import type { QuantizedModel } from '../ir/model.js'
import { IRIS_CODE_BITS, IRIS_GEOMETRY, IRIS_INPUT_NAME, IRIS_OUTPUT_NAME, IRIS_SHIFTS, MERKLE_DEPTH } from './config.js'
import { IRIS_COLS, IRIS_PIXELS, IRIS_ROWS, type IrisStrip } from './iris.js'
import { codeShape, rotateStrip, shiftCode } from './irisCode.js'
import { codeBit } from './gadgets/codeBit.js'
import { hammingWithin } from './gadgets/hammingWithin.js'
import { leanImtMembership } from './gadgets/leanImtMembership.js'
import type { MerkleProof } from './merkle.js'
import { InternalError } from '../errors/internal.js'
import { WitnessGenerationError } from '../errors/prove.js'

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
  /**
   * The rotation to prove (one of IRIS_SHIFTS); the caller picks the best one. The circuit computes
   * the code of `rotateStrip(capture, shift)` (= the capture's code rotated by `shift`).
   */
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
  /** Witness mode: the capture's code bits (the circuit's code of the rotated capture, rotated back). */
  code: Uint8Array | undefined
  nConstraints: number
}

const P1 = FIELD_PRIME - 1n

/**
 * Wire count of the last witness-only (fast) build for each model: the next one sizes its wire
 * arrays from it, as `lowerModel` does (a warm prover builds the same circuit per proof). Changes
 * no wire or value.
 */
const lastWires = new WeakMap<object, number>()

/**
 * The wire arrays of the last finished witness-only (fast) build for each model: the next one
 * writes over them instead of allocating its own (`CircuitBuilderOptions.wireStorage`). A build
 * takes them out while it runs, so no two builders ever share them. Changes no wire or value.
 */
const spareStorage = new WeakMap<object, WireStorage>()

/**
 * Builds the identity circuit (see the module doc) in constraint and/or witness mode.
 *
 * @param parameters - {@link BuildIdentityCircuitParameters}
 * @returns {@link BuildIdentityCircuitReturnType}
 * @throws {WitnessGenerationError} In witness mode when the inputs do not satisfy the statement
 *   (e.g. label `match` when the Hamming distance exceeds τ; `proveIdentity` checks this first).
 */
export function buildIdentityCircuit({ model, threshold, mode, inputs }: BuildIdentityCircuitParameters): BuildIdentityCircuitReturnType {
  const fast = mode.witness && !mode.constraints && !mode.reference
  const storage = fast ? spareStorage.get(model) : undefined
  if (storage) spareStorage.delete(model)
  const b = new CircuitBuilder({ ...mode, wireCapacity: fast ? lastWires.get(model) : undefined, wireStorage: storage })
  const w = mode.witness ? inputs! : undefined
  const shape = codeShape(IRIS_GEOMETRY)
  if (shape.bits !== IRIS_CODE_BITS) throw new InternalError({ invariant: 'geometry and IRIS_CODE_BITS disagree' })
  // Rotating the strip by k·strideX columns rotates the code by k only when the code columns tile the ring.
  if (shape.columns * IRIS_GEOMETRY.strideX !== IRIS_COLS) throw new InternalError({ invariant: 'code columns do not tile the strip: the capture cannot carry the rotation' })
  const fieldWire = (value: () => bigint, label: string) => b.alloc(0n, P1, () => toField(value()), label)

  // Public inputs that are also private-side values: allocated now, made public at the end.
  const scope = fieldWire(() => w!.scope, 'scope')
  const message = fieldWire(() => w!.message, 'message')

  // 1. Capture pixels in the prover's alignment: one free wire each. [0, 255] is the honest interval,
  //    used only to size the code-bit decompositions (see the module doc: no range check).
  if (w && !IRIS_SHIFTS.includes(w.shift)) throw new WitnessGenerationError({ wire: 'shift', reason: `rotation ${w.shift} is not one of ${IRIS_SHIFTS.join(', ')}` })
  const aligned = w ? rotateStrip(w.capture, w.shift, IRIS_GEOMETRY) : undefined
  const pixels: Lc[] = []
  for (let i = 0; i < IRIS_PIXELS; i++) pixels.push(b.wireLc(b.alloc(0n, 255n, () => BigInt(aligned![i]!), `pixel[${i}]`)))
  b.markPrivateInputs(IRIS_PIXELS)

  // 2. The model on the circularly padded strip, and the sign bits.
  const data: Lc[] = []
  for (let y = 0; y < IRIS_ROWS; y++)
    for (let x = 0; x < shape.paddedCols; x++) data.push(pixels[y * IRIS_COLS + ((x - shape.pad + IRIS_COLS) % IRIS_COLS)]!)
  const input = model.inputs[0]!
  const outs = runModel(circuitDomain(b), model, { [IRIS_INPUT_NAME]: { shape: input.shape, data } })
  const responses = outs[IRIS_OUTPUT_NAME]!.data
  if (responses.length !== IRIS_CODE_BITS) throw new InternalError({ invariant: `the model gives ${responses.length} responses, expected ${IRIS_CODE_BITS}` })
  const code = responses.map((r, i) => codeBit(b, r, `code[${i}]`))

  // 3. Template bits and the Hamming distance (the alignment is already in the pixels).
  const template = Array.from({ length: IRIS_CODE_BITS }, (_, i) => allocBitsInput(b, () => BigInt(w!.template[i]!), 1, 0n, `template[${i}]`))
  hammingWithin(b, { code, template, threshold, label: 'match' })

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
  const codeBits = w ? shiftCode(Uint8Array.from(code, (c) => Number(b.value(c))), -w.shift, IRIS_GEOMETRY) : undefined
  const { r1cs, witness: fieldWitness } = b.finalize({ field: true })
  if (fast) {
    lastWires.set(model, r1cs.nWires)
    spareStorage.set(model, b.wireStorage())
  }
  return { r1cs, witness: fieldWitness, publicSignals: fieldWitness?.slice(1, 1 + IDENTITY_PUBLIC_SIGNALS.length), code: codeBits, nConstraints }
}
