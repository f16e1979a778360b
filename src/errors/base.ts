/**
 * The one error base of @zkml/web, in the style of viem's `BaseError`:
 * a short message, optional details and meta lines, a docs path and a cause chain.
 */
export type ZkmlErrorParameters = {
  /** Longer explanation, printed after the short message. */
  details?: string | undefined
  /** Extra lines (node path, allowed range, file) printed under the message. */
  metaMessages?: string[] | undefined
  /**
   * The doc section that explains the error: a file of the package and an anchor, relative to the
   * package root (`README.md#trusted-setup`, `src/runtime/README.md#inputs`; both ship in the package).
   */
  docsPath?: string | undefined
  /** The lower-level error this one wraps. */
  cause?: unknown
}

/** Base class of every error thrown by @zkml/web. Narrow on `name`. */
export class ZkmlError extends Error {
  override name = 'ZkmlError'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly metaMessages: string[] | undefined
  readonly docsPath: string | undefined

  constructor(shortMessage: string, params: ZkmlErrorParameters = {}) {
    const lines = [shortMessage]
    if (params.metaMessages?.length) lines.push('', ...params.metaMessages)
    const causeMessage =
      params.cause instanceof Error ? params.cause.message : params.cause === undefined ? undefined : String(params.cause)
    const details = params.details ?? causeMessage
    if (details) lines.push('', `Details: ${details}`)
    if (params.docsPath) lines.push(`Docs: ${params.docsPath}`)
    super(lines.join('\n'), params.cause === undefined ? undefined : { cause: params.cause })
    this.shortMessage = shortMessage
    this.details = details
    this.metaMessages = params.metaMessages
    this.docsPath = params.docsPath
  }

  /** Walks the cause chain; returns the first error for which `fn` is true (or the deepest one). */
  walk(fn?: (err: unknown) => boolean): unknown {
    let err: unknown = this
    for (;;) {
      if (fn?.(err)) return err
      const next = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined
      if (next === undefined) return fn ? null : err
      err = next
    }
  }
}
