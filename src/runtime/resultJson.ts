/**
 * Makes proof results JSON-serialisable: `JSON.stringify(result)` calls the non-enumerable
 * `toJSON`, which writes calldata's bigints as decimal strings (everything else is already JSON).
 */
import type { Groth16Calldata } from '../chain/types.js'
import type { Groth16CalldataJson, ProveInferenceJson, ProveInferenceReturnType } from './types.js'

const dec = (x: bigint): string => x.toString()

/** Calldata with decimal strings instead of bigints. */
export function calldataToJson([a, b, c, signals]: Groth16Calldata): Groth16CalldataJson {
  return [[dec(a[0]), dec(a[1])], [[dec(b[0][0]), dec(b[0][1])], [dec(b[1][0]), dec(b[1][1])]], [dec(c[0]), dec(c[1])], signals.map(dec)]
}

/** Adds the non-enumerable `toJSON` to a result (spreads, `structuredClone` and `postMessage` do not see it). */
export function withToJSON(result: Omit<ProveInferenceReturnType, 'toJSON'>): ProveInferenceReturnType {
  Object.defineProperty(result, 'toJSON', {
    enumerable: false,
    configurable: true,
    writable: true,
    value(this: ProveInferenceReturnType): ProveInferenceJson {
      const { toJSON: _t, ...data } = this
      return { ...data, calldata: calldataToJson(this.calldata) }
    },
  })
  return result as ProveInferenceReturnType
}
