/**
 * The snarkjs adapter: Groth16 prove and verify over in-memory keys and witnesses.
 * snarkjs is imported lazily (it is large); its global curve (worker threads in Node) is released
 * by `releaseSnarkjs()` so processes can exit without `process.exit`.
 */
import { writeWtns } from '../formats/wtns.js'
import { ProverError } from '../errors/prove.js'
import { parseGroth16Proof, parsePublicSignals } from './proofShape.js'
import { DEFAULT_PROVER, proveGroth16Wasm, type ProverKind } from './wasmProver.js'
import type { ZkeyReader } from '../../wasm/zkey.js'
import { dropVerifyCurve, ensureVerifyCurve } from './verifyCurve.js'

/**
 * A Groth16 proof in snarkjs's JSON form: projective coordinates with z = 1,
 * `pi_a = [x, y, "1"]`, `pi_b = [[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]`, `pi_c = [x, y, "1"]`.
 * The provers return decimal strings (`Groth16Proof`); functions that only read a proof (`toCalldata`,
 * `submitProof`, `verifyPersonhood`) take `Groth16Proof<BigIntish>`, bigints allowed.
 */
export type Groth16Proof<T extends string | bigint = string> = {
  pi_a: readonly T[]
  pi_b: readonly (readonly T[])[]
  pi_c: readonly T[]
  /** `"groth16"` (snarkjs sets it). */
  protocol?: string | undefined
  /** `"bn128"` (snarkjs's name for BN254). */
  curve?: string | undefined
}

/**
 * A Groth16 BN254 verification key in snarkjs's JSON form (`vkey.json`, `zkey export verificationkey`):
 * points as projective decimal strings (`[x, y, "1"]`; G2 coordinates as `[c0, c1]`), `IC` holding
 * nPublic + 1 points, and e(α, β) in `vk_alphabeta_12` (snarkjs writes it; the verifiers recompute it).
 */
export type Groth16VerificationKey = {
  protocol: 'groth16'
  curve: 'bn128'
  nPublic: number
  vk_alpha_1: readonly string[]
  vk_beta_2: readonly (readonly string[])[]
  vk_gamma_2: readonly (readonly string[])[]
  vk_delta_2: readonly (readonly string[])[]
  vk_alphabeta_12?: readonly (readonly (readonly string[])[])[] | undefined
  IC: readonly (readonly string[])[]
}

type Snarkjs = {
  groth16: {
    prove(zkey: unknown, wtns: unknown, logger?: unknown, options?: unknown): Promise<{ proof: Groth16Proof; publicSignals: string[] }>
    verify(vkey: unknown, publicSignals: string[], proof: Groth16Proof, logger?: unknown): Promise<boolean>
  }
}

let snarkjsPromise: Promise<Snarkjs> | undefined
/** Loads snarkjs once. */
export function loadSnarkjs(): Promise<Snarkjs> {
  snarkjsPromise ??= import('snarkjs') as unknown as Promise<Snarkjs>
  return snarkjsPromise
}

/**
 * Proves with our wasm Groth16 prover (default) or snarkjs's; both give proofs snarkjs verifies.
 * @param params.zkey proving key bytes (`circuit.zkey`), or a reader over them (the wasm prover then
 *   streams the key into its memory and it is never held whole in JavaScript; see `src/node/zkeyFile.ts`)
 * @param params.witness full assignment (field elements)
 * @param params.prover `'wasm'` (default; the key stays loaded while the same bytes are passed) or `'snarkjs'`
 * @param params.threads wasm prover threads (default: cores, at most 4)
 * @returns the proof and public signals (decimal strings)
 * @throws ProverError wrapping the prover's error
 */
export async function proveGroth16({ zkey, witness, prover = DEFAULT_PROVER, threads }: { zkey: Uint8Array | ZkeyReader; witness: readonly bigint[]; prover?: ProverKind | undefined; threads?: number | undefined }): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  if (prover === 'wasm') {
    try {
      return await proveGroth16Wasm({ zkey, witness, threads })
    } catch (e) {
      throw new ProverError(e)
    }
  }
  const snarkjs = await loadSnarkjs()
  dropVerifyCurve()
  try {
    const data = zkey instanceof Uint8Array ? zkey : new Uint8Array(zkey.size)
    if (!(zkey instanceof Uint8Array)) await zkey.read(data, 0)
    return await snarkjs.groth16.prove({ type: 'mem', data }, { type: 'mem', data: writeWtns([...witness]) })
  } catch (e) {
    throw new ProverError(e)
  }
}

/**
 * Verifies a Groth16 proof. Returns false only when the proof is cryptographically invalid;
 * a malformed proof or public signal (see `proofShape.ts`) throws `InvalidProofError`.
 * @throws {InvalidProofError} When the proof object or the public signals are malformed.
 */
export async function verifyGroth16({ vkey, proof, publicSignals }: { vkey: Groth16VerificationKey; proof: unknown; publicSignals: readonly unknown[] }): Promise<boolean> {
  const signals = parsePublicSignals(publicSignals, vkey.nPublic).map(String)
  const clean = parseGroth16Proof(proof)
  const snarkjs = await loadSnarkjs()
  await ensureVerifyCurve()
  const silent = { info() {}, debug() {}, warn() {}, error() {} }
  return snarkjs.groth16.verify(vkey, signals, clean, silent)
}

/** Terminates snarkjs's shared curve (its worker threads), if one was built. Safe to call twice. */
export async function releaseSnarkjs(): Promise<void> {
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }
  const curve = g.curve_bn128
  if (curve) {
    g.curve_bn128 = null
    await curve.terminate()
  }
}
