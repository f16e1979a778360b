/**
 * Hidden weights in the browser: `verifyInference` (and `prover.verify`) run the shared verify code
 * in the prover worker against the served circuit.json / vkey.json, and reject a proof made with the
 * artifacts' own proving key for swapped last-layer rows (same widths, same key; finding 3 of the
 * security review): its `weightsHash` is not the published commitment.
 */
import { join } from 'node:path'
import { test, expect, manifestUrl } from './fixtures.js'
import { ARTIFACT_ROOT, readExpected } from './artifacts.js'
import { loadArtifactDir } from '../../src/node/artifacts.js'
import { releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'
import { proveWithArtifacts } from '../../src/prove/prove.js'
import { proveSwapped } from '../helpers/swapWeights.js'

test.afterAll(async () => {
  await releaseSnarkjs()
})

test('verifyInference rejects a proof for swapped hidden weights; accepts the honest one', async ({ open }) => {
  const art = await loadArtifactDir(join(ARTIFACT_ROOT, 'mlp-weights'))
  const { input } = await readExpected('mlp-weights')
  const honest = await proveWithArtifacts({ circuit: art.circuit, zkey: art.zkey!, input })
  const evil = await proveSwapped({ circuit: art.circuit, zkey: art.zkey!, input })
  // The key alone accepts the swapped-weights proof: only the weightsHash check stops it.
  expect(await verifyGroth16({ vkey: art.vkey, proof: evil.proof, publicSignals: evil.publicSignals })).toBe(true)
  expect(evil.outputIntegers.logits).not.toEqual(honest.outputIntegers.logits)

  const page = await open()
  const res = await page.evaluate(
    async ({ url, input, honest, evil }) =>
      zkml.attempt(async () => {
        const proved = await zkml.proveInference(url, Float32Array.from(input), { allowInsecureSetup: true })
        const prover = await zkml.createProver(url, { allowInsecureSetup: true })
        try {
          return {
            provedInPage: await zkml.verifyInference(proved, url, { allowInsecureSetup: true }),
            honest: await zkml.verifyInference(honest, url, { allowInsecureSetup: true }),
            evil: await zkml.verifyInference(evil, url, { allowInsecureSetup: true }),
            evilByProver: await prover.verify(evil),
          }
        } finally {
          await prover.dispose()
        }
      }),
    { url: manifestUrl('mlp-weights'), input, honest: { proof: honest.proof, publicSignals: honest.publicSignals, circuitOutput: honest.circuitOutput }, evil: { proof: evil.proof, publicSignals: evil.publicSignals, circuitOutput: evil.circuitOutput } },
  )
  if (!res.ok) throw new Error(`page error: ${JSON.stringify(res.error)}`)
  const v = res.value as Record<string, { valid: boolean; reason?: string; weightsHash?: string }>
  const commitment = BigInt(art.manifest.weights!.commitment).toString()
  expect(v.provedInPage).toMatchObject({ valid: true, weightsHash: commitment })
  expect(v.honest).toMatchObject({ valid: true, weightsHash: commitment })
  expect(v.evil).toEqual({ valid: false, reason: 'weightsHash' })
  expect(v.evilByProver).toEqual({ valid: false, reason: 'weightsHash' })
})
