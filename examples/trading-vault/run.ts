/**
 * `npm run example:vault`: the trading vault end to end, in one command.
 *
 *   1. loads the committed signal model (examples/trading-vault/model/; `--retrain` trains it again
 *      from its seeds first) and compiles it (hashed input, message signal) into
 *      .cache/examples/trading-vault/ unless already current;
 *   2. starts anvil (embedded) and deploys two test tokens, the pool and the vault pinned to the
 *      model's vkeyHash; registers two traders;
 *   3. trader A proves an "up" window in Node (`prove` from @zkml/web/node) and trades;
 *   4. trader A proves a "down" window in headless Chromium (`proveInference` from @zkml/web, the
 *      page in page/) and trades;
 *   5. shows the refusals: the first proof replayed (SignalReplayed), trader B front-running A's
 *      next proof (SignalForAnotherTrader);
 *   6. stops anvil.
 *
 * Options: --retrain, --recompile, --no-browser (skip step 4, e.g. without Chromium).
 * The keys come from the one-party dev setup: a local demo, never a production setup.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Address } from 'viem'
import { prove, startAnvil } from '@zkml/web/node'
import { createChainClients } from '@zkml/web/chain'
import { CACHE, ensureCompiled, ensureWebExport } from '../shared/artifacts.js'
import { revertOf, type Clients } from '../shared/chain.js'
import { hasChromium, CHROMIUM_PATH } from '../shared/chromium.js'
import { readJson } from '../shared/files.js'
import { proveInChromium } from './browser.js'
import { MODEL_DIR, trainAndSave } from './train.js'
import { deployMarket, deployVault, formatUnits18, nextMessage, trade, vaultState, type Market, type Trade, type Vault } from './vault.js'

const { values: args } = parseArgs({ options: { retrain: { type: 'boolean', default: false }, recompile: { type: 'boolean', default: false }, 'no-browser': { type: 'boolean', default: false } } })
const say = (s = '') => console.log(s)
const short = (a: Address) => `${a.slice(0, 6)}…${a.slice(-4)}`

function describeTrade(t: Trade, market: Market): string {
  if (t.signal === 'hold') return 'signal HOLD: no trade (nonce spent)'
  const sold = t.tokenIn === market.quote ? 'tUSD' : 'tETH'
  const bought = sold === 'tUSD' ? 'tETH' : 'tUSD'
  return `signal ${t.signal.toUpperCase()}: sold ${formatUnits18(t.amountIn, 2)} ${sold} for ${formatUnits18(t.amountOut)} ${bought} (gas ${t.gasUsed})`
}

async function printState(clients: Clients, vault: Vault, market: Market, label: string): Promise<void> {
  const s = await vaultState(clients, vault, market)
  say(`  ${label.padEnd(7)} vault ${formatUnits18(s.base)} tETH + ${formatUnits18(s.quote, 2)} tUSD; pool price ${formatUnits18(s.price, 2)} tUSD/tETH`)
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ACCEPTED (unexpected)'
  } catch (e) {
    const r = revertOf(e)
    return r ? `${r.name}(${r.args.map(String).join(', ')})` : `error: ${(e as Error).message.split('\n')[0]}`
  }
}

async function main(): Promise<void> {
  say('@zkml/web · trading vault: a contract that acts on a proven model output')
  if (args.retrain) await trainAndSave({ log: (l) => say(`  train   ${l}`) })
  const training = readJson<{ architecture: string; test: { accuracy: number; baseline: number } }>(join(MODEL_DIR, 'training.json'))
  say(`  model   ${training.architecture}; test accuracy ${(100 * training.test.accuracy).toFixed(1)} % (majority class ${(100 * training.test.baseline).toFixed(1)} %)`)

  const dir = join(CACHE, 'trading-vault', 'signal')
  const { manifest } = await ensureCompiled({ model: join(MODEL_DIR, 'signal.onnx'), calibration: join(MODEL_DIR, 'calibration.json'), out: dir, input: 'hashed', message: true, force: args.recompile, log: (l) => say(`  compile ${l}`) })
  say(`  circuit ${manifest.circuit.constraints} constraints; public signals: ${manifest.publicSignals.layout.map((e) => e.kind).join(', ')}; vkeyHash ${manifest.vkeyHash.slice(0, 18)}…`)
  say('          (one-party DEV SETUP keys: trusted only as far as this machine; a local demo)')

  const anvil = await startAnvil()
  try {
    const [owner, traderA, traderB] = [0, 1, 2].map((i) => createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[i]!.privateKey })) as [Clients, Clients, Clients]
    const a = traderA.walletClient.account!.address
    const b = traderB.walletClient.account!.address
    const market = await deployMarket(owner)
    const vault = await deployVault({ owner, market, artifactsDir: dir, traders: [a, b] })
    say(`  chain   anvil ${anvil.rpcUrl}; vault ${short(vault.address)} pinned to vkeyHash ${vault.vkeyHash.slice(0, 18)}…; traders A ${short(a)}, B ${short(b)}`)
    await printState(owner, vault, market, 'start')

    const windows = readJson<Record<'up' | 'down', { step: number; features: number[] }>>(join(MODEL_DIR, 'inputs.json'))
    say()
    say(`» Trader A proves in Node on a private window (step ${windows.up.step} of the series)`)
    const message = await nextMessage(traderA, vault, a)
    const nodeProof = await prove({ dir, input: windows.up.features, message })
    say(`  proved  signal ${nodeProof.publicSignals[0]} in ${(nodeProof.timings.witness + nodeProof.timings.prove).toFixed(0)} ms; message = (nonce 0 << 160) | A; the features and the salt stay here`)
    say(`  trade   ${describeTrade(await trade(traderA, vault, nodeProof), market)}`)
    await printState(owner, vault, market, 'after')

    if (args['no-browser'] || !hasChromium()) {
      say()
      say(args['no-browser'] ? '» Browser step skipped (--no-browser)' : `» Browser step skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`)
    } else {
      say()
      say(`» Trader A proves in headless Chromium (proveInference) on another private window (step ${windows.down.step})`)
      const web = await ensureWebExport(dir, join(CACHE, 'trading-vault', 'web'))
      const next = await nextMessage(traderA, vault, a)
      const { browser, proofs } = await proveInChromium({ webDir: web, jobs: [{ features: windows.down.features, message: next }] })
      const r = proofs[0]!.result
      say(`  proved  signal ${r.publicSignals[0]} in ${r.timings.total.toFixed(0)} ms in ${browser} (download ${r.timings.download.toFixed(0)}, startup ${r.timings.startup.toFixed(0)}, prove ${r.timings.prove.toFixed(0)} ms)`)
      say(`  trade   ${describeTrade(await trade(traderA, vault, r), market)}`)
      await printState(owner, vault, market, 'after')
    }

    say()
    say('» What the vault refuses')
    say(`  replay of A's first proof, by A:           ${await refusal(trade(traderA, vault, nodeProof))}`)
    const forA = await prove({ dir, input: windows.up.features, message: await nextMessage(traderA, vault, a) })
    say(`  A's next proof, front-run by trader B:     ${await refusal(trade(traderB, vault, forA))}`)
    const tampered = { ...forA, publicSignals: ['2', ...forA.publicSignals.slice(1)] }
    say(`  A's next proof with the signal changed:    ${await refusal(trade(traderA, vault, tampered))}`)
  } finally {
    await anvil.stop()
  }
  say()
  say('done (anvil stopped). See examples/trading-vault/README.md.')
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
