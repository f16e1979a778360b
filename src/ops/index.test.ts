import { describe, expect, it } from 'vitest'
import { LOWERINGS } from '../ir/lower/index.js'
import { COMPUTE_OPS, CONSTANT_INPUT_SLOTS, FOLD_ONLY_OPS, OPS, SUPPORTED_OPS, floatKernel, isSupportedOp, opDefinition } from './index.js'

describe('operator registry', () => {
  it('keys each definition by its op type', () => {
    for (const [key, def] of Object.entries(OPS)) expect(def.opType).toBe(key)
  })

  it('derives the supported, fold-only, compute and constant-slot lists', () => {
    expect(SUPPORTED_OPS).toEqual([...SUPPORTED_OPS].sort())
    expect(SUPPORTED_OPS).toHaveLength(102)
    expect(FOLD_ONLY_OPS).toEqual(['ConstantOfShape', 'Shape'])
    expect(COMPUTE_OPS).toEqual(SUPPORTED_OPS.filter((op) => !FOLD_ONLY_OPS.includes(op) && op !== 'Constant' && op !== 'Dropout'))
    expect(CONSTANT_INPUT_SLOTS).toEqual({
      BatchNormalization: [1, 2, 3, 4],
      Clip: [1, 2],
      CumSum: [1],
      Expand: [1],
      Gather: [1],
      GatherElements: [1],
      GroupNormalization: [1, 2],
      InstanceNormalization: [1, 2],
      LayerNormalization: [1, 2],
      PRelu: [1],
      Pad: [1, 3],
      Pow: [1],
      ReduceL2: [1],
      ReduceLogSumExp: [1],
      ReduceMax: [1],
      ReduceMean: [1],
      ReduceMin: [1],
      ReduceSum: [1],
      ReduceSumSquare: [1],
      Reshape: [1],
      Resize: [1, 2, 3],
      ScatterElements: [1],
      Slice: [1, 2, 3, 4],
      Split: [1],
      Squeeze: [1],
      Tile: [1],
      TopK: [1],
      Trilu: [1],
      Unsqueeze: [1],
      Upsample: [1],
    })
  })

  it('every integer op a compute op emits has a lowering', () => {
    for (const op of COMPUTE_OPS) {
      const def = OPS[op]
      if (def.kind !== 'compute') throw new Error(`${op} is not a compute op`)
      expect(def.emits.length, op).toBeGreaterThan(0)
      for (const q of def.emits) expect(Object.hasOwn(LOWERINGS, q), `${op} → ${q}`).toBe(true)
    }
  })

  it('lookups are safe for any string', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'gemm']) {
      expect(opDefinition(name)).toBeUndefined()
      expect(isSupportedOp(name)).toBe(false)
      expect(() => floatKernel(name)).toThrow(/no float kernel/)
    }
    expect(() => floatKernel('Constant')).toThrow(/no float kernel/)
  })
})
