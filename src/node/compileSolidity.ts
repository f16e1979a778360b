/**
 * Solidity → ABI + bytecode with solc-js (Node only).
 *
 * Uses the `solc` package installed with @zkml/web (pinned, {@link SOLC_VERSION}); it never downloads
 * a compiler. Imports that are not among the given sources are read from disk: relative to each import
 * root (the current directory and this package's root by default), then from `node_modules` folders
 * walking up from each root — so `@zk-kit/lean-imt.sol/...` and `poseidon-solidity/...` resolve.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Abi, Hex } from 'viem'
import { SolidityCompileError } from '../errors/chain.js'

/** The solc version @zkml/web compiles with (checked at load). */
export const SOLC_VERSION = '0.8.37'

/** One compiled contract. */
export type CompiledContract = {
  abi: Abi
  /** Creation bytecode, 0x-prefixed (with `__$…$__` placeholders when libraries must be linked). */
  bytecode: Hex
  /** Runtime bytecode, 0x-prefixed. */
  deployedBytecode: Hex
  /** solc's link references: file → library → byte ranges (empty when nothing must be linked). */
  linkReferences: Record<string, Record<string, { start: number; length: number }[]>>
}

export type CompileSolidityParameters = {
  /** Source units by name, e.g. `{ 'contracts/Foo.sol': '…' }`. Missing imports are read from disk. */
  sources: Record<string, string>
  /** Contract to return: `Name` or `path/File.sol:Name`. */
  contract: string
  /** Optimizer runs (the optimizer is always on). Default 200. */
  optimizerRuns?: number
  /** EVM version. Default `cancun`. */
  evmVersion?: string
  /** Directories to resolve imports from. Default: the current directory and this package's root. */
  importRoots?: string[]
}
export type CompileSolidityReturnType = CompiledContract
export type CompileSolidityErrorType = SolidityCompileError

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string; message: string }[]
  contracts?: Record<
    string,
    Record<
      string,
      {
        abi: Abi
        evm: {
          bytecode: { object: string; linkReferences: CompiledContract['linkReferences'] }
          deployedBytecode: { object: string }
        }
      }
    >
  >
}

type Solc = { version(): string; compile(input: string, callbacks: { import(path: string): unknown }): string }

let solcPromise: Promise<Solc> | undefined

/** Loads the bundled solc-js once and checks its version. */
async function loadSolc(): Promise<Solc> {
  solcPromise ??= import('solc').then((mod) => {
    const solc = ((mod as { default?: unknown }).default ?? mod) as Solc
    const version = solc.version()
    if (!version.startsWith(`${SOLC_VERSION}+`))
      throw new SolidityCompileError({ errors: [`expected solc ${SOLC_VERSION}, found ${version}`] })
    return solc
  })
  return solcPromise
}

/** This package's root (the folder with `package.json` above this file). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

/** Finds an import on disk: `root/path`, then `…/node_modules/path` walking up from each root. */
function findImport(path: string, roots: string[]): { contents: string } | { error: string } {
  if (isAbsolute(path) || path.split('/').includes('..')) return { error: `refusing import path ${path}` }
  for (const root of roots) {
    const direct = join(root, path)
    if (existsSync(direct)) return { contents: readFileSync(direct, 'utf8') }
    for (let dir = resolve(root); ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', path)
      if (existsSync(candidate)) return { contents: readFileSync(candidate, 'utf8') }
      if (dirname(dir) === dir) break
    }
  }
  return { error: `file not found: ${path}` }
}

/**
 * Compiles every contract in the sources and returns them by `path:Name`.
 *
 * @param parameters - {@link CompileSolidityParameters} (`contract` is ignored).
 * @returns Compiled contracts keyed `path/File.sol:Name`.
 * @throws {SolidityCompileError} With solc's messages when compilation fails.
 */
export async function compileSolidityAll(
  parameters: Omit<CompileSolidityParameters, 'contract'>,
): Promise<Record<string, CompiledContract>> {
  const { sources, optimizerRuns = 200, evmVersion = 'cancun' } = parameters
  const roots = parameters.importRoots ?? [process.cwd(), packageRoot()]
  const solc = await loadSolc()
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: {
      optimizer: { enabled: true, runs: optimizerRuns },
      evmVersion,
      outputSelection: {
        '*': { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object'] },
      },
    },
  }
  let output: SolcOutput
  try {
    output = JSON.parse(solc.compile(JSON.stringify(input), { import: (path) => findImport(path, roots) }))
  } catch (cause) {
    throw new SolidityCompileError({ errors: [String(cause)], cause })
  }
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error').map((e) => e.formattedMessage)
  if (errors.length > 0) throw new SolidityCompileError({ errors })
  const result: Record<string, CompiledContract> = {}
  for (const [file, contracts] of Object.entries(output.contracts ?? {}))
    for (const [name, c] of Object.entries(contracts))
      result[`${file}:${name}`] = {
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
        linkReferences: c.evm.bytecode.linkReferences,
      }
  return result
}

/**
 * Compiles Solidity sources with the pinned solc-js (optimizer on) and returns one contract.
 *
 * @param parameters - {@link CompileSolidityParameters}
 * @returns {@link CompiledContract} `{ abi, bytecode, deployedBytecode, linkReferences }`.
 * @throws {SolidityCompileError} With solc's messages on a compile error or an unknown contract name.
 * @example
 * import { compileSolidity } from '@zkml/web/node'
 * const { abi, bytecode } = await compileSolidity({ sources: { 'Verifier.sol': source }, contract: 'Groth16Verifier' })
 */
export async function compileSolidity(parameters: CompileSolidityParameters): Promise<CompileSolidityReturnType> {
  const all = await compileSolidityAll(parameters)
  const want = parameters.contract
  const matches = Object.keys(all).filter((key) => key === want || key.endsWith(`:${want}`))
  if (matches.length !== 1)
    throw new SolidityCompileError({
      errors: [
        matches.length === 0
          ? `no contract named ${want}; compiled: ${Object.keys(all).join(', ') || '(none)'}`
          : `contract name ${want} is ambiguous: ${matches.join(', ')}`,
      ],
    })
  return all[matches[0]!]!
}
