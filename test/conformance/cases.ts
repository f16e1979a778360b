/**
 * Shared scanning logic for the ONNX backend-test conformance data in
 * `test/data/onnx-conformance/{node,pytorch,node-ops2}` (a copy of the ONNX backend tests, see its
 * README.md and SOURCE.txt; `npm run test:data` refreshes it from `../shared` when present): listing cases, loading
 * `test_data_set_N` tensors, binding parameter inputs as constants, and classifying why a case
 * is skipped. Used by the float conformance test and the integer/circuit conformance tests.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { OnnxParseError, UnsupportedOpError, UnsupportedOpsetError } from '../../src/errors/compile.js'
import type { Graph, PreparedGraph, Tensor } from '../../src/onnx/ir.js'
import { isFloatDType } from '../../src/onnx/ir.js'
import { CONSTANT_INPUT_SLOTS, isSupportedOp, isSupportedOpset } from '../../src/ops/index.js'
import type { SupportedOp } from '../../src/ops/index.js'
import { parseOnnx, parseTensorProto } from '../../src/onnx/parse.js'
import { prepareGraph } from '../../src/onnx/prepare.js'

/** Repository root (this file is `test/conformance/cases.ts`). */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')
/** Root of the conformance data. */
export const CONFORMANCE_ROOT = path.resolve(REPO_ROOT, 'test/data/onnx-conformance')

/** The conformance suites (folders of `test/data/onnx-conformance`). */
export const SUITES = ['node', 'pytorch', 'node-ops2'] as const
/** One conformance suite. */
export type Suite = (typeof SUITES)[number]

/** One conformance test folder. */
export type ConformanceCase = {
  suite: Suite
  /** Folder name, e.g. `test_conv_with_strides_padding`. */
  name: string
  dir: string
  modelPath: string
  /** The operators the test uses (from the suite's `INDEX.json`). */
  ops: string[]
}

/**
 * Lists every case of the given suites (sorted by name). Throws when data is missing: a suite
 * folder or its `INDEX.json`, a test the index lists without its `model.onnx` or data set, or a
 * test folder the index does not list.
 */
export function listCases(suites: readonly Suite[] = SUITES): ConformanceCase[] {
  const out: ConformanceCase[] = []
  const missing = (what: string): never => {
    throw new Error(`Conformance data missing: ${what} (it is part of the repository; run \`npm run test:data\` to refresh it from ../shared).`)
  }
  for (const suite of suites) {
    const root = path.join(CONFORMANCE_ROOT, suite)
    const indexPath = path.join(root, 'INDEX.json')
    if (!existsSync(indexPath)) missing(`${indexPath} does not exist`)
    const index = JSON.parse(readFileSync(indexPath, 'utf8')) as { test: string; ops: string[] }[]
    const ops = new Map(index.map((e) => [e.test, e.ops]))
    const onDisk = readdirSync(root).filter((name) => name.startsWith('test_')).sort()
    for (const name of onDisk) if (!ops.has(name)) missing(`${suite}/${name} is not listed in ${indexPath}`)
    for (const name of [...ops.keys()].sort()) {
      const dir = path.join(root, name)
      const modelPath = path.join(dir, 'model.onnx')
      if (!existsSync(modelPath)) missing(`${modelPath} does not exist`)
      if (!existsSync(path.join(dir, 'test_data_set_0', 'input_0.pb'))) missing(`${dir}/test_data_set_0/input_0.pb does not exist`)
      out.push({ suite, name, dir, modelPath, ops: ops.get(name)! })
    }
  }
  return out
}

/** The tensors of one `test_data_set_N` folder, in file order (`input_0.pb`, `input_1.pb`, ...). */
export type DataSet = { inputs: Tensor[]; outputs: Tensor[] }

/** Loads `test_data_set_<index>` of a case. */
export function loadDataSet(c: ConformanceCase, index = 0): DataSet {
  const dir = path.join(c.dir, `test_data_set_${index}`)
  const read = (prefix: string) => {
    const tensors: Tensor[] = []
    for (let i = 0; existsSync(path.join(dir, `${prefix}_${i}.pb`)); i++) {
      const file = path.join(dir, `${prefix}_${i}.pb`)
      tensors.push(parseTensorProto({ bytes: readFileSync(file), fileName: file }).tensor)
    }
    return tensors
  }
  return { inputs: read('input'), outputs: read('output') }
}

/**
 * Graph inputs that feed a position where the compiler requires a constant
 * (`CONSTANT_INPUT_SLOTS`: Reshape shape, Squeeze/Unsqueeze axes, Clip bounds, BatchNorm
 * parameters) and so must be bound to the data set's values. Names in graph-input order.
 */
export function parameterInputs(graph: Graph): Set<string> {
  const inputs = new Set(graph.inputs.map((v) => v.name))
  const out = new Set<string>()
  for (const n of graph.nodes) {
    const slots = isSupportedOp(n.opType) ? CONSTANT_INPUT_SLOTS[n.opType as SupportedOp] ?? [] : []
    for (const s of slots) if (n.inputs[s] && inputs.has(n.inputs[s]!)) out.add(n.inputs[s]!)
  }
  return out
}

/**
 * Ops whose bool or integer runtime inputs the compiler supports (integers at scale 0, bools as
 * proven bits; see `TensorMeta`): their cases with such inputs run instead of skipping as
 * `dtype …`.
 */
export const NON_FLOAT_INPUT_OPS: ReadonlySet<string> = new Set([
  'And',
  'Cast',
  'Concat',
  'DepthToSpace',
  'Equal',
  'Expand',
  'Gather',
  'GatherElements',
  'Greater',
  'GreaterOrEqual',
  'Identity',
  'Less',
  'LessOrEqual',
  'Max',
  'Min',
  'Not',
  'Or',
  'Pad',
  'ScatterElements',
  'Slice',
  'SpaceToDepth',
  'Split',
  'Squeeze',
  'Tile',
  'Transpose',
  'Trilu',
  'Unsqueeze',
  'Where',
  'Xor',
])

/** A case ready to run, or the reason it is skipped. */
export type LoadedCase =
  | {
      status: 'run'
      case: ConformanceCase
      graph: Graph
      prepared: PreparedGraph
      data: DataSet
      /** Runtime inputs by graph-input name (parameter inputs excluded). */
      feeds: Record<string, Tensor>
      /** Expected outputs by graph-output name. */
      expected: Record<string, Tensor>
    }
  | { status: 'skip'; case: ConformanceCase; reason: string }

/**
 * Parses and prepares a case. Skips (with a reason such as `unsupported op Abs`,
 * `dtype INT8`, `opset 5`, `parse failure: ...`) what the compiler does not support;
 * throws on anything else (a failure of ours).
 * @param options.floatOnly skip cases with a non-float runtime input, unless every op reading it is in {@link NON_FLOAT_INPUT_OPS} (default true)
 */
export function loadCase(c: ConformanceCase, { floatOnly = true }: { floatOnly?: boolean } = {}): LoadedCase {
  const skip = (reason: string): LoadedCase => ({ status: 'skip', case: c, reason })
  let graph: Graph
  try {
    graph = parseOnnx({ bytes: readFileSync(c.modelPath), fileName: c.modelPath })
  } catch (e) {
    if (e instanceof OnnxParseError) return skip(`parse failure: ${e.shortMessage}`)
    if (e instanceof UnsupportedOpError) return skip(`unsupported op ${e.opType} (${e.reason ?? 'domain'})`)
    throw e
  }
  const unsupported = [...new Set(graph.nodes.map((n) => n.opType).filter((op) => !isSupportedOp(op)))]
  if (unsupported.length) return skip(`unsupported op ${unsupported.sort().join(', ')}`)
  if (!isSupportedOpset(graph)) return skip(`opset ${graph.opset}`)
  const data = loadDataSet(c)
  const params = parameterInputs(graph)
  const constants = new Map<string, Tensor>()
  const feeds: Record<string, Tensor> = {}
  graph.inputs.forEach((v, i) => {
    const t = data.inputs[i]
    if (!t) return
    if (params.has(v.name)) constants.set(v.name, t)
    else feeds[v.name] = t
  })
  if (floatOnly) {
    // A bool/int runtime input runs only when every op reading it takes such values (at scale 0).
    const readers = (name: string) => graph.nodes.filter((n) => n.inputs.includes(name)).map((n) => n.opType)
    const bad = graph.inputs
      .filter((v) => !params.has(v.name) && !isFloatDType(v.dtype) && !readers(v.name).every((op) => NON_FLOAT_INPUT_OPS.has(op)))
      .map((v) => v.dtype.toUpperCase())
    if (bad.length) return skip(`dtype ${[...new Set(bad)].join(', ')}`)
  }
  const inputShapes = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, t.dims]))
  let prepared: PreparedGraph
  try {
    prepared = prepareGraph({ graph, constants, inputShapes })
  } catch (e) {
    if (e instanceof UnsupportedOpError) return skip(`unsupported ${e.opType}: ${e.reason ?? 'op'}`)
    if (e instanceof UnsupportedOpsetError) return skip(`opset ${e.opset}`)
    throw e
  }
  const expected: Record<string, Tensor> = {}
  graph.outputs.forEach((v, i) => {
    if (data.outputs[i]) expected[v.name] = data.outputs[i]!
  })
  return { status: 'run', case: c, graph, prepared, data, feeds, expected }
}

/**
 * Largest absolute difference between two tensors, relative to the expected magnitude:
 * `max |a - e| / max(1, |e|)`. NaN positions must agree. Infinity when the shapes differ.
 */
export function maxRelativeError(actual: Tensor, expected: Tensor): number {
  if (actual.dims.join() !== expected.dims.join() || actual.data.length !== expected.data.length) return Infinity
  let worst = 0
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i]!
    const e = expected.data[i]!
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) return Infinity
      continue
    }
    if (a === e) continue
    worst = Math.max(worst, Math.abs(a - e) / Math.max(1, Math.abs(e)))
  }
  return worst
}

/**
 * Binds the weight inputs of Gemm (B, C), MatMul (B), Conv and ConvTranspose (W, B) that a case feeds as graph
 * inputs to the data set's values, as constants (the quantizer needs constant weights), and
 * prepares the graph again. Cases without such inputs are returned as loaded.
 */
export function bindWeights(c: Extract<LoadedCase, { status: 'run' }>): { prepared: PreparedGraph; feeds: Record<string, Tensor> } {
  const inputNames = c.graph.inputs.map((v) => v.name)
  const weights = new Set<string>()
  for (const n of c.graph.nodes) for (const s of WEIGHT_SLOTS[n.opType] ?? []) if (n.inputs[s] && inputNames.includes(n.inputs[s]!)) weights.add(n.inputs[s]!)
  if (weights.size === 0) return { prepared: c.prepared, feeds: c.feeds }
  const constants = new Map<string, Tensor>()
  const feeds: Record<string, Tensor> = {}
  c.graph.inputs.forEach((v, i) => {
    const t = c.data.inputs[i]!
    if (weights.has(v.name) || !(v.name in c.feeds)) constants.set(v.name, t)
    else feeds[v.name] = t
  })
  const inputShapes = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, t.dims]))
  return { prepared: prepareGraph({ graph: c.graph, constants, inputShapes }), feeds }
}
/** Inputs of these ops are weights: the compiler needs them constant, so `bindWeights` binds them. */
const WEIGHT_SLOTS: Record<string, number[]> = { Gemm: [1, 2], MatMul: [1], Conv: [1, 2], ConvTranspose: [1, 2] }

/**
 * Compute operators that no conformance case uses (the ONNX backend data here has none with float
 * inputs; Attention's opset-23 cases are not in this copy): their unit tests beside the op file stand
 * in (`src/ops/attention.test.ts` checks Attention against onnxruntime-node). The suites check that each one really
 * has no case, so an entry goes stale loudly when data arrives.
 */
export const NO_CONFORMANCE_DATA: ReadonlySet<string> = new Set(['Attention', 'Cast', 'ScatterElements', 'TopK', 'Trilu', 'Upsample'])

/**
 * The outcome of one case in a suite run. `executor-only`: the case passed in the integer
 * executor but its circuit was over the suite's budget, so the circuit was not checked.
 */
export type Outcome = { case: ConformanceCase; status: 'pass' | 'executor-only' | 'skip' | 'fail'; reason?: string | undefined }

/**
 * Per-operator counts, one line per operator (a case counts under each operator it uses), e.g.
 * `  Conv: 10 pass, 2 skip, 0 fail`, sorted by operator. A skip never counts as a pass.
 */
export function summarizeByOp(outcomes: readonly Outcome[]): string[] {
  const statuses = (['pass', 'executor-only', 'skip', 'fail'] as const).filter((k) => k !== 'executor-only' || outcomes.some((o) => o.status === k))
  const byOp = new Map<string, Map<Outcome['status'], number>>()
  for (const o of outcomes)
    for (const op of o.case.ops) {
      const counts = byOp.get(op) ?? new Map<Outcome['status'], number>()
      counts.set(o.status, (counts.get(o.status) ?? 0) + 1)
      byOp.set(op, counts)
    }
  return [...byOp.keys()].sort().map((op) => `  ${op}: ${statuses.map((k) => `${byOp.get(op)!.get(k) ?? 0} ${k}`).join(', ')}`)
}

/** Totals of a suite run: `p pass, s skip, f fail` (and executor-only when any). */
export function countOutcomes(outcomes: readonly Outcome[]): string {
  const n = (k: Outcome['status']) => outcomes.filter((o) => o.status === k).length
  return [`${n('pass')} pass`, ...(n('executor-only') ? [`${n('executor-only')} executor-only`] : []), `${n('skip')} skip`, `${n('fail')} fail`].join(', ')
}

/** Groups skip reasons: reason → case names. */
export function groupReasons(skipped: readonly { case: ConformanceCase; reason?: string | undefined }[]): Map<string, string[]> {
  const groups = new Map<string, string[]>()
  for (const s of skipped) groups.set(s.reason ?? '(no reason)', [...(groups.get(s.reason ?? '(no reason)') ?? []), `${s.case.suite}/${s.case.name}`])
  return new Map([...groups].sort((a, b) => b[1].length - a[1].length))
}

