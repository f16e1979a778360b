/**
 * The identity circuit's figures, from `bench/identity.bench.ts` run as a child (its printed lines
 * are parsed; its peak RSS is read through a preloaded exit hook).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { REPO } from './util.js'

export type IdentityResult = {
  constraints: number
  wires: number
  nonZeros: number
  publicSignals: number
  power: number
  lowerS: number
  setupS: number
  zkeyMiB: number
  coldWitnessS: number
  coldProveS: number
  warmRuns: number
  witnessS: number
  proveS: number
  verifyMs: number
  enrollGas: number[]
  verifyPersonhoodGas: number[]
  peakRssMiB: number
  raw: string
}

/** Runs bench/identity.bench.ts with `warm` warm proofs and parses its report. */
export function runIdentityBench(warm: number): Promise<IdentityResult> {
  return new Promise((ok, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--import', join(REPO, 'bench/lib/rssAtExit.mjs'), join(REPO, 'bench/identity.bench.ts'), String(warm)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      process.stderr.write(d.toString().replace(/^(?=.)/gm, '    '))
    })
    p.stderr.on('data', (d: Buffer) => (err += d.toString()))
    p.on('close', (code) => {
      if (code !== 0) return fail(new Error(`identity.bench.ts exited ${code}\n${err.slice(-3000)}`))
      try {
        const num = (re: RegExp, s = out) => {
          const m = re.exec(s)
          if (!m) throw new Error(`identity.bench.ts output has no match for ${re}`)
          return m.slice(1).map(Number)
        }
        const [constraints, wires, nonZeros, publicSignals] = num(/identity circuit: (\d+) constraints, (\d+) wires, (\d+) non-zeros, (\d+) public signals/) as [number, number, number, number]
        const [lowerS, setupS, zkeyMiB] = num(/lower \(quantize \+ constraints\): ([\d.]+) s; dev setup: ([\d.]+) s; zkey ([\d.]+) MiB/) as [number, number, number]
        const [coldWitnessS, coldProveS] = num(/prove \(cold[^)]*\): witness ([\d.]+) s, prove ([\d.]+) s/) as [number, number]
        const [warmRuns, witnessS, proveS] = num(/prove \(warm, median of (\d+)\): witness ([\d.]+) s, prove ([\d.]+) s/) as [number, number, number]
        const [verifyMs] = num(/verify \(snarkjs, Node\): true in (\d+) ms/) as [number]
        const [enroll1, enroll7] = num(/enroll gas: first (\d+), 7th (\d+)/) as [number, number]
        const vp = /verifyPersonhood gas[^:]*: ([\d, ]+)/.exec(out)
        const [maxrss] = num(/@@maxrss (\d+)/, err) as [number]
        ok({
          constraints, wires, nonZeros, publicSignals,
          power: Math.ceil(Math.log2(constraints + publicSignals + 1)),
          lowerS, setupS, zkeyMiB, coldWitnessS, coldProveS, warmRuns, witnessS, proveS, verifyMs,
          enrollGas: [enroll1, enroll7],
          verifyPersonhoodGas: vp ? vp[1]!.split(',').map((s) => Number(s.trim())) : [],
          peakRssMiB: maxrss / 1024,
          raw: out,
        })
      } catch (e) {
        fail(e as Error)
      }
    })
  })
}
