/**
 * The transformer example (`models/transformer_sorted.onnx`) proved in the page: the float output
 * matches onnxruntime-node, the proven output is within the manifest's fidelity bound, and the
 * proof verifies in the page and in Node (a changed public signal does not).
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test, expect, manifestUrl } from './fixtures.js'
import { ARTIFACT_ROOT, readExpected } from './artifacts.js'
import { releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'
import type { Manifest } from '../../src/compile/manifest.js'

test.afterAll(async () => {
  await releaseSnarkjs()
})

test('proveInference proves the transformer encoder; output matches onnxruntime-node; the proof verifies', async ({ open }) => {
  test.setTimeout(600_000)
  const page = await open()
  const expected = await readExpected('transformer')
  const manifest = JSON.parse(await readFile(join(ARTIFACT_ROOT, 'transformer/manifest.json'), 'utf8')) as Manifest
  const res = await page.evaluate(
    async ({ url, input }) =>
      zkml.attempt(async () => {
        const result = await zkml.proveInference(url, Float32Array.from(input), { allowInsecureSetup: true })
        const verified = (await zkml.verifyInference(result, url, { allowInsecureSetup: true })).valid
        return { result, verified }
      }),
    { url: manifestUrl('transformer'), input: expected.input },
  )
  if (!res.ok) throw new Error(`page error: ${JSON.stringify(res.error)}`)
  const { result, verified } = res.value as { result: any; verified: boolean }
  console.log('transformer timings', JSON.stringify(result.timings), 'backend', result.backend)
  expect(verified).toBe(true)
  const node = expected.ortNode['logits']!
  const web = result.output.logits as number[]
  expect(web).toHaveLength(2)
  for (let i = 0; i < 2; i++) {
    expect(Math.abs(web[i]! - node[i]!)).toBeLessThanOrEqual(1e-4)
    expect(Math.abs(result.circuitOutput.logits[i] - node[i]!)).toBeLessThanOrEqual(manifest.fidelity.maxAbsError)
  }
  const vkey = JSON.parse(await readFile(join(ARTIFACT_ROOT, 'transformer/vkey.json'), 'utf8'))
  expect(await verifyGroth16({ vkey, proof: result.proof, publicSignals: result.publicSignals })).toBe(true)
  const forged = [...result.publicSignals]
  forged[0] = String(BigInt(forged[0]) + 1n)
  expect(await verifyGroth16({ vkey, proof: result.proof, publicSignals: forged })).toBe(false)
})
