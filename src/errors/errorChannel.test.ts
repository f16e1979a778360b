/**
 * One error channel, kept by a scan of the sources: every thrown error is a named `ZkmlError`
 * subclass defined under `src/errors/`. A new `throw new Error(…)`, an unnamed `new ZkmlError(…)`
 * or an error class defined elsewhere fails here with the file and line.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as errors from './index.js'
import * as chainErrors from './chain.js'
import * as runtimeErrors from './runtime.js'
import * as nodeErrors from './node.js'
import { ZkmlError } from './base.js'

const ROOT = join(import.meta.dirname, '..', '..')
const ERRORS_DIR = join('src', 'errors')

/** Every non-test TypeScript file under src/ and workers/, as `[path relative to the root, text]`. */
function sources(): [string, string][] {
  const out: [string, string][] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (/\.ts$/.test(entry.name) && !/\.test(-d)?\.ts$/.test(entry.name)) out.push([path, readFileSync(join(ROOT, path), 'utf8')])
    }
  }
  walk('src')
  walk('workers')
  return out
}

/** `file:line: text` for each line of each file matching `pattern`. */
function hits(files: [string, string][], pattern: RegExp): string[] {
  return files.flatMap(([path, text]) =>
    text.split('\n').flatMap((line, i) => (pattern.test(line) ? [`${path.split(sep).join('/')}:${i + 1}: ${line.trim()}`] : [])),
  )
}

const files = sources()
const inErrors = (path: string) => relative(ERRORS_DIR, path).split(sep)[0] !== '..'

describe('one error channel', () => {
  it('finds the sources (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(100)
    expect(files.some(([p]) => p.endsWith(join('chain', 'sendTransaction.ts')))).toBe(true)
  })

  it('no bare Error, RangeError, TypeError or SyntaxError is created', () => {
    expect(hits(files, /\bnew (Error|RangeError|TypeError|SyntaxError)\(/)).toEqual([])
  })

  it('no unnamed `new ZkmlError(…)`: every error is a named subclass', () => {
    expect(hits(files, /\bnew ZkmlError\(/)).toEqual([])
  })

  it('every error class is defined under src/errors/', () => {
    // Class names of the ZkmlError hierarchy, from the definitions under src/errors/.
    const defined = new Set(['ZkmlError'])
    for (const [path, text] of files.filter(([p]) => inErrors(p)))
      for (const m of text.matchAll(/class (\w+) extends (\w+)/g)) defined.add(m[1]!)
    const outside = files.filter(([p]) => !inErrors(p))
    const extendsError = hits(outside, /class \w+ extends (\w*Error\b|ZkmlError)/)
    expect(extendsError).toEqual([])
    expect(hits(outside, new RegExp(`class \\w+ extends (${[...defined].join('|')})\\b`))).toEqual([])
  })

  it('every class under src/errors/ has a literal `name` equal to its class name', () => {
    const problems: string[] = []
    for (const [path, text] of files.filter(([p]) => inErrors(p))) {
      for (const m of text.matchAll(/export class (\w+) extends \w+ \{\n(?:\s*\/\*\*[^]*?\*\/\n)?\s*override name = '(\w+)'/g))
        if (m[1] !== m[2]) problems.push(`${path}: class ${m[1]} has name '${m[2]}'`)
      const classes = [...text.matchAll(/export class (\w+) extends/g)].map((m) => m[1]!)
      const named = [...text.matchAll(/export class (\w+) extends \w+ \{\n(?:\s*\/\*\*[^]*?\*\/\n)?\s*override name = '/g)].map((m) => m[1]!)
      for (const c of classes) if (!named.includes(c)) problems.push(`${path}: class ${c} has no literal \`override name\` as its first member`)
    }
    expect(problems).toEqual([])
  })

  it('the classes are real ZkmlError subclasses whose instances carry that name', () => {
    const modules = { ...errors, ...chainErrors, ...runtimeErrors, ...nodeErrors }
    const classes = Object.entries(modules).filter(([, v]) => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Error)
    expect(classes.length).toBeGreaterThan(40)
    for (const [exported, cls] of classes) expect(cls === ZkmlError || (cls as { prototype: object }).prototype instanceof ZkmlError, exported).toBe(true)
    // Spot-check instances: the name survives construction (no class inherits its parent's name).
    const samples: ZkmlError[] = [
      new errors.InternalError({ invariant: 'x' }),
      new errors.ArtifactHashMismatchError({ file: 'f', expected: 'a', actual: 'b' }),
      new errors.InputRangeError({ inputName: 'x', index: 0, value: 9, min: 0, max: 1 }),
      new chainErrors.UnexpectedReceiptError({ transactionHash: '0x', address: '0x', functionName: 'verify', expected: 'event' }),
      new chainErrors.InvalidProofFormatError({ field: 'proof', reason: 'r' }),
      new nodeErrors.CliUsageError('bad', { command: 'compile' }),
    ]
    for (const e of samples) expect(e.name).toBe(e.constructor.name)
  })
})
