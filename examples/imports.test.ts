/**
 * The examples use the package the way an app does: no file under examples/ imports a module of
 * src/ or workers/ by path, every `@zkml/web…` name they import is an entry of package.json
 * "exports", and examples/tsconfig.json's `paths` map exactly those entries to the same sources as
 * the vite aliases (`shared/aliases.ts`).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { packageEntries } from './shared/aliases.js'

const repo = resolve(import.meta.dirname, '..')
const examples = import.meta.dirname

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p)
    return /\.(ts|html)$/.test(e.name) ? [p] : []
  })
}

function specifiers(text: string, file: string): string[] {
  if (file.endsWith('.html')) return [...text.matchAll(/\s(?:src|href)=["']([^"'#?]+)/g)].map((m) => m[1]!)
  const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName)
  for (const m of text.matchAll(/new\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g)) found.push(m[1]!)
  return found
}

describe('the examples import the package by its public names only', () => {
  const entries = packageEntries()

  it('no example reaches into src/ or workers/, and every @zkml/web name is an export', () => {
    const problems: string[] = []
    let named = 0
    for (const file of files(examples)) {
      for (const spec of specifiers(readFileSync(file, 'utf8'), file)) {
        if (spec.startsWith('.')) {
          const rel = relative(repo, resolve(dirname(file), spec))
          if (rel.startsWith(`src${sep}`) || rel.startsWith(`workers${sep}`)) problems.push(`${relative(repo, file)} imports ${spec}`)
        } else if (spec.startsWith('@zkml/web')) {
          named++
          if (!(spec in entries)) problems.push(`${relative(repo, file)} imports ${spec}, not an export of the package`)
        }
      }
    }
    expect(problems).toEqual([])
    expect(named).toBeGreaterThan(20)
  })

  it('examples/tsconfig.json maps the names to the same sources as the vite aliases', () => {
    const { compilerOptions } = JSON.parse(readFileSync(join(examples, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }
    for (const [name, [target]] of Object.entries(compilerOptions.paths)) expect(resolve(examples, target!), name).toBe(entries[name])
  })
})
