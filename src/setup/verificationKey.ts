/**
 * Reads the Groth16 verification key out of a `.zkey`, in the JSON shape snarkjs's
 * `zkey export verificationkey` produces (and `groth16.verify` / the Solidity template consume):
 * points as projective decimal strings ([x, y, "1"]; G2 coordinates as [c0, c1]), plus
 * e(α, β) in `vk_alphabeta_12`. Uses a single-threaded ffjavascript curve (no workers, no globals).
 * A key with δ₂ = γ₂ (a `zkey new` output without a phase-2 contribution) is refused: anyone could
 * forge proofs against it.
 */
import { decodeBinFile, getSection } from '../formats/binFile.js'
import { SetupError } from '../errors/setup.js'
import { assertGammaDeltaDistinct } from './keyCheck.js'
import type { Groth16VerificationKey } from '../prove/groth16.js'


type FfGroup = { fromRprLEM(buff: Uint8Array, pos: number): unknown; toObject(p: unknown): unknown }
type FfCurve = { G1: FfGroup; G2: FfGroup; Gt: { toObject(p: unknown): unknown }; pairing(a: unknown, b: unknown): unknown }

let curvePromise: Promise<FfCurve> | undefined

const stringify = (x: unknown): unknown =>
  typeof x === 'bigint' ? x.toString() : Array.isArray(x) ? x.map(stringify) : x

/**
 * Extracts the verification key from a Groth16 `.zkey`.
 * @param zkey the `.zkey` bytes.
 * @returns {@link Groth16VerificationKey}
 * @throws {SetupError} if the file is not a BN254 Groth16 zkey.
 * @throws {ForgeableVerificationKeyError} if the key's δ₂ equals γ₂.
 * @example const vkey = await exportVerificationKey(zkey); await snarkjs.groth16.verify(vkey, publicSignals, proof)
 */
export async function exportVerificationKey(zkey: Uint8Array): Promise<Groth16VerificationKey> {
  const file = decodeBinFile(zkey, 'zkey')
  const s1 = getSection(file, 1, 'zkey')
  if (new DataView(s1.buffer, s1.byteOffset, 4).getUint32(0, true) !== 1)
    throw new SetupError('not a Groth16 zkey', { details: 'section 1 protocol id is not 1 (Groth16)' })
  const h = getSection(file, 2, 'zkey')
  const hv = new DataView(h.buffer, h.byteOffset, h.byteLength)
  if (hv.getUint32(0, true) !== 32 || h.length !== 660) throw new SetupError('unsupported zkey curve', { details: 'expected BN254 (32-byte fields)' })
  const nPublic = hv.getUint32(76, true)
  curvePromise ??= import('ffjavascript').then((m: { buildBn128(single: boolean): Promise<FfCurve> }) => m.buildBn128(true))
  const curve = await curvePromise
  const g1 = (b: Uint8Array, off: number) => curve.G1.fromRprLEM(b, off)
  const g2 = (b: Uint8Array, off: number) => curve.G2.fromRprLEM(b, off)
  const alpha = g1(h, 84)
  const beta2 = g2(h, 212)
  const icBytes = getSection(file, 3, 'zkey')
  if (icBytes.length !== (nPublic + 1) * 64) throw new SetupError('zkey IC section has the wrong size')
  const IC = []
  for (let i = 0; i <= nPublic; i++) IC.push(stringify(curve.G1.toObject(g1(icBytes, 64 * i))))
  return assertGammaDeltaDistinct({
    protocol: 'groth16',
    curve: 'bn128',
    nPublic,
    vk_alpha_1: stringify(curve.G1.toObject(alpha)) as string[],
    vk_beta_2: stringify(curve.G2.toObject(beta2)) as string[][],
    vk_gamma_2: stringify(curve.G2.toObject(g2(h, 340))) as string[][],
    vk_delta_2: stringify(curve.G2.toObject(g2(h, 532))) as string[][],
    vk_alphabeta_12: stringify(curve.Gt.toObject(curve.pairing(alpha, beta2))) as string[][][],
    IC: IC as string[][],
  } satisfies Groth16VerificationKey, 'zkey')
}
