/**
 * `@zkml/web`: prove ML inference in the browser. The main entry is the browser runtime
 * (`proveInference`, `createProver`, `verifyInference`); the compiler is `@zkml/web/compiler`,
 * the EVM actions `@zkml/web/chain`, and Node file I/O + the CLI's functions `@zkml/web/node`.
 *
 * @example
 * import { proveInference } from '@zkml/web'
 * const result = await proveInference('/artifacts/mnist/manifest.json', pixels, { onProgress: console.log })
 */
export * from './runtime/index.js'
