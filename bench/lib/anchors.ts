/**
 * The published comparison figures: `../shared/anchors/zkml-benchmark-results.csv`, a copy of
 * Guy1m0/ZKML-Benchmark `benchmarks/benchmark_results.csv` (commit a525e240, 2024-03-13) — see the
 * README beside it. Read at bench time, never copied into this repository. Their times and memory
 * are from native CLI runs on a machine the report does not name: quote them as theirs.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ANCHORS_DIR } from './util.js'

export const ANCHORS_FILE = join(ANCHORS_DIR, 'zkml-benchmark-results.csv')
export const ANCHORS_SOURCE = 'Guy1m0/ZKML-Benchmark, benchmarks/benchmark_results.csv (commit a525e240, 2024-03-13)'

export type AnchorRow = {
  framework: string
  architecture: string
  parameters: number
  testingSize: number
  accuracyLossPct: number
  memoryMB: number
  provingTimeS: number
  notes: string
  /** circomlib-ml rows: the non-linear constraint count from the Notes column. */
  constraints?: number | undefined
}

/** Splits one CSV line (double quotes may enclose commas). */
function splitCsv(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') (cur += '"'), i++
      else quoted = !quoted
    } else if (ch === ',' && !quoted) out.push(cur), (cur = '')
    else cur += ch
  }
  out.push(cur)
  return out
}

/** Reads every row of the anchors CSV. */
export async function readAnchors(file = ANCHORS_FILE): Promise<AnchorRow[]> {
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/).filter((l) => l.trim())
  const header = splitCsv(lines[0]!)
  const col = (name: string) => {
    const i = header.indexOf(name)
    if (i < 0) throw new Error(`anchors CSV has no column "${name}"`)
    return i
  }
  const c = {
    framework: col('Framework'), architecture: col('Architecture'), parameters: col('# Parameters'), testing: col('Testing Size'),
    loss: col('Accuracy Loss (%)'), memory: col('Avg Memory Usage (MB)'), time: col('Avg Proving Time (s)'), notes: col('Notes'),
  }
  return lines.slice(1).map((l) => {
    const f = splitCsv(l)
    const notes = f[c.notes] ?? ''
    const m = /non-linear constraints:\s*(\d+)/.exec(notes)
    return {
      framework: f[c.framework]!.trim(),
      architecture: f[c.architecture]!.trim(),
      parameters: Number(f[c.parameters]),
      testingSize: Number(f[c.testing]),
      accuracyLossPct: Number(f[c.loss]),
      memoryMB: Number(f[c.memory]),
      provingTimeS: Number(f[c.time]),
      notes,
      constraints: m ? Number(m[1]) : undefined,
    }
  })
}

/** The comparison entries we report per architecture: one row per framework (and EZKL mode). */
export type AnchorPick = { label: string; row: AnchorRow }

/**
 * Picks, for an architecture, circomlib-ml, zkml, EZKL (mode=resource and mode=accuracy) and opML:
 * the row with the largest test set (preferring the "Combined 0-2500" summary rows on ties).
 */
export function pickAnchors(rows: readonly AnchorRow[], architecture: string): AnchorPick[] {
  const arch = architecture.toLowerCase()
  const same = rows.filter((r) => r.architecture.toLowerCase() === arch)
  const groups: [string, (r: AnchorRow) => boolean][] = [
    ['circomlib-ml', (r) => r.framework.startsWith('circomlib-ml')],
    ['zkml (Halo2)', (r) => r.framework.startsWith('zkml')],
    ['EZKL, mode=resources', (r) => r.framework.startsWith('ezkl') && /mode=resource/.test(r.notes)],
    ['EZKL, mode=accuracy', (r) => r.framework.startsWith('ezkl') && /mode=accuracy/.test(r.notes)],
    ['opML', (r) => r.framework.startsWith('opml')],
  ]
  const out: AnchorPick[] = []
  for (const [label, test] of groups) {
    const cands = same.filter(test).sort((a, b) => b.testingSize - a.testingSize || Number(/Combined/.test(b.notes)) - Number(/Combined/.test(a.notes)))
    if (cands[0]) out.push({ label, row: cands[0] })
  }
  return out
}
