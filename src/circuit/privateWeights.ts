/**
 * Hidden-weights mode (`weights: 'private'`): the model's constant tensors — Linear and Conv weights
 * and biases, constant MatMul operands, Affine multipliers and addends, the constant operands that
 * data movement places in its output (IndexMap fills: a Pad value, a constant Concat operand) or
 * adds (SparseLinear biases) — become private witness values instead of constants in the
 * constraints, and one public signal commits to them, so a verifier knows *which* hidden model ran
 * without learning it. (Index maps and interpolation coefficients come from shapes and attributes:
 * structure, hence public.)
 *
 * Conventions (all exact; the circuit and {@link weightsCommitment} implement the same definition):
 * - Tensors, in order: for each node of `model.nodes`, its weight then its bias (Linear, Conv), its
 *   weight (MatMul with a constant operand), its `mul` then its `add` (Affine), its `fill`
 *   (IndexMap) or its `bias` (SparseLinear); a tensor used
 *   twice counts once, at its first use.
 * - Bit width of a tensor: the smallest signed width n with every value in [−2^(n−1), 2^(n−1) − 1]
 *   ({@link weightTensorBits}); quantized weights get exactly `weightBits`. The widths (and shapes) are
 *   the circuit's structure, hence public; the values are not.
 * - Range check: each value v is allocated as n boolean wires u_j, v = Σ 2^j·u_j − 2^(n−1)
 *   (n constraints per value; the recomposition is linear).
 * - Use: each product w·x in a dot is one wire and one constraint; the sum is linear (free). A value
 *   used more than once (convolutions) is materialized into one wire on its second use (1 constraint).
 * - Commitment: `weightsHash = poseidonMany(packValues(u(T1), n1) ‖ packValues(u(T2), n2) ‖ …)` with
 *   u = v + 2^(n−1) ∈ [0, 2^n), each tensor packed on its own (k = floor(253 / n) values per element).
 *   The range checks are what make packing injective, hence the commitment binding.
 * The constraints depend on tensor shapes and bit widths only, never on weight values, so one key
 * serves every weight set of the same widths, and the key reveals nothing else about the weights.
 * NOTE: hence the key does not bind the model: every verifier must compare the `weightsHash` signal
 * with the published commitment (`verifyWithArtifacts` and the `ZkmlVerified` adapter do). And the
 * weights are hidden from verifiers only: circuit.json carries them to every prover.
 */
import type { CircuitBuilder } from './builder.js'
import type { IntTensor, QuantizedModel } from '../ir/model.js'
import { type Lc, lcConst, lcWire } from './lc.js'
import { allocBitsInput, bitLength } from './gadgets/bits.js'
import { packGadget, poseidonManyGadget } from './poseidon/manyGadget.js'
import { packValues, poseidonMany } from './poseidon/many.js'
import { InternalError } from '../errors/internal.js'

/** One committed tensor: its name in `model.constants`, the tensor and its signed bit width. */
export type PrivateWeightTensor = { name: string; tensor: IntTensor; bits: number }

/**
 * Smallest signed bit width n holding every value of `t` in [−2^(n−1), 2^(n−1) − 1] (at least 1).
 * @example weightTensorBits({ dims: [2], data: [-128, 127] }) // 8
 */
export function weightTensorBits(t: IntTensor): number {
  let lo = 0
  let hi = 0
  for (const v of t.data) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return Math.max(bitLength(BigInt(hi)), bitLength(BigInt(-lo - 1))) + 1
}

/**
 * The tensors that hidden-weights mode makes private, in commitment order (see the module doc).
 * @param model - The quantized model.
 * @returns One entry per distinct tensor.
 */
export function privateWeightTensors(model: QuantizedModel): PrivateWeightTensor[] {
  const names: string[] = []
  for (const node of model.nodes) {
    if (node.op === 'Linear' || node.op === 'Conv') names.push(node.weight, ...(node.bias === undefined ? [] : [node.bias]))
    else if (node.op === 'MatMul' && node.weight !== undefined) names.push(node.weight)
    else if (node.op === 'Affine') names.push(...[node.mul, node.add].filter((n): n is string => n !== undefined))
    else if (node.op === 'IndexMap' && node.fill !== undefined) names.push(node.fill)
    else if (node.op === 'SparseLinear' && node.bias !== undefined) names.push(node.bias)
  }
  return [...new Set(names)].map((name) => {
    const tensor = model.constants[name]
    if (!tensor) throw new InternalError({ invariant: `constant ${name} is missing from the model` })
    return { name, tensor, bits: weightTensorBits(tensor) }
  })
}

/** Packed field elements of every private tensor, in commitment order (values shifted to unsigned). */
function packedWeights(tensors: readonly PrivateWeightTensor[]): bigint[] {
  return tensors.flatMap(({ tensor, bits }) => {
    const off = 1n << BigInt(bits - 1)
    return packValues({ values: tensor.data.map((v) => BigInt(v) + off), bits })
  })
}

/**
 * The weights commitment of a model, computed natively: the value of the `weightsHash` public signal
 * for this model's weights (publish it so verifiers can recognise the hidden model).
 * @param params.model - The quantized model (with its weights).
 * @returns A field element in [0, p).
 * @example
 * import { weightsCommitment } from '@zkml/web/compiler'
 * const h = weightsCommitment({ model: circuit.model })
 */
export function weightsCommitment({ model }: { model: QuantizedModel }): bigint {
  return poseidonMany(packedWeights(privateWeightTensors(model)))
}

/** Number of weight values a model commits to (the sum of its private tensors' sizes). */
export function privateWeightCount(model: QuantizedModel): number {
  return privateWeightTensors(model).reduce((a, t) => a + t.tensor.data.length, 0)
}

/** The private weight wires of a model, as {@link allocPrivateWeights} returns them. */
export type PrivateWeights = {
  /** The value at flat index `index` of tensor `t` (a range-checked linear combination). */
  value(t: IntTensor, index: number): Lc
  /** The tensor's name in `model.constants` (for labels). */
  name(t: IntTensor): string
  /** Builds the commitment gadget (call once, after the model ran): the hash as a linear combination. */
  commitment(): Lc
}

type Entry = { info: PrivateWeightTensor; signed: Lc[]; wires: Int32Array }

/**
 * Allocates every private tensor's values as range-checked bit wires (see the module doc).
 * In witness mode the values are read from `model.constants`; a value outside its tensor's width
 * throws `WitnessGenerationError`.
 * @param b - The circuit builder.
 * @param model - The quantized model.
 */
export function allocPrivateWeights(b: CircuitBuilder, model: QuantizedModel): PrivateWeights {
  const entries = new Map<IntTensor, Entry>()
  for (const info of privateWeightTensors(model)) {
    const { name, tensor, bits } = info
    const offset = -(1n << BigInt(bits - 1))
    const signed = Array.from({ length: tensor.data.length }, (_, i) => allocBitsInput(b, () => BigInt(tensor.data[i]!), bits, offset, `${name}[${i}]`))
    entries.set(tensor, { info, signed, wires: new Int32Array(tensor.data.length) })
  }
  const entry = (t: IntTensor) => {
    const e = entries.get(t)
    if (!e) throw new InternalError({ invariant: 'a weight tensor was not allocated as private' })
    return e
  }
  return {
    value(t, index) {
      const e = entry(t)
      const w = e.wires[index]!
      if (w > 0) return lcWire(w)
      if (w === 0) {
        e.wires[index] = -1 // first use: the bit sum itself
        return e.signed[index]!
      }
      // Second use: one wire, so the bit sum does not repeat in every constraint.
      const lc = e.signed[index]!
      const [lo, hi] = b.interval(lc)
      const wire = b.alloc(lo, hi, () => b.value(lc), `${e.info.name}[${index}]`)
      b.enforceLazy(() => [lcWire(wire), lcConst(1n), lc])
      e.wires[index] = wire
      return lcWire(wire)
    },
    name: (t) => entry(t).info.name,
    commitment() {
      const packed = [...entries.values()].flatMap(({ info, signed }) => {
        const unsigned = signed.map((lc) => {
          const u = new Map(lc)
          u.delete(0) // drop the −2^(n−1) offset: u = Σ 2^j·u_j
          return u
        })
        return packGadget(b, { values: unsigned, bits: info.bits, label: `weightsHash.${info.name}` })
      })
      // One wire per packed element, so each long bit sum enters Poseidon's S-box constraints once.
      const wires = packed.map((lc, i) => {
        const [lo, hi] = b.interval(lc)
        const w = b.alloc(lo, hi, () => b.value(lc), `weightsHash.packed[${i}]`)
        b.enforceLazy(() => [lcWire(w), lcConst(1n), lc])
        return lcWire(w)
      })
      return poseidonManyGadget(b, wires, 'weightsHash')
    },
  }
}
