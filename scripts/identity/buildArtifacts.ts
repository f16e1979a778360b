/**
 * Builds the identity circuit's proving artifacts with the one-party dev setup, and its Solidity
 * verifier (marked `INSECURE_DEV`), into a folder (default `.cache/identity/`):
 *   identity-circuit.json  identity.zkey  identity-vkey.json  (see IDENTITY_ARTIFACT_FILES)
 *   IdentityVerifier.sol   identity-verifier.json ({ contractName, solc, abi, bytecode, publicInputs })
 *
 * Run: `npx tsx scripts/identity/buildArtifacts.ts [--out DIR]`
 * WARNING: one-party dev setup — this machine drew the secrets, so the keys are trusted only as far as
 * this machine (whoever could read this process could forge proofs). Not a production ceremony.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildIdentityArtifacts, encodeIdentityArtifacts } from '../../src/identity/artifacts.js'
import { buildVerifier } from '../../src/node/verifier.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const outFlag = process.argv.indexOf('--out')
const out = resolve(outFlag > 0 ? process.argv[outFlag + 1]! : join(root, '.cache', 'identity'))

console.warn('WARNING: one-party dev setup: the keys come from secrets this process drew; trusted only as far as this machine. Not for production.')
const onnx = readFileSync(join(root, 'models', 'iriscode.onnx'))
const built = await buildIdentityArtifacts({ onnx })
const verifier = await buildVerifier(built.vkey, { setup: built.setup })
mkdirSync(out, { recursive: true })
for (const [name, bytes] of Object.entries(encodeIdentityArtifacts(built))) writeFileSync(join(out, name), bytes)
writeFileSync(join(out, 'IdentityVerifier.sol'), verifier.source)
writeFileSync(join(out, 'identity-verifier.json'), verifier.artifact)
const c = built.circuit
console.log(
  `wrote ${out}: ${c.nConstraints} constraints, ${c.nWires} wires, ${c.nonZeros} non-zeros; ` +
    `lower ${(built.timings.lowerMs / 1000).toFixed(1)} s, dev setup ${(built.timings.setupMs / 1000).toFixed(1)} s, zkey ${(built.zkey.length / 2 ** 20).toFixed(1)} MiB`,
)
