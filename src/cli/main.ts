#!/usr/bin/env node
/**
 * The `zkml` command line: compile, export, prove, verify, info, chain, deploy, submit.
 * Progress and warnings go to stderr; results (JSON or a verdict) to stdout. Exit code 1 on error
 * or on an invalid proof.
 */
import { parseArgs } from 'node:util'
import { compile } from '../node/compile.js'
import { info, prove, verify } from '../node/prove.js'
import { releaseSnarkjs } from '../prove/groth16.js'
import { releaseWasmProver } from '../prove/wasmProver.js'
import { ZkmlError } from '../errors/base.js'
import { CliUsageError } from '../errors/node.js'
import type { Progress } from '../utils/progress.js'
import type { Manifest } from '../compile/manifest.js'
import { FIELD_PRIME } from '../circuit/field.js'
import { classifySetup } from '../setup/trust.js'
import type { BitCandidate } from '../compile/bitSearch.js'
import type { FidelitySearch } from '../compile/fidelity.js'
import type { LayerBits } from '../quantize/bitWidths.js'
import { formatBreakdown } from '../circuit/breakdown.js'
import { constraintsOf } from '../node/breakdown.js'
import { requantizedLines } from './requantized.js'

const USAGE = `zkml — prove ML inference with zero-knowledge proofs

Usage:
  zkml compile MODEL.onnx --calibration SAMPLES.json --out DIR
        [--input private|public|hashed] [--output public|hashed] [--weights constant|private]
        [--message] [--input-bits N] [--weight-bits N] [--activation-bits N] [--layer-bits FILE.json]
        [--tolerance E] [--target size|accuracy]
        [--ptau FILE [--contribute N] [--beacon HEX]] [--no-verifier]
  zkml prove DIR INPUT.json [--out PROOF.json] [--clamp] [--message VALUE] [--prover wasm|snarkjs]
        [--input-salt N] [--output-salt N]
  zkml verify DIR PROOF.json [--allow-insecure-setup]
  zkml info DIR [--constraints]
  zkml export DIR --web OUT                   copy what a browser needs (manifest.json, model.onnx,
                                              circuit.json, circuit.zkey, vkey.json) into OUT: serve OUT
  zkml chain [--port N]                       start a local anvil chain (Ctrl-C stops it)
  zkml deploy DIR --rpc URL [--private-key KEY] [--allow-insecure-setup]
                                              records the addresses in DIR/deployments.json
  zkml submit DIR PROOF.json --rpc URL [--address ADAPTER] [--private-key KEY] [--allow-insecure-setup]
                                              default adapter: DIR/deployments.json for the RPC's chain

Trusted setup: without --ptau, compile uses the one-party dev setup: this machine draws the secrets,
so the keys are trusted only as far as this machine (fine for development, never for production).
With --ptau FILE (a ceremony ptau), compile adds --contribute N secret phase-2 contributions
(default 1, at least 1) and an optional public --beacon. verify, deploy and submit refuse dev,
0-contribution and beacon-only keys unless --allow-insecure-setup is given.

Bit widths: --tolerance E searches per-layer widths for the fewest constraints with
max |circuit − float| ≤ E on the calibration set (output units) and prints what it tried;
--target accuracy instead spends the proving domain on accuracy. --layer-bits FILE.json sets
widths per layer ({ "activation": { NODE: N }, "weight": { NODE: N }, "input": { INPUT: N } },
e.g. the manifest's quantization.layers). info --constraints breaks the constraints down by
layer and op.`

const options = {
  calibration: { type: 'string' },
  out: { type: 'string' },
  web: { type: 'string' },
  input: { type: 'string' },
  output: { type: 'string' },
  weights: { type: 'string' },

  'input-salt': { type: 'string' },
  'output-salt': { type: 'string' },
  'input-bits': { type: 'string' },
  'weight-bits': { type: 'string' },
  'activation-bits': { type: 'string' },
  'layer-bits': { type: 'string' },
  tolerance: { type: 'string' },
  target: { type: 'string' },
  constraints: { type: 'boolean' },
  ptau: { type: 'string' },
  contribute: { type: 'string' },
  beacon: { type: 'string' },
  'no-verifier': { type: 'boolean' },
  'allow-insecure-setup': { type: 'boolean' },
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
  if (!Number.isInteger(n) || n < 1) throw new CliUsageError(`--${name} must be a positive integer (got "${v}").`, { option: name })
  return n
}

function positive(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!(n > 0) || !Number.isFinite(n)) throw new CliUsageError(`--${name} must be a positive number (got "${v}").`, { option: name })
  return n
}

function oneOf<T extends string>(v: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined
  if (!allowed.includes(v as T)) throw new CliUsageError(`--${name} must be one of ${allowed.join(', ')} (got "${v}").`, { option: name })
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

/** Prints the search's candidates as table rows on stderr, as they are measured. */
function candidatePrinter(): (c: BitCandidate) => void {
  return (c) => {
    if (c.index === 1) process.stderr.write('  bit-width search (widths input/weight/activation; error = max |circuit − float|, ">" where it stopped at the first sample over the bound)\n')
    const err = c.maxAbsError === null ? '-' : `${c.verdict === 'misses' ? '>' : ''}${c.maxAbsError.toPrecision(3)}`
    const row = `  #${String(c.index).padEnd(3)} ${c.change.padEnd(30)} ${(c.constraints === null ? '-' : String(c.constraints)).padStart(9)} constraints  error ${err.padStart(8)} on ${String(c.samples).padStart(3)} sample${c.samples === 1 ? ' ' : 's'}  ${c.verdict}${c.reason ? `: ${c.reason}` : ''}`
    process.stderr.write(`${row}\n`)
  }
}

/** Per-layer widths in one line. */
function widthsLine(layers: LayerBits): string {
  const text = Object.entries(layers)
    .map(([kind, rec]) => `${kind} ${Object.entries((rec ?? {}) as Record<string, number>).map(([n, b]) => `${n}=${b}`).join(' ')}`)
    .join('; ')
  return `widths      ${text}`
}

/** The tolerance search's record (manifest.fidelity.search) in words. */
function searchSummary(s: FidelitySearch): string {
  const goal = s.target === 'size' ? `fewest constraints with max |err| ≤ ${s.tolerance}` : `best accuracy in the proving domain${s.tolerance === null ? '' : ` (≤ ${s.tolerance})`}`
  return [
    `bit search  ${goal}: candidate #${s.chosen} of ${s.candidates}, ${s.constraints} constraints, max |err| ${s.maxAbsError.toPrecision(3)} vs the float executor`,
    widthsLine(s.widths.layers),
  ].join('\n')
}

function summary(m: Manifest): string {
  const f = m.fidelity
  return [
    `model       ${m.model.file} (opset ${m.model.opset}) sha256 ${m.model.sha256.slice(0, 16)}…`,
    `statement   input ${m.visibility.input}, output ${m.visibility.output}, weights ${m.visibility.weights ?? 'constant'}; ${m.publicSignals.count} public signal(s)`,
    ...(m.weights ? [`weights     ${m.weights.values} private values, commitment ${m.weights.commitment}`] : []),
    `circuit     ${m.circuit.constraints} constraints, ${m.circuit.wires} wires, ${m.circuit.nonZeros} non-zeros, domain 2^${m.circuit.power}`,
    ...requantizedLines(m),
    `inputs      ${m.inputs.map((i) => `${i.name}[${i.shape}] ${i.bits}-bit ${i.signed ? 'signed' : 'unsigned'} scale 2^-${i.scale} range [${i.min}, ${i.max}]`).join('; ')}`,
    `fidelity    ${f.samples} samples vs ${f.reference}: max |err| ${f.maxAbsError.toPrecision(3)}, mean ${f.meanAbsError.toPrecision(3)}${f.argmaxAgreement === null ? '' : `, argmax agreement ${(f.argmaxAgreement * 100).toFixed(2)}%`}`,
    `setup       ${m.setup.kind}${setupSummary(m)}`,
    `model hash  ${m.modelHash} (a label: pin vkeyHash or the adapter address)`,
    `vkey hash   ${m.vkeyHash ?? '(none: compiled by an older version)'}`,
  ].join('\n')
}

function setupSummary(m: Manifest): string {
  const trust = classifySetup(m.setup)
  const n = Array.isArray(m.setup.contributions) ? m.setup.contributions.length : 0
  const parts = [`${n} phase-2 contribution${n === 1 ? '' : 's'}`, ...(m.setup.beacon ? ['beacon'] : []), trust.trusted ? 'trusted' : 'NOT TRUSTED by verifiers (needs --allow-insecure-setup)']
  return ` (${parts.join(', ')})`
}

/** Prints why the artifacts' setup is not trusted, when the caller opted in anyway. */
function warnIfUntrusted(m: Manifest, what: string): void {
  const trust = classifySetup(m.setup)
  if (!trust.trusted) process.stderr.write(`WARNING: ${what} despite an untrusted setup (--allow-insecure-setup): ${trust.reason}\n`)
}

/** Parses a salt given on the command line (decimal or 0x-hex, a field element). */
function salt(v: string | undefined, name: string): bigint | undefined {
  if (v === undefined) return undefined
  if (!/^(0x[0-9a-fA-F]{1,64}|0|[1-9][0-9]{0,76})$/.test(v) || BigInt(v) >= FIELD_PRIME) throw new CliUsageError(`--${name} must be a field element, decimal or 0x-hex (got "${v}").`, { option: name })
  return BigInt(v)
}

/** JSON with bigints as decimal strings. */
const json = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)

async function main(argv: string[]): Promise<number> {
  // `--message` is a flag for compile (add the signal) and takes the value for prove.
  const message = { type: argv[0] === 'compile' ? ('boolean' as const) : ('string' as const) }
  const { values: o, positionals } = parseArgs({ args: argv, options: { ...options, message }, allowPositionals: true, strict: true })
  const [cmd, ...args] = positionals
  if (o.help || !cmd) {
    console.log(USAGE)
    return o.help ? 0 : 1
  }
  const need = (n: number, what: string) => {
    if (args.length < n) throw new CliUsageError(`zkml ${cmd}: missing ${what}.`, { command: cmd, details: USAGE })
  }
  switch (cmd) {
    case 'compile': {
      need(1, 'the model file')
      if (!o.calibration) throw new CliUsageError('zkml compile: --calibration SAMPLES.json is required.', { command: 'compile', option: 'calibration' })
      if (!o.out) throw new CliUsageError('zkml compile: --out DIR is required.', { command: 'compile', option: 'out' })
      if (!o.ptau)
        process.stderr.write(
          'WARNING: no --ptau: using the one-party dev setup. This machine draws the secrets, so the keys are trusted only as far as this machine;\n' +
            '         verifiers refuse them unless --allow-insecure-setup. For production use --ptau with a ceremony file.\n',
        )
      if (o.contribute !== undefined && !o.ptau) throw new CliUsageError('zkml compile: --contribute needs --ptau (the dev setup draws its own secret δ).', { command: 'compile', option: 'contribute' })
      if (o.beacon !== undefined && !o.ptau) throw new CliUsageError('zkml compile: --beacon needs --ptau.', { command: 'compile', option: 'beacon' })
      if (o.contribute !== undefined && Number(o.contribute) === 0)
        throw new CliUsageError('zkml compile: --contribute must be at least 1.', { command: 'compile', option: 'contribute', details: 'With no secret phase-2 contribution δ = γ, and anyone holding vkey.json could forge proofs (a beacon alone is public and does not count).' })
      const m = await compile({
        model: args[0]!,
        calibration: o.calibration,
        out: o.out,
        input: oneOf(o.input, 'input', ['private', 'public', 'hashed'] as const),
        output: oneOf(o.output, 'output', ['public', 'hashed'] as const),
        weights: oneOf(o.weights, 'weights', ['constant', 'private'] as const),
        message: o.message === true,
        inputBits: int(o['input-bits'], 'input-bits'),
        weightBits: int(o['weight-bits'], 'weight-bits'),
        activationBits: int(o['activation-bits'], 'activation-bits'),
        layerBits: o['layer-bits'],
        tolerance: positive(o.tolerance, 'tolerance'),
        target: oneOf(o.target, 'target', ['size', 'accuracy'] as const),
        onCandidate: candidatePrinter(),
        onWarning: (w) => process.stderr.write(`WARNING: ${w}\n`),
        ptau: o.ptau,
        contributions: int(o.contribute, 'contribute'),
        beacon: o.beacon,
        verifier: !o['no-verifier'],
        onProgress: progressPrinter(),
      })
      console.log(summary(m))
      if (m.fidelity.search) console.log(searchSummary(m.fidelity.search))
      else if (m.quantization.layers) console.log(widthsLine(m.quantization.layers))
      console.log(`wrote       ${o.out}`)
      const r1cs = m.files['circuit.r1cs']?.size
      console.log(
        `browser     zkml export ${o.out} --web public/models/<name>   (copies only what a browser fetches; do not serve ${o.out} itself${r1cs ? `: circuit.r1cs alone is ${(r1cs / 2 ** 20).toFixed(1)} MiB` : ''})`,
      )
      return 0
    }
    case 'prove': {
      need(2, 'DIR and INPUT.json')
      if (o.prover !== undefined && o.prover !== 'wasm' && o.prover !== 'snarkjs') throw new CliUsageError(`--prover must be wasm or snarkjs, not "${o.prover}".`, { command: 'prove', option: 'prover' })
      const inputSalt = salt(o['input-salt'], 'input-salt')
      const outputSalt = salt(o['output-salt'], 'output-salt')
      const res = await prove({
        dir: args[0]!,
        input: args[1]!,
        out: o.out,
        clamp: o.clamp ?? false,
        salts: { ...(inputSalt === undefined ? {} : { input: inputSalt }), ...(outputSalt === undefined ? {} : { output: outputSalt }) },
        message: typeof o.message === 'string' ? o.message : undefined,
        prover: o.prover,
      })
      const trust = classifySetup((await info({ dir: args[0]! })).setup)
      if (!trust.trusted) process.stderr.write(`WARNING: verifiers will refuse these artifacts unless they pass --allow-insecure-setup: ${trust.reason}\n`)
      if (res.inputSalt !== undefined)
        process.stderr.write('NOTE: inputSalt (printed below, not in the proof file) opens the input commitment: keep it secret; it is what stops a brute force of the input.\n')
      const { circuitOutput, timings, inputSalt: secret, outputSalt: oSalt, message } = res
      console.log(json({ circuitOutput, timings, out: o.out ?? null, ...(secret ? { inputSalt: secret } : {}), ...(oSalt ? { outputSalt: oSalt } : {}), ...(message ? { message } : {}) }))
      return 0
    }
    case 'verify': {
      need(2, 'DIR and PROOF.json')
      const allow = o['allow-insecure-setup'] ?? false
      const res = await verify({ dir: args[0]!, proof: args[1]!, allowInsecureSetup: allow })
      if (allow) warnIfUntrusted(await info({ dir: args[0]! }), 'verified')
      if (!res.valid) {
        console.log(`INVALID (${res.reason})`)
        return 1
      }
      console.log('valid')
      const { valid: _v, ...statement } = res
      console.log(json(statement))
      return 0
    }
    case 'info': {
      need(1, 'DIR')
      const m = await info({ dir: args[0]! })
      console.log(summary(m))
      if (m.fidelity.search) console.log(searchSummary(m.fidelity.search))
      else if (m.quantization.layers) console.log(widthsLine(m.quantization.layers))
      if (o.constraints) console.log(formatBreakdown(await constraintsOf({ dir: args[0]! })))
      return 0
    }
    case 'export': {
      need(1, 'DIR')
      if (!o.web) throw new CliUsageError('zkml export: --web OUT is required (the directory to serve, e.g. public/models/mnist).', { command: 'export', option: 'web' })
      const { exportWeb } = await import('../node/exportWeb.js')
      const res = await exportWeb({ dir: args[0]!, out: o.web })
      for (const f of res.files) console.log(`${f.name.padEnd(14)} ${f.size.toLocaleString('en-US').padStart(12)} bytes`)
      console.log(`wrote       ${res.out} (serve it as is; proveInference('<url of ${res.out}>/manifest.json', …))`)
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
      return runChainCommand(cmd, args, { rpc: o.rpc, privateKey: o['private-key'], address: o.address, allowInsecureSetup: o['allow-insecure-setup'] ?? false })
    }
    default:
      throw new CliUsageError(`Unknown command "${cmd}".`, { command: cmd, details: USAGE })
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
