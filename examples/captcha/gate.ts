/**
 * The captcha's chain side (Node): deploy the faucet token, the classifier's verifier and the
 * `HumanGate` pinned to its key. Used by `serve.ts` (npm run example:captcha), the tests and the
 * benchmark. The page claims with plain viem (see page/chain.ts).
 */
import { join } from 'node:path'
import type { Abi, Address, Hex } from 'viem'
import { adapterStatement, deployVerifier, verifierArtifacts } from '@zkml/web/chain'
import { readArtifactFile, readManifest, type Manifest } from '@zkml/web/node'
import { compileContracts, deploy, REPO, send, type Clients, type Compiled } from '../shared/chain.js'

const CONTRACTS = [join(REPO, 'examples/shared/contracts/TestToken.sol'), join(REPO, 'examples/captcha/contracts/HumanGate.sol')]

let compiled: Promise<Record<string, Compiled>> | undefined
/** The example's contracts, compiled once per process. */
export const gateContracts = () => (compiled ??= compileContracts(CONTRACTS))

/** Tokens per claim and in the faucet, in whole tokens (18 decimals). */
export const FAUCET = { drip: 100n, supply: 1_000_000n } as const

/** Parameters of {@link deployGate}. */
export type DeployGateParameters = {
  owner: Clients
  /** The compiled classifier (`compile({ …, message: true })`, public score). */
  artifactsDir: string
  /** The score a claim needs, in the model's float units (logit of the minimum P(human)). */
  minScore: number
  /** Seconds per epoch (default one day). */
  epochLength?: bigint | undefined
  /** The key the gate pins; default the artifacts' own `vkeyHash`. */
  expectedVkeyHash?: Hex | undefined
}

/** A deployed gate. */
export type Gate = { address: Address; token: Address; verifier: Address; vkeyHash: Hex; manifest: Manifest; abi: Abi; tokenAbi: Abi; minScoreInt: bigint; scale: number }

/**
 * The threshold as the integer the circuit's output is compared with: `ceil(minScore · 2^scale)`,
 * so a proven integer passes exactly when its dequantized value is at least `minScore` (rounded up
 * to the output's grid).
 */
export const minScoreInteger = (minScore: number, scale: number): bigint => BigInt(Math.ceil(minScore * 2 ** scale))

/** Deploys the token, the verifier (dev keys: a local demo) and the gate; fills the faucet. */
export async function deployGate(p: DeployGateParameters): Promise<Gate> {
  const c = await gateContracts()
  const manifest = await readManifest(p.artifactsDir)
  const verifier = JSON.parse(new TextDecoder().decode(await readArtifactFile(p.artifactsDir, manifest, 'verifier.json'))) as { bytecode: Hex }
  const vkey = JSON.parse(new TextDecoder().decode(await readArtifactFile(p.artifactsDir, manifest, 'vkey.json')))
  const artifacts = verifierArtifacts({ manifest, verifier, vkey })
  // deployVerifier applies the setup policy (dev keys: opted in, a local demo) and refuses a γ = δ key;
  // it also deploys the plain ZkmlVerified adapter, unused here: the gate is its own adapter.
  const { verifierAddress } = await deployVerifier({ ...p.owner, allowInsecureSetup: true }, artifacts)
  const token = await deploy(p.owner, c.TestToken!, ['Drip', 'tDRIP'])
  const scoreIndex = manifest.publicSignals.layout.find((e) => e.kind === 'output')!.offset
  const scale = manifest.outputs[0]!.scale
  const minScoreInt = minScoreInteger(p.minScore, scale)
  const drip = FAUCET.drip * 10n ** 18n
  const address = await deploy(p.owner, c.HumanGate!, [verifierAddress, adapterStatement(artifacts), p.expectedVkeyHash ?? manifest.vkeyHash, BigInt(scoreIndex), minScoreInt, token, drip, p.epochLength ?? 86_400n])
  await send(p.owner, { address: token, abi: c.TestToken!.abi, functionName: 'mint', args: [address, FAUCET.supply * 10n ** 18n] })
  return { address, token, verifier: verifierAddress, vkeyHash: manifest.vkeyHash, manifest, abi: c.HumanGate!.abi, tokenAbi: c.TestToken!.abi, minScoreInt, scale }
}
