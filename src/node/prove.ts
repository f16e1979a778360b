/**
 * `zkml prove`, `zkml verify`, `zkml info` as library functions over an artifact directory.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { loadArtifactDir, readManifest } from './artifacts.js'
import { readJsonFile } from './readJson.js'
import { parseSamples } from '../compile/samples.js'
import { proveWithArtifacts, type ProofFile, type ProveWithArtifactsReturnType } from '../prove/prove.js'
import { verifyWithArtifacts, type VerifiableProof, type VerifyWithArtifactsReturnType } from '../prove/verify.js'
import type { StatementSalts } from '../circuit/lowerModel.js'
import type { MessageInput } from '../prove/message.js'
import type { Manifest } from '../compile/manifest.js'
import { InvalidInputError } from '../errors/input.js'
import { InvalidProofError } from '../errors/prove.js'
import { assertTrustedSetup } from '../setup/trust.js'
import { DEFAULT_PROVER, type ProverKind } from '../prove/wasmProver.js'
import { openZkeyFile } from './zkeyFile.js'

export type ProveParameters = {
  /** Artifact directory from `compile`. */
  dir: string
  /** Path of an input file (EZKL `input.json` format or `{ [input]: [...] }`), or the input values themselves. */
  input: string | Record<string, ArrayLike<number>> | ArrayLike<number>
  /** Where to write proof.json (atomically; it never holds the input salt); omit to only return it. */
  out?: string | undefined
  clamp?: boolean | undefined
  /** Commitment salts (hashed input / output); default fresh random ones. */
  salts?: StatementSalts | undefined
  /** The message to bind the proof to (statements compiled with `message: true`). */
  message?: MessageInput | undefined
  /** `wasm` (default: our prover in wasm/) or `snarkjs` (the reference). */
  prover?: ProverKind | undefined
}

/**
 * Computes the witness in memory and proves with Groth16 (our wasm prover unless `prover: 'snarkjs'`).
 * @returns the proof file contents, timings and (hashed input) the private `inputSalt`, which
 *   `out` does not receive: keep it to open the input commitment later, never share it
 * @throws ArtifactError, InvalidInputError, InputRangeError, WitnessGenerationError, ProverError
 * @example
 * import { prove } from '@zkml/web/node'
 * const { circuitOutput } = await prove({ dir: 'artifacts/mlp', input: 'input.json', out: 'proof.json' })
 */
export async function prove(p: ProveParameters): Promise<ProveWithArtifactsReturnType> {
  // The wasm prover reads the key straight from the file into its memory (held once); snarkjs needs the bytes.
  const streamed = (p.prover ?? DEFAULT_PROVER) === 'wasm'
  const art = await loadArtifactDir(p.dir, { zkey: !streamed })
  let input = p.input as Record<string, ArrayLike<number>> | ArrayLike<number>
  if (typeof p.input === 'string') {
    const samples = parseSamples({ json: await readJsonFile(p.input, 'input'), inputs: art.circuit.model.inputs, kind: 'input', fileName: p.input })
    if (samples.length !== 1) throw new InvalidInputError(`${p.input} holds ${samples.length} samples; prove takes exactly one.`)
    input = samples[0]!
  }
  const zkey = streamed ? await openZkeyFile(p.dir, art.manifest) : art.zkey!
  let res: ProveWithArtifactsReturnType
  try {
    res = await proveWithArtifacts({ circuit: art.circuit, zkey, input, clamp: p.clamp, salts: p.salts, message: p.message, prover: p.prover })
  } finally {
    if (!(zkey instanceof Uint8Array)) await zkey.close()
  }
  if (p.out) {
    const { timings: _t, inputSalt: _secret, ...file } = res
    const shared: ProofFile = file
    await writeFileAtomic(p.out, JSON.stringify(shared, null, 2) + '\n')
  }
  return res
}

/**
 * Verifies proof.json against an artifact directory: the Groth16 proof, public input ranges, the
 * hidden-weights commitment, revealed outputs (canonical, in range, opening the commitment) and
 * the claimed output. First applies the setup policy (`assertTrustedSetup`): artifacts whose setup
 * is not trusted (the one-party dev setup, a ceremony key without a secret contribution, a
 * beacon-only one) are refused unless `allowInsecureSetup`, a verification key with δ₂ = γ₂ always.
 * @returns the verified outputs and public parts (`valid: true`), or `{ valid: false, reason }`
 * @throws InsecureSetupError, ForgeableVerificationKeyError; ArtifactError when the artifacts are
 *   missing or corrupted; InvalidProofError for a malformed proof file
 * @example
 * import { verify } from '@zkml/web/node'
 * const res = await verify({ dir: 'artifacts/mlp', proof: 'proof.json' })
 * if (res.valid) console.log(res.circuitOutput)
 */
export async function verify({ dir, proof, allowInsecureSetup }: { dir: string; proof: string | VerifiableProof; allowInsecureSetup?: boolean | undefined }): Promise<VerifyWithArtifactsReturnType> {
  const art = await loadArtifactDir(dir, { zkey: false })
  assertTrustedSetup({ setup: art.manifest.setup, vkey: art.vkey, allowInsecureSetup, operation: 'verify' })
  const file = typeof proof === 'string' ? await readJsonFile(proof, 'proof') : proof
  if (!file || typeof file !== 'object' || Array.isArray(file)) throw new InvalidProofError({ field: 'proof file', reason: 'expected { proof, publicSignals, … }' })
  return verifyWithArtifacts({ circuit: art.circuit, vkey: art.vkey, proofFile: file as VerifiableProof })
}

/** Reads an artifact directory's manifest (what `zkml info` prints). */
export async function info({ dir }: { dir: string }): Promise<Manifest> {
  return readManifest(dir)
}

async function writeFileAtomic(path: string, text: string): Promise<void> {
  const target = resolve(path)
  await mkdir(dirname(target), { recursive: true })
  const tmp = `${target}.tmp-${randomBytes(4).toString('hex')}`
  await writeFile(tmp, text)
  await rename(tmp, target)
}
