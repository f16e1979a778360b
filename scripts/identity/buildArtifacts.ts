/**
 * Builds the identity statement's artifact set with the one-party dev setup, in the format of any
 * compiled model, into a folder (default `.cache/identity/`), replacing it atomically:
 *   manifest.json (statement "identity", sha256 + size of every file, setup provenance, vkeyHash)
 *   model.onnx  circuit.json  circuit.zkey  vkey.json  Verifier.sol  verifier.json (marked INSECURE_DEV)
 *
 * Run: `npx tsx scripts/identity/buildArtifacts.ts [--out DIR]`
 * WARNING: one-party dev setup — this machine drew the secrets, so the keys are trusted only as far as
 * this machine (whoever could read this process could forge proofs). Not a production ceremony; the
 * setup policy refuses these keys unless the caller opts in (`allowInsecureSetup`).
 */
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildIdentityArtifacts } from '../../src/identity/artifacts.js'
import { writeArtifactDir } from '../../src/node/artifacts.js'
import { buildVerifier } from '../../src/node/verifier.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const outFlag = process.argv.indexOf('--out')
const out = resolve(outFlag > 0 ? process.argv[outFlag + 1]! : join(root, '.cache', 'identity'))

console.warn('WARNING: one-party dev setup: the keys come from secrets this process drew; trusted only as far as this machine. Not for production.')
const onnx = readFileSync(join(root, 'models', 'iriscode.onnx'))
const built = await buildIdentityArtifacts({ onnx, verifier: buildVerifier })
await writeArtifactDir({ dir: out, manifest: built.manifest, files: built.files })
const c = built.circuit
console.log(
  `wrote ${out}: ${c.nConstraints} constraints, ${c.nWires} wires, ${c.nonZeros} non-zeros; ` +
    `lower ${(built.timings.lowerMs / 1000).toFixed(1)} s, dev setup ${(built.timings.setupMs / 1000).toFixed(1)} s, zkey ${(built.zkey.length / 2 ** 20).toFixed(1)} MiB`,
)
