/**
 * Feature detection for the browser runtime, in one place: cross-origin isolation (threads),
 * SharedArrayBuffer, WebGPU (and whether its adapter is a real GPU), Cache Storage, WebCrypto.
 * Works on the main thread and in workers; every probe is safe where the feature is missing.
 */

/** What `requestAdapter()` reports about a WebGPU adapter. */
export type WebGpuAdapterInfo = {
  vendor: string
  architecture: string
  device: string
  description: string
  /**
   * A software (CPU) implementation such as SwiftShader. onnxruntime-web on it is far slower than
   * its wasm backend, so `backend: 'auto'` treats it as "no GPU".
   */
  isFallbackAdapter: boolean
}

/** The runtime's view of the environment. */
export type RuntimeEnvironment = {
  /** `crossOriginIsolated` (COOP: same-origin + COEP: require-corp or credentialless): wasm threads allowed. */
  crossOriginIsolated: boolean
  sharedArrayBuffer: boolean
  hardwareConcurrency: number
  workers: boolean
  webAssembly: boolean
  /** Cache Storage (secure contexts only). */
  cacheStorage: boolean
  /** `crypto.subtle` (secure contexts only). */
  subtleCrypto: boolean
  /** The default WebGPU adapter, or undefined when there is none. */
  webgpu: WebGpuAdapterInfo | undefined
}

/** The part of WebGPU this module touches (TypeScript's DOM lib has no WebGPU types). */
export type GpuAdapterLike = {
  info?: Partial<WebGpuAdapterInfo>
  isFallbackAdapter?: boolean
  requestDevice(): Promise<unknown>
}
type GpuLike = { requestAdapter(options?: { powerPreference?: string; forceFallbackAdapter?: boolean }): Promise<GpuAdapterLike | null> }

const g = globalThis as {
  crossOriginIsolated?: boolean
  navigator?: { gpu?: GpuLike; hardwareConcurrency?: number }
  caches?: unknown
  crypto?: { subtle?: unknown }
  Worker?: unknown
  WebAssembly?: unknown
  SharedArrayBuffer?: unknown
}

/** True when the page (or worker) is cross-origin isolated, so wasm threads can share memory. */
export function isCrossOriginIsolated(): boolean {
  return g.crossOriginIsolated === true && typeof g.SharedArrayBuffer === 'function'
}

/** Number of threads worth using for wasm work: 1 unless cross-origin isolated, then up to `max`. */
export function wasmThreadCount({ max = 4 }: { max?: number } = {}): number {
  if (!isCrossOriginIsolated()) return 1
  return Math.max(1, Math.min(max, g.navigator?.hardwareConcurrency ?? 1))
}

/** Reads an adapter's info (`adapter.info`, falling back to the older `isFallbackAdapter` field). */
export function adapterInfo(adapter: GpuAdapterLike): WebGpuAdapterInfo {
  const info = adapter.info ?? {}
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
  }
}

/**
 * Requests a WebGPU adapter.
 * @param params.allowFallback also return a software (fallback) adapter; default false
 * @returns the adapter and its info, or undefined when WebGPU is missing, no adapter is given, or
 *   only a fallback adapter exists and `allowFallback` is false. Never throws.
 */
export async function requestWebGpuAdapter({ allowFallback = false }: { allowFallback?: boolean } = {}): Promise<{ adapter: GpuAdapterLike; info: WebGpuAdapterInfo } | undefined> {
  const gpu = g.navigator?.gpu
  if (!gpu || typeof gpu.requestAdapter !== 'function') return undefined
  try {
    let adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' })
    if (!adapter && allowFallback) adapter = await gpu.requestAdapter({ forceFallbackAdapter: true })
    if (!adapter) return undefined
    const info = adapterInfo(adapter)
    if (info.isFallbackAdapter && !allowFallback) return undefined
    return { adapter, info }
  } catch {
    return undefined
  }
}

/**
 * Detects what the runtime can use here.
 * @example
 * import { detectEnvironment } from '@zkml/web/prover'
 * const env = await detectEnvironment()
 * if (!env.crossOriginIsolated) console.info('single-threaded inference (send COOP/COEP headers for threads)')
 */
export async function detectEnvironment(): Promise<RuntimeEnvironment> {
  const gpu = await requestWebGpuAdapter({ allowFallback: true })
  return {
    crossOriginIsolated: isCrossOriginIsolated(),
    sharedArrayBuffer: typeof g.SharedArrayBuffer === 'function',
    hardwareConcurrency: g.navigator?.hardwareConcurrency ?? 1,
    workers: typeof g.Worker === 'function',
    webAssembly: typeof g.WebAssembly === 'object',
    cacheStorage: typeof g.caches === 'object' && g.caches !== null,
    subtleCrypto: typeof g.crypto?.subtle === 'object' && g.crypto.subtle !== null,
    webgpu: gpu?.info,
  }
}
