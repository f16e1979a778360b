/**
 * Gas per verified proof, by number of public signals, on a local anvil.
 *
 * For each N: the fixture circuit with N public signals (test/chain/fixture.ts) gets real Groth16 keys;
 * its snarkjs verifier and a ZkmlVerified adapter are deployed; then we measure
 * - adapter tx: gasUsed of `ZkmlVerified.verify` (what a dApp pays, 21k intrinsic + calldata included),
 * - raw tx:     gasUsed of a transaction calling the snarkjs verifier's `verifyProof` directly,
 * - min gas:    the smallest tx gas limit at which the adapter accepts (binary search with eth_call),
 * - limit:      the explicit limit `submitProof` sends (`verifyGasLimit(N)`),
 * - estimate:   what `eth_estimateGas` returns for the adapter call.
 *
 * Run: `npx tsx bench/gas.bench.ts`
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeFunctionData, keccak256, toHex } from 'viem'
import { createChainClients, deployVerifier, vkeyHash, groth16VerifierAbi, submitProof, toCalldata, verifyGasLimit, verifyOnChain, zkmlVerifiedAbi } from '../src/chain/index.js'
import { VerifierCallRevertedError } from '../src/errors/chain.js'
import { startAnvil } from '../src/node/anvil.js'
import { compileVerifier, createFixtureModel, createPtau, terminateCurve } from '../test/chain/fixture.js'

const SIGNAL_COUNTS = [1, 2, 4, 11, 20]

const dir = await mkdtemp(join(tmpdir(), 'zkml-gas-bench-'))
const anvil = await startAnvil()
try {
  const clients = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
  const { publicClient, walletClient } = clients
  const ptau = await createPtau(dir)
  const rows: Record<string, string | number>[] = []
  for (const n of SIGNAL_COUNTS) {
    const model = await createFixtureModel({ dir, ptau, nPublic: n, constant: 3n })
    const bytecode = await compileVerifier(model.vkey)
    const { address, verifierAddress } = await deployVerifier(clients, {
      modelHash: keccak256(toHex(`bench model ${n}`)),
      vkeyHash: vkeyHash(model.vkey),
      nPublic: n,
      verifier: { bytecode },
    })
    const result = await model.prove({ x: 6n, y: 7n })
    const args = toCalldata(result.proof, result.publicSignals)

    const { gasUsed } = await submitProof({ ...clients, address }, result)

    const rawHash = await walletClient.sendTransaction({
      account: walletClient.account!,
      chain: null,
      to: verifierAddress,
      data: encodeFunctionData({ abi: groth16VerifierAbi(n), functionName: 'verifyProof', args }),
      gas: verifyGasLimit(n),
    })
    const raw = await publicClient.waitForTransactionReceipt({ hash: rawHash })

    // Smallest gas limit that verifies; below it the adapter must never say InvalidProof.
    let lo = 100_000n
    let hi = verifyGasLimit(n)
    let falseNegative = false
    while (hi - lo > 100n) {
      const mid = (lo + hi) / 2n
      try {
        await verifyOnChain({ publicClient, address, gas: mid }, result)
        hi = mid
      } catch (err) {
        if (err instanceof VerifierCallRevertedError && err.errorName === 'InvalidProof') falseNegative = true
        lo = mid
      }
    }
    const estimate = await publicClient.estimateGas({
      account: walletClient.account!,
      to: address,
      data: encodeFunctionData({ abi: zkmlVerifiedAbi, functionName: 'verify', args }),
    })
    rows.push({
      'public signals': n,
      'adapter tx gas': Number(gasUsed),
      'raw verifier tx gas': Number(raw.gasUsed),
      'adapter overhead': Number(gasUsed - raw.gasUsed),
      'min gas limit': Number(hi),
      'submit limit': Number(verifyGasLimit(n)),
      'eth_estimateGas': Number(estimate),
      'false InvalidProof below min': falseNegative ? 'YES (bug)' : 'no',
    })
  }
  console.log(`Gas per verified Groth16 proof (anvil ${anvil.rpcUrl}, solc 0.8.37 optimizer 200 runs)`)
  console.table(rows)
  const [a, b] = [rows[0]!, rows[rows.length - 1]!]
  const perSignal = (Number(b['adapter tx gas']) - Number(a['adapter tx gas'])) / (Number(b['public signals']) - Number(a['public signals']))
  console.log(`marginal cost per public signal (adapter): ${perSignal.toFixed(0)} gas`)
} finally {
  await anvil.stop()
  await terminateCurve()
  await rm(dir, { recursive: true, force: true })
}
