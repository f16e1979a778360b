/**
 * The examples' committed models are what their training scripts produce from the recorded seeds
 * (weights equal up to float rounding: V8 may differ in the last bit of Math.exp between versions),
 * and the captcha's features behave as documented.
 */
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseOnnx } from '@zkml/web/compiler'
import { trainSignalModel, MODEL_DIR as VAULT_MODEL, DEFAULT_SEEDS } from './trading-vault/train.js'
import { trainHumanModel, MODEL_DIR as CAPTCHA_MODEL } from './captcha/train.js'
import { FEATURES, trajectoryFeatures } from './captcha/features.js'
import { humanTrajectory, scriptedTrajectory, SCRIPTED_KINDS } from './captcha/trajectories.js'
import { readJson } from './shared/files.js'

/** Largest difference between the initializers of two ONNX files (same names and sizes required). */
function weightDistance(a: Uint8Array, b: Uint8Array): number {
  const ga = parseOnnx({ bytes: a })
  const gb = parseOnnx({ bytes: b })
  expect([...ga.initializers.keys()].sort()).toEqual([...gb.initializers.keys()].sort())
  expect(ga.nodes.map((n) => n.opType)).toEqual(gb.nodes.map((n) => n.opType))
  let max = 0
  for (const [name, t] of ga.initializers) {
    const u = gb.initializers.get(name)!
    expect(u.dims).toEqual(t.dims)
    t.data.forEach((v, i) => (max = Math.max(max, Math.abs(v - u.data[i]!))))
  }
  return max
}

describe('the committed models are reproducible from their seeds', () => {
  it('trading-vault/model/signal.onnx', () => {
    const seeds = readJson<{ training: { seed: number }; data: { seriesSeed: number } }>(join(VAULT_MODEL, 'training.json'))
    expect({ seed: seeds.training.seed, seriesSeed: seeds.data.seriesSeed }).toEqual(DEFAULT_SEEDS)
    const { onnx } = trainSignalModel(DEFAULT_SEEDS)
    expect(weightDistance(onnx, readFileSync(join(VAULT_MODEL, 'signal.onnx')))).toBeLessThan(1e-3)
  })

  it('captcha/model/human.onnx', () => {
    const { training } = readJson<{ training: { seed: number } }>(join(CAPTCHA_MODEL, 'training.json'))
    const { onnx } = trainHumanModel({ seed: training.seed })
    expect(weightDistance(onnx, readFileSync(join(CAPTCHA_MODEL, 'human.onnx')))).toBeLessThan(1e-3)
  })
})

describe('captcha features', () => {
  const line = Array.from({ length: 40 }, (_, i) => ({ x: 50 + 10 * i, y: 100, t: 16 * i }))

  it('read a straight, evenly sampled, constant-speed line as exactly that', () => {
    const f = trajectoryFeatures(line)
    expect(f).toHaveLength(FEATURES)
    expect(f[0]).toBeCloseTo(1, 6) // straightness
    expect(Array.from(f.subarray(1, 6))).toEqual([0, 0, 0, 0, 0]) // turning, wobble, deviation, step and speed spread
    expect(f[6]).toBeCloseTo(1 / 3, 6) // peakedness: the middle is as fast as the mean
    expect(f[7]).toBe(0) // no pauses
  })

  it('count gaps over 80 ms as pauses and refuse trajectories too short to judge', () => {
    const paused = line.map((p, i) => ({ ...p, t: p.t + (i >= 20 ? 400 : 0) }))
    expect(trajectoryFeatures(paused)[7]).toBeCloseTo(416 / (39 * 16 + 400), 5)
    expect(() => trajectoryFeatures(line.slice(0, 7))).toThrow(RangeError)
  })

  it('stay in [0, 1] (the model’s calibrated input range) for every kind of trajectory', () => {
    for (let seed = 0; seed < 60; seed++) {
      for (const t of [humanTrajectory({ seed }), scriptedTrajectory({ seed, kind: SCRIPTED_KINDS[seed % SCRIPTED_KINDS.length] })]) {
        if (t.length < 8) continue
        for (const v of trajectoryFeatures(t)) expect(v >= 0 && v <= 1).toBe(true)
      }
    }
  })
})
