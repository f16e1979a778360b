/**
 * One instance of the prover's WebAssembly and, when more than one thread is asked for and
 * SharedArrayBuffer is available, a pool of workers (`worker_threads` in Node, Web Workers in
 * browsers) that instantiate the same module over the same shared memory. Work is handed out as
 * jobs (lists of export calls); every thread, the caller's included, pulls jobs from one atomic
 * counter in that memory until none are left, so a phase ends when its slowest job does.
 *
 * Memory: one `WebAssembly.Memory` of a fixed size chosen by the caller (no growth, so views stay
 * valid). Layout: [0, 64 KiB) the caller's stack, then the module's constants, then from
 * ENGINE_RESERVED the job counter, one 64 KiB stack per worker, one scratch area per thread, then
 * the caller's data.
 */
import { WASM_SINGLE, WASM_THREADED } from './binary.js'
import type { ExportName, ProverExports } from './exports.js'
import { WasmProverError } from '../src/errors/wasmProver.js'

/** One export call: the function name and its (integer) arguments. */
export type Call = [ExportName, ...number[]]
/** Calls run in order by one thread. */
export type Job = Call[]

/** A live engine. */
export type Engine = {
  exports: ProverExports
  memory: WebAssembly.Memory
  /** Threads that run jobs (the caller's included). */
  threads: number
  /** First byte free for the caller's data. */
  base: number
  /** Runs every job once, spread over the threads; resolves when all are done. */
  run(jobs: Job[]): Promise<void>
  /** A fresh view of the whole memory. */
  bytes(): Uint8Array
  /** Terminates the workers. Safe to call twice. */
  dispose(): Promise<void>
}

/** Parameters of {@link createEngine}. */
export type CreateEngineParameters = {
  /** Bytes the caller needs from `base` on. */
  bytes: number
  /** Threads wanted (1 = no workers). Fewer are used where SharedArrayBuffer is missing. */
  threads: number
  /** Bytes of private scratch each thread gets; a call argument equal to {@link SCRATCH} becomes its address. */
  scratchPerThread: number
}

/** Stands for the running thread's scratch address in a {@link Call}'s arguments. */
export const SCRATCH = -1

const PAGE = 65536
/** Bytes below which the module keeps its stack and constants. */
export const ENGINE_RESERVED = 1 << 20
const STACK = 1 << 16

const decodeBase64 = (s: string): Uint8Array => {
  const bin = atob(s)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

const modules: { single?: Promise<WebAssembly.Module>; threaded?: Promise<WebAssembly.Module> } = {}
/** Compiles a variant once per realm. */
function compiled(variant: 'single' | 'threaded'): Promise<WebAssembly.Module> {
  return (modules[variant] ??= WebAssembly.compile(decodeBase64(variant === 'single' ? WASM_SINGLE : WASM_THREADED) as BufferSource))
}

/** Whether shared wasm memory (and so worker threads) can be used here. */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false
  const g = globalThis as { crossOriginIsolated?: boolean; process?: { versions?: { node?: string } } }
  if (g.process?.versions?.node) return true
  return g.crossOriginIsolated === true
}

const isNode = (): boolean => {
  const g = globalThis as { process?: { versions?: { node?: string } }; Worker?: unknown }
  return !!g.process?.versions?.node && typeof g.Worker === 'undefined'
}

// The code each worker runs (plain JS, evaluated from a string, so it needs no bundler or file).
const WORKER_BODY = `
let ex, mem, scratch;
function handle(m) {
  if (m.type === 'init') {
    mem = m.memory;
    ex = new WebAssembly.Instance(m.module, { env: { memory: m.memory } }).exports;
    ex.__stack_pointer.value = m.stackTop;
    scratch = m.scratch;
    post({ type: 'ready' });
    return;
  }
  try {
    const ctr = new Int32Array(mem.buffer, m.counter, 1);
    const jobs = m.jobs;
    for (;;) {
      const j = Atomics.add(ctr, 0, 1);
      if (j >= jobs.length) break;
      for (const c of jobs[j]) ex[c[0]].apply(null, c.slice(1).map((a) => (a === -1 ? scratch : a)));
    }
    post({ type: 'done' });
  } catch (e) {
    post({ type: 'error', message: String((e && e.stack) || e) });
  }
}
`
const NODE_WORKER = `const { parentPort } = require('node:worker_threads');
const post = (m) => parentPort.postMessage(m);
parentPort.on('message', (m) => handle(m));` + WORKER_BODY
const WEB_WORKER = `const post = (m) => self.postMessage(m);
self.onmessage = (e) => handle(e.data);` + WORKER_BODY

type Reply = { type: 'ready' | 'done' } | { type: 'error'; message: string }
type PoolWorker = { post(m: unknown): void; next(): Promise<Reply>; terminate(): Promise<void>; hold(on: boolean): void }

async function spawn(): Promise<PoolWorker> {
  const queue: Reply[] = []
  let waiting: { resolve(r: Reply): void } | undefined
  const push = (r: Reply) => {
    if (waiting) {
      const w = waiting
      waiting = undefined
      w.resolve(r)
    } else queue.push(r)
  }
  const next = () => new Promise<Reply>((resolve) => {
    const r = queue.shift()
    if (r) resolve(r)
    else waiting = { resolve }
  })
  if (isNode()) {
    const spec = 'node:worker_threads'
    const { Worker } = (await import(/* @vite-ignore */ spec)) as typeof import('node:worker_threads')
    const w = new Worker(NODE_WORKER, { eval: true })
    w.unref()
    w.on('message', (m: Reply) => push(m))
    w.on('error', (e: Error) => push({ type: 'error', message: String(e?.stack ?? e) }))
    w.on('exit', (code: number) => push({ type: 'error', message: `the worker exited (code ${code})` }))
    // Unreferenced between runs (an idle prover must not keep Node alive), referenced during one.
    return { post: (m) => w.postMessage(m), next, terminate: async () => void (await w.terminate()), hold: (on) => void (on ? w.ref() : w.unref()) }
  }
  const url = URL.createObjectURL(new Blob([WEB_WORKER], { type: 'text/javascript' }))
  const w = new Worker(url)
  URL.revokeObjectURL(url)
  w.onmessage = (e: MessageEvent<Reply>) => push(e.data)
  w.onerror = (e: ErrorEvent) => push({ type: 'error', message: e.message })
  return { post: (m) => w.postMessage(m), next, terminate: async () => w.terminate(), hold: () => {} }
}

/**
 * Instantiates the prover module with `bytes` of room for the caller and `threads` threads.
 * @throws WasmProverError when the memory cannot be had or a worker fails to start
 */
export async function createEngine({ bytes, threads, scratchPerThread }: CreateEngineParameters): Promise<Engine> {
  const shared = threads > 1 && canShareMemory()
  const nThreads = shared ? threads : 1
  const counter = ENGINE_RESERVED
  const stacks = counter + 64
  const scratchSize = Math.ceil(scratchPerThread / 64) * 64
  const scratch0 = stacks + (nThreads - 1) * STACK
  const base = scratch0 + nThreads * scratchSize
  const pages = Math.ceil((base + bytes) / PAGE)
  if (pages > 65536) throw new WasmProverError(`The proving key needs ${Math.ceil((base + bytes) / 2 ** 20)} MiB, more than wasm32's 4 GiB.`)
  let memory: WebAssembly.Memory
  try {
    memory = shared
      ? new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true })
      : new WebAssembly.Memory({ initial: pages })
  } catch (e) {
    throw new WasmProverError(`Could not allocate ${Math.ceil((pages * PAGE) / 2 ** 20)} MiB of WebAssembly memory.`, { cause: e })
  }
  const module = await compiled(shared ? 'threaded' : 'single')
  const instance = await WebAssembly.instantiate(module, { env: { memory } })
  const exports = instance.exports as unknown as ProverExports
  if ((exports.__heap_base.value as number) > ENGINE_RESERVED) throw new WasmProverError('The prover module outgrew its reserved memory.')

  const workers: PoolWorker[] = []
  try {
    for (let i = 1; i < nThreads; i++) {
      const w = await spawn()
      w.hold(true)
      w.post({ type: 'init', module, memory, stackTop: stacks + i * STACK, scratch: scratch0 + i * scratchSize })
      workers.push(w)
    }
    for (const w of workers) {
      const r = await w.next()
      if (r.type !== 'ready') throw new WasmProverError('A prover worker failed to start.', { details: r.type === 'error' ? r.message : r.type })
      w.hold(false)
    }
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()))
    throw e instanceof WasmProverError ? e : new WasmProverError('Could not start the prover workers.', { cause: e })
  }

  const call = (c: Call) => (exports[c[0]] as (...a: number[]) => number)(...(c.slice(1) as number[]).map((a) => (a === SCRATCH ? scratch0 : a)))
  let busy = false
  let disposed = false
  return {
    exports,
    memory,
    threads: nThreads,
    base,
    bytes: () => new Uint8Array(memory.buffer),
    async run(jobs) {
      if (disposed) throw new WasmProverError('The prover was disposed.')
      if (busy) throw new WasmProverError('The prover is already running (one proof at a time).')
      busy = true
      try {
        if (!workers.length) {
          for (const job of jobs) for (const c of job) call(c)
          return
        }
        const ctr = new Int32Array(memory.buffer, counter, 1)
        Atomics.store(ctr, 0, 0)
        for (const w of workers) {
          w.hold(true)
          w.post({ type: 'run', jobs, counter })
        }
        let error: unknown
        try {
          for (;;) {
            const j = Atomics.add(ctr, 0, 1)
            if (j >= jobs.length) break
            for (const c of jobs[j]!) call(c)
          }
        } catch (e) {
          error = e
          Atomics.store(ctr, 0, jobs.length)
        }
        const replies = await Promise.all(workers.map((w) => w.next()))
        for (const w of workers) w.hold(false)
        const bad = replies.find((r) => r.type === 'error')
        if (error) throw new WasmProverError('The prover failed.', { cause: error })
        if (bad && bad.type === 'error') throw new WasmProverError('A prover worker failed.', { details: bad.message })
      } finally {
        busy = false
      }
    },
    async dispose() {
      if (disposed) return
      disposed = true
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}

/** The largest MSM scratch (bytes) among `windows`, from the module's own formula. */
export async function msmScratchBytes(windows: { curve: 'g1' | 'g2'; n: number; c: number }[]): Promise<number> {
  const memory = new WebAssembly.Memory({ initial: ENGINE_RESERVED / PAGE + 1 })
  const { exports } = await WebAssembly.instantiate(await compiled('single'), { env: { memory } })
  const ex = exports as unknown as ProverExports
  let max = 0
  for (const w of windows) max = Math.max(max, (w.curve === 'g1' ? ex.g1_msm_scratch_bytes : ex.g2_msm_scratch_bytes)(w.n, w.c) >>> 0)
  return max
}
