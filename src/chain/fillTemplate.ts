/**
 * A tiny filler for the subset of ejs that snarkjs's Solidity verifier template uses, so the
 * browser-safe `@zkml/web/chain` entry needs neither `ejs` nor its `fs`/`path` imports.
 *
 * Supported (anything else is an `InvalidVerifierTemplateError` quoting the tag):
 * - `<%= expr %>`: prints an integer (a number, a bigint or a decimal-digit string). Nothing else is
 *   printed, so ejs's HTML escaping never applies and the output is byte-identical to ejs's.
 * - `<% for (let i = expr; i < expr; i++) { %>` … `<% } %>` (also `<=`): a counted loop.
 * - `expr`: integer literals, names from `data`, `a[expr]`, `a.length`, unary `-`, `+`, `-`, `*`
 *   and parentheses. No code is evaluated (no `eval`/`Function`), so a CSP without
 *   `'unsafe-eval'` is fine.
 *
 * Text outside tags is copied verbatim, as ejs does with its default options (no whitespace trimming).
 */
import { InvalidVerifierTemplateError } from '../errors/chain.js'

/** Values a template reads: integers, decimal strings and (nested) arrays of them. */
export type TemplateValue = number | bigint | string | readonly TemplateValue[]

/** Parameters of {@link fillTemplate}. */
export type FillTemplateParameters = {
  /** The template text (e.g. snarkjs's `verifier_groth16.sol.ejs`). */
  template: string
  /** The names the template reads. */
  data: Readonly<Record<string, TemplateValue>>
}
export type FillTemplateReturnType = string
export type FillTemplateErrorType = InvalidVerifierTemplateError

/** The error for a template outside the subset, quoting where. */
function templateError(reason: string, at?: string): InvalidVerifierTemplateError {
  return new InvalidVerifierTemplateError({ reason: at === undefined ? reason : `${reason} (at ${JSON.stringify(at)})` })
}

type Node = { kind: 'text'; text: string } | { kind: 'expr'; expr: string } | { kind: 'for'; name: string; from: string; op: '<' | '<='; to: string; body: Node[] }

const FOR = /^for\s*\(\s*let\s+([A-Za-z_$][\w$]*)\s*=\s*(.+?)\s*;\s*([A-Za-z_$][\w$]*)\s*(<=|<)\s*(.+?)\s*;\s*([A-Za-z_$][\w$]*)\s*\+\+\s*\)\s*\{$/

/** Splits the template into text and tags and nests the loops. */
function parse(template: string): Node[] {
  const root: Node[] = []
  const stack: Node[][] = [root]
  let at = 0
  for (;;) {
    const open = template.indexOf('<%', at)
    const top = stack[stack.length - 1]!
    if (open < 0) {
      if (at < template.length) top.push({ kind: 'text', text: template.slice(at) })
      break
    }
    if (open > at) top.push({ kind: 'text', text: template.slice(at, open) })
    const close = template.indexOf('%>', open + 2)
    if (close < 0) throw templateError('a tag is not closed', template.slice(open, open + 40))
    const raw = template.slice(open + 2, close)
    at = close + 2
    if (raw.startsWith('=')) {
      top.push({ kind: 'expr', expr: raw.slice(1).trim() })
      continue
    }
    if (/^[-_#%]/.test(raw) || raw.endsWith('-') || raw.endsWith('_')) throw templateError('unsupported tag form', `<%${raw}%>`)
    const code = raw.trim()
    if (code === '}') {
      if (stack.length === 1) throw templateError('a closing brace without a loop', `<%${raw}%>`)
      stack.pop()
      continue
    }
    const m = FOR.exec(code)
    if (!m || m[1] !== m[3] || m[1] !== m[6]) throw templateError('only `for (let i = a; i < b; i++) {` loops are supported', `<%${raw}%>`)
    const body: Node[] = []
    top.push({ kind: 'for', name: m[1]!, from: m[2]!, op: m[4] as '<' | '<=', to: m[5]!, body })
    stack.push(body)
  }
  if (stack.length !== 1) throw templateError('a loop is not closed')
  return root
}

/** Evaluates an expression of the supported grammar (recursive descent over a token list). */
function evaluate(source: string, scope: ReadonlyMap<string, TemplateValue>): TemplateValue {
  const tokens = source.match(/\d+|[A-Za-z_$][\w$]*|[-+*()[\].]|\S/g) ?? []
  let i = 0
  const fail = (reason: string): never => {
    throw templateError(reason, `<%= ${source} %>`)
  }
  const int = (v: TemplateValue): number => (typeof v === 'number' && Number.isSafeInteger(v) ? v : fail('arithmetic on a value that is not an integer'))
  const primary = (): TemplateValue => {
    const t = tokens[i++]
    if (t === undefined) return fail('unexpected end of expression')
    if (/^\d+$/.test(t)) return Number(t)
    if (t === '(') {
      const v = sum()
      if (tokens[i++] !== ')') fail('missing )')
      return v
    }
    if (t === '-') return -int(primary())
    if (/^[A-Za-z_$]/.test(t)) {
      if (!scope.has(t)) fail(`unknown name "${t}"`)
      let v = scope.get(t)!
      for (;;) {
        if (tokens[i] === '[') {
          i++
          const index = int(sum())
          if (tokens[i++] !== ']') fail('missing ]')
          if (!Array.isArray(v) || index < 0 || index >= v.length) fail(`index ${index} out of range`)
          v = (v as readonly TemplateValue[])[index]!
        } else if (tokens[i] === '.' && tokens[i + 1] === 'length') {
          i += 2
          if (!Array.isArray(v)) fail('.length of a value that is not an array')
          v = (v as readonly TemplateValue[]).length
        } else return v
      }
    }
    return fail(`unexpected "${t}"`)
  }
  const product = (): TemplateValue => {
    let v = primary()
    while (tokens[i] === '*') {
      i++
      v = int(v) * int(primary())
    }
    return v
  }
  const sum = (): TemplateValue => {
    let v = product()
    while (tokens[i] === '+' || tokens[i] === '-') {
      const op = tokens[i++]
      const r = int(product())
      v = op === '+' ? int(v) + r : int(v) - r
    }
    return v
  }
  const value = sum()
  if (i !== tokens.length) fail(`unexpected "${tokens[i]}"`)
  return value
}

/** Prints an integer value; refuses anything else (so nothing needs escaping). */
function print(v: TemplateValue, expr: string): string {
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v)
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return v
  throw templateError('only integers are printed', `<%= ${expr} %>`)
}

function render(nodes: readonly Node[], scope: Map<string, TemplateValue>, out: string[]): void {
  for (const n of nodes) {
    if (n.kind === 'text') out.push(n.text)
    else if (n.kind === 'expr') out.push(print(evaluate(n.expr, scope), n.expr))
    else {
      const from = evaluate(n.from, scope)
      const to = evaluate(n.to, scope)
      if (typeof from !== 'number' || typeof to !== 'number') throw templateError('loop bounds must be integers', `for (let ${n.name} = ${n.from}; …)`)
      const saved = scope.get(n.name)
      const had = scope.has(n.name)
      for (let k = from; n.op === '<' ? k < to : k <= to; k++) {
        scope.set(n.name, k)
        render(n.body, scope, out)
      }
      if (had) scope.set(n.name, saved!)
      else scope.delete(n.name)
    }
  }
}

/**
 * Fills a template written in the ejs subset above with `data`.
 * @param parameters {@link FillTemplateParameters}
 * @returns the filled text (byte-identical to `ejs.render(template, data)` for supported templates)
 * @throws {InvalidVerifierTemplateError} When the template uses a tag outside the subset, or an expression
 *   reads an unknown name, indexes out of range or prints something other than an integer.
 * @example
 * import { fillTemplate } from '@zkml/web/chain'
 * fillTemplate({ template: 'uint[<%= IC.length - 1 %>]', data: { IC: [[1, 2], [3, 4]] } }) // 'uint[1]'
 */
export function fillTemplate({ template, data }: FillTemplateParameters): FillTemplateReturnType {
  const scope = new Map<string, TemplateValue>(Object.entries(data))
  const out: string[] = []
  render(parse(template), scope, out)
  return out.join('')
}
