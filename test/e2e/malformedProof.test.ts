/**
 * A malformed proof object, handed to any verify path, is a typed `InvalidProofError` naming the
 * field — never a TypeError from inside snarkjs, never `false`. A well-formed proof that does not
 * hold (an off-curve or wrong point) is a negative result instead.
 * Paths: `verifyGroth16`, `verifyWithArtifacts`, `zkml verify` (`verify`), the browser runtime's
 * main-thread check (`verifiableProof`, run by `verifyInference` / `prover.verify`), the prover
 * worker's `verify`, and `toCalldata` (chain).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compile } from '../../src/node/compile.js'
import { prove, verify } from '../../src/node/prove.js'
import { loadArtifactDir, type LoadArtifactDirReturnType } from '../../src/node/artifacts.js'
import { releaseSnarkjs, verifyGroth16 } from '../../src/prove/groth16.js'
import { verifyWithArtifacts } from '../../src/prove/verify.js'
import { verifiableProof } from '../../src/runtime/verifiableResult.js'
import { verifyInWorker } from '../../src/runtime/worker/prover.js'
import { toCalldata } from '../../src/chain/toCalldata.js'
import { BASE_FIELD_PRIME } from '../../src/circuit/field.js'
import { FIELD_PRIME } from '../../src/circuit/field.js'
import { InvalidProofError } from '../../src/errors/prove.js'
import { InvalidProofFormatError } from '../../src/errors/chain.js'
import type { ProofFile } from '../../src/prove/prove.js'
import { mlpOnnx, randomSamples } from '../fixtures/models.js'

let dir: string
let art: LoadArtifactDirReturnType
let good: ProofFile
let files: { circuit: Uint8Array; vkey: Uint8Array }

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zkml-malformed-'))
  const s = randomSamples({ size: 8, count: 4 })
  await writeFile(join(dir, 'm.onnx'), mlpOnnx({ sizes: [8, 4, 3] }))
  await writeFile(join(dir, 'cal.json'), JSON.stringify({ input_data: [s.flatMap((x) => Array.from(x.input!))] }))
  await compile({ model: join(dir, 'm.onnx'), calibration: join(dir, 'cal.json'), out: join(dir, 'art'), verifier: false, ortReference: false })
  art = await loadArtifactDir(join(dir, 'art'))
  good = await prove({ dir: join(dir, 'art'), input: Array.from(s[0]!.input!) })
  files = { circuit: new Uint8Array(await readFile(join(dir, 'art', 'circuit.json'))), vkey: new Uint8Array(await readFile(join(dir, 'art', 'vkey.json'))) }
}, 120_000)
afterAll(async () => {
  await releaseSnarkjs()
  await rm(dir, { recursive: true, force: true })
})

const Q = BASE_FIELD_PRIME.toString()

/** Malformed proofs: [label, proof, field the error must name]. */
const badProofs = (): [string, unknown, string][] => {
  const p = good.proof
  return [
    ['null', null, 'proof'],
    ['a string', 'proof', 'proof'],
    ['an array', [p.pi_a, p.pi_b, p.pi_c], 'proof'],
    ['no pi_a', { pi_b: p.pi_b, pi_c: p.pi_c }, 'proof.pi_a'],
    ['empty pi_a', { ...p, pi_a: [] }, 'proof.pi_a'],
    ['pi_a of numbers', { ...p, pi_a: p.pi_a.map(Number) }, 'proof.pi_a[0]'],
    ['pi_a hex', { ...p, pi_a: [`0x${BigInt(p.pi_a[0]!).toString(16)}`, p.pi_a[1], '1'] }, 'proof.pi_a[0]'],
    ['pi_a leading zero', { ...p, pi_a: [`0${p.pi_a[0]}`, p.pi_a[1], '1'] }, 'proof.pi_a[0]'],
    ['pi_a negative', { ...p, pi_a: [`-${p.pi_a[0]}`, p.pi_a[1], '1'] }, 'proof.pi_a[0]'],
    ['pi_a ≥ q', { ...p, pi_a: [Q, p.pi_a[1], '1'] }, 'proof.pi_a[0]'],
    ['pi_a z = 2', { ...p, pi_a: [p.pi_a[0], p.pi_a[1], '2'] }, 'proof.pi_a'],
    ['pi_b flat', { ...p, pi_b: p.pi_b.flat() }, 'proof.pi_b'],
    ['pi_b coordinate object', { ...p, pi_b: [{ c0: '1' }, p.pi_b[1], p.pi_b[2]] }, 'proof.pi_b[0]'],
    ['pi_b z wrong', { ...p, pi_b: [p.pi_b[0], p.pi_b[1], ['0', '1']] }, 'proof.pi_b'],
    ['pi_c missing', { ...p, pi_c: undefined }, 'proof.pi_c'],
    ['protocol plonk', { ...p, protocol: 'plonk' }, 'proof.protocol'],
    ['curve bls12381', { ...p, curve: 'bls12381' }, 'proof.curve'],
  ]
}

/** Malformed public-signal arrays: [label, signals, field]. */
const badSignals = (): [string, unknown, string][] => [
  ['not an array', '1,2,3', 'publicSignals'],
  ['one too few', good.publicSignals.slice(1), 'publicSignals'],
  ['one too many', [...good.publicSignals, '0'], 'publicSignals'],
  ['a number', [Number(good.publicSignals[0]), ...good.publicSignals.slice(1)], 'publicSignals[0]'],
  ['hex', ['0x01', ...good.publicSignals.slice(1)], 'publicSignals[0]'],
  ['negative', ['-1', ...good.publicSignals.slice(1)], 'publicSignals[0]'],
  ['≥ r (an alias of the same field element)', [(BigInt(good.publicSignals[0]!) + FIELD_PRIME).toString(), ...good.publicSignals.slice(1)], 'publicSignals[0]'],
  ['null', [null, ...good.publicSignals.slice(1)], 'publicSignals[0]'],
]

/** Every verify path, as `(proof, publicSignals) => Promise<unknown>`. */
const paths: [string, (proof: unknown, publicSignals: unknown) => Promise<unknown>][] = [
  ['verifyGroth16', (proof, publicSignals) => verifyGroth16({ vkey: art.vkey, proof, publicSignals: publicSignals as string[] })],
  ['verifyWithArtifacts', (proof, publicSignals) => verifyWithArtifacts({ circuit: art.circuit, vkey: art.vkey, proofFile: { proof, publicSignals: publicSignals as string[] } })],
  ['zkml verify', (proof, publicSignals) => verify({ dir: join(dir, 'art'), proof: { proof, publicSignals: publicSignals as string[] }, allowInsecureSetup: true })],
  ['worker verify', (proof, publicSignals) => verifyInWorker({ ...files, proofFile: { proof, publicSignals: publicSignals as string[] } })],
]

/** Expects a rejection with InvalidProofError naming `field`. */
async function expectInvalidProof(run: () => Promise<unknown>, field: string): Promise<void> {
  const err = await run().then(
    (v) => ({ resolved: v }),
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(InvalidProofError)
  expect((err as InvalidProofError).field).toBe(field)
}

describe('malformed proofs are InvalidProofError on every verify path', () => {
  for (const [name, run] of paths) {
    it(`${name}: malformed proof objects`, async () => {
      for (const [label, proof, field] of badProofs()) await expectInvalidProof(() => run(proof, good.publicSignals), field).catch((e) => Promise.reject(new Error(`${label}: ${e}`)))
    })
    it(`${name}: malformed public signals`, async () => {
      for (const [label, signals, field] of badSignals()) await expectInvalidProof(() => run(good.proof, signals), field).catch((e) => Promise.reject(new Error(`${label}: ${e}`)))
    })
  }

  it('the runtime refuses a malformed proof on the main thread, before loading anything', () => {
    for (const [, proof, field] of badProofs()) {
      const err = (() => {
        try {
          verifiableProof({ proof: proof as never, publicSignals: good.publicSignals })
        } catch (e) {
          return e
        }
      })()
      expect(err).toBeInstanceOf(InvalidProofError)
      expect((err as InvalidProofError).field).toBe(field)
    }
    expect(() => verifiableProof(null as never)).toThrow(InvalidProofError)
    expect(() => verifiableProof({ proof: good.proof, publicSignals: 'x' as never })).toThrow(InvalidProofError)
    // It forwards only what a verifier reads (never a prover's input salt).
    expect(Object.keys(verifiableProof({ ...good, inputSalt: '5' } as never)).sort()).toEqual(['circuitOutput', 'outputIntegers', 'proof', 'publicSignals'])
  })

  it('toCalldata: InvalidProofFormatError is an InvalidProofError', () => {
    const err = (() => {
      try {
        toCalldata({ ...good.proof, pi_a: [] }, good.publicSignals)
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(InvalidProofFormatError)
    expect(err).toBeInstanceOf(InvalidProofError)
  })

  it('well-formed but wrong proofs are negative results, not errors', async () => {
    const offCurve = { ...good.proof, pi_a: ['1', '3', '1'] }
    const swapped = { ...good.proof, pi_a: good.proof.pi_c, pi_c: good.proof.pi_a }
    for (const proof of [offCurve, swapped]) {
      expect(await verifyGroth16({ vkey: art.vkey, proof, publicSignals: good.publicSignals })).toBe(false)
      expect(await verify({ dir: join(dir, 'art'), proof: { ...good, proof }, allowInsecureSetup: true })).toEqual({ valid: false, reason: 'proof' })
    }
    expect(await verify({ dir: join(dir, 'art'), proof: good, allowInsecureSetup: true })).toMatchObject({ valid: true })
  })
})
