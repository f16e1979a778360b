/**
 * `npm run example:captcha`: the proof-of-human faucet on a local chain, in one command.
 *
 *   1. loads the committed classifier (examples/captcha/model/; `--retrain` trains it again from
 *      its seed first) and compiles it (public score, message signal) into .cache/examples/captcha/
 *      unless already current, then exports the browser's files;
 *   2. starts anvil (embedded) and deploys the faucet token, the verifier and `HumanGate`
 *      (P(human) ≥ 0.9, one claim per address per day);
 *   3. serves the page (vite, cross-origin isolated, `/config.json`, the artifacts, `/rpc` → anvil)
 *      and prints its URL. Ctrl-C (or SIGTERM) stops everything.
 *
 * Options: --port N (default 5180) --host H --strict-port --retrain --recompile
 *          --check (start everything, fetch the page and its config once, stop; exit 0/1)
 * The keys come from the one-party dev setup: a local demo, never a production setup.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startAnvil } from '@zkml/web/node'
import { createChainClients } from '@zkml/web/chain'
import { CACHE, ensureCompiled, ensureWebExport } from '../shared/artifacts.js'
import type { Clients } from '../shared/chain.js'
import { readJson } from '../shared/files.js'
import { startPageServer } from '../shared/server.js'
import { deployGate, FAUCET } from './gate.js'
import type { CaptchaConfig } from './page/config.js'
import { MIN_HUMAN_PROBABILITY, MIN_SCORE, MODEL_DIR, trainAndSave } from './train.js'

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '5180' },
    host: { type: 'string', default: 'localhost' },
    'strict-port': { type: 'boolean', default: false },
    retrain: { type: 'boolean', default: false },
    recompile: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
  },
})
const say = (s = '') => console.log(s)

async function main(): Promise<void> {
  say('@zkml/web · proof-of-human captcha in front of a faucet')
  if (args.retrain) await trainAndSave({ log: (l) => say(`  train   ${l}`) })
  const training = readJson<{ architecture: string; test: { accuracy: number; passRateAtThreshold: Record<string, number> } }>(join(MODEL_DIR, 'training.json'))
  say(`  model   ${training.architecture}; test accuracy ${(100 * training.test.accuracy).toFixed(2)} % on synthetic trajectories`)

  const dir = join(CACHE, 'captcha', 'human')
  const { manifest } = await ensureCompiled({ model: join(MODEL_DIR, 'human.onnx'), calibration: join(MODEL_DIR, 'calibration.json'), out: dir, message: true, force: args.recompile, log: (l) => say(`  compile ${l}`) })
  const web = await ensureWebExport(dir, join(CACHE, 'captcha', 'web'))
  say(`  circuit ${manifest.circuit.constraints} constraints; public signals: ${manifest.publicSignals.layout.map((e) => e.kind).join(', ')}`)
  say('          (one-party DEV SETUP keys: trusted only as far as this machine; a local demo)')

  const anvil = await startAnvil()
  let server: Awaited<ReturnType<typeof startPageServer>> | undefined
  const stop = async () => {
    await server?.close()
    await anvil.stop()
  }
  try {
    const owner: Clients = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
    const gate = await deployGate({ owner, artifactsDir: dir, minScore: MIN_SCORE })
    const user = anvil.accounts[1]!
    say(`  chain   anvil ${anvil.rpcUrl}; HumanGate ${gate.address} (score ≥ ${MIN_SCORE.toFixed(3)} = P(human) ≥ ${MIN_HUMAN_PROBABILITY}; integer ≥ ${gate.minScoreInt} at scale 2^${gate.scale})`)
    const config: CaptchaConfig = {
      rpcUrl: '/rpc',
      chainId: await owner.publicClient.getChainId(),
      gate: gate.address,
      gateAbi: gate.abi,
      token: gate.token,
      tokenAbi: gate.tokenAbi,
      account: { address: user.address, privateKey: user.privateKey },
      manifestUrl: '/artifacts/human/manifest.json',
      devSetup: manifest.setup.kind === 'dev-insecure',
      minScore: MIN_SCORE,
      minHumanProbability: MIN_HUMAN_PROBABILITY,
      drip: FAUCET.drip.toString(),
      symbol: 'tDRIP',
    }
    server = await startPageServer({
      root: join(import.meta.dirname, 'page'),
      mounts: { '/artifacts/human/': web },
      json: { '/config.json': config },
      rpcTarget: anvil.rpcUrl,
      port: Number(args.port),
      host: args.host,
      strictPort: args['strict-port'],
      cacheName: 'example-captcha',
    })
    if (args.check) {
      for (const path of ['', 'config.json', 'artifacts/human/manifest.json']) {
        const res = await fetch(new URL(path, server.url))
        if (!res.ok) throw new Error(`GET /${path}: ${res.status}`)
      }
      say('  check   page, config and artifacts served')
      await stop()
      return
    }
    say()
    say(`  open    ${server.url}   (Ctrl-C stops the page and the chain)`)
  } catch (e) {
    await stop()
    throw e
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      say('\nstopping…')
      stop().finally(() => process.exit(0))
    })
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
