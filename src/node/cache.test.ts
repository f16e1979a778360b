import { describe, expect, it } from 'vitest'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { userCacheDir } from './cache.js'

describe('userCacheDir', () => {
  it('prefers ZKML_CACHE_DIR, then XDG_CACHE_HOME/zkml, then ~/.cache/zkml', () => {
    expect(userCacheDir({ env: { ZKML_CACHE_DIR: '/tmp/z', XDG_CACHE_HOME: '/x' } })).toBe('/tmp/z')
    expect(userCacheDir({ env: { XDG_CACHE_HOME: '/x' } })).toBe('/x/zkml')
    expect(userCacheDir({ env: {} })).toBe(join(homedir(), '.cache', 'zkml'))
    expect(userCacheDir({ env: { XDG_CACHE_HOME: '/x' }, sub: 'ptau' })).toBe('/x/zkml/ptau')
  })
})
