/**
 * The snarkjs adapter: Groth16 prove and verify over in-memory keys and witnesses.
 * snarkjs is imported lazily (it is large); its global curve (worker threads in Node) is released
 * by `releaseSnarkjs()` so processes can exit without `process.exit`.
 */
import { writeWtns } from '../formats/wtns.js'
import { ZkmlError } from '../errors/base.js'
import { DEFAULT_PROVER, proveGroth16Wasm, type ProverKind } from './wasmProver.js'

/** A Groth16 proof as snarkjs returns it (decimal strings). */
export type Groth16Proof = {
  pi_a: string[]
  pi_b: string[][]
  pi_c: string[]
  protocol: string
  curve: string
}

/** The verification key JSON as snarkjs exports it. */
export type VerificationKey = Record<string, unknown> & { nPublic: number; protocol: string; curve: string }

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

/** The Groth16 prover failed (corrupt key, witness of the wrong size, …). */
export class ProverError extends ZkmlError {
  override name = 'ProverError'
  constructor(cause: unknown) {
    super('Groth16 proving failed.', { cause })
  }
}

/**
 * Proves with our wasm Groth16 prover (default) or snarkjs's; both give proofs snarkjs verifies.
 * @param params.zkey proving key bytes (`circuit.zkey`)
 * @param params.witness full assignment (field elements)
 * @param params.prover `'wasm'` (default; the key stays loaded while the same bytes are passed) or `'snarkjs'`
 * @param params.threads wasm prover threads (default: cores, at most 4)
 * @returns the proof and public signals (decimal strings)
 * @throws ProverError wrapping the prover's error
 */
export async function proveGroth16({ zkey, witness, prover = DEFAULT_PROVER, threads }: { zkey: Uint8Array; witness: readonly bigint[]; prover?: ProverKind | undefined; threads?: number | undefined }): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  if (prover === 'wasm') {
    try {
      return await proveGroth16Wasm({ zkey, witness, threads })
    } catch (e) {
      throw new ProverError(e)
    }
  }
  const snarkjs = await loadSnarkjs()
  try {
    return await snarkjs.groth16.prove({ type: 'mem', data: zkey }, { type: 'mem', data: writeWtns([...witness]) })
  } catch (e) {
    throw new ProverError(e)
  }
}

/**
 * Verifies a Groth16 proof. Returns false only when the proof is cryptographically invalid;
 * malformed arguments throw.
 */
export async function verifyGroth16({ vkey, proof, publicSignals }: { vkey: VerificationKey; proof: Groth16Proof; publicSignals: readonly string[] }): Promise<boolean> {
  if (!Array.isArray(publicSignals) || publicSignals.length !== vkey.nPublic) {
    throw new ZkmlError(`Expected ${vkey.nPublic} public signals, got ${Array.isArray(publicSignals) ? publicSignals.length : typeof publicSignals}.`)
  }
  if (!proof || !Array.isArray(proof.pi_a) || !Array.isArray(proof.pi_b) || !Array.isArray(proof.pi_c)) {
    throw new ZkmlError('Malformed proof: expected pi_a, pi_b, pi_c arrays.')
  }
  const snarkjs = await loadSnarkjs()
  const silent = { info() {}, debug() {}, warn() {}, error() {} }
  return snarkjs.groth16.verify(vkey, [...publicSignals], proof, silent)
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
