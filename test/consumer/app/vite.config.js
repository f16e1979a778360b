// What the runtime's README asks of a vite app: ES-module workers, and COOP/COEP for wasm threads.
import { defineConfig } from 'vite'

const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
export default defineConfig({
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  server: { headers },
  preview: { headers },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  logLevel: 'warn',
})
