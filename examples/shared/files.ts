/** Small file helpers of the examples' scripts (Node). */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/** Writes `data` as pretty JSON (with a final newline), creating the folder. */
export function writeJson(file: string, data: unknown): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`)
}

/** Reads a JSON file. */
export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T
}

/** sha256 (hex) of a file, or undefined when it does not exist. */
export function fileSha256(file: string): string | undefined {
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : undefined
}

/** Shortest decimal that parses back to the same float32 (compact, exact sample files). */
export function float32Decimal(v: number): number {
  const f = Math.fround(v)
  for (let p = 1; p < 10; p++) {
    const s = Number(f.toPrecision(p))
    if (Math.fround(s) === f) return s
  }
  return f
}

/** EZKL's input format for one flat input: `{ "input_data": [[...]] }` (samples concatenated). */
export function ezklInput(values: ArrayLike<number>): { input_data: number[][] } {
  return { input_data: [Array.from(values, float32Decimal)] }
}
