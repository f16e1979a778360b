/**
 * Negative controls for the uniqueness helper: each deliberately broken gadget below must be flagged,
 * so a passing gadget test means something.
 */
import { describe, expect, it } from 'vitest'
import { checkStraightLine, checkUniqueness, expectUnique, interval } from './uniqueness.js'
import { build, expectEveryMutationFails, expectSatisfied, input } from './mutation.js'
import { failingConstraints } from '../../src/circuit/check.js'
import type { CircuitBuilder } from '../../src/circuit/builder.js'
import { type Lc, lcConst, lcDot, lcWire } from '../../src/circuit/lc.js'
import { requantize } from '../../src/circuit/gadgets/requantize.js'
import { argmax } from '../../src/circuit/gadgets/argmax.js'
import { div } from '../../src/circuit/gadgets/div.js'

const relu = ([x]: readonly bigint[]) => (x! > 0n ? x! : 0n)

/** The under-constrained ReLU of the security review: y·(y − x) = 0 with no range check on y. */
function naiveRelu(b: CircuitBuilder, x: Lc): Lc {
  const y = b.alloc(0n, 8n, () => (b.value(x) > 0n ? b.value(x) : 0n), 'y')
  b.enforce(lcWire(y), lcDot([1n, -1n], [lcWire(y), x]), lcConst(0n))
  return lcWire(y)
}

describe('uniqueness helper: negative controls', () => {
  it('flags the naive ReLU y·(y − x) = 0: both 0 and x are provable for every x ≠ 0', () => {
    const report = checkUniqueness({ name: 'naive relu', inputs: [interval(-8n, 8n)], build: (b, [x]) => naiveRelu(b, x!), reference: relu })
    expect(report.failures).toHaveLength(16) // every x but 0
    expect(report.failures).toContain('naive relu: in=(5) provable outputs {0, 5}, expected {5}')
    expect(report.failures).toContain('naive relu: in=(-3) provable outputs {-3, 0}, expected {0}')
    expect(report.branchWires).toEqual(['y'])
  })

  it('the single-wire mutation helper does not flag it (why this helper exists)', () => {
    const { r1cs, witness } = build((b) => naiveRelu(b, lcWire(input(b, 5n, -8n, 8n, 'x'))))
    expectSatisfied(r1cs, witness)
    expectEveryMutationFails(r1cs, witness)
    const forged = [...witness]
    forged[2] = 0n // relu(5) = 0
    expect(failingConstraints(r1cs, forged)).toEqual([])
  })

  it('passes the real ReLU (requantize with shift 0) on the same domain, with and without bounds pruning', () => {
    const params = { inputs: [interval(-8n, 8n)], build: (b: CircuitBuilder, [x]: readonly Lc[]) => requantize(b, x!, { shift: 0, relu: true, label: 'rq' }), reference: relu }
    const pruned = expectUnique(params)
    expect(pruned.cases).toBe(17)
    expect(pruned.solutions).toBe(17)
    expect(pruned.branchWires).toEqual([]) // bounds force every bit of the decomposition
    const plain = expectUnique({ ...params, prune: false })
    expect(plain.solutions).toBe(17)
    // Plain enumeration: 4 of the 5 bits are branched on; the recomposition forces the fifth.
    expect(plain.branchWires).toEqual(['rq.bit0', 'rq.bit1', 'rq.bit2', 'rq.bit3'])
  })

  it('bounds pruning keeps every solution: a redundant decomposition (weights 1, 1, 2) is flagged', () => {
    for (const prune of [true, false]) {
      const report = checkUniqueness({
        name: 'redundant',
        inputs: [interval(0n, 4n)],
        build: (b, [x]) => {
          const bits = [0, 1, 2].map((i) => b.alloc(0n, 1n, () => 0n, `b${i}`))
          for (const w of bits) b.enforce(lcWire(w), lcDot([1n], [lcWire(w)], -1n), lcConst(0n))
          b.enforce(lcDot([1n, 1n, 2n], bits.map((w) => lcWire(w))), lcConst(1n), x!)
          return lcWire(bits[0]!)
        },
        reference: ([x]) => (x === 4n ? 1n : 0n),
        witness: false,
        prune,
      })
      // x = 1: b0 or b1; x = 2: b0 + b1 or b2; x = 3: b0 + b2 or b1 + b2. Each lets the prover pick b0.
      expect(report.failures.map((f) => f.split(' provable')[0]), `prune ${prune}`).toEqual(['redundant: in=(1)', 'redundant: in=(2)', 'redundant: in=(3)'])
      expect(report.solutions).toBe(1 + 2 + 2 + 2 + 1)
    }
  })

  it('flags an output that differs from the reference', () => {
    const report = checkUniqueness({ name: 'off by one', inputs: [interval(-3n, 3n)], build: (b, [x]) => requantize(b, x!, { shift: 1, relu: false, label: 'rq' }), reference: ([x]) => x! >> 1n })
    // round-half-up (x + 1) >> 1 differs from floor(x / 2) at every odd x.
    expect(report.failures.map((f) => f.split(' provable')[0])).toEqual(['off by one: in=(-3)', 'off by one: in=(-1)', 'off by one: in=(1)', 'off by one: in=(3)'])
  })

  it('flags a provable input whose constraints admit no assignment (completeness)', () => {
    const report = checkUniqueness({
      name: 'never',
      inputs: [interval(0n, 2n)],
      build: (b, [x]) => {
        b.enforce(x!, lcConst(0n), lcConst(1n)) // 0 = 1
        return x!
      },
      reference: ([x]) => x,
    })
    expect(report.failures).toContain('never: in=(1) provable outputs {none}, expected {1}')
  })

  it('flags wires that no constraint determines, instead of passing silently', () => {
    const report = checkUniqueness({
      name: 'free product',
      inputs: [interval(0n, 1n)],
      build: (b, [x]) => {
        const u = b.alloc(0n, 9n, () => 1n, 'u')
        const v = b.alloc(0n, 9n, () => 1n, 'v')
        b.enforce(lcWire(u), lcWire(v), x!) // u·v = x: u and v are any factorisation
        return lcWire(u)
      },
      reference: () => 1n,
    })
    expect(report.failures).toEqual([
      'free product: in=(0) leaves wires unresolved: u, v (no constraint determines them)',
      'free product: in=(1) leaves wires unresolved: u, v (no constraint determines them)',
    ])
  })

  it('flags a second satisfying assignment even when the output is the same', () => {
    const report = checkUniqueness({
      name: 'spare bit',
      inputs: [interval(0n, 1n)],
      build: (b, [x]) => {
        const s = b.alloc(0n, 1n, () => 0n, 'spare')
        b.enforce(lcWire(s), lcDot([1n], [lcWire(s)], -1n), lcConst(0n))
        return x!
      },
      reference: ([x]) => x,
    })
    expect(report.failures[0]).toBe('spare bit: in=(0) 2 satisfying assignments for output {0}; differing wires: spare')
  })

  it('flags a witness generator that disagrees with the constraints', () => {
    const report = checkUniqueness({
      name: 'lying witness',
      inputs: [interval(0n, 3n)],
      build: (b, [x]) => {
        const y = b.alloc(0n, 9n, () => b.value(x!) + 1n, 'y') // computes x + 1 …
        b.enforce(lcWire(y), lcConst(1n), x!) // … but the constraint says y = x
        return lcWire(y)
      },
      reference: ([x]) => x,
    })
    expect(report.failures[0]).toBe('lying witness: in=(0) the honest witness violates constraint 0')
  })

  it('structural check: x² is determined by x, but √x is not', () => {
    const square = checkStraightLine({
      inputs: 1,
      build: (b, [x]) => {
        const y = b.alloc(0n, 0n, () => 0n, 'y')
        b.enforce(x!, x!, lcWire(y))
      },
    })
    expect(square).toEqual({ determined: 1, checks: 0, unresolved: [] })
    const root = checkStraightLine({
      inputs: 1,
      build: (b, [x]) => {
        const y = b.alloc(0n, 0n, () => 0n, 'root')
        b.enforce(lcWire(y), lcWire(y), x!)
      },
    })
    expect(root.unresolved).toEqual(['root'])
  })

  it('pruned and plain searches find the same solutions on real gadgets', () => {
    const gadgets = [
      { inputs: [interval(-1n, 1n), interval(-1n, 1n), interval(-1n, 1n)], build: (b: CircuitBuilder, xs: readonly Lc[]) => argmax(b, xs, 'am') },
      { inputs: [interval(-4n, 4n), interval(-1n, 2n)], build: (b: CircuitBuilder, [n, d]: readonly Lc[]) => div(b, n!, d!, 'dv') },
      { inputs: [interval(-9n, 9n)], build: (b: CircuitBuilder, [x]: readonly Lc[]) => requantize(b, x!, { shift: 3, relu: true, label: 'rq' }) },
    ]
    for (const g of gadgets) {
      // Everything provable counts: the set of (input, output) pairs must be the same.
      const outputs = (prune: boolean) => {
        const seen: string[] = []
        const report = checkUniqueness({ ...g, prune, provable: () => [], uniqueWitness: false, witness: false })
        for (const f of report.failures) seen.push(f.replace(/, expected.*/, ''))
        return { seen, solutions: report.solutions }
      }
      const [a, b] = [outputs(true), outputs(false)]
      expect(a.solutions).toBeGreaterThan(0)
      expect(a).toEqual(b)
    }
  })
})
