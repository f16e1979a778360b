/**
 * Packed linear combinations: the witness-only representation of an `Lc` (prove-time speed).
 *
 * Why. Witness generation runs the same lowering as compilation (one pass, so the witness and the
 * constraints cannot drift), and the circuit's structure — bit widths, which gadget path — is
 * decided from the intervals, term counts and constness of linear combinations. Carrying every
 * value as a full map of wire terms makes a convolution merge ~10 terms per input (an 8-bit pixel
 * is 8 bit wires; a requantized activation 8–20) for every tap: most of the witness time.
 *
 * What. A multi-wire linear combination is registered once as an *atom*: its wires, coefficients,
 * interval, value and term count are stored, and the wires become *owned* by the atom. Atoms are
 * made from a gadget's bit sums `Σ 2^i·b_i` over fresh bits (`bitsOutput`, `allocBitsInput`) and
 * from a kernel `dot` operand over raw wires on its third use (`reusable`: a max tree's steps,
 * used twice, stay raw; a pooled activation read by a convolution becomes one atom). A `PackedLc`
 * is a linear combination over atoms (keys < 0) and raw wires (keys > 0) plus a constant (wire 0's
 * coefficient, kept apart so adding a constant shares the term arrays); its real linear
 * combination replaces each atom key by α·(the atom's terms). Merging (`packedDot`) works on the
 * packed terms, so a convolution tap costs one term instead of ten. Sums of products (interval,
 * value) are done in doubles when a bound proves them exact (`EXACT`), else in bigints. A single
 * wire may be packed too (`packedWire`: pixels, bits, gadget output wires), and a kernel dot whose
 * operands all have one key (an atom or an unowned raw wire) merges on a shorter path
 * (`singleKeyDot`: coefficients summed in doubles, the interval and value computed on the way).
 *
 * Exactness (why the structure cannot change). Every question the lowering asks of an Lc is
 * answered from the packed form *exactly* as the real terms would answer it, under one invariant:
 * no packed Lc holds an atom key together with a raw key of a wire the atom owns. Atoms own
 * disjoint wire sets (registration refuses a wire that is already owned), so then the real terms of
 * distinct keys never collide, and:
 * - the term count is Σ |atom| + #raw keys (an atom's coefficients are non-zero, and an atom key
 *   whose merged coefficient is 0 is dropped, as all its real terms would be);
 * - the interval Σ_w min/max(c_w·lo_w, c_w·hi_w) splits by key, and an atom's part under a
 *   coefficient α is α·[lo_A, hi_A] (endpoints swapped for α < 0);
 * - the value is Σ α·value_A + Σ c·value_w + the constant, which is the real constant term.
 * `packedDot` keeps the invariant: a raw key owned by an atom that is present, or an atom whose
 * wires are present raw, makes it *expand* that atom into raw terms in the result (exact: the real
 * terms are the same either way; only the speed differs). So the packed form is a different
 * *representation* of the very same linear combination, never an approximation of it.
 *
 * Compatibility. `PackedLc` implements `Map<number, bigint>` (without being one: no hash table is
 * allocated per Lc): read through the Map API (iteration, `get`, `has`, `new Map(lc)`) it shows its
 * real terms (expanded into an inner map on first use and kept), and a mutation turns it into a
 * plain map. `size`, `get(0)` and `has(0)` answer from the packed form. So any code
 * written against `Lc` as a map of wire terms sees what it would see in constraint mode; the helpers
 * of `lc.ts` and the builder's `interval` / `value` take the fast path.
 *
 * Packed Lcs exist only in witness-only mode (`CircuitBuilder` with `witness` and not
 * `constraints`); compilation and the combined mode (tests) use plain maps, and the tests compare
 * the witness-only witness with the combined mode's, bit for bit.
 */
import type { Lc } from './lc.js'

/**
 * One atom: Σ coeffs[j]·wires[j] over wires that it alone owns, with its interval and value
 * (`coeffs` may be longer than `wires`: a shared table; only the first wires.length entries count).
 */
type Atom = {
  wires: readonly number[]
  coeffs: readonly bigint[]
  lo: bigint
  hi: bigint
  value: bigint
  /** lo, hi and value as doubles (rounded when large: see {@link EXACT}). */
  loN: number
  hiN: number
  valueN: number
}

/**
 * Sums of products are done in doubles when Σ |c|·|x| over the terms stays below this bound: every
 * product and partial sum is then an integer below 2^53, so exact (a product that rounds is ≥ 2^53
 * and pushes the bound past the limit; NaN fails the comparison). Otherwise in bigints.
 */
const EXACT = 2 ** 52
/** Products below this are exact (see `Merge.addConstant`). */
const HALF_EXACT = 2 ** 50

/** An atom with its double mirrors. */
function atomOf(wires: readonly number[], coeffs: readonly bigint[], lo: bigint, hi: bigint, value: bigint): Atom {
  return { wires, coeffs, lo, hi, value, loN: Number(lo), hiN: Number(hi), valueN: Number(value) }
}

/**
 * Packed terms: parallel arrays of keys (atom key < 0, raw wire > 0) and non-zero coefficients
 * (with their doubles, `coeffsN`: rounded when large, so read under the {@link EXACT} bounds only;
 * a plain array, not a Float64Array: allocated on the heap, not as an external buffer per Lc),
 * and the constant (the coefficient of wire 0) apart, so adding a constant shares the arrays.
 * Never mutated once a `PackedLc` holds them (they may be shared between Lcs).
 */
export type PackedTerms = { keys: number[]; coeffs: bigint[]; coeffsN: number[]; constant: bigint }

/** A {@link PackContext}'s per-wire arrays (see its constructor's `reuse`). */
export type PackStorage = {
  readonly owner: Int32Array<ArrayBuffer>
  readonly bit: Uint8Array<ArrayBuffer>
  readonly wireSlot: Int32Array<ArrayBuffer>
  readonly atomSlot: Int32Array<ArrayBuffer>
  readonly loNs: Float64Array<ArrayBuffer>
  readonly hiNs: Float64Array<ArrayBuffer>
  readonly valueNs: Float64Array<ArrayBuffer>
}

/** A grown copy of `a` with room for index `i`. */
function growBytes(a: Uint8Array<ArrayBuffer>, i: number): Uint8Array<ArrayBuffer> {
  let len = a.length
  while (len <= i) len *= 2
  const out = new Uint8Array(len)
  out.set(a)
  return out
}

/** A grown copy of `a` with room for index `i`. */
function grow(a: Int32Array<ArrayBuffer>, i: number): Int32Array<ArrayBuffer> {
  let len = a.length
  while (len <= i) len *= 2
  const out = new Int32Array(len)
  out.set(a)
  return out
}

/**
 * The atoms of one witness-only builder, the wire data packed Lcs read (the builder's own arrays,
 * shared, not copied) and the merge's scratch space.
 */
export class PackContext {
  readonly atoms: Atom[] = []
  /** Wire → 1 + index of the atom owning it (0: none). */
  owner: Int32Array<ArrayBuffer>
  /**
   * Wire → 0, or 1 + its value for a bit wire that `CircuitBuilder.allocBits` allocated (interval
   * [0, 1], value 0 or 1): lets bit sums register without bigint reads.
   */
  bit: Uint8Array<ArrayBuffer>
  /** Merge scratch (sparse accumulator): 1 + position of a raw wire / an atom in the result being built, 0 when absent. */
  wireSlot: Int32Array<ArrayBuffer>
  atomSlot: Int32Array<ArrayBuffer>
  /** Scratch term arrays of the merge in progress (`merging`), reused from merge to merge. */
  readonly scratchKeys: number[] = []
  readonly scratchCoeffs: bigint[] = []
  merging = false
  /** Scratch operands of the kernel dot in progress (`dotting`), reused from dot to dot. */
  readonly scratchOps: Lc[] = []
  readonly scratchKs: number[] = []
  dotting = false

  /**
   * `capacity`: the number of wires expected (the builder's `wireCapacity`), to size the per-wire
   * arrays (owner, bit, merge slots, double mirrors) once instead of growing them; they grow past it.
   * `reuse`: those arrays from a finished context of the same circuit ({@link storage}), cleared
   * and used instead of new ones (`capacity` is then ignored): no context may still be using them.
   */
  constructor(
    readonly lo: readonly bigint[],
    readonly hi: readonly bigint[],
    readonly values: readonly bigint[],
    capacity = 0,
    reuse?: PackStorage,
  ) {
    if (reuse) {
      this.owner = reuse.owner.fill(0)
      this.bit = reuse.bit.fill(0)
      this.wireSlot = reuse.wireSlot.fill(0)
      this.atomSlot = reuse.atomSlot.fill(0)
      this.loNs = reuse.loNs.fill(NaN)
      this.hiNs = reuse.hiNs.fill(NaN)
      this.valueNs = reuse.valueNs.fill(NaN)
    } else {
      const n = Math.max(capacity, 1024)
      this.owner = new Int32Array(n)
      this.bit = new Uint8Array(n)
      this.wireSlot = new Int32Array(n)
      this.atomSlot = new Int32Array(1024)
      this.loNs = new Float64Array(n).fill(NaN)
      this.hiNs = new Float64Array(n).fill(NaN)
      this.valueNs = new Float64Array(n).fill(NaN)
    }
  }

  /**
   * Claims `wires` for the next atom (the owner table marks each with its id) and returns that id, or
   * undefined, claiming nothing, when the sum cannot be an atom: fewer than two wires, a zero
   * coefficient, the constant wire, a repeated wire, or a wire that an atom already owns.
   */
  private claim(wires: readonly number[], coeffs: readonly bigint[]): number | undefined {
    const n = wires.length
    if (n < 2) return undefined
    let maxWire = 0
    for (let j = 0; j < n; j++) {
      const w = wires[j]!
      if (w <= 0 || coeffs[j] === 0n || (w < this.owner.length && this.owner[w] !== 0)) return undefined
      if (w > maxWire) maxWire = w
    }
    if (maxWire >= this.owner.length) this.owner = grow(this.owner, maxWire)
    const id = this.atoms.length + 1
    for (let j = 0; j < n; j++) {
      const w = wires[j]!
      if (this.owner[w] === id) {
        for (let i = 0; i < j; i++) this.owner[wires[i]!] = 0
        return undefined
      }
      this.owner[w] = id
    }
    return id
  }

  /**
   * Registers `Σ coeffs[j]·wires[j]` as an atom and returns its key (< 0), or undefined when it
   * cannot be one: fewer than two wires, a zero coefficient, the constant wire, a repeated wire, or
   * a wire that an atom already owns (the caller then keeps the plain Lc).
   */
  register(wires: readonly number[], coeffs: readonly bigint[]): number | undefined {
    const id = this.claim(wires, coeffs)
    if (id === undefined) return undefined
    const n = wires.length
    let lo = 0n
    let hi = 0n
    let value = 0n
    const { values } = this
    let maxWire = 0
    for (let j = 0; j < n; j++) if (wires[j]! > maxWire) maxWire = wires[j]!
    const haveValues = values.length > maxWire
    for (let j = 0; j < n; j++) {
      const w = wires[j]!
      const c = coeffs[j]!
      if (c > 0n) {
        lo += c * this.lo[w]!
        hi += c * this.hi[w]!
      } else {
        lo += c * this.hi[w]!
        hi += c * this.lo[w]!
      }
      if (haveValues) value += c * values[w]!
    }
    this.atoms.push(atomOf(wires, coeffs, lo, hi, value))
    return -id
  }

  /**
   * {@link register} with the atom's interval and value already known (`lo`, `hi`, `value`: those
   * of Σ coeffs[j]·wires[j], which the caller vouches for: a recorded witness program's, see
   * `gadgets/program.ts`), so that nothing is summed again. Undefined when it cannot be an atom (as
   * {@link register}).
   */
  registerKnown(wires: readonly number[], coeffs: readonly bigint[], lo: bigint, hi: bigint, value: bigint): number | undefined {
    const id = this.claim(wires, coeffs)
    if (id === undefined) return undefined
    this.atoms.push(atomOf(wires, coeffs, lo, hi, value))
    return -id
  }

  /**
   * {@link register} for a bit sum `Σ 2^j·wires[j]` (`pow2[j]` = 2^j, at least wires.length
   * entries, shared): the same atom, with the interval and value computed the short way when every
   * wire is boolean ([0, 1]), as fresh bit wires are.
   */
  registerBitSum(wires: readonly number[], pow2: readonly bigint[]): number | undefined {
    const n = wires.length
    if (n < 2 || n > 52) return this.register(wires, pow2.slice(0, n))
    const { bit } = this
    let owner = this.owner
    let maxWire = 0
    for (let j = 0; j < n; j++) {
      const w = wires[j]!
      if (w >= bit.length || bit[w] === 0 || (w < owner.length && owner[w] !== 0)) return this.register(wires, pow2.slice(0, n))
      if (w > maxWire) maxWire = w
    }
    if (maxWire >= owner.length) owner = this.owner = grow(owner, maxWire)
    const id = this.atoms.length + 1
    // Exact in doubles: n ≤ 52 bits.
    let value = 0
    for (let j = 0; j < n; j++) {
      const w = wires[j]!
      if (owner[w] === id) {
        for (let i = 0; i < j; i++) owner[wires[i]!] = 0
        return undefined
      }
      owner[w] = id
      if (bit[w] === 2) value += 2 ** j
    }
    this.atoms.push({ wires, coeffs: pow2, lo: 0n, hi: pow2[n]! - 1n, value: BigInt(value), loN: 0, hiN: 2 ** n - 1, valueN: value })
    return -id
  }

  /** Records bit wire `w` (allocated by `CircuitBuilder.allocBits`) and its value (0 or 1). */
  markBit(w: number, value: number): void {
    if (w >= this.bit.length) this.bit = growBytes(this.bit, w)
    this.bit[w] = 1 + value
  }

  /**
   * Wire → its lo, hi and value as doubles (rounded when large: read under the {@link EXACT}
   * bounds only), converted on first read (NaN: not yet; a wire's interval and value never change).
   */
  private loNs: Float64Array<ArrayBuffer>
  private hiNs: Float64Array<ArrayBuffer>
  private valueNs: Float64Array<ArrayBuffer>

  /** Grows the double mirrors to hold wire `w`. */
  private growN(w: number): void {
    const grown = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      let len = a.length
      while (len <= w) len *= 2
      const out = new Float64Array(len).fill(NaN)
      out.set(a)
      return out
    }
    this.loNs = grown(this.loNs)
    this.hiNs = grown(this.hiNs)
    this.valueNs = grown(this.valueNs)
  }

  /**
   * The double mirrors themselves, grown to hold wire `w` (an entry is NaN until converted: read it
   * through {@link loN} / {@link hiN} / {@link valueN} then). Lets a hot loop read them inline.
   */
  mirrors(w: number): { loNs: Float64Array; hiNs: Float64Array; valueNs: Float64Array } {
    if (w >= this.loNs.length) this.growN(w)
    return { loNs: this.loNs, hiNs: this.hiNs, valueNs: this.valueNs }
  }

  /** Wire w's lower bound as a double (see {@link loNs}). */
  loN(w: number): number {
    if (w >= this.loNs.length) this.growN(w)
    const x = this.loNs[w]!
    return x === x ? x : (this.loNs[w] = Number(this.lo[w]!))
  }

  /** Wire w's upper bound as a double (see {@link loNs}). */
  hiN(w: number): number {
    if (w >= this.hiNs.length) this.growN(w)
    const x = this.hiNs[w]!
    return x === x ? x : (this.hiNs[w] = Number(this.hi[w]!))
  }

  /** Wire w's value as a double (witness mode; see {@link loNs}). */
  valueN(w: number): number {
    if (w >= this.valueNs.length) this.growN(w)
    const x = this.valueNs[w]!
    return x === x ? x : (this.valueNs[w] = Number(this.values[w]!))
  }

  /** The per-wire arrays, for a later context of the same circuit (its constructor's `reuse`) once this one is done. */
  storage(): PackStorage {
    const { owner, bit, wireSlot, atomSlot, loNs, hiNs, valueNs } = this
    return { owner, bit, wireSlot, atomSlot, loNs, hiNs, valueNs }
  }

  /** The atom behind key `key` (< 0). */
  atom(key: number): Atom {
    return this.atoms[-key - 1]!
  }
}

/**
 * A linear combination in packed form (see the module doc). Build one with {@link packedDot} or
 * {@link packedAtom}; read it through the builder (`interval`, `value`) or the `lc.ts` helpers.
 */
export class PackedLc implements Map<number, bigint> {
  /** The packed terms; undefined once the map was mutated (it is then a plain map). */
  terms: PackedTerms | undefined
  readonly ctx: PackContext
  /** The real terms as a map, built on first use through the Map API (see {@link expand}). */
  private map: Map<number, bigint> | undefined
  private cachedSize = -1
  private cachedInterval: [bigint, bigint] | undefined
  private cachedValue: bigint | undefined
  /** Uses as a kernel `dot` operand so far (see {@link reusable}). */
  uses = 0
  /** The same Lc as one atom (plus the constant) once reused, or this when it cannot be one. */
  atomized: PackedLc | undefined

  /**
   * The key when the terms hold exactly one (0 otherwise, and once unpacked), with its coefficient's
   * double: what a kernel dot's per-operand check reads (`singleKeyDot`), one object instead of three.
   */
  singleKey = 0
  singleCoeffN = 0
  /**
   * With one key: its real terms (the atom's wires, or 1) plus 1 for a non-zero constant, negated
   * when the constant is non-zero (so the per-operand check reads no bigint).
   */
  singleTerms = 0

  constructor(ctx: PackContext, terms: PackedTerms) {
    this.ctx = ctx
    this.terms = terms
    if (terms.keys.length === 1) {
      const key = terms.keys[0]!
      this.singleKey = key
      this.singleCoeffN = terms.coeffsN[0]!
      const n = key < 0 ? ctx.atoms[-key - 1]!.wires.length : 1
      this.singleTerms = terms.constant === 0n ? n : -(n + 1)
    }
  }

  readonly [Symbol.toStringTag] = 'Map'

  /** The number of real terms (without expanding). */
  get size(): number {
    if (!this.terms) return this.map!.size
    if (this.cachedSize < 0) {
      const { keys, constant } = this.terms
      let n = constant === 0n ? 0 : 1
      for (let j = 0; j < keys.length; j++) n += keys[j]! < 0 ? this.ctx.atom(keys[j]!).wires.length : 1
      this.cachedSize = n
    }
    return this.cachedSize
  }

  /** The constant term (without expanding). */
  constantTerm(): bigint | undefined {
    const { constant } = this.terms!
    return constant === 0n ? undefined : constant
  }

  /** Whether no atom or wire but the constant appears (without expanding). */
  isConstant(): boolean {
    return this.terms!.keys.length === 0
  }

  /**
   * Caches the interval and value computed by whoever built the terms (the single-key merge, in
   * doubles under the {@link EXACT} bound): what {@link interval} and {@link value} would compute.
   */
  prime(interval: [bigint, bigint], value: bigint): void {
    this.cachedInterval = interval
    this.cachedValue = value
  }

  /** Takes over x's cached interval and value, shifted by c (when this = x + c). */
  inherit(x: PackedLc, c: bigint): void {
    if (x.cachedInterval) this.cachedInterval = [x.cachedInterval[0] + c, x.cachedInterval[1] + c]
    if (x.cachedValue !== undefined) this.cachedValue = x.cachedValue + c
  }

  /** The interval of the real terms (see the module doc), computed once. */
  interval(): [bigint, bigint] {
    if (!this.cachedInterval) this.cachedInterval = this.intervalInDoubles() ?? this.intervalInBigints()
    return [this.cachedInterval[0], this.cachedInterval[1]]
  }

  /** The interval computed in doubles, or undefined when that might not be exact (see {@link EXACT}). */
  private intervalInDoubles(): [bigint, bigint] | undefined {
    const { ctx } = this
    const { atoms } = ctx
    const { keys, coeffsN, constant } = this.terms!
    let lo = Number(constant)
    let hi = lo
    let bound = Math.abs(lo)
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!
      const c = coeffsN[j]!
      let l: number
      let h: number
      if (key < 0) {
        const a = atoms[-key - 1]!
        l = a.loN
        h = a.hiN
      } else {
        l = ctx.loN(key)
        h = ctx.hiN(key)
      }
      if (c > 0) {
        lo += c * l
        hi += c * h
        bound += c * Math.max(-l, h, l, -h)
      } else {
        lo += c * h
        hi += c * l
        bound -= c * Math.max(-l, h, l, -h)
      }
    }
    return bound < EXACT ? [BigInt(lo), BigInt(hi)] : undefined
  }

  /** The interval computed in bigints. */
  private intervalInBigints(): [bigint, bigint] {
    const { lo: wlo, hi: whi } = this.ctx
    const { keys, coeffs, constant } = this.terms!
    let lo = constant
    let hi = constant
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!
      const c = coeffs[j]!
      let l: bigint
      let h: bigint
      if (key < 0) {
        const a = this.ctx.atom(key)
        l = a.lo
        h = a.hi
      } else {
        l = wlo[key]!
        h = whi[key]!
      }
      if (c > 0n) {
        lo += c * l
        hi += c * h
      } else {
        lo += c * h
        hi += c * l
      }
    }
    return [lo, hi]
  }

  /** The value (witness mode), computed once (in doubles when exact, see {@link EXACT}). */
  value(): bigint {
    if (this.cachedValue === undefined) {
      const { ctx } = this
      const { values, atoms } = ctx
      const { keys, coeffs, coeffsN, constant } = this.terms!
      let s = Number(constant)
      let bound = Math.abs(s)
      for (let j = 0; j < keys.length; j++) {
        const key = keys[j]!
        const x = key < 0 ? atoms[-key - 1]!.valueN : ctx.valueN(key)
        const p = coeffsN[j]! * x
        s += p
        bound += p < 0 ? -p : p
      }
      if (bound < EXACT) this.cachedValue = BigInt(s)
      else {
        let t = constant
        for (let j = 0; j < keys.length; j++) {
          const key = keys[j]!
          const x = key < 0 ? atoms[-key - 1]!.value : values[key]!
          t += coeffs[j] === 1n ? x : coeffs[j]! * x
        }
        this.cachedValue = t
      }
    }
    return this.cachedValue
  }

  /** The real terms as a map (built once); the packed form stays valid. */
  private expand(): Map<number, bigint> {
    if (this.map) return this.map
    const map = new Map<number, bigint>()
    const { keys, coeffs, constant } = this.terms!
    if (constant !== 0n) map.set(0, constant)
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!
      const c = coeffs[j]!
      if (key >= 0) {
        map.set(key, c)
        continue
      }
      const a = this.ctx.atom(key)
      for (let i = 0; i < a.wires.length; i++) map.set(a.wires[i]!, c * a.coeffs[i]!)
    }
    this.map = map
    return map
  }

  /** Drops the packed form before a mutation: from then on this is a plain map. */
  private unpack(): Map<number, bigint> {
    const map = this.expand()
    this.terms = undefined
    this.singleKey = 0
    this.cachedSize = -1
    this.cachedInterval = undefined
    this.cachedValue = undefined
    return map
  }

  get(key: number): bigint | undefined {
    if (key === 0 && this.terms) return this.constantTerm()
    return this.expand().get(key)
  }

  has(key: number): boolean {
    if (key === 0 && this.terms) return this.terms.constant !== 0n
    return this.expand().has(key)
  }

  set(key: number, value: bigint): this {
    this.unpack().set(key, value)
    return this
  }

  delete(key: number): boolean {
    return this.unpack().delete(key)
  }

  clear(): void {
    this.unpack().clear()
  }

  forEach(fn: (value: bigint, key: number, map: Map<number, bigint>) => void, thisArg?: unknown): void {
    this.expand().forEach((v, k) => fn.call(thisArg, v, k, this))
  }

  keys(): MapIterator<number> {
    return this.expand().keys()
  }

  values(): MapIterator<bigint> {
    return this.expand().values()
  }

  entries(): MapIterator<[number, bigint]> {
    return this.expand().entries()
  }

  [Symbol.iterator](): MapIterator<[number, bigint]> {
    return this.expand()[Symbol.iterator]()
  }
}

/** The context of the first usable packed operand, if any. */
export function packContextOf(xs: readonly Lc[]): PackContext | undefined {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]
    if (x instanceof PackedLc && x.terms) return x.ctx
  }
  return undefined
}

/** `Σ coeffs[j]·wires[j] + constant` as one atom (plus the constant), or undefined when not packable. */
function packedAtom(ctx: PackContext, wires: readonly number[], coeffs: readonly bigint[], constant: bigint): PackedLc | undefined {
  return packedKey(ctx, ctx.register(wires, coeffs), constant)
}

/** `Σ 2^j·wires[j] + constant` as one atom (see {@link PackContext.registerBitSum}), or undefined. */
export function packedBitSum(ctx: PackContext, wires: readonly number[], pow2: readonly bigint[], constant: bigint): PackedLc | undefined {
  return packedKey(ctx, ctx.registerBitSum(wires, pow2), constant)
}

/**
 * The raw wire `w` (coefficient 1) plus `constant` as a packed Lc: the same linear combination as
 * `lcAddConst(lcWire(w), constant)`, merged by `packedDot` through its array path.
 */
export function packedWire(ctx: PackContext, w: number, constant = 0n): PackedLc {
  return new PackedLc(ctx, { keys: [w], coeffs: ONE as bigint[], coeffsN: ONE_N, constant })
}

/** The packed Lc `atom + constant`, or undefined without an atom. */
function packedKey(ctx: PackContext, key: number | undefined, constant: bigint): PackedLc | undefined {
  if (key === undefined) return undefined
  return new PackedLc(ctx, { keys: [key], coeffs: ONE as bigint[], coeffsN: ONE_N, constant })
}

/** The coefficient doubles of a single term with coefficient 1 (shared, never written). */
const ONE_N: number[] = [1]
/** The coefficient row [1n] of single-key packed Lcs, shared (terms are never mutated). */
const ONE: readonly bigint[] = Object.freeze([1n])

/**
 * One merge in progress: a sparse accumulator over the context's slot arrays (positions + 1 in
 * `keys` / `coeffs`), cleared by {@link Merge.finish}.
 */
class Merge {
  /** The terms so far: the context's scratch arrays (reused: no growth per merge), or fresh ones in a nested merge. */
  readonly keys: number[]
  readonly coeffs: bigint[]
  /** The number of terms so far (the arrays may be longer: scratch left from an earlier merge). */
  count = 0
  private readonly scratch: boolean
  /** The constant term: `constant + constantN`, the part in doubles an exact integer below 2^51. */
  constant = 0n
  constantN = 0
  /** Atom keys some of whose wires appear raw in the result (such an atom is expanded there). */
  rawOwners: Set<number> | undefined

  constructor(readonly ctx: PackContext) {
    this.scratch = !ctx.merging
    if (this.scratch) {
      ctx.merging = true
      this.keys = ctx.scratchKeys
      this.coeffs = ctx.scratchCoeffs
    } else {
      this.keys = []
      this.coeffs = []
    }
  }

  /** Adds k·c to the constant (kN = k as a double), in doubles while that is exact. */
  addConstant(k: bigint, kN: number, c: bigint): void {
    const p = kN * Number(c)
    // |p| < 2^50 proves the product exact (one ≥ 2^53 would round to ≥ 2^53); the sum stays below 2^51.
    if (p > -HALF_EXACT && p < HALF_EXACT) {
      const sum = this.constantN + p
      if (sum > -HALF_EXACT * 2 && sum < HALF_EXACT * 2) {
        this.constantN = sum
        return
      }
    }
    this.constant += k * c
  }

  /** Adds v to the term `key` (a raw wire, or an atom known to be absent from `rawOwners`). */
  add(key: number, v: bigint): void {
    const { ctx } = this
    let slot: number
    if (key < 0) {
      const a = -key
      if (a >= ctx.atomSlot.length) ctx.atomSlot = grow(ctx.atomSlot, a)
      slot = ctx.atomSlot[a]!
      if (slot === 0) ctx.atomSlot[a] = this.count + 1
    } else {
      if (key >= ctx.wireSlot.length) ctx.wireSlot = grow(ctx.wireSlot, key)
      slot = ctx.wireSlot[key]!
      if (slot === 0) ctx.wireSlot[key] = this.count + 1
    }
    if (slot === 0) {
      const i = this.count++
      if (i < this.keys.length) {
        this.keys[i] = key
        this.coeffs[i] = v
      } else {
        this.keys.push(key)
        this.coeffs.push(v)
      }
    } else this.coeffs[slot - 1] += v
  }

  /** Adds v·atom as raw terms and marks the atom expanded in this result. */
  expandAtom(key: number, v: bigint): void {
    const { wires, coeffs } = this.ctx.atom(key)
    for (let j = 0; j < wires.length; j++) this.add(wires[j]!, v * coeffs[j]!)
    ;(this.rawOwners ??= new Set()).add(key)
  }

  /** Adds v to the term `key` (0: the constant), keeping the invariant (see the module doc). */
  term(key: number, v: bigint): void {
    if (key === 0) {
      this.constant += v
      return
    }
    if (key < 0) {
      if (this.rawOwners?.has(key)) this.expandAtom(key, v)
      else this.add(key, v)
      return
    }
    const { ctx } = this
    const o = key < ctx.owner.length ? ctx.owner[key]! : 0
    if (o !== 0) {
      // A wire of atom −o meets the result: expand the atom there if it is present.
      const a = o
      const slot = a < ctx.atomSlot.length ? ctx.atomSlot[a]! : 0
      if (slot !== 0 && !this.rawOwners?.has(-o)) {
        const alpha = this.coeffs[slot - 1]!
        this.coeffs[slot - 1] = 0n
        if (alpha !== 0n) this.expandAtom(-o, alpha)
      }
      ;(this.rawOwners ??= new Set()).add(-o)
    }
    this.add(key, v)
  }

  /** Clears the scratch slots and returns the terms without zero coefficients. */
  finish(): PackedTerms {
    const { ctx, keys, coeffs } = this
    let n = 0
    for (let j = 0; j < this.count; j++) {
      const key = keys[j]!
      if (key < 0) ctx.atomSlot[-key] = 0
      else ctx.wireSlot[key] = 0
      if (coeffs[j] !== 0n) {
        keys[n] = key
        coeffs[n++] = coeffs[j]!
      }
    }
    const coeffsN = new Array<number>(n)
    for (let j = 0; j < n; j++) coeffsN[j] = Number(coeffs[j]!)
    const constant = this.constantN === 0 ? this.constant : this.constant + BigInt(this.constantN)
    if (!this.scratch) {
      keys.length = n
      coeffs.length = n
      return { keys, coeffs, coeffsN, constant }
    }
    ctx.merging = false
    return { keys: keys.slice(0, n), coeffs: coeffs.slice(0, n), coeffsN, constant }
  }
}

/**
 * `Σ coeffs[i]·xs[i] + bias` in packed form: the packed counterpart of `lcDot` (zero coefficients
 * skipped, terms whose coefficients cancel dropped), keeping the module's invariant by expanding an
 * atom whenever one of its wires meets it in the result.
 */
export function packedDot(ctx: PackContext, coeffs: readonly bigint[], xs: readonly Lc[], bias: bigint): PackedLc {
  // a + c (lcAddConst): a's terms with the constant changed, and a's cached interval / value shifted.
  if (xs.length === 1 && coeffs[0] === 1n) {
    const x = xs[0]
    if (x instanceof PackedLc && x.terms) return shifted(x, bias)
  }
  const m = new Merge(ctx)
  m.constant = bias
  for (let i = 0; i < xs.length; i++) {
    const k = coeffs[i]!
    if (k !== 0n) mergeScaled(m, k, Number(k), xs[i]!)
  }
  return new PackedLc(ctx, m.finish())
}

/**
 * `packedDot` over number coefficients (a kernel's `dot`), with `prepare` applied to each operand
 * with a non-zero coefficient, in order, before it is merged (the circuit domain's
 * materialization). `big` converts a coefficient.
 */
export function packedDotNumbers(ctx: PackContext, coeffs: ArrayLike<number>, xs: readonly Lc[], bias: bigint, big: (c: number) => bigint, prepare: ((x: Lc) => Lc) | undefined, preparedAsIs = -1): PackedLc {
  // The common case first (a convolution over pixels, bits, pooled activations): every operand
  // single-keyed and left as it is by `prepare` (at most `preparedAsIs` real terms), merged
  // straight from `xs` with no preparation pass (see `singleKeyDot`).
  if (!ctx.dotting && (!prepare || preparedAsIs >= 0)) {
    const direct = singleKeyDot(ctx, coeffs, xs, xs.length, bias, big, prepare ? preparedAsIs : Infinity)
    if (direct) return direct
  }
  // First every operand is prepared (and, when reused, made an atom), then merged: an atom made
  // while terms were being merged could meet its own wires, merged raw before it owned them.
  // (The context's operand arrays are reused: preparing an operand never starts another dot.)
  const scratch = !ctx.dotting
  const ops: Lc[] = scratch ? ctx.scratchOps : []
  const ks: number[] = scratch ? ctx.scratchKs : []
  ctx.dotting = true
  let n = 0
  for (let i = 0; i < xs.length; i++) {
    const c = coeffs[i]!
    if (c === 0) continue
    ops[n] = reusable(prepare ? prepare(xs[i]!) : xs[i]!)
    ks[n++] = c
  }
  if (scratch) ctx.dotting = false
  // A single packed operand with coefficient 1: x + bias, sharing x's terms (see `shifted`).
  const only = n === 1 && ks[0] === 1 ? ops[0] : undefined
  if (only instanceof PackedLc && only.terms) return shifted(only, bias)
  const single = singleKeyDot(ctx, ks, ops, n, bias, big, -1)
  if (single) return single
  const m = new Merge(ctx)
  m.constant = bias
  for (let i = 0; i < n; i++) mergeScaled(m, big(ks[i]!), ks[i]!, ops[i]!)
  return new PackedLc(ctx, m.finish())
}

/** Scratch of {@link singleKeyDot}: the result's keys and their coefficients (doubles), by position. */
let singleKeys = new Int32Array(256)
let singleCoeffs = new Float64Array(256)

/**
 * The merge of {@link packedDotNumbers} when every operand is packed with one key (an atom, or a raw
 * wire no atom owns: a pixel, a bit, a pooled activation), no merge is in progress and the
 * coefficients are small (Σ |k_i·c_i| < {@link EXACT}: every product and sum exact in doubles),
 * else undefined. The same terms, in the same order, as the general merge: with no raw wire owned
 * by an atom there is nothing to expand, so the merge is a sum of coefficients by key, done in doubles.
 *
 * `direct` < 0: `ops` are the prepared operands (`n` of them, non-zero coefficients). `direct` ≥ 0:
 * `ops` are the dot's own operands (zero coefficients skipped here), which its preparation leaves as
 * they are when they have at most `direct` real terms: then `reusable` leaves them as they are too
 * (a single-key Lc is never made an atom: it has one wire, or is one already), so skipping both
 * passes changes nothing; any other operand, or fewer than two, gives undefined with no effect.
 */
function singleKeyDot(ctx: PackContext, ks: ArrayLike<number>, ops: readonly Lc[], n: number, bias: bigint, big: (c: number) => bigint, direct: number): PackedLc | undefined {
  if (ctx.merging) return undefined
  if (singleKeys.length < n) {
    singleKeys = new Int32Array(2 * n)
    singleCoeffs = new Float64Array(2 * n)
  }
  const { owner } = ctx
  const sk = singleKeys
  const sc = singleCoeffs
  let count = 0
  let coeffBound = 0
  let constant = bias
  let constantN = 0
  // One pass: check each operand and add its term (by key, through the context's slots); an
  // operand the path cannot take clears the slots set so far and gives up.
  let ok = true
  let nonZero = 0
  // Until a key repeats (`repeated`), each term's coefficient is final when it first appears, so its
  // part of the interval and the value is added on the way (sums without the constant: exact
  // integers in any order under the bounds, see below); a repeated key recomputes them after the pass.
  let repeated = false
  const sums = termSums
  sums.fill(0)
  // Whether the coefficients so far equal the last single-key dot's (see `singleCoefficients`).
  const lastN = lastCoeffsN
  let same = true
  for (let i = 0; i < n; i++) {
    const kN = ks[i]!
    if (kN === 0) continue
    nonZero++
    const x = ops[i]
    const key = x instanceof PackedLc ? x.singleKey : 0
    if (key === 0) {
      ok = false
      break
    }
    if (key > 0 && key < owner.length && owner[key] !== 0) {
      ok = false
      break
    }
    const terms = (x as PackedLc).singleTerms
    // Direct: an operand the preparation would change (more than `direct` real terms).
    if (direct >= 0 && (terms < 0 ? -terms : terms) > direct) {
      ok = false
      break
    }
    const c = kN * (x as PackedLc).singleCoeffN
    coeffBound += c < 0 ? -c : c
    if (terms < 0) {
      const x0 = (x as PackedLc).terms!.constant
      // As `Merge.addConstant`: in doubles while every product and the sum are exact.
      const p = kN * Number(x0)
      const sum = constantN + p
      if (p > -HALF_EXACT && p < HALF_EXACT && sum > -HALF_EXACT * 2 && sum < HALF_EXACT * 2) constantN = sum
      else constant += big(kN) * x0
    }
    let slots: Int32Array<ArrayBuffer>
    let at: number
    if (key > 0) {
      if (key >= ctx.wireSlot.length) ctx.wireSlot = grow(ctx.wireSlot, key)
      slots = ctx.wireSlot
      at = key
    } else {
      if (-key >= ctx.atomSlot.length) ctx.atomSlot = grow(ctx.atomSlot, -key)
      slots = ctx.atomSlot
      at = -key
    }
    const slot = slots[at]!
    if (slot !== 0) {
      sc[slot - 1] += c
      repeated = true
      continue
    }
    slots[at] = ++count
    sk[count - 1] = key
    sc[count - 1] = c
    if (same && lastN[count - 1] !== c) same = false
    if (c === 0) repeated = true // (never: k and the term's coefficient are non-zero integers) the general pass drops it
    if (!repeated) addTermRange(ctx, key, c, sums)
  }
  // Coefficients past the exact range (|k·c| summed ≥ 2^52) go the general way; so does a direct
  // dot of fewer than two operands (x + bias shares x's terms there: see `shifted`).
  if (!(coeffBound < EXACT) || (direct >= 0 && nonZero < 2)) ok = false
  const { wireSlot, atomSlot } = ctx
  if (!ok) {
    for (let j = 0; j < count; j++) {
      const key = sk[j]!
      if (key > 0) wireSlot[key] = 0
      else atomSlot[-key] = 0
    }
    return undefined
  }
  const keys = new Array<number>(count)
  const total = constantN === 0 ? constant : constant + BigInt(constantN)
  const t = Number(total)
  if (!repeated) {
    // Every key once, each with a non-zero coefficient (k ≠ 0 times a term's non-zero one): the
    // terms as they are (clearing the slots), the interval and the value as summed on the way.
    for (let j = 0; j < count; j++) {
      const key = sk[j]!
      keys[j] = key
      if (key > 0) wireSlot[key] = 0
      else atomSlot[-key] = 0
    }
    const tAbs = Math.abs(t)
    singleCoefficients(sc, count, same && lastN.length === count)
    const out = new PackedLc(ctx, { keys, coeffs: lastCoeffs, coeffsN: lastCoeffsN, constant: total })
    if (tAbs + sums[BOUND]! < EXACT && tAbs + sums[VALUE_BOUND]! < EXACT) out.prime([BigInt(t + sums[LO]!), BigInt(t + sums[HI]!)], BigInt(t + sums[VALUE]!))
    return out
  }
  // The terms without zero coefficients (clearing the slots), and the interval and the value on
  // the way (as `PackedLc.interval` / `value` compute them), kept when every product and sum is
  // exact in doubles.
  sums[LO] = sums[HI] = sums[VALUE] = t
  sums[BOUND] = sums[VALUE_BOUND] = Math.abs(t)
  let m = 0
  for (let j = 0; j < count; j++) {
    const key = sk[j]!
    const c = sc[j]!
    if (key > 0) wireSlot[key] = 0
    else atomSlot[-key] = 0
    if (c === 0) continue
    keys[m] = key
    sc[m++] = c // compacted in place (m ≤ j)
    addTermRange(ctx, key, c, sums)
  }
  if (m < count) keys.length = m
  singleCoefficients(sc, m)
  const out = new PackedLc(ctx, { keys, coeffs: lastCoeffs, coeffsN: lastCoeffsN, constant: total })
  if (sums[BOUND]! < EXACT && sums[VALUE_BOUND]! < EXACT) out.prime([BigInt(sums[LO]!), BigInt(sums[HI]!)], BigInt(sums[VALUE]!))
  return out
}

/** {@link singleKeyDot}'s running sums, indexed by {@link LO} … {@link VALUE_BOUND}. */
const termSums = new Float64Array(5)
const LO = 0
const HI = 1
const BOUND = 2
const VALUE = 3
const VALUE_BOUND = 4

/**
 * Adds c × key's interval and value to `sums` as `PackedLc.interval` and `value` compute them:
 * [lo, hi] (c's sign picks the ends), the bound Σ|c|·max|end| that tells when they are exact in
 * doubles, the value and its bound Σ|c·v|.
 */
function addTermRange(ctx: PackContext, key: number, c: number, sums: Float64Array): void {
  let l: number
  let h: number
  let v: number
  if (key < 0) {
    const a = ctx.atoms[-key - 1]!
    l = a.loN
    h = a.hiN
    v = a.valueN
  } else {
    l = ctx.loN(key)
    h = ctx.hiN(key)
    v = ctx.valueN(key)
  }
  const p = c * v
  sums[VALUE] += p
  sums[VALUE_BOUND] += p < 0 ? -p : p
  const m = Math.max(-l, h, l, -h)
  if (c > 0) {
    sums[LO] += c * l
    sums[HI] += c * h
    sums[BOUND] += c * m
  } else {
    sums[LO] += c * h
    sums[HI] += c * l
    sums[BOUND] -= c * m
  }
}

/** The coefficient arrays {@link singleCoefficients} made last (shared by the Lcs holding them, never written). */
let lastCoeffs: bigint[] = []
let lastCoeffsN: number[] = []

/**
 * The coefficients `sc[0 … m)` (exact integers in doubles) as term arrays, left in {@link lastCoeffs}
 * and {@link lastCoeffsN}: the last ones when
 * they are equal, entry for entry (the outputs of one convolution channel share their kernel's
 * coefficients: term arrays are never mutated, so Lcs may share them), else new ones. `known`:
 * whether they are equal, when the caller compared them already (else they are compared here).
 */
function singleCoefficients(sc: Float64Array, m: number, known?: boolean): void {
  let same = known ?? lastCoeffsN.length === m
  for (let j = 0; known === undefined && same && j < m; j++) same = lastCoeffsN[j] === sc[j]
  if (!same) {
    const coeffs = new Array<bigint>(m)
    const coeffsN = new Array<number>(m)
    for (let j = 0; j < m; j++) {
      coeffs[j] = smallBigInt(sc[j]!)
      coeffsN[j] = sc[j]!
    }
    lastCoeffs = coeffs
    lastCoeffsN = coeffsN
  }
}

/** An operand is turned into an atom on this use as a kernel `dot` operand (see {@link reusable}). */
const ATOMIZE_AT_USE = 3

/**
 * `x` for its next use as a kernel `dot` operand: from its third use on, the same linear combination
 * with its raw wire terms registered as one atom (when they can be: at least two, none owned by an
 * atom), so a tensor read by many dots (a convolution's input, a dense layer's) merges one term per
 * value instead of one per wire. Values used once or twice (the steps of a max tree) stay as they are.
 */
function reusable(x: Lc): Lc {
  if (!(x instanceof PackedLc) || !x.terms) return x
  if (x.atomized) return x.atomized
  if (++x.uses < ATOMIZE_AT_USE) return x
  x.atomized = atomize(x) ?? x
  return x.atomized
}

/** x as `constant + atom` over its raw wire terms, or undefined (see {@link reusable}). */
function atomize(x: PackedLc): PackedLc | undefined {
  const { keys, coeffs, constant } = x.terms!
  for (let j = 0; j < keys.length; j++) if (keys[j]! < 0) return undefined
  const y = packedAtom(x.ctx, keys, coeffs, constant)
  y?.inherit(x, 0n)
  return y
}

/** The bigints −2^15 … 2^15, made once. */
const SMALL = 1 << 15
const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 2 * SMALL + 1 }, (_, i) => BigInt(i - SMALL))

/** BigInt(c) for a safe integer c: from a table when |c| ≤ 2^15 (no allocation), else BigInt(c). */
export function smallBigInt(c: number): bigint {
  return c >= -SMALL && c <= SMALL ? SMALL_BIGINTS[c + SMALL]! : BigInt(c)
}

/** k·c (kN = k, cN = c as doubles): from the table when the product is small (exact: |kN·cN| ≤ 2^15), else in bigints. */
function times(k: bigint, kN: number, c: bigint, cN: number): bigint {
  if (k === 1n) return c
  const p = kN * cN
  return p >= -SMALL && p <= SMALL ? SMALL_BIGINTS[p + SMALL]! : k * c
}

/** Adds k·x to the merge (kN: k as a double). */
function mergeScaled(m: Merge, k: bigint, kN: number, x: Lc): void {
  const packed = x instanceof PackedLc ? x.terms : undefined
  if (packed) {
    const { keys, coeffs: cs, coeffsN, constant } = packed
    if (constant !== 0n) m.addConstant(k, kN, constant)
    for (let j = 0; j < keys.length; j++) m.term(keys[j]!, times(k, kN, cs[j]!, coeffsN[j]!))
  } else for (const [key, c] of x) m.term(key, times(k, kN, c, Number(c)))
}

/** x + c for a usable packed x (see {@link packedDot}): the same term arrays, another constant. */
function shifted(x: PackedLc, c: bigint): PackedLc {
  const terms = x.terms!
  const out: PackedTerms = c === 0n ? terms : { keys: terms.keys, coeffs: terms.coeffs, coeffsN: terms.coeffsN, constant: terms.constant + c }
  const y = new PackedLc(x.ctx, out)
  y.inherit(x, c)
  return y
}

/** Scratch for {@link packedDifferenceInterval}: x's coefficients less y's, in doubles, by position in x. */
let diffScratch = new Float64Array(256)

/**
 * The interval of `x − y` for two usable packed Lcs, computed without building x − y's terms (a
 * max gadget needs only the interval and the value of the difference): the same answer as
 * `lcSub(x, y).interval()`, or undefined when this shortcut cannot vouch for that: an operand not
 * packed, a merge in progress, a coefficient, product or sum that might not be exact in doubles
 * (see {@link EXACT}), or an atom of one operand meeting raw wires it owns in the other (the merge
 * would expand it).
 *
 * Why it is the same. Without such a meeting, distinct keys have disjoint real terms (the module's
 * invariant), so the merged coefficient of a key is x's less y's, and the interval splits by key
 * exactly as in {@link PackedLc.interval}; a key whose coefficients cancel adds [0, 0], as its
 * absence would. Every coefficient is below 2^52 in magnitude (so its double is exact and their
 * difference too), and Σ |α|·max(|lo|, |hi|) < 2^52 makes each product and partial sum exact.
 */
export function packedDifferenceInterval(x: Lc, y: Lc): [bigint, bigint] | undefined {
  if (!(x instanceof PackedLc) || !x.terms || !(y instanceof PackedLc) || !y.terms || x.ctx !== y.ctx) return undefined
  const { ctx } = x
  if (ctx.merging) return undefined
  const xs = x.terms
  const ys = y.terms
  const { atoms, owner } = ctx
  const nx = xs.keys.length
  if (diffScratch.length < nx) diffScratch = new Float64Array(Math.max(nx, 2 * diffScratch.length))
  const alpha = diffScratch
  let atomSlot = ctx.atomSlot
  let wireSlot = ctx.wireSlot
  // x's raw wires owned by an atom (an atom of y among these would be expanded by the merge).
  let xRawOwners: number[] | undefined
  let ok = true
  // Pass 1: mark x's keys and their coefficients.
  for (let j = 0; j < nx; j++) {
    const key = xs.keys[j]!
    const c = xs.coeffsN[j]!
    if (!(c > -EXACT && c < EXACT)) ok = false
    alpha[j] = c
    if (key < 0) {
      if (-key >= atomSlot.length) atomSlot = ctx.atomSlot = grow(atomSlot, -key)
      atomSlot[-key] = j + 1
    } else {
      if (key >= wireSlot.length) wireSlot = ctx.wireSlot = grow(wireSlot, key)
      wireSlot[key] = j + 1
      const o = key < owner.length ? owner[key]! : 0
      if (o !== 0) (xRawOwners ??= []).push(o)
    }
  }
  let lo = Number(xs.constant) - Number(ys.constant)
  let hi = lo
  let bound = Math.abs(Number(xs.constant)) + Math.abs(Number(ys.constant))
  // Pass 2: y's keys: those in x update its coefficient, the others add their part of the interval.
  const ny = ys.keys.length
  for (let j = 0; ok && j < ny; j++) {
    const key = ys.keys[j]!
    const c = ys.coeffsN[j]!
    if (!(c > -EXACT && c < EXACT)) {
      ok = false
      break
    }
    let slot: number
    let l: number
    let h: number
    if (key < 0) {
      if (xRawOwners?.includes(-key)) {
        ok = false
        break
      }
      slot = -key < atomSlot.length ? atomSlot[-key]! : 0
      const a = atoms[-key - 1]!
      l = a.loN
      h = a.hiN
    } else {
      const o = key < owner.length ? owner[key]! : 0
      if (o !== 0 && o < atomSlot.length && atomSlot[o] !== 0) {
        ok = false
        break
      }
      slot = key < wireSlot.length ? wireSlot[key]! : 0
      l = ctx.loN(key)
      h = ctx.hiN(key)
    }
    if (slot !== 0) {
      alpha[slot - 1] -= c
      continue
    }
    // −c·[l, h]
    if (c > 0) {
      lo -= c * h
      hi -= c * l
    } else {
      lo -= c * l
      hi -= c * h
    }
    bound += Math.abs(c) * Math.max(-l, h, l, -h)
  }
  // Pass 3: x's keys with their merged coefficients; clears the slots.
  for (let j = 0; j < nx; j++) {
    const key = xs.keys[j]!
    let l: number
    let h: number
    if (key < 0) {
      atomSlot[-key] = 0
      const a = atoms[-key - 1]!
      l = a.loN
      h = a.hiN
    } else {
      wireSlot[key] = 0
      l = ctx.loN(key)
      h = ctx.hiN(key)
    }
    const c = alpha[j]!
    if (c > 0) {
      lo += c * l
      hi += c * h
      bound += c * Math.max(-l, h, l, -h)
    } else if (c < 0) {
      lo += c * h
      hi += c * l
      bound -= c * Math.max(-l, h, l, -h)
    }
  }
  return ok && bound < EXACT ? [BigInt(lo), BigInt(hi)] : undefined
}

/**
 * `Σ coeffs[j]·wires[j] + constant` as one atom (plus the constant) whose atom part has interval
 * [lo, hi] and value `value` (see {@link PackContext.registerKnown}), or undefined when not packable.
 */
export function packedKnown(ctx: PackContext, wires: readonly number[], coeffs: readonly bigint[], lo: bigint, hi: bigint, value: bigint, constant: bigint): PackedLc | undefined {
  return packedKey(ctx, ctx.registerKnown(wires, coeffs, lo, hi, value), constant)
}
