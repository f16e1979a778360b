import { describe, expect, it } from 'vitest'
import type { SetupProvenance } from '../compile/manifest.js'
import { checkSetupProvenance, parseManifest } from '../compile/checkManifest.js'
import { ArtifactError } from '../errors/artifact.js'
import { ForgeableVerificationKeyError, InsecureSetupError } from '../errors/setup.js'
import { InvalidVerificationKeyError } from '../errors/chain.js'
import { assertTrustedSetup, classifySetup, hasInsecureVerifierMarker, INSECURE_VERIFIER_MARKER_HEX } from './trust.js'
import { assertGammaDeltaDistinct, gammaEqualsDelta } from './keyCheck.js'

const h64 = (c: string) => c.repeat(128)
const contribution = { name: 'alice', hash: h64('a') }
const beacon = { hash: '0102', iterationsExp: 10, contributionHash: h64('b') }
const ceremony = (contributions: { name: string; hash: string }[], b: typeof beacon | null): SetupProvenance => ({
  kind: 'ceremony',
  power: 8,
  ptauSha256: 'cd'.repeat(32),
  circuitHash: h64('e'),
  contributions,
  beacon: b,
})
const dev: SetupProvenance = { kind: 'dev-insecure', power: 8, circuitHash: h64('e'), contributions: [contribution], beacon: null, note: '' }
const g2 = (x: string) => [[x, '2'], ['3', '4'], ['1', '0']]

describe('classifySetup', () => {
  it.each([
    ['dev (one party)', dev, false, /one-party dev setup.*trusted only as far as that machine/],
    ['ceremony, 0 contributions', ceremony([], null), false, /δ = γ/],
    ['ceremony, beacon only', ceremony([], beacon), false, /public beacon: anyone can recompute δ/],
    ['ceremony, 1 contribution', ceremony([contribution], null), true, /1 secret phase-2 contribution: sound as long as/],
    ['ceremony, 2 contributions + beacon', ceremony([contribution, contribution], beacon), true, /2 secret phase-2 contributions and a public beacon/],
    ['missing', undefined, false, /no recognised setup provenance/],
    ['unknown kind', { kind: 'mystery' }, false, /no recognised/],
    ['version-1 shape (contributions: number)', { kind: 'ceremony', contributions: 1, beacon: false } as unknown as SetupProvenance, false, /no recognised/],
  ])('%s', (_name, setup, trusted, reason) => {
    const t = classifySetup(setup)
    expect(t.trusted).toBe(trusted)
    expect(t.reason).toMatch(reason)
  })
})

describe('assertTrustedSetup', () => {
  it('refuses untrusted setups with InsecureSetupError unless allowed, and δ = γ keys always', () => {
    for (const setup of [dev, ceremony([], null), ceremony([], beacon), undefined]) {
      let err: unknown
      try {
        assertTrustedSetup({ setup, operation: 'verify' })
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(InsecureSetupError)
      expect(err).toMatchObject({ name: 'InsecureSetupError', operation: 'verify', setupKind: setup?.kind ?? 'unknown' })
      expect((err as Error).message).toMatch(/allowInsecureSetup: true.*--allow-insecure-setup/s)
      expect(assertTrustedSetup({ setup, allowInsecureSetup: true, operation: 'verify' }).trusted).toBe(false)
    }
    expect(assertTrustedSetup({ setup: ceremony([contribution], beacon), operation: 'deploy' }).trusted).toBe(true)
    const forgeable = { vk_gamma_2: g2('1'), vk_delta_2: g2('1') }
    expect(() => assertTrustedSetup({ setup: ceremony([contribution], null), vkey: forgeable, operation: 'deploy' })).toThrow(ForgeableVerificationKeyError)
    expect(() => assertTrustedSetup({ setup: dev, vkey: forgeable, allowInsecureSetup: true, operation: 'verify' })).toThrow(ForgeableVerificationKeyError)
    expect(() => assertTrustedSetup({ setup: dev, vkey: { vk_gamma_2: g2('1'), vk_delta_2: g2('9') }, allowInsecureSetup: true, operation: 'verify' })).not.toThrow()
  })
})

describe('gammaEqualsDelta', () => {
  it('compares points canonically (mod q, any decimal spelling) and rejects malformed or projective points', () => {
    const q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n
    expect(gammaEqualsDelta({ vk_gamma_2: g2('5'), vk_delta_2: g2(String(5n + q)) })).toBe(true)
    expect(gammaEqualsDelta({ vk_gamma_2: g2('5'), vk_delta_2: g2('005') })).toBe(true)
    expect(gammaEqualsDelta({ vk_gamma_2: g2('5'), vk_delta_2: g2('6') })).toBe(false)
    expect(() => gammaEqualsDelta({ vk_gamma_2: g2('5'), vk_delta_2: [['5', '2'], ['3', '4'], ['2', '0']] })).toThrow(InvalidVerificationKeyError)
    expect(() => gammaEqualsDelta({ vk_gamma_2: g2('5') })).toThrow(InvalidVerificationKeyError)
    expect(() => assertGammaDeltaDistinct({ vk_gamma_2: g2('x'), vk_delta_2: g2('5') })).toThrow(InvalidVerificationKeyError)
  })
})

describe('verifier marker', () => {
  it('finds INSECURE_DEV in bytecode hex', () => {
    expect(hasInsecureVerifierMarker(`0x6080${INSECURE_VERIFIER_MARKER_HEX.toUpperCase()}00`)).toBe(true)
    expect(hasInsecureVerifierMarker('0x608060405234801561001057600080fd5b50')).toBe(false)
  })
})

describe('manifest setup records', () => {
  const manifest = (version: number, setup: unknown) => JSON.stringify({ format: 'zkml-artifacts', version, files: {}, setup })
  it('parses version 2 with a well-formed record; refuses version 1 with a clear message, and malformed records', () => {
    expect(parseManifest(manifest(2, dev)).setup).toEqual(dev)
    expect(parseManifest(manifest(2, ceremony([contribution], beacon))).setup.kind).toBe('ceremony')
    let old: unknown
    try {
      parseManifest(manifest(1, { kind: 'dev-insecure', power: 8, note: '' }))
    } catch (e) {
      old = e
    }
    expect(old).toBeInstanceOf(ArtifactError)
    expect((old as ArtifactError).shortMessage).toMatch(/older @zkml\/web \(manifest version 1\); recompile/)
    for (const bad of [undefined, { ...dev, kind: 'x' }, { ...dev, contributions: 1 }, { ...dev, contributions: [{ name: 'a', hash: 'zz' }] }, { ...dev, beacon }, { ...ceremony([], null), beacon: { hash: '' } }, { ...ceremony([], null), ptauSha256: 'ab' }])
      expect(() => checkSetupProvenance(bad)).toThrow(ArtifactError)
  })
})
