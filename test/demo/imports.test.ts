/**
 * The dApp is built against the package's public entry points only: no file under demo/ imports a
 * module of src/ or workers/ by path (or anything outside demo/), and every `@zkml/web…` name it
 * uses is one the package exports. The dApp's own sources use only `@zkml/web`,
 * `@zkml/web/identity` and `@zkml/web/chain`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const repo = resolve(import.meta.dirname, '../..')
const demo = join(repo, 'demo')
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> }
const exported = new Set(Object.keys(pkg.exports).map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`)))
const APP_ENTRIES = new Set(['@zkml/web', '@zkml/web/identity', '@zkml/web/chain'])

/** Every module specifier a file names: imports, re-exports, `import()`, `new URL(…, import.meta.url)`, HTML src/href. */
function specifiers(text: string, file: string): string[] {
  if (file.endsWith('.html')) return [...text.matchAll(/\s(?:src|href)=["']([^"'#?]+)/g)].map((m) => m[1]!).filter((s) => !/^(?:data:|https?:|\/\/)/.test(s))
  const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName)
  for (const m of text.matchAll(/new\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g)) found.push(m[1]!)
  return found
}

/** Why a specifier of `file` breaks the rule, or undefined. */
function violation(spec: string, file: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = spec.startsWith('/') && file.endsWith('.html') ? join(dirname(file), spec) : resolve(dirname(file), spec)
    const rel = relative(repo, target)
    if (rel.startsWith(`src${sep}`) || rel === 'src' || rel.startsWith(`workers${sep}`)) return `reaches into the package's internals (${rel})`
    if (relative(demo, target).startsWith('..')) return `leaves demo/ (${rel})`
    return undefined
  }
  if (spec === pkg.name || spec.startsWith(`${pkg.name}/`)) {
    if (!exported.has(spec)) return `${spec} is not an entry of package.json "exports"`
    const inApp = relative(join(demo, 'src'), file)
    if (!inApp.startsWith('..') && !APP_ENTRIES.has(spec)) return `the dApp uses ${spec}; it builds against ${[...APP_ENTRIES].join(', ')}`
  }
  return undefined
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : files(p)
    return /\.(?:[cm]?[jt]s|html)$/.test(e.name) ? [p] : []
  })
}

describe('the dApp imports the package only by its public names', () => {
  it('no file under demo/ reaches into src/ or workers/, and every @zkml/web name is exported', () => {
    const all = files(demo)
    expect(all.length).toBeGreaterThan(15)
    const seen = new Set<string>()
    const bad: string[] = []
    for (const file of all) {
      for (const spec of specifiers(readFileSync(file, 'utf8'), file)) {
        if (spec.startsWith(pkg.name)) seen.add(spec)
        const why = violation(spec, file)
        if (why) bad.push(`${relative(repo, file)}: '${spec}' ${why}`)
      }
    }
    expect(bad).toEqual([])
    // The scan sees the dApp's real imports (so an empty result above means something).
    expect([...seen].sort()).toEqual(['@zkml/web', '@zkml/web/chain', '@zkml/web/identity'])
  })

  it('flags the imports it must flag', () => {
    const app = join(demo, 'src', 'app.ts')
    const worker = join(demo, 'src', 'workers', 'prover.worker.ts')
    const planted = [
      `import { x } from '../../src/identity/index.js'`,
      `export * from "../../src/runtime/workerHost.js"`,
      `const m = await import('../../src/prove/groth16.js')`,
      `new Worker(new URL('../../workers/prover.worker.ts', import.meta.url))`,
      `import type { Y } from '../../test/demo/helpers.js'`,
      `import { z } from '@zkml/web/dist/src/identity/index.js'`,
      `import { compileModel } from '@zkml/web/compiler'`,
    ].join('\n')
    const flagged = specifiers(planted, app).filter((s) => violation(s, app))
    expect(flagged).toHaveLength(7)
    expect(violation('../../../src/runtime/worker/prover.js', worker)).toMatch(/internals/)
    expect(specifiers('<script type="module" src="../src/main.ts"></script>', join(demo, 'index.html')).map((s) => violation(s, join(demo, 'index.html')))).toEqual([`reaches into the package's internals (src${sep}main.ts)`])
    expect(violation('@zkml/web/identity', app)).toBeUndefined()
    expect(violation('./store.js', app)).toBeUndefined()
  })
})
