/**
 * Proves one compiled benchmark model in Node: witness + Groth16 prove + verify, one cold run (the
 * prover and its key load) then `--runs` warm runs in the same process (medians reported), peak RSS
 * of the process, and — with `--gas` — the verifier's gas on a local anvil.
 *
 * `--prover both` (default) proves every run with our wasm prover and with snarkjs, interleaved
 * (the order alternates run by run), so the two medians and their ratio come from the same load;
 * `--prover wasm|snarkjs` runs one (for its own peak RSS; `wasm` streams the key from the file
 * into the prover, so it is held once). Threads: the default of each (the cores,
 * here 2).
 *
 * Run: npx tsx bench/prove.bench.ts ARTIFACT_DIR INPUT.json [--runs 5] [--gas] [--prover both|wasm|snarkjs]
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { readFile } from 'node:fs/promises'
import { keccak256, toHex } from 'viem'
import { loadArtifactDir } from '../src/node/artifacts.js'
import { parseSamples } from '../src/compile/samples.js'
import { computeWitness } from '../src/prove/witness.js'
import { proveGroth16, releaseSnarkjs, verifyGroth16 } from '../src/prove/groth16.js'
import { releaseWasmProver, type ProverKind } from '../src/prove/wasmProver.js'
import { openZkeyFile } from '../src/node/zkeyFile.js'
import { verifyWithArtifacts } from '../src/prove/prove.js'
import { emit, log, median, peakRssMiB } from './lib/util.js'

export type ProveResult = {
  dir: string
  runs: number
  /** First proof in the process (includes loading snarkjs and building the curve). */
  coldWitnessMs: number
  coldProveMs: number
  witnessMs: number
  proveMs: number
  verifyMs: number
  proveMsAll: number[]
  /** Which provers ran: proveMs is the wasm prover's unless only snarkjs ran. */
  prover?: 'both' | ProverKind | undefined
  /** snarkjs's warm median and all warm runs, interleaved with ours (`--prover both`). */
  snarkjsProveMs?: number | undefined
  snarkjsColdProveMs?: number | undefined
  snarkjsProveMsAll?: number[] | undefined
  /** Peak RSS of the proving process (artifacts loaded, both provers' workers when both ran). */
  peakRssMiB: number
  /** With `--prover both`: the peak of a separate process proving with the wasm prover only, when measured. */
  wasmOnlyPeakRssMiB?: number | undefined
  gas?: { adapterTx: number; rawVerifierTx: number; publicSignals: number } | undefined
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '5' }, gas: { type: 'boolean' }, prover: { type: 'string', default: 'both' } } })
const which = values.prover as 'both' | ProverKind
if (!['both', 'wasm', 'snarkjs'].includes(which)) throw new Error(`--prover must be both, wasm or snarkjs`)
const kinds: ProverKind[] = which === 'both' ? ['wasm', 'snarkjs'] : [which]
const [dir, inputFile] = positionals as [string, string]
const runs = Number(values.runs)
// With the wasm prover alone the key is streamed from the file into the prover (held once, as
// `prove` in src/node/prove.ts does); snarkjs needs the bytes.
const art = await loadArtifactDir(dir, { zkey: which !== 'wasm' })
const zkey = which === 'wasm' ? await openZkeyFile(dir, art.manifest) : art.zkey!
const sample = parseSamples({ json: JSON.parse(await readFile(inputFile, 'utf8')), inputs: art.circuit.model.inputs, kind: 'input' })[0]!
const input = sample as Record<string, ArrayLike<number>>

const witness: number[] = []
const times: Record<ProverKind, number[]> = { wasm: [], snarkjs: [] }
const verify: number[] = []
let last: Awaited<ReturnType<typeof proveGroth16>> | undefined
for (let i = 0; i <= runs; i++) {
  const a = performance.now()
  const w = computeWitness({ circuit: art.circuit, input })
  const b = performance.now()
  witness.push(b - a)
  const order = i % 2 ? [...kinds].reverse() : kinds
  const line: string[] = []
  for (const prover of order) {
    const c = performance.now()
    last = await proveGroth16({ zkey, witness: w.witness, prover })
    const d = performance.now()
    const ok = await verifyGroth16({ vkey: art.vkey, proof: last.proof, publicSignals: last.publicSignals })
    const e = performance.now()
    if (!ok) throw new Error(`the ${prover} proof did not verify`)
    times[prover].push(d - c)
    if (prover === kinds[0]) verify.push(e - d)
    line.push(`${prover} ${(d - c).toFixed(0)} ms`)
  }
  log(`${i === 0 ? 'cold' : `warm ${i}/${runs}`}: witness ${(b - a).toFixed(0)} ms, prove ${line.join(', ')}, verify ${verify.at(-1)!.toFixed(0)} ms`)
}
const prove = times[kinds[0]!]
// The full check a verifier runs (public input ranges, weights commitment) must pass too.
const verdict = await verifyWithArtifacts({ circuit: art.circuit, vkey: art.vkey, proofFile: last! })
if (!verdict.valid) throw new Error(`verifyWithArtifacts rejected the proof (${verdict.reason})`)
const peak = peakRssMiB()

let gas: ProveResult['gas']
if (values.gas) {
  const { startAnvil } = await import('../src/node/anvil.js')
  const { createChainClients, deployVerifier, submitProof, groth16VerifierAbi, toCalldata, verifyGasLimit, verifierArtifacts, vkeyHash } = await import('../src/chain/index.js')
  const { encodeFunctionData } = await import('viem')
  const verifier = JSON.parse(await readFile(join(dir, 'verifier.json'), 'utf8')) as { bytecode: `0x${string}` }
  const anvil = await startAnvil()
  try {
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
    const n = last!.publicSignals.length
    const manifest = { ...art.manifest, modelHash: art.manifest.modelHash ?? keccak256(toHex(dir)), vkeyHash: vkeyHash(art.vkey as never) }
    // Bench artifacts come from the one-party dev setup: deploying them is an explicit opt-in.
    const { address, verifierAddress } = await deployVerifier({ ...clients, allowInsecureSetup: true }, verifierArtifacts({ manifest, verifier }))
    const { gasUsed } = await submitProof({ ...clients, address }, last!)
    const hash = await clients.walletClient.sendTransaction({
      account: clients.walletClient.account!,
      chain: null,
      to: verifierAddress,
      data: encodeFunctionData({ abi: groth16VerifierAbi(n), functionName: 'verifyProof', args: toCalldata(last!.proof, last!.publicSignals) }),
      gas: verifyGasLimit(n),
    })
    const raw = await clients.publicClient.waitForTransactionReceipt({ hash })
    gas = { adapterTx: Number(gasUsed), rawVerifierTx: Number(raw.gasUsed), publicSignals: n }
    log(`gas: adapter tx ${gas.adapterTx}, raw verifier tx ${gas.rawVerifierTx} (${n} public signals)`)
  } finally {
    await anvil.stop()
  }
}
await releaseSnarkjs()
await releaseWasmProver()
if (!(zkey instanceof Uint8Array)) await zkey.close()

const warm = (xs: number[]) => median(xs.slice(1))
const result: ProveResult = {
  dir,
  runs,
  coldWitnessMs: witness[0]!,
  coldProveMs: prove[0]!,
  witnessMs: warm(witness),
  proveMs: warm(prove),
  verifyMs: warm(verify),
  proveMsAll: prove.slice(1),
  prover: which,
  ...(which === 'both' ? { snarkjsProveMs: warm(times.snarkjs), snarkjsColdProveMs: times.snarkjs[0]!, snarkjsProveMsAll: times.snarkjs.slice(1) } : {}),
  peakRssMiB: peak,
  gas,
}
emit(result)
