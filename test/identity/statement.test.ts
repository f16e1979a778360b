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
    expect(built.nConstraints).toBeLessThan(2 ** 15 - 5) // fits a 2^15 domain

    // Tampering: public signals, code bits, template bits, pixels, Merkle siblings, and a sample of all wires.
    const labels = [...built.r1cs.labels!]
    const byLabel = (l: string) => labels.find(([, x]) => x === l)![0]
    const targets = [1, 2, 3, 4, byLabel('code[0].bit19'), byLabel('code[300].bit19'), byLabel('template[5].bit0'), byLabel('capture[77].bit3'), byLabel('pixel[500]'), byLabel('merkle.sibling[0]'), byLabel('salt'), byLabel('secret')]
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
