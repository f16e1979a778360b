/**
 * Builds the native MSM reference (bench/native/msm.cpp) against ffiasm from npm: generates ffiasm's
 * BN254 Fq/Fr x86-64 assembly with its `buildzqfield`, assembles it with nasm and compiles with g++
 * (-O3, OpenMP, GMP). Needs `apt-get install nasm g++ libgmp-dev`. Output: .cache/ffiasm/msm.
 *
 * Run: npx tsx bench/native/build.ts   (bench/msm.bench.ts calls it when the binary is missing)
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from '../lib/util.js'

const P = '21888242871839275222246405745257275088696311157297823662689037894645226208583'
const R = '21888242871839275222246405745257275088548364400416034343698204186575808495617'

/** Path of the built harness. */
export const NATIVE_MSM = join(REPO, '.cache/ffiasm/msm')

/** Builds the harness (if missing or older than msm.cpp); returns its path, or throws saying which tool failed. */
export function buildNativeMsm({ force = false } = {}): string {
  if (existsSync(NATIVE_MSM) && !force && statSync(NATIVE_MSM).mtimeMs >= statSync(join(REPO, 'bench/native/msm.cpp')).mtimeMs) return NATIVE_MSM
  const ffiasm = join(REPO, 'node_modules/ffiasm')
  const out = join(REPO, '.cache/ffiasm')
  mkdirSync(out, { recursive: true })
  const sh = (cmd: string, args: string[]) => {
    try {
      execFileSync(cmd, args, { cwd: out, stdio: ['ignore', 'ignore', 'pipe'] })
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string }
      throw new Error(`${cmd} failed: ${err.stderr?.toString().slice(0, 2000) || err.message}`)
    }
  }
  sh(process.execPath, [join(ffiasm, 'src/buildzqfield.js'), '-q', P, '-n', 'Fq'])
  sh(process.execPath, [join(ffiasm, 'src/buildzqfield.js'), '-q', R, '-n', 'Fr'])
  sh('nasm', ['-felf64', 'fq.asm'])
  sh('nasm', ['-felf64', 'fr.asm'])
  const c = (f: string) => join(ffiasm, 'c', f)
  sh('g++', ['-O3', '-I.', `-I${join(ffiasm, 'c')}`, c('naf.cpp'), c('splitparstr.cpp'), c('alt_bn128.cpp'), c('misc.cpp'), join(REPO, 'bench/native/msm.cpp'),
    'fq.cpp', 'fq.o', 'fr.cpp', 'fr.o', '-o', 'msm', '-lgmp', '-pthread', '-std=c++11', '-fopenmp'])
  return NATIVE_MSM
}

if (process.argv[1]?.endsWith('build.ts')) console.log(buildNativeMsm({ force: true }))
