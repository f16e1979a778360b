import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { IRIS_GENERATED_PATH, renderIrisRegistryModule } from '../../scripts/identity/generateContracts.js'
import { linkIrisRegistry } from '../../src/identity/registry/deployIrisRegistry.js'
import { irisRegistryBytecode } from '../../src/identity/generated/irisRegistry.js'

describe('generated IrisRegistry module', () => {
  it('is up to date with contracts/IrisRegistry.sol (run scripts/identity/generateContracts.ts)', async () => {
    expect(readFileSync(IRIS_GENERATED_PATH, 'utf8')).toBe(await renderIrisRegistryModule())
  })

  it('links PoseidonT3 at every placeholder', () => {
    expect(irisRegistryBytecode).toMatch(/__\$[0-9a-f]{34}\$__/)
    const linked = linkIrisRegistry('0x3333333C0A88F9BE4fd23ed0536F9B6c427e3B93')
    expect(linked).not.toMatch(/__/)
    expect(linked).toContain('3333333c0a88f9be4fd23ed0536f9b6c427e3b93')
    expect(linked.length).toBe(irisRegistryBytecode.length)
  })
})
