/**
 * Groth16 proving with our own WebAssembly (wasm/src/prover.c) over a snarkjs `.zkey`, with the
 * same algebra as snarkjs's `groth16.prove` so the proofs verify wherever snarkjs's do:
 *
 * 1. A, B on the domain from the key's coefficients and the witness; C = A·B pointwise.
 * 2. Each of A, B, C: inverse FFT, shift to the coset of odd powers of the 2N-th root ω₂ₙ
 *    (snarkjs's choice; the key's H points are for that coset), FFT; then h = A·B − C there.
 * 3. MSMs: A, B1 (G1) and B2 (G2) over the witness, C over the private signals, H over h.
 * 4. With fresh random r, s: π_A = α + A + rδ, π_B = β + B2 + sδ, π_C = C + H + sπ_A + r(β₁ + B1 + sδ₁) − rsδ₁.
 *
 * The key's sections are streamed once into the module's memory when the prover is created (in
 * chunks of up to 4 MiB, points through a staging area in A/B/C's room, from the caller's bytes or
 * straight from a file through a {@link ZkeyReader}); the prover keeps no reference to the source. Each proof then needs only
 * scratch sized from the key (see the plan below), all allocated up front.
 */
import { createEngine, msmScratchBytes, SCRATCH, type Engine, type Job } from './engine.js'
import { BN254_R, bytesZkeyReader, openZkey, type ZkeyParts, type ZkeyRange, type ZkeyReader } from './zkey.js'
import { WasmProverError } from '../src/errors/wasmProver.js'

/** A Groth16 proof in snarkjs's JSON shape (decimal strings). */
export type WasmGroth16Proof = {
  pi_a: string[]
  pi_b: string[][]
  pi_c: string[]
  protocol: 'groth16'
  curve: 'bn128'
}

/** Milliseconds per phase of one proof. */
export type WasmProveTimings = { witness: number; abc: number; fft: number; msm: number; finish: number }

/** What {@link WasmProver.prove} returns. */
export type WasmProveReturnType = { proof: WasmGroth16Proof; publicSignals: string[]; timings: WasmProveTimings }

const now = () => (globalThis.performance ?? Date).now()

/** Parameters of {@link createWasmProver}. */
export type CreateWasmProverParameters = {
  /**
   * The proving key: the `circuit.zkey` bytes, or a {@link ZkeyReader} (e.g. over a file, so the
   * key is never held whole outside the prover). Read once; the prover keeps no reference to it.
   */
  zkey: Uint8Array | ZkeyReader
  /** Threads (the caller's included), at most {@link MAX_THREADS}. Default {@link defaultThreads}. 1 where SharedArrayBuffer is missing. */
  threads?: number | undefined
}

/** A prover holding one proving key. */
export type WasmProver = {
  nVars: number
  nPublic: number
  domainSize: number
  /** Threads actually used. */
  threads: number
  /** Bytes of WebAssembly memory held (key + scratch). */
  memoryBytes: number
  /** Proves one full witness (wire 0 = 1 first); `onProgress` gets a rising fraction after each phase. */
  prove(witness: readonly bigint[], onProgress?: (fraction: number) => void): Promise<WasmProveReturnType>
  /** Terminates the workers and drops the memory. */
  dispose(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * The cap on threads, wherever the count comes from (default or caller): more cores rarely help
 * past it, and each thread holds its own MSM scratch (and, in Node, a worker's heap), so an 8-core
 * phone must not multiply the prover's memory.
 */
export const MAX_THREADS = 4

/** min(hardware threads, {@link MAX_THREADS}). */
export function defaultThreads(): number {
  const n = (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency ?? 1
  return Math.max(1, Math.min(MAX_THREADS, n))
}

/** The widest window: digits are 16-bit, |d| ≤ 2^(c−1). */
export const MAX_WINDOW_BITS = 15
/**
 * Pippenger window width for n points (measured on this project's benches): log2(n) − 4 up to
 * 2^16 (at most 13), 15 from 2^17 on. Since the buckets' weighted sum is taken by the grid method
 * (batch-affine row and column sums, `bucket_grid_sum` in wasm/src/msm_impl.h) instead of 2^c
 * Jacobian running-sum additions, wider windows pay at the top of the range: 1 thread, CPU time
 * vs native ffiasm (2026-11-30, load 0–2.8), G1 2^18 c = 13 / 14 / 15: 1.64 / 1.43 / 1.43; G2 2^18
 * c = 13 / 15: 1.70 / 1.50; G2 2^17 1.55 / 1.39; G1 2^17 1.41 / 1.44 and G1 2^16 c = 12 / 13 / 15
 * 1.42 / 1.43 / 1.41 (noise). 15 bits also packs 254 bits into 17 windows (13 needs 20).
 */
export function windowBits(n: number): number {
  const lg = Math.round(Math.log2(Math.max(n, 2)))
  if (lg >= 17) return MAX_WINDOW_BITS
  return Math.max(4, Math.min(13, lg - 4))
}
/** Bits of a GLV half-scalar: |k1|, |k2| < 2^127, so K·c ≥ 128 holds the signed digits' last carry. */
export const GLV_BITS = 128
/**
 * Whether an MSM of n random scalars runs faster with the GLV split (2n entries, half the
 * windows): measured side by side (CPU time, 1 thread, medians; `.cache/msm` points, 2026-11-30).
 * G2 gains 4–8 % at 2^14–2^16 (its additions cost three times G1's, so halving the windows' passes
 * and running sums pays), nothing at 2^17 and loses ~2 % at 2^18; G1 gains ~4 % at 2^14, ~2 % at
 * 2^15 and nothing or less from 2^16 on: the doubled list's memory traffic (φ's x table, twice the
 * entries per window) eats the ~9 % fewer additions.
 */
export function glvPays(curve: 'g1' | 'g2', n: number): boolean {
  return n < (curve === 'g2' ? 1 << 17 : 1 << 16)
}
/**
 * Window width of a GLV MSM over n points (2n entries, 128-bit halves), from the same sweeps:
 * log2(n) − 3 below 2^14, 13 from 2^14 on (10 windows of 13 bits cover 130 ≥ 128). Measured with
 * the grid bucket sums (1 thread, CPU time vs native, 2026-11-30): G1 2^14 c = 11 / 12 / 13:
 * 1.51 / 1.51–1.65 / 1.39–1.47; G2 2^14 1.29 / – / 1.26; G2 2^15 c = 12 / 13: 1.49 / 1.31; G1 2^15
 * 1.28 / 1.31 (noise); G2 2^16 13 bits 1.36–1.38, 15 bits 1.34.
 */
export function glvWindowBits(n: number): number {
  const lg = Math.round(Math.log2(Math.max(n, 2)))
  if (lg >= 14) return 13
  return Math.max(4, lg - 3)
}
/** Windows for scalars below r/2 < 2^253 with signed digits (the top window absorbs the last carry). */
export const windowsFor = (c: number) => Math.ceil(254 / c)

/** Bytes of an Fq element, an affine and a Jacobian point in the module's memory (9 x 29-bit limbs). */
export const FQ_BYTES = 36
const G1_AFF = 2 * FQ_BYTES, G2_AFF = 4 * FQ_BYTES, G1_JAC = 3 * FQ_BYTES, G2_JAC = 6 * FQ_BYTES
/** Raw zkey bytes converted per staging round, at most (the staging area is A/B/C's room, free while loading). */
const STAGING = 1 << 22

type Plan = Record<
  'keyPoints' | 'coefs' | 'A' | 'B1' | 'B2' | 'C' | 'H' | 'staging' | 'tw' | 'coset' | 'wit' | 'pA' | 'pB' | 'pC' | 'digW' | 'digH' | 'wins' | 'res' | 'scal' | 'out',
  number
> & { end: number }

function plan(z: ZkeyParts, cW: number, cH: number, base: number): Plan {
  const N = z.domainSize
  const KW = windowsFor(cW), KH = windowsFor(cH)
  const conv = (raw: number) => (raw / 32) * FQ_BYTES
  const sizes: [keyof Plan, number][] = [
    ['keyPoints', conv(448)], ['coefs', z.coefs.length], ['A', conv(z.A.length)], ['B1', conv(z.B1.length)], ['B2', conv(z.B2.length)], ['C', conv(z.C.length)], ['H', conv(z.H.length)],
    ['tw', (N / 2) * 32], ['coset', N * 32], ['wit', z.nVars * 32], ['pA', N * 32], ['pB', N * 32], ['pC', N * 32],
    ['digW', KW * z.nVars * 2], ['digH', KH * N * 2], ['wins', (3 * KW + KH) * G1_JAC + KW * G2_JAC], ['res', 4 * G1_JAC + G2_JAC], ['scal', 96], ['out', 256],
  ]
  const p = {} as Plan
  let at = base
  for (const [k, n] of sizes) {
    p[k] = at
    at += Math.ceil(n / 64) * 64
  }
  p.end = at
  // Loading stages raw points in pA..pC (3 N · 32 contiguous bytes), unused until the first proof.
  p.staging = p.pA
  return p
}

/** Reads a range of the key into the module's memory at `dst` as is, in staging-sized chunks. */
async function loadRaw(engine: Engine, key: ZkeyReader, range: ZkeyRange, dst: number): Promise<void> {
  for (let off = 0; off < range.length; off += STAGING) {
    const len = Math.min(STAGING, range.length - off)
    await key.read(engine.bytes().subarray(dst + off, dst + off + len), range.at + off)
  }
}

/** Reads a range of the key's Fq elements into the module's form at `dst`, through the staging area. */
async function loadFq(engine: Engine, P: Plan, key: ZkeyReader, range: ZkeyRange, dst: number): Promise<void> {
  let at = dst
  const chunk = Math.min(STAGING, P.pC + (P.pC - P.pB) - P.staging)
  for (let off = 0; off < range.length; off += chunk) {
    const len = Math.min(chunk, range.length - off)
    await key.read(engine.bytes().subarray(P.staging, P.staging + len), range.at + off)
    const count = len / 32
    await engine.run(ranges(count, engine.threads).map(([a, b]): Job => [['fq_batch_from_zkey', at, P.staging, a, b]]))
    at += count * FQ_BYTES
  }
}

/** Splits [0, n) into about `parts` ranges. */
function ranges(n: number, parts: number): [number, number][] {
  const out: [number, number][] = []
  const step = Math.max(1, Math.ceil(n / parts))
  for (let i = 0; i < n; i += step) out.push([i, Math.min(n, i + step)])
  return out
}

const toBigInts = (words: Uint32Array, count: number): bigint[] => {
  const out: bigint[] = []
  for (let k = 0; k < count; k++) {
    let x = 0n
    for (let i = 7; i >= 0; i--) x = (x << 32n) | BigInt(words[8 * k + i]!)
    out.push(x)
  }
  return out
}

const randomScalar = (): bigint => {
  const b = new Uint8Array(64)
  globalThis.crypto.getRandomValues(b)
  let x = 0n
  for (const v of b) x = (x << 8n) | BigInt(v)
  return x % BN254_R
}

const writeScalar = (words: Uint32Array, at: number, x: bigint) => {
  for (let i = 0; i < 8; i++) words[at + i] = Number((x >> BigInt(32 * i)) & 0xffffffffn)
}

/**
 * Loads a proving key into a new prover.
 * @param params {@link CreateWasmProverParameters}
 * @returns {@link WasmProver}
 * @throws WasmProverError on a malformed or non-BN254 key, or when memory or workers cannot be had
 * @example
 * const prover = await createWasmProver({ zkey })
 * const { proof, publicSignals } = await prover.prove(witness)
 * await prover.dispose()
 */
export async function createWasmProver({ zkey, threads }: CreateWasmProverParameters): Promise<WasmProver> {
  const key = zkey instanceof Uint8Array ? bytesZkeyReader(zkey) : zkey
  const z = await openZkey(key)
  const N = z.domainSize, LOG = z.log2Domain
  const cW = windowBits(z.nVars), cH = windowBits(N)
  const KW = windowsFor(cW), KH = windowsFor(cH)
  const nC = z.nVars - z.nPublic - 1
  const scratch = await msmScratchBytes([
    { curve: 'g1', n: z.nVars, c: cW },
    { curve: 'g2', n: z.nVars, c: cW },
    { curve: 'g1', n: N, c: cH },
  ])
  const layout = plan(z, cW, cH, 0)
  const wanted = Math.max(1, Math.min(MAX_THREADS, Math.floor(threads ?? defaultThreads())))
  const engine: Engine = await createEngine({ bytes: layout.end, threads: wanted, scratchPerThread: scratch })
  const P = plan(z, cW, cH, engine.base)
  const T = engine.threads

  // The one copy of the key (points converted to the module's Fq form on the way in).
  try {
    await loadRaw(engine, key, z.coefs, P.coefs)
    await loadFq(engine, P, bytesZkeyReader(z.keyPoints), { at: 0, length: 448 }, P.keyPoints)
    for (const [range, dst] of [[z.A, P.A], [z.B1, P.B1], [z.B2, P.B2], [z.C, P.C], [z.H, P.H]] as const) await loadFq(engine, P, key, range, dst)
  } catch (e) {
    await engine.dispose()
    throw e instanceof WasmProverError ? e : new WasmProverError('Could not read the .zkey.', { cause: e })
  }
  const bad = engine.exports.qap_check_coefs(P.coefs, z.nCoefs, z.nVars, N) >>> 0
  if (bad !== z.nCoefs) {
    await engine.dispose()
    throw new WasmProverError(`The .zkey coefficient ${bad} is out of range (matrix, constraint or signal).`)
  }
  await engine.run([
    ...ranges(N / 2, 4 * T).map(([a, b]): Job => [['fr_twiddles', P.tw, LOG, a, b]]),
    ...ranges(N, 4 * T).map(([a, b]): Job => [['fr_coset_table', P.coset, LOG, a, b]]),
  ])

  const parts = 4 * T
  const blockLog = Math.min(LOG - 1, Math.ceil(Math.log2(T)))
  const polys = [P.pA, P.pB, P.pC]

  /**
   * Each poly from evaluations on the domain to evaluations on the coset, in place and in natural
   * order: inverse transform (DIF: natural in, bit-reversed out), coset scaling, forward transform
   * (DIT: bit-reversed in, natural out), so no bit-reversal pass is needed. The outermost
   * log2(threads) stages of each direction are split by butterflies (one phase each); the rest run
   * as independent blocks, one job per block, cache-sized sub-blocks inside.
   */
  async function toCoset(): Promise<void> {
    const sTop = LOG - blockLog
    for (let s = LOG - 1; s >= sTop; s--) {
      await engine.run(polys.flatMap((x) => ranges(N / 2, parts).map(([a, b]): Job => [['fr_fft_split', x, P.tw, LOG, s, 1, a, b]])))
    }
    await engine.run(polys.flatMap((x) => Array.from({ length: 1 << blockLog }, (_, t): Job => [['fr_fft_block', x, P.tw, P.coset, LOG, sTop, t << sTop]])))
    for (let s = sTop; s < LOG; s++) {
      await engine.run(polys.flatMap((x) => ranges(N / 2, parts).map(([a, b]): Job => [['fr_fft_split', x, P.tw, LOG, s, 0, a, b]])))
    }
  }

  async function prove(witness: readonly bigint[], onProgress?: (fraction: number) => void): Promise<WasmProveReturnType> {
    const t0 = now()
    if (witness.length !== z.nVars) throw new WasmProverError(`Invalid witness length: the key has ${z.nVars} signals, the witness ${witness.length}.`)
    const words = new Uint32Array(engine.memory.buffer)
    const publicSignals: string[] = []
    for (let i = 0; i < witness.length; i++) {
      let x = witness[i]!
      if (x < 0n || x >= BN254_R) x = ((x % BN254_R) + BN254_R) % BN254_R
      if (i >= 1 && i <= z.nPublic) publicSignals.push(x.toString())
      const w = P.wit / 4 + 8 * i
      if (x <= 0xffffffffn) {
        words[w] = Number(x)
        words.fill(0, w + 1, w + 8)
      } else writeScalar(words, w, x)
    }
    const t1 = now()
    // 1. A, B, C on the domain.
    await engine.run(ranges(N, T).map(([a, b]): Job => [
      ['qap_build_ab', P.coefs, z.nCoefs, P.wit, P.pA, P.pB, a, b],
      ['qap_mul', P.pA, P.pB, P.pC, a, b],
    ]))
    const t2 = now()
    onProgress?.(0.1)
    // 2. To the coset and h = A·B − C.
    await toCoset()
    await engine.run(ranges(N, parts).map(([a, b]): Job => [['qap_join', P.pA, P.pB, P.pC, a, b]]))
    const t3 = now()
    onProgress?.(0.3)
    // 3. The five MSMs: signed digits, then every window of every MSM as one job.
    await engine.run([
      ...ranges(z.nVars, parts).map(([a, b]): Job => [['msm_digits', P.wit, z.nVars, cW, KW, P.digW, a, b]]),
      ...ranges(N, parts).map(([a, b]): Job => [['msm_digits', P.pA, N, cH, KH, P.digH, a, b]]),
    ])
    onProgress?.(0.35)
    const winG1 = (i: number) => P.wins + i * G1_JAC
    const winB2 = (w: number) => P.wins + (3 * KW + KH) * G1_JAC + w * G2_JAC
    const jobs: Job[] = []
    for (let w = 0; w < KW; w++) jobs.push([['g2_msm_window', P.B2, P.digW + w * z.nVars * 2, z.nVars, cW, SCRATCH, winB2(w)]])
    for (let w = 0; w < KH; w++) jobs.push([['g1_msm_window', P.H, P.digH + w * N * 2, N, cH, SCRATCH, winG1(3 * KW + w)]])
    for (let w = 0; w < KW; w++) {
      const col = P.digW + w * z.nVars * 2
      jobs.push([['g1_msm_window', P.A, col, z.nVars, cW, SCRATCH, winG1(w)]])
      jobs.push([['g1_msm_window', P.B1, col, z.nVars, cW, SCRATCH, winG1(KW + w)]])
      jobs.push([['g1_msm_window', P.C, col + (z.nPublic + 1) * 2, nC, cW, SCRATCH, winG1(2 * KW + w)]])
    }
    await engine.run(jobs)
    const ex = engine.exports
    const resA = P.res, resB1 = P.res + G1_JAC, resC = P.res + 2 * G1_JAC, resH = P.res + 3 * G1_JAC, resB2 = P.res + 4 * G1_JAC
    ex.g1_msm_combine(winG1(0), KW, cW, resA)
    ex.g1_msm_combine(winG1(KW), KW, cW, resB1)
    ex.g1_msm_combine(winG1(2 * KW), KW, cW, resC)
    ex.g1_msm_combine(winG1(3 * KW), KH, cH, resH)
    ex.g2_msm_combine(winB2(0), KW, cW, resB2)
    const t4 = now()
    onProgress?.(0.95)
    // 4. Blinding and assembly.
    const r = randomScalar(), s = randomScalar()
    const nrs = (BN254_R - ((r * s) % BN254_R)) % BN254_R
    const sw = new Uint32Array(engine.memory.buffer)
    writeScalar(sw, P.scal / 4, r)
    writeScalar(sw, P.scal / 4 + 8, s)
    writeScalar(sw, P.scal / 4 + 16, nrs)
    const k = P.keyPoints
    ex.groth16_finish(resA, resB1, resB2, resC, resH, k, k + G1_AFF, k + 2 * G1_AFF, k + 2 * G1_AFF + G2_AFF, k + 3 * G1_AFF + G2_AFF, P.scal, P.scal + 32, P.scal + 64, P.out)
    const o = toBigInts(new Uint32Array(engine.memory.buffer, P.out, 64), 8).map(String)
    return {
      proof: { pi_a: [o[0]!, o[1]!, '1'], pi_b: [[o[2]!, o[3]!], [o[4]!, o[5]!], ['1', '0']], pi_c: [o[6]!, o[7]!, '1'], protocol: 'groth16', curve: 'bn128' },
      publicSignals,
      timings: { witness: t1 - t0, abc: t2 - t1, fft: t3 - t2, msm: t4 - t3, finish: now() - t4 },
    }
  }

  let queue: Promise<unknown> = Promise.resolve()
  const dispose = () => engine.dispose()
  return {
    nVars: z.nVars,
    nPublic: z.nPublic,
    domainSize: N,
    threads: T,
    memoryBytes: engine.memory.buffer.byteLength,
    // One proof at a time per prover: later calls wait for earlier ones.
    prove(witness, onProgress) {
      const next = queue.then(() => prove(witness, onProgress))
      queue = next.catch(() => undefined)
      return next
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  }
}
