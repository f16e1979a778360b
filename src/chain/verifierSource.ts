/**
 * Groth16 verifier Solidity from a verification key, rendered from snarkjs's own template
 * (`snarkjs/templates/verifier_groth16.sol.ejs`) by `fillTemplate` (the ejs subset that template
 * uses; byte-identical to the ejs rendering `snarkjs zkey export solidityverifier` does), but from
 * the `vkey.json` in the artifacts.
 *
 * The template text is a parameter and no template engine is imported, so this module stays
 * browser-safe (no `ejs`, no `fs`); in Node, `readGroth16VerifierTemplate()` from `@zkml/web/node`
 * reads the template from the installed snarkjs.
 * Every number of the key is re-printed from a `bigint`, so a crafted key cannot inject Solidity.
 *
 * One addition to snarkjs's contract: `function vkeyHash() external pure returns (bytes32)`, the
 * key's hash as `vkeyHash.ts` defines it, computed from the same constants `verifyProof` uses (the
 * `ZkmlVerified` adapter reads it at deployment and carries it in every event).
 *
 * A key with δ₂ = γ₂ (forgeable by anyone) is refused. A key whose setup is not trusted gets a
 * marker: `string public constant ZKML_SETUP = "INSECURE_DEV: setup not trusted!"` (visible in the
 * source and in the bytecode, where `deployVerifier` looks for it).
 */
import type { Groth16VerificationKey } from '../prove/groth16.js'
import { InvalidVerificationKeyError, InvalidVerifierTemplateError } from '../errors/chain.js'
import type { ForgeableVerificationKeyError } from '../errors/setup.js'
import { fillTemplate } from './fillTemplate.js'
import { assertGammaDeltaDistinct } from '../setup/keyCheck.js'
import { INSECURE_VERIFIER_MARKER } from '../setup/trust.js'


export type RenderVerifierSourceParameters = {
  /** The verification key (`vkey.json`). */
  vkey: Groth16VerificationKey
  /** Text of snarkjs's `verifier_groth16.sol.ejs`. */
  template: string
  /**
   * Set when the key's setup is not trusted (`classifySetup(manifest.setup).trusted === false`):
   * the contract then carries the `INSECURE_DEV` marker and this reason as a comment.
   */
  insecureSetup?: { reason: string } | undefined
}
export type RenderVerifierSourceReturnType = string
export type RenderVerifierSourceErrorType = InvalidVerificationKeyError | ForgeableVerificationKeyError | InvalidVerifierTemplateError

/** Parses a non-negative integer below 2^256 written in decimal; labels failures with `field`. */
function uint(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[0-9]{1,78}$/.test(value))
    throw new InvalidVerificationKeyError({ field, reason: 'expected a decimal integer string' })
  const n = BigInt(value)
  if (n >= 1n << 256n) throw new InvalidVerificationKeyError({ field, reason: 'does not fit in uint256' })
  return n.toString()
}

/** Re-prints a point given as an array of coordinates (G1: [x, y, 1], G2: [[x0, x1], [y0, y1], [1, 0]]). */
function point<T>(value: unknown, field: string, map: (v: unknown, f: string) => T): T[] {
  if (!Array.isArray(value) || value.length < 2)
    throw new InvalidVerificationKeyError({ field, reason: 'expected a curve point (array of coordinates)' })
  return value.map((v, i) => map(v, `${field}[${i}]`))
}
const g1 = (v: unknown, f: string) => point(v, f, uint)
const g2 = (v: unknown, f: string) => point(v, f, (c, cf) => point(c, cf, uint))

/**
 * Renders the Solidity source of the snarkjs Groth16 verifier (`contract Groth16Verifier`) for a key.
 *
 * @param parameters - {@link RenderVerifierSourceParameters}
 * @returns Solidity source; `verifyProof(uint[2], uint[2][2], uint[2], uint[nPublic]) returns (bool)`.
 * @throws {InvalidVerificationKeyError} When the key is not a Groth16 BN254 key or its numbers are malformed.
 * @throws {ForgeableVerificationKeyError} When the key's vk_delta_2 equals vk_gamma_2.
 * @throws {InvalidVerifierTemplateError} When the template is not snarkjs's (a tag outside `fillTemplate`'s subset, no `verifyProof`).
 * @example
 * import { renderVerifierSource } from '@zkml/web/chain'
 * import { readGroth16VerifierTemplate } from '@zkml/web/node'
 * const source = renderVerifierSource({ vkey, template: await readGroth16VerifierTemplate() })
 */
export function renderVerifierSource(parameters: RenderVerifierSourceParameters): RenderVerifierSourceReturnType {
  const { vkey, template, insecureSetup } = parameters
  if (vkey.protocol !== 'groth16')
    throw new InvalidVerificationKeyError({ field: 'protocol', reason: `expected groth16, got ${String(vkey.protocol)}` })
  if (vkey.curve !== 'bn128' && vkey.curve !== 'bn254')
    throw new InvalidVerificationKeyError({ field: 'curve', reason: `expected bn128, got ${String(vkey.curve)}` })
  const nPublic = vkey.nPublic
  if (!Number.isSafeInteger(nPublic) || nPublic < 0)
    throw new InvalidVerificationKeyError({ field: 'nPublic', reason: 'expected a non-negative integer' })
  if (!Array.isArray(vkey.IC) || vkey.IC.length !== nPublic + 1)
    throw new InvalidVerificationKeyError({ field: 'IC', reason: `expected nPublic + 1 = ${nPublic + 1} points` })
  const source = fillTemplate({
    template,
    data: {
      nPublic,
      vk_alpha_1: g1(vkey.vk_alpha_1, 'vk_alpha_1'),
      vk_beta_2: g2(vkey.vk_beta_2, 'vk_beta_2'),
      vk_gamma_2: g2(vkey.vk_gamma_2, 'vk_gamma_2'),
      vk_delta_2: g2(vkey.vk_delta_2, 'vk_delta_2'),
      IC: vkey.IC.map((p, i) => g1(p, `IC[${i}]`)),
    },
  })
  assertGammaDeltaDistinct(vkey)
  const withHash = withVkeyHashFunction(source, nPublic)
  return insecureSetup ? markInsecure(withHash, insecureSetup.reason) : withHash
}

/** The verifier's constant names in `vkeyHash` order (see `vkeyHash.ts`). */
function vkeyConstantNames(nPublic: number): string[] {
  const g2 = (p: string) => [`${p}x1`, `${p}x2`, `${p}y1`, `${p}y2`]
  const ic = Array.from({ length: nPublic + 1 }, (_, i) => [`IC${i}x`, `IC${i}y`]).flat()
  return ['alphax', 'alphay', ...g2('beta'), ...g2('gamma'), ...g2('delta'), ...ic]
}

/** Inserts `vkeyHash()` before `verifyProof` in the rendered snarkjs verifier. */
function withVkeyHashFunction(source: string, nPublic: number): string {
  const at = source.search(/\n[ \t]*function verifyProof\(/)
  if (at < 0) throw new InvalidVerifierTemplateError({ reason: 'the template has no verifyProof function, so vkeyHash() cannot be added' })
  const names = vkeyConstantNames(nPublic)
  const fn = [
    '',
    '    /// @notice keccak256 of this verifier\'s key (the @zkml/web `vkeyHash`): the constants verifyProof uses,',
    '    /// as 32-byte words in the order alpha, beta, gamma, delta (G2 as x1, x2, y1, y2), IC0..ICn.',
    '    function vkeyHash() external pure returns (bytes32 h) {',
    '        assembly {',
    '            let p := mload(0x40)',
    ...names.map((n, i) => `            mstore(add(p, ${i * 32}), ${n})`),
    `            h := keccak256(p, ${names.length * 32})`,
    '        }',
    '    }',
  ].join('\n')
  return source.slice(0, at) + fn + source.slice(at)
}

/** Adds the `INSECURE_DEV` constant (and the reason, as a comment) at the top of the contract. */
function markInsecure(source: string, reason: string): string {
  const head = 'contract Groth16Verifier {'
  const at = source.indexOf(head)
  if (at < 0) throw new InvalidVerifierTemplateError({ reason: 'the template has no `contract Groth16Verifier {`, so it cannot be marked INSECURE_DEV' })
  const comment = reason.replace(/[^\x20-\x7e]/g, ' ').replace(/\*\//g, '* /')
  const marker =
    `\n    // INSECURE_DEV: this key's trusted setup is not trusted (${comment})\n` +
    `    // Do not rely on this verifier in production.\n` +
    `    string public constant ZKML_SETUP = "${INSECURE_VERIFIER_MARKER}";\n`
  return source.slice(0, at + head.length) + marker + source.slice(at + head.length)
}
