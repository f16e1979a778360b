/**
 * The circuit's arithmetic: values are linear combinations of wires, non-linear steps are gadgets.
 *
 * Linear combinations that grow past `MATERIALIZE_TERMS` terms are turned into a wire (one
 * constraint) before they feed another linear step, so R1CS non-zeros — which drive setup time
 * and key size — stay proportional to the model's weights instead of multiplying layer by layer.
 */
import type { CircuitBuilder } from './builder.js'
import type { Domain } from './lower/domain.js'
import { type Lc, lcConst, lcDot, lcWire } from './lc.js'
import { requantize } from './gadgets/requantize.js'
import { mul } from './gadgets/mul.js'
import { div } from './gadgets/div.js'
import { argmax } from './gadgets/argmax.js'

/** An Lc with more terms than this is materialized into a wire before it is reused linearly. */
export const MATERIALIZE_TERMS = 32

/** Builds the circuit domain over `b`. */
export function circuitDomain(b: CircuitBuilder): Domain<Lc> {
  const materialized = new WeakMap<Lc, Lc>()
  const small = (x: Lc): Lc => {
    if (x.size <= MATERIALIZE_TERMS) return x
    let w = materialized.get(x)
    if (!w) {
      const [lo, hi] = b.interval(x)
      const wire = b.alloc(lo, hi, () => b.value(x), 'materialized')
      b.enforce(lcWire(wire), lcConst(1n), x)
      w = lcWire(wire)
      materialized.set(x, w)
    }
    return w
  }
  return {
    kind: 'circuit',
    constant: (c) => lcConst(BigInt(c)),
    dot(coeffs, xs, bias) {
      const big: bigint[] = new Array(xs.length)
      const ys: Lc[] = new Array(xs.length)
      for (let i = 0; i < xs.length; i++) {
        big[i] = BigInt(coeffs[i]!)
        ys[i] = xs.length > 1 ? small(xs[i]!) : xs[i]!
      }
      return lcDot(big, ys, BigInt(bias))
    },
    requantize: (x, shift, relu, label) => requantize(b, x, { shift, relu, label }),
    mul: (x, y, label) => mul(b, small(x), small(y), label),
    div: (n, d, label) => div(b, small(n), small(d), label),
    argmax: (xs, label) => argmax(b, xs.map(small), label),
  }
}
