/**
 * Manifest parsing and per-file hash checks, shared by the Node loader and the browser runtime.
 */
import { ArtifactError, ArtifactHashMismatchError } from '../errors/artifact.js'
import { StatementMismatchError } from '../errors/statement.js'
import { MANIFEST_FORMAT, MANIFEST_VERSION, STATEMENT_KINDS, type Manifest, type ManifestBase, type SetupProvenance, type StatementKind } from './manifest.js'
import { sha256Hex } from '../utils/hex.js'

/**
 * Parses and sanity-checks a model's manifest.json text.
 * @throws {ArtifactError} When it is not a valid manifest.
 * @throws {StatementMismatchError} When it is the manifest of another statement (e.g. identity).
 */
export function parseManifest(text: string, file = 'manifest.json'): Manifest {
  return parseStatementManifest(text, { statement: 'model', file }) as Manifest
}

/**
 * Parses and sanity-checks manifest.json text of any statement: format, version, the file list, the
 * setup record (what the setup policy reads) and the statement it names, which must be `statement`.
 * The statement's own fields are checked by its loader (`parseManifest` for a model,
 * `checkIdentityManifest` for the identity statement).
 * @throws {ArtifactError} When it is not a valid manifest.
 * @throws {StatementMismatchError} When it names another (or an unknown) statement.
 */
export function parseStatementManifest(text: string, { statement, file = 'manifest.json' }: { statement: StatementKind; file?: string | undefined }): ManifestBase {
  const o = parseCommon(text, file)
  const actual = o.statement ?? 'model'
  if (!STATEMENT_KINDS.includes(actual) || actual !== statement) throw new StatementMismatchError({ expected: statement, actual: String(actual), file })
  return o
}

function parseCommon(text: string, file: string): ManifestBase {
  let m: unknown
  try {
    m = JSON.parse(text)
  } catch (e) {
    throw new ArtifactError('manifest.json is not valid JSON.', { file, cause: e })
  }
  const o = m as Partial<ManifestBase>
  if (o?.format !== MANIFEST_FORMAT) throw new ArtifactError('Not a @zkml/web manifest (format field missing or wrong).', { file })
  if ((o.version as unknown) === 1)
    throw new ArtifactError('These artifacts were compiled by an older @zkml/web (manifest version 1); recompile the model.', {
      file,
      details: 'Version-1 dev keys and default --ptau keys had δ = γ, so anyone holding vkey.json could forge proofs against them; version 2 also records the setup\'s contributions.',
    })
  if (o.version !== MANIFEST_VERSION) throw new ArtifactError(`Unsupported manifest version ${String(o.version)} (this library reads ${MANIFEST_VERSION}).`, { file })
  if (!o.files || typeof o.files !== 'object') throw new ArtifactError('manifest.json lists no files.', { file })
  checkSetupProvenance(o.setup, file)
  return o as ManifestBase
}

const isHex = (v: unknown, bytes?: number): v is string =>
  typeof v === 'string' && /^[0-9a-f]*$/.test(v) && v.length % 2 === 0 && (bytes === undefined ? v.length > 0 : v.length === 2 * bytes)
const isContribution = (c: unknown): boolean =>
  typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string' && isHex((c as { hash?: unknown }).hash, 64)

/**
 * Checks the shape of `manifest.setup` (what the setup policy reads).
 * @throws {ArtifactError} when it is missing or malformed.
 */
export function checkSetupProvenance(setup: unknown, file = 'manifest.json'): SetupProvenance {
  const bad = (what: string) => new ArtifactError(`manifest.json has a malformed setup record: ${what}.`, { file })
  if (typeof setup !== 'object' || setup === null) throw bad('setup is missing')
  const s = setup as Record<string, unknown>
  if (s.kind !== 'dev-insecure' && s.kind !== 'ceremony') throw bad(`unknown kind ${JSON.stringify(s.kind)}`)
  if (!Number.isSafeInteger(s.power)) throw bad('power is not an integer')
  if (!isHex(s.circuitHash, 64)) throw bad('circuitHash is not a 64-byte hex hash')
  if (!Array.isArray(s.contributions) || !s.contributions.every(isContribution)) throw bad('contributions must be a list of { name, hash }')
  if (s.kind === 'dev-insecure') {
    if (s.beacon !== null) throw bad('a dev setup has no beacon')
  } else {
    if (!isHex(s.ptauSha256, 32)) throw bad('ptauSha256 is not a sha256 hash')
    const b = s.beacon as Record<string, unknown> | null
    if (b !== null && (typeof b !== 'object' || !isHex(b.hash) || !Number.isSafeInteger(b.iterationsExp) || !isHex(b.contributionHash, 64)))
      throw bad('beacon must be null or { hash, iterationsExp, contributionHash }')
  }
  return setup as SetupProvenance
}

/** Checks `bytes` against the manifest's sha256 and size for `name`. */
export function checkArtifactBytes(manifest: ManifestBase, name: string, bytes: Uint8Array): Uint8Array {
  const entry = manifest.files[name]
  if (!entry) throw new ArtifactError(`The manifest does not list "${name}".`, { file: name })
  const actual = sha256Hex(bytes)
  if (actual !== entry.sha256) throw new ArtifactHashMismatchError({ file: name, expected: entry.sha256, actual })
  return bytes
}
