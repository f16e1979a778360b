/**
 * A tiny hand-built circuit with real Groth16 keys and proofs for the chain tests and the gas bench,
 * independent of the compiler: R1CS → `.r1cs` (src/formats) → snarkjs ptau (2^6) → zkey → proofs.
 *
 * Circuit "model k" with n public signals: `t = x·y`, `out = t + k + p_1 + … + p_(n-1)`;
 * wire 1 is `out`, wires 2..n are the public inputs `p_j`, x and y are private.
 * Everything is written under the caller's temp dir.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as snarkjs from 'snarkjs'
import type { R1cs, Witness } from '../../src/circuit/r1cs.js'
import type { Groth16VerificationKey } from '../../src/prove/groth16.js'
import type { BigIntish, Groth16Proof, ProofResult } from '../../src/chain/types.js'
import { writeR1cs } from '../../src/formats/r1cs.js'
import { writeWtns } from '../../src/formats/wtns.js'

/** The subset of snarkjs used here (snarkjs ships no types). */
type Snarkjs = {
  curves: { getCurveFromName(name: string): Promise<unknown> }
  powersOfTau: {
    newAccumulator(curve: unknown, power: number, file: string): Promise<unknown>
    contribute(oldFile: string, newFile: string, name: string, entropy: string): Promise<unknown>
    preparePhase2(oldFile: string, newFile: string): Promise<unknown>
  }
  zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string): Promise<unknown>
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string): Promise<unknown>
    exportVerificationKey(zkey: string): Promise<Groth16VerificationKey>
  }
  groth16: {
    prove(zkey: string, wtns: { type: 'mem'; data: Uint8Array }): Promise<{ proof: Groth16Proof; publicSignals: string[] }>
    verify(vkey: Groth16VerificationKey, publicSignals: readonly string[], proof: Groth16Proof<BigIntish>): Promise<boolean>
  }
}
export const sn = snarkjs as unknown as Snarkjs

/** Writes a dev ptau (power 6: up to 64 constraints + public signals) into `dir`; returns its path. */
export async function createPtau(dir: string): Promise<string> {
  const curve = await sn.curves.getCurveFromName('bn128')
  const p0 = join(dir, 'pot_0.ptau')
  const p1 = join(dir, 'pot_1.ptau')
  const final = join(dir, 'pot_final.ptau')
  await sn.powersOfTau.newAccumulator(curve, 6, p0)
  await sn.powersOfTau.contribute(p0, p1, 'test', 'zkml chain test entropy')
  await sn.powersOfTau.preparePhase2(p1, final)
  return final
}

/** The fixture circuit "model `constant`" with `nPublic` public signals. */
export function fixtureCircuit({ nPublic, constant }: { nPublic: number; constant: bigint }): {
  r1cs: R1cs
  witness: (input: { x: bigint; y: bigint; publicInputs?: bigint[] }) => Witness
} {
  const X = nPublic + 1
  const Y = nPublic + 2
  const T = nPublic + 3
  const sum = new Map<number, bigint>([[T, 1n], [0, constant]])
  for (let j = 2; j <= nPublic; j++) sum.set(j, 1n)
  const r1cs: R1cs = {
    nWires: T + 1,
    nPublic,
    nPrivateInputs: 2,
    constraints: [
      { a: new Map([[X, 1n]]), b: new Map([[Y, 1n]]), c: new Map([[T, 1n]]) },
      { a: sum, b: new Map([[0, 1n]]), c: new Map([[1, 1n]]) },
    ],
  }
  const witness = ({ x, y, publicInputs = [] }: { x: bigint; y: bigint; publicInputs?: bigint[] }): Witness => {
    const p = Array.from({ length: nPublic - 1 }, (_, j) => publicInputs[j] ?? BigInt(j + 1))
    const t = x * y
    return [1n, t + constant + p.reduce((s, v) => s + v, 0n), ...p, x, y, t]
  }
  return { r1cs, witness }
}

/** A model with keys: its verification key and a prover for it. */
export type FixtureModel = {
  nPublic: number
  vkey: Groth16VerificationKey
  prove(input: { x: bigint; y: bigint; publicInputs?: bigint[] }): Promise<ProofResult & { publicSignals: string[] }>
}

/**
 * Runs the Groth16 setup of the fixture circuit against `ptau` (`zkey new` plus one phase-2
 * contribution, so δ ≠ γ), writing files under `dir`.
 */
export async function createFixtureModel(options: {
  dir: string
  ptau: string
  nPublic: number
  constant: bigint
}): Promise<FixtureModel> {
  const { dir, ptau, nPublic, constant } = options
  const { r1cs, witness } = fixtureCircuit({ nPublic, constant })
  const base = join(dir, `model_${constant}_${nPublic}`)
  await writeFile(`${base}.r1cs`, writeR1cs(r1cs))
  await sn.zKey.newZKey(`${base}.r1cs`, ptau, `${base}_0.zkey`)
  await sn.zKey.contribute(`${base}_0.zkey`, `${base}.zkey`, 'fixture', `zkml chain fixture ${constant} ${nPublic}`)
  const vkey = await sn.zKey.exportVerificationKey(`${base}.zkey`)
  return {
    nPublic,
    vkey,
    prove: (input) => sn.groth16.prove(`${base}.zkey`, { type: 'mem', data: writeWtns(witness(input)) }),
  }
}

/** Terminates snarkjs's curve worker threads so the process can exit. */
export async function terminateCurve(): Promise<void> {
  await (globalThis as { curve_bn128?: { terminate(): Promise<void> } }).curve_bn128?.terminate()
}

/** Renders and compiles the snarkjs verifier for `vkey` with the pinned solc-js; returns its creation bytecode. */
export async function compileVerifier(vkey: Groth16VerificationKey): Promise<`0x${string}`> {
  const { renderVerifierSource } = await import('../../src/chain/verifierSource.js')
  const { readGroth16VerifierTemplate } = await import('../../src/node/verifierTemplate.js')
  const { compileSolidity } = await import('../../src/node/compileSolidity.js')
  const source = renderVerifierSource({ vkey, template: await readGroth16VerifierTemplate() })
  const { bytecode } = await compileSolidity({ sources: { 'Groth16Verifier.sol': source }, contract: 'Groth16Verifier' })
  return bytecode
}
