/**
 * Records every network request a JavaScript context (the page or one of its workers) makes:
 * `fetch`, `XMLHttpRequest`, `sendBeacon` and `WebSocket` sends through wrappers (method, URL and
 * body), and everything else (scripts, modules, wasm, images) through a `PerformanceObserver` on
 * resource timing. Entries go to a `BroadcastChannel`, so the page's panel sees its workers' too.
 *
 * Limits: requests made before the recorder is installed are seen only through resource timing
 * (URL, no body); snarkjs's `blob:` sub-workers are not instrumented (they make no requests: their
 * code arrives by `postMessage`). The browser-level recording in `test/demo/` is the authority.
 */

/** One recorded request. */
export type NetEntry = {
  /** `page`, or the worker's name. */
  source: string
  kind: 'fetch' | 'xhr' | 'beacon' | 'websocket' | 'resource'
  method: string
  url: string
  /** Body size in bytes (0 for none). */
  bodyBytes: number
  /** The body as text (binary bodies as lowercase hex), for the on-page privacy check. */
  body: string
  /** For `resource` entries: `script`, `link`, `img`, `other`, … */
  initiator?: string | undefined
  /** `Date.now()` when it was sent. */
  at: number
}

/** Name of the channel the recorders post to. */
export const NETLOG_CHANNEL = 'zkml-demo-netlog'

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

/** A request body as text (string as is, bytes as hex); `undefined` for none. */
async function bodyText(body: unknown): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return body
  if (body instanceof URLSearchParams) return body.toString()
  if (body instanceof ArrayBuffer) return hex(new Uint8Array(body))
  if (ArrayBuffer.isView(body)) return hex(new Uint8Array(body.buffer, body.byteOffset, body.byteLength))
  if (typeof Blob !== 'undefined' && body instanceof Blob) return hex(new Uint8Array(await body.arrayBuffer()))
  if (typeof FormData !== 'undefined' && body instanceof FormData) {
    const parts: string[] = []
    for (const [k, v] of body.entries()) parts.push(`${k}=${typeof v === 'string' ? v : hex(new Uint8Array(await v.arrayBuffer()))}`)
    return parts.join('&')
  }
  return `[unreadable body: ${Object.prototype.toString.call(body)}]`
}

let installed = false
const local: NetEntry[] = []
const listeners = new Set<(e: NetEntry) => void>()
let channel: BroadcastChannel | undefined

/**
 * Calls `fn` for every entry recorded so far in this context and every later one, from this context
 * and (through the channel) from the workers.
 *
 * @returns A function that unsubscribes.
 */
export function subscribeNetworkLog(fn: (e: NetEntry) => void): () => void {
  for (const e of local) fn(e)
  listeners.add(fn)
  const remote = new BroadcastChannel(NETLOG_CHANNEL)
  remote.onmessage = (ev: MessageEvent<NetEntry>) => fn(ev.data)
  return () => {
    listeners.delete(fn)
    remote.close()
  }
}

function publish(e: NetEntry): void {
  local.push(e)
  for (const fn of listeners) fn(e)
  channel?.postMessage(e)
}

/**
 * Installs the recorder in this context (idempotent).
 *
 * @param source - A label for this context (`page`, or the worker's name).
 */
export function installNetworkRecorder(source: string): void {
  if (installed) return
  installed = true
  const g = globalThis as typeof globalThis & { XMLHttpRequest?: typeof XMLHttpRequest; WebSocket?: typeof WebSocket }
  // Workers post to the page; the page keeps its own entries locally.
  if (typeof (globalThis as { document?: unknown }).document === 'undefined') channel = new BroadcastChannel(NETLOG_CHANNEL)
  const emit = (e: Omit<NetEntry, 'source' | 'at' | 'body' | 'bodyBytes'>, body: string | undefined) => {
    publish({ ...e, source, at: Date.now(), body: body ?? '', bodyBytes: body === undefined ? 0 : body.length } satisfies NetEntry)
  }
  const emitWithBody = (e: Omit<NetEntry, 'source' | 'at' | 'body' | 'bodyBytes'>, body: unknown) => {
    bodyText(body).then((text) => emit(e, text), () => emit(e, '[unreadable body]'))
  }

  const nativeFetch = g.fetch.bind(g)
  g.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : undefined
    const url = new URL(request ? request.url : String(input), g.location.href).href
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase()
    if (init?.body !== undefined && init.body !== null) emitWithBody({ kind: 'fetch', method, url }, init.body)
    else if (request && request.body) emitWithBody({ kind: 'fetch', method, url }, request.clone().arrayBuffer())
    else emit({ kind: 'fetch', method, url }, undefined)
    return nativeFetch(input, init)
  }

  if (g.XMLHttpRequest) {
    const proto = g.XMLHttpRequest.prototype
    const open = proto.open
    const send = proto.send
    const target = new WeakMap<XMLHttpRequest, { method: string; url: string }>()
    proto.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
      target.set(this, { method: method.toUpperCase(), url: new URL(String(url), g.location.href).href })
      return (open as (...a: unknown[]) => void).call(this, method, url, ...rest)
    } as typeof proto.open
    proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const t = target.get(this) ?? { method: 'GET', url: '?' }
      emitWithBody({ kind: 'xhr', ...t }, typeof Document !== 'undefined' && body instanceof Document ? new XMLSerializer().serializeToString(body) : body)
      return (send as (this: XMLHttpRequest, b?: unknown) => void).call(this, body)
    }
  }

  const nav = g.navigator as Navigator & { sendBeacon?: Navigator['sendBeacon'] }
  if (typeof nav?.sendBeacon === 'function') {
    const beacon = nav.sendBeacon.bind(nav)
    nav.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
      emitWithBody({ kind: 'beacon', method: 'POST', url: new URL(String(url), g.location.href).href }, data)
      return beacon(url, data)
    }
  }

  if (g.WebSocket) {
    const send = g.WebSocket.prototype.send
    g.WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      emitWithBody({ kind: 'websocket', method: 'SEND', url: this.url }, data)
      return send.call(this, data)
    }
  }

  // Everything else (module scripts, wasm, workers' imports). fetch/XHR/beacon are recorded above.
  const wrapped = new Set(['fetch', 'xmlhttprequest', 'beacon'])
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
      if (wrapped.has(entry.initiatorType)) continue
      publish({
        source,
        kind: 'resource',
        method: 'GET',
        url: entry.name,
        bodyBytes: 0,
        body: '',
        initiator: entry.initiatorType,
        at: Math.round(performance.timeOrigin + entry.startTime),
      } satisfies NetEntry)
    }
  })
  observer.observe({ type: 'resource', buffered: true })
  // The page's own document request.
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
  if (navigation) publish({ source, kind: 'resource', method: 'GET', url: navigation.name, bodyBytes: 0, body: '', initiator: 'navigation', at: Math.round(performance.timeOrigin + navigation.startTime) })
}
