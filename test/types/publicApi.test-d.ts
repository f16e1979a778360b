/**
 * Type tests of the public entries (vitest typecheck: `tsc` checks this file; nothing runs).
 * Error unions narrow on `name`; each entry exports the types its functions take and return.
 */
import { describe, expectTypeOf, it } from 'vitest'
import * as web from '../../src/index.js'
import type {
  AbortStage,
  CreateProverErrorType,
  FileEntry,
  Groth16Calldata,
  Groth16CalldataJson,
  Groth16Proof,
  InferenceTimings,
  InputRangeErrorType,
  LoadArtifactsErrorType,
  LoadedArtifacts,
  Manifest,
  ProveErrorType,
  ProveInferenceErrorType,
  ProveInferenceJson,
  ProveInferenceReturnType,
  Prover,
  RuntimeErrorType,
  SetupProvenance,
  VerifyInferenceErrorType,
  VerifyWithArtifactsReturnType,
  WorkerCrashedErrorType,
} from '../../src/index.js'
import type { Manifest as ChainManifest } from '../../src/chain/index.js'
import type { Deployments, ExportWebReturnType, Manifest as NodeManifest } from '../../src/node/index.js'
import type * as node from '../../src/node/index.js'

describe('error unions narrow on name', () => {
  it('narrows proveInference errors to the class with its fields', () => {
    const err = {} as ProveInferenceErrorType
    if (err.name === 'InputRangeError') {
      expectTypeOf(err).toEqualTypeOf<InputRangeErrorType>()
      expectTypeOf(err.min).toBeNumber()
      expectTypeOf(err.index).toBeNumber()
    }
    if (err.name === 'AbortError') {
      expectTypeOf(err.stage).toEqualTypeOf<AbortStage | undefined>()
      expectTypeOf(err.reason).toBeUnknown()
    }
    if (err.name === 'WorkerCrashedError') {
      expectTypeOf(err).toEqualTypeOf<WorkerCrashedErrorType>()
      expectTypeOf(err.phase).toEqualTypeOf<'load' | 'run'>()
    }
    // Without narrowing, a field of one member is not there.
    // @ts-expect-error `min` exists only on InputRangeError
    void err.min
  })

  it('names are literal unions, not string', () => {
    expectTypeOf<ProveInferenceErrorType['name']>().not.toEqualTypeOf<string>()
    expectTypeOf<'InputRangeError'>().toExtend<ProveInferenceErrorType['name']>()
    expectTypeOf<'AbortError'>().toExtend<LoadArtifactsErrorType['name']>()
    expectTypeOf<LoadArtifactsErrorType['name']>().toEqualTypeOf<'ArtifactError' | 'ArtifactHashMismatchError' | 'StatementMismatchError' | 'ArtifactFetchError' | 'AbortError'>()
    expectTypeOf<'InvalidProofError'>().toExtend<VerifyInferenceErrorType['name']>()
    expectTypeOf<'ProverDisposedError'>().toExtend<ProveErrorType['name']>()
    expectTypeOf<CreateProverErrorType>().toExtend<RuntimeErrorType>()
    expectTypeOf<ProveInferenceErrorType>().toExtend<web.ZkmlError>()
  })
})

describe('the browser entry exports what its functions return', () => {
  it('Manifest and friends', () => {
    expectTypeOf<Prover['manifest']>().toEqualTypeOf<Manifest>()
    expectTypeOf<LoadedArtifacts['manifest']>().toEqualTypeOf<Manifest>()
    expectTypeOf(web.loadArtifacts<'model'>).returns.resolves.toEqualTypeOf<LoadedArtifacts>()
    expectTypeOf<Manifest['files'][string]>().toEqualTypeOf<FileEntry>()
    expectTypeOf<Manifest['setup']>().toEqualTypeOf<SetupProvenance>()
    expectTypeOf(web.verifyInference).returns.resolves.toEqualTypeOf<VerifyWithArtifactsReturnType>()
  })

  it('the result: proof, calldata, timings, toJSON', () => {
    expectTypeOf(web.proveInference).returns.resolves.toEqualTypeOf<ProveInferenceReturnType>()
    expectTypeOf<ProveInferenceReturnType['proof']>().toEqualTypeOf<Groth16Proof>()
    expectTypeOf<ProveInferenceReturnType['calldata']>().toEqualTypeOf<Groth16Calldata>()
    expectTypeOf<ProveInferenceReturnType['timings']>().toEqualTypeOf<InferenceTimings>()
    expectTypeOf<InferenceTimings>().toHaveProperty('startup').toBeNumber()
    expectTypeOf<InferenceTimings>().toHaveProperty('total').toBeNumber()
    expectTypeOf<ReturnType<ProveInferenceReturnType['toJSON']>>().toEqualTypeOf<ProveInferenceJson>()
    expectTypeOf<ProveInferenceJson['calldata']>().toEqualTypeOf<Groth16CalldataJson>()
    expectTypeOf<ProveInferenceJson['calldata'][3]>().toEqualTypeOf<readonly string[]>()
    expectTypeOf<Prover['timings']>().toEqualTypeOf<{ download: number; startup: number }>()
  })

  it('workerMemory is gone', () => {
    expectTypeOf<Prover>().not.toHaveProperty('workerMemory')
  })
})

describe('the chain and node entries export Manifest too', () => {
  it('is the same type everywhere', () => {
    expectTypeOf<ChainManifest>().toEqualTypeOf<Manifest>()
    expectTypeOf<NodeManifest>().toEqualTypeOf<Manifest>()
    expectTypeOf<typeof node.readManifest>().returns.resolves.toEqualTypeOf<Manifest>()
    expectTypeOf<Deployments['chains'][string]['adapter']>().toEqualTypeOf<`0x${string}`>()
    expectTypeOf<ExportWebReturnType['files'][number]>().toEqualTypeOf<{ name: string; size: number }>()
  })
})
