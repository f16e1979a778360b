/**
 * `npm start`: the private identity dApp on a local chain, in one command.
 *
 *   1. checks that `npm ci` has run (prints what to do otherwise);
 *   2. builds the identity artifacts into .cache/identity/ if they are missing or stale
 *      (the one-party dev setup: this machine draws the secrets, so the keys are trusted only as far
 *      as this machine; fine for a local demo, never for production). The setup policy refuses such
 *      keys unless --allow-insecure-setup is given; `npm start` passes it and prints why;
 *   3. starts anvil (embedded, 127.0.0.1, free port) and deploys the Groth16 verifier,
 *      PoseidonT3 and IrisRegistry (anvil dev account #0 is the issuer);
 *   4. serves demo/ with vite (COOP/COEP, `/config.json`, the artifacts, `/rpc` → anvil) and
 *      prints the URL. Ctrl-C (or SIGTERM) stops vite and anvil.
 *
 * Options:
 *   --port N          page port (default 5173; the next free one unless --strict-port)
 *   --host H          interface to listen on (default localhost; 0.0.0.0 to share on a LAN)
 *   --strict-port     fail when the port is taken
 *   --rpc URL         use a running dev node (funded anvil/hardhat dev accounts) instead of anvil
 *   --rebuild         rebuild the artifacts even if present
 *   --check           start everything, request each route once, stop, exit 0/1 (for CI)
 *   --allow-insecure-setup
 *                     serve the dev-setup artifacts anyway (`npm start` passes it: a local demo)
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'

const root = join(import.meta.dirname, '..')
const artifactsDir = join(root, '.cache', 'identity')
const modelPath = join(root, 'models', 'iriscode.onnx')
const ARTIFACTS = ['identity-circuit.json', 'identity.zkey', 'identity-vkey.json', 'identity-verifier.json'] as const
const say = (s = '') => console.log(s)
const warn = (s: string) => console.warn(`\x1b[33m${s}\x1b[0m`)

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '5173' },
    host: { type: 'string', default: 'localhost' },
    'strict-port': { type: 'boolean', default: false },
    rpc: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    'allow-insecure-setup': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
})

/** Exits with advice when `npm ci` has not run (nothing is installed from here). */
function checkDependencies(): void {
  const require = createRequire(import.meta.url)
  const needed = ['vite', 'viem', 'snarkjs', 'onnxruntime-web', 'comlink', `@foundry-rs/anvil-${process.platform}-${{ x64: 'amd64', arm64: 'arm64' }[process.arch as string] ?? process.arch}/package.json`]
  const missing = needed.filter((name) => {
    try {
      require.resolve(name)
      return false
    } catch {
      return true
    }
  })
  if (missing.length === 0) return
  console.error(`Missing dependencies: ${missing.join(', ')}.\nInstall them first:\n\n  npm ci\n\nthen run \`npm start\` again.`)
  if (missing.some((m) => m.startsWith('@foundry-rs/')) && missing.length === 1)
    console.error(`(anvil ships as a per-platform package; this platform is ${process.platform}-${process.arch}. Or pass --rpc URL of a running dev node.)`)
  process.exit(1)
}

/** Why the artifacts must be (re)built, or undefined when they are usable. */
async function artifactsStale(): Promise<string | undefined> {
  const missing = ARTIFACTS.filter((f) => !existsSync(join(artifactsDir, f)))
  if (missing.length) return `missing ${missing.join(', ')}`
  const { assertIdentityCircuit, IRIS_THRESHOLD } = await import('../src/identity/index.js')
  const { gammaEqualsDelta } = await import('../src/setup/keyCheck.js')
  try {
    const circuit = assertIdentityCircuit(JSON.parse(readFileSync(join(artifactsDir, 'identity-circuit.json'), 'utf8')))
    if (circuit.threshold !== IRIS_THRESHOLD) return `built for τ = ${circuit.threshold}, the library now uses ${IRIS_THRESHOLD}`
    // Artifacts from before the dev setup drew a secret δ have γ = δ: anyone could forge against them.
    if (gammaEqualsDelta(JSON.parse(readFileSync(join(artifactsDir, 'identity-vkey.json'), 'utf8')))) return 'built by an older version with a forgeable key (γ = δ)'
  } catch (err) {
    return (err as Error).message.split('\n')[0]
  }
  const built = Math.min(...ARTIFACTS.map((f) => statSync(join(artifactsDir, f)).mtimeMs))
  if (statSync(modelPath).mtimeMs > built) return 'models/iriscode.onnx is newer'
  return undefined
}

/** Runs scripts/identity/buildArtifacts.ts in a child process (its memory is freed afterwards). */
function buildArtifacts(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/identity/buildArtifacts.ts'), '--out', artifactsDir], { stdio: 'inherit', cwd: root })
    child.once('error', reject)
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`building the artifacts failed (${signal ?? `exit code ${code}`})`))))
  })
}

/** Applies the setup policy to the demo's dev-setup keys: refused unless --allow-insecure-setup. */
async function checkSetupPolicy(): Promise<void> {
  const { assertTrustedSetup } = await import('../src/setup/trust.js')
  try {
    assertTrustedSetup({ setup: { kind: 'dev-insecure' }, allowInsecureSetup: args['allow-insecure-setup'], operation: 'serve' })
  } catch (err) {
    console.error((err as Error).message)
    console.error('\nThe demo only runs on one-party dev-setup keys. `npm start` passes --allow-insecure-setup for you;')
    console.error('run `npx tsx scripts/start.ts --allow-insecure-setup` to start it by hand.')
    process.exit(1)
  }
}

function devSetupBanner(building: boolean): void {
  const lines = [
    building ? 'Building the identity proving artifacts with the one-party DEV SETUP.' : 'The identity proving artifacts come from the one-party DEV SETUP.',
    'This machine drew the setup secrets, so the keys are trusted only as far as this machine:',
    'whoever could read that build process could forge proofs (nobody else can).',
    'Running anyway because of --allow-insecure-setup (npm start passes it): a local demo,',
    'NOT a production trusted setup. See README, "Trusted setup".',
  ]
  const width = Math.max(...lines.map((l) => l.length))
  warn(`┌${'─'.repeat(width + 2)}┐\n${lines.map((l) => `│ ${l.padEnd(width)} │`).join('\n')}\n└${'─'.repeat(width + 2)}┘`)
}

async function main(): Promise<void> {
  if (args.help) {
    say(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*|^ \* ?/gm, ''))
    return
  }
  checkDependencies()
  await checkSetupPolicy()
  say('@zkml/web · private identity demo')

  const stale = args.rebuild ? 'asked to rebuild' : await artifactsStale()
  if (stale) {
    devSetupBanner(true)
    say(`  artifacts  ${relative(root, artifactsDir)}/: ${stale}; building (a minute or two)…`)
    const t0 = performance.now()
    await buildArtifacts()
    say(`  artifacts  built in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  } else {
    devSetupBanner(false)
  }

  const [{ startAnvil }, { createChainClients }, { deployIrisRegistry, irisRegistryAbi, IRIS_THRESHOLD, IRIS_CODE_BITS }, { createServer }, { demoViteConfig }] = await Promise.all([
    import('../src/node/anvil.js'),
    import('../src/chain/createChainClients.js'),
    import('../src/identity/index.js'),
    import('vite'),
    import('../demo/vite.config.js'),
  ])
  const { mnemonicToAccount } = await import('viem/accounts')
  const { bytesToHex } = await import('viem')
  const dev = (i: number) => {
    const account = mnemonicToAccount('test test test test test test test test test test test junk', { addressIndex: i })
    return { address: account.address, privateKey: bytesToHex(account.getHdKey().privateKey!) }
  }

  const circuit = JSON.parse(readFileSync(join(artifactsDir, 'identity-circuit.json'), 'utf8')) as { nConstraints: number; threshold: number }
  say(`  artifacts  ${relative(root, artifactsDir)}/ (${circuit.nConstraints.toLocaleString('en')} constraints, τ = ${circuit.threshold} bits)`)

  const anvil = args.rpc ? undefined : await startAnvil()
  const rpcTarget = args.rpc ?? anvil!.rpcUrl
  let server: Awaited<ReturnType<typeof createServer>> | undefined
  let stopping: Promise<void> | undefined
  const stop = () =>
    (stopping ??= (async () => {
      await server?.close().catch(() => {})
      await anvil?.stop()
    })())
  const onSignal = (signal: NodeJS.Signals) => {
    say(`\n${signal}: stopping the server${anvil ? ' and anvil' : ''}…`)
    void stop().then(() => {
      process.exitCode = 0
      // Anything left (a keep-alive socket) must not keep us alive.
      setTimeout(() => process.exit(0), 2_000).unref()
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  try {
    const issuer = dev(0)
    const holder = dev(1)
    const clients = createChainClients({ rpcUrl: rpcTarget, privateKey: issuer.privateKey, timeoutMs: 30_000 })
    const chainId = await clients.publicClient.getChainId()
    say(`  chain      ${anvil ? 'anvil (embedded)' : 'dev node'} ${rpcTarget}, chain id ${chainId}`)
    const verifierArtifact = JSON.parse(readFileSync(join(artifactsDir, 'identity-verifier.json'), 'utf8')) as { bytecode: `0x${string}` }
    const deployed = await deployIrisRegistry({ ...clients, verifier: { bytecode: verifierArtifact.bytecode } })
    const lastTx = await clients.publicClient.getTransactionReceipt({ hash: deployed.transactionHashes.at(-1)! })
    say(`  registry   IrisRegistry ${deployed.address} (verifier ${deployed.verifierAddress}, PoseidonT3 ${deployed.poseidonT3})`)
    const [historySize, rootValidity] = await Promise.all(
      (['ROOT_HISTORY_SIZE', 'rootValidity'] as const).map((functionName) => clients.publicClient.readContract({ address: deployed.address, abi: irisRegistryAbi, functionName })),
    )
    say(`             proofs bound to their sender; root history: the last ${historySize} roots, each up to ${rootValidity} s after it is replaced`)
    say(`  issuer     ${issuer.address} (anvil dev account #0; the page signs enrollments with its well-known key)`)

    const size = (f: string) => statSync(f).size
    const config = {
      rpcUrl: '/rpc',
      chainId,
      registry: deployed.address,
      verifier: deployed.verifierAddress,
      poseidonT3: deployed.poseidonT3,
      deployBlock: String(lastTx.blockNumber),
      issuer,
      holder,
      artifacts: {
        circuit: '/artifacts/identity/identity-circuit.json',
        zkey: '/artifacts/identity/identity.zkey',
        vkey: '/artifacts/identity/identity-vkey.json',
        model: '/models/iriscode.onnx',
      },
      sizes: {
        circuit: size(join(artifactsDir, 'identity-circuit.json')),
        zkey: size(join(artifactsDir, 'identity.zkey')),
        vkey: size(join(artifactsDir, 'identity-vkey.json')),
        model: size(modelPath),
      },
      setup: 'dev-insecure' as const,
      threshold: circuit.threshold ?? IRIS_THRESHOLD,
      codeBits: IRIS_CODE_BITS,
    }
    server = await createServer(
      demoViteConfig({ config, artifactsDir, modelPath, rpcTarget, port: Number(args.port), host: args.host, strictPort: args['strict-port'] }),
    )
    await server.listen()
    const url = server.resolvedUrls?.local[0] ?? `http://${args.host}:${args.port}/`
    say()
    say(`  ➜  Open \x1b[1m${url}\x1b[0m  (Chromium, Firefox or Safari; cross-origin isolated for wasm threads)`)
    say(`     Ctrl-C stops the server${anvil ? ' and the chain' : ''}.`)

    if (args.check) {
      const ok = await selfCheck(url, deployed.address)
      await stop()
      process.exitCode = ok ? 0 : 1
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  } catch (err) {
    await stop()
    throw err
  }
}

/** `--check`: every route answers, with cross-origin isolation headers, and the registry has code. */
async function selfCheck(url: string, registry: string): Promise<boolean> {
  const checks: [string, () => Promise<boolean>][] = [
    ['page + COOP/COEP', async () => {
      const res = await fetch(url)
      return res.ok && res.headers.get('cross-origin-opener-policy') === 'same-origin' && res.headers.get('cross-origin-embedder-policy') === 'require-corp'
    }],
    ['config.json', async () => ((await (await fetch(new URL('/config.json', url))).json()) as { registry: string }).registry === registry],
    ['artifacts', async () => (await fetch(new URL('/artifacts/identity/identity-vkey.json', url))).ok && (await fetch(new URL('/models/iriscode.onnx', url))).ok],
    ['rpc proxy + registry code', async () => {
      const res = await fetch(new URL('/rpc', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getCode', params: [registry, 'latest'] }),
      })
      return ((await res.json()) as { result: string }).result.length > 2
    }],
  ]
  let ok = true
  for (const [name, check] of checks) {
    const passed = await check().catch(() => false)
    ok &&= passed
    say(`  check      ${passed ? 'ok  ' : 'FAIL'} ${name}`)
  }
  return ok
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
})
