import { listCases, loadCase } from '../test/conformance/cases.js'
import { execFloat } from '../src/onnx/execFloat.js'
import { quantizeGraph } from '../src/quantize/quantize.js'
const c = listCases(['pytorch']).find((x) => x.name === process.argv[2])!
const l = loadCase(c) as any
console.log(l.status, l.prepared.nodes.map((n: any) => n.opType), [...l.prepared.tensors].map(([k, v]: any) => `${k}:${v.shape}`))
const { values } = execFloat({ graph: l.prepared, inputs: l.feeds, intermediates: true })
const ranges = new Map()
for (const [k, t] of values!) ranges.set(k, { min: Math.min(...t.data), max: Math.max(...t.data) })
console.log(ranges)
const m = quantizeGraph({ graph: l.prepared, ranges, inputBits: 12, weightBits: 12, activationBits: 16 })
console.log(JSON.stringify(m.nodes), JSON.stringify(m.outputs), JSON.stringify(m.inputs))
