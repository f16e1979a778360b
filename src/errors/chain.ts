/**
 * Errors of the chain layer: verifier source generation, Solidity compilation, the local anvil
 * node and every viem call (deploy, submit, verify).
 */
import { ZkmlError } from './base.js'
import { InvalidProofError } from './prove.js'

/** A contract call reverted; `errorName` is the decoded custom error (e.g. `InvalidProof`). */
export class VerifierCallRevertedError extends ZkmlError {
  override name = 'VerifierCallRevertedError'
  /** Decoded custom error name, e.g. `InvalidProof`, or undefined when the revert had no known selector. */
  readonly errorName: string | undefined
  /** Decoded custom error arguments. */
  readonly args: readonly unknown[]
  /** Contract that reverted. */
  readonly address: string
  /** Function that was called. */
  readonly functionName: string
  /** Transaction hash, when the revert happened in a mined transaction. */
  readonly transactionHash: string | undefined

  constructor(params: {
    errorName: string | undefined
    args?: readonly unknown[] | undefined
    address: string
    functionName: string
    transactionHash?: string | undefined
    details?: string | undefined
    cause?: unknown
  }) {
    const args = params.args ?? []
    const label = params.errorName
      ? `${params.errorName}(${args.map((a) => String(a)).join(', ')})`
      : 'an unknown reason'
    super(`${params.functionName} reverted with ${label}.`, {
      metaMessages: [
        `Contract: ${params.address}`,
        ...(params.transactionHash ? [`Transaction: ${params.transactionHash}`] : []),
      ],
      details: params.details,
      cause: params.cause,
    })
    this.errorName = params.errorName
    this.args = args
    this.address = params.address
    this.functionName = params.functionName
    this.transactionHash = params.transactionHash
  }
}
export type VerifierCallRevertedErrorType = VerifierCallRevertedError & { name: 'VerifierCallRevertedError' }

/** The RPC endpoint did not answer (connection refused, timeout, HTTP error). */
export class RpcUnavailableError extends ZkmlError {
  override name = 'RpcUnavailableError'
  /** The RPC URL, when the transport exposes it. */
  readonly url: string | undefined

  constructor(params: { url?: string | undefined; details?: string | undefined; cause?: unknown }) {
    super('The RPC endpoint is unavailable.', {
      metaMessages: [`URL: ${params.url ?? '(unknown)'}`, 'Is the node running? (`zkml chain` starts a local one.)'],
      details: params.details,
      cause: params.cause,
    })
    this.url = params.url
  }
}
export type RpcUnavailableErrorType = RpcUnavailableError & { name: 'RpcUnavailableError' }

/** The sending account cannot pay for gas (or value). */
export class InsufficientFundsError extends ZkmlError {
  override name = 'InsufficientFundsError'
  /** The account that lacks funds. */
  readonly account: string | undefined

  constructor(params: { account?: string | undefined; details?: string | undefined; cause?: unknown }) {
    super(`Account ${params.account ?? '(unknown)'} has insufficient funds for this transaction.`, {
      metaMessages: ['Fund the account, or lower the gas limit or gas price.'],
      details: params.details,
      cause: params.cause,
    })
    this.account = params.account
  }
}
export type InsufficientFundsErrorType = InsufficientFundsError & { name: 'InsufficientFundsError' }

/**
 * A proof or its public signals cannot be encoded as verifier calldata. A subclass of
 * `InvalidProofError`, so one `instanceof InvalidProofError` catches every malformed proof.
 */
export class InvalidProofFormatError extends InvalidProofError {
  override name = 'InvalidProofFormatError'
}
export type InvalidProofFormatErrorType = InvalidProofFormatError & { name: 'InvalidProofFormatError' }

/**
 * A deployed adapter or verifier carries another verification key than the one expected: the
 * contract at that address does not verify the artifacts you hold (or someone deployed under your
 * model hash with their own key).
 */
export class VkeyHashMismatchError extends ZkmlError {
  override name = 'VkeyHashMismatchError'
  readonly address: string
  readonly expected: string
  readonly actual: string

  constructor(params: { address: string; expected: string; actual: string }) {
    super(`The contract at ${params.address} does not carry the expected verification key.`, {
      metaMessages: [`Expected vkeyHash: ${params.expected}`, `Actual vkeyHash:   ${params.actual}`],
      docsPath: 'README.md#security',
    })
    this.address = params.address
    this.expected = params.expected
    this.actual = params.actual
  }
}
export type VkeyHashMismatchErrorType = VkeyHashMismatchError & { name: 'VkeyHashMismatchError' }

/** The verification key is not a snarkjs Groth16 BN254 key (wrong protocol, curve or shape). */
export class InvalidVerificationKeyError extends ZkmlError {
  override name = 'InvalidVerificationKeyError'
  readonly field: string

  constructor(params: { field: string; reason: string }) {
    super(`Invalid verification key field ${params.field}: ${params.reason}.`)
    this.field = params.field
  }
}
export type InvalidVerificationKeyErrorType = InvalidVerificationKeyError & { name: 'InvalidVerificationKeyError' }

/** solc rejected the sources; `errors` holds solc's formatted messages. */
export class SolidityCompileError extends ZkmlError {
  override name = 'SolidityCompileError'
  /** solc's formatted error messages (severity "error" only). */
  readonly errors: string[]

  constructor(params: { errors: string[]; cause?: unknown }) {
    super(`Solidity compilation failed with ${params.errors.length} error(s).`, {
      metaMessages: params.errors.map((e) => e.trimEnd()),
      cause: params.cause,
    })
    this.errors = params.errors
  }
}
export type SolidityCompileErrorType = SolidityCompileError & { name: 'SolidityCompileError' }

/** The local anvil node could not be started (binary missing, exited early, no RPC in time). */
export class AnvilStartError extends ZkmlError {
  override name = 'AnvilStartError'
  /** Why, in a few words (e.g. `binary not found at …`, `the RPC did not answer in time`). */
  readonly reason: string

  constructor(params: { reason: string; output?: string | undefined; hint?: string[] | undefined; details?: string | undefined; cause?: unknown }) {
    const meta = [...(params.hint ?? []), ...(params.output ? ['anvil output:', params.output.trim().slice(-2000)] : [])]
    super(`Could not start anvil: ${params.reason}.`, {
      ...(meta.length ? { metaMessages: meta } : {}),
      details: params.details,
      cause: params.cause,
    })
    this.reason = params.reason
  }
}
export type AnvilStartErrorType = AnvilStartError & { name: 'AnvilStartError' }

/** The Groth16 verifier template (snarkjs's `verifier_groth16.sol.ejs` text) cannot be rendered or lacks what we add to it. */
export class InvalidVerifierTemplateError extends ZkmlError {
  override name = 'InvalidVerifierTemplateError'
  /** What is wrong with the template, in a few words. */
  readonly reason: string
  constructor({ reason, cause }: { reason: string; cause?: unknown }) {
    super(`The Groth16 verifier template is not usable: ${reason}.`, {
      metaMessages: ['Pass the text of snarkjs\'s templates/verifier_groth16.sol.ejs (readGroth16VerifierTemplate() in Node).'],
      cause,
    })
    this.reason = reason
  }
}
export type InvalidVerifierTemplateErrorType = InvalidVerifierTemplateError & { name: 'InvalidVerifierTemplateError' }

/** The artifacts given to `deployVerifier` (or the manifest they come from) are malformed or incomplete. */
export class InvalidVerifierArtifactsError extends ZkmlError {
  override name = 'InvalidVerifierArtifactsError'
  /** The offending field, e.g. `vkeyHash`, `verifier.bytecode`, `manifest.vkeyHash`. */
  readonly field: string
  constructor({ field, reason, cause }: { field: string; reason: string; cause?: unknown }) {
    super(`Invalid verifier artifacts: ${field} ${reason}.`, { cause })
    this.field = field
  }
}
export type InvalidVerifierArtifactsErrorType = InvalidVerifierArtifactsError & { name: 'InvalidVerifierArtifactsError' }

/** The wallet client has no account to send from (no hoisted account, and `eth_accounts` is empty). */
export class AccountNotFoundError extends ZkmlError {
  override name = 'AccountNotFoundError'
  constructor() {
    super('The wallet client has no account.', { details: 'Connect a wallet or pass `account` to createWalletClient.' })
  }
}
export type AccountNotFoundErrorType = AccountNotFoundError & { name: 'AccountNotFoundError' }

/**
 * A transaction was mined successfully but its receipt lacks what the action needs: the event it
 * must emit (e.g. `InferenceVerified`) or, for a deployment, the new contract's address. Usually the
 * address is not the contract you meant (an EOA or another contract accepts the call and emits nothing).
 */
export class UnexpectedReceiptError extends ZkmlError {
  override name = 'UnexpectedReceiptError'
  /** The mined transaction. */
  readonly transactionHash: string
  /** The contract called, or `(deployment)`. */
  readonly address: string
  /** What the action sent, e.g. `verify`, `deploy ZkmlRegistry`. */
  readonly functionName: string
  /** What is missing, e.g. `an InferenceVerified event`, `a contract address`. */
  readonly expected: string
  constructor(params: { transactionHash: string; address: string; functionName: string; expected: string }) {
    super(`${params.functionName} was mined but the receipt has no ${params.expected}.`, {
      metaMessages: [`Contract: ${params.address}`, `Transaction: ${params.transactionHash}`, 'Is the address the contract you meant?'],
    })
    this.transactionHash = params.transactionHash
    this.address = params.address
    this.functionName = params.functionName
    this.expected = params.expected
  }
}
export type UnexpectedReceiptErrorType = UnexpectedReceiptError & { name: 'UnexpectedReceiptError' }

/**
 * A chain call failed for a reason none of the other chain errors names (the wallet refused to sign,
 * the node rejected the request, the address has no code): viem's error is the `cause`.
 */
export class ChainCallError extends ZkmlError {
  override name = 'ChainCallError'
  /** The contract called, when there is one. */
  readonly address: string | undefined
  /** What the action called or sent. */
  readonly functionName: string
  constructor(params: { address?: string | undefined; functionName: string; details?: string | undefined; cause?: unknown }) {
    super(`${params.functionName} failed.`, {
      ...(params.address ? { metaMessages: [`Contract: ${params.address}`] } : {}),
      details: params.details,
      cause: params.cause,
    })
    this.address = params.address
    this.functionName = params.functionName
  }
}
export type ChainCallErrorType = ChainCallError & { name: 'ChainCallError' }
