/**
 * A generator of tree-ensemble ONNX graphs (decision trees, random forests, gradient-boosted trees)
 * in the Gather + Less + Where form that converters such as Hummingbird emit, written with the
 * project's ONNX writer. No Python converter is available here; this builds the same kind of graph
 * from a plain description of the trees, so tests can compile, prove and cross-check such models.
 *
 * Graph (every tree padded to the ensemble's depth d; a leaf above depth d becomes a node whose
 * two children are that leaf). Level l holds T·2^l nodes, tree-major (node p of tree t at
 * t·2^l + p; its children at 2p and 2p + 1 of level l + 1):
 *   feat_l  = the node's feature of every level-l node:   Gather(x, features_l, axis 1)   (or a one-hot MatMul)
 *   cond_l  = feat_l < threshold_l  (or ≤)                 Less / LessOrEqual → bool [1, T·2^l]
 *   v_d     = the leaf values                              a constant [1, T·2^d]
 *   v_l     = Where(cond_l, left(v_{l+1}), right(v_{l+1})) left/right: Gather of the even/odd positions (or MatMul)
 *   output  = v_0 · 1 + base                               MatMul with a ones column, Add    → [1, 1]
 * The tree traversal is evaluated bottom-up, so no index depends on the data: every Gather index
 * is a constant (data-dependent indices are out of scope).
 */
import type { Graph, Node, Tensor } from '../../src/onnx/ir.js'
import { createTensor } from '../../src/onnx/ir.js'
import { attr } from '../../src/onnx/builders.js'

/** A tree: a leaf value, or a split (go left when x[feature] < threshold, or ≤ with `LessOrEqual`). */
export type Tree = { value: number } | { feature: number; threshold: number; left: Tree; right: Tree }

/** An ensemble: prediction = base + Σ tree values. */
export type TreeEnsemble = {
  nFeatures: number
  trees: Tree[]
  base?: number | undefined
  /** The split test (default `LessOrEqual`, scikit-learn's). */
  cond?: 'Less' | 'LessOrEqual' | undefined
  /**
   * The graph form: `gather` (default) or `matmul` pick features and children with constant-index
   * Gathers or one-hot MatMuls and select values with Where; `gemm` is Hummingbird's GEMM strategy
   * (no Where: see {@link treeEnsembleGemmGraph}).
   */
  select?: 'gather' | 'matmul' | 'gemm' | undefined
}

/** Depth of a tree (a leaf has depth 0). */
export function treeDepth(t: Tree): number {
  return 'value' in t ? 0 : 1 + Math.max(treeDepth(t.left), treeDepth(t.right))
}

/** The ensemble's prediction for one sample (the float reference). */
export function predict(e: TreeEnsemble, x: readonly number[]): number {
  const goLeft = e.cond === 'Less' ? (v: number, t: number) => v < t : (v: number, t: number) => v <= t
  const walk = (t: Tree): number => ('value' in t ? t.value : walk(goLeft(x[t.feature]!, t.threshold) ? t.left : t.right))
  return e.trees.reduce((s, t) => s + walk(t), e.base ?? 0)
}

/** The nodes of a tree at `level` of its padding to depth d, left to right. */
function levelNodes(t: Tree, level: number): Tree[] {
  let nodes = [t]
  for (let l = 0; l < level; l++) nodes = nodes.flatMap((n) => ('value' in n ? [n, n] : [n.left, n.right]))
  return nodes
}

/**
 * Builds the ONNX graph of an ensemble (see the module doc): input `x` [1, nFeatures] float32,
 * output `prediction` [1, 1].
 * @example
 * const graph = treeEnsembleGraph({ nFeatures: 4, trees: [{ feature: 2, threshold: 0.5, left: { value: 1 }, right: { value: -1 } }] })
 * const bytes = writeOnnx({ graph })
 */
export function treeEnsembleGraph(e: TreeEnsemble): Graph {
  if (e.select === 'gemm') return treeEnsembleGemmGraph(e)
  const T = e.trees.length
  const d = Math.max(1, ...e.trees.map(treeDepth))
  const select = e.select ?? 'gather'
  const initializers = new Map<string, Tensor>()
  const nodes: Node[] = []
  const constant = (name: string, dims: number[], data: number[], dtype: Tensor['dtype'] = 'float32') => {
    initializers.set(name, createTensor({ dtype, dims, data: dtype === 'float32' ? data.map(Math.fround) : data }))
    return name
  }
  /** Picks columns `cols` of the [1, n] value `from` (a constant-index Gather, or a one-hot MatMul). */
  const pick = (from: string, n: number, cols: number[], out: string) => {
    if (select === 'gather') {
      nodes.push({ opType: 'Gather', name: out, inputs: [from, constant(`${out}.index`, [cols.length], cols, 'int64')], outputs: [out], attributes: { axis: attr.int(1) } })
    } else {
      const w = new Array<number>(n * cols.length).fill(0)
      cols.forEach((c, j) => (w[c * cols.length + j] = 1))
      nodes.push({ opType: 'MatMul', name: out, inputs: [from, constant(`${out}.onehot`, [n, cols.length], w)], outputs: [out], attributes: {} })
    }
    return out
  }
  const levels = Array.from({ length: d + 1 }, (_, l) => e.trees.flatMap((t) => levelNodes(t, l)))
  const conds: string[] = []
  for (let l = 0; l < d; l++) {
    const split = levels[l]!.map((n) => ('value' in n ? { feature: 0, threshold: 0 } : n))
    const feat = pick('x', e.nFeatures, split.map((n) => n.feature), `feat${l}`)
    const thr = constant(`threshold${l}`, [split.length], split.map((n) => n.threshold))
    nodes.push({ opType: e.cond ?? 'LessOrEqual', name: `cond${l}`, inputs: [feat, thr], outputs: [`cond${l}`], attributes: {} })
    conds.push(`cond${l}`)
  }
  let v = constant('leaves', [1, T * 2 ** d], levels[d]!.map((n) => ('value' in n ? n.value : 0)))
  for (let l = d - 1; l >= 0; l--) {
    const n = T * 2 ** l
    const left = pick(v, 2 * n, Array.from({ length: n }, (_, i) => 2 * i), `left${l}`)
    const right = pick(v, 2 * n, Array.from({ length: n }, (_, i) => 2 * i + 1), `right${l}`)
    nodes.push({ opType: 'Where', name: `value${l}`, inputs: [conds[l]!, left, right], outputs: [`value${l}`], attributes: {} })
    v = `value${l}`
  }
  nodes.push({ opType: 'MatMul', name: 'sum', inputs: [v, constant('ones', [T, 1], new Array<number>(T).fill(1))], outputs: ['sum'], attributes: {} })
  nodes.push({ opType: 'Add', name: 'prediction', inputs: ['sum', constant('base', [1], [e.base ?? 0])], outputs: ['prediction'], attributes: {} })
  return {
    opset: 13,
    producer: 'zkml tree-ensemble generator',
    inputs: [{ name: 'x', dtype: 'float32', shape: [1, e.nFeatures] }],
    outputs: [{ name: 'prediction', dtype: 'float32', shape: [1, 1] }],
    initializers,
    nodes,
  }
}

/**
 * Hummingbird's GEMM strategy at batch 1, with 2-D MatMuls: over the N internal nodes and L leaves
 * of all trees (unpadded),
 *   c = Cast(x · A ≤ thresholds)          A [F, N] one-hot features; c_n = 1: node n goes left
 *   h = c · P                              P [N, L]: +1 where the leaf is in n's left subtree, −1 right
 *   r = Cast(h = leftTurns)                the leaf reached: its left turns all taken, no right turn
 *   output = r · values + base             values [L, 1]
 */
export function treeEnsembleGemmGraph(e: TreeEnsemble): Graph {
  type Split = Extract<Tree, { feature: number }>
  const internal: Split[] = []
  const leaves: { value: number; path: { node: number; left: boolean }[] }[] = []
  const walk = (t: Tree, path: { node: number; left: boolean }[]) => {
    if ('value' in t) return void leaves.push({ value: t.value, path })
    const n = internal.push(t) - 1
    walk(t.left, [...path, { node: n, left: true }])
    walk(t.right, [...path, { node: n, left: false }])
  }
  for (const t of e.trees) walk(t, [])
  const [F, N, L] = [e.nFeatures, internal.length, leaves.length]
  const A = new Array<number>(F * N).fill(0)
  internal.forEach((n, j) => (A[n.feature * N + j] = 1))
  const P = new Array<number>(N * L).fill(0)
  leaves.forEach((leaf, l) => leaf.path.forEach((p) => (P[p.node * L + l] = p.left ? 1 : -1)))
  const f32 = (dims: number[], data: number[]) => createTensor({ dtype: 'float32', dims, data: data.map(Math.fround) })
  const node = (opType: string, inputs: string[], out: string, attributes: Node['attributes'] = {}): Node => ({ opType, name: out, inputs, outputs: [out], attributes })
  return {
    opset: 13,
    producer: 'zkml tree-ensemble generator (GEMM strategy)',
    inputs: [{ name: 'x', dtype: 'float32', shape: [1, F] }],
    outputs: [{ name: 'prediction', dtype: 'float32', shape: [1, 1] }],
    initializers: new Map<string, Tensor>([
      ['features', f32([F, N], A)],
      ['thresholds', f32([N], internal.map((n) => n.threshold))],
      ['paths', f32([N, L], P)],
      ['leftTurns', f32([L], leaves.map((l) => l.path.filter((p) => p.left).length))],
      ['values', f32([L, 1], leaves.map((l) => l.value))],
      ['base', f32([1], [e.base ?? 0])],
    ]),
    nodes: [
      node('MatMul', ['x', 'features'], 'feat'),
      node(e.cond ?? 'LessOrEqual', ['feat', 'thresholds'], 'cond'),
      node('Cast', ['cond'], 'condF', { to: attr.int(1) }),
      node('MatMul', ['condF', 'paths'], 'turns'),
      node('Equal', ['turns', 'leftTurns'], 'reached'),
      node('Cast', ['reached'], 'reachedF', { to: attr.int(1) }),
      node('MatMul', ['reachedF', 'values'], 'sum'),
      node('Add', ['sum', 'base'], 'prediction'),
    ],
  }
}
