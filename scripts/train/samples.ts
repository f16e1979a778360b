/**
 * Calibration and sample-input files in EZKL's JSON format, `{ "input_data": [[...]] }`: one flat
 * list of values (several images concatenated for calibration). Values are written as the
 * shortest decimals that parse back to the same float32, so a reader gets the exact model inputs.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { downsample14, loadMnist } from '../../src/node/mnist.js'

/** Shortest decimal that rounds to the same float32 as `v`. */
export function shortestFloat32(v: number): number {
  const f = Math.fround(v)
  for (let p = 1; p < 10; p++) {
    const s = Number(f.toPrecision(p))
    if (Math.fround(s) === f) return s
  }
  return f
}

/** Serializes values as EZKL's `{ "input_data": [[...]] }`. */
export function ezklInputJson(values: Float32Array): string {
  return `${JSON.stringify({ input_data: [Array.from(values, shortestFloat32)] })}\n`
}

/**
 * Writes `calibration_784.json` / `calibration_196.json` (the first `count` training images) and
 * `input_784.json` / `input_196.json` (test image `testIndex`) into `dir`.
 * @param parameters.dir output folder
 * @param parameters.count calibration images (default 64)
 * @param parameters.testIndex the sample test image (default 0, a "7")
 * @returns the written file paths
 */
export function writeSampleFiles({ dir, count = 64, testIndex = 0 }: { dir: string; count?: number; testIndex?: number }): string[] {
  const calib = loadMnist({ split: 'train', limit: count }).images
  const test = loadMnist({ split: 'test', limit: testIndex + 1 }).images.subarray(testIndex * 784)
  const files: [string, Float32Array][] = [
    ['calibration_784.json', calib],
    ['calibration_196.json', downsample14(calib)],
    ['input_784.json', test],
    ['input_196.json', downsample14(test)],
  ]
  return files.map(([name, values]) => {
    const path = join(dir, name)
    writeFileSync(path, ezklInputJson(values))
    return path
  })
}
