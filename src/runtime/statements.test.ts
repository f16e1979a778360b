/**
 * The statement machinery in Node (no Worker, no Cache Storage): loaders refuse a set of another
 * statement, the identity manifest's own fields are checked, and the prover worker's API proves the
 * statement it holds (the model statement here, on a small compiled MLP; the identity statement
 * runs in `test/identity/registry.test.ts` against a real registry).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileModel } from '../compile/compileModel.js'
import { parseManifest } from '../compile/checkManifest.js'
import type { Manifest } from '../compile/manifest.js'
import { ArtifactError } from '../errors/artifact.js'
import { ProverNotInitializedError, StatementMismatchError } from '../errors/statement.js'
import { releaseSnarkjs, verifyGroth16 } from '../prove/groth16.js'
import { mlpOnnx, randomSamples } from '../../test/fixtures/models.js'
import { sha256Hex, utf8 } from '../utils/hex.js'
import { loadArtifacts } from './loadArtifacts.js'
import type { StatementOutput } from './statements.js'
import { deserializeError } from './workerErrors.js'
import { proverWorkerApi } from './worker/prover.js'
import { loadStatement } from './worker/statements.js'

const files: Record<string, Uint8Array> = { 'circuit.json': utf8('{}'), 'circuit.zkey': new Uint8Array([1, 2, 3]), 'vkey.json': utf8('{}'), 'model.onnx': new Uint8Array([4]) }
const common = {
  format: 'zkml-artifacts',
  version: 2,
  setup: { kind: 'dev-insecure', power: 10, circuitHash: 'ab'.repeat(64), contributions: [{ name: 'dev', hash: 'cd'.repeat(64) }], beacon: null, note: '' },
  files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, { sha256: sha256Hex(v), size: v.length }])),
}
const identityManifest = { ...common, statement: 'identity', identity: { threshold: 146, codeBits: 512, merkleDepth: 16, shifts: [-1, 0, 1], publicSignals: ['root', 'nullifier', 'scope', 'message'] } }

/** Rejects (or throws) with the error, deserialized when it crossed the worker boundary. */
const caught = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (e) {
    return deserializeError(e)
  }
  throw new Error('expected a rejection')
}

describe('loaders check the statement an artifact set names', () => {
  it('loads an identity set as identity, and refuses it where a model is expected (and vice versa)', async () => {
    const loaded = await loadArtifacts({ source: { manifest: identityManifest as never, files }, statement: 'identity', include: ['circuit', 'zkey'] })
    expect(loaded.manifest.identity.threshold).toBe(146)
    expect(loaded.files.circuit).toEqual(files['circuit.json'])

    const asModel = await caught(loadArtifacts({ source: { manifest: identityManifest as never, files } }))
    expect(asModel).toBeInstanceOf(StatementMismatchError)
    expect(asModel).toMatchObject({ expected: 'model', actual: 'identity' })
    expect(await caught(() => parseManifest(JSON.stringify(identityManifest)))).toBeInstanceOf(StatementMismatchError)

    // A model set (no `statement` field) is not an identity set, and a loaded set keeps its statement.
    const modelSet = await loadArtifacts({ source: { manifest: common as never, files }, include: ['circuit'] })
    expect(await caught(loadArtifacts({ source: { manifest: common as never, files }, statement: 'identity' }))).toMatchObject({ name: 'StatementMismatchError', expected: 'identity', actual: 'model' })
    expect(await caught(loadArtifacts({ source: modelSet, statement: 'identity' }))).toBeInstanceOf(StatementMismatchError)
    expect(await caught(loadArtifacts({ source: loaded, statement: 'model' }))).toBeInstanceOf(StatementMismatchError)
  })

  it('refuses an unknown statement, an identity set without its section or with other constants, and a file that differs', async () => {
    expect(await caught(loadArtifacts({ source: { manifest: { ...common, statement: 'voting' } as never, files }, statement: 'identity' }))).toMatchObject({ name: 'StatementMismatchError', actual: 'voting' })
    const { identity: _, ...bare } = identityManifest
    expect(await caught(loadArtifacts({ source: { manifest: bare as never, files }, statement: 'identity' }))).toMatchObject({ name: 'ArtifactError', shortMessage: expect.stringMatching(/no identity section/) })
    const deeper = { ...identityManifest, identity: { ...identityManifest.identity, merkleDepth: 20 } }
    expect(await caught(loadArtifacts({ source: { manifest: deeper as never, files }, statement: 'identity' }))).toBeInstanceOf(ArtifactError)
    const tampered = { ...files, 'circuit.zkey': new Uint8Array([1, 2, 4]) }
    expect(await caught(loadArtifacts({ source: { manifest: identityManifest as never, files: tampered }, statement: 'identity' }))).toMatchObject({ name: 'ArtifactHashMismatchError' })
  })

  it('the worker registry knows model and identity, and nothing else', async () => {
    expect((await loadStatement('model')).kind).toBe('model')
    expect((await loadStatement('identity')).kind).toBe('identity')
    expect(await caught(loadStatement('voting' as never))).toBeInstanceOf(StatementMismatchError)
  })
})

describe('the prover worker API proves the statement it holds (model statement, Node)', () => {
  let set: { manifest: Manifest; files: Record<string, Uint8Array> }
  const input = { input: Array.from({ length: 6 }, (_, i) => (i % 3) / 4) }
  beforeAll(async () => {
    set = await compileModel({ model: mlpOnnx({ sizes: [6, 4, 3] }), calibration: randomSamples({ size: 6, count: 4 }), setup: { kind: 'dev' } })
  })
  afterAll(releaseSnarkjs)

  it('refuses to prove before init, and refuses a circuit of another statement', async () => {
    expect(await caught(proverWorkerApi.proveStatement(input))).toBeInstanceOf(ProverNotInitializedError)
    const err = await caught(proverWorkerApi.init({ circuit: set.files['circuit.json']!, zkey: set.files['circuit.zkey']!, statement: 'identity', warm: false }))
    expect(err).toBeInstanceOf(ArtifactError)
    expect((err as Error).message).toMatch(/identity artifacts do not match/)
  })

  it('proveStatement and the model-shaped prove give valid proofs of the same statement', async () => {
    await proverWorkerApi.init({ circuit: set.files['circuit.json']!, zkey: set.files['circuit.zkey']!, statement: 'model', warm: false })
    const vkey = JSON.parse(new TextDecoder().decode(set.files['vkey.json']!))
    const generic = await proverWorkerApi.proveStatement({ ...input, clamp: true })
    const output = generic.output as StatementOutput<'model'>
    expect(generic.warm).toBe(false)
    expect(Object.keys(output.circuitOutput)).toEqual(['logits'])
    expect(await verifyGroth16({ vkey, proof: generic.proof, publicSignals: generic.publicSignals })).toBe(true)
    const legacy = await proverWorkerApi.prove({ input: { input: input.input }, clamp: true })
    expect(legacy.circuitOutput).toEqual(output.circuitOutput)
    expect(legacy.publicSignals).toEqual(generic.publicSignals)
    expect(await verifyGroth16({ vkey, proof: legacy.proof, publicSignals: legacy.publicSignals })).toBe(true)
    expect((await proverWorkerApi.proveStatement({ ...input, clamp: true })).warm).toBe(true)
  })
})
