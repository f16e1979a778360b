/**
 * The per-user cache directory of @zkml/web (Node only): `$ZKML_CACHE_DIR` if set, else
 * `$XDG_CACHE_HOME/zkml`, else `~/.cache/zkml`.
 *
 * What may be stored there: downloaded public files (ceremony ptau files) and other
 * circuit-independent, secret-free data. The dev setup caches NOTHING: every dev setup draws fresh
 * τ, α, β, and a cached τ (or anything derived from it that is not public key material) would be
 * toxic waste lying on disk — whoever reads it can forge proofs for every key built from it.
 */
import { mkdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** Parameters of {@link userCacheDir}. */
export type UserCacheDirParameters = {
  /** Environment to read (default `process.env`). */
  env?: Record<string, string | undefined>
  /** Sub-folder inside the cache dir (e.g. `'ptau'`). */
  sub?: string
}

/**
 * Resolves (without creating) the cache directory.
 * @param params {@link UserCacheDirParameters}
 * @returns an absolute path.
 * @example userCacheDir({ sub: 'ptau' }) // '/home/me/.cache/zkml/ptau'
 */
export function userCacheDir({ env = process.env, sub }: UserCacheDirParameters = {}): string {
  const base = env.ZKML_CACHE_DIR
    ? resolve(env.ZKML_CACHE_DIR)
    : join(env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache'), 'zkml')
  return sub ? join(base, sub) : base
}

/**
 * Resolves and creates (mode 0700) the cache directory.
 * @param params {@link UserCacheDirParameters}
 * @returns the absolute path.
 */
export async function ensureUserCacheDir(params: UserCacheDirParameters = {}): Promise<string> {
  const dir = userCacheDir(params)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  return dir
}
