/**
 * The prover worker's API (runs inside `workers/prover.worker.ts`): holds the circuit and the
 * proving key once, then per proof quantizes the input, computes the witness by running the
 * circuit's own lowering in witness mode (`prove/witness.ts`: the same kernels that emitted the
 * constraints, on the circuit domain), and proves with Groth16: by default our wasm prover
 * (`wasm/`; the key is copied once into its memory at init and the bytes are dropped; with
 * cross-origin isolation it runs on `blob:` sub-workers sharing that memory), or snarkjs's
 * (`prover: 'snarkjs'`, which keeps the key bytes and spreads its multi-exponentiations over its own
 * `blob:` sub-workers). The input never leaves this worker except as the proof and the public
 * signals the statement makes public.
 */
import { releaseProxy } from 'comlink'
import type { CircuitArtifact } from '../../prove/artifact.js'
import { computeWitness } from '../../prove/witness.js'
import { loadSnarkjs, type Groth16Proof, type Groth16VerificationKey } from '../../prove/groth16.js'
import { ProverError } from '../../errors/prove.js'
import type { ProofFile } from '../../prove/prove.js'
import { verifyWithArtifacts, type VerifiableProof, type VerifyWithArtifactsReturnType } from '../../prove/verify.js'
import type { StatementSalts } from '../../circuit/lowerModel.js'
import type { MessageInput } from '../../prove/message.js'
import { writeWtns } from '../../formats/wtns.js'
import { InternalError } from '../../errors/internal.js'
import { guarded } from '../workerErrors.js'
import type { OnProveProgress } from '../types.js'
import { DEFAULT_PROVER, type ProverKind } from '../../prove/wasmProver.js'
import { createWasmProver, type WasmProver } from '../../../wasm/prover.js'

/** What the prover worker's `prove` returns (`inputSalt`: the private opening of a hashed input). */
export type ProverWorkerProveReturnType = ProofFile & { inputSalt?: string | undefined; timings: { witness: number; prove: number } }

const now = () => (globalThis.performance ?? Date).now()
const decode = <T>(bytes: Uint8Array): T => JSON.parse(new TextDecoder().decode(bytes)) as T

// snarkjs's groth16.prove logs these steps (in this order) through `logger.debug`.
const PROVE_STEPS = ['Reading Wtns', 'Reading Coeffs', 'Building ABC', 'Join ABC', 'Reading A Points', 'Reading B1 Points', 'Reading B2 Points', 'Reading C Points', 'Reading H Points']

let circuit: CircuitArtifact | undefined
let zkey: Uint8Array | undefined
let wasmProver: WasmProver | undefined

async function warmUp(): Promise<void> {
  // snarkjs is loaded and its curve built with either prover: this worker verifies with it, and
  // nothing (no module, no blob: worker) may be fetched once the prover is ready.
  await loadSnarkjs()
  // Builds snarkjs's shared BN254 curve (its wasm and sub-workers) now rather than in the first proof.
  const ff = (await import('ffjavascript')) as { buildBn128(singleThread?: boolean): Promise<unknown> }
  await ff.buildBn128()
}

type InitParameters = {
  circuit: Uint8Array
  zkey: Uint8Array
  warm?: boolean | undefined
  /** `wasm` (default) or `snarkjs`. */
  prover?: ProverKind | undefined
  /** wasm prover threads (default: cores, at most 4; 1 without cross-origin isolation). */
  threads?: number | undefined
}

async function init(p: InitParameters): Promise<void> {
  circuit = decode<CircuitArtifact>(p.circuit)
  await wasmProver?.dispose()
  wasmProver = undefined
  zkey = undefined
  if ((p.prover ?? DEFAULT_PROVER) === 'wasm') {
    try {
      wasmProver = await createWasmProver({ zkey: p.zkey, threads: p.threads })
    } catch (e) {
      throw new ProverError(e)
    }
  } else zkey = p.zkey
  if (p.warm !== false) await warmUp()
}

type ProveParameters = {
  input: Record<string, number[]>
  clamp: boolean
  salts?: StatementSalts | undefined
  message?: MessageInput | undefined
  /** Progress inside the worker: `witness` then `prove`, each 0..1 (the runtime's own event type). */
  onProgress?: OnProveProgress | undefined
}

// `onProgress` is a separate argument: comlink only passes proxied callbacks at the top level.
async function prove(p: Omit<ProveParameters, 'onProgress'>, onProgress?: OnProveProgress): Promise<ProverWorkerProveReturnType> {
  try {
    return await proveInner({ ...p, onProgress })
  } finally {
    // Close the progress callback's channel (a comlink proxy) now rather than at GC.
    ;(onProgress as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.()
  }
}

async function proveInner({ input, clamp, salts, message, onProgress }: ProveParameters): Promise<ProverWorkerProveReturnType> {
  if (!circuit || (!zkey && !wasmProver)) throw new InternalError({ invariant: 'the prover worker was asked to prove before init()' })
  const t0 = now()
  onProgress?.({ stage: 'witness', fraction: 0 })
  const w = computeWitness({ circuit, input, clamp, salts, message })
  onProgress?.({ stage: 'witness', fraction: 1 })
  const t1 = now()
  onProgress?.({ stage: 'prove', fraction: 0 })
  let res: { proof: Groth16Proof; publicSignals: string[] }
  if (wasmProver) {
    try {
      res = await wasmProver.prove(w.witness, (fraction) => onProgress?.({ stage: 'prove', fraction }))
    } catch (e) {
      throw new ProverError(e)
    }
  } else res = await proveSnarkjs(zkey!, w.witness, onProgress)
  onProgress?.({ stage: 'prove', fraction: 1 })
  const t2 = now()
  return {
    proof: res.proof,
    publicSignals: res.publicSignals,
    circuitOutput: w.circuitOutput,
    outputIntegers: Object.fromEntries(Object.entries(w.outputIntegers).map(([k, v]) => [k, v.map(String)])),
    ...(w.salts.output !== undefined ? { outputSalt: w.salts.output.toString() } : {}),
    ...(w.salts.input !== undefined ? { inputSalt: w.salts.input.toString() } : {}),
    ...(w.message !== undefined ? { message: w.message.toString() } : {}),
    timings: { witness: t1 - t0, prove: t2 - t1 },
  }
}

async function proveSnarkjs(zkey: Uint8Array, witness: readonly bigint[], onProgress: OnProveProgress | undefined): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
  const wtns = writeWtns([...witness])
  let step = -1
  const logger = {
    debug(msg: unknown) {
      const i = PROVE_STEPS.indexOf(String(msg))
      if (i > step) {
        step = i
        onProgress?.({ stage: 'prove', fraction: (i + 1) / (PROVE_STEPS.length + 1) })
      }
    },
    info() {},
    warn() {},
    error() {},
  }
  const snarkjs = await loadSnarkjs()
  try {
    return await snarkjs.groth16.prove({ type: 'mem', data: zkey }, { type: 'mem', data: wtns }, logger)
  } catch (e) {
    throw new ProverError(e)
  }
}

/** Verifies a proof file against a circuit and key (the code `zkml verify` runs, in the worker). */
export async function verifyInWorker(p: { circuit: Uint8Array; vkey: Uint8Array; proofFile: VerifiableProof }): Promise<VerifyWithArtifactsReturnType> {
  return verifyWithArtifacts({ circuit: decode<CircuitArtifact>(p.circuit), vkey: decode<Groth16VerificationKey>(p.vkey), proofFile: p.proofFile })
}

/** The API the prover worker exposes through comlink. */
export const proverWorkerApi = {
  /** Loads snarkjs and builds its curve (it verifies, and proves with `prover: 'snarkjs'`), before the keys arrive. */
  warmUp: guarded(warmUp),
  /** Loads the circuit and proving key into the chosen prover (and warms snarkjs unless `warm: false`). */
  init: guarded(init),
  /** Computes the witness and the Groth16 proof. */
  prove: guarded(prove),
  /** Verifies a proof against a circuit and verification key (snarkjs + public-signal checks). */
  verify: guarded(verifyInWorker),
}
export type ProverWorkerApi = typeof proverWorkerApi
