/**
 * The circuit's arithmetic: values are linear combinations of wires, non-linear steps are gadgets.
 *
 * Linear combinations that grow past `MATERIALIZE_TERMS` terms are turned into a wire (one
 * constraint) before they feed another linear step, so R1CS non-zeros — which drive setup time
 * and key size — stay proportional to the model's weights instead of multiplying layer by layer.
 *
 * In witness-only mode (`b.pack`), `dot` merges straight into a packed linear combination
 * (`packedLc.ts`): the same Lc, fewer terms to carry.
 */
import type { CircuitBuilder } from './builder.js'
import type { Domain } from '../ir/domain.js'
import { type Lc, lcConst, lcDot, lcWire } from './lc.js'
import { requantize } from './gadgets/requantize.js'
import { mul } from './gadgets/mul.js'
import { max2 } from './gadgets/max.js'
import { div } from './gadgets/div.js'
import { argmax } from './gadgets/argmax.js'
import { piecewise } from './gadgets/piecewise.js'
import { isqrt } from './gadgets/isqrt.js'
import { mulRound } from './gadgets/mulRound.js'
import { isZero } from './gadgets/isZero.js'
import { signBit } from './gadgets/sign.js'
import { topK } from './gadgets/topK.js'
import type { PrivateWeights } from './privateWeights.js'
import { PackedLc, packedDotNumbers, packedWire, smallBigInt } from './packedLc.js'
import type { WeightRef } from '../ir/domain.js'

/**
 * Σ w_i · x_i + bias with private weights: one wire and one constraint `w_i · x_i = p_i` per
 * product (a constant x_i costs nothing), the sum linear. Coefficients without a tensor in `ref`
 * stay constants; so does a bias without one.
 */
function privateDot(b: CircuitBuilder, W: PrivateWeights, coeffs: ArrayLike<number>, xs: readonly Lc[], bias: number, ref: WeightRef): Lc {
  const terms: Lc[] = []
  for (let i = 0; i < xs.length; i++) {
    if (ref.weight) {
      const at = ref.index ? ref.index[i]! : ref.offset! + i
      terms.push(mul(b, W.value(ref.weight, at), xs[i]!, `${W.name(ref.weight)}[${at}]·x`))
    } else if (coeffs[i] !== 0) terms.push(lcDot([BigInt(coeffs[i]!)], [xs[i]!]))
  }
  if (ref.bias) terms.push(W.value(ref.bias, ref.biasIndex!))
  else if (bias !== 0) terms.push(lcConst(BigInt(bias)))
  return lcDot(terms.map(() => 1n), terms)
}

/**
 * A gadget's output for the kernels: in witness-only mode a plain single wire (coefficient 1) is
 * given in packed form (`packedWire`: the same Lc), so the dots that read it (a convolution over a
 * max-pooled or ReLU'd tensor) merge it on the single-key path; anything else is returned as it is.
 */
function packedOutput(b: CircuitBuilder, x: Lc): Lc {
  if (!b.pack || x instanceof PackedLc || x.size !== 1) return x
  for (const [w, c] of x) if (w > 0 && c === 1n) return packedWire(b.pack, w)
  return x
}

/** BigInt(c), from a table for small kernel coefficients (no allocation per tap). */
const big = smallBigInt

/** An Lc with more terms than this is materialized into a wire before it is reused linearly. */
export const MATERIALIZE_TERMS = 32

/** Options of {@link circuitDomain}. */
export type CircuitDomainOptions = {
  /**
   * Hidden-weights mode: the model's weight wires (see `privateWeights.ts`). A `dot` whose call
   * gives a `WeightRef` then multiplies weight wires (one constraint per product) instead of
   * scaling by constants.
   */
  weights?: PrivateWeights | undefined
}

/** Builds the circuit domain over `b`. */
export function circuitDomain(b: CircuitBuilder, { weights }: CircuitDomainOptions = {}): Domain<Lc> {
  const materialized = new WeakMap<Lc, Lc>()
  const small = (x: Lc): Lc => {
    if (x.size <= MATERIALIZE_TERMS) return x
    let w = materialized.get(x)
    if (!w) {
      const [lo, hi] = b.interval(x)
      const wire = b.alloc(lo, hi, () => b.value(x), 'materialized')
      b.enforceLazy(() => [lcWire(wire), lcConst(1n), x])
      w = b.wireLc(wire)
      materialized.set(x, w)
    }
    return w
  }
  return {
    kind: 'circuit',
    constant: (c) => lcConst(BigInt(c)),
    dot(coeffs, xs, bias, ref) {
      if (weights && ref) return privateDot(b, weights, coeffs, xs.map(small), bias, ref)
      // Zero coefficients add nothing (kernels may pass them, see WeightRef).
      if (b.pack) {
        // Witness-only: merged straight into a packed Lc (plain operands too), no copies.
        let nonZero = 0
        for (let i = 0; i < xs.length && nonZero < 2; i++) if (coeffs[i] !== 0) nonZero++
        return packedDotNumbers(b.pack, coeffs, xs, big(bias), big, nonZero > 1 ? small : undefined, MATERIALIZE_TERMS)
      }
      const ks: bigint[] = []
      const nz: Lc[] = []
      for (let i = 0; i < xs.length; i++) {
        if (coeffs[i] === 0) continue
        ks.push(big(coeffs[i]!))
        nz.push(xs[i]!)
      }
      return lcDot(ks, nz.length > 1 ? nz.map(small) : nz, big(bias))
    },
    requantize: (x, shift, relu, label) => packedOutput(b, requantize(b, x, { shift, relu, label })),
    max: (x, y, label) => packedOutput(b, max2(b, x, y, label)),
    mul: (x, y, label) => mul(b, small(x), small(y), label),
    div: (n, d, label) => div(b, small(n), small(d), label),
    argmax: (xs, label) => argmax(b, xs.map(small), label),
    piecewise: (x, table, label) => piecewise(b, x, table, label),
    isqrt: (x, label) => isqrt(b, small(x), label),
    mulRound: (x, y, shift, bound, label) => mulRound(b, small(x), small(y), shift, BigInt(bound), label),
    nonNegative: (x, label) => signBit(b, x, label),
    isZero: (x, label) => isZero(b, small(x), label),
    topK: (xs, k, label) => topK(b, xs.map(small), k, label),
  }
}
