/**
 * A private instance of the BN254 WebAssembly arithmetic that ffjavascript (snarkjs's curve library)
 * compiles, used for fast fixed-base scalar multiplication during the dev setup.
 *
 * Conventions of that module (wasmcurves): field elements are 32-byte little-endian Montgomery
 * values ("LEM"); G1 affine = x‖y (64 bytes), G1 Jacobian = x‖y‖z (96 bytes); G2 coordinates are
 * Fq2 = c0‖c1 (64 bytes), so G2 affine is 128 bytes and Jacobian 192. The affine point at infinity is
 * all zeros. `.zkey` and prepared `.ptau` files store exactly these affine LEM bytes. Word 0 of memory
 * is the module's bump pointer to free space (its own functions take scratch space from there).
 *
 * We instantiate the module ourselves (own growable memory, main thread, no workers and no global
 * `curve_bn128`), so nothing needs to be terminated afterwards.
 */

/** The exported functions we call (pointers are byte offsets into the instance memory). */
export type CurveExports = Record<
  | 'g1m_zero' | 'g1m_addMixed' | 'g1m_subMixed' | 'g1m_add' | 'g1m_double' | 'g1m_copy'
  | 'g1m_batchToAffine' | 'g1m_batchLEMtoU' | 'g1m_subAffine' | 'g1m_toAffine' | 'g1m_toJacobian'
  | 'g2m_zero' | 'g2m_addMixed' | 'g2m_subMixed' | 'g2m_add' | 'g2m_double' | 'g2m_copy'
  | 'g2m_batchToAffine' | 'g2m_batchLEMtoU' | 'g2m_toJacobian' | 'g2m_toAffine' | 'g2m_timesScalarAffine'
  | 'f2m_add' | 'f2m_mul' | 'f2m_square' | 'f2m_neg' | 'f2m_isSquare' | 'f2m_sqrt' | 'f2m_isNegative',
  /** Pointer arguments; predicates (`*_isSquare`, `*_isNegative`) return 0 or 1, the rest nothing. */
  (...args: number[]) => number
>

/** A live instance: exports, memory and a bump allocator. */
export type CurveEngine = {
  exports: CurveExports
  /** Pointers to the generators (Jacobian, Montgomery, z = 1: the first bytes are the affine point). */
  pG1gen: number
  pG2gen: number
  /** Reserves `bytes` (8-aligned) and returns the pointer; grows memory as needed. */
  alloc(bytes: number): number
  /** Current allocation mark, to free everything allocated after it with {@link CurveEngine.release}. */
  mark(): number
  release(mark: number): void
  /** A view of the whole memory (re-fetch after any alloc: growing detaches old views). */
  bytes(): Uint8Array
}

/** Slack kept free above the bump pointer for the module's own scratch use (batch inversions). */
const SCRATCH = 1 << 22

type FfCurve = { tm: { code: Uint8Array<ArrayBuffer>; pG1gen: number; pG2gen: number } }

let codeCache: Promise<{ module: WebAssembly.Module; pG1gen: number; pG2gen: number }> | undefined

async function loadModule() {
  // ffjavascript builds the wasm bytes at run time; a single-threaded curve starts no workers.
  const { buildBn128 } = (await import('ffjavascript')) as { buildBn128(singleThread: boolean): Promise<FfCurve> }
  const curve = await buildBn128(true)
  const module = await WebAssembly.compile(curve.tm.code)
  return { module, pG1gen: curve.tm.pG1gen, pG2gen: curve.tm.pG2gen }
}

/**
 * Instantiates a fresh engine (its own memory).
 * @returns a {@link CurveEngine}.
 * @example const engine = await createCurveEngine(); const p = engine.alloc(96)
 */
export async function createCurveEngine(): Promise<CurveEngine> {
  codeCache ??= loadModule()
  const { module, pG1gen, pG2gen } = await codeCache
  const memory = new WebAssembly.Memory({ initial: 256 })
  const instance = await WebAssembly.instantiate(module, { env: { memory } })
  const exports = instance.exports as unknown as CurveExports
  let u32 = new Uint32Array(memory.buffer)
  const ensure = (end: number) => {
    const need = end + SCRATCH - memory.buffer.byteLength
    if (need > 0) {
      memory.grow(Math.ceil(need / 65536))
      u32 = new Uint32Array(memory.buffer)
    }
  }
  return {
    exports,
    pG1gen,
    pG2gen,
    alloc(bytes) {
      const p = (u32[0] + 7) & ~7
      ensure(p + bytes)
      u32[0] = p + bytes
      return p
    },
    mark: () => u32[0],
    release(mark) {
      u32[0] = mark
    },
    bytes: () => new Uint8Array(memory.buffer),
  }
}
