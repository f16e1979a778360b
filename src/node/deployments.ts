/**
 * `deployments.json` in an artifact directory: where `zkml deploy` put these artifacts' verifier
 * and adapter, by chain id, so `zkml submit` finds the adapter without `--address` (Node only).
 *
 * ```json
 * { "format": "zkml-deployments", "version": 1,
 *   "chains": { "31337": { "adapter": "0x…", "verifier": "0x…", "vkeyHash": "0x…", "modelHash": "0x…",
 *                           "transactions": ["0x…"], "deployedAt": "2026-…Z" } } }
 * ```
 *
 * Deliberately not listed in `manifest.json`: the manifest pins the compiled, immutable files by
 * sha256, while deployments are added later, one chain at a time. Nothing trusts this file: `submit`
 * pins the artifacts' `vkeyHash` and refuses an adapter whose key differs (`VkeyHashMismatchError`)
 * before sending. A recompile replaces the directory, and with it this file (new keys, new verifier).
 * Written atomically (a temporary file renamed over it); the RPC URL is not recorded (it may hold a key).
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Hex } from 'viem'
import { ArtifactError } from '../errors/artifact.js'

/** The file name, beside `manifest.json`. */
export const DEPLOYMENTS_FILE = 'deployments.json'

/** One chain's deployment of an artifact set. */
export type Deployment = {
  /** The `ZkmlVerified` adapter: what `submit` sends proofs to. */
  adapter: Hex
  /** The Groth16 verifier the adapter calls. */
  verifier: Hex
  vkeyHash: Hex
  modelHash: Hex
  transactions: Hex[]
  /** ISO time of the deployment. */
  deployedAt: string
}

/** `deployments.json`: deployments by chain id (decimal string). */
export type Deployments = { format: 'zkml-deployments'; version: 1; chains: Record<string, Deployment> }

const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const HASH = /^0x[0-9a-fA-F]{64}$/

function check(value: unknown, file: string): Deployments {
  const bad = (why: string): never => {
    throw new ArtifactError(`${DEPLOYMENTS_FILE} is malformed: ${why}.`, { file })
  }
  const d = value as Partial<Deployments> | null
  if (!d || typeof d !== 'object' || d.format !== 'zkml-deployments' || d.version !== 1 || !d.chains || typeof d.chains !== 'object') return bad('expected { format: "zkml-deployments", version: 1, chains }')
  const chains: Record<string, Deployment> = Object.create(null) as Record<string, Deployment>
  for (const [id, e] of Object.entries(d.chains)) {
    if (!/^[1-9][0-9]*$/.test(id)) bad(`chain id "${id}" is not a positive integer`)
    if (!e || typeof e.adapter !== 'string' || !ADDRESS.test(e.adapter) || typeof e.verifier !== 'string' || !ADDRESS.test(e.verifier)) bad(`chain ${id}: adapter and verifier must be addresses`)
    if (typeof e.vkeyHash !== 'string' || !HASH.test(e.vkeyHash)) bad(`chain ${id}: vkeyHash must be 32 bytes of hex`)
    chains[id] = e
  }
  return { format: 'zkml-deployments', version: 1, chains }
}

/**
 * Reads `dir/deployments.json`.
 * @returns the deployments, or an empty set when the file does not exist
 * @throws {ArtifactError} When the file exists but is not valid JSON of this format.
 */
export async function readDeployments(dir: string): Promise<Deployments> {
  const file = join(dir, DEPLOYMENTS_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return { format: 'zkml-deployments', version: 1, chains: {} }
    throw new ArtifactError(`Cannot read ${DEPLOYMENTS_FILE}.`, { file, cause: e })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new ArtifactError(`${DEPLOYMENTS_FILE} is not valid JSON.`, { file, cause })
  }
  return check(json, file)
}

/**
 * Records a deployment for `chainId` in `dir/deployments.json` (replacing an earlier one on that
 * chain, keeping the others), atomically.
 * @throws {ArtifactError} When an existing file is malformed.
 * @example
 * await recordDeployment({ dir: 'artifacts/mnist', chainId: 31337, deployment })
 */
export async function recordDeployment({ dir, chainId, deployment }: { dir: string; chainId: number; deployment: Deployment }): Promise<Deployments> {
  const current = await readDeployments(dir)
  const next: Deployments = { ...current, chains: { ...current.chains, [String(chainId)]: deployment } }
  const file = join(dir, DEPLOYMENTS_FILE)
  const tmp = join(dir, `.${DEPLOYMENTS_FILE}.tmp-${randomBytes(4).toString('hex')}`)
  try {
    await writeFile(tmp, JSON.stringify(next, null, 2) + '\n')
    await rename(tmp, file)
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
  return next
}
