/**
 * `manifest.json`: the index of a compiled artifact directory. Every file is listed with its sha256
 * and size; loaders (Node and browser) refuse a file whose hash does not match.
 */
import type { AutoRequant, QuantizedInput, QuantizedOutput } from '../ir/model.js'
import type { PublicSignalEntry, Visibility } from '../circuit/lowerModel.js'
import type { FidelityReport } from './fidelity.js'
import type { LayerBits } from '../quantize/bitWidths.js'

export const MANIFEST_FORMAT = 'zkml-artifacts'
/**
 * 2: `setup` records the phase-2 contributions (names + hashes) and the beacon; keys never have
 * γ = δ. Version-1 artifacts (whose dev and default `--ptau` keys had γ = δ) are refused.
 */
export const MANIFEST_VERSION = 2

/**
 * The statements an artifact set can prove, by name (`manifest.statement`; absent means `model`):
 * - `model`: "this ONNX model, run on this input, gives this output" (`compileModel`);
 * - `identity`: "a fresh iris capture matches an enrolled identity" (`@zkml/web/identity`,
 *   `buildIdentityArtifacts`).
 * Every set uses the same manifest, file names, loaders, cache and prover worker; the prover worker
 * computes the witness with the statement named here (`src/runtime/worker/statements.ts`).
 */
export const STATEMENT_KINDS = ['model', 'identity'] as const
/** A statement's name (see {@link STATEMENT_KINDS}). */
export type StatementKind = (typeof STATEMENT_KINDS)[number]

/** The artifact files, by role. */
export const ARTIFACT_FILES = {
  model: 'model.onnx',
  circuit: 'circuit.json',
  r1cs: 'circuit.r1cs',
  zkey: 'circuit.zkey',
  vkey: 'vkey.json',
  verifierSource: 'Verifier.sol',
  verifier: 'verifier.json',
} as const

export type FileEntry = { sha256: string; size: number }

/** A phase-2 contribution recorded in the key: its name and blake2b-512 contribution hash (hex). */
export type SetupContribution = { name: string; hash: string }

/** The public random beacon applied after the contributions (see snarkjs `zkey beacon`). */
export type SetupBeacon = {
  /** The beacon value (hex), public. */
  hash: string
  /** log2 of the hash iterations. */
  iterationsExp: number
  /** blake2b-512 contribution hash of the beacon step (hex). */
  contributionHash: string
}

/**
 * Where the proving key came from (what `classifySetup` judges).
 * - `dev-insecure`: the one-party dev setup; one machine drew τ, α, β and δ (the one recorded
 *   contribution) and could forge proofs; trusted only as far as that machine.
 * - `ceremony`: a public ceremony ptau (`ptauSha256`) plus the listed secret phase-2 contributions
 *   and an optional public beacon; sound as long as the ceremony and one contributor were honest.
 * `circuitHash` is the blake2b-512 hash `snarkjs zkey new` prints (what `zkey verify` checks).
 */
export type SetupProvenance =
  | { kind: 'dev-insecure'; power: number; circuitHash: string; contributions: SetupContribution[]; beacon: null; note: string }
  | { kind: 'ceremony'; power: number; ptauSha256: string; circuitHash: string; contributions: SetupContribution[]; beacon: SetupBeacon | null }

/**
 * What every artifact set's manifest holds, whatever its statement: what the loaders, the cache
 * and the setup policy read. {@link Manifest} (a model) and the identity statement's manifest
 * (`IdentityManifest` in `@zkml/web/identity`) extend it.
 */
export type ManifestBase = {
  format: typeof MANIFEST_FORMAT
  version: typeof MANIFEST_VERSION
  /** The statement the keys prove (absent: `model`). */
  statement?: StatementKind | undefined
  compiler: string
  createdAt: string
  /** 0x-prefixed sha256 of circuit.json (a label, see {@link Manifest}). */
  modelHash: `0x${string}`
  /** The verification key's hash (`vkeyHash` in `@zkml/web/chain`). */
  vkeyHash: `0x${string}`
  setup: SetupProvenance
  verifier?: { contract: string; solc: string; publicInputs: number } | undefined
  /** Every file of the set with its sha256 and size: loaders refuse a file that differs. */
  files: Record<string, FileEntry>
}

export type Manifest = {
  format: typeof MANIFEST_FORMAT
  version: typeof MANIFEST_VERSION
  /** Absent for a model (compiled models omit it, so their manifests are unchanged). */
  statement?: 'model' | undefined
  compiler: string
  createdAt: string
  /**
   * 0x-prefixed sha256 of circuit.json: identifies the proven model + statement. A label only: it
   * binds no key, so two setups of one circuit share it and anyone can deploy under it.
   */
  modelHash: `0x${string}`
  /**
   * The verification key's hash (`vkeyHash` in `@zkml/web/chain`: keccak256 over vkey.json's points):
   * what the generated verifier's `vkeyHash()`, the `ZkmlVerified` adapter and its events carry.
   * Pin this (or an adapter address), never `modelHash` alone.
   */
  vkeyHash: `0x${string}`
  model: { file: string; sha256: string; opset: number; producer?: string | undefined }
  inputs: QuantizedInput[]
  outputs: QuantizedOutput[]
  visibility: Visibility
  publicSignals: { count: number; layout: PublicSignalEntry[] }
  /**
   * Hidden-weights mode only: the weights commitment (the expected value of the `weightsHash`
   * public signal, 0x-prefixed 32-byte hex) and how many values it commits to.
   */
  weights?: { visibility: 'private'; commitment: `0x${string}`; values: number } | undefined
  circuit: { constraints: number; wires: number; nonZeros: number; power: number; maxValueBits: number }
  /**
   * Bit widths: the global ones, the per-layer ones when any were set or searched (see `LayerBits`),
   * and the requantizations the quantizer inserted so the integer executor stays exact (absent when
   * none were; see `src/quantize/executorRange.ts`).
   */
  quantization: { inputBits: number; weightBits: number; activationBits: number; layers?: LayerBits | undefined; requantized?: AutoRequant[] | undefined }
  setup: SetupProvenance
  fidelity: FidelityReport
  verifier?: { contract: string; solc: string; publicInputs: number } | undefined
  files: Record<string, FileEntry>
}
