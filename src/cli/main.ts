#!/usr/bin/env node
/**
 * The `zkml` command line: compile, prove, verify, info, chain, deploy, submit.
 * Progress and warnings go to stderr; results (JSON or a verdict) to stdout. Exit code 1 on error
 * or on an invalid proof.
 */
import { parseArgs } from 'node:util'
import { compile } from '../node/compile.js'
import { info, prove, verify } from '../node/prove.js'
import { releaseSnarkjs } from '../prove/groth16.js'
import { releaseWasmProver } from '../prove/wasmProver.js'
import { ZkmlError } from '../errors/base.js'
import { InvalidInputError } from '../errors/input.js'
import type { Progress } from '../compile/progress.js'
import type { Manifest } from '../compile/manifest.js'

const USAGE = `zkml — prove ML inference with zero-knowledge proofs

Usage:
  zkml compile MODEL.onnx --calibration SAMPLES.json --out DIR
        [--input private|public|hashed] [--output public|hashed] [--weights constant|private]
        [--input-bits N] [--weight-bits N] [--activation-bits N]
        [--ptau FILE [--contribute N] [--beacon HEX]] [--no-verifier]
  zkml prove DIR INPUT.json [--out PROOF.json] [--clamp] [--prover wasm|snarkjs]
  zkml verify DIR PROOF.json
  zkml info DIR
  zkml chain [--port N]                       start a local anvil chain (Ctrl-C stops it)
  zkml deploy DIR --rpc URL [--private-key KEY]
  zkml submit DIR PROOF.json --rpc URL --address ADAPTER [--private-key KEY]

Without --ptau, compile uses the INSECURE dev setup (fine for development, never for production).`

const options = {
  calibration: { type: 'string' },
  out: { type: 'string' },
  input: { type: 'string' },
  output: { type: 'string' },
  weights: { type: 'string' },
  'input-bits': { type: 'string' },
  'weight-bits': { type: 'string' },
  'activation-bits': { type: 'string' },
  ptau: { type: 'string' },
  contribute: { type: 'string' },
  beacon: { type: 'string' },
  'no-verifier': { type: 'boolean' },
  clamp: { type: 'boolean' },
  prover: { type: 'string' },
  rpc: { type: 'string' },
  'private-key': { type: 'string' },
  address: { type: 'string' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

function int(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new ZkmlError(`--${name} must be a positive integer (got "${v}").`)
  return n
}

function oneOf<T extends string>(v: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined
  if (!allowed.includes(v as T)) throw new ZkmlError(`--${name} must be one of ${allowed.join(', ')} (got "${v}").`)
  return v as T
}

function progressPrinter(): (p: Progress) => void {
  let last = ''
  let lastTime = 0
  return (p) => {
    const now = Date.now()
    const line = `${p.stage} ${p.done}/${p.total}`
    if (p.stage !== last || p.done === p.total || now - lastTime > 1000) {
      process.stderr.write(`  … ${line}\n`)
      last = p.stage
      lastTime = now
    }
  }
}

function summary(m: Manifest): string {
  const f = m.fidelity
  return [
    `model       ${m.model.file} (opset ${m.model.opset}) sha256 ${m.model.sha256.slice(0, 16)}…`,
    `statement   input ${m.visibility.input}, output ${m.visibility.output}, weights ${m.visibility.weights ?? 'constant'}; ${m.publicSignals.count} public signal(s)`,
    ...(m.weights ? [`weights     ${m.weights.values} private values, commitment ${m.weights.commitment}`] : []),
    `circuit     ${m.circuit.constraints} constraints, ${m.circuit.wires} wires, ${m.circuit.nonZeros} non-zeros, domain 2^${m.circuit.power}`,
    `inputs      ${m.inputs.map((i) => `${i.name}[${i.shape}] ${i.bits}-bit ${i.signed ? 'signed' : 'unsigned'} scale 2^-${i.scale} range [${i.min}, ${i.max}]`).join('; ')}`,
    `fidelity    ${f.samples} samples vs ${f.reference}: max |err| ${f.maxAbsError.toPrecision(3)}, mean ${f.meanAbsError.toPrecision(3)}${f.argmaxAgreement === null ? '' : `, argmax agreement ${(f.argmaxAgreement * 100).toFixed(2)}%`}`,
    `setup       ${m.setup.kind}`,
    `model hash  ${m.modelHash}`,
  ].join('\n')
}

async function main(argv: string[]): Promise<number> {
  const { values: o, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  const [cmd, ...args] = positionals
  if (o.help || !cmd) {
    console.log(USAGE)
    return o.help ? 0 : 1
  }
  const need = (n: number, what: string) => {
    if (args.length < n) throw new ZkmlError(`zkml ${cmd}: missing ${what}.`, { details: USAGE })
  }
  switch (cmd) {
    case 'compile': {
      need(1, 'the model file')
      if (!o.calibration) throw new ZkmlError('zkml compile: --calibration SAMPLES.json is required.')
      if (!o.out) throw new ZkmlError('zkml compile: --out DIR is required.')
      if (!o.ptau) process.stderr.write('WARNING: using the INSECURE dev setup (the toxic waste was known to this machine). Use --ptau with a ceremony file for production.\n')
      const m = await compile({
        model: args[0]!,
        calibration: o.calibration,
        out: o.out,
        input: oneOf(o.input, 'input', ['private', 'public', 'hashed'] as const),
        output: oneOf(o.output, 'output', ['public', 'hashed'] as const),
        weights: oneOf(o.weights, 'weights', ['constant', 'private'] as const),
        inputBits: int(o['input-bits'], 'input-bits'),
        weightBits: int(o['weight-bits'], 'weight-bits'),
        activationBits: int(o['activation-bits'], 'activation-bits'),
        ptau: o.ptau,
        contributions: int(o.contribute, 'contribute'),
        beacon: o.beacon,
        verifier: !o['no-verifier'],
        onProgress: progressPrinter(),
      })
      console.log(summary(m))
      console.log(`wrote       ${o.out}`)
      return 0
    }
    case 'prove': {
      need(2, 'DIR and INPUT.json')
      if (o.prover !== undefined && o.prover !== 'wasm' && o.prover !== 'snarkjs') throw new InvalidInputError(`--prover must be wasm or snarkjs, not "${o.prover}".`)
      const res = await prove({ dir: args[0]!, input: args[1]!, out: o.out, clamp: o.clamp ?? false, prover: o.prover })
      if ((await info({ dir: args[0]! })).setup.kind === 'dev-insecure') process.stderr.write('WARNING: these artifacts use the INSECURE dev setup.\n')
      console.log(JSON.stringify({ circuitOutput: res.circuitOutput, timings: res.timings, out: o.out ?? null }, null, 2))
      return 0
    }
    case 'verify': {
      need(2, 'DIR and PROOF.json')
      const ok = await verify({ dir: args[0]!, proof: args[1]! })
      console.log(ok ? 'valid' : 'INVALID')
      return ok ? 0 : 1
    }
    case 'info': {
      need(1, 'DIR')
      const m = await info({ dir: args[0]! })
      console.log(summary(m))
      return 0
    }
    case 'chain': {
      const { startAnvil } = await import('../node/anvil.js')
      const node = await startAnvil({ port: int(o.port, 'port') })
      console.log(`anvil listening at ${node.rpcUrl}`)
      console.log(`dev account ${node.accounts[0]!.address} private key ${node.accounts[0]!.privateKey}`)
      process.stderr.write('Ctrl-C to stop.\n')
      // anvil's child process is unref'd: hold the event loop open until a signal arrives.
      const keepAlive = setInterval(() => {}, 2 ** 30)
      await new Promise<void>((resolveStop) => {
        const stop = () => void node.stop().then(() => (clearInterval(keepAlive), resolveStop()))
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      return 0
    }
    case 'deploy':
    case 'submit': {
      const { runChainCommand } = await import('./chainCommands.js')
      return runChainCommand(cmd, args, { rpc: o.rpc, privateKey: o['private-key'], address: o.address })
    }
    default:
      throw new ZkmlError(`Unknown command "${cmd}".`, { details: USAGE })
  }
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code
  })
  .catch((e: unknown) => {
    if (e instanceof ZkmlError) console.error(`error: ${e.message}`)
    else if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) console.error(`error: ${e.message}\n\n${USAGE}`)
    else console.error(e)
    process.exitCode = 1
  })
  .finally(() => Promise.all([releaseSnarkjs(), releaseWasmProver()]))
