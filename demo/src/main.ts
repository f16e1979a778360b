/**
 * The identity dApp's entry point: loads `/config.json`, mounts the network panel, wires the
 * buttons (Prove is enabled only with an identity on the device and a valid scope). The network
 * recorder is imported first so it sees every request the app makes.
 */
import './netlog/page.js'
import { createDemoChain } from './chain.js'
import { type DemoConfig, loadConfig } from './config.js'
import { createDevice } from './device.js'
import { mountNetworkPanel } from './netlog/panel.js'
import { createProgress } from './progress.js'
import { createApp } from './app.js'
import { createDemoStation } from './station.js'
import { storeKey } from './store.js'
import { byId, byTestId, setStatus, shortHex } from './ui.js'

let config: DemoConfig | undefined
const panel = mountNetworkPanel({ table: byId<HTMLTableSectionElement>('network-rows'), summary: byId('network-summary'), rpcUrl: () => config?.rpcUrl })
byId<HTMLInputElement>('show-assets').addEventListener('change', (e) => document.body.classList.toggle('show-assets', (e.target as HTMLInputElement).checked))

const buttons = ['capture', 'impostor-capture', 'enroll', 'prove'].map((id) => byTestId<HTMLButtonElement>(id))
let busy = true
/** Why Prove cannot run now ('' when it can); set once the app exists. */
let proveBlocker: () => string = () => 'Loading…'
/** Enables the buttons: none while an action runs; Prove only when `proveBlocker` says nothing. */
const refreshButtons = () => {
  for (const b of buttons) b.disabled = busy
  const blocker = proveBlocker()
  const prove = byTestId<HTMLButtonElement>('prove')
  prove.disabled = busy || blocker !== ''
  prove.title = blocker
  byTestId('prove-hint').textContent = blocker
  byTestId('scope').setAttribute('aria-invalid', String(/scope/i.test(blocker)))
  document.body.dataset.busy = String(busy)
}
const setBusy = (value: boolean) => {
  busy = value
  refreshButtons()
}

function showChain(c: DemoConfig): void {
  const rows: [string, string][] = [
    ['RPC', c.rpcUrl],
    ['Chain id', String(c.chainId)],
    ['IrisRegistry', c.registry],
    ['Verifier', c.verifier],
    ['Issuer', `${shortHex(c.issuer.address, 4)} (anvil dev account #0; its key is the enrollment station's)`],
    ['Holder', `${shortHex(c.holder.address, 4)} (anvil dev account #1)`],
    ['Circuit', `τ = ${c.threshold} of ${c.codeBits} bits; setup ${c.setup}`],
  ]
  byId('chain-info').replaceChildren(
    ...rows.flatMap(([k, v]) => [Object.assign(document.createElement('dt'), { textContent: k }), Object.assign(document.createElement('dd'), { textContent: v })]),
  )
  byId('issuer-note').textContent = `account #0 (${shortHex(c.issuer.address, 4)}) is the issuer, whose key the enrollment station holds`
  byId('holder-note').textContent = `account #1 (${shortHex(c.holder.address, 4)}) submits proofs; each proof is bound to it (message = its address)`
}

async function main(): Promise<void> {
  setBusy(true)
  config = await loadConfig()
  showChain(config)
  const chain = createDemoChain(config)
  // The registry refuses a proof from any account but the one in its message: show the submitter.
  byId<HTMLInputElement>('message').value = chain.sender
  const device = createDevice({ artifacts: config.artifacts, allowInsecureSetup: config.allowInsecureSetup })
  const station = createDemoStation({ config, key: storeKey(config.chainId, config.registry) })
  byId('station-issuer').textContent = shortHex(station.issuer, 4)
  const progress = createProgress({ bar: byTestId<HTMLProgressElement>('progress'), list: byId<HTMLOListElement>('stages') })
  const app = createApp({ config, chain, station, device, progress, watch: panel.watch })
  proveBlocker = () => app.proveReadiness().reason
  byTestId('scope').addEventListener('input', refreshButtons)

  let actions = 0
  /** Runs one action with the buttons disabled; any failure ends the status in `error: …`. `data-actions` counts finished ones. */
  const action = (fn: () => Promise<void>) => async () => {
    setBusy(true)
    try {
      await fn()
    } catch (e) {
      console.error(e)
      setStatus('Something went wrong', { error: app.messageOf(e) })
    } finally {
      setBusy(false)
      document.body.dataset.actions = String(++actions)
    }
  }
  byId('new-seed').addEventListener('click', app.newSeed)
  byTestId('capture').addEventListener('click', action(() => app.scan(false)))
  byTestId('impostor-capture').addEventListener('click', action(() => app.scan(true)))
  byTestId('enroll').addEventListener('click', action(app.enroll))
  byTestId('prove').addEventListener('click', action(app.prove))
  await app.restore()
  setBusy(false)
  document.body.dataset.ready = 'true'
}

main().catch((e: unknown) => {
  console.error(e)
  setStatus('The demo could not start', { error: String((e as Error)?.message ?? e) })
})
