/**
 * `@zkml/web/node`: file-based compile / prove / verify / info (what the `zkml` CLI runs), the
 * embedded anvil chain, and the Solidity toolchain. Node only.
 */
export { compile, type CompileParameters } from './compile.js'
export { prove, verify, info, type ProveParameters } from './prove.js'
export { constraintsOf } from './breakdown.js'
export { loadArtifactDir, readManifest, readArtifactFile, writeArtifactDir, type LoadArtifactDirReturnType } from './artifacts.js'
export { exportWeb, WEB_FILES, type ExportWebErrorType, type ExportWebParameters, type ExportWebReturnType } from './exportWeb.js'
export { DEPLOYMENTS_FILE, readDeployments, recordDeployment, type Deployment, type Deployments } from './deployments.js'
export type { FileEntry, Manifest, SetupProvenance } from '../compile/manifest.js'
export { createOrtReference } from './ortReference.js'
export { buildVerifier, VERIFIER_CONTRACT, type VerifierArtifact } from './verifier.js'
export { startAnvil, anvilBinaryPath, ANVIL_MNEMONIC, type AnvilInstance, type StartAnvilParameters } from './anvil.js'
export { compileSolidity, compileSolidityAll, SOLC_VERSION } from './compileSolidity.js'
export { readGroth16VerifierTemplate } from './verifierTemplate.js'
export { userCacheDir } from './cache.js'
export { loadMnist, downsample14 } from './mnist.js'
export { CliUsageError, FileReadError, MissingDependencyError, MnistDataError } from '../errors/node.js'
