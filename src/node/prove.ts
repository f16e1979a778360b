/**
 * `zkml prove`, `zkml verify`, `zkml info` as library functions over an artifact directory.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { loadArtifactDir, readManifest } from './artifacts.js'
import { readJsonFile } from './readJson.js'
import { parseSamples } from '../compile/samples.js'
import { proveWithArtifacts, verifyWithArtifacts, type ProofFile, type ProveInferenceTimings } from '../prove/prove.js'
import type { Manifest } from '../compile/manifest.js'
import { InvalidInputError } from '../errors/input.js'
import type { ProverKind } from '../prove/wasmProver.js'
import { ZkmlError } from '../errors/base.js'

export type ProveParameters = {
  /** Artifact directory from `compile`. */
  dir: string
  /** Path of an input file (EZKL `input.json` format or `{ [input]: [...] }`), or the input values themselves. */
  input: string | Record<string, ArrayLike<number>> | ArrayLike<number>
  /** Where to write proof.json (atomically); omit to only return it. */
  out?: string | undefined
  clamp?: boolean | undefined
  /** `wasm` (default: our prover in wasm/) or `snarkjs` (the reference). */
  prover?: ProverKind | undefined
}

/**
 * Computes the witness in memory and proves with Groth16 (our wasm prover unless `prover: 'snarkjs'`).
 * @returns the proof file contents and timings
 * @throws ArtifactError, InvalidInputError, InputRangeError, WitnessGenerationError, ProverError
 * @example
 * import { prove } from '@zkml/web/node'
 * const { circuitOutput } = await prove({ dir: 'artifacts/mlp', input: 'input.json', out: 'proof.json' })
 */
export async function prove(p: ProveParameters): Promise<ProofFile & { timings: ProveInferenceTimings }> {
  const art = await loadArtifactDir(p.dir)
  let input = p.input as Record<string, ArrayLike<number>> | ArrayLike<number>
  if (typeof p.input === 'string') {
    const samples = parseSamples({ json: await readJsonFile(p.input, 'input'), inputs: art.circuit.model.inputs, kind: 'input', fileName: p.input })
    if (samples.length !== 1) throw new InvalidInputError(`${p.input} holds ${samples.length} samples; prove takes exactly one.`)
    input = samples[0]!
  }
  const res = await proveWithArtifacts({ circuit: art.circuit, zkey: art.zkey!, input, clamp: p.clamp, prover: p.prover })
  if (p.out) {
    const { timings: _t, ...file } = res
    await writeFileAtomic(p.out, JSON.stringify(file, null, 2) + '\n')
  }
  return res
}

/**
 * Verifies proof.json against an artifact directory (Groth16 + public input ranges + claimed output).
 * @returns true when valid; false when the proof or its claimed output is wrong
 * @throws ArtifactError when the artifacts are missing or corrupted; ZkmlError for a malformed proof file
 */
export async function verify({ dir, proof }: { dir: string; proof: string | (Pick<ProofFile, 'proof' | 'publicSignals'> & Partial<ProofFile>) }): Promise<boolean> {
  const art = await loadArtifactDir(dir, { zkey: false })
  const file = typeof proof === 'string' ? ((await readJsonFile(proof, 'proof')) as ProofFile) : proof
  if (!file || typeof file !== 'object' || !file.proof || !Array.isArray(file.publicSignals)) {
    throw new ZkmlError('Malformed proof file: expected { proof, publicSignals, circuitOutput }.')
  }
  return verifyWithArtifacts({ circuit: art.circuit, vkey: art.vkey, proofFile: file })
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
