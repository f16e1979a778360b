/**
 * Lowers a quantized model plus its statement (what is public, hashed, bound) to R1CS + witness.
 *
 * Statement, by mode (all values are the quantized integers; see README "What a proof states"):
 * - input `private` (default): each input element is allocated as exactly `bits` boolean wires, so it
 *   lies in its quantized range (an 8-bit pixel is 8 bits); nothing about it is public.
 * - input `public`: each element is a public signal, range-checked in the circuit by one bit
 *   decomposition (bits + 1 constraints), so a verifier (a contract) needs no range check.
 * - input `hashed`: private and range-checked as above, plus one public signal
 *   `poseidonMany([salt, …pack(inputs)])` committing to them under a private random salt.
 * - output `public` (default): each output integer is a public signal (negative values as p − |x|).
 * - output `hashed`: one public signal `poseidonMany([salt, …outputs])`; the outputs and the salt stay
 *   private (the prover may reveal both off-chain; anyone can then recompute the hash).
 * - weights `constant` (default): weights and biases are constants of the constraints (free; the
 *   verifying key binds the model).
 * - weights `private`: every weight and bias is a private, range-checked witness value, each product
 *   w·x costs one constraint, and one public signal `weightsHash` commits to all of them (see
 *   `privateWeights.ts` for the exact definition): the verifier learns which model ran, not the model.
 * - message (optional): one public field element bound by `message · message = message²`, so a proof
 *   can be tied to an action (a recipient address, a nonce).
 * Public signal order: outputs (or their hash) first, then inputs (or their hash), then weightsHash,
 * then message. The statement parts are small functions in `statement.ts`; commitments are defined
 * natively in `commitments.ts`.
 */
import { CircuitBuilder } from './builder.js'
import { circuitDomain } from './circuitDomain.js'
import type { Domain, DTensor } from '../ir/domain.js'
import { runModel } from '../ir/run.js'
import type { QNode, QuantizedModel } from '../ir/model.js'
import type { R1cs } from './r1cs.js'
import { type Lc, lcSub } from './lc.js'
import { bitLength } from './gadgets/bits.js'
import { allocPrivateWeights, privateWeightTensors } from './privateWeights.js'
import { allocInput, allocMessage, packInputs, publishLc, saltedHash, tensorRange, type InputVisibility } from './statement.js'
import { nullRecord, ownValue } from '../utils/records.js'

export type { InputVisibility } from './statement.js'
export type OutputVisibility = 'public' | 'hashed'
export type WeightVisibility = 'constant' | 'private'
/**
 * The statement's modes. `weights` absent = 'constant'; `message` absent = no message signal (both
 * are recorded only when set, so artifacts without them stay byte-identical).
 */
export type Visibility = { input: InputVisibility; output: OutputVisibility; weights?: WeightVisibility | undefined; message?: boolean | undefined }

/** One entry of the public-signal layout recorded in the manifest. */
export type PublicSignalEntry = {
  kind: 'output' | 'outputHash' | 'input' | 'inputHash' | 'weightsHash' | 'message'
  /** Tensor name (for hashes: the names joined by ","; weightsHash: the constants' names; message: "message"). */
  name: string
  offset: number
  length: number
}

/** Commitment salts (field elements), required in witness mode for each hashed part. */
export type StatementSalts = { input?: bigint | undefined; output?: bigint | undefined }

export type LowerModelParameters = {
  model: QuantizedModel
  visibility: Visibility
  /** Quantized inputs (integers) by name; required in witness mode. */
  inputs?: Record<string, ArrayLike<number>> | undefined
  /** Witness mode: the salts of the hashed input / output commitments. */
  salts?: StatementSalts | undefined
  /** Witness mode: the message (a field element) when `visibility.message` is set. */
  message?: bigint | undefined
  /**
   * What to build: constraints (compile), the witness (prove), or both (tests). `reference` (witness
   * only) lowers with plain linear-combination maps instead of the fast packed path: the same
   * witness, bit for bit, only slower (the tests' and the witness benchmark's baseline).
   */
  mode: { constraints: boolean; witness: boolean; reference?: boolean | undefined }
  /** Constraint budget (default 2^26, far below BN254's 2^28 domain limit). */
  maxConstraints?: number | undefined
  /**
   * Called after each integer node is lowered with the number of constraints it added (the
   * per-node breakdown, `breakdown.ts`); the rest of the total is the statement's.
   */
  onNode?: ((node: QNode, constraints: number) => void) | undefined
}

export type LowerModelReturnType = {
  r1cs: R1cs
  witness: bigint[] | undefined
  layout: PublicSignalEntry[]
  /** Output integers (witness mode), by output name. */
  outputs: Record<string, bigint[]> | undefined
  /** The proven interval [lo, hi] of each output's integers (interval analysis), by output name. */
  outputRanges: Record<string, [bigint, bigint]>
  /**
   * Largest bit length of any linear-combination value (constraints mode), from the circuit's interval
   * analysis (power-of-two rounded at each gadget). The executor's own exactness is `executorBits` (`src/ir/interval.ts`).
   */
  maxValueBits: number
  /** Number of constraints (also in counting mode, `mode: { constraints: false, witness: false }`, which records none). */
  nConstraints: number
}

/** Wraps a domain to record the widest value interval produced by linear steps. */
function trackWidth(b: CircuitBuilder, D: Domain<Lc>, onWidth: (bits: number) => void): Domain<Lc> {
  const width = (x: Lc) => {
    const [lo, hi] = b.interval(x)
    onWidth(Math.max(bitLength(-lo), bitLength(hi)))
    return x
  }
  return {
    ...D,
    dot: (c, xs, bias, ref) => width(D.dot(c, xs, bias, ref)),
    mul: (x, y, l) => width(D.mul(x, y, l)),
    // max decomposes x − y (gadgets/max.ts): that difference is a value of the circuit too.
    max: (x, y, l) => (width(lcSub(x, y)), D.max(x, y, l)),
  }
}

/**
 * Wire count of the last witness-only (fast) lowering of each model: the next one sizes its wire
 * arrays from it (a warm prover re-lowers the same model per proof). Changes no wire or value.
 */
const lastWires = new WeakMap<object, number>()

/** See the module doc. */
export function lowerModel({ model, visibility, inputs, salts, message, mode, maxConstraints, onNode }: LowerModelParameters): LowerModelReturnType {
  const fast = mode.witness && !mode.constraints && !mode.reference
  const b = new CircuitBuilder({ ...mode, maxConstraints: maxConstraints ?? 2 ** 26, wireCapacity: fast ? lastWires.get(model) : undefined })
  let maxValueBits = 0
  const layout: PublicSignalEntry[] = []
  const pushLayout = (kind: PublicSignalEntry['kind'], name: string, length: number) => {
    const last = layout.at(-1)
    layout.push({ kind, name, offset: last ? last.offset + last.length : 0, length })
  }

  // Inputs. Public wires are numbered in the order they are made public, which must be the layout
  // order (outputs first), so input wires are published after the outputs, below.
  const inputLcs = nullRecord<DTensor<Lc>>() // model-chosen names, `__proto__` included
  const inputPublicWires: number[][] = []
  for (const inp of model.inputs) {
    const { tensor, publicWires } = allocInput(b, inp, visibility.input, inputs && ownValue(inputs, inp.name))
    inputLcs[inp.name] = tensor
    inputPublicWires.push(publicWires)
  }

  // Hidden weights: allocated after the inputs (input wires come first, as the .r1cs header says).
  const weights = visibility.weights === 'private' ? allocPrivateWeights(b, model) : undefined
  const base = circuitDomain(b, { weights })
  const D = mode.constraints ? trackWidth(b, base, (w) => (maxValueBits = Math.max(maxValueBits, w))) : base
  let counted = b.nConstraints
  const afterNode = (node: QNode) => {
    onNode!(node, b.nConstraints - counted)
    counted = b.nConstraints
  }
  const outs = runModel(D, model, inputLcs, onNode && afterNode)
  const outputRanges = nullRecord(model.outputs.map((o) => [o.name, tensorRange(b, outs[o.name]!.data)]))

  // Public signals in layout order: outputs, inputs, weightsHash, message.
  if (visibility.output === 'public') {
    for (const o of model.outputs) {
      outs[o.name]!.data.forEach((x, i) => publishLc(b, x, `${o.name}[${i}]`))
      pushLayout('output', o.name, outs[o.name]!.data.length)
    }
  } else {
    const all = model.outputs.flatMap((o) => outs[o.name]!.data)
    publishLc(b, saltedHash(b, all, () => salts?.output, 'outputHash'), 'outputHash')
    pushLayout('outputHash', model.outputs.map((o) => o.name).join(','), 1)
  }
  if (visibility.input === 'public') {
    model.inputs.forEach((inp, k) => {
      for (const w of inputPublicWires[k]!) b.markPublic(w)
      pushLayout('input', inp.name, inputPublicWires[k]!.length)
    })
  } else if (visibility.input === 'hashed') {
    publishLc(b, saltedHash(b, packInputs(b, model, inputLcs), () => salts?.input, 'inputHash'), 'inputHash')
    pushLayout('inputHash', model.inputs.map((i) => i.name).join(','), 1)
  }
  if (weights) {
    publishLc(b, weights.commitment(), 'weightsHash')
    pushLayout('weightsHash', privateWeightTensors(model).map((t) => t.name).join(','), 1)
  }
  if (visibility.message) {
    b.markPublic(allocMessage(b, () => message))
    pushLayout('message', 'message', 1)
  }
  const outputValues = mode.witness ? nullRecord(model.outputs.map((o) => [o.name, outs[o.name]!.data.map((x) => b.value(x))])) : undefined

  const { r1cs, witness } = b.finalize()
  if (fast) lastWires.set(model, r1cs.nWires)
  return { r1cs, witness, layout, outputs: outputValues, outputRanges, maxValueBits, nConstraints: b.nConstraints }
}
