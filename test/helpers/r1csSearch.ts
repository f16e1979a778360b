/**
 * The search behind `uniqueness.ts` (see its module doc for what it proves and why it is exhaustive):
 * a depth-first solver that finds every assignment satisfying an R1CS once some wires are fixed, and a
 * structural (value-independent) propagation. Arithmetic is modulo the BN254 scalar field.
 */
import { FIELD_PRIME as P, fromFieldSigned, toField } from '../../src/circuit/field.js'
import type { Lc } from '../../src/circuit/lc.js'
import type { Constraint } from '../../src/circuit/r1cs.js'

export type Term = readonly [wire: number, coeff: bigint]
export type Row = { a: Term[]; b: Term[]; c: Term[] }

/** What {@link checkStraightLine} found. */
export type StraightLineReport = {
  /** Wires (besides the constant and the inputs) that the constraints determine. */
  determined: number
  /** Constraints not used to determine a wire: checks that can make an input unprovable. */
  checks: number
  /** Labels of the wires no constraint determines structurally (empty when the gadget passes). */
  unresolved: string[]
}

/** Structural propagation from the constant wire and the `free` wires (see {@link checkStraightLine}). */
export function straightLine(rows: readonly Row[], free: Uint8Array, labels: ReadonlyMap<number, string>): StraightLineReport {
  const nWires = free.length
  const known = Uint8Array.from(free)
  known[0] = 1
  const rowWires = rows.map((r) => [...new Set([...r.a, ...r.b, ...r.c].map(([w]) => w))])
  const watch: number[][] = Array.from({ length: nWires }, () => [])
  rowWires.forEach((ws, i) => ws.forEach((w) => watch[w]!.push(i)))
  const unknown = Int32Array.from(rowWires, (ws) => ws.filter((w) => !known[w]).length)
  const queue = rows.map((_, i) => i).filter((i) => unknown[i] === 1)
  let used = 0
  while (queue.length) {
    const i = queue.pop()!
    if (unknown[i] !== 1) continue
    const row = rows[i]!
    const u = rowWires[i]!.find((w) => !known[w])!
    const inA = coeffOf(row.a, u)
    const inB = coeffOf(row.b, u)
    const inC = coeffOf(row.c, u)
    let ok = inA === 0n && inB === 0n && inC !== 0n
    if (!ok && (inA === 0n) !== (inB === 0n)) {
      // Linear only when the other factor is a non-zero constant.
      const k = constantOf(inA !== 0n ? row.b : row.a)
      ok = k !== undefined && k !== 0n && toField(k * (inA !== 0n ? inA : inB) - inC) !== 0n
    }
    if (!ok) continue
    known[u] = 1
    used++
    for (const j of watch[u]!) if (--unknown[j]! === 1) queue.push(j)
  }
  const unresolved: string[] = []
  for (let w = 0; w < nWires; w++) if (!known[w]) unresolved.push(labels.get(w) ?? `#${w}`)
  return { determined: used, checks: rows.length - used, unresolved }
}

// ---------------------------------------------------------------------------------------------
// The search.

export type SolveResult = {
  solutions: bigint[][]
  nodes: number
  branchWires: number[]
  /** Wires left unknown where the search got stuck (first such place). */
  unresolved: number[] | undefined
  exhausted: boolean
}

export class Solver {
  private readonly val: bigint[]
  private readonly known: Uint8Array
  private readonly trail: number[] = []
  /** Rows each wire appears in, and each row's distinct wires (the constant wire excluded). */
  private readonly watch: number[][]
  private readonly rowWires: number[][]
  /** Per row: unknown wires, and unknown wires that are not two-valued (kept current by assign/undo). */
  private readonly unknown: Int32Array
  private readonly unknownHard: Int32Array
  /** Wires whose every satisfying value is one of these (signed), from a constraint on the wire alone. */
  private readonly twoValued = new Map<number, bigint[]>()
  private nodes = 0
  constructor(
    private readonly nWires: number,
    private readonly rows: readonly Row[],
    private readonly maxNodes: number,
    private readonly prune: boolean,
  ) {
    this.val = new Array<bigint>(nWires).fill(0n)
    this.known = new Uint8Array(nWires)
    this.watch = Array.from({ length: nWires }, () => [])
    this.rowWires = rows.map((r) => [...new Set([...r.a, ...r.b, ...r.c].map(([w]) => w).filter((w) => w !== 0))])
    this.rowWires.forEach((ws, i) => ws.forEach((w) => this.watch[w]!.push(i)))
    this.unknown = new Int32Array(rows.length)
    this.unknownHard = new Int32Array(rows.length)
    // Wires confined to two values by a constraint on themselves alone (booleanity b·(b − 1) = 0).
    rows.forEach((r, i) => {
      const ws = this.rowWires[i]!
      if (ws.length !== 1) return
      const w = ws[0]!
      const a1 = coeffOf(r.a, w)
      const b1 = coeffOf(r.b, w)
      if (a1 === 0n || b1 === 0n) return
      const roots = quadraticRoots(a1 * b1, a1 * coeffOf(r.b, 0) + coeffOf(r.a, 0) * b1 - coeffOf(r.c, w), coeffOf(r.a, 0) * coeffOf(r.b, 0) - coeffOf(r.c, 0))
      const signed = roots.map(fromFieldSigned)
      const old = this.twoValued.get(w)
      this.twoValued.set(w, old ? old.filter((v) => signed.includes(v)) : signed)
    })
  }

  solve(fixed: ReadonlyMap<number, bigint>): SolveResult {
    this.known.fill(0)
    this.trail.length = 0
    this.nodes = 0
    this.val[0] = 1n
    this.known[0] = 1
    this.rowWires.forEach((ws, i) => {
      this.unknown[i] = ws.length
      this.unknownHard[i] = ws.filter((w) => !this.twoValued.has(w)).length
    })
    const out: SolveResult = { solutions: [], nodes: 0, branchWires: [], unresolved: undefined, exhausted: false }
    const branch = new Set<number>()
    for (const [w, v] of fixed) this.assign(w, v)
    const dfs = (queue: number[]) => {
      if (out.unresolved || out.exhausted) return
      if (++this.nodes > this.maxNodes) return void (out.exhausted = true)
      const mark = this.trail.length
      if (this.propagate(queue)) {
        const q = this.pickQuadratic()
        if (q === undefined) {
          if (this.trail.length === this.nWires - 1) {
            if (this.satisfiesAll()) out.solutions.push([...this.val])
          } else {
            out.unresolved = this.unknownWires()
          }
        } else {
          branch.add(q.wire)
          for (const root of q.roots) {
            const m2 = this.trail.length
            this.assign(q.wire, root)
            dfs([...this.watch[q.wire]!])
            this.undo(m2)
          }
        }
      }
      this.undo(mark)
    }
    dfs(this.rows.map((_, i) => i))
    out.nodes = this.nodes
    out.branchWires = [...branch]
    this.undo(0)
    return out
  }

  private assign(w: number, v: bigint): void {
    if (this.known[w]) return
    this.val[w] = v
    this.known[w] = 1
    this.trail.push(w)
    const hard = !this.twoValued.has(w)
    for (const i of this.watch[w]!) {
      this.unknown[i]!--
      if (hard) this.unknownHard[i]!--
    }
  }

  private undo(mark: number): void {
    while (this.trail.length > mark) {
      const w = this.trail.pop()!
      this.known[w] = 0
      const hard = !this.twoValued.has(w)
      for (const i of this.watch[w]!) {
        this.unknown[i]!++
        if (hard) this.unknownHard[i]!++
      }
    }
  }

  private unknownWires(): number[] {
    const u: number[] = []
    for (let w = 0; w < this.nWires; w++) if (!this.known[w]) u.push(w)
    return u
  }

  /** A row worth examining: at most one unknown, or (with pruning) only two-valued unknowns. */
  private eligible(i: number): boolean {
    return this.unknown[i]! <= 1 || (this.prune && this.unknownHard[i] === 0)
  }

  /** Processes constraints until nothing is forced; false on a violated constraint. */
  private propagate(queue: number[]): boolean {
    const queued = new Uint8Array(this.rows.length)
    for (const i of queue) queued[i] = 1
    while (queue.length) {
      const i = queue.pop()!
      queued[i] = 0
      if (!this.eligible(i)) continue
      const r = this.linearStep(this.rows[i]!)
      if (r === 'conflict') return false
      if (r !== undefined) {
        this.assign(r[0], r[1])
        for (const j of this.watch[r[0]]!) if (!queued[j] && this.eligible(j)) (queued[j] = 1, queue.push(j))
      }
    }
    return true
  }

  /** Known part and unknown terms of a linear combination. */
  private split(lc: readonly Term[]): { s: bigint; unk: Term[] } {
    let s = 0n
    const unk: Term[] = []
    for (const t of lc) {
      if (this.known[t[0]]) s += t[1] * this.val[t[0]]!
      else unk.push(t)
    }
    return { s: s % P, unk }
  }

  /** A forced assignment [wire, value], 'conflict', or undefined (nothing to do). */
  private linearStep(row: Row): [number, bigint] | 'conflict' | undefined {
    const A = this.split(row.a)
    const B = this.split(row.b)
    const C = this.split(row.c)
    let k: bigint
    let other: { s: bigint; unk: Term[] }
    if (A.unk.length === 0) [k, other] = [A.s, B]
    else if (B.unk.length === 0) [k, other] = [B.s, A]
    else return undefined
    // k · other − C = 0 is linear in the unknowns.
    const coeffs = new Map<number, bigint>()
    for (const [w, c] of other.unk) coeffs.set(w, (coeffs.get(w) ?? 0n) + k * c)
    for (const [w, c] of C.unk) coeffs.set(w, (coeffs.get(w) ?? 0n) - c)
    const live = [...coeffs].filter(([, c]) => toField(c) !== 0n)
    const constant = toField(k * other.s - C.s)
    if (live.length === 0) return constant === 0n ? undefined : 'conflict'
    if (live.length > 1) return this.prune ? this.boundsStep(live, constant) : undefined
    const [w, c] = live[0]!
    return [w, toField(-constant * inverse(toField(c)))]
  }

  /**
   * Σ c_j·u_j + constant = 0 over unknowns that each take one of at most two values (`twoValued`):
   * as integers (signed representatives) the sum S lies in [Smin, Smax]; when that span is below p,
   * S must equal the one T ≡ −constant there, and a value of u_j that leaves the rest of the sum
   * unable to reach T is impossible. Forces the other value (a bit decomposition of a known value
   * resolves from its top bit down without branching) or reports a conflict. Only impossible values
   * are dropped.
   */
  private boundsStep(live: readonly (readonly [number, bigint])[], constant: bigint): [number, bigint] | 'conflict' | undefined {
    const terms: { w: number; dom: bigint[]; lo: bigint; hi: bigint; a: bigint }[] = []
    for (const [w, c] of live) {
      const dom = this.twoValued.get(w)
      if (!dom) return undefined
      if (dom.length === 0) return 'conflict' // no value satisfies the wire's own constraint
      const a = fromFieldSigned(toField(c))
      const vs = dom.map((v) => a * v)
      terms.push({ w, dom, lo: vs.reduce((x, v) => (v < x ? v : x)), hi: vs.reduce((x, v) => (v > x ? v : x)), a })
    }
    const sMin = terms.reduce((x, t) => x + t.lo, 0n)
    const sMax = terms.reduce((x, t) => x + t.hi, 0n)
    if (sMax - sMin >= P) return undefined
    // The one T ≡ −constant (mod p) at or above sMin; none when it exceeds sMax.
    const t = sMin + toField(-constant - sMin)
    if (t > sMax) return 'conflict'
    for (const term of terms) {
      const ok = term.dom.filter((v) => {
        const rest = t - term.a * v
        return rest >= sMin - term.lo && rest <= sMax - term.hi
      })
      if (ok.length === 0) return 'conflict'
      if (ok.length === 1) return [term.w, toField(ok[0]!)]
    }
    return undefined
  }

  /** The first constraint that is a quadratic in a single unknown wire, with its roots. */
  private pickQuadratic(): { wire: number; roots: bigint[] } | undefined {
    for (let i = 0; i < this.rows.length; i++) {
      if (this.unknown[i] !== 1) continue
      const row = this.rows[i]!
      const A = this.split(row.a)
      const B = this.split(row.b)
      if (A.unk.length === 0 || B.unk.length === 0) continue
      const C = this.split(row.c)
      const u = A.unk[0]![0]
      const a1 = toField(sumCoeff(A.unk))
      const b1 = toField(sumCoeff(B.unk))
      const c1 = toField(sumCoeff(C.unk))
      // (a1 u + A.s)(b1 u + B.s) = c1 u + C.s. With C = 0 the roots are those of the two factors
      // (booleanity: 0 and 1), which avoids a square root.
      if (c1 === 0n && C.s === 0n) {
        const r1 = toField(-A.s * inverse(a1))
        const r2 = toField(-B.s * inverse(b1))
        return { wire: u, roots: r1 === r2 ? [r1] : [r1, r2] }
      }
      return { wire: u, roots: quadraticRoots(a1 * b1, a1 * B.s + A.s * b1 - c1, A.s * B.s - C.s) }
    }
    return undefined
  }

  private satisfiesAll(): boolean {
    return this.rows.every((r) => (evalTerms(r.a, this.val) * evalTerms(r.b, this.val)) % P === evalTerms(r.c, this.val))
  }
}

// ---------------------------------------------------------------------------------------------
// Field and formatting helpers.

export function toRow({ a, b, c }: Constraint): Row {
  const terms = (lc: Lc): Term[] => [...lc].map(([w, k]) => [w, toField(k)] as const).filter(([, k]) => k !== 0n)
  return { a: terms(a), b: terms(b), c: terms(c) }
}

export function evalTerms(lc: readonly Term[], w: readonly bigint[]): bigint {
  let s = 0n
  for (const [i, c] of lc) s += c * w[i]!
  return s % P
}

export function evalMod(lc: Lc, w: readonly bigint[]): bigint {
  let s = 0n
  for (const [i, c] of lc) s += c * w[i]!
  return toField(s)
}

function sumCoeff(ts: readonly Term[]): bigint {
  return ts.reduce((a, [, c]) => a + c, 0n)
}

export function coeffOf(ts: readonly Term[], w: number): bigint {
  return toField(ts.filter(([x]) => x === w).reduce((a, [, c]) => a + c, 0n))
}

/** The constant value of a linear combination with no wire but the constant one, else undefined. */
export function constantOf(ts: readonly Term[]): bigint | undefined {
  return ts.every(([w]) => w === 0) ? toField(sumCoeff(ts)) : undefined
}

function inverse(a: bigint): bigint {
  let [t, nt, r, nr] = [0n, 1n, P, a]
  while (nr !== 0n) {
    const q = r / nr
    ;[t, nt] = [nt, t - q * nt]
    ;[r, nr] = [nr, r - q * nr]
  }
  return toField(t)
}

function pow(b: bigint, e: bigint): bigint {
  let r = 1n
  b %= P
  for (; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P
  return r
}

/** p − 1 = q·2^s with q odd, and c = z^q for a non-residue z (computed once). */
let shanks: { q: bigint; s: bigint; c: bigint } | undefined
function shanksConstants(): { q: bigint; s: bigint; c: bigint } {
  let q = P - 1n
  let s = 0n
  while ((q & 1n) === 0n) (q >>= 1n, s++)
  let z = 2n
  while (pow(z, (P - 1n) / 2n) !== P - 1n) z++
  return { q, s, c: pow(z, q) }
}

/** Tonelli–Shanks square root mod p, or undefined for a non-residue. */
function sqrt(n: bigint): bigint | undefined {
  if (n === 0n) return 0n
  if (pow(n, (P - 1n) / 2n) !== 1n) return undefined
  const { q, s, c: c0 } = (shanks ??= shanksConstants())
  let [m, c, t, r] = [s, c0, pow(n, q), pow(n, (q + 1n) / 2n)]
  while (t !== 1n) {
    let i = 0n
    for (let x = t; x !== 1n; x = (x * x) % P) i++
    const bb = pow(c, 1n << (m - i - 1n))
    ;[m, c, t, r] = [i, (bb * bb) % P, (t * bb * bb) % P, (r * bb) % P]
  }
  return r
}

/** Roots in [0, p) of q2·u² + q1·u + q0 = 0 (q2 ≠ 0 mod p). */
function quadraticRoots(q2: bigint, q1: bigint, q0: bigint): bigint[] {
  const [a, b, c] = [toField(q2), toField(q1), toField(q0)]
  const root = sqrt(toField(b * b - 4n * a * c))
  if (root === undefined) return []
  const inv2a = inverse(toField(2n * a))
  const r1 = toField((-b + root) * inv2a)
  const r2 = toField((-b - root) * inv2a)
  return r1 === r2 ? [r1] : [r1, r2]
}
