/**
 * The browser tests' page server (vite dev server; `vite build` + `vite preview` for the benchmark): serves test/browser/page/, which imports the
 * runtime from the repo's src through vite, and the compiled test artifacts under /artifacts/.
 *
 * Artifact routes (from .cache/browser-test/):
 *   /artifacts/<variant>/…          the files as compiled (variants: mlp, mlp-v2)
 *   /artifacts/tampered/…           mlp with one byte of circuit.zkey flipped
 *   /artifacts/truncated/…          mlp with circuit.zkey cut short
 *   /artifacts/slow/…               mlp with circuit.zkey trickling in (64 KiB every 100 ms: ~6 s)
 *   /artifacts/current/…            whichever variant POST /__control/current?variant=… selected (default mlp)
 * Every request is logged (GET /__requests returns the log, DELETE clears it).
 * Responses carry COOP/COEP/CORP (cross-origin isolation → wasm threads) unless the request has
 * the cookie `zkml-noiso=1`.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { defineConfig, type Plugin } from 'vite'

const root = resolve(import.meta.dirname, '../..')
const artifactRoot = join(root, '.cache/browser-test')
const FILE = /^\/artifacts\/([a-z0-9-]+)\/([A-Za-z0-9._-]+)$/

type Logged = { method: string; url: string; bodyBytes: number; body: string }

/** Sends `bytes` 64 KiB at a time, one chunk every 100 ms, until done or the client goes away. */
function trickle(res: ServerResponse, bytes: Buffer): void {
  let offset = 0
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer)
    res.write(bytes.subarray(offset, offset + 65536))
    offset += 65536
    if (offset >= bytes.length) {
      clearInterval(timer)
      res.end()
    }
  }, 100)
  res.on('close', () => clearInterval(timer))
}

function testServer(): Plugin {
  const log: Logged[] = []
  let current = 'mlp'
  const isolation = (req: IncomingMessage, res: ServerResponse) => {
    if (/(?:^|;\s*)zkml-noiso=1/.test(req.headers.cookie ?? '')) return
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
  }
  const handler = async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = req.url ?? '/'
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks)
    if (!url.startsWith('/__requests') && !url.startsWith('/__control')) {
      log.push({ method: req.method ?? 'GET', url, bodyBytes: body.length, body: body.toString('latin1').slice(0, 4096) })
    }
    isolation(req, res)
    if (url.startsWith('/__requests')) {
      if (req.method === 'DELETE') log.length = 0
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(log))
      return
    }
    if (url.startsWith('/__control/current')) {
      current = new URL(url, 'http://x').searchParams.get('variant') ?? 'mlp'
      res.end(current)
      return
    }
    const m = FILE.exec(url.split('?')[0]!)
    if (!m) return next()
    let [, variant, file] = m as unknown as [string, string, string]
    const mode = variant === 'tampered' || variant === 'truncated' || variant === 'slow' ? variant : undefined
    if (mode) variant = 'mlp'
    if (variant === 'current') variant = current
    let bytes: Buffer
    try {
      bytes = await readFile(join(artifactRoot, variant, file))
    } catch {
      res.statusCode = 404
      res.end('not found')
      return
    }
    if (file === 'circuit.zkey' && mode === 'tampered') {
      bytes = Buffer.from(bytes)
      bytes[bytes.length >> 1]! ^= 0x01
    }
    if (file === 'circuit.zkey' && mode === 'truncated') bytes = bytes.subarray(0, bytes.length - 1000)
    res.setHeader('content-type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream')
    res.setHeader('content-length', String(bytes.length))
    res.setHeader('cache-control', 'no-store')
    if (file === 'circuit.zkey' && mode === 'slow') return trickle(res, bytes)
    res.end(bytes)
  }
  return {
    name: 'zkml-test-server',
    configureServer(server) {
      server.middlewares.use(handler)
    },
    configurePreviewServer(server) {
      server.middlewares.use(handler)
    },
  }
}

export default defineConfig({
  root: join(root, 'test/browser/page'),
  logLevel: 'warn',
  clearScreen: false,
  plugins: [testServer()],
  server: { fs: { allow: [root] }, hmr: false },
  // onnxruntime-web locates its .wasm next to its own module: keep it out of the dep optimizer.
  optimizeDeps: { exclude: ['onnxruntime-web'], include: ['comlink', 'snarkjs', 'ffjavascript', '@noble/hashes/sha2.js', '@noble/curves/abstract/modular.js', '@noble/curves/abstract/poseidon.js'] },
  worker: { format: 'es' },
  // `vite build` (the browser benchmark serves the built page with `vite preview`).
  build: { outDir: join(root, '.cache/browser-page-dist'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096 },
})
