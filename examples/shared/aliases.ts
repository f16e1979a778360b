/**
 * How the examples import `@zkml/web` in this repository: as a user's app would (`@zkml/web`,
 * `@zkml/web/node`, `@zkml/web/chain`, `@zkml/web/compiler`), resolved to the package's sources so
 * that a fresh clone needs no build. One mapping, `examples/tsconfig.json`'s `paths`, read by tsc,
 * tsx (`--tsconfig examples/tsconfig.json`) and Playwright; this module turns it into the
 * equivalent vite `resolve.alias` for vite and vitest. In your own app the installed package
 * resolves the same names; none of this is needed there.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const EXAMPLES = resolve(import.meta.dirname, '..')

/** A vite alias entry (exact-match regex → file). */
export type Alias = { find: RegExp; replacement: string }

/** The `@zkml/web…` paths of examples/tsconfig.json as vite aliases (exact specifiers only). */
export function zkmlAliases(): Alias[] {
  const tsconfig = JSON.parse(readFileSync(join(EXAMPLES, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }
  return Object.entries(tsconfig.compilerOptions.paths)
    .filter(([name]) => name.startsWith('@zkml/web'))
    .map(([name, [target]]) => ({ find: new RegExp(`^${name.replace(/[/.]/g, '\\$&')}$`), replacement: resolve(EXAMPLES, target!) }))
}
