import { readFileSync } from 'node:fs'
import * as snarkjs from 'snarkjs'
import { computeWitness } from '../src/prove/witness.js'
import { writeWtns } from '../src/formats/wtns.js'
const dir = 'artifacts/mnist_mlp_784_56_10'
const circuit = JSON.parse(readFileSync(`${dir}/circuit.json`, 'utf8'))
const zkey = new Uint8Array(readFileSync(`${dir}/circuit.zkey`))
const input = JSON.parse(readFileSync('models/input_784.json', 'utf8')).input_data[0]
const w = writeWtns(computeWitness({ circuit, input }).witness)
for (const opts of [{}, { singleThread: true }]) {
  const ts: number[] = []
  for (let i = 0; i < 8; i++) { const t = performance.now(); await snarkjs.groth16.prove({ type: 'mem', data: zkey }, { type: 'mem', data: w }, undefined, opts); ts.push(performance.now() - t) }
  ts.sort((a, b) => a - b); console.log(JSON.stringify(opts), ts.map((x) => x.toFixed(0)).join(' '), 'median', ts[4]!.toFixed(0))
}
await (globalThis as any).curve_bn128?.terminate()
