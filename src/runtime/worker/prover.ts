/**
 * The prover worker's API (runs inside `workers/prover.worker.ts`): holds one statement's circuit
 * and proving key, then per proof computes the witness with that statement's definition (the
 * registry in `statements.ts`: for a model, quantize the input and run the circuit's own lowering
 * in witness mode on the circuit domain; for the identity statement, match the capture and build
 * its witness) and proves with Groth16: by default our wasm prover (`wasm/`; the key arrives as a
 * Blob and is streamed into its memory a slice at a time, so it is held once; with cross-origin
 * isolation it runs on `blob:` sub-workers sharing that memory), or snarkjs's (`prover: 'snarkjs'`, which keeps the key bytes
 * and spreads its multi-exponentiations over its own `blob:` sub-workers, one per core on devices
 * with at most MAX_THREADS = 4 cores, none above: see {@link snarkjsThreading}). The inputs never leave
 * this worker except as the proof and the public signals the statement makes public (plus the
 * statement's own output, e.g. a model's proven output).
 */
import { releaseProxy } from 'comlink'
import type { CircuitArtifact } from '../../prove/artifact.js'
import { loadSnarkjs, type Groth16Proof, type Groth16VerificationKey } from '../../prove/groth16.js'
import { ProverError } from '../../errors/prove.js'
import type { ProofFile } from '../../prove/prove.js'
import { verifyWithArtifacts, type VerifiableProof, type VerifyWithArtifactsReturnType } from '../../prove/verify.js'
import type { StatementSalts } from '../../circuit/lowerModel.js'
import type { MessageInput } from '../../prove/message.js'
import type { StatementKind } from '../../compile/manifest.js'
import { writeWtns } from '../../formats/wtns.js'
import { ProverNotInitializedError, StatementMismatchError } from '../../errors/statement.js'
import { guarded } from '../workerErrors.js'
import type { OnProveProgress } from '../types.js'
import type { StatementInput, StatementOutput } from '../statements.js'
import { loadStatement, type StatementOf } from './statements.js'
import { DEFAULT_PROVER, type ProverKind } from '../../prove/wasmProver.js'
import { createWasmProver, MAX_THREADS, type WasmProver } from '../../../wasm/prover.js'
import { dropVerifyCurve, ensureVerifyCurve } from '../../prove/verifyCurve.js'
import { blobZkeyReader } from '../keyBlob.js'

/** What the prover worker's `prove` returns (`inputSalt`: the private opening of a hashed input). */
export type ProverWorkerProveReturnType = ProofFile & { inputSalt?: string | undefined; timings: { witness: number; prove: number } }

const now = () => (globalThis.performance ?? Date).now()
const decode = <T>(bytes: Uint8Array): T => JSON.parse(new TextDecoder().decode(bytes)) as T

// snarkjs's groth16.prove logs these steps (in this order) through `logger.debug`.
const PROVE_STEPS = ['Reading Wtns', 'Reading Coeffs', 'Building ABC', 'Join ABC', 'Reading A Points', 'Reading B1 Points', 'Reading B2 Points', 'Reading C Points', 'Reading H Points']

/** The statement this worker proves: its definition and decoded circuit. */
let held: { statement: StatementOf<StatementKind>; circuit: unknown } | undefined
/** The proving key, with `prover: 'snarkjs'` (our wasm prover holds its own converted copy). */
let zkey: Uint8Array | undefined
let wasmProver: WasmProver | undefined
/** Proofs made by this worker (the first one pays the provers' warm-up). */
let proofs = 0

/** Parameters of the prover worker's `warmUp`. */
export type ProverWarmUpParameters = {
  /** The prover that will run (default `wasm`): it decides whether snarkjs's curve gets sub-workers. */
  prover?: ProverKind | undefined
}

/**
 * How snarkjs's prover (`prover: 'snarkjs'`) uses threads on a device with `cores` hardware
 * threads, capped like ours at {@link MAX_THREADS}. ffjavascript (0.3.1) offers no thread count:
 * its curve is either single-threaded (`buildBn128(true)`, snarkjs's `singleThread` option) or
 * starts one `blob:` sub-worker per core (`navigator.hardwareConcurrency` / `os.cpus()`, up to 64).
 * So up to {@link MAX_THREADS} cores it keeps ffjavascript's one sub-worker per core, and above
 * that it proves on a single-threaded curve (no sub-workers) rather than one per core: an 8-core
 * phone runs snarkjs on one thread instead of multiplying its memory by 8. Where the core count is
 * unknown (no `navigator`, e.g. Node 20) ffjavascript's own default applies.
 * @param cores hardware threads (default `navigator.hardwareConcurrency`)
 * @returns `per-core` (one sub-worker per core, at most MAX_THREADS) or `single` (no sub-workers)
 */
export function snarkjsThreading(cores: number | undefined = (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency): 'per-core' | 'single' {
  return cores !== undefined && cores > MAX_THREADS ? 'single' : 'per-core'
}

/** Installs the curve snarkjs's prover will use (see {@link snarkjsThreading}). */
async function snarkjsProvingCurve(): Promise<void> {
  // A single-threaded curve in ffjavascript's global slot is what snarkjs's prove picks up (and
  // keeps: built once, not per proof); without it snarkjs builds its one-sub-worker-per-core curve.
  if (snarkjsThreading() === 'single') return ensureVerifyCurve()
  dropVerifyCurve()
  const ff = (await import('ffjavascript')) as { buildBn128(singleThread?: boolean): Promise<unknown> }
  await ff.buildBn128()
}

async function warmUp({ prover = DEFAULT_PROVER }: ProverWarmUpParameters = {}): Promise<void> {
  // snarkjs is loaded and its curve built with either prover: this worker verifies with it, and
  // nothing (no module, no blob: worker) may be fetched once the prover is ready.
  await loadSnarkjs()
  // Builds snarkjs's shared BN254 curve (its wasm and, for its prover, sub-workers) now rather than
  // in the first proof. With our prover snarkjs only verifies: a single-threaded curve (no
  // sub-workers, where ffjavascript would start one per core; see src/prove/verifyCurve.ts).
  if (prover === 'wasm') return ensureVerifyCurve()
  await snarkjsProvingCurve()
}

/** Parameters of the prover worker's `init`. */
export type ProverInitParameters = {
  /** `circuit.json` bytes. */
  circuit: Uint8Array
  /**
   * `circuit.zkey`, checked against the manifest: a Blob (what `createProver` sends: a handle, no
   * bytes copied), which the wasm prover reads a slice at a time into its memory, so the worker
   * never holds the key whole beside the prover's copy; or bytes (read the same way, by views).
   * snarkjs's prover needs the whole key as bytes: a Blob is read into one buffer, which it keeps.
   */
  zkey: Uint8Array | Blob
  /** The statement the artifacts prove (`manifest.statement`; default `model`). */
  statement?: StatementKind | undefined
  /** Load snarkjs and build its curve now (default true). */
  warm?: boolean | undefined
  /** `wasm` (default) or `snarkjs`. */
  prover?: ProverKind | undefined
  /** wasm prover threads (default: cores, at most 4; 1 without cross-origin isolation). */
  threads?: number | undefined
}

async function init(p: ProverInitParameters): Promise<void> {
  // Nothing of the previous statement survives a failed init: it is dropped before the new key is read.
  held = undefined
  zkey = undefined
  const previous = wasmProver
  wasmProver = undefined
  await previous?.dispose()
  const statement = await loadStatement(p.statement ?? 'model')
  const circuit = statement.parseCircuit(p.circuit)
  if ((p.prover ?? DEFAULT_PROVER) === 'wasm') {
    const key = p.zkey instanceof Uint8Array ? p.zkey : blobZkeyReader(p.zkey)
    try {
      wasmProver = await createWasmProver({ zkey: key, threads: p.threads })
    } catch (e) {
      throw new ProverError(e)
    }
  } else zkey = p.zkey instanceof Uint8Array ? p.zkey : new Uint8Array(await p.zkey.arrayBuffer())
  held = { statement, circuit }
  if (p.warm !== false) await warmUp({ prover: p.prover })
}

type ProveParameters = {
  input: Record<string, number[]>
  clamp: boolean
  salts?: StatementSalts | undefined
  message?: MessageInput | undefined
}

/** What `proveStatement` returns: the proof, its public signals, the statement's output and timings. */
export type ProveStatementReturnType<K extends StatementKind = StatementKind> = {
  proof: Groth16Proof
  /** Public signals (decimal strings) in the circuit's order. */
  publicSignals: string[]
  output: StatementOutput<K>
  timings: { witness: number; prove: number }
  /** False for this worker's first proof (it paid the provers' warm-up). */
  warm: boolean
}

/** Runs `fn`, then closes a comlink progress callback's channel now rather than at GC. */
async function releasing<T>(onProgress: unknown, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } finally {
    ;(onProgress as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.()
  }
}

/**
 * Proves the statement the worker holds (any kind): witness by its definition, then Groth16.
 * `onProgress` is a separate argument: comlink only passes proxied callbacks at the top level.
 */
async function proveStatement(input: StatementInput<StatementKind>, onProgress?: OnProveProgress): Promise<ProveStatementReturnType> {
  return releasing(onProgress, () => proveHeld(input, onProgress))
}

/** The model statement's proof, in the shape `createProver` reads (a proof file plus the input salt). */
async function prove(p: ProveParameters, onProgress?: OnProveProgress): Promise<ProverWorkerProveReturnType> {
  return releasing(onProgress, async () => {
    if (held && held.statement.kind !== 'model') throw new StatementMismatchError({ expected: 'model', actual: held.statement.kind })
    const { proof, publicSignals, output, timings } = await proveHeld(p, onProgress)
    return { proof, publicSignals, ...(output as StatementOutput<'model'>), timings }
  })
}

async function proveHeld(input: unknown, onProgress?: OnProveProgress): Promise<ProveStatementReturnType> {
  if (!held || (!zkey && !wasmProver)) throw new ProverNotInitializedError()
  const t0 = now()
  onProgress?.({ stage: 'witness', fraction: 0 })
  const w = held.statement.witness({ circuit: held.circuit, input: input as never })
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
  const warm = proofs > 0
  proofs++
  return { proof: res.proof, publicSignals: res.publicSignals, output: w.output, timings: { witness: t1 - t0, prove: t2 - t1 }, warm }
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
  await snarkjsProvingCurve()
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
  /**
   * Loads snarkjs and builds its curve (it verifies, and proves with `prover: 'snarkjs'`), before
   * the keys arrive: single-threaded for the wasm prover; for snarkjs's, one sub-worker per core up
   * to MAX_THREADS cores, single-threaded above (see {@link snarkjsThreading}).
   */
  warmUp: guarded(warmUp),
  /** Loads the statement's circuit and proving key into the chosen prover (and warms snarkjs unless `warm: false`). */
  init: guarded(init),
  /** A model proof: the witness and the Groth16 proof, as a proof file. */
  prove: guarded(prove),
  /** A proof of the statement the worker holds (any kind): `{ proof, publicSignals, output, timings, warm }`. */
  proveStatement: guarded(proveStatement),
  /** Verifies a proof against a circuit and verification key (snarkjs + public-signal checks). */
  verify: guarded(verifyInWorker),
}
export type ProverWorkerApi = typeof proverWorkerApi
