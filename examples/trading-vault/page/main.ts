/**
 * The trading example's browser side: proves the signal model on the trader's features with
 * `proveInference` and hands the serialisable result back (the script that drives this page
 * submits it to the vault). Exposed as `window.proveSignal`.
 */
import { proveInference, type ProveInferenceJson } from '@zkml/web'

/** What the driver passes to {@link proveSignal}. */
export type ProveSignalParameters = { manifestUrl: string; features: number[]; message: string }

declare global {
  interface Window {
    proveSignal(p: ProveSignalParameters): Promise<ProveInferenceJson>
  }
}

const status = document.getElementById('status')!
const bar = document.getElementById('progress') as HTMLProgressElement
const STAGES = ['download', 'inference', 'witness', 'prove']

window.proveSignal = async ({ manifestUrl, features, message }) => {
  status.textContent = 'proving'
  const result = await proveInference(manifestUrl, features, {
    message: BigInt(message),
    // The example compiles with the one-party dev setup (a local demo): opt in explicitly.
    allowInsecureSetup: true,
    onProgress: ({ stage, fraction }) => {
      bar.value = (STAGES.indexOf(stage) + fraction) / STAGES.length
      status.textContent = `${stage} ${(100 * fraction).toFixed(0)} %`
    },
  })
  status.textContent = `proved: signal ${result.circuitOutput['signal']?.[0]} in ${result.timings.total.toFixed(0)} ms`
  // `toJSON` turns the bigint calldata into strings: what would be sent anywhere.
  return JSON.parse(JSON.stringify(result)) as ProveInferenceJson
}

status.textContent = 'ready'
