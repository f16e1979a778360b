/**
 * Proving artifacts of the identity statement, in the format of any compiled model: a directory
 * with `manifest.json` (statement `identity`, the sha256 and size of every file, the setup's
 * provenance, the verification key's hash) and the files `model.onnx` (the iris-code model, for
 * onnxruntime-web), `circuit.json` (the quantized model and the statement's constants: what the
 * witness needs), `circuit.zkey`, `vkey.json` and, when a verifier builder is given, `Verifier.sol`
 * and `verifier.json`. So the same loaders (`loadArtifacts`, Cache Storage, sha256 checks), the same
 * setup policy and the same prover worker serve it.
 */
import type { R1cs } from '../circuit/r1cs.js'
import type { QuantizedModel } from '../ir/model.js'
import { parseOnnx } from '../onnx/parse.js'
import { devSetup, devSetupRecord } from '../setup/devSetup.js'
import {
  ARTIFACT_FILES,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type FileEntry,
  type ManifestBase,
  type SetupProvenance,
} from '../compile/manifest.js'
import { checkArtifactBytes, parseStatementManifest } from '../compile/checkManifest.js'
import { COMPILER_VERSION, type VerifierBuilder } from '../compile/compileModel.js'
import type { Groth16VerificationKey } from '../prove/groth16.js'
import { vkeyHash, type VkeyPoints } from '../chain/vkeyHash.js'
import { ArtifactError } from '../errors/artifact.js'
import { sha256Hex, utf8 } from '../utils/hex.js'
import { IRIS_CODE_BITS, IRIS_SHIFTS, IRIS_THRESHOLD, MERKLE_DEPTH } from './config.js'
import { checkIdentityManifest, identityArtifactsStale, type IdentityManifest } from './manifest.js'
import { capture, irisStrip, type IrisStrip } from './iris.js'
import { quantizeIrisModel } from './model.js'
import { IDENTITY_PUBLIC_SIGNALS, buildIdentityCircuit } from './statement.js'
import type { OnProgress } from '../utils/progress.js'

/** Format version of {@link IdentityCircuitArtifact} (2: the setup record moved to the manifest; 3: the 2^14 circuit, prover-aligned capture without pixel range checks). */
export const IDENTITY_CIRCUIT_VERSION = 3

/** `circuit.json` of the identity statement: everything the witness needs besides the private inputs. */
export type IdentityCircuitArtifact = {
  version: typeof IDENTITY_CIRCUIT_VERSION
  /** The quantized iris-code model. */
  model: QuantizedModel
  /** τ in bits. */
  threshold: number
  merkleDepth: number
  shifts: number[]
  codeBits: number
  publicSignals: typeof IDENTITY_PUBLIC_SIGNALS
  nConstraints: number
  nWires: number
  /** R1CS non-zero coefficients (they drive setup time and key size). */
  nonZeros: number
}

/** What `proveIdentity` needs (decoded; see {@link decodeIdentityArtifacts}). */
export type IdentityArtifacts = {
  circuit: IdentityCircuitArtifact
  /** Groth16 proving key (`circuit.zkey`). */
  zkey: Uint8Array
  vkey: Groth16VerificationKey
}

/** Parameters of {@link buildIdentityArtifacts}. */
export type BuildIdentityArtifactsParameters = {
  /** `iriscode.onnx` bytes. */
  onnx: Uint8Array
  /** Calibration captures. Default: 8 synthetic captures. */
  calibration?: readonly IrisStrip[] | undefined
  /** Generates and compiles the Solidity verifier (`buildVerifier` from `@zkml/web/node`): adds `Verifier.sol` and `verifier.json`. */
  verifier?: VerifierBuilder | undefined
  /** Progress of the setup's long steps. */
  onProgress?: OnProgress | undefined
}

/** Result of {@link buildIdentityArtifacts}: the artifact set (manifest + files), decoded, plus the R1CS and timings. */
export type BuildIdentityArtifactsReturnType = IdentityArtifacts & {
  /** The set as `writeArtifactDir({ dir, manifest, files })` (from `@zkml/web/node`) writes it. */
  manifest: IdentityManifest
  files: Record<string, Uint8Array>
  r1cs: R1cs
  /** The dev setup's record (its δ contribution), as in the manifest. */
  setup: SetupProvenance
  timings: { lowerMs: number; setupMs: number }
}

/**
 * Quantizes the model, builds the identity circuit's constraints and runs the one-party dev setup
 * (random τ, α, β and δ known to this process for a moment: the keys are trusted only as far as this
 * machine, and the setup policy refuses them unless `allowInsecureSetup`; development and demos only).
 *
 * @param parameters - {@link BuildIdentityArtifactsParameters}
 * @returns {@link BuildIdentityArtifactsReturnType}
 * @throws {ArtifactError} When the model does not quantize exactly.
 * @example
 * import { buildIdentityArtifacts } from '@zkml/web/identity'
 * import { buildVerifier, writeArtifactDir } from '@zkml/web/node'
 * const { manifest, files } = await buildIdentityArtifacts({ onnx, verifier: buildVerifier })
 * await writeArtifactDir({ dir: 'public/identity', manifest, files })
 */
export async function buildIdentityArtifacts({ onnx, calibration, verifier, onProgress }: BuildIdentityArtifactsParameters): Promise<BuildIdentityArtifactsReturnType> {
  const captures = calibration ?? Array.from({ length: 8 }, (_, k) => capture({ strip: irisStrip({ seed: `calibration-${k}` }), seed: k }))
  const t0 = performance.now()
  const parsed = parseOnnx({ bytes: onnx, fileName: ARTIFACT_FILES.model })
  const model = quantizeIrisModel({ onnx, calibration: captures })
  onProgress?.({ stage: 'lower', done: 0, total: 1 })
  const { r1cs, nConstraints } = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: true, witness: false } })
  onProgress?.({ stage: 'lower', done: 1, total: 1 })
  const t1 = performance.now()
  const { zkey, vkey, provenance } = await devSetup({ r1cs, onProgress: (p) => onProgress?.({ ...p, stage: `setup:${p.stage}` }) })
  const t2 = performance.now()
  const setup = devSetupRecord(provenance)
  const nonZeros = r1cs.constraints.reduce((a, k) => a + k.a.size + k.b.size + k.c.size, 0)
  const circuit: IdentityCircuitArtifact = {
    version: IDENTITY_CIRCUIT_VERSION,
    model,
    threshold: IRIS_THRESHOLD,
    merkleDepth: MERKLE_DEPTH,
    shifts: [...IRIS_SHIFTS],
    codeBits: IRIS_CODE_BITS,
    publicSignals: IDENTITY_PUBLIC_SIGNALS,
    nConstraints,
    nWires: r1cs.nWires,
    nonZeros,
  }
  const files: Record<string, Uint8Array> = {
    [ARTIFACT_FILES.model]: onnx,
    [ARTIFACT_FILES.circuit]: utf8(JSON.stringify(circuit)),
    [ARTIFACT_FILES.zkey]: zkey,
    [ARTIFACT_FILES.vkey]: utf8(JSON.stringify(vkey, null, 1)),
  }
  let verifierEntry: ManifestBase['verifier']
  if (verifier) {
    const v = await verifier(vkey, { setup })
    files[ARTIFACT_FILES.verifierSource] = utf8(v.source)
    files[ARTIFACT_FILES.verifier] = v.artifact
    verifierEntry = { contract: ARTIFACT_FILES.verifier, solc: v.solc, publicInputs: v.publicInputs }
  }
  const entries: Record<string, FileEntry> = {}
  for (const [name, bytes] of Object.entries(files)) entries[name] = { sha256: sha256Hex(bytes), size: bytes.length }
  const manifest: IdentityManifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    statement: 'identity',
    compiler: COMPILER_VERSION,
    createdAt: new Date().toISOString(),
    modelHash: `0x${entries[ARTIFACT_FILES.circuit]!.sha256}`,
    vkeyHash: vkeyHash(vkey as unknown as VkeyPoints),
    model: { file: ARTIFACT_FILES.model, sha256: entries[ARTIFACT_FILES.model]!.sha256, opset: parsed.opset, producer: parsed.producer },
    circuit: { constraints: nConstraints, wires: r1cs.nWires, nonZeros, power: setup.power },
    identity: { threshold: circuit.threshold, codeBits: circuit.codeBits, merkleDepth: circuit.merkleDepth, shifts: circuit.shifts, publicSignals: circuit.publicSignals },
    setup,
    ...(verifierEntry ? { verifier: verifierEntry } : {}),
    files: entries,
  }
  return { manifest, files, circuit, zkey, vkey, r1cs, setup, timings: { lowerMs: t1 - t0, setupMs: t2 - t1 } }
}

const stale = identityArtifactsStale

/**
 * Checks that a circuit artifact matches this library's identity statement.
 *
 * @throws {ArtifactError} When the artifact is of another version or was built with other constants.
 */
export function assertIdentityCircuit(circuit: IdentityCircuitArtifact): IdentityCircuitArtifact {
  if (circuit?.version !== IDENTITY_CIRCUIT_VERSION) throw stale(`circuit.json version ${String(circuit?.version)}, expected ${IDENTITY_CIRCUIT_VERSION}`)
  const same =
    circuit.merkleDepth === MERKLE_DEPTH &&
    circuit.codeBits === IRIS_CODE_BITS &&
    circuit.shifts?.join() === IRIS_SHIFTS.join() &&
    Number.isSafeInteger(circuit.threshold) && circuit.threshold > 0 && circuit.threshold < IRIS_CODE_BITS &&
    typeof circuit.model === 'object' && circuit.model !== null
  if (!same) throw stale('other statement constants')
  return circuit
}

/**
 * Decodes and checks the identity statement's `circuit.json`.
 *
 * @param bytes - The file's bytes (already checked against the manifest).
 * @returns {@link IdentityCircuitArtifact}
 * @throws {ArtifactError} When it is not JSON, or was built for another version of the statement.
 */
export function parseIdentityCircuit(bytes: Uint8Array): IdentityCircuitArtifact {
  let circuit: unknown
  try {
    circuit = JSON.parse(new TextDecoder().decode(bytes))
  } catch (cause) {
    throw new ArtifactError('The identity circuit.json is not valid JSON.', { file: ARTIFACT_FILES.circuit, cause })
  }
  return assertIdentityCircuit(circuit as IdentityCircuitArtifact)
}

/** Parameters of {@link decodeIdentityArtifacts}: an artifact set in memory. */
export type DecodeIdentityArtifactsParameters = {
  /** The manifest object, or manifest.json's text or bytes. */
  manifest: IdentityManifest | ManifestBase | string | Uint8Array
  /** File bytes by file name (`circuit.json`, `circuit.zkey`, `vkey.json`; others are ignored). */
  files: Readonly<Record<string, Uint8Array>>
}

/**
 * Checks an identity artifact set held in memory (e.g. read from disk in Node) and decodes what
 * `proveIdentity` needs: the manifest must name the identity statement, each file must match its
 * sha256, and `vkey.json` its `vkeyHash`. In the browser, `loadArtifacts({ statement: 'identity' })`
 * and `createStatementProver` do the same checks.
 *
 * @param parameters - {@link DecodeIdentityArtifactsParameters}
 * @returns {@link IdentityArtifacts}
 * @throws {ArtifactError} When the manifest is invalid, a file is missing, or the set is stale.
 * @throws {ArtifactHashMismatchError} When a file differs from its manifest entry.
 * @throws {StatementMismatchError} When the manifest names another statement.
 */
export function decodeIdentityArtifacts({ manifest, files }: DecodeIdentityArtifactsParameters): IdentityArtifacts {
  const text = typeof manifest === 'string' ? manifest : manifest instanceof Uint8Array ? new TextDecoder().decode(manifest) : JSON.stringify(manifest)
  const m = checkIdentityManifest(parseStatementManifest(text, { statement: 'identity' }))
  const get = (name: string) => {
    const bytes = files[name]
    if (!(bytes instanceof Uint8Array)) throw new ArtifactError(`The identity artifact set lacks "${name}".`, { file: name })
    return checkArtifactBytes(m, name, bytes)
  }
  const vkey = JSON.parse(new TextDecoder().decode(get(ARTIFACT_FILES.vkey))) as Groth16VerificationKey
  if (vkeyHash(vkey as unknown as VkeyPoints) !== m.vkeyHash) throw new ArtifactError('vkey.json does not match the manifest\'s vkeyHash.', { file: ARTIFACT_FILES.vkey })
  return { circuit: parseIdentityCircuit(get(ARTIFACT_FILES.circuit)), zkey: get(ARTIFACT_FILES.zkey), vkey }
}
