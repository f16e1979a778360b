/**
 * Builds the prover's WebAssembly from wasm/src/*.c with clang (wasm32, no libc) and wasm-ld, and
 * writes wasm/binary.ts: both variants (single-threaded, and shared-memory for workers) as base64
 * plus a SHA-256 of every input, so a test can tell when the committed binary is stale.
 *
 *   npm run build:wasm            rebuild and rewrite wasm/src/constants.h and wasm/binary.ts
 *   npm run build:wasm -- --check rebuild in memory; exit 1 if the committed files differ
 *
 * Toolchain: Debian's clang-16 and lld-16 (`apt-get install clang-16 lld-16`; .ci/run does it).
 * The build is deterministic: the same sources and clang give the same bytes.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const SRC = join(HERE, 'src')
export const CLANG = process.env.ZKML_CLANG ?? 'clang-16'

const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n
const MONT = 1n << 256n

const COMMON = ['--target=wasm32', '-nostdlib', '-O3', '-std=c11', '-mbulk-memory', '-Wall', '-Wextra', '-Werror', '-fno-builtin',
  '-Wl,--no-entry', '-Wl,--import-memory', '-Wl,--export=__heap_base', '-Wl,--stack-first', '-Wl,-z,stack-size=65536']
/** Compiler flags of each variant. */
export const VARIANTS = {
  single: COMMON,
  threaded: [...COMMON, '-matomics', '-Wl,--shared-memory', '-Wl,--max-memory=4294967296', '-Wl,--export=__stack_pointer'],
} as const

const modpow = (b: bigint, e: bigint, m: bigint): bigint => {
  let r = 1n
  b %= m
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m
  return r
}
const limbs = (x: bigint): string =>
  '{' + Array.from({ length: 8 }, (_, i) => `0x${((x >> BigInt(32 * i)) & 0xffffffffn).toString(16)}u`).join(', ') + '}'
/** -m^-1 mod 2^32 */
const negInv32 = (m: bigint): bigint => {
  let x = 1n
  for (let i = 0; i < 6; i++) x = (x * (2n - m * x)) & 0xffffffffn
  return (0x100000000n - x) & 0xffffffffn
}

/** Affine double-and-add on G1 (y² = x³ + 3 over Fq) in bigints: only for deriving constants. */
const g1Mul = (pt: [bigint, bigint], k: bigint): [bigint, bigint] | undefined => {
  const inv = (x: bigint) => modpow(((x % P) + P) % P, P - 2n, P)
  const add = (a: [bigint, bigint] | undefined, b: [bigint, bigint] | undefined): [bigint, bigint] | undefined => {
    if (!a) return b
    if (!b) return a
    let l: bigint
    if (a[0] === b[0]) {
      if ((a[1] + b[1]) % P === 0n) return undefined
      l = (3n * a[0] * a[0] * inv(2n * a[1])) % P
    } else l = (((b[1] - a[1]) % P + P) * inv(b[0] - a[0])) % P
    const x = (((l * l - a[0] - b[0]) % P) + 2n * P) % P
    return [x, (((l * (a[0] - x) - a[1]) % P) + P) % P]
  }
  let acc: [bigint, bigint] | undefined
  let q: [bigint, bigint] | undefined = pt
  for (; k > 0n; k >>= 1n, q = add(q, q)) if (k & 1n) acc = add(acc, q)
  return acc
}

/**
 * The GLV endomorphism's constants (msm_digits_glv, CURVE_glv_table), derived here rather than
 * copied: β, a primitive cube root of unity in Fq, makes φ(x, y) = (βx, y) act on G1 as
 * multiplication by λ, a cube root of unity mod r (checked on the generator (1, 2)); on the G2
 * twist the same β acts as λ², so G2 uses β² (checked by test/wasm/glv.test.ts). The short basis
 * v1 = (A1, B1), v2 = (A2, −B2) of the lattice {(a, b) : a + bλ ≡ 0 mod r} comes from the extended
 * Euclidean algorithm on (r, λ) stopped at √r (the GLV paper's method); k = k1 + k2·λ with
 * C1 = round(k·B2 / r), C2 = round(k·B1 / r), k1 = k − C1·A1 − C2·A2, k2 = C2·B2 − C1·B1, the
 * roundings computed as (k·G + 2^255) >> 256 with G = ⌊2^256·B / r⌋. For k ≤ (r − 1)/2 both halves
 * are below 0.55·(A1 + A2) < 2^127 in absolute value.
 */
export function glvBasis(): { beta: bigint; lambda: bigint; a1: bigint; b1: bigint; a2: bigint; b2: bigint } {
  const cube = (m: bigint): bigint => {
    for (let g = 2n; ; g++) {
      const b = modpow(g, (m - 1n) / 3n, m)
      if (b !== 1n) return b
    }
  }
  const b0 = cube(P), l0 = cube(R)
  let beta = 0n, lambda = 0n
  for (const b of [b0, (b0 * b0) % P]) {
    for (const l of [l0, (l0 * l0) % R]) {
      const e = g1Mul([1n, 2n], l)
      if (e && e[0] === (b * 1n) % P && e[1] === 2n && !beta) { beta = b; lambda = l }
    }
  }
  if (!beta) throw new Error('GLV: no cube root of unity matches on G1')
  // extended Euclid on (r, λ): r_i = s_i·r + t_i·λ, so (r_i, −t_i) is in the lattice
  const sq = (() => { let x = 1n << 127n; for (let i = 0; i < 200; i++) x = (x + R / x) >> 1n; return x })()
  let [r0, r1, t0, t1] = [R, lambda, 0n, 1n]
  while (r1 >= sq) {
    const qq = r0 / r1
    ;[r0, r1] = [r1, r0 - qq * r1]
    ;[t0, t1] = [t1, t0 - qq * t1]
  }
  // r0 ≥ √r > r1: v1 = (r1, −t1); v2 = (r0, −t0) or the next remainder, whichever is shorter
  const qq = r0 / r1
  const [r2, t2] = [r0 - qq * r1, t0 - qq * t1]
  const v1: [bigint, bigint] = [r1, -t1]
  const v2: [bigint, bigint] = r0 * r0 + t0 * t0 <= r2 * r2 + t2 * t2 ? [r0, -t0] : [r2, -t2]
  // the C code's sign pattern: v1 = (A1, B1), v2 = (A2, −B2), all positive, A1·B2 + A2·B1 = r
  let basis: [bigint, bigint, bigint, bigint] | undefined
  for (const [u, w] of [[v1, v2], [v2, v1]] as const) {
    for (const su of [1n, -1n]) {
      for (const sw of [1n, -1n]) {
        const [a1, b1, a2, b2] = [su * u[0], su * u[1], sw * w[0], -sw * w[1]]
        if ([a1, b1, a2, b2].every((x) => x > 0n && x < 1n << 128n) && a1 * b2 + a2 * b1 === R) basis ??= [a1, b1, a2, b2]
      }
    }
  }
  if (!basis) throw new Error('GLV: no basis with the expected signs')
  const [a1, b1, a2, b2] = basis
  for (const [a, b] of [[a1, b1], [a2, -b2]] as const) if ((((a + b * lambda) % R) + R) % R !== 0n) throw new Error('GLV: basis not in the lattice')
  return { beta, lambda, a1, b1, a2, b2 }
}

/** The C declarations of {@link glvBasis}'s constants (29-bit limbs for β, 32-bit limbs otherwise). */
function glvConstants(limbs29: (x: bigint) => string): string {
  const { beta, lambda, a1, b1, a2, b2 } = glvBasis()
  const big = (x: bigint, n: number) => '{' + Array.from({ length: n }, (_, i) => `0x${((x >> BigInt(32 * i)) & 0xffffffffn).toString(16)}u`).join(', ') + '}'
  const R29 = 1n << 261n
  let out = `/* GLV (wasm/build.ts glvConstants): phi(x, y) = (beta x, y) = lambda (x, y); lambda = 0x${lambda.toString(16)} */\n`
  out += `static const u32 GLV_BETA_G1[9] = ${limbs29((beta * R29) % P)};\n`
  out += `static const u32 GLV_BETA_G2[9] = ${limbs29((((beta * beta) % P) * R29) % P)};\n`
  out += `static const u32 GLV_LAMBDA[8] = ${big(lambda, 8)};\n`
  out += `static const u32 GLV_A1[4] = ${big(a1, 4)};\nstatic const u32 GLV_B1[4] = ${big(b1, 4)};\n`
  out += `static const u32 GLV_A2[4] = ${big(a2, 4)};\nstatic const u32 GLV_B2[4] = ${big(b2, 4)};\n`
  out += `static const u32 GLV_G1[5] = ${big((b2 << 256n) / R, 5)};\nstatic const u32 GLV_G2[5] = ${big((b1 << 256n) / R, 5)};\n`
  return out
}

/** The C header of BN254 constants (moduli, Montgomery constants, ffjavascript's roots of unity). */
export function constantsHeader(): string {
  let out = '/* Generated by wasm/build.ts: BN254 constants (do not edit). */\n#ifndef ZK_CONSTANTS_H\n#define ZK_CONSTANTS_H\n'
  for (const [name, m] of [['FQ', P], ['FR', R]] as const) {
    out += `static const u32 ${name}_P[8] = ${limbs(m)};\n`
    out += `#define ${name}_INV 0x${negInv32(m).toString(16)}u\n`
    out += `static const u32 ${name}_ONE[8] = ${limbs(MONT % m)};\n`
    out += `static const u32 ${name}_R2[8] = ${limbs((MONT * MONT) % m)};\n`
    out += `static const u32 ${name}_PM2[8] = ${limbs(m - 2n)};\n`
  }
  out += `/* (r - 1) / 2: larger scalars are negated in the MSM */\nstatic const u32 FR_HALF[8] = ${limbs((R - 1n) / 2n)};\n`
  // Fq in 9 x 29-bit limbs, Montgomery R = 2^261 (fq29.h)
  const limbs29 = (x: bigint): string =>
    '{' + Array.from({ length: 9 }, (_, i) => `0x${((x >> BigInt(29 * i)) & 0x1fffffffn).toString(16)}u`).join(', ') + '}'
  const R29 = 1n << 261n
  let inv29 = 1n
  for (let i = 0; i < 6; i++) inv29 = (inv29 * (2n - P * inv29)) & 0x1fffffffn
  out += `static const u32 FQ29_P[9] = ${limbs29(P)};\n`
  // 2q with a borrow carried down every limb (limbs 0..7 get 2^29, limbs 1..8 give 1): every limb
  // at least 2^29 - 1, so a - b + 2q needs no carries (fq_sub_lazy)
  const twoP = Array.from({ length: 9 }, (_, i) => ((2n * P) >> BigInt(29 * i)) & 0x1fffffffn)
  const lazy = twoP.map((x, i) => x + (i < 8 ? 1n << 29n : 0n) - (i > 0 ? 1n : 0n))
  if (lazy.reduce((acc, x, i) => acc + (x << BigInt(29 * i)), 0n) !== 2n * P || lazy.slice(0, 8).some((x) => x < (1n << 29n) - 1n) || lazy[8]! < P >> 232n) throw new Error('FQ29_2P_LAZY')
  out += `/* 2q as 9 limbs each at least the matching limb of any value below q (fq_sub_lazy) */\n`
  out += `static const u32 FQ29_2P_LAZY[9] = {${lazy.map((x) => `0x${x.toString(16)}u`).join(', ')}};\n`
  out += `#define FQ29_INV 0x${((0x20000000n - inv29) & 0x1fffffffn).toString(16)}ull\n`
  out += `static const u32 FQ29_ONE[9] = ${limbs29(R29 % P)};\n`
  out += `/* 2^5 * 2^256 and 2^-5 * 2^256 mod q: the zkey's x * 2^256 <-> x * 2^261 by one 32-bit Montgomery product */\n`
  out += `static const u32 FQ_ZKEY_TO_29[8] = ${limbs((32n * MONT) % P)};\n`
  out += `static const u32 FQ_29_TO_ZKEY[8] = ${limbs((modpow(32n, P - 2n, P) * MONT) % P)};\n`
  out += glvConstants(limbs29)
  // ffjavascript's F1Field: nqr = 5 (the least non-residue), s = 28, w[28] = 5^((r-1)/2^28), w[k-1] = w[k]^2.
  const w: bigint[] = []
  w[28] = modpow(5n, (R - 1n) >> 28n, R)
  for (let k = 27; k >= 0; k--) w[k] = (w[k + 1]! * w[k + 1]!) % R
  out += '/* FR_ROOTS[k]: the primitive 2^k-th root of unity ffjavascript uses (w[k]), Montgomery form */\n'
  out += `static const u32 FR_ROOTS[29][8] = {\n${w.map((x) => '  ' + limbs((x * MONT) % R)).join(',\n')}\n};\n#endif\n`
  return out
}

/** SHA-256 over the build inputs: this script and the C sources (constants.h is generated from this script). */
export function sourceHash(): string {
  const h = createHash('sha256')
  h.update(readFileSync(fileURLToPath(import.meta.url)))
  for (const f of readdirSync(SRC).filter((f) => f !== 'constants.h').sort()) h.update(f).update(readFileSync(join(SRC, f)))
  return h.digest('hex')
}

/** The clang version line, e.g. "Debian clang version 16.0.6 (15~deb12u1)". */
export function clangVersion(): string {
  return execFileSync(CLANG, ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim()
}

/** Compiles both variants; returns the wasm bytes and the generated files' text. */
export function buildWasm(): { single: Uint8Array; threaded: Uint8Array; constants: string; binaryTs: string } {
  const constants = constantsHeader()
  writeFileSync(join(SRC, 'constants.h'), constants)
  const dir = mkdtempSync(join(tmpdir(), 'zkml-wasm-'))
  try {
    const out: Record<string, Uint8Array> = {}
    for (const [name, flags] of Object.entries(VARIANTS)) {
      const file = join(dir, `${name}.wasm`)
      execFileSync(CLANG, [...flags, '-o', file, join(SRC, 'prover.c')], { stdio: ['ignore', 'inherit', 'inherit'] })
      out[name] = new Uint8Array(readFileSync(file))
    }
    const version = clangVersion()
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64')
    const binaryTs = `/**
 * Generated by wasm/build.ts from wasm/src (do not edit; run \`npm run build:wasm\`).
 * ${version}
 */
/** SHA-256 of the build inputs (wasm/build.ts, wasm/src/*). */
export const SOURCE_HASH = '${sourceHash()}'
/** The single-threaded module (own memory). */
export const WASM_SINGLE = '${b64(out.single!)}'
/** The shared-memory module (one memory for every worker). */
export const WASM_THREADED = '${b64(out.threaded!)}'
`
    return { single: out.single!, threaded: out.threaded!, constants, binaryTs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const BINARY_TS = join(HERE, 'binary.ts')

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check')
  const before = check ? readFileSync(BINARY_TS, 'utf8') : ''
  const { binaryTs, single, threaded } = buildWasm()
  if (check) {
    if (before !== binaryTs) {
      console.error('wasm/binary.ts is stale: run `npm run build:wasm` and commit the result.')
      process.exit(1)
    }
    console.log('wasm/binary.ts is up to date.')
  } else {
    writeFileSync(BINARY_TS, binaryTs)
    console.log(`wrote wasm/binary.ts (single ${single.length} B, threaded ${threaded.length} B)`)
  }
}
