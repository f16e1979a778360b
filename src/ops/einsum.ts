/**
 * Einsum: any equation in float (explicit or implicit output, `...` ellipsis); in integers the
 * common contractions — matmul, batched matmul, transpose, inner and outer products, sums over
 * axes, and any chain of them — which canonicalization rewrites into existing ops:
 *
 * - an index found in one operand only and not in the output is summed out first (`ReduceSum`);
 * - operands are then combined left to right: A's and B's shared indices that are still needed
 *   are batch dims, the other shared ones are contracted, the rest stay; each pair becomes
 *   Transpose → Reshape to [batch, rows, K] / [batch, K, cols] → `MatMul` → Reshape;
 * - the result is summed over what the output drops and transposed into the output's order.
 *
 * So the cost is the MatMul's: when both operands are runtime values, one constraint per product
 * (K per output element; an outer product costs one per element), nothing for the data
 * movement and the sums. Refused in integers (float only): an index repeated within one operand
 * (a diagonal, e.g. `ii->i`) and an index whose size differs between operands (broadcasting).
 */
import { attrString } from '../onnx/attributes.js'
import type { Node, Tensor, TensorInfo } from '../onnx/ir.js'
import { shapeSize } from '../onnx/ir.js'
import { shapeError } from '../onnx/shapes.js'
import { int, int64, intList, sameInfo } from './common.js'
import type { CanonicalizeContext, CanonicalResult, ComputeOp, Kernel } from './types.js'
import { inputsRange } from './arity.js'

/** A parsed equation: each operand's and the output's indices (ellipsis dims as private letters). */
type Equation = { inputs: string[][]; output: string[] }

/** Letters standing for ellipsis dims (not in [a-zA-Z], so they cannot clash). */
const ellipsisLetter = (i: number) => String.fromCharCode(0x3b1 + i)

/**
 * Parses an equation for operands of the given ranks. The implicit output (no `->`) is the
 * ellipsis dims then the indices used exactly once, in alphabetical order.
 * @throws {ShapeMismatchError} a term that does not match its operand's rank, or bad syntax
 */
export function parseEquation(node: { opType: string; name: string }, equation: string, ranks: readonly number[]): Equation {
  const text = equation.replace(/\s+/g, '')
  const [lhs, rhs] = text.split('->') as [string, string | undefined]
  const terms = lhs.split(',')
  if (terms.length !== ranks.length) shapeError(node, `equation "${equation}" has ${terms.length} operands, the node ${ranks.length}`, [])
  const ellipsisRank = Math.max(0, ...terms.map((t, i) => (t.includes('...') ? ranks[i]! - t.replace('...', '').length : 0)))
  const expand = (term: string, rank: number | undefined): string[] => {
    if (!/^[a-zA-Z]*(\.\.\.)?[a-zA-Z]*$/.test(term)) shapeError(node, `bad term "${term}" in equation "${equation}"`, [])
    const [before, after] = term.includes('...') ? (term.split('...') as [string, string]) : [term, undefined]
    const dims = rank === undefined ? ellipsisRank : rank - before.length - (after?.length ?? 0)
    if (after === undefined) return [...before]
    if (dims < 0) shapeError(node, `term "${term}" has more indices than its operand's rank ${rank}`, [])
    return [...before, ...Array.from({ length: dims }, (_, i) => ellipsisLetter(ellipsisRank - dims + i)), ...after]
  }
  const inputs = terms.map((t, i) => expand(t, ranks[i]))
  inputs.forEach((letters, i) => {
    if (letters.length !== ranks[i]) shapeError(node, `term "${terms[i]}" has ${letters.length} indices for an operand of rank ${ranks[i]}`, [])
  })
  let output: string[]
  if (rhs !== undefined) output = expand(rhs, undefined)
  else {
    const counts = new Map<string, number>()
    for (const l of inputs.flat()) counts.set(l, (counts.get(l) ?? 0) + 1)
    const ellipsis = Array.from({ length: ellipsisRank }, (_, i) => ellipsisLetter(i))
    output = [...ellipsis, ...[...counts].filter(([l, c]) => c === 1 && !ellipsis.includes(l)).map(([l]) => l).sort()]
  }
  const known = new Set(inputs.flat())
  for (const l of output) if (!known.has(l)) shapeError(node, `output index "${l}" is not in any operand of "${equation}"`, [])
  if (new Set(output).size !== output.length) shapeError(node, `repeated output index in "${equation}"`, [])
  return { inputs, output }
}

/** The size of every index; sizes 1 broadcast. @throws {ShapeMismatchError} sizes that do not broadcast */
function indexSizes(node: Node, eq: Equation, shapes: readonly (readonly number[])[]): Map<string, number> {
  const sizes = new Map<string, number>()
  eq.inputs.forEach((letters, i) =>
    letters.forEach((l, a) => {
      const d = shapes[i]![a]!
      const prev = sizes.get(l)
      if (prev !== undefined && prev !== d && prev !== 1 && d !== 1) shapeError(node, `index "${l}" has sizes ${prev} and ${d}`, shapes)
      sizes.set(l, prev === undefined || prev === 1 ? d : prev)
    }),
  )
  return sizes
}

/** Einsum in float: the sum over every index assignment of the operands' product. */
const einsumKernel: Kernel = (node, inputs) => {
  const xs = inputs as Tensor[]
  const eq = parseEquation(node, attrString(node, 'equation'), xs.map((x) => x.dims.length))
  const sizes = indexSizes(node, eq, xs.map((x) => x.dims))
  const letters = [...sizes.keys()]
  const outDims = eq.output.map((l) => sizes.get(l)!)
  const out = new Float64Array(shapeSize(outDims))
  // Strides of each operand (and the output) per index; 0 where absent or broadcast.
  const stridesOf = (indices: readonly string[], dims: readonly number[]) => {
    const s = new Map<string, number>()
    for (let a = indices.length - 1, acc = 1; a >= 0; a--) {
      if (dims[a] !== 1) s.set(indices[a]!, (s.get(indices[a]!) ?? 0) + acc)
      acc *= dims[a]!
    }
    return letters.map((l) => s.get(l) ?? 0)
  }
  const inStrides = xs.map((x, i) => stridesOf(eq.inputs[i]!, x.dims))
  const outStrides = stridesOf(eq.output, outDims)
  const total = shapeSize(letters.map((l) => sizes.get(l)!))
  const idx = new Array<number>(letters.length).fill(0)
  for (let t = 0; t < total; t++) {
    let p = 1
    for (let i = 0; i < xs.length; i++) {
      let off = 0
      for (let a = 0; a < letters.length; a++) off += idx[a]! * inStrides[i]![a]!
      p *= xs[i]!.data[off]!
    }
    let o = 0
    for (let a = 0; a < letters.length; a++) o += idx[a]! * outStrides[a]!
    out[o] += p
    for (let a = letters.length - 1; a >= 0; a--) {
      if (++idx[a]! < sizes.get(letters[a]!)!) break
      idx[a] = 0
    }
  }
  return [{ dtype: xs[0]!.dtype, dims: outDims, data: out }]
}

/** Builds the canonical nodes of a rewritten Einsum, tracking each value's indices. */
function rewriteEinsum(node: Node, ctx: CanonicalizeContext, eq: Equation, sizes: Map<string, number>): CanonicalResult {
  const nodes: Node[] = []
  const dims = (letters: readonly string[]) => letters.map((l) => sizes.get(l)!)
  let step = 0
  const emit = (opType: string, inputs: string[], attributes: Node['attributes'], last: boolean): string => {
    const output = last ? node.outputs[0]! : ctx.freshName(`${node.outputs[0]}_${opType.toLowerCase()}`)
    nodes.push({ opType, name: last ? node.name : ctx.freshName(`${node.name}_${step++}`), inputs, outputs: [output], attributes })
    return output
  }
  type Value = { name: string; letters: string[] }
  const sum = (v: Value, drop: readonly string[], last = false): Value => {
    const axes = v.letters.flatMap((l, a) => (drop.includes(l) ? [a] : []))
    if (axes.length === 0) return v
    const name = emit('ReduceSum', [v.name, ctx.addInitializer(`${node.name}_axes`, int64(axes))], { keepdims: int(0) }, last)
    return { name, letters: v.letters.filter((l) => !drop.includes(l)) }
  }
  const permute = (v: Value, order: readonly string[], last = false): Value => {
    const perm = order.map((l) => v.letters.indexOf(l))
    if (perm.every((p, i) => p === i)) return v
    return { name: emit('Transpose', [v.name], { perm: intList(perm) }, last), letters: [...order] }
  }
  const reshape = (name: string, from: readonly number[], to: readonly number[], last = false): string =>
    from.join() === to.join() && !last ? name : emit('Reshape', [name, ctx.addInitializer(`${node.name}_shape`, int64([...to]))], {}, last)

  const neededAfter = (k: number) => new Set([...eq.output, ...eq.inputs.slice(k + 1).flat()])
  let acc: Value = sum({ name: ctx.inputs[0]!, letters: eq.inputs[0]! }, eq.inputs[0]!.filter((l) => !neededAfter(0).has(l)))
  for (let k = 1; k < eq.inputs.length; k++) {
    const later = neededAfter(k)
    const b0: Value = { name: ctx.inputs[k]!, letters: eq.inputs[k]! }
    const inB = new Set(b0.letters)
    const a = sum(acc, acc.letters.filter((l) => !inB.has(l) && !later.has(l)))
    const b = sum(b0, b0.letters.filter((l) => !a.letters.includes(l) && !later.has(l)))
    const batch = a.letters.filter((l) => b.letters.includes(l) && later.has(l))
    const contracted = a.letters.filter((l) => b.letters.includes(l) && !later.has(l))
    const left = a.letters.filter((l) => !b.letters.includes(l))
    const right = b.letters.filter((l) => !a.letters.includes(l))
    const [B, L, K, R] = [batch, left, contracted, right].map((ls) => shapeSize(dims(ls))) as [number, number, number, number]
    const at = permute(a, [...batch, ...left, ...contracted])
    const bt = permute(b, [...batch, ...contracted, ...right])
    const a3 = reshape(at.name, dims(at.letters), [B, L, K])
    const b3 = reshape(bt.name, dims(bt.letters), [B, K, R])
    const product = emit('MatMul', [a3, b3], {}, false)
    const letters = [...batch, ...left, ...right]
    acc = { name: reshape(product, [B, L, R], dims(letters)), letters }
  }
  acc = sum(acc, acc.letters.filter((l) => !eq.output.includes(l)))
  acc = permute(acc, eq.output)
  // The last node must write the Einsum's output.
  if (nodes.length && nodes[nodes.length - 1]!.outputs[0] === acc.name) {
    const lastNode = nodes[nodes.length - 1]!
    lastNode.outputs = [node.outputs[0]!]
    lastNode.name = node.name
  } else reshape(acc.name, dims(acc.letters), dims(eq.output), true)
  return ctx.result(nodes)
}

/** Einsum. Canonical: rewritten into ReduceSum / Transpose / Reshape / MatMul where it can be (see the module doc); otherwise the node as written. */
export const einsum: ComputeOp = {
  opType: 'Einsum',
  arity: [inputsRange(1, Infinity)],
  kind: 'compute',
  canonicalize(node, ctx) {
    const infos: TensorInfo[] = ctx.inputs.map((n) => ctx.info(n))
    const eq = parseEquation(node, attrString(node, 'equation'), infos.map((i) => i.shape.length))
    const sizes = indexSizes(node, eq, infos.map((i) => i.shape))
    const repeated = eq.inputs.some((ls) => new Set(ls).size !== ls.length)
    const broadcast = eq.inputs.some((ls, i) => ls.some((l, a) => infos[i]!.shape[a] !== sizes.get(l)))
    if (repeated || broadcast) return ctx.rewrite({ equation: { type: 'string', value: attrString(node, 'equation') } })
    return rewriteEinsum(node, ctx, eq, sizes)
  },
  inferShape(node, inputs) {
    const shapes = inputs.map((i) => i!.shape)
    const eq = parseEquation(node, attrString(node, 'equation'), shapes.map((s) => s.length))
    const sizes = indexSizes(node, eq, shapes)
    return sameInfo(inputs[0]!, eq.output.map((l) => sizes.get(l)!))
  },
  floatKernel: einsumKernel,
  quantize(node, q) {
    const shapes = node.inputs.map((n) => (q.isConstant(n) ? q.constant(n)!.dims : q.shape(n)))
    const eq = parseEquation(node, attrString(node, 'equation'), shapes.map((s) => s.length))
    if (eq.inputs.some((ls) => new Set(ls).size !== ls.length)) q.unsupported('an index repeated within one operand (a diagonal)')
    q.unsupported('indices of size 1 broadcast against larger ones')
  },
  // The integer ops of what canonicalization rewrites it into (an Einsum left as written is refused).
  emits: ['ReduceSum', 'Transpose', 'Reshape', 'MatMul'],
}
