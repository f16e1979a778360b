/**
 * The examples' page server: a vite dev server (Node API) for one example page, cross-origin
 * isolated (COOP/COEP, so the wasm prover gets threads), with `@zkml/web` resolved as
 * `examples/shared/aliases.ts` explains, static folders mounted under URL prefixes (the exported
 * artifacts), optional JSON routes (`/config.json`) and `/rpc` forwarded to a local chain (one
 * origin for the page; anvil listens on 127.0.0.1 only). No HMR socket: the page's only traffic is
 * what a browser's network panel (and the privacy test) sees.
 */
import { readFile } from 'node:fs/promises'
import { join, normalize, resolve } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, type Plugin, type ViteDevServer } from 'vite'
import { zkmlAliases } from './aliases.js'

const REPO = resolve(import.meta.dirname, '../..')

/** Parameters of {@link startPageServer}. */
export type StartPageServerParameters = {
  /** The page's folder (with index.html). */
  root: string
  /** URL prefix (`/artifacts/signal/`) → folder served under it. */
  mounts?: Record<string, string> | undefined
  /** Path (`/config.json`) → value served as JSON. */
  json?: Record<string, unknown> | undefined
  /** JSON-RPC URL that `POST /rpc` forwards to. */
  rpcTarget?: string | undefined
  /** Default 0: a free port. */
  port?: number | undefined
  host?: string | undefined
  strictPort?: boolean | undefined
  /** vite's dependency cache folder name under node_modules/ (one per example). */
  cacheName: string
}

/** A running page server. */
export type PageServer = { url: string; close(): Promise<void> }

/**
 * Stands in for vite's dev client (`/@vite/client`): modules import it for `injectQuery` (vite
 * rewrites onnxruntime-web's computed `import()`s to call it) and style updates. It opens no socket.
 */
const DEV_CLIENT = `export function injectQuery(url, query) {
  if (url[0] !== '.' && url[0] !== '/') return url
  const { search, hash } = new URL(url, 'http://localhost')
  return url.replace(/[?#].*$/, '') + '?' + query + (search ? '&' + search.slice(1) : '') + hash
}
const styles = new Map()
export function updateStyle(id, css) {
  let el = styles.get(id)
  if (!el) { el = document.createElement('style'); document.head.appendChild(el); styles.set(id, el) }
  el.textContent = css
}
export function removeStyle(id) { styles.get(id)?.remove(); styles.delete(id) }
const noop = () => {}
export function createHotContext() {
  return { data: {}, accept: noop, acceptExports: noop, dispose: noop, prune: noop, invalidate: noop, decline: noop, on: noop, off: noop, send: noop }
}
export class ErrorOverlay {}
`

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

function examplePlugin(p: StartPageServerParameters): Plugin {
  const mounts = Object.entries(p.mounts ?? {})
  const handler = async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!)
    try {
      if (path === '/@vite/client') {
        res.setHeader('content-type', 'text/javascript')
        return void res.end(DEV_CLIENT)
      }
      if (p.json && path in p.json) {
        res.setHeader('content-type', 'application/json')
        res.setHeader('cache-control', 'no-store')
        return void res.end(JSON.stringify(p.json[path], null, 2))
      }
      if (path === '/rpc' && p.rpcTarget) {
        if (req.method !== 'POST') {
          res.statusCode = 405
          return void res.end('POST JSON-RPC here')
        }
        const upstream = await fetch(p.rpcTarget, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(await body(req)) })
        res.statusCode = upstream.status
        res.setHeader('content-type', 'application/json')
        return void res.end(Buffer.from(await upstream.arrayBuffer()))
      }
      for (const [prefix, dir] of mounts) {
        if (!path.startsWith(prefix)) continue
        const file = normalize(join(dir, path.slice(prefix.length)))
        if (!file.startsWith(normalize(dir))) break
        const bytes = await readFile(file).catch(() => undefined)
        if (!bytes) break
        res.setHeader('content-type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream')
        res.setHeader('content-length', String(bytes.length))
        res.setHeader('cache-control', 'no-cache')
        return void res.end(bytes)
      }
      next()
    } catch (err) {
      res.statusCode = 502
      res.end(`example server: ${(err as Error).message}`)
    }
  }
  return {
    name: 'zkml-example-server',
    transformIndexHtml: { order: 'post', handler: (html) => html.replace(/<script type="module" src="\/@vite\/client"><\/script>\s*/, '') },
    configureServer(server) {
      server.middlewares.use(handler)
    },
  }
}

/**
 * Starts the dev server of an example page.
 * @returns its URL and `close()`
 */
export async function startPageServer(p: StartPageServerParameters): Promise<PageServer> {
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' }
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: p.root,
    cacheDir: join(REPO, 'node_modules', `.vite-${p.cacheName}`),
    logLevel: 'warn',
    clearScreen: false,
    plugins: [examplePlugin(p)],
    resolve: { alias: zkmlAliases() },
    server: { port: p.port ?? 0, strictPort: p.strictPort ?? false, host: p.host ?? 'localhost', headers, fs: { allow: [REPO] }, hmr: false, ws: false },
    // onnxruntime-web finds its .wasm next to its own module: keep it out of the dep optimizer; the
    // rest is pre-bundled up front (no late discovery and reload: there is no HMR socket).
    optimizeDeps: {
      entries: ['index.html'],
      exclude: ['onnxruntime-web'],
      include: ['comlink', 'snarkjs', 'ffjavascript', 'viem', 'viem/accounts', '@noble/hashes/sha2.js', '@noble/curves/abstract/modular.js', '@noble/curves/abstract/poseidon.js'],
    },
    worker: { format: 'es' },
  })
  await server.listen()
  const address = server.httpServer!.address()
  const port = typeof address === 'object' && address ? address.port : p.port
  return { url: `http://${p.host ?? 'localhost'}:${port}/`, close: () => server.close() }
}
