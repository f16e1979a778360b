import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { parseOnnx } from './src/onnx/parse.ts'
import { prepareGraph } from './src/onnx/prepare.ts'
import { calibrateRanges } from './src/compile/calibrate.ts'
import { quantizeGraph } from './src/quantize/quantize.ts'
import { lowerModel } from './src/circuit/lowerModel.ts'
const bits = process.argv[2] ? JSON.parse(process.argv[2]) : { inputBits: 8, weightBits: 8, activationBits: 12 }
const cache = `/tmp/seqmodel-${bits.activationBits}.json`
let model
if (existsSync(cache)) model = JSON.parse(readFileSync(cache, 'utf8'))
else {
  const graph = prepareGraph({ graph: parseOnnx({ bytes: new Uint8Array(readFileSync('models/seq_gru_shape.onnx')) }) })
  const cal = JSON.parse(readFileSync('models/calibration_seq.json', 'utf8')).input_data[0]
  const samples = Array.from({ length: 64 }, (_, i) => ({ input: Float64Array.from(cal.slice(i * 12, i * 12 + 12)) }))
  const { ranges } = calibrateRanges({ graph, samples })
  model = quantizeGraph({ graph, ranges, ...bits })
  writeFileSync(cache, JSON.stringify(model))
}
const lowered = lowerModel({ model, visibility: { input: 'private', output: 'public' }, mode: { constraints: true, witness: false } })
console.log('constraints', lowered.r1cs.constraints.length)
