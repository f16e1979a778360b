// A consumer page: imports the packed @zkml/web the way the shipped browser guide shows, proves,
// verifies, serialises the result, narrows an error on `name`, and prints what the test checks.
import { proveInference, verifyInference, type ProveInferenceErrorType } from '@zkml/web'
import { toCalldata } from '@zkml/web/chain'

const out = document.getElementById('result')!
const url = '/models/model/manifest.json'
try {
  const input = (await (await fetch('/input.json')).json()) as number[]
  const stages: string[] = []
  const result = await proveInference(url, Float32Array.from(input), {
    allowInsecureSetup: true,
    onProgress: ({ stage }) => void (stages.at(-1) !== stage && stages.push(stage)),
  })
  const verified = (await verifyInference(result, url, { allowInsecureSetup: true })).valid
  const json = JSON.stringify(result) // no replacer: the result serialises itself
  const calldataMatches = JSON.stringify(toCalldata(result.proof, result.publicSignals), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) === JSON.stringify(JSON.parse(json).calldata)
  // An out-of-range input: narrowing on `name` reaches the range fields.
  let rangeError: { name: string; min: number; max: number } | undefined
  try {
    await proveInference(url, input.map(() => 1e6), { allowInsecureSetup: true })
  } catch (e) {
    const err = e as ProveInferenceErrorType
    if (err.name === 'InputRangeError') rangeError = { name: err.name, min: err.min, max: err.max }
  }
  out.textContent = JSON.stringify({ ok: true, verified, calldataMatches, rangeError, isolated: crossOriginIsolated, stages, result: JSON.parse(json) })
} catch (e) {
  const err = e as Error
  out.textContent = JSON.stringify({ ok: false, name: err?.name, message: String(err?.message ?? e) })
}
