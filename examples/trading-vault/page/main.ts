/**
 * The trading example's browser side: proves the signal model on the trader's features in this
 * page and hands the serialisable result back (the script that drives the page submits it to the
 * vault). `window.proveSignal` is one `proveInference` call (load, prove, dispose: what a single
 * visit does); `window.proveSignalWarm` keeps a `createProver` handle for repeated proofs.
 */
import { createProver, proveInference, type ProveInferenceJson, type ProveInferenceReturnType, type Prover } from '@zkml/web'

/** What the driver passes: the exported artifacts' manifest URL, the features, the message (decimal). */
export type ProveSignalParameters = { manifestUrl: string; features: number[]; message: string }

declare global {
  interface Window {
    proveSignal(p: ProveSignalParameters): Promise<ProveInferenceJson>
    proveSignalWarm(p: ProveSignalParameters): Promise<ProveInferenceJson>
  }
}

const status = document.getElementById('status')!
const bar = document.getElementById('progress') as HTMLProgressElement
const STAGES = ['download', 'inference', 'witness', 'prove']
const onProgress = ({ stage, fraction }: { stage: string; fraction: number }) => {
  bar.value = (STAGES.indexOf(stage) + fraction) / STAGES.length
  status.textContent = `${stage} ${(100 * fraction).toFixed(0)} %`
}
/** `toJSON` turns the bigint calldata into strings: what would be sent anywhere. */
function done(result: ProveInferenceReturnType): ProveInferenceJson {
  const [name, values] = Object.entries(result.circuitOutput)[0]!
  status.textContent = `proved: ${name} ${values[0]} in ${result.timings.total.toFixed(0)} ms`
  return JSON.parse(JSON.stringify(result)) as ProveInferenceJson
}

// The example compiles with the one-party dev setup (a local demo): it opts in explicitly.
window.proveSignal = async ({ manifestUrl, features, message }) => {
  status.textContent = 'proving'
  return done(await proveInference(manifestUrl, features, { message: BigInt(message), allowInsecureSetup: true, onProgress }))
}

let prover: Promise<Prover> | undefined
window.proveSignalWarm = async ({ manifestUrl, features, message }) => {
  prover ??= createProver(manifestUrl, { allowInsecureSetup: true })
  return done(await (await prover).prove(features, { message: BigInt(message), onProgress }))
}

status.textContent = 'ready'
