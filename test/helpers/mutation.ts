/**
 * Test helpers for circuits: build a circuit in both modes, check the witness satisfies it, and
 * check that tampering any single wire breaks at least one constraint (mutation testing).
 *
 * LIMITS: a mutation test changes one wire at a time by a few fixed deltas. It cannot find a second
 * witness that changes several wires together (e.g. relu(5) = 0 in the under-constrained ReLU
 * `y·(y − x) = 0`, which it passes; see uniqueness.test.ts). Gadget soundness is shown by the
 * exhaustive small-domain tests of `uniqueness.ts`; mutation tests remain only on whole lowered
 * models, too large to enumerate, as a check that the composition leaves no wire unconstrained.
 */
import { expect } from 'vitest'
import { CircuitBuilder } from '../../src/circuit/builder.js'
import { failingConstraints } from '../../src/circuit/check.js'
import { FIELD_PRIME } from '../../src/circuit/field.js'
import type { R1cs } from '../../src/circuit/r1cs.js'

export type Built<T> = { r1cs: R1cs; witness: bigint[]; out: T; b: CircuitBuilder }

/** Runs `fn` on a builder in constraints+witness mode. */
export function build<T>(fn: (b: CircuitBuilder) => T): Built<T> {
  const b = new CircuitBuilder({ constraints: true, witness: true })
  const out = fn(b)
  const { r1cs, witness } = b.finalize()
  return { r1cs, witness: witness!, out, b }
}

/** A free input wire with a given value and interval (no constraints: the test's "input"). */
export function input(b: CircuitBuilder, v: bigint, lo: bigint, hi: bigint, label = 'in'): number {
  return b.alloc(lo, hi, () => v, label)
}

/** Asserts the witness satisfies every constraint. */
export function expectSatisfied(r1cs: R1cs, witness: bigint[]): void {
  expect(failingConstraints(r1cs, witness)).toEqual([])
}

/**
 * Tampers each wire in `wires` (default: every wire but the constant) by +1, −1 and 123456789, one
 * wire at a time, and asserts that each tampered witness violates at least one constraint. A wire no
 * constraint mentions fails this; an under-constrained gadget may pass it (see the module doc).
 */
export function expectEveryMutationFails(r1cs: R1cs, witness: bigint[], wires?: number[]): void {
  const targets = wires ?? Array.from({ length: r1cs.nWires - 1 }, (_, i) => i + 1)
  expect(targets.length).toBeGreaterThan(0)
  for (const w of targets) {
    for (const delta of [1n, FIELD_PRIME - 1n, 123456789n]) {
      const t = [...witness]
      t[w] = (t[w]! + delta) % FIELD_PRIME
      const bad = failingConstraints(r1cs, t)
      if (bad.length === 0) throw new Error(`tampering wire ${w} (${r1cs.labels?.get(w)}) by ${delta} broke no constraint`)
    }
  }
}
