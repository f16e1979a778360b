/**
 * The GRU example model (`models/seq_gru_shape.onnx`, one ONNX GRU node unrolled by the compiler)
 * proven in the page with the default prover: the proof verifies, and the proven class is the
 * float model's (onnxruntime-node) on the sample sequence.
 */
import { test, expect, manifestUrl } from './fixtures.js'
import { readExpected } from './artifacts.js'

const argmax = (xs: readonly number[]) => xs.reduce((b, v, i) => (v > xs[b]! ? i : b), 0)

test('proveInference proves the GRU sequence model; the proof verifies; the class matches onnxruntime-node', async ({ open }) => {
  const page = await open()
  const expected = await readExpected('seq-gru')
  const res = await page.evaluate(
    async ({ url, input }) =>
      zkml.attempt(async () => {
        const result = await zkml.proveInference(url, Float32Array.from(input), { allowInsecureSetup: true })
        const verified = (await zkml.verifyInference(result, url, { allowInsecureSetup: true })).valid
        return { verified, output: Array.from(result.output['logits'] as ArrayLike<number>), timings: result.timings }
      }),
    { url: manifestUrl('seq-gru'), input: expected.input },
  )
  if (!res.ok) throw new Error(`page error: ${JSON.stringify(res.error)}`)
  const { verified, output, timings } = res.value as { verified: boolean; output: number[]; timings: Record<string, number> }
  console.log('seq-gru timings', JSON.stringify(timings))
  expect(verified).toBe(true)
  expect(output).toHaveLength(4)
  expect(argmax(output)).toBe(argmax(expected.ortNode['logits']!))
})
