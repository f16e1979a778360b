/**
 * solc-js compilation: the generated contract module is current, errors carry solc's messages,
 * and node_modules imports (@zk-kit/lean-imt.sol → poseidon-solidity) resolve.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { GENERATED_PATH, renderGeneratedContracts } from '../../contracts/generate.js'
import { SolidityCompileError } from '../../src/errors/chain.js'
import { compileSolidity } from '../../src/node/compileSolidity.js'

describe('compileSolidity', () => {
  it('src/chain/generated/contracts.ts matches a fresh compile of contracts/*.sol', async () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(await renderGeneratedContracts())
  })

  it('throws SolidityCompileError with solc’s message', async () => {
    const err = await compileSolidity({
      sources: { 'Bad.sol': 'pragma solidity ^0.8.0; contract Bad { function f() public { undefinedThing(); } }' },
      contract: 'Bad',
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SolidityCompileError)
    expect((err as SolidityCompileError).errors.join('\n')).toMatch(/Undeclared identifier/)
    expect((err as SolidityCompileError).message).toContain('Bad.sol')
  })

  it('throws on an unknown contract name and on a missing import', async () => {
    await expect(
      compileSolidity({ sources: { 'A.sol': 'pragma solidity ^0.8.0; contract A {}' }, contract: 'B' }),
    ).rejects.toThrow(/no contract named B/)
    await expect(
      compileSolidity({ sources: { 'A.sol': 'pragma solidity ^0.8.0; import "nope/Missing.sol"; contract A {}' }, contract: 'A' }),
    ).rejects.toBeInstanceOf(SolidityCompileError)
  })

  it('resolves @zk-kit/lean-imt.sol and poseidon-solidity from node_modules', async () => {
    const source = `pragma solidity ^0.8.24;
      import {LeanIMT, LeanIMTData} from "@zk-kit/lean-imt.sol/LeanIMT.sol";
      contract Tree { using LeanIMT for LeanIMTData; LeanIMTData tree;
        function insert(uint256 leaf) external returns (uint256) { return tree.insert(leaf); } }`
    const tree = await compileSolidity({ sources: { 'Tree.sol': source }, contract: 'Tree' })
    expect(tree.bytecode).toMatch(/^0x[0-9a-f_$]+$/)
    expect(Object.keys(tree.linkReferences['@zk-kit/lean-imt.sol/LeanIMT.sol'] ?? {})).toEqual(['LeanIMT'])
    const lib = await compileSolidity({ sources: { 'Tree.sol': source }, contract: 'LeanIMT' })
    expect(Object.keys(lib.linkReferences['poseidon-solidity/PoseidonT3.sol'] ?? {})).toEqual(['PoseidonT3'])
  })
})
