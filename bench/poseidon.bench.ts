/**
 * Native Poseidon in Node: `poseidon()` (the `@noble/curves` permutation with circomlib's parameters)
 * next to circomlibjs's `buildPoseidon` (the reference the tests compare with), for 2 and 16 inputs,
 * and the one-time constant generation per width (Grain LFSR, `grainGenConstants`). Printed only.
 *
 * Where native hashing runs: commitments at compile and verify time (`poseidonMany` over packed
 * weights, inputs, outputs), the identity Merkle tree and leaf (`src/identity/`), the demo's
 * fingerprints. The circuit gadget computes its witness values with its own loop; proving does not
 * call `poseidon()`.
 *
 * Run: npx tsx bench/poseidon.bench.ts
 */
// @ts-expect-error circomlibjs ships no type declarations (dev dependency, reference only)
import { buildPoseidon } from 'circomlibjs'
import { FIELD_PRIME } from '../src/circuit/field.js'
import { poseidon } from '../src/circuit/poseidon/hash.js'
import { poseidonParams } from '../src/circuit/poseidon/params.js'

type CircomPoseidon = ((xs: bigint[]) => Uint8Array) & { F: { toObject(x: Uint8Array): bigint } }

/** Median of `rounds` timings of `n` calls, in microseconds per call. */
function usPerCall(fn: () => unknown, n: number, rounds = 5): number {
  fn()
  const times: number[] = []
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now()
    for (let i = 0; i < n; i++) fn()
    times.push(((performance.now() - t0) * 1000) / n)
  }
  return times.sort((a, b) => a - b)[rounds >> 1]!
}

const ref = (await buildPoseidon()) as unknown as CircomPoseidon
const rows: Record<string, unknown>[] = []
for (const inputs of [2, 16]) {
  const t = inputs + 1
  const t0 = performance.now()
  poseidonParams(t)
  const generateMs = performance.now() - t0
  const xs = Array.from({ length: inputs }, (_, i) => (0x9e3779b97f4a7c15n * BigInt(i + 1) ** 7n) % FIELD_PRIME)
  const n = inputs === 2 ? 2000 : 300
  rows.push({
    inputs,
    'constants (ms, once per t)': generateMs.toFixed(1),
    'poseidon (µs/hash)': usPerCall(() => poseidon(xs), n).toFixed(1),
    'circomlibjs (µs/hash)': usPerCall(() => ref(xs), n).toFixed(1),
  })
}
console.table(rows)
console.log(`node ${process.version}, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`)
