/**
 * Maps viem failures to @zkml/web's chain errors at the boundary of each action (internal).
 */
import { BaseError, ContractFunctionRevertedError } from 'viem'
import { ZkmlError } from '../errors/base.js'
import { ChainCallError, InsufficientFundsError, RpcUnavailableError, VerifierCallRevertedError } from '../errors/chain.js'

const RPC_DOWN = new Set(['HttpRequestError', 'TimeoutError', 'WebSocketRequestError', 'SocketClosedError'])

/** Context for the error: which contract and function were called, and by whom. */
export type ChainErrorContext = {
  address?: string | undefined
  functionName: string
  account?: string | undefined
  transactionHash?: string | undefined
}

/**
 * Returns the typed error for `err`: a revert → `VerifierCallRevertedError` (decoded name), missing funds →
 * `InsufficientFundsError`, transport failure → `RpcUnavailableError`; a `ZkmlError` unchanged; anything
 * else → `ChainCallError` with `err` as its cause. Always a `ZkmlError`.
 */
export function toChainError(err: unknown, context: ChainErrorContext): ZkmlError {
  if (err instanceof ZkmlError) return err
  if (!(err instanceof BaseError))
    return new ChainCallError({ address: context.address, functionName: context.functionName, cause: err })
  const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError)
  if (reverted instanceof ContractFunctionRevertedError)
    return new VerifierCallRevertedError({
      errorName: reverted.data?.errorName ?? (reverted.reason ? 'Error' : undefined),
      args: reverted.data?.args ?? (reverted.reason ? [reverted.reason] : []),
      address: context.address ?? '(deployment)',
      functionName: context.functionName,
      transactionHash: context.transactionHash,
      details: reverted.raw ? `revert data ${reverted.raw}` : reverted.details,
      cause: err,
    })
  const funds = err.walk((e) => (e as Error).name === 'InsufficientFundsError')
  if (funds) return new InsufficientFundsError({ account: context.account, details: (funds as BaseError).shortMessage, cause: err })
  const transport = err.walk((e) => RPC_DOWN.has((e as Error).name))
  if (transport)
    return new RpcUnavailableError({ url: (transport as { url?: string }).url, details: (transport as BaseError).details, cause: err })
  return new ChainCallError({ address: context.address, functionName: context.functionName, details: err.shortMessage, cause: err })
}
