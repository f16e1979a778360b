/**
 * The committed wasm/binary.ts is built from the current wasm/src: its recorded source hash matches
 * (always checked), and, where clang-16 is installed (CI installs it), a fresh build is byte for
 * byte the committed file (the build is deterministic).
 */
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { SOURCE_HASH } from '../../wasm/binary.js'
import { CLANG, buildWasm, sourceHash } from '../../wasm/build.js'

const haveClang = (() => {
  try {
    execFileSync(CLANG, ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describe('wasm/binary.ts', () => {
  it('records the hash of the current sources (run `npm run build:wasm` after editing wasm/src)', () => {
    expect(SOURCE_HASH).toBe(sourceHash())
  })
  it.skipIf(!haveClang)('is exactly what a fresh build produces', { timeout: 300_000 }, () => {
    const { binaryTs } = buildWasm()
    expect(binaryTs === readFileSync(new URL('../../wasm/binary.ts', import.meta.url), 'utf8')).toBe(true)
  })
})
