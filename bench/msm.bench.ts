/**
 * MSM side by side: our wasm MSM (wasm/msm.ts) vs ffjavascript's (snarkjs's, `multiExpAffine`) vs
 * native ffiasm (x86-64 assembly, bench/native), G1 and G2, 2^min … 2^max points, 1 and 2 threads,
 * the same points and scalars for all three (the native harness writes them: P_i = P_{i-1} + P_{i-2},
 * pseudo-random 253-bit scalars). Each run times the three in turn (rotating order), so the medians
 * and ratios come from the same load; the first run also checks the three results are equal. The
 * wasm MSMs get one untimed warm-up run each (steady state, as in a prover that has proved once).
 *
 * ffjavascript's thread count is its default (one worker per core) for "2 threads" on this 2-core
 * machine, and `singleThread` for 1.
 *
 * Run: npx tsx bench/msm.bench.ts [--min 14] [--max 18] [--runs 3] [--threads 1,2] [--curves g1,g2] [--no-ffjs]
 * (`--no-ffjs` times only ours and native: quicker when tuning ours against the floor; `--plain` adds
 * our MSM with the other GLV choice (without the split where the default splits) to the rotation; `--c 12` or `--c 11,12` sets our window width,
 * one column per width, for tuning glvWindowBits; `--c 13b2048` also sets the additions per shared
 * inversion (8192 for G1 and 2048 for G2 by default); `--glv on` or `--glv off` forces
 * the split for ours and its `--c` columns, `--plain` then timing the other choice).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildBn128 } from 'ffjavascript'
import { createMsm } from '../wasm/msm.js'
import { glvPays, glvWindowBits, windowBits } from '../wasm/prover.js'
import { buildNativeMsm } from './native/build.js'
import { REPO, emit, log, median } from './lib/util.js'

export type MsmRow = {
  curve: 'g1' | 'g2'
  log2n: number
  threads: number
  windowBits: number
  /** Whether ours split the scalars (GLV). */
  glv: boolean
  oursMs: number
  /**
   * Process CPU time of one run (ours: this process, workers included; native: the harness's),
   * medians: with 1 thread, the ratio a loaded machine disturbs least (wall time also counts the
   * time other processes hold the cores).
   */
  oursCpuMs: number
  nativeCpuMs: number | undefined
  /** Ours with the other choice of GLV split (`--plain`: without where the default uses it, with where not). */
  plainMs?: number
  plainAll?: number[]
  ffjavascriptMs: number
  nativeMs: number | undefined
  oursAll: number[]
  ffjavascriptAll: number[]
  nativeAll: number[]
}
export type MsmResult = { rows: MsmRow[]; native: string; runs: number; load1: number[] }

const { values: o } = parseArgs({
  options: {
    min: { type: 'string', default: '14' },
    max: { type: 'string', default: '18' },
    runs: { type: 'string', default: '3' },
    threads: { type: 'string', default: '1,2' },
    curves: { type: 'string', default: 'g1,g2' },
    'no-ffjs': { type: 'boolean', default: false },
    plain: { type: 'boolean', default: false },
    c: { type: 'string' },
    glv: { type: 'string' },
  },
})
const runs = Number(o.runs)
const threadList = o.threads.split(',').map(Number)
const curves = o.curves.split(',') as ('g1' | 'g2')[]

let native: string | undefined
let nativeNote = ''
try {
  native = buildNativeMsm()
  nativeNote = 'ffiasm 0.1.5 (npm), nasm + g++ -O3 -fopenmp'
} catch (e) {
  nativeNote = `not built: ${(e as Error).message.split('\n')[0]}`
  log(`native ffiasm MSM ${nativeNote}`)
}

const dataDir = join(REPO, '.cache/msm')
mkdirSync(dataDir, { recursive: true })
const os = await import('node:os')

const rows: MsmRow[] = []
const load1: number[] = []
for (const curve of curves) {
  for (let lg = Number(o.min); lg <= Number(o.max); lg++) {
    const n = 1 << lg
    const file = join(dataDir, `${curve}_${lg}.bin`)
    if (!existsSync(file)) {
      if (!native) throw new Error('The native harness writes the benchmark points; it could not be built.')
      spawnSync(native, ['gen', curve, String(n), file], { stdio: 'inherit' })
    }
    const buf = readFileSync(file)
    const aff = curve === 'g1' ? 64 : 128
    const points = new Uint8Array(buf.buffer, buf.byteOffset + 4, n * aff)
    const scalars = new Uint8Array(buf.buffer, buf.byteOffset + 4 + n * aff, n * 32)
    for (const threads of threadList) {
      load1.push(os.loadavg()[0]!)
      const specs = o.c ? o.c.split(',').map((v) => /^(\d+)(?:b(\d+))?$/.exec(v.trim())) : [undefined]
      if (specs.some((m) => m === null)) throw new Error(`--c takes widths like 13 or 13b2048: ${o.c}`)
      const widths = specs.map((m) => (m ? Number(m[1]) : undefined))
      const variants = specs.map((m) => ({ name: m ? `ours_c${m[0]}` : 'ours', c: m ? Number(m[1]) : undefined, batch: m?.[2] ? Number(m[2]) : undefined }))
      const glvChoice = o.glv === 'on' ? true : o.glv === 'off' ? false : glvPays(curve, n)
      const instances = await Promise.all(variants.map((v) => createMsm({ curve, points, scalars, threads, c: v.c, glv: glvChoice, batch: v.batch })))
      const ours = instances[0]!
      // `--plain`: ours without the GLV split, where the default uses it (else with it, to compare)
      const plain = o.plain ? await createMsm({ curve, points, scalars, threads, glv: !glvChoice }) : undefined
      const withFfjs = !o['no-ffjs']
      const ffjs = withFfjs ? await buildBn128(threads === 1) : undefined
      const G = ffjs ? (curve === 'g1' ? ffjs.G1 : ffjs.G2) : undefined
      const t: Record<string, number[]> = { ours: [], ffjs: [], native: [], plain: [] }
      const results: Record<string, string> = {}
      const cpu: Record<string, number[]> = {}
      const steps: Record<string, () => Promise<string | { ms: number; cpu: number; x: string }>> = {
        ours: async () => Buffer.from(await ours.run()).toString('hex'),
        plain: async () => Buffer.from(await plain!.run()).toString('hex'),
        ffjs: async () => Buffer.from(G!.toAffine(await G!.multiExpAffine(points, scalars))).toString('hex'),
        native: async () => {
          const r = spawnSync(native!, ['run', curve, file, String(threads)], { encoding: 'utf8' })
          const j = JSON.parse(r.stdout) as { ms: number; cpu_ms: number; x: string }
          return { ms: j.ms, cpu: j.cpu_ms, x: j.x }
        },
      }
      for (const [k, v] of variants.entries()) {
        if (!k) continue
        t[v.name] = []
        steps[v.name] = async () => Buffer.from(await instances[k]!.run()).toString('hex')
      }
      // One untimed run of each wasm MSM first: V8 compiles wasm with its baseline compiler and
      // swaps in optimised code per function once it is hot, but only for later calls (a window
      // already running keeps the baseline code), so a first run measures the compiler.
      for (const name of Object.keys(steps)) if (name !== 'native' && (name !== 'plain' || plain) && (name !== 'ffjs' || withFfjs)) await steps[name]!()
      const names = ['ours', ...variants.slice(1).map((v) => v.name), ...(plain ? ['plain'] : []), ...(withFfjs ? ['ffjs'] : []), ...(native ? ['native'] : [])]
      for (let i = 0; i < runs; i++) {
        const order = names.map((_, k) => names[(k + i) % names.length]!)
        for (const name of order) {
          const c0 = process.cpuUsage()
          const t0 = performance.now()
          const r = await steps[name]!()
          const ms = performance.now() - t0
          const c1 = process.cpuUsage(c0)
          if (typeof r === 'string') {
            t[name]!.push(ms)
            ;(cpu[name] ??= []).push((c1.user + c1.system) / 1000)
            results[name] = r
          } else {
            t[name]!.push(r.ms) // the harness's own timer (the file load is outside it)
            ;(cpu[name] ??= []).push(r.cpu)
            results[name] = r.x
          }
        }
        if (i === 0 && new Set(Object.values(results)).size !== 1) throw new Error(`${curve} 2^${lg}: the MSM results differ: ${JSON.stringify(results)}`)
      }
      for (const x of instances) await x.dispose()
      await plain?.dispose()
      if (ffjs && threads === 1) await ffjs.terminate()
      const row: MsmRow = {
        curve, log2n: lg, threads, windowBits: widths[0] ?? (glvChoice ? glvWindowBits(n) : windowBits(n)),
        glv: glvChoice,
        oursMs: median(t.ours!), ffjavascriptMs: withFfjs ? median(t.ffjs!) : NaN, nativeMs: native ? median(t.native!) : undefined,
        oursAll: t.ours!, ffjavascriptAll: t.ffjs!, nativeAll: t.native!,
        ...(plain ? { plainMs: median(t.plain!), plainAll: t.plain! } : {}),
        oursCpuMs: median(cpu.ours!), nativeCpuMs: native ? median(cpu.native!) : undefined,
        ...Object.fromEntries(variants.slice(1).map((v) => [`${v.name}Ms`, median(t[v.name]!)])),
      }
      rows.push(row)
      log(`${curve} 2^${lg} ×${threads}: ours ${row.oursMs.toFixed(0)} ms, ffjavascript ${row.ffjavascriptMs.toFixed(0)} ms, native ${row.nativeMs?.toFixed(0) ?? '—'} ms` +
        ` (ffjs/ours ${(row.ffjavascriptMs / row.oursMs).toFixed(2)}, ours/native ${row.nativeMs ? (row.oursMs / row.nativeMs).toFixed(2) : '—'})` +
        (threads === 1 && row.nativeCpuMs ? `; CPU ours/native ${(row.oursCpuMs / row.nativeCpuMs).toFixed(2)}` : '') +
        (plain ? `; plain ${row.plainMs!.toFixed(0)} ms (${(row.plainMs! / row.nativeMs!).toFixed(2)})` : '') +
        variants.slice(1).map((v) => `; ${v.name} ${median(t[v.name]!).toFixed(0)} ms (${(median(t[v.name]!) / row.nativeMs!).toFixed(2)}` + (row.nativeCpuMs ? `, CPU ${(median(cpu[v.name]!) / row.nativeCpuMs).toFixed(2)}` : '') + ')').join(''))
    }
  }
}
await (globalThis as { curve_bn128?: { terminate(): Promise<void> } | null }).curve_bn128?.terminate()
const result: MsmResult = { rows, native: nativeNote, runs, load1 }
emit(result)
