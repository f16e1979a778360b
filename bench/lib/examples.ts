/**
 * The examples' figures (examples/trading-vault, examples/captcha): measured by `examples/bench.ts`
 * (run as a child with examples/tsconfig.json, which resolves `@zkml/web…` the way the examples
 * import it), recorded in bench/results/examples.json and rendered into BENCHMARKS.md.
 */
import { join } from 'node:path'
import { REPO, runChild } from './util.js'

/** One example's figures. */
export type ExampleFigures = {
  name: 'trading-vault' | 'captcha'
  title: string
  model: string
  /** Training record of the committed model: `{ accuracy, baseline? }` on its test set. */
  accuracy: number
  baseline?: number | undefined
  constraints: number
  wires: number
  nonZeros: number
  power: number
  publicSignals: number
  compileS: number
  /** Node (`prove` from @zkml/web/node): witness + prove, first proof of the process and the median of the warm ones. */
  nodeColdMs: number
  nodeWarmMs: number
  nodeRuns: number
  /** Headless Chromium: one `proveInference` into an empty cache (download, start-up, prove), and warm `createProver` proofs. */
  browser?: { name: string; coldMs: number; warmMs: number; runs: number } | undefined
  /** Gas of the example's transactions, by what they do. */
  gas: Record<string, number>
}

/** bench/results/examples.json */
export type ExamplesResult = { updated: string; load1: number; examples: ExampleFigures[] }

/** Runs examples/bench.ts (`--no-browser`, `--runs N`) and returns its figures. */
export function runExamplesBench(args: string[]): Promise<Omit<ExamplesResult, 'updated' | 'load1'>> {
  return runChild('examples/bench.ts', args, { env: { TSX_TSCONFIG_PATH: join(REPO, 'examples/tsconfig.json') } })
}

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const ms = (n: number | undefined) => (n === undefined ? '—' : n < 1000 ? `${n.toFixed(0)} ms` : `${(n / 1000).toFixed(2)} s`)

/** The report's section (markdown lines). */
export function renderExamples(r: ExamplesResult): string[] {
  const L = ['## Examples (examples/)', '']
  L.push('| example | model | accuracy | constraints | domain | public signals | compile | prove, Node (first / warm median) | prove, Chromium (cold / warm median) | gas |')
  L.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |')
  for (const e of r.examples) {
    const acc = `${(100 * e.accuracy).toFixed(1)} %${e.baseline === undefined ? '' : ` (majority ${(100 * e.baseline).toFixed(1)} %)`}`
    const browser = e.browser ? `${ms(e.browser.coldMs)} / ${ms(e.browser.warmMs)} (${e.browser.runs})` : 'not measured'
    const gas = Object.entries(e.gas).map(([what, g]) => `${what}: ${int(g)}`).join('; ')
    L.push(`| [${e.title}](examples/${e.name}/README.md) | ${e.model} | ${acc} | ${int(e.constraints)} | 2^${e.power} | ${e.publicSignals} | ${e.compileS.toFixed(1)} s | ${ms(e.nodeColdMs)} / ${ms(e.nodeWarmMs)} (${e.nodeRuns}) | ${browser} | ${gas} |`)
  }
  L.push('')
  L.push(
    `From \`examples/bench.ts\` (load ${r.load1.toFixed(2)} at start; ${r.examples[0]?.browser?.name ?? 'no browser'}). Compile includes the dev setup and the verifier. Node: witness + prove of ` +
      '`prove` (our wasm prover). Chromium: `proveInference` into an empty cache (download, worker start-up, inference, witness, prove) and the median of warm `createProver` proofs. ' +
      'Gas: whole transactions on anvil, Groth16 verification (~0.2 M) included; the trade adds the swap, the claim the token transfer and the once-per-epoch record. ' +
      'Accuracy: each model\'s test set (synthetic data, see the examples\' READMEs).',
    '',
  )
  return L
}
