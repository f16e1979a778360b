/**
 * The bit-width search (`searchBitWidths`, what `zkml compile --tolerance` runs) on every bundled
 * MNIST model and on the small regression fixture of the tests: for two tolerances — 1 % of the
 * output range, and `--target size` without one (the default widths' error) — the default widths'
 * constraints and error, the chosen ones, the candidates measured, wall and CPU seconds and the
 * 1-minute load average. Calibration: the model's bundled calibration set (64 images), as
 * `compileModel` does; error = max |integer executor − float executor| over it.
 *
 * Run: npx tsx bench/bitSearch.bench.ts [MODEL …]   (printed, not recorded; `npm run bench -- --extra`)
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseOnnx } from '../src/onnx/parse.js'
import { prepareGraph } from '../src/onnx/prepare.js'
import type { PreparedGraph } from '../src/onnx/ir.js'
import { calibrateRanges } from '../src/compile/calibrate.js'
import { parseSamples, type Sample } from '../src/compile/samples.js'
import { outputRangeOf } from '../src/compile/fidelity.js'
import { searchBitWidths } from '../src/compile/bitSearch.js'
import { quantizeGraph } from '../src/quantize/quantize.js'
import { runIntegers } from '../src/quantize/execInt.js'
import { quantizeInputs } from '../src/quantize/quantizeInput.js'
import { lowerModel, type Visibility } from '../src/circuit/lowerModel.js'
import { MODELS, calibrationFile } from './lib/models.js'
import { REPO } from './lib/util.js'
import { regressionOnnx, regressionSamples } from '../test/fixtures/models.js'

const visibility: Visibility = { input: 'private', output: 'public' }
const cpuSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

function load(name: string): { graph: PreparedGraph; samples: Sample[] } {
  if (name === 'regression') return { graph: prepareGraph({ graph: parseOnnx({ bytes: regressionOnnx() }) }), samples: regressionSamples() }
  const m = MODELS.find((x) => x.name === name)
  if (!m) throw new Error(`unknown model ${name}`)
  const graph = prepareGraph({ graph: parseOnnx({ bytes: readFileSync(join(REPO, 'models', `${name}.onnx`)), fileName: `${name}.onnx` }) })
  const inputs = graph.inputs.map((i) => ({ name: i.name, shape: i.shape as number[] }))
  const json = JSON.parse(readFileSync(join(REPO, calibrationFile(m)), 'utf8'))
  return { graph, samples: parseSamples({ json, inputs, kind: 'calibration' }) }
}

const names = process.argv.slice(2).length ? process.argv.slice(2) : [...MODELS.map((m) => m.name), 'regression']
console.log('| model | tolerance | default: constraints, max err | chosen: constraints, max err | candidates | wall s | CPU s | load1 |')
console.log('| --- | --- | --- | --- | ---: | ---: | ---: | ---: |')
for (const name of names) {
  const { graph, samples } = load(name)
  const { ranges, floatOutputs } = calibrateRanges({ graph, samples })
  const range = outputRangeOf(ranges, graph.outputs.map((o) => o.name))
  const defaults = quantizeGraph({ graph, ranges })
  const defaultConstraints = lowerModel({ model: defaults, visibility, mode: { constraints: false, witness: false } }).nConstraints
  let defaultError = 0
  samples.forEach((s, k) => {
    const out = runIntegers(defaults, quantizeInputs({ model: defaults, input: s, clamp: true })).outputs
    for (const o of graph.outputs) out[o.name]!.forEach((v, i) => (defaultError = Math.max(defaultError, Math.abs(v - floatOutputs[k]![o.name]![i]!))))
  })
  for (const [label, tolerance] of [['1 % of range', 0.01 * range], ['size (default error)', undefined]] as const) {
    const load1 = loadavg()[0]!
    const t0 = performance.now()
    const c0 = cpuSeconds()
    const r = searchBitWidths({ graph, ranges, samples, floatOutputs, visibility, tolerance, target: 'size' })
    const wall = (performance.now() - t0) / 1000
    const cpu = cpuSeconds() - c0
    console.log(
      `| ${name} | ${label}: ${r.tolerance!.toPrecision(3)} | ${defaultConstraints}, ${defaultError.toPrecision(3)} (${((100 * defaultError) / range).toFixed(1)} %) | ${r.constraints}, ${r.maxAbsError.toPrecision(3)} | ${r.candidates.length} | ${wall.toFixed(1)} | ${cpu.toFixed(1)} | ${load1.toFixed(1)} |`,
    )
  }
}
