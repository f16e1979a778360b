/**
 * Writes a *prepared* powers-of-tau file (the output of `snarkjs powersoftau prepare phase2`) for
 * known secrets τ, α, β — anyone holding them can forge; for checking dev keys with
 * `snarkjs zkey verify` on small circuits.
 *
 * `.ptau` layout (magic "ptau", version 1; points affine LEM; P = power):
 * 1 header: n8 = 32, q, power, ceremonyPower · 2 τ^i·G1, i < 2^(P+1) − 1 · 3 τ^i·G2, i < 2^P ·
 * 4 ατ^i·G1 · 5 βτ^i·G1 (i < 2^P) · 6 β·G2 · 7 contributions (count 0) ·
 * 12 / 13 / 14 / 15: for each level p = 0..P the Lagrange basis of the 2^p-point domain at τ, times
 * G1 / G2 / α·G1 / β·G1, levels concatenated; section 12 has a level P+1 computed with the missing
 * power τ^(2^(P+1)−1) taken as zero (as snarkjs does).
 * With 0 contributions, `powersoftau verify` rejects the file; `zkey new` / `zkey verify` use it.
 */
import { FIELD_PRIME } from '../circuit/field.js'
import { allocBinFile } from '../formats/binFile.js'
import { Q_BYTES_LE } from './curveConstants.js'
import { createFixedBase, type FixedBase } from './fixedBase.js'
import { lagrangeAt, invMod, powMod, rootOfUnity } from './scalar.js'
import type { DevPtauSecrets } from './secrets.js'
import type { OnProgress } from '../utils/progress.js'
import { createCurveEngine } from './wasmCurve.js'
import { SetupError } from '../errors/setup.js'

/** Parameters of {@link writeDevPtau}. */
export type WriteDevPtauParameters = {
  /** log2 of the largest domain (the ptau supports circuits with m + nPublic < 2^power). */
  power: number
  secrets: DevPtauSecrets
  /** Leave out sections 12–15 (an unprepared ptau, e.g. to feed snarkjs's own `preparePhase2`). */
  unprepared?: boolean
  onProgress?: OnProgress | undefined
}

/**
 * Computes the prepared ptau bytes.
 * @param params {@link WriteDevPtauParameters}
 * @returns the `.ptau` file bytes.
 * @throws {SetupError} if power is outside [1, 27].
 * @example const ptau = await writeDevPtau({ power: 8, secrets: randomDevSecrets() })
 */
export async function writeDevPtau({ power, secrets, unprepared = false, onProgress }: WriteDevPtauParameters): Promise<Uint8Array> {
  if (!Number.isInteger(power) || power < 1 || power > 27) throw new SetupError(`ptau power must be in [1, 27], got ${power}`)
  const { tau, alpha, beta } = secrets
  const n = 1 << power
  const lagrangeTotal = 2 * n - 1
  const sections = [
    { id: 1, size: 4 + 32 + 8 },
    { id: 2, size: (2 * n - 1) * 64 },
    { id: 3, size: n * 128 },
    { id: 4, size: n * 64 },
    { id: 5, size: n * 64 },
    { id: 6, size: 128 },
    { id: 7, size: 4 },
  ]
  if (!unprepared)
    sections.push(
      { id: 12, size: (lagrangeTotal + 2 * n) * 64 },
      { id: 13, size: lagrangeTotal * 128 },
      { id: 14, size: lagrangeTotal * 64 },
      { id: 15, size: lagrangeTotal * 64 },
    )
  const file = allocBinFile({ magic: 'ptau', version: 1, sections })
  const h = file.section(1)
  const hv = new DataView(h.buffer, h.byteOffset, h.byteLength)
  hv.setUint32(0, 32, true)
  h.set(Q_BYTES_LE, 4)
  hv.setUint32(36, power, true)
  hv.setUint32(40, power, true)

  const engine = await createCurveEngine()
  const g1Count = (unprepared ? 4 : 10) * n
  const fb1 = createFixedBase({ engine, group: 'G1', expectedCount: g1Count })
  const fb2 = createFixedBase({ engine, group: 'G2', expectedCount: (unprepared ? 1 : 3) * n })
  const run = (stage: string, fb: FixedBase, scalars: bigint[], id: number, offset = 0) => {
    onProgress?.({ stage, done: 0, total: scalars.length })
    fb.multiply(scalars, file.section(id), offset, (done) => onProgress?.({ stage, done, total: scalars.length }))
  }

  const powers: bigint[] = new Array(2 * n - 1)
  powers[0] = 1n
  for (let i = 1; i < 2 * n - 1; i++) powers[i] = (powers[i - 1] * tau) % FIELD_PRIME
  const times = (k: bigint, xs: bigint[]) => xs.map((x) => (x * k) % FIELD_PRIME)
  run('tauG1', fb1, powers, 2)
  run('tauG2', fb2, powers.slice(0, n), 3)
  run('alphaTauG1', fb1, times(alpha, powers.slice(0, n)), 4)
  run('betaTauG1', fb1, times(beta, powers.slice(0, n)), 5)
  run('betaG2', fb2, [beta], 6)
  if (unprepared) return file.bytes

  const levels: bigint[] = []
  for (let p = 0; p <= power; p++) for (const l of lagrangeAt({ k: p, x: tau })) levels.push(l)
  run('lagrangeG2', fb2, levels, 13)
  run('alphaLagrangeG1', fb1, times(alpha, levels), 14)
  run('betaLagrangeG1', fb1, times(beta, levels), 15)
  // Level P+1 of section 12, without the τ^(2N−1) term: L_j − ω^j τ^(2N−1) / (2N).
  const N2 = 2 * n
  const top = lagrangeAt({ k: power + 1, x: tau })
  const w = rootOfUnity(power + 1)
  let t = (powMod(tau, BigInt(N2 - 1)) * invMod(BigInt(N2))) % FIELD_PRIME
  for (let j = 0; j < N2; j++) {
    top[j] = (top[j] - t + FIELD_PRIME) % FIELD_PRIME
    t = (t * w) % FIELD_PRIME
  }
  run('lagrangeG1', fb1, levels.concat(top), 12)
  return file.bytes
}
