/**
 * Error paths: each asserts the error type and what its message names; failed compiles leave
 * nothing half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compile } from '../../src/node/compile.js'
import { prove, verify } from '../../src/node/prove.js'
import { releaseSnarkjs } from '../../src/prove/groth16.js'
import { UnsupportedOpError } from '../../src/errors/compile.js'
import { InputRangeError, InvalidInputError } from '../../src/errors/input.js'
import { CalibrationError } from '../../src/errors/quantize.js'
import { ArtifactError, ArtifactHashMismatchError } from '../../src/errors/artifact.js'
import { OnnxParseError } from '../../src/errors/compile.js'
import { writeOnnx } from '../../src/onnx/write.js'
import { mlpOnnx, randomSamples } from '../fixtures/models.js'

let dir: string
let art: string
const N = 16

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-err-'))
  await writeFile(join(dir, 'mlp.onnx'), mlpOnnx({ sizes: [N, 8, 3] }))
  const samples = randomSamples({ size: N, count: 8 })
  await writeFile(join(dir, 'cal.json'), JSON.stringify({ input_data: [samples.flatMap((s) => Array.from(s.input!))] }))
  art = join(dir, 'art')
  await compile({ model: join(dir, 'mlp.onnx'), calibration: join(dir, 'cal.json'), out: art, verifier: false, ortReference: false })
})
afterAll(async () => {
  await releaseSnarkjs()
  await rm(dir, { recursive: true, force: true })
})

const input = (values: unknown) => ({ input_data: [values] })

describe('prove input errors', () => {
  it('wrong element count names the input and the shape', async () => {
    await writeFile(join(dir, 'short.json'), JSON.stringify(input(new Array(N - 1).fill(0.1))))
    const e = await prove({ dir: art, input: join(dir, 'short.json') }).catch((x) => x)
    expect(e).toBeInstanceOf(InvalidInputError)
    expect(e.message).toMatch(/input "input" has 15 values, not a whole number of samples of shape \[1, 16\]/)
  })
  it('a record with an unknown name', async () => {
    const e = await prove({ dir: art, input: { pixels: new Array(N).fill(0) } }).catch((x) => x)
    expect(e).toBeInstanceOf(InvalidInputError)
    expect(e.shortMessage).toBe('Unknown input "pixels".')
  })
  it('NaN and Infinity', async () => {
    const vals = new Array(N).fill(0.1)
    vals[4] = NaN
    const e = await prove({ dir: art, input: vals }).catch((x) => x)
    expect(e).toBeInstanceOf(InvalidInputError)
    expect(e.shortMessage).toBe('Input "input"[4] is NaN; inputs must be finite numbers.')
    await writeFile(join(dir, 'str.json'), JSON.stringify(input([...new Array(N - 1).fill(0), 'x'])))
    const e2 = await prove({ dir: art, input: join(dir, 'str.json') }).catch((x) => x)
    expect(e2).toBeInstanceOf(InvalidInputError)
    expect(e2.message).toMatch(/contains "x"; numbers only/)
  })
  it('out of the calibrated range: a clear range error, or clamped when asked', async () => {
    const vals = new Array(N).fill(0.1)
    vals[2] = 5
    const e = await prove({ dir: art, input: vals }).catch((x) => x)
    expect(e).toBeInstanceOf(InputRangeError)
    expect(e.shortMessage).toMatch(/^Input "input"\[2\] = 5 is outside the calibrated range \[0, 0\.99609375\]\.$/)
    expect(e.message).toMatch(/clamp/)
    const ok = await prove({ dir: art, input: vals, clamp: true })
    expect(await verify({ dir: art, proof: ok, allowInsecureSetup: true })).toMatchObject({ valid: true })
  })
})

describe('artifact errors', () => {
  it('a corrupted zkey is detected by its sha256 before proving', async () => {
    const copy = join(dir, 'art-corrupt')
    await compile({ model: join(dir, 'mlp.onnx'), calibration: join(dir, 'cal.json'), out: copy, verifier: false, ortReference: false })
    const zkey = await readFile(join(copy, 'circuit.zkey'))
    zkey[zkey.length - 10]! ^= 1
    await writeFile(join(copy, 'circuit.zkey'), zkey)
    const e = await prove({ dir: copy, input: new Array(N).fill(0.1) }).catch((x) => x)
    expect(e).toBeInstanceOf(ArtifactHashMismatchError)
    expect(e.message).toMatch(/circuit\.zkey/)
  })
  it('a truncated or missing file, and a missing directory', async () => {
    const copy = join(dir, 'art-trunc')
    await compile({ model: join(dir, 'mlp.onnx'), calibration: join(dir, 'cal.json'), out: copy, verifier: false, ortReference: false })
    const vkey = await readFile(join(copy, 'vkey.json'))
    await writeFile(join(copy, 'vkey.json'), vkey.subarray(0, 100))
    expect(await verify({ dir: copy, proof: { proof: { pi_a: [], pi_b: [], pi_c: [], protocol: 'groth16', curve: 'bn128' }, publicSignals: [] }, allowInsecureSetup: true }).catch((x) => x)).toBeInstanceOf(ArtifactHashMismatchError)
    await rm(join(copy, 'circuit.json'))
    const e = await prove({ dir: copy, input: new Array(N).fill(0.1) }).catch((x) => x)
    expect(e).toBeInstanceOf(ArtifactError)
    expect(e.message).toMatch(/circuit\.json/)
    const e2 = await prove({ dir: join(dir, 'nope'), input: [] }).catch((x) => x)
    expect(e2).toBeInstanceOf(ArtifactError)
    expect(e2.shortMessage).toMatch(/No artifact directory/)
  })
  it('a proof from another model does not verify', async () => {
    const other = join(dir, 'art-other')
    await writeFile(join(dir, 'mlp2.onnx'), mlpOnnx({ sizes: [N, 8, 3], seed: 99 }))
    await compile({ model: join(dir, 'mlp2.onnx'), calibration: join(dir, 'cal.json'), out: other, verifier: false, ortReference: false })
    const p = await prove({ dir: other, input: new Array(N).fill(0.1) })
    expect(await verify({ dir: art, proof: p, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'proof' })
  })
})

describe('compile errors leave nothing half-written', () => {
  it('an unsupported op names op, node and the supported list', async () => {
    const bytes = writeOnnx({
      graph: {
        opset: 13,
        inputs: [{ name: 'x', dtype: 'float32', shape: [1, 4] }],
        outputs: [{ name: 'y', dtype: 'float32', shape: [1, 4] }],
        initializers: new Map(),
        nodes: [{ opType: 'Det', name: 'my_det', inputs: ['x'], outputs: ['y'], attributes: {} }],
      },
    })
    await writeFile(join(dir, 'det.onnx'), bytes)
    await writeFile(join(dir, 'cal4.json'), JSON.stringify(input([0.1, 0.2, 0.3, 0.4])))
    const out = join(dir, 'det-art')
    const e = await compile({ model: join(dir, 'det.onnx'), calibration: join(dir, 'cal4.json'), out }).catch((x) => x)
    expect(e).toBeInstanceOf(UnsupportedOpError)
    expect(e.opType).toBe('Det')
    expect(e.nodeName).toBe('my_det')
    expect(e.message).toMatch(/Supported ops: .*Gemm/)
    expect(existsSync(out)).toBe(false)
  })
  it('a corrupt ONNX file', async () => {
    await writeFile(join(dir, 'junk.onnx'), new Uint8Array([1, 2, 3, 4, 5, 250, 251]))
    const e = await compile({ model: join(dir, 'junk.onnx'), calibration: join(dir, 'cal.json'), out: join(dir, 'junk-art') }).catch((x) => x)
    expect(e).toBeInstanceOf(OnnxParseError)
    expect(e.message).toMatch(/junk\.onnx/)
  })
  it('bad calibration data keeps the previous artifacts intact', async () => {
    const before = await readdir(art)
    const manifestBefore = await readFile(join(art, 'manifest.json'), 'utf8')
    await writeFile(join(dir, 'badcal.json'), JSON.stringify(input(new Array(N + 3).fill(0.5))))
    const e = await compile({ model: join(dir, 'mlp.onnx'), calibration: join(dir, 'badcal.json'), out: art }).catch((x) => x)
    expect(e).toBeInstanceOf(CalibrationError)
    expect(e.message).toMatch(/19 values, not a whole number of samples of shape \[1, 16\]/)
    expect(await readdir(art)).toEqual(before)
    expect(await readFile(join(art, 'manifest.json'), 'utf8')).toBe(manifestBefore)
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([])
  })
})
