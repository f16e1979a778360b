/**
 * Where a circuit's constraints go: counted per integer node while the model is lowered (counting
 * mode: no constraint is stored, no witness computed), then grouped by layer (the ONNX node each
 * integer node came from), by ONNX op type and by integer op. The statement's own constraints
 * (input range checks and private weights before the model; output publishing, commitments and the
 * message after it) are listed apart, so every row sums to the circuit's total.
 */
import type { PreparedGraph } from '../onnx/ir.js'
import type { QNode, QuantizedModel } from '../ir/model.js'
import { lowerModel, type Visibility } from './lowerModel.js'

/** One integer node's share. */
export type NodeConstraints = { name: string; op: QNode['op']; constraints: number }

/** One layer's share: the integer nodes that came from one ONNX node. */
export type LayerConstraints = {
  /** The ONNX node's name (the integer node's own name when no graph node matches it). */
  layer: string
  /** The ONNX op type (`?` when unknown). */
  opType: string
  /** The integer ops it became, in order, without repeats. */
  ops: QNode['op'][]
  constraints: number
}

/** A breakdown of a circuit's constraints; every list sums (with `statement`) to `total`. */
export type ConstraintBreakdown = {
  total: number
  /** The statement's constraints: input range checks, private weights, output publishing, commitments, message. */
  statement: number
  /** Every integer node in model order. */
  nodes: NodeConstraints[]
  /** Layers in model order. */
  layers: LayerConstraints[]
  /** Constraints by ONNX op type, largest first. */
  byOpType: { opType: string; constraints: number }[]
  /** Constraints by integer op, largest first. */
  byIntegerOp: { op: QNode['op']; constraints: number }[]
}

/**
 * Maps an integer node's name to the ONNX node it came from: the node of the same name, else the
 * longest node name it starts with followed by a separator (`relu1.requant` → `relu1`, never
 * `relu10` → `relu1`).
 */
export function layerMatcher(graph: PreparedGraph): (name: string) => { name: string; opType: string } | undefined {
  const byName = new Map(graph.nodes.map((n) => [n.name, n] as const))
  const names = [...byName.keys()].sort((a, b) => b.length - a.length)
  const cache = new Map<string, { name: string; opType: string } | undefined>()
  return (q) => {
    if (cache.has(q)) return cache.get(q)
    const hit = byName.get(q) ?? byName.get(names.find((n) => q.length > n.length && q.startsWith(n) && !/[A-Za-z0-9]/.test(q[n.length]!)) ?? '')
    const found = hit && { name: hit.name, opType: hit.opType }
    cache.set(q, found)
    return found
  }
}

/**
 * Lowers `model` in counting mode and breaks its constraint count down by node, layer and op.
 * @param params.graph the prepared ONNX graph the model came from: names layers by ONNX node and op type (optional)
 * @example
 * const b = constraintBreakdown({ model, visibility: { input: 'private', output: 'public' } })
 * b.byIntegerOp // [{ op: 'Requant', constraints: 1520 }, …]
 */
export function constraintBreakdown({ model, visibility, graph }: { model: QuantizedModel; visibility: Visibility; graph?: PreparedGraph | undefined }): ConstraintBreakdown {
  const nodes: NodeConstraints[] = []
  const { nConstraints: total } = lowerModel({
    model,
    visibility,
    mode: { constraints: false, witness: false },
    onNode: (node, constraints) => nodes.push({ name: node.name, op: node.op, constraints }),
  })
  const layerOf = graph ? layerMatcher(graph) : () => undefined
  const layers = new Map<string, LayerConstraints>()
  const byOpType = new Map<string, number>()
  const byIntegerOp = new Map<QNode['op'], number>()
  for (const n of nodes) {
    const l = layerOf(n.name) ?? { name: n.name, opType: '?' }
    const row = layers.get(l.name) ?? { layer: l.name, opType: l.opType, ops: [], constraints: 0 }
    if (!row.ops.includes(n.op)) row.ops.push(n.op)
    row.constraints += n.constraints
    layers.set(l.name, row)
    byOpType.set(l.opType, (byOpType.get(l.opType) ?? 0) + n.constraints)
    byIntegerOp.set(n.op, (byIntegerOp.get(n.op) ?? 0) + n.constraints)
  }
  const sorted = <K>(m: Map<K, number>) => [...m].sort((a, b) => b[1] - a[1])
  return {
    total,
    statement: total - nodes.reduce((a, n) => a + n.constraints, 0),
    nodes,
    layers: [...layers.values()],
    byOpType: sorted(byOpType).map(([opType, constraints]) => ({ opType, constraints })),
    byIntegerOp: sorted(byIntegerOp).map(([op, constraints]) => ({ op, constraints })),
  }
}

/**
 * The breakdown as text tables (what `zkml info --constraints` prints): layers in model order, then
 * ONNX op types and integer ops, largest first, each with its share of the total.
 */
export function formatBreakdown(b: ConstraintBreakdown): string {
  const share = (n: number) => (b.total ? `${((100 * n) / b.total).toFixed(1)}%` : '-')
  /** Columns left-aligned except the last two (count, share). */
  const table = (rows: string[][]) => {
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
    const right = (i: number) => i >= rows[0]!.length - 2
    return rows.map((r) => `  ${r.map((c, i) => (right(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')}`.trimEnd()).join('\n')
  }
  const row = (cells: string[], n: number) => [...cells, String(n), share(n)]
  return [
    `constraints: ${b.total}`,
    'by layer (ONNX node), in model order',
    table([
      ['layer', 'op', 'integer ops', 'constraints', 'share'],
      ...b.layers.map((l) => row([l.layer, l.opType, l.ops.join(',')], l.constraints)),
      row(['(statement)', '', 'input range checks, outputs, commitments'], b.statement),
    ]),
    'by ONNX op type',
    table([['op', 'constraints', 'share'], ...b.byOpType.map((r) => row([r.opType], r.constraints)), row(['(statement)'], b.statement)]),
    'by integer op',
    table([['op', 'constraints', 'share'], ...b.byIntegerOp.map((r) => row([r.op], r.constraints)), row(['(statement)'], b.statement)]),
  ].join('\n')
}
