/**
 * Refreshes `test/data/onnx-conformance/` (the ONNX backend tests the conformance suites read) from
 * `../shared/onnx-conformance` when that folder exists beside the repository. The copy in the
 * repository is what `npm test` uses, so a clone runs the whole suite without `../shared`.
 *
 * Usage: `npm run test:data` (prints what changed; exits 1 if the source is missing).
 */
import { cpSync, existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..')
const SOURCE = path.resolve(REPO, '../shared/onnx-conformance')
const TARGET = path.join(REPO, 'test/data/onnx-conformance')
/** The suites the tests read; each folder carries its own SOURCE.txt (upstream tag and path). */
const SUITES = ['node', 'pytorch', 'node-ops2'] as const

if (!existsSync(SOURCE)) {
  console.error(`No ${SOURCE}: nothing to refresh from. The copy in ${path.relative(REPO, TARGET)} stays as it is.`)
  process.exit(1)
}
for (const suite of SUITES) {
  const from = path.join(SOURCE, suite)
  if (!existsSync(from)) {
    console.error(`${from} is missing`)
    process.exit(1)
  }
  rmSync(path.join(TARGET, suite), { recursive: true, force: true })
  cpSync(from, path.join(TARGET, suite), { recursive: true })
  console.log(`refreshed ${suite}`)
}
cpSync(path.join(SOURCE, 'README.md'), path.join(TARGET, 'README.md'))
console.log('Done: review with `git status test/data`.')
