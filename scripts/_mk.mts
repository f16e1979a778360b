import { writeFileSync } from 'node:fs'
import { mlpOnnx, randomSamples } from '/work/main/test/fixtures/models.js'
writeFileSync('/tmp/zk/mlp.onnx', mlpOnnx({ sizes: [784, 56, 10] }))
const s = randomSamples({ size: 784, count: 16 })
writeFileSync('/tmp/zk/cal.json', JSON.stringify({ input_data: [s.flatMap((x) => Array.from(x.input!))] }))
writeFileSync('/tmp/zk/in.json', JSON.stringify({ input_data: [Array.from(s[0]!.input!)] }))
