/**
 * Types of the browser runtime's public API.
 *
 * Conventions: outputs are keyed by the model's output names, values flattened row-major;
 * public signals are decimal strings (as snarkjs writes them); times are milliseconds.
 */
import type { Groth16Proof } from '../prove/groth16.js'
import type { Groth16Calldata } from '../chain/types.js'
import type { ModelInput } from '../quantize/quantizeInput.js'
import type { MessageInput } from '../prove/message.js'
import type { StatementSalts } from '../circuit/lowerModel.js'

/** Which inference backend to use. `'auto'`: WebGPU when a real (non-fallback) adapter exists, else wasm. */
export type BackendPreference = 'auto' | 'webgpu' | 'wasm'
/** The backend that ran. */
export type Backend = 'webgpu' | 'wasm'

/** The stages of one proof, in order. */
export type ProveStage = 'download' | 'inference' | 'witness' | 'prove'

/**
 * A progress event. Events arrive in stage order; within a stage `fraction` never decreases and the
 * stage ends with `fraction: 1`. `download` events carry bytes (`loaded` / `total` over all files)
 * and the file being read.
 */
export type ProveProgress = {
  stage: ProveStage
  /** 0..1 within the stage. */
  fraction: number
  loaded?: number | undefined
  total?: number | undefined
  /** The artifact file a download event is about. */
  file?: string | undefined
}
export type OnProveProgress = (p: ProveProgress) => void

/** Options shared by `proveInference`, `createProver` and `prover.prove`. */
export type ProveOptions = {
  onProgress?: OnProveProgress | undefined
  /** Cancels the download and the proof; the worker's job is terminated. Rejects with `AbortError`. */
  signal?: AbortSignal | undefined
  /** Clamp out-of-range inputs into the calibrated range instead of throwing `InputRangeError`. */
  clamp?: boolean | undefined
  /**
   * The message to bind the proof to (artifacts compiled with `message: true`): a bigint, a decimal
   * string or 0x-hex, e.g. the recipient's address. Required for such artifacts, refused otherwise.
   */
  message?: MessageInput | undefined
  /**
   * Commitment salts (field elements) for hashed inputs / outputs. Default: fresh random salts drawn
   * in the prover worker (`crypto.getRandomValues`). Give the input salt only to reproduce a commitment.
   */
  salts?: StatementSalts | undefined
}

/**
 * Wall times in milliseconds. The stages follow each other, so `download + startup + inference +
 * witness + prove` is `total` less the little spent between them (input checks, messages).
 */
export type InferenceTimings = {
  /** Loading the artifacts (fetch or Cache Storage, and the sha256 checks); 0 when given loaded artifacts. */
  download: number
  /**
   * Starting the workers — loading onnxruntime-web and snarkjs (and its curve), sending the keys,
   * creating the inference session — as far as it did not overlap the download (it starts with it).
   * 0 for a proof from a warm `createProver` handle, unless a worker had to restart.
   */
  startup: number
  /** onnxruntime-web running the model. */
  inference: number
  /** Quantizing the input and computing the witness (in the prover worker). */
  witness: number
  /** snarkjs's Groth16 prover. */
  prove: number
  /** The whole call: from `proveInference` (or this proof's turn on a prover handle) to its result. */
  total: number
}

/** `Groth16Calldata` with its bigints as decimal strings (what `JSON.stringify(result)` writes). */
export type Groth16CalldataJson = readonly [
  a: readonly [string, string],
  b: readonly [readonly [string, string], readonly [string, string]],
  c: readonly [string, string],
  publicSignals: readonly string[],
]

/** What `JSON.stringify(result)` writes for a proof result: the same fields, calldata as decimal strings. */
export type ProveInferenceJson = Omit<ProveInferenceReturnType, 'calldata' | 'toJSON'> & { calldata: Groth16CalldataJson }

/** What `proveInference` / `prover.prove` return. */
export type ProveInferenceReturnType = {
  /** The float output of onnxruntime-web (what the user sees), by output name. */
  output: Record<string, number[]>
  /** The proven output (dequantized integers of the circuit), by output name. */
  circuitOutput: Record<string, number[]>
  /** max |output − circuitOutput| over every element of every output. */
  maxAbsError: number
  /** Public signals (decimal strings) in the circuit's order. */
  publicSignals: string[]
  proof: Groth16Proof
  /** Output integers by name (decimal strings): needed to check a hashed-output commitment. */
  outputIntegers: Record<string, string[]>
  /** Hashed output: the commitment's salt (decimal string); reveal it with `outputIntegers` to open the output. */
  outputSalt?: string | undefined
  /**
   * Hashed input: the commitment's salt (decimal string). Private — it is what stops anyone from
   * recovering the input from the public hash by enumeration. Keep it to open the commitment later.
   */
  inputSalt?: string | undefined
  /** The message the proof is bound to (decimal string), for artifacts with a message signal. */
  message?: string | undefined
  /**
   * `[a, b, c, publicSignals]` for the Solidity verifier (G2 coordinates already in EVM order), as
   * bigints for viem. `JSON.stringify(result)` writes them as decimal strings (see `toJSON`);
   * `toCalldata(proof, publicSignals)` from `@zkml/web/chain` rebuilds them from parsed JSON.
   */
  calldata: Groth16Calldata
  /** The inference backend that ran. */
  backend: Backend
  timings: InferenceTimings
  /**
   * The result as JSON-safe data (calldata's bigints as decimal strings), so `JSON.stringify(result)`
   * works. Non-enumerable: spreading, `structuredClone` and `postMessage` see only the data fields.
   */
  toJSON(): ProveInferenceJson
}

/** The input of a proof: an array for a single-input model, or a record of named inputs. */
export type ProveInput = ModelInput
