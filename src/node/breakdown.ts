/**
 * `zkml info --constraints` as a library function: the constraint breakdown of an artifact
 * directory's circuit, by layer (ONNX node) and by op.
 */
import { readArtifactFile, readManifest } from './artifacts.js'
import { ARTIFACT_FILES } from '../compile/manifest.js'
import { assertCircuitArtifact } from '../prove/artifact.js'
import { constraintBreakdown, type ConstraintBreakdown } from '../circuit/breakdown.js'
import { parseOnnx } from '../onnx/parse.js'
import { prepareGraph } from '../onnx/prepare.js'

/**
 * Lowers the directory's circuit in counting mode and breaks its constraints down (see
 * `constraintBreakdown`); layers are named from the directory's `model.onnx`. Every file read is
 * checked against the manifest's sha256.
 * @throws ArtifactError / ArtifactHashMismatchError
 * @example
 * import { constraintsOf } from '@zkml/web/node'
 * const b = await constraintsOf({ dir: 'artifacts/mnist' })
 * b.layers // [{ layer: 'conv2d0', opType: 'Conv', ops: ['Conv'], constraints: 0 }, …]
 */
export async function constraintsOf({ dir }: { dir: string }): Promise<ConstraintBreakdown> {
  const manifest = await readManifest(dir)
  const circuit: unknown = JSON.parse(new TextDecoder().decode(await readArtifactFile(dir, manifest, ARTIFACT_FILES.circuit)))
  assertCircuitArtifact(circuit)
  const onnx = await readArtifactFile(dir, manifest, ARTIFACT_FILES.model)
  const graph = prepareGraph({ graph: parseOnnx({ bytes: onnx, fileName: ARTIFACT_FILES.model }) })
  return constraintBreakdown({ model: circuit.model, visibility: circuit.visibility, graph })
}
