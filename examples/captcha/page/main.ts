/**
 * The captcha page: record a pointer movement, prove the classifier's score on its features in
 * this page (`proveInference` from `@zkml/web`, with progress and cancel), then claim from the
 * faucet. The raw movement lives only in the recorder's closure and in `trajectory` below: the
 * features are computed here, the model runs in the page's inference worker and the proof in its
 * prover worker; what leaves the page is the proof and its two public signals (score, message).
 *
 * `body[data-state]` follows the flow (loading → waiting → recording → recorded → proving →
 * proved | cancelled | error → claiming → claimed | refused) so tests and screen readers can follow.
 */
import { proveInference, type ProveInferenceReturnType, type ProveInferenceErrorType } from '@zkml/web'
import { FEATURE_NAMES, trajectoryFeatures } from '../features.js'
import { PAD } from '../pad.js'
import type { Trajectory } from '../trajectories.js'
import { createGateChain, refusalOf } from './chain.js'
import type { CaptchaConfig } from './config.js'
import { createRecorder } from './recorder.js'

type State = 'loading' | 'waiting' | 'recording' | 'recorded' | 'proving' | 'proved' | 'cancelled' | 'error' | 'claiming' | 'claimed' | 'refused'

/**
 * Test hook (in-page only): the last features proved, so the privacy test can look for them in
 * every request the page made. Nothing reads it but a test driving this page.
 */
declare global {
  interface Window {
    captchaTestHook?: { features: number[] | undefined }
  }
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const ui = {
  pad: $('pad'),
  prove: $<HTMLButtonElement>('prove'),
  cancel: $<HTMLButtonElement>('cancel'),
  reset: $<HTMLButtonElement>('reset'),
  claim: $<HTMLButtonElement>('claim'),
  progress: $<HTMLProgressElement>('progress'),
  verdict: $('verdict'),
  status: $('status'),
  balance: $('balance'),
}
const STAGES = ['download', 'inference', 'witness', 'prove']
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

function setState(state: State, status: string): void {
  document.body.dataset.state = state
  ui.status.textContent = status
  ui.prove.disabled = !['recorded', 'proved', 'cancelled', 'error', 'claimed', 'refused'].includes(state) || !trajectory
  ui.cancel.disabled = state !== 'proving'
  ui.claim.disabled = state !== 'proved'
  ui.reset.disabled = state === 'proving' || state === 'claiming'
}

let trajectory: Trajectory | undefined
let result: ProveInferenceReturnType | undefined
let controller: AbortController | undefined

async function main(): Promise<void> {
  const config = (await (await fetch('/config.json')).json()) as CaptchaConfig
  const chain = createGateChain(config)
  window.captchaTestHook = { features: undefined }
  $('drip').textContent = `${config.drip} ${config.symbol}`
  $('account').textContent = chain.address
  $('dev-setup').hidden = !config.devSetup
  Object.assign(ui.pad.style, { width: `${PAD.width}px`, height: `${PAD.height}px` })
  for (const [id, p] of [['start', PAD.start], ['target', PAD.target]] as const) Object.assign($(id).style, { left: `${p.x}px`, top: `${p.y}px` })
  const showBalance = async () => (ui.balance.textContent = await chain.balance())

  const recorder = createRecorder(
    ui.pad,
    (t) => {
      trajectory = t
      setState('recorded', `recorded ${t.length} pointer samples over ${((t.at(-1)!.t - t[0]!.t) / 1000).toFixed(2)} s; they stay in this page`)
    },
    (s) => {
      if (s === 'recording') {
        trajectory = undefined
        result = undefined
        ui.verdict.textContent = ''
        setState('recording', 'recording… click the ★ to finish')
      } else if (s === 'waiting') setState('waiting', 'move from ● to ★, then click ★')
    },
  )

  ui.prove.onclick = async () => {
    if (!trajectory) return
    let features: Float32Array
    try {
      features = trajectoryFeatures(trajectory)
    } catch (e) {
      return setState('error', `${(e as Error).message}: start over`)
    }
    window.captchaTestHook!.features = Array.from(features)
    controller = new AbortController()
    ui.progress.value = 0
    ui.verdict.textContent = ''
    setState('proving', 'proving in this page…')
    try {
      // The message binds the proof to this account and today's epoch (the gate checks both).
      const message = await chain.messageFor()
      result = await proveInference(config.manifestUrl, features, {
        message,
        signal: controller.signal,
        allowInsecureSetup: config.devSetup,
        onProgress: ({ stage, fraction }) => {
          ui.progress.value = (STAGES.indexOf(stage) + fraction) / STAGES.length
          ui.status.textContent = `proving in this page: ${stage} ${(100 * fraction).toFixed(0)} %`
        },
      })
      const score = result.circuitOutput['score']![0]!
      const human = score >= config.minScore
      ui.verdict.textContent = `${human ? 'Human' : 'Not human'}: P(human) = ${sigmoid(score).toFixed(3)} (score ${score.toFixed(2)}, needs ≥ ${config.minScore.toFixed(2)})`
      ui.verdict.dataset.human = String(human)
      setState('proved', `proved in ${(result.timings.total / 1000).toFixed(2)} s (${FEATURE_NAMES.length} features, ${result.publicSignals.length} public signals)`)
    } catch (e) {
      const err = e as ProveInferenceErrorType
      if (err.name === 'AbortError') setState('cancelled', `cancelled during ${err.stage}`)
      else setState('error', `proving failed: ${err.name}: ${(err as Error).message.split('\n')[0]}`)
    }
  }
  ui.cancel.onclick = () => controller?.abort()
  ui.reset.onclick = () => {
    trajectory = undefined
    result = undefined
    ui.verdict.textContent = ''
    ui.progress.value = 0
    recorder.reset()
  }
  ui.claim.onclick = async () => {
    if (!result) return
    setState('claiming', 'claiming…')
    try {
      const hash = await chain.claim(result)
      setState('claimed', `claimed ${config.drip} ${config.symbol} (transaction ${hash.slice(0, 10)}…)`)
    } catch (e) {
      const r = refusalOf(e)
      setState('refused', r ? `refused by the gate: ${r.name}(${r.args.map(String).join(', ')})` : `claim failed: ${(e as Error).message.split('\n')[0]}`)
    }
    await showBalance()
  }

  await showBalance()
  setState('waiting', 'move from ● to ★, then click ★')
  document.body.dataset.ready = 'true'
}

main().catch((e: unknown) => {
  document.body.dataset.state = 'error'
  $('status').textContent = `could not start: ${(e as Error).message}`
})
