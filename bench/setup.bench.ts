/**
 * Dev-setup benchmark on a synthetic 2^16-scale circuit shaped like a quantized MLP:
 * 7 dense layers of 320 neurons (fan-in 320, weights in [−3, 3]), each neuron a 24-bit decomposition
 * of `acc + 2^23` (b·b = b per bit, one long recomposition constraint against the dot product) and a
 * ReLU `y = b23 · Σ 2^(k−12) b_k`, plus 10 public outputs. ≈58k constraints, ≈1M non-zeros.
 * Times devSetup, then one snarkjs Groth16 prove + verify with the resulting key.
 *
 * Run: npx tsx bench/setup.bench.ts
 */
import * as snarkjs from 'snarkjs'
import type { Constraint, R1cs } from '../src/circuit/r1cs.js'
import { writeR1cs } from '../src/formats/r1cs.js'
import { writeWtns } from '../src/formats/wtns.js'
import { devSetup } from '../src/setup/devSetup.js'

const WIDTH = 320
const LAYERS = 7
const BITS = 24
const SHIFT = 12
const OUTPUTS = 10

function buildCircuit(): { r1cs: R1cs; witness: bigint[] } {
  let seed = 12345
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed)
  const nPublic = OUTPUTS
  const w: bigint[] = [1n]
  for (let i = 0; i < nPublic; i++) w.push(0n) // filled at the end
  const constraints: Constraint[] = []
  const newWire = (v: bigint) => (w.push(v), w.length - 1)
  let prev: number[] = []
  for (let i = 0; i < WIDTH; i++) prev.push(newWire(BigInt(rand() % 2048)))
  for (let layer = 0; layer < LAYERS; layer++) {
    const next: number[] = []
    for (let j = 0; j < WIDTH; j++) {
      const dot = new Map<number, bigint>()
      let acc = 0n
      for (const x of prev) {
        const c = BigInt((rand() % 7) - 3) || 1n
        dot.set(x, c)
        acc += c * w[x]
      }
      const v = acc + (1n << BigInt(BITS - 1))
      if (v < 0n || v >= 1n << BigInt(BITS)) throw new Error('accumulator out of range')
      const bits: number[] = []
      for (let k = 0; k < BITS; k++) {
        const b = newWire((v >> BigInt(k)) & 1n)
        bits.push(b)
        constraints.push({ a: new Map([[b, 1n]]), b: new Map([[b, 1n]]), c: new Map([[b, 1n]]) })
      }
      dot.set(0, 1n << BigInt(BITS - 1))
      constraints.push({ a: new Map(bits.map((b, k) => [b, 1n << BigInt(k)])), b: new Map([[0, 1n]]), c: dot })
      const q = new Map<number, bigint>()
      let qv = 0n
      for (let k = SHIFT; k < BITS - 1; k++) {
        q.set(bits[k], 1n << BigInt(k - SHIFT))
        qv += w[bits[k]] << BigInt(k - SHIFT)
      }
      const y = newWire(w[bits[BITS - 1]] * qv)
      constraints.push({ a: new Map([[bits[BITS - 1], 1n]]), b: q, c: new Map([[y, 1n]]) })
      next.push(y)
    }
    prev = next
  }
  for (let i = 0; i < nPublic; i++) {
    w[1 + i] = w[prev[i]]
    constraints.push({ a: new Map([[prev[i], 1n]]), b: new Map([[0, 1n]]), c: new Map([[1 + i, 1n]]) })
  }
  return { r1cs: { nWires: w.length, nPublic, nPrivateInputs: WIDTH, constraints }, witness: w }
}

const mem = (data: Uint8Array) => ({ type: 'mem', data })
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`

let t = performance.now()
const { r1cs, witness } = buildCircuit()
let nnz = 0
for (const c of r1cs.constraints) nnz += c.a.size + c.b.size + c.c.size
console.log(`circuit: ${r1cs.constraints.length} constraints, ${r1cs.nWires} wires, ${nnz} non-zeros (built in ${s(performance.now() - t)})`)

t = performance.now()
const r1csBytes = writeR1cs(r1cs)
const wtns = writeWtns(witness)
console.log(`writeR1cs + writeWtns: ${s(performance.now() - t)} (${(r1csBytes.length / 1e6).toFixed(1)} MB r1cs)`)

const stageStart = new Map<string, number>()
const stageEnd = new Map<string, number>()
t = performance.now()
const { zkey, vkey, provenance } = await devSetup({
  r1cs,
  onProgress: ({ stage }) => {
    const now = performance.now()
    if (!stageStart.has(stage)) stageStart.set(stage, now)
    stageEnd.set(stage, now)
  },
})
const setupMs = performance.now() - t
console.log(`devSetup: ${s(setupMs)} (domain 2^${provenance.domainPower}, zkey ${(zkey.length / 1e6).toFixed(1)} MB)`)
for (const [stage, start] of stageStart) console.log(`  ${stage.padEnd(12)} ${s(stageEnd.get(stage)! - start)}`)

t = performance.now()
const { proof, publicSignals } = await snarkjs.groth16.prove(mem(zkey), mem(wtns))
console.log(`snarkjs groth16.prove: ${s(performance.now() - t)}`)
t = performance.now()
const ok = await snarkjs.groth16.verify(vkey, publicSignals, proof)
console.log(`snarkjs groth16.verify: ${s(performance.now() - t)} → ${ok}`)
const tampered = [...publicSignals]
tampered[0] = (BigInt(tampered[0]) + 1n).toString()
console.log(`tampered public signal verifies: ${await snarkjs.groth16.verify(vkey, tampered, proof)}`)
await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate()
if (!ok) process.exitCode = 1
