/**
 * `npm run bench`: every figure of BENCHMARKS.md, measured in one run on this machine.
 *
 * For each MNIST model (models/*.onnx): fidelity on the 10,000-image test set (float in
 * onnxruntime-node vs the integer executor), circuit size in both weights modes (constant and
 * private), then — as separate child processes, so peak memory is per step — compile (dev setup +
 * verifier), Node proving (median of ≥ 5 warm proofs in one process), verify, verifier gas on anvil;
 * headless Chromium proving (cold and warm) for every model; the identity circuit
 * (bench/identity.bench.ts; warm in Chromium, bench/browser-identity.bench.ts, unless --no-browser); the examples (examples/bench.ts: circuit size, Node and Chromium
 * proving, gas); witness computation old vs new (bench/witness.bench.ts); the published figures from ../shared/anchors/. Writes
 * bench/results/<model>.json, identity.json, examples.json, witness.json, machine.json, and regenerates BENCHMARKS.md and
 * bench/results/prove-vs-constraints.svg from every result file present (a partial run updates only
 * its own models' files).
 *
 *   npm run bench                       the full run (about 20 minutes on 2 cores)
 *   npm run bench -- --quick            ~2 minutes: two MLPs (hidden weights set up only up to
 *                                       2^16), 1,000 test images, Node only, no gas;
 *                                       results and report under bench/results/quick/
 *   npm run bench -- --models a,b       only these models (names as in models/)
 *   npm run bench -- --no-models        none of the per-model steps (identity, examples, MSM, witness only)
 *   npm run bench -- --no-browser --no-identity --no-private --no-gas --no-msm --no-witness --no-examples
 *   npm run bench -- --report           regenerate the report from the existing result files
 *   --private-max-power N               set up and prove hidden-weights circuits up to 2^N (default 19)
 *   --browser-models a,b                models proved in Chromium (default: every model)
 *   --extra                             also run bench/setup.bench.ts, bench/gas.bench.ts and bench/bitSearch.bench.ts (printed only)
 */
import { spawnSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import os from 'node:os'
import { MODELS, inputFile, modelByName, type BenchModel } from './lib/models.js'
import { ARTIFACTS, REPO, RESULTS, artifactName, log, runChild, type WeightsMode } from './lib/util.js'
import { ANCHORS_FILE, ANCHORS_SOURCE, pickAnchors, readAnchors, type AnchorPick } from './lib/anchors.js'
import { runIdentityBench, type IdentityResult } from './lib/identity.js'
import { runExamplesBench, type ExamplesResult } from './lib/examples.js'
import { writeReport } from './lib/report.js'
import type { CompileResult } from './compile.bench.js'
import type { ProveResult } from './prove.bench.js'
import type { FidelityResult } from './fidelity.bench.js'
import type { CountResult } from './count.bench.js'
import type { BrowserResult } from './browser-models.bench.js'
import type { BrowserIdentityResult } from './browser-identity.bench.js'
import type { MsmResult } from './msm.bench.js'
import type { WitnessResult } from './witness.bench.js'

/** One weights mode of one model. */
export type ModeResult = {
  count?: CountResult | undefined
  compile?: CompileResult | undefined
  prove?: ProveResult | undefined
  browser?: (BrowserResult['models'][number] & { browser: string; load1: number }) | undefined
  /** Why setup/prove were not run for this mode. */
  skipped?: string | undefined
  /** 1-minute load average when the prove step started. */
  proveLoad1?: number | undefined
}

/** bench/results/<model>.json */
export type ModelResult = {
  model: BenchModel
  updated: string
  quick: boolean
  anchors: AnchorPick[]
  fidelity?: FidelityResult | undefined
  /** Other quantization bit widths tried when the default missed the 0.2-point target. */
  bitSweep?: FidelityResult[] | undefined
  constant: ModeResult
  private: ModeResult
}

export type MachineResult = {
  date: string
  quick: boolean
  cpus: number
  cpuModel: string
  memoryGiB: number
  node: string
  platform: string
  load: { at: string; step: string; load1: number; load5: number }[]
  durationS: number
  anchors: { file: string; source: string }
}

const { values: o } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    models: { type: 'string' },
    'no-models': { type: 'boolean' },
    'browser-models': { type: 'string' },
    'no-browser': { type: 'boolean' },
    'no-msm': { type: 'boolean' },
    'no-witness': { type: 'boolean' },
    'no-identity': { type: 'boolean' },
    'no-examples': { type: 'boolean' },
    'no-private': { type: 'boolean' },
    'no-gas': { type: 'boolean' },
    report: { type: 'boolean' },
    'private-max-power': { type: 'string' },
    extra: { type: 'boolean' },
  },
})
const quick = o.quick ?? false
const resultsDir = quick ? join(RESULTS, 'quick') : RESULTS
const reportFile = quick ? join(resultsDir, 'BENCHMARKS.md') : join(REPO, 'BENCHMARKS.md')
const t0 = Date.now()
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`
const loads: MachineResult['load'] = []
const noteLoad = (step: string) => {
  const [l1, l5] = os.loadavg() as [number, number]
  loads.push({ at: new Date().toISOString(), step, load1: l1, load5: l5 })
  return l1
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T
  } catch {
    return undefined
  }
}
const saveJson = (file: string, data: unknown) => writeFile(file, JSON.stringify(data, null, 2) + '\n')

async function main(): Promise<void> {
  await mkdir(resultsDir, { recursive: true })
  if (o.report) {
    await writeReport({ resultsDir, reportFile, quick })
    log(`wrote ${reportFile}`)
    return
  }
  const anchors = await readAnchors()
  const models = o['no-models'] ? [] : o.models ? o.models.split(',').map(modelByName) : quick ? [modelByName('mnist_mlp_196_25_10'), modelByName('mnist_mlp_784_56_10')] : MODELS
  const browserModels = new Set(o['browser-models'] ? o['browser-models'].split(',') : MODELS.map((m) => m.name))
  const runBrowser = !quick && !o['no-browser']
  const runPrivateSetup = !o['no-private']
  const gas = !quick && !o['no-gas']
  const maxPrivatePower = Number(o['private-max-power'] ?? (quick ? 16 : 19))
  const runs = '5'
  const step = (model: string, what: string) => {
    log(`» [${elapsed()}] ${model}: ${what} (load ${noteLoad(`${model}: ${what}`).toFixed(2)})`)
  }

  for (const m of models) {
    const file = join(resultsDir, `${m.name}.json`)
    const prev = await readJson<ModelResult>(file)
    const r: ModelResult = {
      model: m,
      updated: new Date().toISOString(),
      quick,
      anchors: m.anchor ? pickAnchors(anchors, m.anchor.architecture) : [],
      fidelity: prev?.fidelity,
      bitSweep: prev?.bitSweep,
      constant: prev?.constant ?? {},
      private: prev?.private ?? {},
    }
    const save = () => saveJson(file, r)

    step(m.name, m.task ? 'fidelity on its held-out split' : `fidelity on ${quick ? '1,000' : '10,000'} MNIST test images`)
    r.fidelity = await runChild<FidelityResult>('bench/fidelity.bench.ts', [m.name, ...(quick ? ['--limit', '1000'] : [])])
    r.bitSweep = undefined
    if (r.fidelity.lossPoints > 0.2 && !quick) {
      r.bitSweep = []
      for (const opt of [['--activation-bits', '14'], ['--activation-bits', '16'], ['--weight-bits', '10'], ['--weight-bits', '10', '--activation-bits', '16']]) {
        step(m.name, `fidelity with ${opt.join(' ')} (default misses the 0.2-point target)`)
        r.bitSweep.push(await runChild<FidelityResult>('bench/fidelity.bench.ts', [m.name, ...opt, '--constraints']))
      }
    }
    await save()

    for (const weights of ['constant', 'private'] as WeightsMode[]) {
      const mode = r[weights]
      step(m.name, `circuit size, ${weights} weights`)
      mode.count = await runChild<CountResult>('bench/count.bench.ts', [m.name, weights])
      await save()
      if (weights === 'private' && !runPrivateSetup) {
        // Setup and proving not run: drop an earlier run's figures rather than mix dates.
        mode.skipped = '--no-private'
        mode.compile = undefined
        mode.prove = undefined
        await save()
        continue
      }
      if (weights === 'private' && mode.count.power > maxPrivatePower) {
        mode.skipped = `domain 2^${mode.count.power} > 2^${maxPrivatePower}: setup and proving skipped on this 2-core machine (size from lowering only)`
        mode.compile = undefined
        mode.prove = undefined
        await save()
        continue
      }
      mode.skipped = undefined
      step(m.name, `compile + dev setup, ${weights} weights`)
      mode.compile = await runChild<CompileResult>('bench/compile.bench.ts', [m.name, weights, ...(gas ? [] : ['--no-verifier'])])
      await save()
      step(m.name, `prove ×${runs} in Node, ${weights} weights${gas ? ' + verifier gas' : ''}`)
      mode.proveLoad1 = os.loadavg()[0]
      mode.prove = await runChild<ProveResult>('bench/prove.bench.ts', [mode.compile.dir, join(REPO, inputFile(m)), '--runs', runs, ...(gas ? ['--gas'] : [])])
      await save()
      // The process above also held snarkjs and its workers: the wasm prover's own peak is a process of its own.
      step(m.name, `peak memory of the wasm prover alone (2 proofs), ${weights} weights`)
      mode.prove.wasmOnlyPeakRssMiB = (await runChild<ProveResult>('bench/prove.bench.ts', [mode.compile.dir, join(REPO, inputFile(m)), '--runs', '1', '--prover', 'wasm'])).peakRssMiB
      await save()
    }

    if (runBrowser && browserModels.has(m.name)) {
      step(m.name, 'headless Chromium: cold and warm proveInference')
      const load1 = os.loadavg()[0]!
      const b = await runChild<BrowserResult>('bench/browser-models.bench.ts', [`${artifactName(m.name, 'constant')}=${join(REPO, inputFile(m))}`])
      r.constant.browser = { ...b.models[0]!, browser: b.browser, load1 }
      await save()
    }
  }

  if (!quick && !o['no-identity'] && !o.models) {
    step('identity', 'bench/identity.bench.ts (5 warm proofs)')
    const id: IdentityResult = await runIdentityBench(5)
    await saveJson(join(resultsDir, 'identity.json'), { updated: new Date().toISOString(), load1: loads.at(-1)!.load1, ...id })
    if (runBrowser) {
      step('identity', 'bench/browser-identity.bench.ts (Chromium: createStatementProver, 1 cold + 5 warm proofs)')
      const browserLoad1 = os.loadavg()[0]!
      const browser = await runChild<BrowserIdentityResult>('bench/browser-identity.bench.ts', ['--warm', '5'])
      await saveJson(join(resultsDir, 'identity.json'), { updated: new Date().toISOString(), load1: loads.at(-1)!.load1, ...id, browser: { ...browser, load1: browserLoad1 } })
    }
  }

  if (!o['no-examples'] && !o.models) {
    step('examples', `examples/bench.ts (trading vault, captcha${runBrowser ? '; Node and Chromium' : '; Node only'})`)
    const load1 = loads.at(-1)!.load1
    const ex = await runExamplesBench(['--runs', runs, ...(runBrowser ? [] : ['--no-browser'])])
    const result: ExamplesResult = { updated: new Date().toISOString(), load1, ...ex }
    await saveJson(join(resultsDir, 'examples.json'), result)
  }

  if (!quick && !o['no-msm'] && !o.models) {
    step('msm', 'bench/msm.bench.ts (ours vs ffjavascript vs native ffiasm, G1 and G2, 2^14..2^18, 1 and 2 threads)')
    const msm = await runChild<MsmResult>('bench/msm.bench.ts', [])
    await saveJson(join(resultsDir, 'msm.json'), { updated: new Date().toISOString(), ...msm })
  }

  if (!quick && !o['no-witness'] && !o.models) {
    step('witness', 'bench/witness.bench.ts (old vs new witness computation, every bundled model and the identity circuit)')
    const wit = await runChild<WitnessResult>('bench/witness.bench.ts', [])
    await saveJson(join(resultsDir, 'witness.json'), { updated: new Date().toISOString(), ...wit })
  }

  if (o.extra) {
    for (const script of ['bench/setup.bench.ts', 'bench/gas.bench.ts', 'bench/bitSearch.bench.ts']) {
      step(script, 'run (output printed, not recorded)')
      const res = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, script)], { stdio: 'inherit', cwd: REPO })
      if (res.status !== 0) throw new Error(`${script} failed`)
    }
  }

  noteLoad('end')
  const machine: MachineResult = {
    date: new Date().toISOString(),
    quick,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    load: loads,
    durationS: (Date.now() - t0) / 1000,
    anchors: { file: ANCHORS_FILE.replace(REPO, '.'), source: ANCHORS_SOURCE },
  }
  await saveJson(join(resultsDir, 'machine.json'), machine)
  await writeReport({ resultsDir, reportFile, quick })
  log(`» [${elapsed()}] wrote ${reportFile} and ${resultsDir}/ (artifacts in ${ARTIFACTS.replace(REPO + '/', '')}/bench-*)`)
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
