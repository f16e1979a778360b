/**
 * Pool before requantizing: an exact rewrite of the integer model that moves each `Requant`
 * (with or without ReLU) feeding only a `MaxPool` to after the pool.
 *
 * Requant(x) = max(0?, floor((x + 2^(k−1)) / 2^k)) is monotone non-decreasing in x, and a monotone
 * f commutes with max: f(max_i x_i) = max_i f(x_i). So MaxPool(Requant(x)) = Requant(MaxPool(x))
 * element for element (padding is ignored by MaxPool either way: each window is the max over its
 * valid taps). The rewrite is on the integer model, so the integer executor and the circuit compute
 * the same (unchanged) values.
 *
 * Cost: a window of n values took n requantizations of the B-bit pre-activation plus n − 1
 * comparisons of A-bit activations; it now takes n − 1 comparisons of pre-activations and one
 * requantization per pooled value (ReLU fused into MaxPool: one ReLU per pooled value).
 */
import type { QNode, QuantizedModel } from '../ir/model.js'

/**
 * Rewrites `model` in place (see the module doc): every `Requant` whose only consumer is a
 * `MaxPool` (and whose output is not a model output) is moved after that pool, which then reads
 * the requantization's input. Returns the number of rewrites.
 */
export function poolBeforeRequant(model: QuantizedModel): number {
  const outputs = new Set(model.outputs.map((o) => o.name))
  const consumers = new Map<string, number[]>()
  model.nodes.forEach((n, i) => {
    for (const x of n.inputs) consumers.set(x, [...(consumers.get(x) ?? []), i])
  })
  let count = 0
  for (let r = 0; r < model.nodes.length; r++) {
    const req = model.nodes[r]!
    if (req.op !== 'Requant' || req.inputs.length !== 1 || req.outputs.length !== 1) continue
    const y = req.outputs[0]!
    const users = consumers.get(y) ?? []
    if (outputs.has(y) || users.length !== 1) continue
    const p = users[0]!
    const pool = model.nodes[p]!
    if (pool.op !== 'MaxPool' || pool.inputs.length !== 1 || pool.outputs.length !== 1) continue
    const x = req.inputs[0]!
    const out = pool.outputs[0]!
    const pooled = freshName(model, `${x}.pooled`)
    model.tensors[pooled] = { shape: [...model.tensors[out]!.shape], scale: model.tensors[x]!.scale }
    delete model.tensors[y]
    const newPool: QNode = { ...pool, inputs: [x], outputs: [pooled] }
    const newReq: QNode = { ...req, inputs: [pooled], outputs: [out] }
    // The pool moves to the requantization's place (x is ready there), the requantization to the pool's.
    model.nodes[r] = newPool
    model.nodes[p] = newReq
    consumers.set(pooled, [p])
    count++
  }
  return count
}

/** `base`, or `base#2`, `base#3`, … : a tensor name the model does not use yet. */
function freshName(model: QuantizedModel, base: string): string {
  let name = base
  for (let i = 2; name in model.tensors || name in model.constants; i++) name = `${base}#${i}`
  return name
}
