/**
 * Runs a quantized model on a Domain: the one place that walks the integer graph.
 * With `numberDomain` this is the integer reference executor; with `circuitDomain` it is the lowering
 * that emits the constraints and the witness.
 */
import type { Domain, DTensor } from './domain.js'
import type { QNode, QuantizedModel } from '../../quantize/model.js'
import { linear } from './linear.js'
import { conv } from './conv.js'
import { pool } from './pool.js'
import { affine, binary, requantTensor } from './elementwise.js'
import { concat, reshape, transpose } from './shape.js'
import { argmaxTensor } from './argmax.js'
import { clip, leakyRelu, sigmoid } from './activation.js'
import { shiftLeft } from './compose.js'
import { ArtifactError } from '../../errors/artifact.js'
import { nullRecord, ownValue } from '../../utils/records.js'

function map<T>(x: DTensor<T>, f: (v: T, i: number) => T): DTensor<T> {
  return { shape: x.shape, data: x.data.map(f) }
}

/** A name-keyed entry of the model; a missing one means a malformed model (e.g. a hand-edited circuit.json). */
function entry<V>(rec: Readonly<Record<string, V>>, name: string, what: string): V {
  const v = ownValue(rec, name)
  if (v === undefined) throw new ArtifactError(`The quantized model has no ${what} "${name}".`, { file: 'circuit.json' })
  return v
}

function runNode<T>(D: Domain<T>, model: QuantizedModel, node: QNode, get: (name: string) => DTensor<T>): DTensor<T> {
  const x = get(node.inputs[0]!)
  const outShape = entry(model.tensors, node.outputs[0]!, 'tensor').shape
  const c = (name: string | undefined) => (name === undefined ? undefined : entry(model.constants, name, 'constant'))
  const label = node.name
  switch (node.op) {
    case 'Linear':
      return linear(D, x, c(node.weight)!, c(node.bias))
    case 'Conv':
      return conv(D, x, c(node.weight)!, c(node.bias), node, outShape)
    case 'Requant':
      return requantTensor(D, x, node.shift, node.relu, label)
    case 'Affine':
      return affine(D, x, c(node.mul), c(node.add), outShape)
    case 'Add': {
      const [ka, kb] = node.shifts
      const sign = node.subtract ? -1 : 1
      return binary(D, x, get(node.inputs[1]!), outShape, (a, b) => D.dot([2 ** ka, sign * 2 ** kb], [a, b], 0))
    }
    case 'Mul':
      return binary(D, x, get(node.inputs[1]!), outShape, (a, b, i) => D.mul(a, b, `${label}[${i}]`))
    case 'Div':
      return binary(D, x, get(node.inputs[1]!), outShape, (a, b, i) => D.div(shiftLeft(D, a, node.shift), b, `${label}[${i}]`))
    case 'MaxPool':
    case 'SumPool':
      return pool(D, x, node.op === 'MaxPool' ? 'max' : 'sum', node, outShape, node.average, label)
    case 'Reshape':
      return reshape(x, outShape)
    case 'Transpose':
      return transpose(x, node.perm)
    case 'Concat':
      return concat(
        node.inputs.map((n, i) => map(get(n), (v) => shiftLeft(D, v, node.shifts[i]!))),
        node.axis,
      )
    case 'ArgMax':
      return argmaxTensor(D, x, node.axis, node.selectLastIndex, outShape, label)
    case 'LeakyRelu':
      return map(x, (v, i) => leakyRelu(D, v, node.shift, node.alpha, node.alphaShift, `${label}[${i}]`))
    case 'Clip':
      return map(x, (v, i) => clip(D, v, node.shift, node.lo, node.hi, `${label}[${i}]`))
    case 'Sigmoid':
      return map(x, (v, i) => sigmoid(D, v, node.shift, entry(model.tensors, node.outputs[0]!, 'tensor').scale, `${label}[${i}]`))
  }
}

/**
 * Evaluates `model` on `inputs` (integer tensors by input name) in domain `D`.
 * Names are the model's own (any string): `inputs` is read by own properties only, and the result
 * is a prototype-free record (see `src/utils/records.ts`).
 * @returns every output tensor by name.
 * @throws {ArtifactError} When the model reads a value that no input or earlier node defines.
 */
export function runModel<T>(D: Domain<T>, model: QuantizedModel, inputs: Readonly<Record<string, DTensor<T>>>): Record<string, DTensor<T>> {
  const values = new Map<string, DTensor<T>>(Object.entries(inputs))
  const get = (name: string) => {
    const v = values.get(name)
    if (!v) throw new ArtifactError(`The quantized model reads "${name}" before any input or node defines it.`, { file: 'circuit.json' })
    return v
  }
  for (const node of model.nodes) values.set(node.outputs[0]!, runNode(D, model, node, get))
  return nullRecord(model.outputs.map((o) => [o.name, get(o.name)]))
}
