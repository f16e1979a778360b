/**
 * Bit widths for a tolerance, end to end: `compileModel({ tolerance })` and `zkml compile --tolerance`
 * on a small regression model whose default widths miss the tolerance; the warning without it;
 * `--layer-bits` reusing the chosen widths; `zkml info --constraints`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { compileModel } from '../../src/compile/compileModel.js'
import { BitWidthError } from '../../src/errors/quantize.js'
import type { Manifest } from '../../src/compile/manifest.js'
import { regressionOnnx, regressionSamples } from '../fixtures/models.js'

const run = promisify(execFile)
const root = join(import.meta.dirname, '../..')
const zkml = (...args: string[]) => run(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root })

const model = regressionOnnx()
const calibration = regressionSamples()
/** The float output range on the calibration set, as the fidelity report records it. */
let range: number

describe('compileModel({ tolerance })', () => {
  it('without a tolerance: a warning that names --tolerance, and the output range in the report', async () => {
    const { manifest, warnings, candidates } = await compileModel({ model, calibration, setup: { kind: 'dev' } })
    range = manifest.fidelity.outputRange!
    expect(range).toBeGreaterThan(0)
    expect(manifest.fidelity.maxAbsError / range).toBeGreaterThan(0.035)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/% of the output range[\s\S]*--tolerance E \(compileModel\(\{ tolerance: E \}\)\)/)
    expect(manifest.fidelity.search).toBeUndefined()
    expect(manifest.quantization).toEqual({ inputBits: 8, weightBits: 8, activationBits: 12 })
    expect(candidates).toEqual([])
  })

  it('with one: the chosen widths and the achieved error land in the manifest, within the tolerance', async () => {
    const tolerance = 0.01 * range
    const { manifest, warnings, candidates } = await compileModel({ model, calibration, setup: { kind: 'dev' }, tolerance })
    const s = manifest.fidelity.search!
    expect(s).toMatchObject({ target: 'size', tolerance, candidates: candidates.length })
    expect(s.maxAbsError).toBeLessThanOrEqual(tolerance)
    expect(manifest.fidelity.maxAbsError).toBeLessThanOrEqual(tolerance) // the report's own reference is the float executor here
    expect(s.constraints).toBe(manifest.circuit.constraints)
    expect(candidates[s.chosen - 1]!.chosen).toBe(true)
    expect(manifest.quantization.layers).toEqual(s.widths.layers)
    expect(Object.keys(s.widths.layers.weight!).sort()).toEqual(['fc0', 'fc1'])
    expect(warnings).toEqual([])
  })

  it('refuses global weight / activation widths with a tolerance (the search chooses them)', async () => {
    await expect(compileModel({ model, calibration, setup: { kind: 'dev' }, tolerance: 1, weightBits: 8 })).rejects.toThrow(BitWidthError)
  })
})

describe('zkml compile --tolerance, --layer-bits, info --constraints', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zkml-tol-'))
    await writeFile(join(dir, 'r.onnx'), model)
    await writeFile(join(dir, 'cal.json'), JSON.stringify({ x: calibration.map((s) => Array.from(s.x)) }))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('prints the candidates and the choice; the widths reproduce with --layer-bits; info breaks the constraints down', async () => {
    const plain = await zkml('compile', join(dir, 'r.onnx'), '--calibration', join(dir, 'cal.json'), '--out', join(dir, 'plain'), '--no-verifier')
    expect(plain.stderr).toMatch(/WARNING: the circuit's outputs are off by [\s\S]*--tolerance E/)

    const tol = await zkml('compile', join(dir, 'r.onnx'), '--calibration', join(dir, 'cal.json'), '--out', join(dir, 'tol'), '--no-verifier', '--tolerance', String(0.01 * range))
    expect(tol.stderr).toMatch(/bit-width search/)
    expect(tol.stderr).toMatch(/#1\s+uniform 8\/8\/12\s+- constraints\s+error\s+>\S+ on\s+\d+ samples?\s+misses/)
    expect(tol.stderr).not.toMatch(/WARNING: the circuit's outputs/)
    expect(tol.stdout).toMatch(/bit search\s+fewest constraints with max \|err\| ≤ [\d.]+: candidate #\d+ of \d+/)
    const m = JSON.parse(await readFile(join(dir, 'tol', 'manifest.json'), 'utf8')) as Manifest
    expect(m.fidelity.search!.maxAbsError).toBeLessThanOrEqual(0.01 * range)

    // The recorded widths, given back, give the same circuit.
    await writeFile(join(dir, 'layers.json'), JSON.stringify(m.quantization.layers))
    const q = m.quantization
    await zkml('compile', join(dir, 'r.onnx'), '--calibration', join(dir, 'cal.json'), '--out', join(dir, 'again'), '--no-verifier', '--layer-bits', join(dir, 'layers.json'),
      '--input-bits', String(q.inputBits), '--weight-bits', String(q.weightBits), '--activation-bits', String(q.activationBits))
    const again = JSON.parse(await readFile(join(dir, 'again', 'manifest.json'), 'utf8')) as Manifest
    expect(again.files['circuit.json']).toEqual(m.files['circuit.json'])

    const info = await zkml('info', join(dir, 'tol'), '--constraints')
    expect(info.stdout).toMatch(new RegExp(`constraints: ${m.circuit.constraints}`))
    expect(info.stdout).toMatch(/relu0\s+Relu\s+Requant\s+\d+/)
    expect(info.stdout).toMatch(/by ONNX op type/)

    const bad = await zkml('compile', join(dir, 'r.onnx'), '--calibration', join(dir, 'cal.json'), '--out', join(dir, 'x'), '--tolerance', 'abc').catch((e) => e)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/--tolerance must be a positive number/)
  })
})
