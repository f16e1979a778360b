/**
 * Backends. Runs in both projects: `wasm` (--disable-gpu) and `webgpu` (--enable-unsafe-webgpu, a
 * SwiftShader fallback adapter here). `auto` must pick wasm on a fallback adapter; `webgpu` forces
 * the WebGPU path where any adapter exists (and fails with BackendUnavailableError where none
 * does); the result names the backend that ran, and the proof is valid either way.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test, expect, manifestUrl } from './fixtures.js'
import { ARTIFACT_ROOT, readExpected } from './artifacts.js'
import type { Manifest } from '../../src/compile/manifest.js'

test('auto picks wasm without a real GPU; webgpu is forced where an adapter exists; both prove', async ({ open }, info) => {
  const page = await open()
  const expected = await readExpected('mlp')
  const manifest = JSON.parse(await readFile(join(ARTIFACT_ROOT, 'mlp/manifest.json'), 'utf8')) as Manifest
  const res = await page.evaluate(
    async ({ url, input }) => {
      const env = await zkml.detectEnvironment()
      const run = (backend: 'auto' | 'webgpu') =>
        zkml.attempt(async () => {
          const prover = await zkml.createProver(url, { backend, allowInsecureSetup: true })
          try {
            const result = await prover.prove(input)
            return { result, inference: prover.inference, verified: (await prover.verify(result)).valid }
          } finally {
            await prover.dispose()
          }
        })
      return { env: zkml.plain(env), auto: await run('auto'), webgpu: await run('webgpu') }
    },
    { url: manifestUrl('mlp'), input: expected.input },
  )
  console.log(info.project.name, JSON.stringify(res.env), JSON.stringify(res.webgpu.ok ? (res.webgpu.value as any).inference : res.webgpu.error))
  const env = res.env as { webgpu?: { isFallbackAdapter: boolean } }

  // auto: wasm here (no adapter, or only a software one).
  expect(res.auto.ok).toBe(true)
  const auto = (res.auto as { value: any }).value
  expect(auto.result.backend).toBe('wasm')
  expect(auto.inference.threads).toBeGreaterThanOrEqual(1)
  expect(auto.verified).toBe(true)

  if (info.project.name === 'webgpu') {
    expect(env.webgpu?.isFallbackAdapter).toBe(true)
    expect(res.webgpu.ok).toBe(true)
    const gpu = (res.webgpu as { value: any }).value
    expect(gpu.result.backend).toBe('webgpu')
    expect(gpu.inference.adapter.isFallbackAdapter).toBe(true)
    expect(gpu.verified).toBe(true)
    // Same circuit output, and the WebGPU float output within the fidelity bound of onnxruntime-node's.
    expect(gpu.result.circuitOutput).toEqual(auto.result.circuitOutput)
    gpu.result.output.logits.forEach((v: number, i: number) => expect(Math.abs(v - expected.ortNode.logits![i]!)).toBeLessThanOrEqual(manifest.fidelity.maxAbsError))
  } else {
    expect(env.webgpu).toBeUndefined()
    expect(res.webgpu.ok).toBe(false)
    expect((res.webgpu as { error: any }).error.name).toBe('BackendUnavailableError')
  }
})

test('without cross-origin isolation inference runs single-threaded and still proves', async ({ open, context, baseURL }) => {
  await context.addCookies([{ name: 'zkml-noiso', value: '1', url: baseURL! }])
  const page = await open()
  const expected = await readExpected('mlp')
  const res = await page.evaluate(
    async ({ url, input }) =>
      zkml.attempt(async () => {
        const prover = await zkml.createProver(url, { allowInsecureSetup: true })
        try {
          const result = await prover.prove(input)
          return { isolated: crossOriginIsolated, threads: prover.inference.threads, backend: result.backend, verified: (await prover.verify(result)).valid }
        } finally {
          await prover.dispose()
        }
      }),
    { url: manifestUrl('mlp'), input: expected.input },
  )
  expect(res).toEqual({ ok: true, value: { isolated: false, threads: 1, backend: 'wasm', verified: true } })
})
