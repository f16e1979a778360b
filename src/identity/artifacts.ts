/**
 * Proving artifacts of the identity circuit: the quantized model + statement constants (what the
 * witness needs), the Groth16 keys, and the sizes. Built once (Node or browser), loaded by the prover.
 */
import type { R1cs } from '../circuit/r1cs.js'
import type { QuantizedModel } from '../ir/model.js'
import { devSetup, devSetupRecord } from '../setup/devSetup.js'
import type { SetupProvenance } from '../compile/manifest.js'
import type { Groth16VerificationKey } from '../prove/groth16.js'
import { ArtifactError } from '../errors/artifact.js'
import { IRIS_CODE_BITS, IRIS_SHIFTS, IRIS_THRESHOLD, MERKLE_DEPTH } from './config.js'
import { capture, irisStrip, type IrisStrip } from './iris.js'
import { quantizeIrisModel } from './model.js'
import { IDENTITY_PUBLIC_SIGNALS, buildIdentityCircuit } from './statement.js'
import type { OnProgress } from '../utils/progress.js'

/** Format version of {@link IdentityCircuitArtifact}. */
export const IDENTITY_CIRCUIT_VERSION = 1

/** `identity-circuit.json`: everything the witness needs besides the private inputs. */
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
  setup: 'dev-insecure'
}

/** What `proveIdentity` needs. */
export type IdentityArtifacts = {
  circuit: IdentityCircuitArtifact
  /** Groth16 proving key (`.zkey`). */
  zkey: Uint8Array
  vkey: Groth16VerificationKey
}

/** Parameters of {@link buildIdentityArtifacts}. */
export type BuildIdentityArtifactsParameters = {
  /** `iriscode.onnx` bytes. */
  onnx: Uint8Array
  /** Calibration captures. Default: 8 synthetic captures. */
  calibration?: readonly IrisStrip[] | undefined
  /** Progress of the setup's long steps. */
  onProgress?: OnProgress | undefined
}

/** Result of {@link buildIdentityArtifacts}: the artifacts plus the R1CS, the setup record and timings. */
export type BuildIdentityArtifactsReturnType = IdentityArtifacts & {
  r1cs: R1cs
  /** The dev setup's record (its δ contribution), e.g. for `buildVerifier(vkey, { setup })`. */
  setup: SetupProvenance
  timings: { lowerMs: number; setupMs: number }
}

/**
 * Quantizes the model, builds the identity circuit's constraints and runs the one-party dev setup
 * (random τ, α, β and δ known to this process for a moment: the keys are trusted only as far as this
 * machine; development and demos only).
 *
 * @param parameters - {@link BuildIdentityArtifactsParameters}
 * @returns {@link BuildIdentityArtifactsReturnType}
 * @throws {ArtifactError} When the model does not quantize exactly.
 * @example
 * import { buildIdentityArtifacts } from '@zkml/web/identity'
 * const { circuit, zkey, vkey } = await buildIdentityArtifacts({ onnx })
 */
export async function buildIdentityArtifacts({ onnx, calibration, onProgress }: BuildIdentityArtifactsParameters): Promise<BuildIdentityArtifactsReturnType> {
  const captures = calibration ?? Array.from({ length: 8 }, (_, k) => capture({ strip: irisStrip({ seed: `calibration-${k}` }), seed: k }))
  const t0 = performance.now()
  const model = quantizeIrisModel({ onnx, calibration: captures })
  onProgress?.({ stage: 'lower', done: 0, total: 1 })
  const { r1cs, nConstraints } = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: true, witness: false } })
  onProgress?.({ stage: 'lower', done: 1, total: 1 })
  const t1 = performance.now()
  const { zkey, vkey, provenance } = await devSetup({ r1cs, onProgress: (p) => onProgress?.({ ...p, stage: `setup:${p.stage}` }) })
  const t2 = performance.now()
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
    nonZeros: r1cs.constraints.reduce((a, k) => a + k.a.size + k.b.size + k.c.size, 0),
    setup: 'dev-insecure',
  }
  return { circuit, zkey, vkey, r1cs, setup: devSetupRecord(provenance), timings: { lowerMs: t1 - t0, setupMs: t2 - t1 } }
}

/**
 * Checks that a loaded circuit artifact matches this library's identity statement.
 *
 * @throws {ArtifactError} When the artifact is of another version or was built with other constants.
 */
export function assertIdentityCircuit(circuit: IdentityCircuitArtifact): IdentityCircuitArtifact {
  const same =
    circuit?.version === IDENTITY_CIRCUIT_VERSION &&
    circuit.merkleDepth === MERKLE_DEPTH &&
    circuit.codeBits === IRIS_CODE_BITS &&
    circuit.shifts?.join() === IRIS_SHIFTS.join() &&
    Number.isSafeInteger(circuit.threshold) && circuit.threshold > 0 && circuit.threshold < IRIS_CODE_BITS
  if (!same)
    throw new ArtifactError('The identity artifacts do not match this version of @zkml/web.', {
      file: IDENTITY_ARTIFACT_FILES.circuit,
      details: 'Rebuild them with scripts/identity/buildArtifacts.ts (and redeploy the verifier).',
    })
  return circuit
}

/** File names of the identity artifacts (what `scripts/identity/buildArtifacts.ts` writes and the dApp fetches). */
export const IDENTITY_ARTIFACT_FILES = {
  circuit: 'identity-circuit.json',
  zkey: 'identity.zkey',
  vkey: 'identity-vkey.json',
} as const

/**
 * The artifacts as files (bytes by file name).
 *
 * @param artifacts - {@link IdentityArtifacts}
 * @returns `{ [IDENTITY_ARTIFACT_FILES.*]: bytes }`
 */
export function encodeIdentityArtifacts(artifacts: IdentityArtifacts): Record<string, Uint8Array> {
  const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v))
  return {
    [IDENTITY_ARTIFACT_FILES.circuit]: json(artifacts.circuit),
    [IDENTITY_ARTIFACT_FILES.zkey]: artifacts.zkey,
    [IDENTITY_ARTIFACT_FILES.vkey]: json(artifacts.vkey),
  }
}

/**
 * Parses artifacts from files (e.g. fetched by the browser).
 *
 * @param files - Bytes by file name ({@link IDENTITY_ARTIFACT_FILES}).
 * @returns {@link IdentityArtifacts}
 * @throws {ArtifactError} When a file is missing, unparsable or of another version.
 */
export function decodeIdentityArtifacts(files: Record<string, Uint8Array>): IdentityArtifacts {
  const get = (name: string) => {
    const bytes = files[name]
    if (!(bytes instanceof Uint8Array)) throw new ArtifactError(`Identity artifact ${name} is missing.`, { file: name })
    return bytes
  }
  const json = (name: string): unknown => {
    try {
      return JSON.parse(new TextDecoder().decode(get(name)))
    } catch (cause) {
      throw new ArtifactError(`Identity artifact ${name} is not valid JSON.`, { file: name, cause })
    }
  }
  return {
    circuit: assertIdentityCircuit(json(IDENTITY_ARTIFACT_FILES.circuit) as IdentityCircuitArtifact),
    zkey: get(IDENTITY_ARTIFACT_FILES.zkey),
    vkey: json(IDENTITY_ARTIFACT_FILES.vkey) as Groth16VerificationKey,
  }
}
