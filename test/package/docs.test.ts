/**
 * The docs that ship in the package hold together: every relative link in a shipped markdown file
 * points to a file that is in the tarball (`npm pack --dry-run`) and, with `#anchor`, to a heading
 * that exists there (GitHub's slugs); every error's `docsPath` and every `@zkml/web/….md` pointer in
 * the sources (they end up in the type declarations) resolves the same way.
 */
import { execFileSync } from 'node:child_process'
import { readFile, readdir } from 'node:fs/promises'
import { join, posix, relative, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
let shipped: Set<string>

/** The files `npm pack` would put in the tarball (package-relative paths). */
function packedFiles(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  const [pack] = JSON.parse(out.slice(out.indexOf('['))) as { files: { path: string }[] }[]
  return new Set(pack!.files.map((f) => f.path))
}

/** Lines outside fenced code blocks. */
function prose(text: string): string[] {
  let fenced = false
  return text.split('\n').filter((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced
      return false
    }
    return !fenced
  })
}

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, spaces → '-', repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  for (const line of prose(markdown)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!m) continue
    const text = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '').replace(/ /g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    out.add(n === 0 ? base : `${base}-${n}`)
  }
  return out
}

/** Relative links of a markdown file (inline links and images; external URLs skipped). */
function links(markdown: string): string[] {
  const out: string[] = []
  for (const line of prose(markdown)) {
    for (const m of line.replace(/`[^`]*`/g, '').matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) out.push(target)
    }
  }
  return out
}

/** Checks `file#anchor` (package-relative file) against the tarball; returns a problem or undefined. */
async function check(file: string, anchor: string | undefined, from: string): Promise<string | undefined> {
  if (!shipped.has(file)) return `${from}: ${file} is not in the package`
  if (!anchor) return undefined
  if (!file.endsWith('.md')) return `${from}: #${anchor} on a file that is not markdown (${file})`
  if (!anchors(await readFile(join(root, file), 'utf8')).has(anchor)) return `${from}: ${file} has no heading #${anchor}`
  return undefined
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await sourceFiles(p)))
    else if (/\.ts$/.test(e.name) && !/\.test(-d)?\.ts$/.test(e.name)) out.push(p)
  }
  return out
}

beforeAll(() => {
  shipped = packedFiles()
})

describe('shipped docs', () => {
  it('include the browser guide, the README, SECURITY.md and the LICENSE', () => {
    for (const f of ['README.md', 'src/runtime/README.md', 'SECURITY.md', 'LICENSE']) expect(shipped.has(f), f).toBe(true)
  })

  it('have no broken relative link or anchor', async () => {
    const problems: string[] = []
    let checked = 0
    for (const md of [...shipped].filter((f) => f.endsWith('.md'))) {
      for (const target of links(await readFile(join(root, md), 'utf8'))) {
        const [path, anchor] = target.split('#') as [string, string | undefined]
        const file = path ? posix.normalize(posix.join(posix.dirname(md), path)) : md
        checked++
        const p = await check(file, anchor, `${md} → ${target}`)
        if (p) problems.push(p)
      }
    }
    expect(problems).toEqual([])
    expect(checked).toBeGreaterThan(5)
  })

  it("resolve every error's docsPath and every @zkml/web/….md pointer in the sources", async () => {
    const problems: string[] = []
    let checked = 0
    for (const file of await sourceFiles(join(root, 'src'))) {
      const text = await readFile(file, 'utf8')
      const where = relative(root, file)
      for (const m of text.matchAll(/docsPath: '([^']*)'/g)) {
        const [path, anchor] = m[1]!.split('#') as [string, string | undefined]
        checked++
        const p = path ? await check(path, anchor, `${where} docsPath ${m[1]}`) : `${where}: docsPath ${m[1]} names no file`
        if (p) problems.push(p)
      }
      for (const m of text.matchAll(/@zkml\/web\/([\w./-]+\.md)(?:#([\w-]+))?/g)) {
        checked++
        const p = await check(m[1]!, m[2], `${where} ${m[0]}`)
        if (p) problems.push(p)
      }
    }
    expect(problems).toEqual([])
    expect(checked).toBeGreaterThan(10)
  })

  it('slugs headings the way GitHub does', () => {
    const a = anchors('# Browser runtime (`@zkml/web`, also `@zkml/web/prover`)\n## The result\n## Caching\n## Caching\n```sh\n# not a heading\n```\n### Headers and bundling')
    expect([...a]).toEqual(['browser-runtime-zkmlweb-also-zkmlwebprover', 'the-result', 'caching', 'caching-1', 'headers-and-bundling'])
  })
})
