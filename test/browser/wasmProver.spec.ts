/**
 * The wasm prover in Chromium: with cross-origin isolation (threads over shared memory) and
 * without it (one thread), the same input proven with `prover: 'wasm'` and `prover: 'snarkjs'`
 * in the page; every proof verifies in the prover worker and in Node with snarkjs, and the two
 * provers prove the same public signals.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test, expect, manifestUrl } from './fixtures.js'
import { ARTIFACT_ROOT, readExpected } from './artifacts.js'
import { releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'

test.afterAll(async () => {
  await releaseSnarkjs()
})

for (const isolated of [true, false]) {
  test(`wasm and snarkjs provers agree and verify (${isolated ? 'cross-origin isolated, threads' : 'not isolated, one thread'})`, async ({ open, context, baseURL }) => {
    if (!isolated) await context.addCookies([{ name: 'zkml-noiso', value: '1', url: baseURL! }])
    const page = await open()
    const expected = await readExpected('mlp')
    const res = await page.evaluate(
      async ({ url, input }) =>
        zkml.attempt(async () => {
          const out: Record<string, unknown> = { isolated: globalThis.crossOriginIsolated === true }
          for (const prover of ['wasm', 'snarkjs'] as const) {
            const p = await zkml.createProver(url, { allowInsecureSetup: true, prover })
            const r = await p.prove(Float32Array.from(input))
            out[prover] = { proof: r.proof, publicSignals: r.publicSignals, verified: (await p.verify(r)).valid, prove: (r.timings as unknown as { prove: number }).prove }
            await p.dispose()
          }
          return out
        }),
      { url: manifestUrl('mlp'), input: expected.input },
    )
    if (!res.ok) throw new Error(`page error: ${JSON.stringify(res.error)}`)
    type One = { proof: never; publicSignals: string[]; verified: boolean; prove: number }
    const v = res.value as { isolated: boolean; wasm: One; snarkjs: One }
    console.log(`isolated ${v.isolated}: prove step wasm ${v.wasm.prove.toFixed(0)} ms, snarkjs ${v.snarkjs.prove.toFixed(0)} ms`)
    expect(v.isolated).toBe(isolated)
    expect(v.wasm.verified).toBe(true)
    expect(v.snarkjs.verified).toBe(true)
    expect(v.wasm.publicSignals).toEqual(v.snarkjs.publicSignals)
    const vkey = JSON.parse(await readFile(join(ARTIFACT_ROOT, 'mlp/vkey.json'), 'utf8'))
    for (const r of [v.wasm, v.snarkjs]) expect(await verifyGroth16({ vkey, proof: r.proof, publicSignals: r.publicSignals })).toBe(true)
    const forged = [...v.wasm.publicSignals]
    forged[0] = String(BigInt(forged[0]!) + 1n)
    expect(await verifyGroth16({ vkey, proof: v.wasm.proof, publicSignals: forged })).toBe(false)
  })
}
