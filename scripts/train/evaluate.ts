/** Float test accuracy of a saved ONNX model in onnxruntime-node (the reference numbers of `models/README.md`). */
import * as ort from 'onnxruntime-node'
import { argmax } from './loss.js'

/** Parameters of {@link ortEvaluate}. */
export type OrtEvaluateParameters = {
  /** ONNX model bytes with input "input" and output "logits". */
  model: Uint8Array
  /** Input shape with batch 1, e.g. `[1, 784]`. */
  inputShape: number[]
  /** `count × size` inputs. */
  images: Float32Array
  labels: Uint8Array
  /** Keep the logits of the first `keep` samples (default 0). */
  keep?: number | undefined
}

/**
 * Runs the model on every sample, one at a time (the models have a fixed batch of 1).
 * @param parameters {@link OrtEvaluateParameters}
 * @returns the accuracy, and the logits of the first `keep` samples
 */
export async function ortEvaluate({ model, inputShape, images, labels, keep = 0 }: OrtEvaluateParameters): Promise<{ accuracy: number; logits: Float32Array[] }> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1 })
  const size = images.length / labels.length
  const logits: Float32Array[] = []
  let correct = 0
  try {
    for (let i = 0; i < labels.length; i++) {
      const input = new ort.Tensor('float32', images.slice(i * size, (i + 1) * size), inputShape)
      const out = await session.run({ input })
      const y = out['logits']!.data as Float32Array
      if (argmax(y) === labels[i]) correct++
      if (i < keep) logits.push(Float32Array.from(y))
    }
  } finally {
    await session.release()
  }
  return { accuracy: correct / labels.length, logits }
}
