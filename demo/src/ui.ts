/** Small DOM helpers: find by `data-testid`, set text, the status line. */

/** The element with `data-testid="id"` (throws when the page lacks it). */
export function byTestId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.querySelector<T>(`[data-testid="${id}"]`)
  if (!el) throw new Error(`missing element [data-testid="${id}"]`)
  return el
}

/** The element with this `id` (throws when the page lacks it). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id) as T | null
  if (!el) throw new Error(`missing element #${id}`)
  return el
}

/** The outcomes the status line ends with (the tests wait for them). */
export type Outcome =
  | 'enrolled'
  | 'already-enrolled'
  | 'verified'
  | 'already-verified'
  | 'nullifier-used'
  | 'no-match'
  | 'invalid-scope'
  | 'scanned'
  | 'working'
  | 'ready'

/**
 * Sets the status line: a sentence, then the machine-readable outcome after an em dash
 * (`… — verified`), or `error: <message>` for failures.
 */
export function setStatus(text: string, outcome: Outcome | { error: string }): void {
  const el = byTestId('status')
  const tail = typeof outcome === 'string' ? outcome : `error: ${outcome.error}`
  el.textContent = `${text} — ${tail}`
  el.dataset.outcome = typeof outcome === 'string' ? outcome : 'error'
}

/** A short hex rendering of a field element or hash: `0x1234…abcd`. */
export function shortHex(x: bigint | string, keep = 6): string {
  const h = typeof x === 'bigint' ? `0x${x.toString(16).padStart(64, '0')}` : x
  return h.length <= 2 + 2 * keep ? h : `${h.slice(0, 2 + keep)}…${h.slice(-keep)}`
}

/** A field element as a full 32-byte hex string. */
export const fieldHex = (x: bigint) => `0x${x.toString(16).padStart(64, '0')}`

/** Milliseconds as `123 ms` or `4.56 s`. */
export const fmtMs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`)
