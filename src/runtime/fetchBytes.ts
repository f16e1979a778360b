/**
 * Fetches a file's bytes with progress, cancellation and a size limit.
 */
import { ArtifactError } from '../errors/artifact.js'
import { ArtifactFetchError } from '../errors/runtime.js'
import { abortError } from './abort.js'

/** Parameters of {@link fetchBytes}. */
export type FetchBytesParameters = {
  url: string
  /** The artifact's file name (for errors). */
  file: string
  /** The size the manifest records: more bytes than this abort the download. */
  size: number
  signal?: AbortSignal | undefined
  /** Called with the bytes received so far (not counting earlier calls). */
  onBytes?: ((received: number) => void) | undefined
  fetch?: typeof fetch | undefined
}

/**
 * Downloads `url` into memory.
 *
 * Once `signal` has aborted, any failure of the request or of the body stream is reported as
 * `AbortError` (stage `download`, `reason` = `signal.reason`): fetch rejects with the signal's
 * reason itself, which is a plain `Error` for `controller.abort(someError)` and a `TimeoutError`
 * for `AbortSignal.timeout()`, so the error's name cannot tell a cancellation from a network failure.
 * @throws ArtifactFetchError (network, HTTP status), ArtifactError (larger than the manifest says), AbortError
 */
export async function fetchBytes({ url, file, size, signal, onBytes, fetch: fetchFn = globalThis.fetch }: FetchBytesParameters): Promise<Uint8Array> {
  let res: Response
  try {
    res = await fetchFn(url, { signal: signal ?? null, credentials: 'same-origin' })
  } catch (e) {
    if (signal?.aborted) throw abortError(signal, 'download')
    throw new ArtifactFetchError({ file, url, cause: e })
  }
  if (!res.ok) throw new ArtifactFetchError({ file, url, status: res.status })
  const tooLarge = () => new ArtifactError(`Artifact "${file}" is larger than its manifest entry (${size} bytes).`, { file })
  const out = new Uint8Array(size)
  let received = 0
  try {
    if (!res.body) {
      const all = new Uint8Array(await res.arrayBuffer())
      if (all.length > size) throw tooLarge()
      out.set(all)
      received = all.length
      onBytes?.(received)
    } else {
      const reader = res.body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        if (received + value.length > size) {
          await reader.cancel().catch(() => {})
          throw tooLarge()
        }
        out.set(value, received)
        received += value.length
        onBytes?.(value.length)
      }
    }
  } catch (e) {
    if (signal?.aborted) throw abortError(signal, 'download')
    if (e instanceof ArtifactError) throw e
    throw new ArtifactFetchError({ file, url, cause: e })
  }
  // A short file is returned short: the sha256 check reports it.
  return received === size ? out : out.slice(0, received)
}
