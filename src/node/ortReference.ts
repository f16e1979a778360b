/**
 * onnxruntime-node as the float reference of the fidelity report (Node only; a dev dependency).
 */
import type { FloatReference } from '../compile/compileModel.js'
import type { Sample } from '../compile/samples.js'
import { MissingDependencyError } from '../errors/node.js'
import { InferenceError } from '../errors/runtime.js'
import { nullRecord, ownValue } from '../utils/records.js'

type Ort = typeof import('onnxruntime-node')

/**
 * Creates a reference that runs `model` in onnxruntime-node (float32), one sample at a time.
 * @param params.inputs model inputs with their shapes (batch dimension 1)
 * @throws {MissingDependencyError} When onnxruntime-node is not installed.
 * @throws {InferenceError} When onnxruntime-node cannot load or run the model.
 */
export async function createOrtReference({ model, inputs }: { model: Uint8Array; inputs: readonly { name: string; shape: number[] }[] }): Promise<FloatReference & { release(): Promise<void> }> {
  let ort: Ort
  try {
    ort = await import('onnxruntime-node')
  } catch (e) {
    throw new MissingDependencyError({
      packageName: 'onnxruntime-node',
      purpose: 'the float reference for the fidelity report',
      install: 'npm i -D onnxruntime-node (with ONNXRUNTIME_NODE_INSTALL=skip where its install script cannot download)',
      cause: e,
    })
  }
  const session = await ort.InferenceSession.create(model).catch((cause: unknown) => {
    throw new InferenceError({ shortMessage: 'onnxruntime-node cannot load the model.', backend: 'onnxruntime-node', cause })
  })
  const version = (ort.env as { versions?: { common?: string } }).versions?.common ?? ''
  return {
    name: `onnxruntime-node ${version}`.trim(),
    async run(sample: Sample) {
      const feeds = nullRecord<InstanceType<Ort['Tensor']>>()
      for (const i of inputs) feeds[i.name] = new ort.Tensor('float32', Float32Array.from(ownValue(sample, i.name)!), i.shape)
      const out = await session.run(feeds).catch((cause: unknown) => {
        throw new InferenceError({ shortMessage: 'onnxruntime-node failed to run the model.', backend: 'onnxruntime-node', cause })
      })
      return nullRecord(Object.entries(out).map(([k, t]) => [k, Array.from(t.data as Float32Array, Number)]))
    },
    release: () => session.release(),
  }
}
