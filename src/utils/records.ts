/**
 * Name-keyed records that are safe for untrusted names.
 *
 * Model files and user inputs choose the names of tensors, inputs, outputs and attributes, and any
 * string is a valid ONNX name, `__proto__`, `constructor` and `toString` included. On a plain `{}`,
 * `rec['__proto__'] = v` replaces the prototype instead of adding an entry, and `rec['constructor']`
 * reads an inherited function for a name that was never set. So every record keyed by such names is
 * built with {@link nullRecord} (no prototype: every string is an ordinary own key) and read with
 * {@link ownValue} (own properties only, whatever the record's prototype, e.g. one from `JSON.parse`).
 */

/**
 * An empty record with no prototype, optionally filled from entries.
 * @example
 * const r = nullRecord<number>([['__proto__', 1]])
 * Object.keys(r) // ['__proto__']
 */
export function nullRecord<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>
  if (entries) for (const [k, v] of entries) out[k] = v
  return out
}

/**
 * `rec[key]` when `key` is an own property of `rec`, else `undefined` (never an inherited member such
 * as `Object.prototype.constructor`).
 * @example
 * ownValue({}, 'constructor') // undefined
 */
export function ownValue<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined
}

/** True when `key` is an own property of `rec`. */
export function hasOwn(rec: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(rec, key)
}
