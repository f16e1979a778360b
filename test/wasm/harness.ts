/**
 * A small harness over the prover module for the unit tests: an engine with scratch memory, a
 * bump allocator, and helpers to move 32-byte values in and out.
 */
import { createEngine, type Engine } from '../../wasm/engine.js'

export type Harness = {
  engine: Engine
  alloc(bytes: number): number
  reset(): void
  put(bytes: Uint8Array): number
  get(ptr: number, len: number): Uint8Array
  call(name: string, ...args: number[]): number
}

export async function createHarness({ bytes = 1 << 26, threads = 1, scratchPerThread = 0 } = {}): Promise<Harness> {
  const engine = await createEngine({ bytes, threads, scratchPerThread })
  let top = engine.base
  const alloc = (n: number) => {
    const p = top
    top += Math.ceil(n / 64) * 64
    if (top > engine.memory.buffer.byteLength) throw new Error('harness out of memory')
    return p
  }
  return {
    engine,
    alloc,
    reset: () => void (top = engine.base),
    put(b) {
      const p = alloc(b.length)
      engine.bytes().set(b, p)
      return p
    },
    get: (ptr, len) => engine.bytes().slice(ptr, ptr + len),
    call: (name, ...args) => (engine.exports as unknown as Record<string, (...a: number[]) => number>)[name]!(...args),
  }
}

/** Little-endian 32-byte encoding of x. */
export function le32(x: bigint): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = Number((x >> BigInt(8 * i)) & 0xffn)
  return out
}

/** Reads a little-endian integer. */
export function fromLE(b: Uint8Array): bigint {
  let x = 0n
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!)
  return x
}

/** A deterministic pseudo-random bigint below `m` (xorshift; tests only). */
export function rng(seed: number): (m: bigint) => bigint {
  let s = BigInt(seed) | 1n
  const next = () => {
    s ^= (s << 13n) & 0xffffffffffffffffn
    s ^= s >> 7n
    s ^= (s << 17n) & 0xffffffffffffffffn
    return s & 0xffffffffffffffffn
  }
  return (m) => {
    let x = 0n
    for (let i = 0; i < 6; i++) x = (x << 64n) | next()
    return x % m
  }
}
