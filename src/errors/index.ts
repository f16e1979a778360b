/**
 * The error classes of the compile, setup and prove layers (what `@zkml/web/compiler` exports). Every
 * error class lives under `src/errors/`; the chain, runtime, Node and identity ones are exported by
 * their own entries. All extend ZkmlError; narrow on `name`.
 */
export { ZkmlError, type ZkmlErrorParameters } from './base.js'
export * from './compile.js'
export * from './quantize.js'
export * from './input.js'
export * from './prove.js'
export * from './artifact.js'
export * from './setup.js'
export * from './internal.js'
export * from './poseidon.js'
export * from './formats.js'
export * from './wasmProver.js'
export * from './statement.js'
export * from './enrollment.js'
