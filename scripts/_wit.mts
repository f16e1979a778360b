import { readFileSync } from 'node:fs'
import { computeWitness } from '../src/prove/witness.js'
const circuit = JSON.parse(readFileSync('artifacts/mnist_mlp_784_56_10/circuit.json', 'utf8'))
const input = JSON.parse(readFileSync('models/input_784.json', 'utf8')).input_data[0]
for (let i = 0; i < 8; i++) { const t = performance.now(); computeWitness({ circuit, input }); console.log((performance.now() - t).toFixed(1)) }
