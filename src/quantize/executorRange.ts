/**
 * Keeps the integer executor exact while the quantizer emits nodes: each op's integer nodes are
 * evaluated over the interval domain (`src/ir/interval.ts`) as they are emitted; when an op would
 * make the executor handle a value of more than {@link EXECUTOR_BITS} bits (a chain of linear
 * ops without a requantization between them), its integer nodes are withdrawn, its runtime
 * inputs are requantized to their target scales (one `Requant` each: one bit decomposition per
 * element in the circuit), and its rule runs again on them. Each such step is reported
 * ({@link AutoRequant}); an op that is still too wide is refused with a
 * `QuantizationOverflowError`. The field-safe width of the circuit (250 bits) is far above 52,
 * so it holds too.
 */
import type { Node } from '../onnx/ir.js'
import type { DTensor } from '../ir/domain.js'
import { EXECUTOR_BITS, inputIntervals, intervalDomain, magnitudeBits, type Interval } from '../ir/interval.js'
import type { AutoRequant, QNode, QuantizedInput } from '../ir/model.js'
import { runNodes } from '../ir/run.js'
import { QuantizationOverflowError } from '../errors/quantize.js'
import type { Quantize } from '../ops/types.js'
import type { QuantizeState } from './context.js'

/** Runs rules under the executor-range guard of one quantization run. */
export type ExecutorGuard = {
  /** Quantizes `node` with `rule`, requantizing its inputs first if the executor needs it. */
  quantize(node: Node, rule: Quantize): void
  /** The requantizations inserted so far. */
  readonly requantized: AutoRequant[]
}

/** Creates the guard over a quantization state whose inputs are `inputs`. */
export function createExecutorGuard(state: QuantizeState, inputs: readonly QuantizedInput[]): ExecutorGuard {
  const values = new Map<string, DTensor<Interval>>(inputs.map((i) => [i.name, inputIntervals(i)]))
  let largest = 0n
  const D = intervalDomain((m) => {
    if (m > largest) largest = m
  })
  const evaluate = (nodes: readonly QNode[]): number => {
    largest = 0n
    runNodes(D, state, nodes, values)
    return magnitudeBits(largest)
  }
  const requantized: AutoRequant[] = []
  // Nodes the running rule emitted are evaluated on demand (magnitudeBits of a value it just made).
  let pendingFrom = state.nodes.length
  state.setMagnitudeSource((name) => {
    if (!values.has(name)) runNodes(intervalDomain(() => {}), state, state.nodes.slice(pendingFrom), values)
    const v = values.get(name)
    if (!v) return undefined
    let m = 0n
    for (const { lo, hi } of v.data) for (const x of [lo, hi]) if ((x < 0n ? -x : x) > m) m = x < 0n ? -x : x
    return magnitudeBits(m)
  })
  return {
    requantized,
    quantize(node, rule) {
      const snap = state.snapshot()
      pendingFrom = snap.nodes
      rule(node, state.contextFor(node))
      const bits = evaluate(state.nodes.slice(snap.nodes))
      if (bits <= EXECUTOR_BITS) return
      for (const n of state.nodes.slice(snap.nodes)) for (const o of n.outputs) values.delete(o)
      state.restore(snap)
      const ctx = state.contextFor(node)
      const renamed = new Map<string, string>()
      const steps: { tensor: string; shift: number }[] = []
      ;[...new Set(node.inputs)].forEach((name, i) => {
        if (!name || ctx.isConstant(name) || !(name in state.tensors)) return
        const before = state.scale(name)
        const requantizedName = ctx.toTarget(name, `${node.name}.exact${i}`)
        if (requantizedName === name) return
        renamed.set(name, requantizedName)
        steps.push({ tensor: name, shift: before - state.scale(requantizedName) })
      })
      const overflow = (b: number) =>
        new QuantizationOverflowError({
          where: `node "${node.name}" (${node.opType}) in the integer executor`,
          bits: b,
          limit: EXECUTOR_BITS,
          hint: 'Its inputs are already at their target scales: lower the weight or activation bit widths.',
        })
      if (steps.length === 0) throw overflow(bits)
      rule({ ...node, inputs: node.inputs.map((n) => renamed.get(n) ?? n) }, ctx)
      const after = evaluate(state.nodes.slice(snap.nodes))
      if (after > EXECUTOR_BITS) throw overflow(after)
      for (const s of steps) requantized.push({ node: node.name, opType: node.opType, ...s, bits, bitsAfter: after })
    },
  }
}
