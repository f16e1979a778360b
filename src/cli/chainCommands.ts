/**
 * `zkml deploy` and `zkml submit`: the chain side of the CLI (any EVM JSON-RPC; anvil by default).
 * Both apply the setup policy first (`assertTrustedSetup`): artifacts whose setup is not trusted are
 * refused unless `--allow-insecure-setup`, a verification key with δ₂ = γ₂ always. `deploy` records
 * the addresses in `DIR/deployments.json` (by chain id); `submit` reads the adapter from there when
 * `--address` is not given.
 */
import type { Hex } from 'viem'
import { createChainClients } from '../chain/createChainClients.js'
import { deployVerifier } from '../chain/deployVerifier.js'
import { submitProof } from '../chain/submitProof.js'
import { verifierArtifacts } from '../chain/statement.js'
import { loadArtifactDir, readArtifactFile, readManifest } from '../node/artifacts.js'
import { readJsonFile } from '../node/readJson.js'
import { ANVIL_MNEMONIC } from '../node/anvil.js'
import { ARTIFACT_FILES } from '../compile/manifest.js'
import type { ProofFile } from '../prove/prove.js'
import type { VerifierArtifact } from '../node/verifier.js'
import { ArtifactError } from '../errors/artifact.js'
import { CliUsageError } from '../errors/node.js'
import { assertTrustedSetup } from '../setup/trust.js'
import { DEPLOYMENTS_FILE, readDeployments, recordDeployment } from '../node/deployments.js'

/** anvil's first dev account (from its public test mnemonic); used only against a loopback RPC. */
const ANVIL_KEY_0: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'

function privateKeyFor(rpc: string, given: string | undefined): Hex {
  const key = given ?? process.env.ZKML_PRIVATE_KEY
  if (key) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new CliUsageError('--private-key must be 0x followed by 64 hex digits.', { option: 'private-key' })
    return key as Hex
  }
  const host = new URL(rpc).hostname
  if (host === '127.0.0.1' || host === 'localhost') return ANVIL_KEY_0
  throw new CliUsageError('No account: pass --private-key or set ZKML_PRIVATE_KEY.', { option: 'private-key', details: `Only a loopback RPC defaults to anvil's dev account (mnemonic "${ANVIL_MNEMONIC}").` })
}

/** Runs `deploy` or `submit`; returns the exit code. */
export async function runChainCommand(
  cmd: 'deploy' | 'submit',
  args: string[],
  o: { rpc?: string | undefined; privateKey?: string | undefined; address?: string | undefined; allowInsecureSetup?: boolean | undefined },
): Promise<number> {
  const dir = args[0]
  if (!dir) throw new CliUsageError(`zkml ${cmd}: missing DIR.`, { command: cmd })
  if (!o.rpc) throw new CliUsageError(`zkml ${cmd}: --rpc URL is required (e.g. the URL printed by \`zkml chain\`).`, { command: cmd, option: 'rpc' })
  const { publicClient, walletClient } = createChainClients({ rpcUrl: o.rpc, privateKey: privateKeyFor(o.rpc, o.privateKey) })
  const manifest = await readManifest(dir)
  const vkey = JSON.parse(new TextDecoder().decode(await readArtifactFile(dir, manifest, ARTIFACT_FILES.vkey))) as Record<string, unknown>
  const trust = assertTrustedSetup({ setup: manifest.setup, vkey, allowInsecureSetup: o.allowInsecureSetup, operation: cmd })
  if (!trust.trusted) process.stderr.write(`WARNING: ${cmd} despite an untrusted setup (--allow-insecure-setup): ${trust.reason}\n`)
  if (cmd === 'deploy') {
    if (!manifest.files[ARTIFACT_FILES.verifier]) throw new ArtifactError(`${dir} has no verifier contract; compile without --no-verifier.`, { file: ARTIFACT_FILES.verifier })
    await loadArtifactDir(dir, { zkey: false }) // checks vkey.json against the manifest's sha256 and vkeyHash
    const v = JSON.parse(new TextDecoder().decode(await readArtifactFile(dir, manifest, ARTIFACT_FILES.verifier))) as VerifierArtifact
    const res = await deployVerifier({ walletClient, publicClient, allowInsecureSetup: o.allowInsecureSetup }, verifierArtifacts({ manifest, verifier: v, vkey }))
    const chainId = await publicClient.getChainId()
    await recordDeployment({
      dir,
      chainId,
      deployment: { adapter: res.address, verifier: res.verifierAddress, vkeyHash: res.vkeyHash, modelHash: res.modelHash, transactions: [...res.transactionHashes], deployedAt: new Date().toISOString() },
    })
    console.log(JSON.stringify({ adapter: res.address, verifier: res.verifierAddress, vkeyHash: res.vkeyHash, modelHash: res.modelHash, chainId, transactions: res.transactionHashes, recorded: `${dir}/${DEPLOYMENTS_FILE}` }, null, 2))
    return 0
  }
  const proofPath = args[1]
  if (!proofPath) throw new CliUsageError('zkml submit: missing PROOF.json.', { command: 'submit' })
  const address = o.address ?? (await recordedAdapter(dir, await publicClient.getChainId()))
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new CliUsageError(`zkml submit: --address must be an address (got "${address}").`, { command: 'submit', option: 'address' })
  const proof = (await readJsonFile(proofPath, 'proof')) as ProofFile
  // Pins the key: an adapter carrying another key than these artifacts' is refused before any transaction.
  const res = await submitProof({ walletClient, publicClient, address: address as Hex, vkeyHash: manifest.vkeyHash }, { proof: proof.proof, publicSignals: proof.publicSignals })
  console.log(JSON.stringify({ transactionHash: res.transactionHash, gasUsed: res.gasUsed.toString(), event: res.event }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2))
  return 0
}

/** The adapter `zkml deploy` recorded for `chainId` in `dir/deployments.json`. */
async function recordedAdapter(dir: string, chainId: number): Promise<string> {
  const entry = (await readDeployments(dir)).chains[String(chainId)]
  if (!entry)
    throw new CliUsageError(`zkml submit: no adapter for chain ${chainId} in ${dir}/${DEPLOYMENTS_FILE}.`, {
      command: 'submit',
      option: 'address',
      details: 'Run `zkml deploy DIR --rpc URL` on this chain first, or pass --address ADAPTER.',
    })
  return entry.adapter
}
