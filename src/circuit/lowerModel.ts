/**
 * Lowers a quantized model plus its statement (what is public, what is hashed) to R1CS + witness.
 *
 * Statement, by mode (all values are the quantized integers; see README "What a proof states"):
 * - input `private` (default): each input element is allocated as exactly `bits` boolean wires, so it
 *   lies in its quantized range (an 8-bit pixel is 8 bits); nothing about it is public.
 * - input `public`: each element is a public signal. The circuit does not range-check it: the
 *   verifier sees it and must check the range (`verifyInference` does).
 * - input `hashed`: private and range-checked as above, plus one public signal
 *   `poseidonMany(pack(inputs))` committing to them.
 * - output `public` (default): each output integer is a public signal (negative values as p − |x|).
 * - output `hashed`: one public signal `poseidonMany(outputs)`; the outputs themselves stay private
 *   (the prover reveals them off-chain; anyone can recompute the hash).
 * - weights `constant` (default): weights and biases are constants of the constraints (free; the
 *   verifying key binds the model).
 * - weights `private`: every weight and bias is a private, range-checked witness value, each product
 *   w·x costs one constraint, and one public signal `weightsHash` commits to all of them (see
 *   `privateWeights.ts` for the exact definition): the verifier learns which model ran, not the model.
 * Public signal order: outputs (or their hash) first, then inputs (or their hash), then weightsHash.
 */
import { CircuitBuilder } from './builder.js'
import { circuitDomain } from './circuitDomain.js'
import type { Domain, DTensor } from './lower/domain.js'
import { runModel } from './lower/run.js'
import type { QuantizedModel } from '../quantize/model.js'
import type { R1cs } from './r1cs.js'
import { type Lc, lcAddConst, lcConst, lcWire } from './lc.js'
import { allocBitsInput, bitLength } from './gadgets/bits.js'
import { packGadget, poseidonManyGadget } from './poseidon/index.js'
import { allocPrivateWeights, privateWeightTensors } from './privateWeights.js'
import { nullRecord, ownValue } from '../utils/records.js'

export type InputVisibility = 'private' | 'public' | 'hashed'
export type OutputVisibility = 'public' | 'hashed'
export type WeightVisibility = 'constant' | 'private'
/** The statement's visibility modes. `weights` absent = 'constant' (artifacts from before the mode). */
export type Visibility = { input: InputVisibility; output: OutputVisibility; weights?: WeightVisibility | undefined }

/** One entry of the public-signal layout recorded in the manifest. */
export type PublicSignalEntry = {
  kind: 'output' | 'outputHash' | 'input' | 'inputHash' | 'weightsHash'
  /** Tensor name (for hashes: the names joined by ","; weightsHash: the constants' names). */
  name: string
  offset: number
  length: number
}

export type LowerModelParameters = {
  model: QuantizedModel
  visibility: Visibility
  /** Quantized inputs (integers) by name; required in witness mode. */
  inputs?: Record<string, ArrayLike<number>> | undefined
  mode: { constraints: boolean; witness: boolean }
  /** Constraint budget (default 2^26, far below BN254's 2^28 domain limit). */
  maxConstraints?: number | undefined
}

export type LowerModelReturnType = {
  r1cs: R1cs
  witness: bigint[] | undefined
  layout: PublicSignalEntry[]
  /** Output integers (witness mode), by output name. */
  outputs: Record<string, bigint[]> | undefined
  /** Largest bit length of any linear-combination value (constraints mode): the executor needs ≤ 52. */
  maxValueBits: number
}

/** Wraps a domain to record the widest value interval produced by linear steps. */
function trackWidth(b: CircuitBuilder, D: Domain<Lc>, onWidth: (bits: number) => void): Domain<Lc> {
  const width = (x: Lc) => {
    const [lo, hi] = b.interval(x)
    onWidth(Math.max(bitLength(-lo), bitLength(hi)))
    return x
  }
  return { ...D, dot: (c, xs, bias, ref) => width(D.dot(c, xs, bias, ref)), mul: (x, y, l) => width(D.mul(x, y, l)) }
}

/** See the module doc. */
export function lowerModel({ model, visibility, inputs, mode, maxConstraints }: LowerModelParameters): LowerModelReturnType {
  const b = new CircuitBuilder({ ...mode, maxConstraints: maxConstraints ?? 2 ** 26 })
  let maxValueBits = 0
  const layout: PublicSignalEntry[] = []
  let offset = 0
  const pushLayout = (kind: PublicSignalEntry['kind'], name: string, length: number) => {
    layout.push({ kind, name, offset, length })
    offset += length
  }
  const publicOf = (x: Lc, label: string) => {
    const [lo, hi] = b.interval(x)
    const w = b.allocPublic(lo, hi, () => b.value(x), label)
    b.enforce(lcWire(w), lcConst(1n), x)
  }

  // Inputs. Public wires must be allocated in layout order, so output publics come later via
  // the builder's renumbering (allocPublic order = layout order): allocate output publics first
  // is impossible before running the model, hence we record input publics and renumber below.
  const inputLcs = nullRecord<DTensor<Lc>>() // model-chosen names, `__proto__` included
  const inputPublic: Array<() => void> = []
  for (const inp of model.inputs) {
    const n = inp.shape.reduce((a, d) => a * d, 1)
    const given = inputs && ownValue(inputs, inp.name)
    const offsetLo = inp.signed ? -(1n << BigInt(inp.bits - 1)) : 0n
    const data: Lc[] = []
    for (let i = 0; i < n; i++) {
      const value = () => BigInt(given![i]!)
      const label = `${inp.name}[${i}]`
      if (visibility.input === 'public') {
        const w = b.alloc(offsetLo, offsetLo + (1n << BigInt(inp.bits)) - 1n, value, label)
        data.push(lcWire(w))
      } else {
        data.push(allocBitsInput(b, value, inp.bits, offsetLo, label))
      }
    }
    b.markPrivateInputs(visibility.input === 'public' ? 0 : n)
    inputLcs[inp.name] = { shape: inp.shape, data }
  }
  if (visibility.input === 'public') {
    // Mark the input wires public (no constraint: they are the wires themselves).
    for (const inp of model.inputs) inputPublic.push(() => {
      for (const lc of inputLcs[inp.name]!.data) b.markPublic([...lc.keys()][0]!)
      pushLayout('input', inp.name, inputLcs[inp.name]!.data.length)
    })
  } else if (visibility.input === 'hashed') {
    inputPublic.push(() => {
      const packed = model.inputs.flatMap((inp) => {
        const off = inp.signed ? 1n << BigInt(inp.bits - 1) : 0n
        // Shift signed inputs to non-negative before packing (free, linear).
        return packGadget(b, { values: inputLcs[inp.name]!.data.map((x) => (off ? lcAddConst(x, off) : x)), bits: inp.bits, label: `inputHash.${inp.name}` })
      })
      publicOf(poseidonManyGadget(b, packed, 'inputHash'), 'inputHash')
      pushLayout('inputHash', model.inputs.map((i) => i.name).join(','), 1)
    })
  }

  // Hidden weights: allocated after the inputs (input wires come first, as the .r1cs header says).
  const weights = visibility.weights === 'private' ? allocPrivateWeights(b, model) : undefined
  const base = circuitDomain(b, { weights })
  const D = mode.constraints ? trackWidth(b, base, (w) => (maxValueBits = Math.max(maxValueBits, w))) : base
  const outs = runModel(D, model, inputLcs)

  const outputValues = mode.witness ? nullRecord<bigint[]>() : undefined
  if (visibility.output === 'public') {
    for (const o of model.outputs) {
      outs[o.name]!.data.forEach((x, i) => publicOf(x, `${o.name}[${i}]`))
      pushLayout('output', o.name, outs[o.name]!.data.length)
    }
  } else {
    const all = model.outputs.flatMap((o) => outs[o.name]!.data)
    publicOf(poseidonManyGadget(b, all, 'outputHash'), 'outputHash')
    pushLayout('outputHash', model.outputs.map((o) => o.name).join(','), 1)
  }
  for (const f of inputPublic) f()
  if (weights) {
    publicOf(weights.commitment(), 'weightsHash')
    pushLayout('weightsHash', privateWeightTensors(model).map((t) => t.name).join(','), 1)
  }
  if (outputValues) for (const o of model.outputs) outputValues[o.name] = outs[o.name]!.data.map((x) => b.value(x))

  const { r1cs, witness } = b.finalize()
  return { r1cs, witness, layout, outputs: outputValues, maxValueBits }
}
