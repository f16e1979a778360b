/**
 * Poseidon as an R1CS gadget, constraint for constraint the cost of circomlib's `Poseidon(n)`.
 *
 * Each S-box y = x^5 on a non-constant x costs three wires and three constraints:
 *   x · x = x2,   x2 · x2 = x4,   x4 · x = y
 * Round-constant additions and MDS mixing are linear, so they only reshape linear combinations.
 * S-boxes whose input is a constant are evaluated at compile time (free): the capacity element in
 * round 0 always (state[0] = 0 + c), and any input given as a constant. So with n non-constant
 * inputs, t = n + 1: constraints = 3·(8t + R_P) − 3, which is circom's count (its optimizer drops
 * the same constant S-box); Poseidon(2) = 3·(24 + 57) − 3 = 240. All inputs constant: 0.
 *
 * Wire values are field elements in [0, p) with interval [0, p − 1]. The returned hash is the
 * linear combination Σ_j M[0][j]·y_j of the last round's S-box outputs (no extra wire): its
 * `b.value(...)` is an unreduced integer (reduce with `toField`), and its interval is meaningless
 * for range checks (it is a field element, not a bounded integer).
 *
 * The two builder modes do the same allocations in the same order. The structure depends only on
 * which inputs are constants. In witness mode the gadget computes values natively (`sboxTrace`);
 * when constraints are counted, not built (witness-only prove time), it builds no linear combination
 * at all: the S-box wires are allocated in one run from the trace and their constraints counted in one
 * call (`countedPermutation`), so witness generation costs about one native hash; a builder that
 * hashes the same state twice (a LeanIMT's inactive levels) computes it once.
 */
import type { CircuitBuilder } from '../builder.js'
import { FIELD_PRIME, toField } from '../field.js'
import { type Lc, lcConst, lcConstantValue, lcWire } from '../lc.js'
import { InternalError } from '../../errors/internal.js'
import { PoseidonInputError } from '../../errors/poseidon.js'
import { poseidon } from './hash.js'
import { POSEIDON_MAX_INPUTS, poseidonParams } from './params.js'
import { sparsePartialRounds } from './partial.js'

const EMPTY: Lc = new Map()
const P_MINUS_1 = FIELD_PRIME - 1n

/**
 * Poseidon hash of 1..16 linear combinations, equal to `poseidon(values)` (see the module doc).
 *
 * @param b - The circuit builder.
 * @param inputs - 1..16 linear combinations; their values are taken mod p.
 * @param label - Prefix of the wire labels (`label.r{round}.s{i}.x2|x4|y`).
 * @returns The hash as a linear combination (a constant when every input is a constant).
 * @throws {PoseidonInputError} When there are 0 or more than 16 inputs.
 * @example
 * import { poseidonGadget } from './gadget.js'
 * const h = poseidonGadget(b, [lcWire(x), lcWire(y)], 'leaf') // 240 constraints
 */
export function poseidonGadget(b: CircuitBuilder, inputs: readonly Lc[], label: string): Lc {
  checkLcInputs(inputs, label)
  const consts = inputs.map(lcConstantValue)
  if (consts.every((c) => c !== undefined)) return lcConst(poseidon(consts as bigint[]))

  const t = inputs.length + 1
  const { roundsFull, roundsPartial, roundConstants: C, mds } = poseidonParams(t)
  const rounds = roundsFull + roundsPartial
  const half = roundsFull / 2
  // Witness mode: every allocated S-box's values (x2, x4, y), in allocation order, computed natively
  // first (`sboxTrace`); constraint mode: the linear combinations, tracked round by round.
  const trace = b.computeWitness ? sboxTrace(b, t, [0n, ...inputs.map((x) => toField(b.value(x)))], consts) : undefined
  if (trace && !b.buildsConstraints) return countedPermutation(b, t, mds[0]!, trace, label)
  let lcs: Lc[] | undefined = b.recordConstraints ? [EMPTY, ...inputs.map(reduceLc)] : undefined
  let outWires: number[] = []
  let k = 0

  for (let r = 0; r < rounds; r++) {
    const full = r < half || r >= half + roundsPartial
    const width = full ? t : 1
    const wires: number[] = []
    for (let i = 0; i < t; i++) {
      if (lcs) lcs[i] = addConstLc(lcs[i]!, C[r * t + i]!)
      if (i >= width) continue
      // Structure rule: only round-0 S-boxes on the capacity element or a constant input are constant.
      const isConst = r === 0 && (i === 0 || consts[i - 1] !== undefined)
      if (lcs && (lcConstantValue(lcs[i]!) !== undefined) !== isConst) throw new InternalError({ invariant: `poseidonGadget: structure rule broken at ${label} r${r} s${i}` })
      if (isConst) {
        if (lcs) lcs[i] = lcConst(pow5(toField(lcConstantValue(lcs[i]!)!)))
        continue
      }
      const y = sbox(b, lcs?.[i], trace, k, b.recordConstraints ? `${label}.r${r}.s${i}` : undefined, label)
      k += 3
      if (lcs) lcs[i] = lcWire(y)
      wires.push(y)
    }
    if (r === rounds - 1) {
      outWires = wires
      break
    }
    if (lcs) lcs = mixLcs(mds, lcs)
  }
  // Last round is full with non-constant inputs: outWires holds all t S-box outputs.
  const out: Lc = new Map()
  outWires.forEach((w, j) => out.set(w, mds[0]![j]!))
  return out
}

/**
 * The witness-only permutation when constraints are counted, not built (prove time): the same wires
 * as the round loop allocates (x2, x4, y per S-box, in the trace's order, which is the allocation
 * order) in one run, its 3 constraints per S-box counted in one call, and the same result,
 * Σ_j M[0][j]·y_j over the last (full) round's t S-boxes, the run's last 3t wires.
 */
function countedPermutation(b: CircuitBuilder, t: number, mds0: readonly bigint[], trace: readonly bigint[], label: string): Lc {
  const first = b.allocRun(trace, 0n, P_MINUS_1, () => label)
  b.enforceLazyRun(trace.length, () => {
    throw new InternalError({ invariant: `poseidonGadget (${label}): a counted permutation's constraints were built` })
  })
  const last = first + trace.length - 3 * t
  const out: Lc = new Map()
  for (let j = 0; j < t; j++) out.set(last + 3 * j + 2, mds0[j]!)
  return out
}

/**
 * Permutations already traced by a builder, by width, constant inputs and initial state: a circuit
 * that hashes the same state twice (a LeanIMT's inactive levels all hash `[node, 0]`) computes it once.
 */
const traces = new WeakMap<CircuitBuilder, Map<string, readonly bigint[]>>()

/**
 * The values of every S-box the gadget allocates (x2, x4, y each, in allocation order) for the
 * initial state `state` (t reduced field elements; `consts[i]` defined when input i is a constant),
 * computed once per builder and state (see {@link traces}).
 */
function sboxTrace(b: CircuitBuilder, t: number, state: bigint[], consts: readonly (bigint | undefined)[]): readonly bigint[] {
  let cache = traces.get(b)
  if (!cache) traces.set(b, (cache = new Map()))
  const key = `${consts.map((c) => (c === undefined ? 'w' : 'c')).join('')}:${state.map((x) => x.toString(16)).join(',')}`
  const hit = cache.get(key)
  if (hit) return hit
  const { roundsFull, roundsPartial, roundConstants: C, mds } = poseidonParams(t)
  // Partial rounds in the sparse form (`partial.ts`): the same S-box values, fewer multiplications.
  const sparse = sparsePartialRounds(t)
  const rounds = roundsFull + roundsPartial
  const half = roundsFull / 2
  const trace: bigint[] = []
  let vals = state
  for (let r = 0; r < rounds; r++) {
    if (r === half) {
      // The partial rounds, in the sparse form: transformed constants, the S-box on element 0 (never
      // a folded one), the sparse layer. Only element 0 is reduced each round (the S-box reads it);
      // elements 1.. are carried unreduced through the rounds (each round adds less than 2^509 to
      // them) and reduced once after the last: the same values mod p, fewer divisions.
      for (let p = 0; p < roundsPartial; p++) {
        const K = sparse.constants[p]!
        let x = vals[0]! + K[0]!
        if (x >= FIELD_PRIME) x -= FIELD_PRIME
        const x2 = (x * x) % FIELD_PRIME
        const x4 = (x2 * x2) % FIELD_PRIME
        const y = (x4 * x) % FIELD_PRIME
        trace.push(x2, x4, y)
        const row = sparse.row[p]!
        const column = sparse.column[p]!
        let acc = sparse.corner[p]! * y
        for (let j = 1; j < t; j++) {
          const v = vals[j]! + K[j]!
          acc += row[j - 1]! * v
          vals[j] = column[j - 1]! * y + v
        }
        vals[0] = acc % FIELD_PRIME
      }
      for (let j = 1; j < t; j++) vals[j] = vals[j]! % FIELD_PRIME
      // The sparse layers already mixed: the next full round starts from the true state.
      r += roundsPartial - 1
      continue
    }
    for (let i = 0; i < t; i++) {
      // Both are in [0, p): one conditional subtraction reduces the sum (no division).
      const v = vals[i]! + C[r * t + i]!
      vals[i] = v >= FIELD_PRIME ? v - FIELD_PRIME : v
      const x = vals[i]!
      const x2 = (x * x) % FIELD_PRIME
      const x4 = (x2 * x2) % FIELD_PRIME
      const y = (x4 * x) % FIELD_PRIME
      vals[i] = y
      // The gadget's structure rule: round-0 S-boxes on the capacity element or a constant input are folded.
      if (r === 0 && (i === 0 || consts[i - 1] !== undefined)) continue
      trace.push(x2, x4, y)
    }
    // After the first half's last full round: B_1·M, entering the transformed basis.
    if (r < rounds - 1) vals = mixValues(r === half - 1 ? sparse.first : mds, vals)
  }
  cache.set(key, trace)
  return trace
}

/** Throws unless `inputs` holds 1..16 linear combinations. */
function checkLcInputs(inputs: readonly Lc[], label: string): void {
  if (!Array.isArray(inputs) || inputs.length < 1 || inputs.length > POSEIDON_MAX_INPUTS) {
    const got = Array.isArray(inputs) ? `got ${inputs.length}` : 'not an array'
    throw new PoseidonInputError({ where: `poseidonGadget (${label})`, reason: `expected 1..${POSEIDON_MAX_INPUTS} inputs, ${got}` })
  }
}

/**
 * y = x^5 with three constraints; returns y's wire. `x` (constraint mode) and `trace` (witness mode:
 * this S-box's x2, x4, y at `k`, `k + 1`, `k + 2`) are absent in the mode that lacks them; `tag`
 * (the wire labels' prefix) is given when recording.
 */
function sbox(b: CircuitBuilder, x: Lc | undefined, trace: readonly bigint[] | undefined, k: number, tag: string | undefined, label: string): number {
  const xl = x ?? EMPTY
  // Wire labels only when recording (else the gadget's label, for errors: none is expected here).
  const x2 = b.alloc(0n, P_MINUS_1, () => trace![k]!, tag ? `${tag}.x2` : label)
  const x4 = b.alloc(0n, P_MINUS_1, () => trace![k + 1]!, tag ? `${tag}.x4` : label)
  const y = b.alloc(0n, P_MINUS_1, () => trace![k + 2]!, tag ? `${tag}.y` : label)
  // x·x = x2, x2·x2 = x4, x4·x = y, in this order (one closure for the three).
  b.enforceLazyEach([x2, x4, y], (w) => (w === x2 ? [xl, xl, lcWire(x2)] : w === x4 ? [lcWire(x2), lcWire(x2), lcWire(x4)] : [lcWire(x4), xl, lcWire(y)]))
  return y
}

/** `x^5 mod p` for x in [0, p). */
function pow5(x: bigint): bigint {
  const x2 = (x * x) % FIELD_PRIME
  const x4 = (x2 * x2) % FIELD_PRIME
  return (x4 * x) % FIELD_PRIME
}

function mixValues(mds: readonly (readonly bigint[])[], s: readonly bigint[]): bigint[] {
  return mds.map((row) => {
    let acc = 0n
    for (let j = 0; j < s.length; j++) acc += row[j]! * s[j]!
    return acc % FIELD_PRIME
  })
}

/** `Σ_j mds[i][j] · lcs[j]` for every row, coefficients reduced into [1, p). */
function mixLcs(mds: readonly (readonly bigint[])[], lcs: readonly Lc[]): Lc[] {
  return mds.map((row) => {
    const acc = new Map<number, bigint>()
    lcs.forEach((lc, j) => {
      const m = row[j]!
      for (const [w, c] of lc) acc.set(w, (acc.get(w) ?? 0n) + m * c)
    })
    const out: Lc = new Map()
    for (const [w, c] of acc) {
      const r = c % FIELD_PRIME
      if (r !== 0n) out.set(w, r)
    }
    return out
  })
}

function addConstLc(lc: Lc, c: bigint): Lc {
  const out = new Map(lc)
  const v = ((lc.get(0) ?? 0n) + c) % FIELD_PRIME
  if (v === 0n) out.delete(0)
  else out.set(0, v)
  return out
}

/** The same linear combination with coefficients in [1, p) (signed coefficients are fine mod p). */
function reduceLc(lc: Lc): Lc {
  const out: Lc = new Map()
  for (const [w, c] of lc) {
    const r = toField(c)
    if (r !== 0n) out.set(w, r)
  }
  return out
}
