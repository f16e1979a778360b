/**
 * The examples' benchmark (a child of `npm run bench`; prints progress to stderr and one
 * `@@result <json>` line): for the trading vault and the captcha, the circuit size, compile time,
 * Node proving (first and warm), headless Chromium proving (cold and warm) and the gas of their
 * transactions on anvil.
 *
 *   TSX_TSCONFIG_PATH=examples/tsconfig.json npx tsx examples/bench.ts [--runs 5] [--no-browser]
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { compile, exportWeb, prove, startAnvil, type Manifest } from '@zkml/web/node'
import { createChainClients, toCalldata } from '@zkml/web/chain'
import { emit, log, median } from '../bench/lib/util.js'
import type { ExampleFigures } from '../bench/lib/examples.js'
import { send, type Clients } from './shared/chain.js'
import { hasChromium } from './shared/chromium.js'
import { readJson } from './shared/files.js'
import { bindingMessage } from './shared/message.js'
import { proveInChromium } from './trading-vault/browser.js'
import { MODEL_DIR as VAULT_MODEL } from './trading-vault/train.js'
import { deployMarket, deployVault, nextMessage, trade } from './trading-vault/vault.js'
import { MIN_SCORE, MODEL_DIR as CAPTCHA_MODEL } from './captcha/train.js'
import { deployGate } from './captcha/gate.js'
import { trajectoryFeatures } from './captcha/features.js'
import { humanTrajectory } from './captcha/trajectories.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'no-browser': { type: 'boolean', default: false } } })
const runs = Number(values.runs)
const browser = !values['no-browser'] && hasChromium()

type Compiled = { dir: string; manifest: Manifest; compileS: number }
async function compileTimed(model: string, calibration: string, out: string, input: 'private' | 'hashed'): Promise<Compiled> {
  const t0 = performance.now()
  const manifest = await compile({ model, calibration, out, input, message: true, ortReference: false })
  return { dir: out, manifest, compileS: (performance.now() - t0) / 1000 }
}

/** Node proving: the first proof of the process, then `runs` more (witness + prove, ms). */
async function nodeProofs(dir: string, features: number[], message: bigint): Promise<{ cold: number; warm: number }> {
  const once = async () => {
    const r = await prove({ dir, input: features, message })
    return r.timings.witness + r.timings.prove
  }
  const cold = await once()
  const warm: number[] = []
  for (let i = 0; i < runs; i++) warm.push(await once())
  return { cold, warm: median(warm) }
}

/** Chromium: one cold `proveInference` (fresh page, empty cache), then `runs` warm proofs after a first one. */
async function browserProofs(web: string, features: number[], message: bigint): Promise<ExampleFigures['browser']> {
  if (!browser) return undefined
  const cold = await proveInChromium({ webDir: web, jobs: [{ features, message }] })
  const warm = await proveInChromium({ webDir: web, jobs: Array.from({ length: runs + 1 }, () => ({ features, message })), mode: 'warm' })
  return { name: cold.browser, coldMs: cold.proofs[0]!.result.timings.total, warmMs: median(warm.proofs.slice(1).map((p) => p.result.timings.total)), runs }
}

const figures = (m: Manifest) => ({ constraints: m.circuit.constraints, wires: m.circuit.wires, nonZeros: m.circuit.nonZeros, power: m.circuit.power, publicSignals: m.publicSignals.count })

async function main(): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'zkml-examples-bench-'))
  const anvil = await startAnvil()
  try {
    const [owner, trader] = [0, 1].map((i) => createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[i]!.privateKey })) as [Clients, Clients]
    const me = trader.walletClient.account!.address
    const out: ExampleFigures[] = []

    log('trading vault: compile')
    const v = await compileTimed(join(VAULT_MODEL, 'signal.onnx'), join(VAULT_MODEL, 'calibration.json'), join(tmp, 'signal'), 'hashed')
    const windows = readJson<Record<'up' | 'hold', { features: number[] }>>(join(VAULT_MODEL, 'inputs.json'))
    const vt = readJson<{ test: { accuracy: number; baseline: number }; architecture: string }>(join(VAULT_MODEL, 'training.json'))
    const market = await deployMarket(owner)
    const vault = await deployVault({ owner, market, artifactsDir: v.dir, traders: [me] })
    log('trading vault: Node proofs')
    const vNode = await nodeProofs(v.dir, windows.up.features, bindingMessage({ account: me, counter: 0n }))
    const up = await trade(trader, vault, await prove({ dir: v.dir, input: windows.up.features, message: await nextMessage(trader, vault, me) }))
    const hold = await trade(trader, vault, await prove({ dir: v.dir, input: windows.hold.features, message: await nextMessage(trader, vault, me) }))
    log('trading vault: Chromium proofs')
    const vWeb = join(tmp, 'signal-web')
    await exportWeb({ dir: v.dir, out: vWeb })
    out.push({
      name: 'trading-vault',
      title: 'Trading vault',
      model: vt.architecture.replace(/ \(.*\)$/, ''),
      accuracy: vt.test.accuracy,
      baseline: vt.test.baseline,
      ...figures(v.manifest),
      compileS: v.compileS,
      nodeColdMs: vNode.cold,
      nodeWarmMs: vNode.warm,
      nodeRuns: runs,
      browser: await browserProofs(vWeb, windows.up.features, bindingMessage({ account: me, counter: 9n })),
      gas: { 'trade (up: verify + swap)': Number(up.gasUsed), 'trade (hold: verify, no swap)': Number(hold.gasUsed) },
    })

    log('captcha: compile')
    const c = await compileTimed(join(CAPTCHA_MODEL, 'human.onnx'), join(CAPTCHA_MODEL, 'calibration.json'), join(tmp, 'human'), 'private')
    const ct = readJson<{ test: { accuracy: number }; architecture: string }>(join(CAPTCHA_MODEL, 'training.json'))
    const gate = await deployGate({ owner, artifactsDir: c.dir, minScore: MIN_SCORE })
    const features = Array.from(trajectoryFeatures(humanTrajectory({ seed: 77 })))
    const epoch = await owner.publicClient.readContract({ address: gate.address, abi: gate.abi, functionName: 'currentEpoch' }) as bigint
    log('captcha: Node proofs')
    const cNode = await nodeProofs(c.dir, features, bindingMessage({ account: me, counter: epoch }))
    const claimProof = await prove({ dir: c.dir, input: features, message: bindingMessage({ account: me, counter: epoch }) })
    const claim = await send(trader, { address: gate.address, abi: gate.abi, functionName: 'claim', args: toCalldata(claimProof.proof, claimProof.publicSignals) })
    log('captcha: Chromium proofs')
    const cWeb = join(tmp, 'human-web')
    await exportWeb({ dir: c.dir, out: cWeb })
    out.push({
      name: 'captcha',
      title: 'Proof-of-human captcha',
      model: ct.architecture.replace(/, folded.*$/, ' → score'),
      accuracy: ct.test.accuracy,
      ...figures(c.manifest),
      compileS: c.compileS,
      nodeColdMs: cNode.cold,
      nodeWarmMs: cNode.warm,
      nodeRuns: runs,
      browser: await browserProofs(cWeb, features, bindingMessage({ account: me, counter: epoch })),
      gas: { 'claim (verify + transfer)': Number(claim.receipt.gasUsed) },
    })
    emit({ examples: out })
  } finally {
    await anvil.stop()
    await rm(tmp, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
