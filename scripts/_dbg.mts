import { listCases, loadCase } from '../test/conformance/cases.js'
import { execFloat } from '../src/onnx/execFloat.js'
const c = listCases(['pytorch']).find((x) => x.name === process.argv[2])!
const l = loadCase(c) as any
console.log(l.status, l.reason, l.prepared?.nodes.map((n: any) => n.opType), l.prepared && [...l.prepared.tensors].map(([k, v]: any) => `${k}:${v.shape}`))
const { values } = execFloat({ graph: l.prepared, inputs: l.feeds, intermediates: true })
for (const [k, t] of values!) { let mn = Infinity, mx = -Infinity; for (const v of t.data) { if (v < mn) mn = v; if (v > mx) mx = v }; console.log(k, mn, mx) }
