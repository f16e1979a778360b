/**
 * Reads snarkjs's Groth16 Solidity verifier template from the installed snarkjs package (Node only).
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * Returns the text of `snarkjs/templates/verifier_groth16.sol.ejs` for `renderVerifierSource`.
 *
 * @returns The ejs template text.
 * @throws When snarkjs is not installed (a Node `MODULE_NOT_FOUND` error).
 * @example
 * import { renderVerifierSource } from '@zkml/web/chain'
 * import { readGroth16VerifierTemplate } from '@zkml/web/node'
 * const source = renderVerifierSource({ vkey, template: await readGroth16VerifierTemplate() })
 */
export async function readGroth16VerifierTemplate(): Promise<string> {
  // snarkjs's `exports` map hides package.json; its CJS entry sits in build/, one level under the root.
  const entry = createRequire(import.meta.url).resolve('snarkjs')
  return readFile(join(dirname(entry), '..', 'templates', 'verifier_groth16.sol.ejs'), 'utf8')
}
