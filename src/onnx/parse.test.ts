import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { OnnxParseError, UnsupportedOpError } from '../errors/compile.js'
import { attr, makeNode } from './builders.js'
import type { Graph, Tensor } from './ir.js'
import { createTensor } from './ir.js'
import { parseOnnx, parseTensorProto } from './parse.js'
import { onnxType } from './schema.js'
import { floatToHalf, halfToFloat } from './tensorProto.js'
import { writeOnnx, writeTensorProto } from './write.js'

const CONFORMANCE = path.resolve(import.meta.dirname, '../../test/data/onnx-conformance')

const encode = (name: 'ModelProto' | 'TensorProto', obj: object) => {
  const t = onnxType(name)
  return t.encode(t.fromObject(obj)).finish()
}

/** A graph exercising every dtype, attribute type and dimension form. */
function richGraph(): Graph {
  const t = (dtype: Tensor['dtype'], dims: number[], data: number[]) => createTensor({ dtype, dims, data })
  return {
    opset: 17,
    producer: 'unit-test 1.0',
    name: 'rich',
    inputs: [
      { name: 'x', dtype: 'float32', shape: ['batch', 3, '', 4] },
      { name: 'unknown_rank', dtype: 'int64' },
    ],
    outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 12] }],
    initializers: new Map([
      ['f32', t('float32', [2, 2], [1.5, -2.25, 0, 2 ** -30])],
      ['f64', t('float64', [3], [Math.PI, -1e300, 5e-324])],
      ['f16', t('float16', [3], [1, -0.5, 65504])],
      ['bf16', t('bfloat16', [2], [1, -2])],
      ['i8', t('int8', [3], [-128, 0, 127])],
      ['u8', t('uint8', [2], [0, 255])],
      ['i16', t('int16', [2], [-32768, 32767])],
      ['u16', t('uint16', [1], [65535])],
      ['i32', t('int32', [2], [-2147483648, 2147483647])],
      ['u32', t('uint32', [1], [4294967295])],
      ['i64', t('int64', [3], [-1, 0, 2 ** 53 - 1])],
      ['u64', t('uint64', [1], [2 ** 52])],
      ['b', t('bool', [3], [1, 0, 1])],
      ['scalar', t('float32', [], [7])],
      ['empty', t('float32', [0, 3], [])],
    ]),
    nodes: [
      makeNode({
        opType: 'Custom',
        name: 'every_attribute',
        inputs: ['x', '', 'f32'],
        outputs: ['y', ''],
        attributes: {
          i: attr.int(-3),
          f: attr.float(0.5),
          s: attr.string('SAME_UPPER'),
          t: attr.tensor(t('int64', [2], [1, -1])),
          is: attr.ints([1, 2, 3]),
          fs: attr.floats([0.25, -1]),
          ss: attr.strings(['a', 'bé']),
        },
      }),
    ],
  }
}

describe('parseOnnx / writeOnnx', () => {
  it('round-trips every dtype, attribute type and dimension form', () => {
    const g = richGraph()
    const bytes = writeOnnx({ graph: g })
    const back = parseOnnx({ bytes })
    expect(back).toEqual(g)
    // Writing is deterministic: the re-parsed graph serializes to the same bytes.
    expect(writeOnnx({ graph: back })).toEqual(bytes)
  })

  it('round-trips conformance models (opset 6 and recent)', () => {
    for (const rel of ['pytorch/test_BatchNorm2d_eval', 'node/test_conv_with_autopad_same', 'node/test_gemm_all_attributes']) {
      const bytes = readFileSync(path.join(CONFORMANCE, rel, 'model.onnx'))
      const g = parseOnnx({ bytes })
      expect(parseOnnx({ bytes: writeOnnx({ graph: g }) })).toEqual(g)
    }
  })

  it('reads a PyTorch opset-6 model: initializers are not inputs, names synthesized', () => {
    const g = parseOnnx({ bytes: readFileSync(path.join(CONFORMANCE, 'pytorch/test_BatchNorm2d_eval/model.onnx')) })
    expect(g.opset).toBe(6)
    expect(g.inputs.map((v) => v.name)).toEqual(['0'])
    expect([...g.initializers.keys()]).toEqual(['1', '2', '3', '4'])
    expect(g.nodes[0]).toMatchObject({ opType: 'BatchNormalization', name: 'BatchNormalization_0', inputs: ['0', '1', '2', '3', '4'] })
    expect(g.nodes[0]!.attributes['is_test']).toEqual({ type: 'int', value: 1 })
    expect(g.initializers.get('1')!.dims).toEqual([3])
  })

  it('rejects bytes that are not a model', () => {
    const err = (() => {
      try {
        parseOnnx({ bytes: new Uint8Array([0x0a, 0xff, 0xff, 0xff]), fileName: 'bad.onnx' })
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(OnnxParseError)
    expect((err as OnnxParseError).fileName).toBe('bad.onnx')
    expect((err as Error).message).toContain('File: bad.onnx')
  })

  it('rejects external data, naming the tensor and file', () => {
    const bytes = encode('ModelProto', {
      opset_import: [{ version: 13 }],
      graph: { initializer: [{ name: 'W', data_type: 1, dims: [2], data_location: 1, external_data: [{ key: 'location', value: 'w.bin' }] }] },
    })
    expect(() => parseOnnx({ bytes, fileName: 'ext.onnx' })).toThrow(OnnxParseError)
    expect(() => parseOnnx({ bytes, fileName: 'ext.onnx' })).toThrow(/External tensor data is not supported[\s\S]*File: ext.onnx[\s\S]*Tensor: W/)
  })

  it('rejects string tensors and nodes of other domains', () => {
    const strings = encode('ModelProto', {
      opset_import: [{ version: 13 }],
      graph: { initializer: [{ name: 'S', data_type: 8, dims: [1], string_data: [new Uint8Array([65])] }] },
    })
    expect(() => parseOnnx({ bytes: strings })).toThrow(/Unsupported tensor data type STRING[\s\S]*Tensor: S/)
    const domain = encode('ModelProto', {
      opset_import: [{ version: 13 }, { domain: 'com.microsoft', version: 1 }],
      graph: { node: [{ op_type: 'FusedConv', domain: 'com.microsoft', input: ['x'], output: ['y'] }] },
    })
    try {
      parseOnnx({ bytes: domain })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(UnsupportedOpError)
      expect((e as UnsupportedOpError).opType).toBe('FusedConv')
      expect((e as UnsupportedOpError).nodeName).toBe('FusedConv_0')
      expect((e as Error).message).toContain('com.microsoft')
    }
  })

  it('rejects raw_data of the wrong length', () => {
    const bytes = encode('TensorProto', { name: 'T', data_type: 1, dims: [3], raw_data: new Uint8Array(8) })
    expect(() => parseTensorProto({ bytes })).toThrow(/raw_data has 8 bytes; dims \[3\] of float32 need 12/)
  })
})

describe('parseTensorProto', () => {
  it('reads the typed data fields', () => {
    const cases: [object, Tensor][] = [
      [{ data_type: 1, dims: [2], float_data: [1.5, -2] }, createTensor({ dtype: 'float32', dims: [2], data: [1.5, -2] })],
      [{ data_type: 11, dims: [1], double_data: [0.1] }, createTensor({ dtype: 'float64', dims: [1], data: [0.1] })],
      [{ data_type: 7, dims: [2], int64_data: [-5, 9007199254740991] }, createTensor({ dtype: 'int64', dims: [2], data: [-5, 9007199254740991] })],
      [{ data_type: 3, dims: [2], int32_data: [-7, 7] }, createTensor({ dtype: 'int8', dims: [2], data: [-7, 7] })],
      [{ data_type: 9, dims: [2], int32_data: [1, 0] }, createTensor({ dtype: 'bool', dims: [2], data: [1, 0] })],
      [{ data_type: 10, dims: [1], int32_data: [0x3c00] }, createTensor({ dtype: 'float16', dims: [1], data: [1] })],
      [{ data_type: 13, dims: [1], uint64_data: [12345] }, createTensor({ dtype: 'uint64', dims: [1], data: [12345] })],
    ]
    for (const [msg, expected] of cases) expect(parseTensorProto({ bytes: encode('TensorProto', msg) }).tensor).toEqual(expected)
  })

  it('round-trips through writeTensorProto and keeps the name', () => {
    const tensor = createTensor({ dtype: 'float32', dims: [2, 1], data: [0.5, -4] })
    expect(parseTensorProto({ bytes: writeTensorProto({ tensor, name: 'input_0' }) })).toEqual({ name: 'input_0', tensor })
  })

  it('reads a conformance .pb file', () => {
    const { tensor } = parseTensorProto({ bytes: readFileSync(path.join(CONFORMANCE, 'node/test_relu/test_data_set_0/input_0.pb')) })
    expect(tensor.dtype).toBe('float32')
    expect(tensor.dims).toEqual([3, 4, 5])
    expect(tensor.data.length).toBe(60)
  })

  it('converts float16 both ways (rounding to nearest even)', () => {
    for (const v of [0, 1, -2.5, 65504, 6.103515625e-5, 5.960464477539063e-8, 0.333251953125]) expect(halfToFloat(floatToHalf(v))).toBe(v)
    expect(halfToFloat(floatToHalf(1 + 2 ** -11))).toBe(1) // tie → even
    expect(halfToFloat(floatToHalf(1e6))).toBe(Infinity)
  })
})
