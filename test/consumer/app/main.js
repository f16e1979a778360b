// A consumer app: imports the packed @zkml/web like any dApp would, proves, verifies, and prints the result.
import { proveInference, verifyInference } from '@zkml/web/prover'

const out = document.getElementById('result')
try {
  const input = await (await fetch('/input.json')).json()
  const url = '/artifacts/mlp/manifest.json'
  const stages = []
  const result = await proveInference(url, Float32Array.from(input), {
    allowInsecureSetup: true,
    onProgress: ({ stage }) => stages.at(-1) !== stage && stages.push(stage),
  })
  const verified = (await verifyInference(result, url, { allowInsecureSetup: true })).valid
  out.textContent = JSON.stringify(
    { ok: true, verified, backend: result.backend, stages, isolated: crossOriginIsolated, timings: result.timings, proof: result.proof, publicSignals: result.publicSignals, output: result.output, circuitOutput: result.circuitOutput },
    (_k, v) => (typeof v === 'bigint' ? v.toString() : v),
  )
} catch (e) {
  out.textContent = JSON.stringify({ ok: false, name: e?.name, message: String(e?.message ?? e) })
}
