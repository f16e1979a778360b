/**
 * Pure tests of proof encoding and verifier source rendering (no chain, no solc).
 */
import { describe, expect, it } from 'vitest'
import { groth16VerifierAbi, renderVerifierSource, toCalldata } from '../../src/chain/index.js'
import type { Groth16VerificationKey } from '../../src/chain/index.js'
import { InvalidProofFormatError, InvalidVerificationKeyError } from '../../src/errors/chain.js'
import { ForgeableVerificationKeyError } from '../../src/errors/setup.js'
import { readGroth16VerifierTemplate } from '../../src/node/verifierTemplate.js'
import { encodeFunctionData, toFunctionSelector } from 'viem'

const proof = {
  pi_a: ['11', '12', '1'],
  pi_b: [['21', '22'], ['23', '24'], ['1', '0']],
  pi_c: ['31', '32', '1'],
  protocol: 'groth16',
  curve: 'bn128',
}

describe('toCalldata', () => {
  it('swaps each G2 coordinate to [c1, c0] (EIP-197) and parses decimal strings', () => {
    expect(toCalldata(proof, ['7', '8'])).toEqual([
      [11n, 12n],
      [
        [22n, 21n],
        [24n, 23n],
      ],
      [31n, 32n],
      [7n, 8n],
    ])
  })

  it('accepts bigints and hex strings', () => {
    const [a, , , s] = toCalldata({ ...proof, pi_a: [11n, '0xc', 1n] }, [0n, '0x10'])
    expect(a).toEqual([11n, 12n])
    expect(s).toEqual([0n, 16n])
  })

  it.each([
    ['a non-numeric signal', proof, ['1', 'abc'], 'publicSignals[1]'],
    ['a negative signal', proof, [-1n], 'publicSignals[0]'],
    ['a signal ≥ 2^256', proof, [(1n << 256n).toString()], 'publicSignals[0]'],
    ['a projective G1 point', { ...proof, pi_a: ['11', '12', '2'] }, [], 'proof.pi_a'],
    ['a projective G2 point', { ...proof, pi_b: [['21', '22'], ['23', '24'], ['0', '1']] }, [], 'proof.pi_b'],
    ['a G2 coordinate of the wrong length', { ...proof, pi_b: [['21'], ['23', '24'], ['1', '0']] }, [], 'proof.pi_b[0]'],
    ['a missing point', { ...proof, pi_c: [] as string[] }, [], 'proof.pi_c'],
  ])('rejects %s', (_label, p, signals, field) => {
    let err: unknown
    try {
      toCalldata(p, signals as string[])
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InvalidProofFormatError)
    expect((err as InvalidProofFormatError).field).toBe(field)
  })
})

describe('groth16VerifierAbi', () => {
  it('matches the snarkjs verifier selector for N signals', () => {
    expect(toFunctionSelector(groth16VerifierAbi(3)[0])).toBe(
      toFunctionSelector('verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[3])'),
    )
    const data = encodeFunctionData({ abi: groth16VerifierAbi(2 as number), functionName: 'verifyProof', args: toCalldata(proof, ['7', '8']) })
    expect((data.length - 2) / 2).toBe(4 + 32 * (2 + 4 + 2 + 2)) // static words only, no length prefix
  })
})

describe('renderVerifierSource', () => {
  const g2 = [['1', '2'], ['3', '4'], ['1', '0']]
  const vkey: Groth16VerificationKey = {
    protocol: 'groth16',
    curve: 'bn128',
    nPublic: 2,
    vk_alpha_1: ['101', '102', '1'],
    vk_beta_2: g2,
    vk_gamma_2: g2,
    vk_delta_2: [['5', '6'], ['7', '8'], ['1', '0']],
    IC: [['201', '202', '1'], ['203', '204', '1'], ['205', '206', '1']],
  }

  it('renders snarkjs’s template with the key’s numbers and N public signals', async () => {
    const source = renderVerifierSource({ vkey, template: await readGroth16VerifierTemplate() })
    expect(source).toContain('contract Groth16Verifier')
    expect(source).toContain('uint256 constant alphax  = 101;')
    expect(source).toContain('uint256 constant betax1  = 2;') // G2 x.c1 first, as the template orders it
    expect(source).toContain('uint256 constant IC2y = 206;')
    expect(source).toContain('uint[2] calldata _pubSignals')
    expect(source).not.toContain('INSECURE_DEV')
  })

  it('refuses a key with δ = γ (forgeable by anyone), however its coordinates are written', async () => {
    const template = await readGroth16VerifierTemplate()
    expect(() => renderVerifierSource({ vkey: { ...vkey, vk_delta_2: g2 }, template })).toThrow(ForgeableVerificationKeyError)
    const same = [['01', '2'], ['3', '4'], ['1', '0']]
    expect(() => renderVerifierSource({ vkey: { ...vkey, vk_delta_2: same }, template })).toThrow(ForgeableVerificationKeyError)
  })

  it('marks the contract INSECURE_DEV for an untrusted setup, keeping the reason printable', async () => {
    const template = await readGroth16VerifierTemplate()
    const source = renderVerifierSource({ vkey, template, insecureSetup: { reason: 'one-party dev setup */ contract X {\n' } })
    expect(source).toMatch(/contract Groth16Verifier \{\n {4}\/\/ INSECURE_DEV: [^\n]*\n {4}\/\/ Do not rely[^\n]*\n {4}string public constant ZKML_SETUP = "INSECURE_DEV: setup not trusted!";/)
    expect(source).not.toContain('*/ contract X')
    // The reason stays inside one `//` comment line (no newline, no block-comment end).
    expect(source.split('\n').filter((l) => l.includes('contract X'))).toEqual([expect.stringMatching(/^ {4}\/\/ INSECURE_DEV: /)])
  })

  it.each([
    ['protocol', { protocol: 'plonk' }],
    ['curve', { curve: 'bls12381' }],
    ['IC', { nPublic: 3 }],
    ['vk_alpha_1[0]', { vk_alpha_1: ['1; } contract Evil {', '2', '1'] }],
    ['vk_beta_2[1][0]', { vk_beta_2: [['1', '2'], ['0x3', '4'], ['1', '0']] }],
  ])('rejects a bad %s (no Solidity injection)', async (field, patch) => {
    const template = await readGroth16VerifierTemplate()
    let err: unknown
    try {
      renderVerifierSource({ vkey: { ...vkey, ...patch } as Groth16VerificationKey, template })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InvalidVerificationKeyError)
    expect((err as InvalidVerificationKeyError).field).toBe(field)
  })
})
