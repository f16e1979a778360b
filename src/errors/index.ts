/** Every error class of @zkml/web (all extend ZkmlError; narrow on `name`). */
export { ZkmlError, type ZkmlErrorParameters } from './base.js'
export * from './compile.js'
export * from './quantize.js'
export * from './input.js'
export * from './prove.js'
export * from './artifact.js'
export * from './setup.js'
