/**
 * Errors of the trusted-setup policy: keys whose setup nobody can vouch for, and verification keys
 * that admit a forgery by construction. Each class stores its structured fields; narrow on `name`.
 */
import { ZkmlError } from './base.js'

/** What a caller was about to do with the artifacts when the setup policy refused them. */
export type SetupOperation = 'prove' | 'verify' | 'deploy' | 'submit' | 'serve'

/**
 * The artifacts' trusted setup is not one the policy trusts (see `classifySetup`): a one-party dev
 * setup, a ceremony key without a secret phase-2 contribution (γ = δ), a beacon-only one, or a
 * manifest that records no usable provenance. Refused unless the caller opts in explicitly with
 * `allowInsecureSetup: true` (library) or `--allow-insecure-setup` (CLI).
 */
export class InsecureSetupError extends ZkmlError {
  override name = 'InsecureSetupError'
  /** `manifest.setup.kind` (or `unknown`). */
  readonly setupKind: string
  /** Why the setup is not trusted, in one sentence. */
  readonly reason: string
  readonly operation: SetupOperation
  constructor({ setupKind, reason, operation }: { setupKind: string; reason: string; operation: SetupOperation }) {
    super(`Refusing to ${operation} with these artifacts: their trusted setup is not trusted.`, {
      details: reason,
      metaMessages: [
        `manifest.setup.kind: ${setupKind}`,
        'For production, compile with a ceremony ptau and at least one secret phase-2 contribution (zkml compile --ptau FILE).',
        'For development and tests only, opt in with `allowInsecureSetup: true` (library) or --allow-insecure-setup (CLI).',
      ],
      docsPath: 'README.md#trusted-setup',
    })
    this.setupKind = setupKind
    this.reason = reason
    this.operation = operation
  }
}
export type InsecureSetupErrorType = InsecureSetupError & { name: 'InsecureSetupError' }

/**
 * A Groth16 verification key with vk_delta_2 == vk_gamma_2 (e.g. `snarkjs zkey new` output without
 * a phase-2 contribution). Anyone holding it forges a proof of any public signals with A = α, B = β,
 * C = −vk_x, so such a key is refused everywhere, with no opt-out.
 */
export class ForgeableVerificationKeyError extends ZkmlError {
  override name = 'ForgeableVerificationKeyError'
  readonly reason: 'gamma-equals-delta'
  constructor({ where }: { where?: string | undefined } = {}) {
    super('This verification key has δ = γ: anyone holding it can forge proofs.', {
      details: 'With vk_delta_2 == vk_gamma_2 the proof A = α, B = β, C = −vk_x verifies for any public signals. The key needs a secret phase-2 contribution (a random δ).',
      metaMessages: [
        ...(where ? [`Key: ${where}`] : []),
        'Recompile with this version of @zkml/web (the dev setup draws a secret δ; --ptau adds a contribution), or run `snarkjs zkey contribute` on the key.',
      ],
      docsPath: 'README.md#trusted-setup',
    })
    this.reason = 'gamma-equals-delta'
  }
}
export type ForgeableVerificationKeyErrorType = ForgeableVerificationKeyError & { name: 'ForgeableVerificationKeyError' }

/** A setup input is unusable (wrong file kind, circuit too large for the ptau, …) or snarkjs failed. */
export class SetupError extends ZkmlError {
  override name = 'SetupError'
  constructor(message: string, params: { details?: string | undefined; metaMessages?: string[] | undefined; cause?: unknown } = {}) {
    super(message, params)
  }
}
export type SetupErrorType = SetupError & { name: 'SetupError' }
