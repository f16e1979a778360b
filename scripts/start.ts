/**
 * `npm start`: the private identity dApp on a local chain, in one command.
 *
 *   1. checks that `npm ci` has run (prints what to do otherwise);
 *   2. builds the identity artifact set into .cache/identity/ (manifest.json with the sha256 of every
 *      file, model.onnx, circuit.json, circuit.zkey, vkey.json, verifier.json) if missing or stale
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
/** Where the page finds the artifact set (its manifest; the files beside it). */
const ARTIFACTS_URL = '/artifacts/identity/manifest.json'
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

/**
 * Reads and checks the artifact set: the manifest names the identity statement and this library's
 * constants, and every file matches its sha256 (the checks the page repeats when it loads them).
 */
async function readArtifactSet() {
  const [{ decodeIdentityArtifacts, checkIdentityManifest }, { checkArtifactBytes, parseStatementManifest }] = await Promise.all([
    import('../src/identity/index.js'),
    import('../src/compile/checkManifest.js'),
  ])
  const manifestPath = join(artifactsDir, 'manifest.json')
  const manifest = checkIdentityManifest(parseStatementManifest(readFileSync(manifestPath, 'utf8'), { statement: 'identity', file: manifestPath }))
  const files: Record<string, Uint8Array> = {}
  for (const name of Object.keys(manifest.files)) files[name] = new Uint8Array(readFileSync(join(artifactsDir, name)))
  // circuit.json, circuit.zkey and vkey.json are checked (sha256, vkeyHash) by decodeIdentityArtifacts; the rest here.
  const decoded = decodeIdentityArtifacts({ manifest, files })
  for (const name of Object.keys(files)) if (!['circuit.json', 'circuit.zkey', 'vkey.json'].includes(name)) checkArtifactBytes(manifest, name, files[name]!)
  if (!files['verifier.json']) throw new Error('the set has no verifier.json')
  return { manifest, files, decoded }
}

/** Why the artifacts must be (re)built, or undefined when they are usable. */
async function artifactsStale(): Promise<string | undefined> {
  if (!existsSync(join(artifactsDir, 'manifest.json'))) return 'missing manifest.json'
  const { IRIS_THRESHOLD } = await import('../src/identity/index.js')
  const { gammaEqualsDelta } = await import('../src/setup/keyCheck.js')
  try {
    const { manifest, decoded } = await readArtifactSet()
    if (manifest.identity.threshold !== IRIS_THRESHOLD) return `built for τ = ${manifest.identity.threshold}, the library now uses ${IRIS_THRESHOLD}`
    // Artifacts from before the dev setup drew a secret δ have γ = δ: anyone could forge against them.
    if (gammaEqualsDelta(decoded.vkey as never)) return 'built by an older version with a forgeable key (γ = δ)'
  } catch (err) {
    return (err as Error).message.split('\n')[0]
  }
  if (statSync(modelPath).mtimeMs > statSync(join(artifactsDir, 'manifest.json')).mtimeMs) return 'models/iriscode.onnx is newer'
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

  const { manifest, files } = await readArtifactSet()
  say(`  artifacts  ${relative(root, artifactsDir)}/ (${manifest.circuit.constraints.toLocaleString('en')} constraints, τ = ${manifest.identity.threshold} bits, vkeyHash ${manifest.vkeyHash.slice(0, 10)}…)`)

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
    const verifierArtifact = JSON.parse(new TextDecoder().decode(files['verifier.json'])) as { bytecode: `0x${string}` }
    const deployed = await deployIrisRegistry({ ...clients, verifier: { bytecode: verifierArtifact.bytecode } })
    const lastTx = await clients.publicClient.getTransactionReceipt({ hash: deployed.transactionHashes.at(-1)! })
    say(`  registry   IrisRegistry ${deployed.address} (verifier ${deployed.verifierAddress}, PoseidonT3 ${deployed.poseidonT3})`)
    const [historySize, rootValidity] = await Promise.all(
      (['ROOT_HISTORY_SIZE', 'rootValidity'] as const).map((functionName) => clients.publicClient.readContract({ address: deployed.address, abi: irisRegistryAbi, functionName })),
    )
    say(`             proofs bound to their sender; root history: the last ${historySize} roots, each up to ${rootValidity} s after it is replaced`)
    say(`  issuer     ${issuer.address} (anvil dev account #0; the enrollment station in the page signs with its well-known key)`)

    const config = {
      rpcUrl: '/rpc',
      chainId,
      registry: deployed.address,
      verifier: deployed.verifierAddress,
      poseidonT3: deployed.poseidonT3,
      deployBlock: String(lastTx.blockNumber),
      issuer,
      holder,
      artifacts: ARTIFACTS_URL,
      // The server was started with --allow-insecure-setup (checked above): the page accepts the dev keys too.
      allowInsecureSetup: true,
      setup: manifest.setup.kind,
      threshold: manifest.identity.threshold ?? IRIS_THRESHOLD,
      codeBits: IRIS_CODE_BITS,
    }
    server = await createServer(
      demoViteConfig({ config, artifactsDir, artifactFiles: Object.keys(manifest.files), rpcTarget, port: Number(args.port), host: args.host, strictPort: args['strict-port'] }),
    )
    await server.listen()
    const url = server.resolvedUrls?.local[0] ?? `http://${args.host}:${args.port}/`
    say()
    say(`  ➜  Open \x1b[1m${url}\x1b[0m  (Chromium, Firefox or Safari; cross-origin isolated for wasm threads)`)
    say(`     Ctrl-C stops the server${anvil ? ' and the chain' : ''}.`)

    if (args.check) {
      const ok = await selfCheck(url, deployed.address, deployed.verifierAddress, manifest.vkeyHash)
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

/**
 * `--check`: every route answers, with cross-origin isolation headers; the served artifact set
 * matches its manifest; the registry has code and its verifier reports the manifest's vkeyHash.
 */
async function selfCheck(url: string, registry: string, verifier: string, vkeyHash: string): Promise<boolean> {
  const rpc = async (method: string, params: unknown[]) =>
    ((await (await fetch(new URL('/rpc', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })).json()) as { result: string }).result
  const checks: [string, () => Promise<boolean>][] = [
    ['page + COOP/COEP', async () => {
      const res = await fetch(url)
      return res.ok && res.headers.get('cross-origin-opener-policy') === 'same-origin' && res.headers.get('cross-origin-embedder-policy') === 'require-corp'
    }],
    ['config.json', async () => ((await (await fetch(new URL('/config.json', url))).json()) as { registry: string }).registry === registry],
    ['artifacts (every file = its manifest sha256)', async () => {
      const { sha256Hex } = await import('../src/utils/hex.js')
      const manifest = (await (await fetch(new URL(ARTIFACTS_URL, url))).json()) as { files: Record<string, { sha256: string }> }
      for (const [name, entry] of Object.entries(manifest.files)) {
        const res = await fetch(new URL(name, new URL(ARTIFACTS_URL, url)))
        if (!res.ok || sha256Hex(new Uint8Array(await res.arrayBuffer())) !== entry.sha256) return false
      }
      return Object.keys(manifest.files).length > 0
    }],
    ['rpc proxy + registry code', async () => (await rpc('eth_getCode', [registry, 'latest'])).length > 2],
    ['verifier vkeyHash() = manifest.vkeyHash', async () => {
      const { encodeFunctionData, parseAbi } = await import('viem')
      const data = encodeFunctionData({ abi: parseAbi(['function vkeyHash() view returns (bytes32)']), functionName: 'vkeyHash' })
      return (await rpc('eth_call', [{ to: verifier, data }, 'latest'])) === vkeyHash
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
