/**
 * Witness computation, old vs new side by side: the lowering in witness mode as it was (plain
 * linear-combination maps, every constraint built and dropped: `mode.reference`) against the fast
 * path (packed linear combinations, constraints counted, not built), on every bundled model and the
 * identity circuit. The same inputs for both; each run times the two in turn (alternating order),
 * after warm-up runs, so the medians and ratios come from the same load. The first run also checks
 * the two witnesses are equal (the tests check them bit for bit against the constraint-recording
 * lowering: test/circuit/witness.test.ts).
 *
 * Wall and CPU time (this process's user + system, garbage collection included) are both recorded:
 * on a shared machine the CPU medians move less with the load.
 *
 * Run: npx tsx bench/witness.bench.ts [--runs 11] [--warmup 20] [--models a,b] [--no-identity] [--identity]
 * (`--models` alone leaves the identity circuit out; add `--identity` to time it too; `--models none
 * --identity` times the identity circuit alone.)
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import os from 'node:os'
import { parseArgs } from 'node:util'
import { lowerModel } from '../src/circuit/lowerModel.js'
import { quantizeInputs } from '../src/quantize/quantizeInput.js'
import { IRIS_THRESHOLD } from '../src/identity/config.js'
import { identityLeaf, irisCode } from '../src/identity/identity.js'
import { capture, irisStrip } from '../src/identity/iris.js'
import { matchCodes } from '../src/identity/match.js'
import { merkleProof } from '../src/identity/merkle.js'
import { quantizeIrisModel } from '../src/identity/model.js'
import { buildIdentityCircuit } from '../src/identity/statement.js'
import { MODELS, inputFile, modelByName } from './lib/models.js'
import { quantizeBenchModel } from './lib/quantize.js'
import { REPO, emit, log, median } from './lib/util.js'

/** One circuit's figures (milliseconds). */
export type WitnessRow = {
  name: string
  constraints: number
  wires: number
  /** Median wall time of the reference (old) witness computation. */
  oldMs: number
  /** Median wall time of the fast (new) witness computation. */
  newMs: number
  /** Median CPU time (user + system, this process: garbage collection included) of each: less sensitive to a shared machine's load. */
  oldCpuMs: number
  newCpuMs: number
  oldAll: number[]
  newAll: number[]
}

export type WitnessResult = { rows: WitnessRow[]; runs: number; warmup: number; load1: number[] }

const { values: o } = parseArgs({ options: { runs: { type: 'string' }, warmup: { type: 'string' }, models: { type: 'string' }, 'no-identity': { type: 'boolean' }, identity: { type: 'boolean' } } })
const runs = Number(o.runs ?? 11)
// V8 keeps re-optimising the code both modes share (Poseidon, conv dots, Hamming) for the first
// 15–25 builds when the two modes alternate: fewer warm-up runs leave that in the medians.
const warmup = Number(o.warmup ?? 20)
const models = o.models ? (o.models === 'none' ? [] : o.models.split(',').map(modelByName)) : MODELS

/** A circuit to time: `witness(reference)` computes its witness and returns it with its size. */
type Case = { name: string; witness: (reference: boolean) => { witness: bigint[]; constraints: number; wires: number } }

const cases: Case[] = models.map((m) => {
  const { model } = quantizeBenchModel(m)
  const sample = JSON.parse(readFileSync(join(REPO, inputFile(m)), 'utf8')) as { input_data: number[][] }
  const inputs = quantizeInputs({ model, input: { [model.inputs[0]!.name]: sample.input_data[0]! }, clamp: true })
  return {
    name: m.name,
    witness: (reference) => {
      const r = lowerModel({ model, visibility: { input: 'private', output: 'public' }, inputs, mode: { constraints: false, witness: true, reference } })
      return { witness: r.witness!, constraints: r.nConstraints, wires: r.r1cs.nWires }
    },
  }
})
if (!o['no-identity'] && (!o.models || o.identity)) {
  const strip = irisStrip({ seed: 'bench' })
  const model = quantizeIrisModel({ onnx: readFileSync(join(REPO, 'models/iriscode.onnx')), calibration: [strip] })
  const secrets = { template: irisCode({ strip: capture({ strip, seed: 'enroll' }) }), salt: 11n, secret: 12n }
  const leaf = identityLeaf(secrets)
  const scan = capture({ strip, seed: 'scan', occlusion: 0.1 })
  const shift = matchCodes({ code: irisCode({ strip: scan }), template: secrets.template }).shift
  const inputs = { capture: scan, ...secrets, merkleProof: merkleProof({ leaves: [1n, leaf, 2n], leaf }), scope: 3n, message: 4n, shift }
  cases.push({
    name: 'identity (iriscode.onnx)',
    witness: (reference) => {
      const r = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: false, witness: true, reference }, inputs })
      return { witness: r.witness!, constraints: r.nConstraints, wires: r.r1cs.nWires }
    },
  })
}

const load1: number[] = []
const rows: WitnessRow[] = []
for (const c of cases) {
  load1.push(os.loadavg()[0]!)
  const first = { old: c.witness(true), new: c.witness(false) }
  if (first.old.constraints !== first.new.constraints || first.old.witness.length !== first.new.witness.length || first.old.witness.some((v, i) => v !== first.new.witness[i]))
    throw new Error(`${c.name}: the fast witness differs from the reference`)
  for (let i = 1; i < warmup; i++) (c.witness(true), c.witness(false))
  const t = { old: [] as number[], new: [] as number[] }
  const cpu = { old: [] as number[], new: [] as number[] }
  for (let i = 0; i < runs; i++) {
    for (const which of i % 2 ? (['new', 'old'] as const) : (['old', 'new'] as const)) {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      c.witness(which === 'old')
      t[which].push(performance.now() - t0)
      const dc = process.cpuUsage(c0)
      cpu[which].push((dc.user + dc.system) / 1000)
    }
  }
  const row: WitnessRow = {
    name: c.name, constraints: first.new.constraints, wires: first.new.wires,
    oldMs: median(t.old), newMs: median(t.new), oldCpuMs: median(cpu.old), newCpuMs: median(cpu.new), oldAll: t.old, newAll: t.new,
  }
  rows.push(row)
  log(`${c.name} (${row.constraints} constraints): wall old ${row.oldMs.toFixed(1)} ms, new ${row.newMs.toFixed(1)} ms, ${(row.oldMs / row.newMs).toFixed(1)}×; ` +
    `CPU old ${row.oldCpuMs.toFixed(1)} ms, new ${row.newCpuMs.toFixed(1)} ms, ${(row.oldCpuMs / row.newCpuMs).toFixed(1)}×`)
}
load1.push(os.loadavg()[0]!)
const result: WitnessResult = { rows, runs, warmup, load1 }
emit(result)
