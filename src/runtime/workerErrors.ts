/**
 * Typed errors across the worker boundary. Structured clone keeps neither an error's class nor
 * its fields, so the worker sends `{ name, message, props }` and the main thread rebuilds the
 * known class (`instanceof` and fields such as `inputName` work as if thrown locally).
 */
import { ZkmlError } from '../errors/base.js'
import { InputRangeError, InvalidInputError } from '../errors/input.js'
import { InvalidProofError, WitnessGenerationError } from '../errors/prove.js'
import { InvalidProofFormatError } from '../errors/chain.js'
import { ArtifactError, ArtifactHashMismatchError } from '../errors/artifact.js'
import { BackendUnavailableError, InferenceError } from '../errors/runtime.js'
import { ProverError } from '../errors/prove.js'
import { InternalError } from '../errors/internal.js'
import { ProverNotInitializedError, StatementMismatchError } from '../errors/statement.js'
import { InvalidIdentityInputError, IrisNoMatchError } from '../errors/identity.js'

const KNOWN: Record<string, { prototype: object }> = {
  ZkmlError,
  InvalidInputError,
  InputRangeError,
  WitnessGenerationError,
  InvalidProofError,
  InvalidProofFormatError,
  ArtifactError,
  ArtifactHashMismatchError,
  BackendUnavailableError,
  InferenceError,
  ProverError,
  InternalError,
  StatementMismatchError,
  ProverNotInitializedError,
  IrisNoMatchError,
  InvalidIdentityInputError,
}

/** An error as it crosses from a worker. */
export type SerializedError = { zkmlSerializedError: true; name: string; message: string; stack: string | undefined; props: Record<string, unknown>; cause?: SerializedError | undefined }

const cloneable = (v: unknown): boolean =>
  v === null || v === undefined || ['string', 'number', 'boolean', 'bigint'].includes(typeof v) || (Array.isArray(v) && v.every(cloneable))

/** Turns a thrown value into a structured-cloneable description (in the worker). */
export function serializeError(e: unknown, depth = 0): SerializedError {
  if (!(e instanceof Error)) return { zkmlSerializedError: true, name: 'Error', message: String(e), stack: undefined, props: {} }
  const props: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(e)) if (k !== 'cause' && cloneable(v)) props[k] = v
  const cause = (e as { cause?: unknown }).cause
  return {
    zkmlSerializedError: true,
    name: e.name,
    message: e.message,
    stack: e.stack,
    props,
    cause: cause !== undefined && depth < 3 ? serializeError(cause, depth + 1) : undefined,
  }
}

/** True for a value made by {@link serializeError}. */
export function isSerializedError(x: unknown): x is SerializedError {
  return typeof x === 'object' && x !== null && (x as SerializedError).zkmlSerializedError === true
}

/** Rebuilds an error from {@link serializeError}'s output (on the main thread); other values pass through. */
export function deserializeError(x: unknown): unknown {
  if (!isSerializedError(x)) return x
  const proto = KNOWN[x.name]?.prototype ?? Error.prototype
  const err = Object.create(proto) as Error & Record<string, unknown>
  Object.defineProperty(err, 'message', { value: x.message, writable: true, configurable: true })
  Object.defineProperty(err, 'stack', { value: x.stack ?? `${x.name}: ${x.message}`, writable: true, configurable: true })
  Object.assign(err, x.props, { name: x.name })
  if (x.cause) Object.defineProperty(err, 'cause', { value: deserializeError(x.cause), writable: true, configurable: true })
  return err
}

/** Wraps a worker API method so what it throws crosses the boundary as {@link serializeError}'s output. */
export function guarded<A extends unknown[], R>(fn: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a) => {
    try {
      return await fn(...a)
    } catch (e) {
      throw serializeError(e)
    }
  }
}
