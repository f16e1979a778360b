/**
 * The setup-trust policy: one place that decides whether a key's trusted setup can be relied on,
 * used by every prover, verifier and deployer of @zkml/web (`zkml verify/deploy/submit`, the Node
 * `verify`, the browser `createProver`/`proveInference`/`verifyInference`, `deployVerifier`,
 * `npm start`).
 *
 * Trusted: a `ceremony` key (a public ceremony ptau) with at least one secret phase-2 contribution
 * (a beacon after them is fine). Sound as long as the ceremony and one contributor were honest.
 * Not trusted, refused unless the caller opts in (`allowInsecureSetup: true` /
 * `--allow-insecure-setup`):
 * - `dev-insecure`: a one-party setup; whoever ran it (and whatever controlled that machine at the
 *   time) could forge proofs; trusted only as far as that machine;
 * - a ceremony key with 0 contributions (δ = γ: forgeable by anyone holding vkey.json);
 * - a beacon-only ceremony key (δ comes from the public beacon: forgeable by anyone);
 * - anything unrecognised.
 * Independently, a verification key with δ₂ = γ₂ is refused always ({@link assertGammaDeltaDistinct}).
 *
 * Browser-safe and dependency-free (types and errors only).
 */
import type { SetupProvenance } from '../compile/manifest.js'
import { InsecureSetupError, type SetupOperation } from '../errors/setup.js'
import { assertGammaDeltaDistinct, type GammaDeltaKey } from './keyCheck.js'

export type { SetupOperation } from '../errors/setup.js'

/** The policy's verdict on a setup. */
export type SetupTrust = {
  trusted: boolean
  /** `manifest.setup.kind`, or `unknown`. */
  kind: string
  /** One sentence: why it is (not) trusted. */
  reason: string
}

/**
 * Classifies a manifest's setup provenance.
 * @param setup `manifest.setup` (anything: unknown shapes are not trusted).
 * @returns {@link SetupTrust}
 * @example classifySetup(manifest.setup).trusted
 */
export function classifySetup(setup: SetupProvenance | { kind: string } | undefined | null): SetupTrust {
  const s = setup as { kind?: unknown; contributions?: unknown; beacon?: unknown } | undefined | null
  const kind = typeof s?.kind === 'string' ? s.kind : 'unknown'
  if (kind === 'dev-insecure')
    return { trusted: false, kind, reason: 'one-party dev setup: the machine that compiled these artifacts drew the secrets and could forge proofs; it is trusted only as far as that machine.' }
  if (kind !== 'ceremony' || !Array.isArray(s?.contributions))
    return { trusted: false, kind, reason: 'the manifest records no recognised setup provenance.' }
  const n = s.contributions.length
  const beacon = s.beacon !== null && s.beacon !== undefined
  if (n === 0 && beacon)
    return { trusted: false, kind, reason: 'ceremony key whose only phase-2 randomness is the public beacon: anyone can recompute δ and forge proofs.' }
  if (n === 0)
    return { trusted: false, kind, reason: 'ceremony key without a phase-2 contribution: δ = γ, so anyone holding vkey.json can forge proofs.' }
  return {
    trusted: true,
    kind,
    reason: `ceremony ptau with ${n} secret phase-2 contribution${n === 1 ? '' : 's'}${beacon ? ' and a public beacon' : ''}: sound as long as the ceremony and one contributor were honest.`,
  }
}

/** Parameters of {@link assertTrustedSetup}. */
export type AssertTrustedSetupParameters = {
  /** `manifest.setup`. */
  setup: SetupProvenance | { kind: string } | undefined | null
  /** The verification key, when at hand: δ₂ = γ₂ is refused whatever `allowInsecureSetup` says. */
  vkey?: GammaDeltaKey | undefined
  /** Accept an untrusted setup (development, tests, demos). */
  allowInsecureSetup?: boolean | undefined
  /** What the caller is about to do (for the error message). */
  operation: SetupOperation
}

/**
 * Applies the policy: refuses a forgeable verification key always, and an untrusted setup unless
 * `allowInsecureSetup` is set.
 * @param params {@link AssertTrustedSetupParameters}
 * @returns the {@link SetupTrust} verdict (callers print a warning when it is not trusted but allowed).
 * @throws {InsecureSetupError} when the setup is not trusted and not allowed.
 * @throws {ForgeableVerificationKeyError} when the key has δ₂ = γ₂.
 * @example
 * const trust = assertTrustedSetup({ setup: manifest.setup, vkey, allowInsecureSetup: false, operation: 'verify' })
 */
export function assertTrustedSetup({ setup, vkey, allowInsecureSetup, operation }: AssertTrustedSetupParameters): SetupTrust {
  if (vkey !== undefined) assertGammaDeltaDistinct(vkey, 'vkey.json')
  const trust = classifySetup(setup)
  if (!trust.trusted && allowInsecureSetup !== true) throw new InsecureSetupError({ setupKind: trust.kind, reason: trust.reason, operation })
  return trust
}

/**
 * The marker a generated Solidity verifier carries (as `string public constant ZKML_SETUP`) when its
 * key's setup is not trusted; `deployVerifier` refuses bytecode containing it unless allowed.
 * Exactly 32 bytes ending in an odd byte, so solc keeps it as one verbatim PUSH32 (a shorter string
 * would be left-aligned with trailing zero bits, which the optimizer emits shifted).
 */
export const INSECURE_VERIFIER_MARKER = 'INSECURE_DEV: setup not trusted!'

/** The marker's bytes as lowercase hex (how it appears inside contract bytecode). */
export const INSECURE_VERIFIER_MARKER_HEX = Array.from(new TextEncoder().encode(INSECURE_VERIFIER_MARKER), (b) => b.toString(16).padStart(2, '0')).join('')

/**
 * True when compiled verifier bytecode carries {@link INSECURE_VERIFIER_MARKER}.
 * @param bytecode 0x-prefixed hex.
 */
export function hasInsecureVerifierMarker(bytecode: string): boolean {
  return bytecode.toLowerCase().includes(INSECURE_VERIFIER_MARKER_HEX)
}
