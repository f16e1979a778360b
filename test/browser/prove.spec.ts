/**
 * Prove and verify the MNIST-size MLP in the page: float output vs onnxruntime-node, proven output
 * within the manifest's fidelity bound, the proof verifying in Node with snarkjs, and the calldata.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test, expect, manifestUrl } from './fixtures.js'
import { ARTIFACT_ROOT, readExpected } from './artifacts.js'
import { releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'
import { toCalldata } from '../../src/chain/toCalldata.js'
import type { Manifest } from '../../src/compile/manifest.js'

test.afterAll(async () => {
  await releaseSnarkjs()
})

test('proveInference proves the MNIST MLP; output matches onnxruntime-node; the proof verifies in Node', async ({ open }) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const manifest = JSON.parse(await readFile(join(ARTIFACT_ROOT, 'mlp/manifest.json'), 'utf8')) as Manifest
  const res = await page.evaluate(
    async ({ url, input }) => {
      const r = await zkml.attempt(async () => {
        const t0 = performance.now()
        const result = await zkml.proveInference(url, Float32Array.from(input), { allowInsecureSetup: true })
        const wall = performance.now() - t0
        const verified = (await zkml.verifyInference(result, url, { allowInsecureSetup: true })).valid
        // Serialising: plain JSON.stringify (no replacer) works, and the parsed result still verifies.
        const json = JSON.stringify(result)
        const parsed = JSON.parse(json)
        const parsedVerified = (await zkml.verifyInference(parsed, url, { allowInsecureSetup: true })).valid
        const clone = structuredClone(result)
        const serial = { parsedVerified, calldata: parsed.calldata, keys: Object.keys(result).sort(), parsedKeys: Object.keys(parsed).sort(), cloneHasToJSON: 'toJSON' in clone }
        return { result, verified, wall, serial, env: await zkml.detectEnvironment() }
      })
      return r
    },
    { url: manifestUrl('mlp'), input: expected.input },
  )
  if (!res.ok) throw new Error(`page error: ${JSON.stringify(res.error)}`)
  const { result, verified, env, serial, wall } = res.value as { result: any; verified: boolean; env: any; serial: any; wall: number }
  console.log('env', JSON.stringify(env), 'timings', JSON.stringify(result.timings), 'wall', Math.round(wall), 'backend', result.backend)
  expect(verified).toBe(true)
  expect(serial.parsedVerified).toBe(true)
  expect(serial.parsedKeys).toEqual(serial.keys) // toJSON is not enumerable: the same data fields
  expect(serial.keys).not.toContain('toJSON')
  expect(serial.cloneHasToJSON).toBe(false)
  const calldataJson = JSON.parse(JSON.stringify(toCalldata(result.proof, result.publicSignals), (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
  expect(serial.calldata).toEqual(calldataJson)
  // Timings account for the whole call: worker start-up is its own entry, and the stages add up to
  // the total but for the moments between them.
  const t = result.timings as Record<string, number>
  expect(Object.keys(t).sort()).toEqual(['download', 'inference', 'prove', 'startup', 'total', 'witness'])
  expect(t.download).toBeGreaterThan(0)
  expect(t.startup).toBeGreaterThan(0)
  const sum = t.download! + t.startup! + t.inference! + t.witness! + t.prove!
  expect(t.total).toBeLessThanOrEqual(wall + 1)
  expect(sum).toBeLessThanOrEqual(t.total! + 1)
  expect(t.total! - sum).toBeLessThan(Math.max(300, 0.1 * t.total!))
  expect(env.crossOriginIsolated).toBe(true)
  expect(result.backend).toBe('wasm')

  const bound = manifest.fidelity.maxAbsError
  const web = result.output.logits as number[]
  const node = expected.ortNode.logits!
  expect(web).toHaveLength(10)
  for (let i = 0; i < web.length; i++) {
    expect(Math.abs(web[i]! - node[i]!)).toBeLessThanOrEqual(1e-4)
    expect(Math.abs(result.circuitOutput.logits[i] - node[i]!)).toBeLessThanOrEqual(bound)
  }
  expect(result.maxAbsError).toBeLessThanOrEqual(bound + 1e-4)

  // The proof verifies in Node with snarkjs against vkey.json.
  const vkey = JSON.parse(await readFile(join(ARTIFACT_ROOT, 'mlp/vkey.json'), 'utf8'))
  expect(await verifyGroth16({ vkey, proof: result.proof, publicSignals: result.publicSignals })).toBe(true)
  const forged = [...result.publicSignals]
  forged[0] = String(BigInt(forged[0]) + 1n)
  expect(await verifyGroth16({ vkey, proof: result.proof, publicSignals: forged })).toBe(false)
  // The calldata is toCalldata's, G2 swapped.
  const calldata = toCalldata(result.proof, result.publicSignals)
  expect(result.calldata).toEqual(JSON.parse(JSON.stringify(calldata, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))))
})
