/**
 * Writes `models/iriscode.onnx`, measures the genuine and impostor Hamming-distance distributions of
 * the iris code over synthetic identities, chooses the threshold τ, and writes the figures to
 * `models/iriscode.md` and τ to `src/identity/measured.ts`.
 *
 * Run: `npx tsx scripts/identity/makeModel.ts [identities=400] [impostorsPerIdentity=50]`
 *
 * Protocol: identity k has seed `identity-k`; its template is the code of one enrollment capture
 * (default capture parameters, no tilt). Genuine comparisons: 10 fresh captures per identity with a
 * tilt of −1, 0 or +1 column, sensor noise σ ∈ [4, 12] and eyelid occlusion ∈ [0, 20 %]. Impostor
 * comparisons: captures of other identities against the template, same capture distribution. The
 * distance is the best over the circuit's rotations (−1, 0, +1 code columns), as the circuit proves.
 * τ is the equal-error point of normal fits to both distributions, rounded down to whole bits.
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { IRIS_CODE_BITS, IRIS_GEOMETRY, IRIS_INPUT_NAME, IRIS_OUTPUT_NAME, IRIS_SHIFTS } from '../../src/identity/config.js'
import { capture, irisStrip, type IrisStrip } from '../../src/identity/iris.js'
import { codeFromResponses, codeShape, hamming, irisResponses, padStrip, shiftCode } from '../../src/identity/irisCode.js'
import { irisCodeOnnx } from '../../src/identity/model.js'
import { seededRandom } from '../../src/identity/random.js'
import { GABOR_SHIFT, gaborBank } from '../../src/identity/gabor.js'
import { codeBitWidth } from '../../src/identity/gadgets/codeBit.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const N = Number(process.argv[2] ?? 400)
const IMPOSTORS = Number(process.argv[3] ?? 50)
const GENUINE = 10
const BITS = IRIS_CODE_BITS

const onnx = irisCodeOnnx()
writeFileSync(join(root, 'models', 'iriscode.onnx'), onnx)
console.log(`wrote models/iriscode.onnx (${onnx.length} bytes)`)

const code = (s: IrisStrip) => codeFromResponses(irisResponses({ strip: s, geometry: IRIS_GEOMETRY }))
const best = (c: Uint8Array, t: Uint8Array) => Math.min(...IRIS_SHIFTS.map((k) => hamming(shiftCode(c, k, IRIS_GEOMETRY), t)))
const r = seededRandom('makeModel')
const randomCapture = (strip: IrisStrip, seed: string) =>
  capture({ strip, seed, shift: r.int(-1, 1), noise: r.range(4, 12), occlusion: r.range(0, 0.2) })

const strips = Array.from({ length: N }, (_, k) => irisStrip({ seed: `identity-${k}` }))
const templates = strips.map((strip, k) => code(capture({ strip, seed: `enroll-${k}` })))
const genuine: number[] = []
const impostor: number[] = []
const sampleCaptures: IrisStrip[] = []
for (let k = 0; k < N; k++) {
  for (let j = 0; j < GENUINE; j++) {
    const c = randomCapture(strips[k]!, `genuine-${k}-${j}`)
    if (sampleCaptures.length < 64) sampleCaptures.push(c)
    genuine.push(best(code(c), templates[k]!))
  }
  for (let j = 0; j < IMPOSTORS; j++) {
    let other = r.int(0, N - 2)
    if (other >= k) other++
    impostor.push(best(code(randomCapture(strips[other]!, `impostor-${k}-${j}`)), templates[k]!))
  }
  if ((k + 1) % 50 === 0) console.log(`${k + 1}/${N} identities`)
}

const stats = (a: number[]) => {
  const mean = a.reduce((x, y) => x + y, 0) / a.length
  const sd = Math.sqrt(a.reduce((x, y) => x + (y - mean) ** 2, 0) / a.length)
  return { mean, sd, min: Math.min(...a), max: Math.max(...a) }
}
const g = stats(genuine)
const im = stats(impostor)
const tau = Math.floor((g.mean * im.sd + im.mean * g.sd) / (g.sd + im.sd))
const far = impostor.filter((d) => d <= tau).length / impostor.length
const frr = genuine.filter((d) => d > tau).length / genuine.length
// Normal-tail estimates (erfc via a rational approximation, Abramowitz–Stegun 7.1.26).
const tail = (z: number) => {
  const t = 1 / (1 + 0.3275911 * (z / Math.SQRT2))
  const y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  return 0.5 * y * Math.exp(-((z / Math.SQRT2) ** 2))
}
const farFit = tail((im.mean - tau) / im.sd)
const frrFit = tail((tau + 1 - g.mean) / g.sd)

// onnxruntime-node (float32) vs the exact integer code, bit for bit.
let ortLine = 'onnxruntime-node not available: agreement not measured.'
try {
  const ort = await import('onnxruntime-node')
  const session = await ort.InferenceSession.create(onnx)
  const { paddedCols, bits } = codeShape(IRIS_GEOMETRY)
  let agree = 0
  let exact = 0
  for (const c of sampleCaptures) {
    const out = await session.run({ [IRIS_INPUT_NAME]: new ort.Tensor('float32', padStrip(c, IRIS_GEOMETRY), [1, 1, 16, paddedCols]) })
    const y = out[IRIS_OUTPUT_NAME]!.data as Float32Array
    const ints = irisResponses({ strip: c, geometry: IRIS_GEOMETRY })
    for (let i = 0; i < bits; i++) {
      if ((y[i]! >= 0 ? 1 : 0) === (ints[i]! >= 0 ? 1 : 0)) agree++
      if (y[i]! * 2 ** GABOR_SHIFT === ints[i]) exact++
    }
  }
  await session.release()
  const total = sampleCaptures.length * bits
  ortLine = `onnxruntime-node (float32, CPU) vs the integer responses on ${sampleCaptures.length} captures: ${agree}/${total} code bits agree, ${exact}/${total} responses are exactly equal (·2^${GABOR_SHIFT}).`
} catch (e) {
  ortLine = `onnxruntime-node failed: ${String(e)}`
}

const histogram = (a: number[], label: string) => {
  const bins = new Array<number>(50).fill(0)
  for (const d of a) bins[Math.min(49, Math.floor((d / BITS) * 50))]!++
  return bins
    .map((n, i) => ({ n, i }))
    .filter(({ n }) => n > 0)
    .map(({ n, i }) => `| ${label} | ${(i / 50).toFixed(2)}–${((i + 1) / 50).toFixed(2)} | ${n} | ${'#'.repeat(Math.ceil((60 * n) / a.length))} |`)
}
// The exact response range over all 8-bit captures: 255 · (Σ positive weights) of the widest filter
// (each filter sums to zero, so its negative part has the same mass).
const perFilter = IRIS_GEOMETRY.kernelHeight * IRIS_GEOMETRY.kernelWidth
const bank = gaborBank(IRIS_GEOMETRY)
const maxResponse = Math.max(...IRIS_GEOMETRY.specs.map((_, f) => 255 * Array.from(bank.subarray(f * perFilter, (f + 1) * perFilter)).reduce((a, v) => a + Math.max(0, v), 0)))
const codeBits = codeBitWidth([BigInt(-maxResponse), BigInt(maxResponse)])
const pct = (x: number) => `${(100 * x).toFixed(3)} %`
const frac = (x: number) => (x / BITS).toFixed(3)
const md = `# iriscode.onnx

Written by \`scripts/identity/makeModel.ts\` (regenerate: \`npx tsx scripts/identity/makeModel.ts\`). Synthetic data only.

## Model

One Conv: input \`${IRIS_INPUT_NAME}\` [1, 1, 16, ${codeShape(IRIS_GEOMETRY).paddedCols}] (the 16×64 strip padded circularly by ${codeShape(IRIS_GEOMETRY).pad} columns each
side, pixels 0..255 as floats) → output \`${IRIS_OUTPUT_NAME}\` [1, ${codeShape(IRIS_GEOMETRY).filters}, ${codeShape(IRIS_GEOMETRY).bands}, ${codeShape(IRIS_GEOMETRY).columns}]. Weights: ${IRIS_GEOMETRY.specs.length} Gabor filters
(${IRIS_GEOMETRY.kernelHeight}×${IRIS_GEOMETRY.kernelWidth}) as integers in [−127, 127] / 2^${GABOR_SHIFT}, each summing to zero; strides [${IRIS_GEOMETRY.strideY}, ${IRIS_GEOMETRY.strideX}].
Code bit i = [response_i ≥ 0]: ${BITS} bits. ${ortLine}

## In the circuit

Every 8-bit capture gives responses in [−${maxResponse.toLocaleString('en-US')}, ${maxResponse.toLocaleString('en-US')}]; the identity circuit takes each code bit from a
${codeBits}-bit decomposition of response + 2^${codeBits - 1} (\`codeBit\`), so its code bits are exactly these for every 8-bit capture.
The rotation is the prover's: it rotates the capture by its k ∈ {${IRIS_SHIFTS.join(', ')}} (\`rotateStrip\`, whose code is the code rotated by k)
and the circuit checks one Hamming distance, which is the "best of rotations" rule below. So the FAR/FRR below
are the circuit's (\`test/identity/statement.test.ts\` checks the range from the weights and the rotation over the first of these identities).

## Genuine vs impostor (fractional Hamming distance, best of rotations ${IRIS_SHIFTS.join(', ')})

${N} identities; template = one enrollment capture. Genuine: ${genuine.length} captures (tilt −1..+1 column,
noise σ 4–12, eyelid occlusion 0–20 %). Impostor: ${impostor.length} captures of other identities.

| | mean | sd | min | max |
|---|---|---|---|---|
| genuine | ${frac(g.mean)} | ${frac(g.sd)} | ${frac(g.min)} | ${frac(g.max)} |
| impostor | ${frac(im.mean)} | ${frac(im.sd)} | ${frac(im.min)} | ${frac(im.max)} |

**τ = ${tau} bits (${frac(tau)})**: equal-error point of normal fits, rounded down.
Measured: FAR ${pct(far)} (${impostor.filter((d) => d <= tau).length}/${impostor.length}), FRR ${pct(frr)} (${genuine.filter((d) => d > tau).length}/${genuine.length}).
Normal-fit tails: FAR ≈ ${farFit.toExponential(1)}, FRR ≈ ${frrFit.toExponential(1)} per comparison.

| set | distance | count | |
|---|---|---|---|
${[...histogram(genuine, 'genuine'), ...histogram(impostor, 'impostor')].join('\n')}
`
writeFileSync(join(root, 'models', 'iriscode.md'), md)
writeFileSync(
  join(root, 'src', 'identity', 'measured.ts'),
  `// Written by scripts/identity/makeModel.ts from its genuine/impostor measurements (see models/iriscode.md). Do not edit.
/** Measured matching figures: τ in bits of ${BITS}; distributions as fractional Hamming distances. */
export const IRIS_MEASURED = {
  threshold: ${tau},
  identities: ${N},
  genuine: { count: ${genuine.length}, mean: ${frac(g.mean)}, sd: ${frac(g.sd)}, max: ${frac(g.max)} },
  impostor: { count: ${impostor.length}, mean: ${frac(im.mean)}, sd: ${frac(im.sd)}, min: ${frac(im.min)} },
  far: ${far},
  frr: ${frr},
} as const
`,
)
console.log(md)
