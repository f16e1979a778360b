/**
 * Fingerprints of the private values (capture, template, salt, secret): the renderings a leak
 * would most likely use — raw bytes as hex, base64 and decimal lists, bit strings, field elements
 * in decimal and hex (bare, `0x`-prefixed and as 32-byte ABI words). Used by the page's network
 * panel and by the tests to check that no request carries any of them.
 */
import { identityCommitment, packTemplate } from '@zkml/web/identity'

/** One needle to look for in URLs and bodies. */
export type Fingerprint = { label: string; needle: string }

/** Private values to watch for. */
export type PrivateValues = {
  /** Scans (1024 bytes each). */
  captures?: readonly Uint8Array[] | undefined
  /** The enrolled template (512 bytes of 0/1). */
  template?: Uint8Array | undefined
  salt?: bigint | undefined
  secret?: bigint | undefined
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))

/** Renderings of a field element: decimal, hex (bare and `0x`, minimal and 32-byte padded). */
function fieldNeedles(label: string, x: bigint): Fingerprint[] {
  const h = x.toString(16)
  return [
    { label: `${label} (decimal)`, needle: x.toString() },
    { label: `${label} (hex)`, needle: h },
    { label: `${label} (hex, 32-byte word)`, needle: h.padStart(64, '0') },
  ]
}

/** Renderings of a byte string, taken over a few 16-byte windows (a partial leak is still a leak). */
function bytesNeedles(label: string, bytes: Uint8Array): Fingerprint[] {
  const out: Fingerprint[] = []
  for (const start of [0, bytes.length >> 2, bytes.length >> 1, bytes.length - 16]) {
    const w = bytes.subarray(start, start + 16)
    out.push({ label: `${label} bytes ${start}… (hex)`, needle: hex(w) })
    out.push({ label: `${label} bytes ${start}… (base64)`, needle: base64(w.subarray(0, 15)) })
    out.push({ label: `${label} bytes ${start}… (decimal list)`, needle: Array.from(w).join(',') })
  }
  return out
}

/** True when one character makes up most of the needle (e.g. zero runs): it would match ABI padding by chance. */
function lowEntropy(needle: string): boolean {
  const counts = new Map<string, number>()
  for (const ch of needle) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  return needle.length < 8 || Math.max(...counts.values()) > 0.8 * needle.length
}

/**
 * The fingerprints of the given private values (needles that could match by chance, such as runs
 * of zeros, are left out).
 *
 * @param values - {@link PrivateValues}
 * @returns Needles, each with a label saying what it would reveal.
 */
export function privateFingerprints({ captures = [], template, salt, secret }: PrivateValues): Fingerprint[] {
  const out: Fingerprint[] = []
  captures.forEach((c, i) => out.push(...bytesNeedles(`capture #${i + 1}`, c)))
  if (template) {
    // 0/1 bytes, as bit strings (64-bit windows) and as the packed field elements of the leaf's preimage.
    out.push(...bytesNeedles('template', template))
    for (const start of [0, 128, 256, 448]) out.push({ label: `template bits ${start}… (bit string)`, needle: Array.from(template.subarray(start, start + 64)).join('') })
    packTemplate(template).forEach((p, i) => p > 0xffffn && out.push(...fieldNeedles(`packed template[${i}]`, p)))
  }
  if (salt !== undefined) out.push(...fieldNeedles('salt', salt))
  if (secret !== undefined) {
    out.push(...fieldNeedles('secret', secret))
    out.push(...fieldNeedles('secret commitment Poseidon(secret)', identityCommitment({ secret })))
  }
  return out.filter((p) => !lowEntropy(p.needle))
}

/**
 * Finds the fingerprints present in a text (a URL or a body), ignoring case.
 *
 * @returns The labels of the needles found.
 */
export function findFingerprints(text: string, prints: readonly Fingerprint[]): string[] {
  const hay = text.toLowerCase()
  return prints.filter((p) => hay.includes(p.needle.toLowerCase())).map((p) => p.label)
}
