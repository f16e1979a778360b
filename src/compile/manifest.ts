/**
 * `manifest.json`: the index of a compiled artifact directory. Every file is listed with its sha256
 * and size; loaders (Node and browser) refuse a file whose hash does not match.
 */
import type { QuantizedInput, QuantizedOutput } from '../ir/model.js'
import type { PublicSignalEntry, Visibility } from '../circuit/lowerModel.js'
import type { FidelityReport } from './fidelity.js'

export const MANIFEST_FORMAT = 'zkml-artifacts'
export const MANIFEST_VERSION = 1

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

/** Where the proving key came from. `dev-insecure`: a single machine knew the toxic waste. */
export type SetupProvenance =
  | { kind: 'dev-insecure'; power: number; note: string }
  | { kind: 'ceremony'; power: number; ptauSha256: string; contributions: number; beacon: boolean }

export type Manifest = {
  format: typeof MANIFEST_FORMAT
  version: typeof MANIFEST_VERSION
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
  quantization: { inputBits: number; weightBits: number; activationBits: number }
  setup: SetupProvenance
  fidelity: FidelityReport
  verifier?: { contract: string; solc: string; publicInputs: number } | undefined
  files: Record<string, FileEntry>
}
