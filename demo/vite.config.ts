/**
 * The identity dApp's vite configuration, built by `scripts/start.ts` (which knows the chain):
 * serves demo/ with cross-origin isolation (COOP/COEP, so onnxruntime-web and snarkjs get wasm
 * threads), the proving artifacts, the generated `/config.json`, and `/rpc` forwarded to the
 * embedded anvil (one origin for the page; anvil itself listens on 127.0.0.1 only).
 *
 * Routes:
 *   /config.json                      DemoConfig (chain, registry, the artifact set's URL)
 *   /artifacts/identity/manifest.json the identity artifact set's manifest (statement "identity")
 *   /artifacts/identity/<file>        the files it lists (model.onnx, circuit.json, circuit.zkey, vkey.json, …)
 *   /rpc                              JSON-RPC, forwarded to `rpcTarget` (when given)
 *
 * The dApp imports the library only by its public names (`@zkml/web`, `@zkml/web/identity`,
 * `@zkml/web/chain`; `test/demo/imports.test.ts` checks it). {@link packageAliases} points each
 * name at the source file its `exports` entry is built from, so the demo runs on the sources
 * exactly as an app runs on the published package.
 */
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Alias, InlineConfig, Plugin } from 'vite'
import type { DemoConfig } from './src/config.js'

const repo = resolve(import.meta.dirname, '..')

/**
 * One alias per `exports` entry of package.json: `@zkml/web/identity` → `src/identity/index.ts`
 * (the source of `./dist/src/identity/index.js`). Only entries with a built `.js` target.
 */
export function packageAliases(): Alias[] {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string | { default?: string }> }
  const out: Alias[] = []
  for (const [key, target] of Object.entries(pkg.exports)) {
    const file = typeof target === 'string' ? target : target.default
    const m = file && /^\.\/dist\/(.+)\.js$/.exec(file)
    if (!m) continue
    const name = key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`
    out.push({ find: new RegExp(`^${name.replace(/[/.@]/g, '\\$&')}$`), replacement: join(repo, `${m[1]}.ts`) })
  }
  return out
}

/** Parameters of {@link demoViteConfig}. */
export type DemoViteConfigParameters = {
  /** What `/config.json` returns. */
  config: DemoConfig
  /** Folder with the identity artifact set (`.cache/identity/`). */
  artifactsDir: string
  /** The files its manifest lists (served beside manifest.json). */
  artifactFiles: readonly string[]
  /** JSON-RPC URL that `/rpc` forwards to (the embedded anvil). */
  rpcTarget?: string | undefined
  port?: number | undefined
  host?: string | undefined
  /** Fail instead of trying the next port when `port` is taken. */
  strictPort?: boolean | undefined
}

/**
 * Stands in for vite's dev client (`/@vite/client`), which modules import for HMR and for
 * `injectQuery` (vite rewrites onnxruntime-web's computed `import()`s to call it). HMR is off, so
 * this one opens no WebSocket: the page's traffic is only what the network panel lists.
 */
const DEV_CLIENT = `// @zkml/web demo: vite dev client without HMR (no WebSocket).
export function injectQuery(url, query) {
  if (url[0] !== '.' && url[0] !== '/') return url
  const { search, hash } = new URL(url, 'http://localhost')
  return url.replace(/[?#].*$/, '') + '?' + query + (search ? '&' + search.slice(1) : '') + hash
}
const styles = new Map()
export function updateStyle(id, css) {
  let el = styles.get(id)
  if (!el) {
    el = document.createElement('style')
    el.dataset.viteDevId = id
    document.head.appendChild(el)
    styles.set(id, el)
  }
  el.textContent = css
}
export function removeStyle(id) {
  styles.get(id)?.remove()
  styles.delete(id)
}
const noop = () => {}
export function createHotContext() {
  return { data: {}, accept: noop, acceptExports: noop, dispose: noop, prune: noop, invalidate: noop, decline: noop, on: noop, off: noop, send: noop }
}
export class ErrorOverlay {}
`

/** Cross-origin isolation (wasm threads) on every response. */
function isolate(res: ServerResponse): void {
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

function demoServer({ config, artifactsDir, artifactFiles, rpcTarget }: DemoViteConfigParameters): Plugin {
  const files = new Map(['manifest.json', ...artifactFiles].map((f) => [`/artifacts/identity/${f}`, join(artifactsDir, f)]))
  const handler = async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    isolate(res)
    const path = (req.url ?? '/').split('?')[0]!
    try {
      if (path === '/@vite/client') {
        res.setHeader('content-type', 'text/javascript')
        res.end(DEV_CLIENT)
        return
      }
      if (path === '/config.json') {
        res.setHeader('content-type', 'application/json')
        res.setHeader('cache-control', 'no-store')
        res.end(JSON.stringify(config, null, 2))
        return
      }
      if (path === '/rpc' && rpcTarget) {
        if (req.method !== 'POST') {
          res.statusCode = 405
          res.end('POST JSON-RPC here')
          return
        }
        const upstream = await fetch(rpcTarget, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(await readBody(req)) })
        res.statusCode = upstream.status
        res.setHeader('content-type', upstream.headers.get('content-type') ?? 'application/json')
        res.end(Buffer.from(await upstream.arrayBuffer()))
        return
      }
      const file = files.get(path)
      if (!file) return next()
      const bytes = await readFile(file)
      res.setHeader('content-type', path.endsWith('.json') ? 'application/json' : 'application/octet-stream')
      res.setHeader('content-length', String(bytes.length))
      res.setHeader('cache-control', 'no-cache')
      res.end(bytes)
    } catch (err) {
      res.statusCode = 502
      res.end(`demo server: ${(err as Error).message}`)
    }
  }
  return {
    name: 'zkml-identity-demo',
    // The dev client only serves HMR, which is off: without it the page opens no WebSocket.
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/<script type="module" src="\/@vite\/client"><\/script>\s*/, ''),
    },
    configureServer(server) {
      server.middlewares.use(handler)
    },
    configurePreviewServer(server) {
      server.middlewares.use(handler)
    },
  }
}

/**
 * The vite config of the demo (dev server; `configFile: false`).
 *
 * @param parameters - {@link DemoViteConfigParameters}
 * @returns A vite `InlineConfig` for `createServer`.
 */
export function demoViteConfig(parameters: DemoViteConfigParameters): InlineConfig {
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' }
  return {
    configFile: false,
    root: join(repo, 'demo'),
    cacheDir: join(repo, 'node_modules/.vite-demo'),
    logLevel: 'warn',
    clearScreen: false,
    plugins: [demoServer(parameters)],
    resolve: { alias: packageAliases() },
    server: {
      port: parameters.port ?? 5173,
      strictPort: parameters.strictPort ?? false,
      host: parameters.host ?? 'localhost',
      headers,
      fs: { allow: [repo] },
      // No HMR socket: the page's only traffic is what the network panel lists.
      hmr: false,
      ws: false,
    },
    preview: { headers },
    // onnxruntime-web finds its .wasm next to its own module: keep it out of the dep optimizer.
    // The rest is pre-bundled up front (no late discovery and reload: there is no HMR socket).
    optimizeDeps: {
      entries: ['index.html', 'src/workers/*.worker.ts'],
      exclude: ['onnxruntime-web'],
      include: ['comlink', 'snarkjs', 'ffjavascript', 'viem', 'viem/accounts', '@noble/hashes/sha2.js', '@noble/curves/abstract/modular.js', '@noble/curves/abstract/poseidon.js'],
    },
    worker: { format: 'es' },
    build: { outDir: join(repo, '.cache/demo-dist'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8192 },
  }
}
