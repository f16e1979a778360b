/**
 * How the examples import `@zkml/web` in this repository: as a user's app would (`@zkml/web`,
 * `@zkml/web/node`, `@zkml/web/chain`, `@zkml/web/compiler`), resolved to the source file each
 * package.json `exports` entry is built from, so that a fresh clone needs no build. vite and vitest
 * get the mapping from {@link zkmlAliases}; tsc, tsx (`--tsconfig examples/tsconfig.json`) and
 * Playwright from the same mapping spelled out as `paths` in examples/tsconfig.json
 * (`examples/imports.test.ts` checks that the two agree and that no example reaches into src/).
 * In your own app the installed package resolves the same names; none of this is needed there.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const REPO = resolve(import.meta.dirname, '../..')

/** A vite alias entry (exact-match regex → file). */
export type Alias = { find: RegExp; replacement: string }

/**
 * The package's public names and their sources: `@zkml/web/chain` → `<repo>/src/chain/index.ts`
 * (the source of `./dist/src/chain/index.js`), one per `exports` entry with a built `.js` target.
 */
export function packageEntries(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string | { default?: string }> }
  const out: Record<string, string> = {}
  for (const [key, target] of Object.entries(pkg.exports)) {
    const file = typeof target === 'string' ? target : target.default
    const m = file && /^\.\/dist\/(.+)\.js$/.exec(file)
    if (m) out[key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`] = join(REPO, `${m[1]}.ts`)
  }
  return out
}

/** {@link packageEntries} as vite `resolve.alias` entries (exact specifiers only). */
export function zkmlAliases(): Alias[] {
  return Object.entries(packageEntries()).map(([name, file]) => ({ find: new RegExp(`^${name.replace(/[/.@]/g, '\\$&')}$`), replacement: file }))
}
