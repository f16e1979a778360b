/**
 * Identity-circuit benchmark (Node): constraint count, dev-setup time, witness and Groth16 prove
 * times (cold = first proof in the process, then warm), local verify, and on-chain gas of
 * `IrisRegistry.enroll` and `verifyPersonhood` (nullifier storage included) on a real anvil.
 *
 * Run: npx tsx bench/identity.bench.ts [warmRuns=3]
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createChainClients } from '../src/chain/createChainClients.js'
import { releaseSnarkjs, verifyGroth16 } from '../src/prove/groth16.js'
import { mnemonicToAccount } from 'viem/accounts'
import { ANVIL_MNEMONIC, startAnvil } from '../src/node/anvil.js'
import { buildVerifier } from '../src/node/verifier.js'
import { buildIdentityArtifacts } from '../src/identity/artifacts.js'
import { createIdentity } from '../src/identity/identity.js'
import { capture, irisStrip } from '../src/identity/iris.js'
import { merkleProof } from '../src/identity/merkle.js'
import { proveIdentity } from '../src/identity/prove.js'
import { deployIrisRegistry } from '../src/identity/registry/deployIrisRegistry.js'
import { enrollLeaf } from '../src/identity/registry/enroll.js'
import { verifyPersonhood } from '../src/identity/registry/verifyPersonhood.js'

const WARM = Number(process.argv[2] ?? 3)
const root = join(import.meta.dirname, '..')
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`

const built = await buildIdentityArtifacts({ onnx: readFileSync(join(root, 'models', 'iriscode.onnx')) })
const c = built.circuit
console.log(`identity circuit: ${c.nConstraints} constraints, ${c.nWires} wires, ${c.nonZeros} non-zeros, 4 public signals`)
console.log(`lower (quantize + constraints): ${s(built.timings.lowerMs)}; dev setup: ${s(built.timings.setupMs)}; zkey ${(built.zkey.length / 2 ** 20).toFixed(1)} MiB`)

const strip = irisStrip({ seed: 'bench' })
const id = createIdentity({ capture: capture({ strip, seed: 'enroll' }) })
const leaves = [...Array.from({ length: 6 }, (_, k) => BigInt(1000 + k)), id.leaf]
// IrisRegistry binds each proof to its sender: the message is the submitting account (anvil dev account #0).
const sender = BigInt(mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: 0 }).address)
const run = (k: number) =>
  proveIdentity({ artifacts: built, capture: capture({ strip, seed: `scan-${k}`, shift: (k % 3) - 1 }), ...id, merkleProof: merkleProof({ leaves, leaf: id.leaf }), scope: BigInt(k + 1), message: sender })

const cold = await run(0)
console.log(`prove (cold, incl. snarkjs load): witness ${s(cold.timings.witnessMs)}, prove ${s(cold.timings.proveMs)}`)
const warm: { witnessMs: number; proveMs: number }[] = []
const proofs = [cold]
for (let k = 1; k <= WARM; k++) {
  const r = await run(k)
  warm.push(r.timings)
  proofs.push(r)
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
if (warm.length) console.log(`prove (warm, median of ${warm.length}): witness ${s(median(warm.map((t) => t.witnessMs)))}, prove ${s(median(warm.map((t) => t.proveMs)))}`)
let t = performance.now()
const ok = await verifyGroth16({ vkey: built.vkey as never, proof: cold.proof, publicSignals: cold.publicSignals })
console.log(`verify (snarkjs, Node): ${ok} in ${(performance.now() - t).toFixed(0)} ms`)

const anvil = await startAnvil()
try {
  const clients = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
  const verifier = JSON.parse(new TextDecoder().decode((await buildVerifier(built.vkey)).artifact)) as { bytecode: `0x${string}` }
  const { address } = await deployIrisRegistry({ ...clients, verifier: { bytecode: verifier.bytecode } })
  const enrollGas: bigint[] = []
  for (const leaf of leaves) enrollGas.push((await enrollLeaf({ ...clients, address, leaf })).gasUsed)
  console.log(`enroll gas: first ${enrollGas[0]}, 7th ${enrollGas[6]} (depth 3)`)
  const gas: bigint[] = []
  for (const p of proofs) gas.push((await verifyPersonhood({ ...clients, address, proof: p.proof, publicSignals: p.publicSignals })).gasUsed)
  console.log(`verifyPersonhood gas (transaction, incl. 21k base, calldata, nullifier SSTORE): ${gas.join(', ')}`)
} finally {
  await anvil.stop()
  await releaseSnarkjs()
}
