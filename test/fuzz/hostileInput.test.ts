/**
 * Hostile input is always a typed error (or a correct result): seeded hostile ONNX models, calibration
 * files and prove inputs go through the whole pipeline short of the Groth16 setup (parse → prepare →
 * calibrate → quantize → lower, then circuit.json's round trip → quantize the input → witness), and
 * every failure must be a `ZkmlError`, never a TypeError, RangeError or plain Error. Accepted cases
 * must be consistent: the prove-time witness satisfies the compile-time constraints.
 * The review's table (security/REVIEW.md, finding 11) is pinned case by case below.
 */
import { describe, expect, it } from 'vitest'
import { parseOnnx } from '../../src/onnx/parse.js'
import { prepareGraph } from '../../src/onnx/prepare.js'
import { parseSamples } from '../../src/compile/samples.js'
import { calibrateRanges } from '../../src/compile/calibrate.js'
import { quantizeGraph } from '../../src/quantize/quantize.js'
import { executeInteger } from '../../src/quantize/execInt.js'
import { type ModelInput, quantizeInputs } from '../../src/quantize/quantizeInput.js'
import { lowerModel, type Visibility } from '../../src/circuit/lowerModel.js'
import { failingConstraints } from '../../src/circuit/check.js'
import type { QuantizedModel } from '../../src/ir/model.js'
import { ZkmlError } from '../../src/errors/base.js'
import { CalibrationError, CircuitTooLargeError } from '../../src/errors/quantize.js'
import { OnnxParseError, ShapeMismatchError, UnsupportedOpError } from '../../src/errors/compile.js'
import { InputRangeError, InvalidInputError } from '../../src/errors/input.js'
import { BASES, hostileModel, hostileSamples, toBytes, toObject, type ModelObject } from './hostileModels.js'
import { mlpOnnx } from '../fixtures/models.js'

const VISIBILITIES: Visibility[] = [
  { input: 'private', output: 'public' },
  { input: 'public', output: 'public' },
  { input: 'hashed', output: 'hashed' },
  { input: 'private', output: 'public', weights: 'private' },
]

type Outcome = { ok: true; outputs: Record<string, bigint[]> } | { ok: false; error: unknown }

/**
 * The pipeline short of the setup. `input` is a prove-time input file's JSON (one sample, as `zkml
 * prove` reads it), `direct` an input passed as values (as `prove({ input })` takes it).
 */
function pipeline({ bytes, calibration, input, direct, visibility = VISIBILITIES[0]!, maxConstraints = 200_000 }: { bytes: Uint8Array; calibration: unknown; input?: unknown; direct?: ModelInput; visibility?: Visibility; maxConstraints?: number }): Outcome {
  try {
    const graph = prepareGraph({ graph: parseOnnx({ bytes, fileName: 'fuzz.onnx' }) })
    const specs = graph.inputs.map((i) => ({ name: i.name, shape: i.shape as number[] }))
    const samples = parseSamples({ json: calibration, inputs: specs, kind: 'calibration' })
    const { ranges } = calibrateRanges({ graph, samples })
    const model = quantizeGraph({ graph, ranges })
    const compiled = lowerModel({ model, visibility, mode: { constraints: true, witness: false }, maxConstraints })
    // Prove side: the model as circuit.json carries it.
    const loaded = JSON.parse(JSON.stringify(model)) as QuantizedModel
    let given: ModelInput = direct ?? samples[0]!
    if (input !== undefined) {
      const parsed = parseSamples({ json: input, inputs: loaded.inputs, kind: 'input' })
      if (parsed.length !== 1) throw new InvalidInputError(`The input file holds ${parsed.length} samples; prove takes exactly one.`)
      given = parsed[0]!
    }
    executeInteger({ model: loaded, input: given, clamp: true })
    const ints = quantizeInputs({ model: loaded, input: given, clamp: true })
    const proved = lowerModel({ model: loaded, visibility, inputs: ints, mode: { constraints: false, witness: true } })
    const bad = failingConstraints(compiled.r1cs, proved.witness!)
    if (bad.length) return { ok: false, error: new Error(`accepted, but the prove-time witness violates ${bad.length} compile-time constraint(s)`) }
    return { ok: true, outputs: proved.outputs! }
  } catch (error) {
    return { ok: false, error }
  }
}

const describeError = (e: unknown) => (e instanceof Error ? `${e.constructor.name}: ${e.message.split('\n')[0]}` : String(e))
const validCalibration = (size: number, name = 'input') => ({ [name]: Array.from({ length: size * 3 }, (_, i) => ((i * 37) % 101) / 100) })

describe('fuzz: seeded hostile models and inputs', () => {
  // ZKML_FUZZ_CASES / ZKML_FUZZ_FROM widen the run for a local fuzzing session; CI runs seeds 1..300.
  const CASES = Number(process.env['ZKML_FUZZ_CASES'] ?? 300)
  const FROM = Number(process.env['ZKML_FUZZ_FROM'] ?? 1)
  it(`${CASES} hostile models (with hostile calibration and prove inputs): success or a ZkmlError`, () => {
    const untyped: string[] = []
    const outcomes = { ok: 0, typed: 0 }
    const kinds = new Set<string>()
    for (let seed = FROM; seed < FROM + CASES; seed++) {
      const h = hostileModel(seed)
      const sizes = [{ name: 'input', size: h.base.inputSize }]
      const calibration = seed % 3 === 0 ? hostileSamples(seed, sizes) : { what: 'valid', json: validCalibration(h.base.inputSize, h.base.name === 'rich' ? 'x' : 'input') }
      const input = seed % 5 === 0 ? hostileSamples(seed + 7, sizes) : undefined
      const r = pipeline({ bytes: h.bytes, calibration: calibration.json, input: input?.json, visibility: VISIBILITIES[seed % VISIBILITIES.length] })
      if (r.ok) outcomes.ok++
      else if (r.error instanceof ZkmlError) (outcomes.typed++, kinds.add(r.error.name))
      else untyped.push(`seed ${seed} (${h.base.name}; ${h.mutations.join('; ')}; calibration ${calibration.what}${input ? `; input ${input.what}` : ''}): ${describeError(r.error)}`)
    }
    expect(untyped.slice(0, 10), `${untyped.length} case(s) without a typed error`).toEqual([])
    // The generator must exercise both paths (mutations that are harmless, and ones that are refused).
    expect(outcomes.ok).toBeGreaterThan(10)
    expect(outcomes.typed).toBeGreaterThan(CASES / 2)
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['CalibrationError', 'OnnxParseError', 'ShapeMismatchError', 'UnsupportedOpError', 'UnsupportedOpsetError']))
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('hostile calibration and prove inputs against valid models', () => {
    const untyped: string[] = []
    for (let seed = 1; seed <= 60; seed++) {
      const base = BASES[seed % BASES.length]!
      const name = base.name === 'rich' ? 'x' : 'input'
      const sizes = [{ name, size: base.inputSize }]
      const cal = seed % 2 ? hostileSamples(seed, sizes) : { what: 'valid', json: validCalibration(base.inputSize, name) }
      const input = hostileSamples(seed + 99, sizes)
      const r = pipeline({ bytes: base.bytes(), calibration: cal.json, input: input.json, visibility: VISIBILITIES[seed % VISIBILITIES.length] })
      if (!r.ok && !(r.error instanceof ZkmlError)) untyped.push(`seed ${seed} (${base.name}; calibration ${cal.what}; input ${input.what}): ${describeError(r.error)}`)
    }
    expect(untyped.slice(0, 10)).toEqual([])
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })
})

describe("the security review's hostile-input table", () => {
  const N = 8
  const base = (): ModelObject => toObject(mlpOnnx({ sizes: [N, 4, 3] }))
  const cal = validCalibration(N)
  const run = (m: ModelObject | Uint8Array, calibration: unknown = cal, input?: unknown) => pipeline({ bytes: m instanceof Uint8Array ? m : toBytes(m), calibration, input })
  /** Asserts the outcome is the given error class (or success when `cls` is undefined). */
  const expectOutcome = (r: Outcome, cls?: new (...args: never[]) => ZkmlError, message?: RegExp) => {
    if (!cls) {
      expect(r.ok, r.ok ? '' : describeError(r.error)).toBe(true)
      return
    }
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error, describeError(r.error)).toBeInstanceOf(cls)
    if (message) expect((r.error as Error).message).toMatch(message)
  }

  it('truncated, garbled and random bytes → OnnxParseError', () => {
    const bytes = mlpOnnx({ sizes: [N, 4, 3] })
    expectOutcome(run(bytes.slice(0, 60)), OnnxParseError)
    const garbled = bytes.slice()
    for (let i = 10; i < garbled.length; i += 7) garbled[i]! ^= 0x5a
    expect(run(garbled).ok).toBe(false)
    expect((run(garbled) as { error: unknown }).error).toBeInstanceOf(ZkmlError)
    expectOutcome(run(Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24)), OnnxParseError)
  })

  it('initializer dims 2^20 × 2^20 (with or without data) and 2^30 × 2^30 → OnnxParseError, nothing allocated', () => {
    for (const [dims, keepData] of [[[2 ** 20, 2 ** 20], true], [[2 ** 20, 2 ** 20], false], [[2 ** 30, 2 ** 30], true], [[2 ** 31 + 1], false]] as const) {
      const m = base()
      m.graph.initializer[0].dims = dims
      if (!keepData) delete m.graph.initializer[0].raw_data
      const before = process.memoryUsage().arrayBuffers
      expectOutcome(run(m), OnnxParseError, /more than 268435456 elements/)
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20)
    }
  })

  it('dims within the limit but without their data → OnnxParseError before allocating', () => {
    const m = base()
    m.graph.initializer[0].dims = [2 ** 14, 2 ** 14]
    expectOutcome(run(m), OnnxParseError, /raw_data has \d+ bytes/)
  })

  it('input dim 2^40 → ShapeMismatchError; negative dims → OnnxParseError', () => {
    const m = base()
    m.graph.input[0].type.tensor_type.shape.dim = [{ dim_value: 1 }, { dim_value: 2 ** 40 }]
    expectOutcome(run(m), ShapeMismatchError)
    const n = base()
    n.graph.initializer[0].dims = [-4, -8]
    expectOutcome(run(n), OnnxParseError)
  })

  it('cycle, self-loop, dangling input, duplicate output → OnnxParseError', () => {
    const cycle = base()
    cycle.graph.node[0].input[0] = cycle.graph.node.at(-1).output[0]
    expectOutcome(run(cycle), OnnxParseError)
    const loop = base()
    loop.graph.node[1].input[0] = loop.graph.node[1].output[0]
    expectOutcome(run(loop), OnnxParseError)
    const dangling = base()
    dangling.graph.node[2].input[0] = 'nope'
    expectOutcome(run(dangling), OnnxParseError)
    const duplicate = base()
    duplicate.graph.node[1].output[0] = duplicate.graph.node[0].output[0]
    expect((run(duplicate) as { error: unknown }).error).toBeInstanceOf(ZkmlError)
  })

  it('Gemm with only 1 input, an empty required input, or a node without outputs → OnnxParseError naming the node', () => {
    const one = base()
    one.graph.node[0].input = [one.graph.node[0].input[0]]
    expectOutcome(run(one), OnnxParseError, /node "fc0" \(Gemm\): 1 input\(s\) given; Gemm takes 2 to 3/)
    const empty = base()
    empty.graph.node[0].input[1] = ''
    expectOutcome(run(empty), OnnxParseError, /required input 1 is empty/)
    const none = base()
    none.graph.node[1].output = []
    expectOutcome(run(none), OnnxParseError, /0 output\(s\) given/)
    const many = base()
    many.graph.node[1].input = [...many.graph.node[1].input, 'x', 'y']
    expectOutcome(run(many), OnnxParseError, /Relu takes 1/)
  })

  it('attribute, initializer, graph input, hidden value and graph output named __proto__ (or constructor) compile and prove the same outputs', () => {
    const reference = run(base())
    expect(reference.ok).toBe(true)
    const same = (r: Outcome, output = 'logits') => {
      expectOutcome(r)
      if (r.ok && reference.ok) expect(r.outputs[output]).toEqual(reference.outputs['logits'])
    }
    const attr = base()
    attr.graph.node[0].attribute.push({ name: '__proto__', type: 2, i: 1 })
    same(run(attr))
    for (const hostile of ['__proto__', 'constructor', 'toString']) {
      const init = base()
      const old = init.graph.node[0].input[1]
      init.graph.initializer.find((t: ModelObject) => t.name === old).name = hostile
      init.graph.node[0].input[1] = hostile
      same(run(init))
      const input = base()
      input.graph.input[0].name = hostile
      input.graph.node[0].input[0] = hostile
      same(run(input, { [hostile]: cal.input }))
      same(run(input, { input_data: [cal.input] }))
      const hidden = base()
      hidden.graph.node[0].output[0] = hostile
      hidden.graph.node[1].input[0] = hostile
      same(run(hidden))
      const output = base()
      output.graph.output[0].name = hostile
      output.graph.node.at(-1).output[0] = hostile
      same(run(output), hostile)
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('10k Identity nodes compile', () => {
    const m = base()
    const last = m.graph.node.at(-1)
    const out = last.output[0]
    last.output[0] = 'i0'
    for (let i = 0; i < 10_000; i++) m.graph.node.push({ op_type: 'Identity', name: `id${i}`, input: [`i${i}`], output: [i === 9999 ? out : `i${i + 1}`] })
    expectOutcome(run(m))
  })

  it('NaN, Inf and 3e38 weights → CalibrationError (or UnsupportedOpError naming the constant)', () => {
    const withWeight = (v: number, all: boolean, index = 0) => {
      const m = base()
      const f = new Float32Array(Uint8Array.from(m.graph.initializer[index].raw_data as Uint8Array).buffer)
      if (all) f.fill(v)
      else f[0] = v
      m.graph.initializer[index].raw_data = new Uint8Array(f.buffer)
      return run(m)
    }
    for (const v of [NaN, Infinity, 3e38]) expectOutcome(withWeight(v, true), CalibrationError)
    // One bad value reaches the activations: NaN (once a RangeError in the quantizer) or beyond range.
    expectOutcome(withWeight(NaN, false), CalibrationError, /NaN in tensor/)
    expectOutcome(withWeight(Infinity, false), CalibrationError)
    expectOutcome(withWeight(NaN, false, 3), CalibrationError)
    // Without calibration noticing (ranges given directly), the quantizer refuses the constant itself.
    const m = base()
    const f = new Float32Array(Uint8Array.from(m.graph.initializer[0].raw_data as Uint8Array).buffer)
    f[1] = NaN
    m.graph.initializer[0].raw_data = new Uint8Array(f.buffer)
    const graph = prepareGraph({ graph: parseOnnx({ bytes: toBytes(m) }) })
    const ranges = new Map([...graph.tensors.keys()].map((k) => [k, { min: -1, max: 1 }]))
    expect(() => quantizeGraph({ graph, ranges })).toThrow(/constant fc0\.W holds a non-finite value/)
  })

  it('calibration files: NaN, __proto__, constant, 1e300', () => {
    const bytes = mlpOnnx({ sizes: [N, 4, 3] })
    expectOutcome(run(bytes, JSON.parse('{"input_data":[[1,2,3,4,5,6,7,"NaN"]]}')), CalibrationError)
    expectOutcome(run(bytes, JSON.parse('{"__proto__":{"input":[1,2,3,4,5,6,7,8]}}')), CalibrationError, /no entry for input "input"/)
    expectOutcome(run(bytes, { input_data: [new Array(N * 4).fill(0)] }))
    expectOutcome(run(bytes, { input_data: [new Array(N * 4).fill(1e300)] }), CalibrationError)
  })

  it('prove inputs: NaN, 1e308, wrong length, 1000× too long, a string, nested, __proto__', () => {
    const bytes = mlpOnnx({ sizes: [N, 4, 3] })
    const zeros = new Array(N).fill(0)
    expectOutcome(run(bytes, cal, { input_data: [zeros.map((v, i) => (i ? v : 'NaN'))] }), InvalidInputError)
    expectOutcome(run(bytes, cal, { input: new Array(N).fill(1e308) }))
    expectOutcome(pipelineStrict(bytes, new Array(N).fill(1e308)), InputRangeError)
    expectOutcome(run(bytes, cal, { input: zeros.slice(1) }), InvalidInputError)
    expectOutcome(run(bytes, cal, { input: new Array(N * 1000).fill(0) }), InvalidInputError, /1000 samples/)
    expectOutcome(pipeline({ bytes, calibration: cal, direct: new Array(N * 1000).fill(0) }), InvalidInputError, /8000 values/)
    expectOutcome(pipeline({ bytes, calibration: cal, direct: { input: '0'.repeat(N) as unknown as number[] } }), InvalidInputError)
    expectOutcome(pipeline({ bytes, calibration: cal, direct: { input: zeros, extra: zeros } }), InvalidInputError, /Unknown input "extra"/)
    expectOutcome(run(bytes, cal, { input: '0'.repeat(N) }), InvalidInputError)
    expectOutcome(run(bytes, cal, { input_data: [[zeros.map((v) => [v])]] }))
    expectOutcome(run(bytes, cal, JSON.parse(`{"__proto__":{"input":${JSON.stringify(zeros)}}}`)), InvalidInputError, /no entry for input "input"/)
    expectOutcome(run(bytes, cal, JSON.parse(`{"__proto__":{"polluted":1},"input":${JSON.stringify(zeros)}}`)))
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('unsupported ops and foreign domains → UnsupportedOpError; a circuit over budget → CircuitTooLargeError', () => {
    const foreign = base()
    foreign.graph.node[0].domain = 'com.microsoft'
    expectOutcome(run(foreign), UnsupportedOpError)
    const loop = base()
    loop.graph.node[1].op_type = 'Loop'
    expectOutcome(run(loop), UnsupportedOpError)
    const big = pipeline({ bytes: mlpOnnx({ sizes: [16, 32, 10] }), calibration: validCalibration(16), maxConstraints: 100 })
    expectOutcome(big, CircuitTooLargeError)
  })
})

/** Quantizes a prove input without clamping (the strict default of `prove`). */
function pipelineStrict(bytes: Uint8Array, input: number[]): Outcome {
  try {
    const graph = prepareGraph({ graph: parseOnnx({ bytes }) })
    const samples = parseSamples({ json: validCalibration(input.length), inputs: graph.inputs.map((i) => ({ name: i.name, shape: i.shape as number[] })), kind: 'calibration' })
    const model = quantizeGraph({ graph, ranges: calibrateRanges({ graph, samples }).ranges })
    quantizeInputs({ model, input })
    return { ok: true, outputs: {} }
  } catch (error) {
    return { ok: false, error }
  }
}
