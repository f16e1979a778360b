/**
 * The whole identity circuit (no proving): the witness satisfies it, its public signals are the
 * native values, its structure does not depend on the inputs, and tampering breaks it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { failingConstraints } from '../../src/circuit/check.js'
import { FIELD_PRIME } from '../../src/circuit/field.js'
import type { QuantizedModel } from '../../src/ir/model.js'
import { WitnessGenerationError } from '../../src/errors/prove.js'
import { IRIS_THRESHOLD } from '../../src/identity/config.js'
import { identityLeaf, identityNullifier, irisCode } from '../../src/identity/identity.js'
import { capture, irisStrip } from '../../src/identity/iris.js'
import { matchCodes } from '../../src/identity/match.js'
import { merkleProof } from '../../src/identity/merkle.js'
import { quantizeIrisModel } from '../../src/identity/model.js'
import { buildIdentityCircuit, type IdentityWitnessInputs } from '../../src/identity/statement.js'
import { IDENTITY_CIRCUIT_VERSION, type IdentityArtifacts } from '../../src/identity/artifacts.js'
import { InvalidIdentityInputError, IrisNoMatchError } from '../../src/identity/errors.js'
import { proveIdentity } from '../../src/identity/prove.js'
import { IRIS_GEOMETRY, IRIS_SHIFTS } from '../../src/identity/config.js'
import { gaborBank } from '../../src/identity/gabor.js'
import { codeFromResponses, hamming, irisResponses, responseTaps, rotateStrip, shiftCode } from '../../src/identity/irisCode.js'
import { seededRandom } from '../../src/identity/random.js'

let model: QuantizedModel
const strip = irisStrip({ seed: 'statement' })
const secrets = { template: irisCode({ strip: capture({ strip, seed: 'enroll' }) }), salt: 12345n, secret: 987654321n }
const leaf = identityLeaf(secrets)
const leaves = [7n, 8n, 9n, leaf, 10n]

function inputs(scan: Uint8Array, over: Partial<IdentityWitnessInputs> = {}): IdentityWitnessInputs {
  const shift = matchCodes({ code: irisCode({ strip: scan }), template: secrets.template }).shift
  return { capture: scan, ...secrets, merkleProof: merkleProof({ leaves, leaf }), scope: 42n, message: 0x1234n, shift, ...over }
}

beforeAll(() => {
  model = quantizeIrisModel({ onnx: readFileSync(join(import.meta.dirname, '..', '..', 'models', 'iriscode.onnx')), calibration: [strip] })
})

describe('the identity circuit', () => {
  it('is satisfied by an honest witness whose public signals are [root, nullifier, scope, message]', () => {
    const scan = capture({ strip, seed: 'scan', shift: -1, occlusion: 0.1 })
    const built = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: true, witness: true }, inputs: inputs(scan) })
    expect(built.r1cs.nPublic).toBe(4)
    expect(failingConstraints(built.r1cs, built.witness!)).toEqual([])
    expect(built.publicSignals).toEqual([merkleProof({ leaves, leaf }).root, identityNullifier({ scope: 42n, secret: secrets.secret }), 42n, 0x1234n])
    expect(built.code).toEqual(irisCode({ strip: scan }))
    expect(built.nConstraints).toBe(built.r1cs.constraints.length)
    expect(built.nConstraints).toBe(15_969) // 2^14 domain (constraints + 4 public signals + 1 ≤ 16,384)

    // Tampering: public signals, code bits, template bits, pixels, Merkle siblings, and a sample of all wires.
    const labels = [...built.r1cs.labels!]
    const byLabel = (l: string) => labels.find(([, x]) => x === l)![0]
    const targets = [1, 2, 3, 4, byLabel('code[0].bit19'), byLabel('code[300].bit19'), byLabel('template[5].bit0'), byLabel('pixel[77]'), byLabel('pixel[500]'), byLabel('code[7].bit1'), byLabel('match.agree[9]'), byLabel('match.bit3'), byLabel('merkle.sibling[0]'), byLabel('salt'), byLabel('secret')]
    for (let i = 0; i < 24; i++) targets.push(1 + ((i * 7919) % (built.r1cs.nWires - 1)))
    for (const w of targets) {
      const t = [...built.witness!]
      t[w] = (t[w]! + 1n) % FIELD_PRIME
      expect(failingConstraints(built.r1cs, t).length, `wire ${w} (${built.r1cs.labels!.get(w)})`).toBeGreaterThan(0)
    }
  })

  it('has the same structure for any inputs (setup-time and prove-time builds agree)', () => {
    const shape = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: true, witness: false } })
    const lone = identityLeaf({ ...secrets, salt: 1n })
    const one = buildIdentityCircuit({
      model,
      threshold: IRIS_THRESHOLD,
      mode: { constraints: false, witness: true },
      inputs: { ...inputs(capture({ strip, seed: 'other' })), salt: 1n, merkleProof: merkleProof({ leaves: [lone], leaf: lone }) },
    })
    expect(one.witness!.length).toBe(shape.r1cs.nWires)
    expect(one.nConstraints).toBe(shape.nConstraints)
    expect(one.publicSignals![0]).toBe(lone) // a one-leaf tree's root is the leaf
  })

  it('has no witness for an impostor capture (the match check fails)', () => {
    const impostor = capture({ strip: irisStrip({ seed: 'someone else' }), seed: 'scan' })
    expect(matchCodes({ code: irisCode({ strip: impostor }), template: secrets.template }).match).toBe(false)
    let err: unknown
    try {
      buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: false, witness: true }, inputs: inputs(impostor) })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(WitnessGenerationError)
    expect((err as WitnessGenerationError).wire).toBe('match')
  })
})

describe('proveIdentity input checks (before any proving)', () => {
  const artifacts = (): IdentityArtifacts => ({
    circuit: { version: IDENTITY_CIRCUIT_VERSION, model, threshold: IRIS_THRESHOLD, merkleDepth: 16, shifts: [-1, 0, 1], codeBits: 512, publicSignals: ['root', 'nullifier', 'scope', 'message'], nConstraints: 0, nWires: 0, nonZeros: 0 },
    zkey: new Uint8Array(),
    vkey: {} as never,
  })
  const base = () => ({ artifacts: artifacts(), capture: capture({ strip, seed: 'scan' }), ...secrets, merkleProof: merkleProof({ leaves, leaf }), scope: 1n, message: 2n })

  it('says "no match" plainly for an impostor', async () => {
    const err = await proveIdentity({ ...base(), capture: capture({ strip: irisStrip({ seed: 'eve' }), seed: 's' }) }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IrisNoMatchError)
    expect((err as Error).message).toMatch(/No match.*no proof can be made/)
    expect((err as Error).message).toMatch(/never left this device/)
  })

  it('rejects a Merkle proof of another leaf, malformed secrets and stale artifacts', async () => {
    await expect(proveIdentity({ ...base(), merkleProof: merkleProof({ leaves, leaf: 7n }) })).rejects.toThrow(InvalidIdentityInputError)
    await expect(proveIdentity({ ...base(), salt: FIELD_PRIME })).rejects.toThrow(/salt/)
    await expect(proveIdentity({ ...base(), template: new Uint8Array(512).fill(2) })).rejects.toThrow(/template/)
    await expect(proveIdentity({ ...base(), capture: new Uint8Array(3) })).rejects.toThrow(/capture/)
    const stale = artifacts()
    stale.circuit.merkleDepth = 20
    await expect(proveIdentity({ ...base(), artifacts: stale })).rejects.toThrow(/do not match/)
  })
})

describe('what the aligned, unchecked capture changes (nothing for honest captures)', () => {
  const code = (s: Uint8Array) => codeFromResponses(irisResponses({ strip: s, geometry: IRIS_GEOMETRY }))

  it('every 8-bit capture has every response inside the code bits’ range, so its code bits are exact', () => {
    const weights = gaborBank(IRIS_GEOMETRY)
    const per = IRIS_GEOMETRY.kernelHeight * IRIS_GEOMETRY.kernelWidth
    for (let f = 0; f < IRIS_GEOMETRY.specs.length; f++) {
      const w = Array.from(weights.subarray(f * per, (f + 1) * per))
      const pos = w.filter((v) => v > 0).reduce((a, v) => a + v, 0)
      const neg = -w.filter((v) => v < 0).reduce((a, v) => a + v, 0)
      // The exact extremes over [0, 255]^72: 255 · Σ positive weights and −255 · Σ |negative weights|.
      expect(255 * pos).toBeLessThan(2 ** 19)
      expect(255 * neg).toBeLessThanOrEqual(2 ** 19)
    }
    // The circuit sizes its decompositions from the same interval: 20 bits, range [−2^19, 2^19).
    const shape = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: true, witness: false } })
    const labels = new Set(shape.r1cs.labels!.values())
    expect(labels.has('code[0].bit19') && !labels.has('code[0].bit20')).toBe(true)
  })

  it('over the first FAR/FRR identities (makeModel’s protocol): rotating the capture rotates its code exactly, so the match rule is unchanged', () => {
    // scripts/identity/makeModel.ts's captures for identities 0..7, in its random order.
    const r = seededRandom('makeModel')
    const randomCapture = (s: Uint8Array, seed: string) => capture({ strip: s, seed, shift: r.int(-1, 1), noise: r.range(4, 12), occlusion: r.range(0, 0.2) })
    const N = 400
    const strips = Array.from({ length: 8 }, (_, k) => irisStrip({ seed: `identity-${k}` }))
    const strip = (k: number) => strips[k] ?? irisStrip({ seed: `identity-${k}` })
    let checked = 0
    for (let k = 0; k < strips.length; k++) {
      const scans = Array.from({ length: 10 }, (_, j) => randomCapture(strip(k), `genuine-${k}-${j}`))
      for (let j = 0; j < 50; j++) {
        let other = r.int(0, N - 2)
        if (other >= k) other++
        const scan = randomCapture(strip(other), `impostor-${k}-${j}`)
        if (j % 10 === 0) scans.push(scan) // a sample of the impostors
      }
      for (const scan of scans) {
        const c = code(scan)
        for (const shift of IRIS_SHIFTS) expect(code(rotateStrip(scan, shift, IRIS_GEOMETRY))).toEqual(shiftCode(c, shift, IRIS_GEOMETRY))
        checked++
      }
    }
    expect(checked).toBe(8 * 15)
  })

  it('the circuit’s code bits are the capture’s at every rotation, also for the extreme 8-bit captures', () => {
    const weights = gaborBank(IRIS_GEOMETRY)
    const taps = responseTaps(IRIS_GEOMETRY, weights)
    // Captures that drive response 0 (filter 0, the largest Σ|w|) to its maximum and minimum.
    const extreme = (sign: number) => {
      const s = new Uint8Array(1024).fill(sign > 0 ? 0 : 255)
      taps[0]!.pixels.forEach((p, i) => (s[p] = taps[0]!.weights[i]! > 0 ? (sign > 0 ? 255 : 0) : sign > 0 ? 0 : 255))
      return s
    }
    for (const scan of [extreme(1), extreme(-1), capture({ strip, seed: 'tilted', shift: 1 })]) {
      const template = shiftCode(code(scan), 0, IRIS_GEOMETRY)
      for (const shift of IRIS_SHIFTS) {
        const built = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: false, witness: true }, inputs: { ...inputs(scan), template: shiftCode(template, shift, IRIS_GEOMETRY), shift } })
        expect(built.code).toEqual(code(scan))
      }
    }
    expect(Math.abs(irisResponses({ strip: extreme(1), geometry: IRIS_GEOMETRY })[0]!)).toBe(382_500)
    expect(() => buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: false, witness: true }, inputs: inputs(capture({ strip, seed: 'x' }), { shift: 2 }) })).toThrow(/shift/)
  })

  it('out-of-range pixels are accepted but prove nothing a template holder cannot prove with an 8-bit capture', () => {
    // 1. The relaxation, shown: the filters sum to zero, so adding any field constant to every pixel
    //    leaves every response, code bit and public signal as it was — and the witness still satisfies.
    const scan = capture({ strip, seed: 'scan', shift: 1 })
    const built = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: true, witness: true }, inputs: inputs(scan) })
    const pixelWires = [...built.r1cs.labels!].filter(([, l]) => /^pixel\[\d+\]$/.test(l)).map(([w]) => w)
    expect(pixelWires).toHaveLength(1024)
    const shifted = [...built.witness!]
    for (const w of pixelWires) shifted[w] = (shifted[w]! + FIELD_PRIME - 1000n) % FIELD_PRIME // pixel − 1000
    expect(failingConstraints(built.r1cs, shifted)).toEqual([])
    expect(shifted.slice(1, 5)).toEqual(built.publicSignals)

    // 2. Nothing gained: the public signals are a function of (template, salt, secret, path, scope,
    //    message) alone, and whoever knows the template makes an 8-bit capture matching it without any
    //    eye (here: back-projection of the template's signs through the filters, then corrections).
    for (const k of [0, 1, 2]) {
      const template = irisCode({ strip: capture({ strip: irisStrip({ seed: `identity-${k}` }), seed: `enroll-${k}` }) })
      const synthetic = synthesize(template)
      expect(hamming(code(synthetic), template)).toBeLessThanOrEqual(IRIS_THRESHOLD)
    }
    const synthetic = synthesize(secrets.template)
    const forged = buildIdentityCircuit({ model, threshold: IRIS_THRESHOLD, mode: { constraints: false, witness: true }, inputs: { ...inputs(synthetic), shift: 0 } })
    expect(failingConstraints(built.r1cs, forged.witness!)).toEqual([])
    expect(forged.publicSignals).toEqual(built.publicSignals)
  })
})

/** An 8-bit capture whose code is within τ of `template`, computed from the template alone. */
function synthesize(template: Uint8Array): Uint8Array {
  const taps = responseTaps(IRIS_GEOMETRY)
  const x = new Float64Array(1024)
  const push = (i: number, step: number) => taps[i]!.pixels.forEach((p, j) => (x[p]! += step * (template[i] ? 1 : -1) * taps[i]!.weights[j]!))
  for (let i = 0; i < taps.length; i++) push(i, 1)
  const toStrip = () => {
    const max = Math.max(...Array.from(x, Math.abs)) || 1
    return Uint8Array.from(x, (v) => Math.max(0, Math.min(255, Math.round(128 + (127 * v) / max))))
  }
  for (let round = 0; round < 20; round++) {
    const c = codeFromResponses(irisResponses({ strip: toStrip(), geometry: IRIS_GEOMETRY }))
    if (hamming(c, template) === 0) break
    for (let i = 0; i < taps.length; i++) if (c[i] !== template[i]) push(i, 1)
  }
  return toStrip()
}
