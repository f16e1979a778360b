/**
 * `@zkml/web/chain` is browser-safe: bundling its entry for the browser (vite, as a dApp would)
 * pulls in no `ejs` and no Node built-in (`fs`, `path`, …), so vite prints no "externalized for
 * browser compatibility" warning. A control entry that imports ejs shows the check can fail.
 */
import { builtinModules } from 'node:module'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { build, type Plugin, type Rollup } from 'vite'

const root = resolve(import.meta.dirname, '../..')
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])

type Report = { modules: string[]; nodeImports: string[]; warnings: string[] }

/** Bundles `entry` for the browser in memory; returns every module it contains and what vite warned. */
async function bundle(entry: string): Promise<Report> {
  const modules = new Set<string>()
  const nodeImports = new Set<string>()
  const warnings: string[] = []
  const spy: Plugin = {
    name: 'record-modules',
    enforce: 'pre',
    resolveId(source) {
      if (builtins.has(source)) nodeImports.add(source)
      return null
    },
    moduleParsed(info) {
      modules.add(info.id)
    },
  }
  const out = (await build({
    root,
    configFile: false,
    logLevel: 'silent',
    customLogger: { info() {}, warn: (m) => void warnings.push(m), warnOnce: (m) => void warnings.push(m), error: (m) => void warnings.push(m), clearScreen() {}, hasErrorLogged: () => false, hasWarned: false },
    plugins: [spy],
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry, formats: ['es'], fileName: 'chain' },
      rollupOptions: { onwarn: (w) => void warnings.push(w.message) },
    },
  })) as Rollup.RollupOutput[] | Rollup.RollupOutput
  const outputs = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output)
  for (const o of outputs) if (o.type === 'chunk') for (const id of Object.keys(o.modules)) modules.add(id)
  return { modules: [...modules], nodeImports: [...nodeImports], warnings }
}

describe('@zkml/web/chain in a browser bundle', () => {
  it('contains no ejs and no Node built-in', async () => {
    const r = await bundle(join(root, 'src/chain/index.ts'))
    expect(r.modules.some((m) => m.includes('/src/chain/verifierSource.ts'))).toBe(true)
    expect(r.modules.filter((m) => /node_modules\/(ejs|snarkjs|onnxruntime-web|ffjavascript)\//.test(m))).toEqual([])
    expect(r.modules.filter((m) => m.includes('__vite-browser-external'))).toEqual([])
    expect(r.nodeImports).toEqual([])
    expect(r.warnings.filter((w) => /externalized for browser compatibility|ejs/i.test(w))).toEqual([])
  }, 120_000)

  it('the check catches a Node-only dependency (control: an entry importing ejs)', async () => {
    const r = await bundle(join(root, 'test/package/fixtures/importsEjs.ts'))
    expect(r.modules.some((m) => m.includes('node_modules/ejs/'))).toBe(true)
    expect(r.nodeImports.length + r.modules.filter((m) => m.includes('__vite-browser-external')).length).toBeGreaterThan(0)
  }, 120_000)
})
