/**
 * The main job until the identity dApp lands (`npm start`): the CLI quickstart on the bundled MNIST
 * MLP, end to end — compile (dev setup), prove, verify locally, then deploy the verifier to an
 * embedded anvil chain, submit the proof and print the gas used.
 */
import { join } from 'node:path'
import { compile } from '../src/node/compile.js'
import { prove, verify } from '../src/node/prove.js'
import { startAnvil } from '../src/node/anvil.js'
import { loadArtifactDir, readArtifactFile } from '../src/node/artifacts.js'
import { createChainClients } from '../src/chain/createChainClients.js'
import { deployVerifier } from '../src/chain/deployVerifier.js'
import { verifierArtifacts } from '../src/chain/statement.js'
import { submitProof } from '../src/chain/submitProof.js'
import { releaseSnarkjs } from '../src/prove/groth16.js'
import type { VerifierArtifact } from '../src/node/verifier.js'

const root = join(import.meta.dirname, '..')
const out = join(root, 'artifacts', 'mnist_mlp_784_56_10')
const log = (s: string) => console.log(s)

async function main() {
  log('1/4 compile models/mnist_mlp_784_56_10.onnx (one-party dev setup: trusted only as far as this machine; fine for a demo,')
  log('    never for production, so verify and deploy below opt in with allowInsecureSetup)')
  const t0 = performance.now()
  const m = await compile({
    model: join(root, 'models/mnist_mlp_784_56_10.onnx'),
    calibration: join(root, 'models/calibration_784.json'),
    out,
    onProgress: (p) => p.done === p.total && process.stderr.write(`    ${p.stage} done\n`),
  })
  log(`    ${m.circuit.constraints} constraints (domain 2^${m.circuit.power}), compiled in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  log(`    fidelity vs ${m.fidelity.reference}: max |err| ${m.fidelity.maxAbsError.toPrecision(3)}, argmax agreement ${((m.fidelity.argmaxAgreement ?? 1) * 100).toFixed(1)}%`)

  log('2/4 prove models/input_784.json (a test digit; the pixels stay private)')
  const proofPath = join(out, '..', 'proof.json')
  const res = await prove({ dir: out, input: join(root, 'models/input_784.json'), out: proofPath })
  const logits = res.circuitOutput.logits!
  log(`    predicted digit ${logits.indexOf(Math.max(...logits))}; witness ${res.timings.witness.toFixed(0)} ms, Groth16 prove ${res.timings.prove.toFixed(0)} ms`)

  log('3/4 verify locally')
  const verdict = await verify({ dir: out, proof: proofPath, allowInsecureSetup: true })
  log(`    ${verdict.valid ? 'valid' : `INVALID (${verdict.reason})`}`)

  log('4/4 verify on chain (embedded anvil)')
  const anvil = await startAnvil()
  try {
    const { publicClient, walletClient } = createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: anvil.accounts[0]!.privateKey })
    const art = await loadArtifactDir(out, { zkey: false })
    const verifier = JSON.parse(new TextDecoder().decode(await readArtifactFile(out, art.manifest, 'verifier.json'))) as VerifierArtifact
    const dep = await deployVerifier({ walletClient, publicClient, allowInsecureSetup: true }, verifierArtifacts({ manifest: art.manifest, verifier, vkey: art.vkey }))
    const sub = await submitProof({ walletClient, publicClient, address: dep.address, vkeyHash: art.manifest.vkeyHash }, { proof: res.proof, publicSignals: res.publicSignals })
    log(`    anvil ${anvil.rpcUrl}: adapter ${dep.address} (vkeyHash ${dep.vkeyHash})`)
    log(`    tx ${sub.transactionHash}: InferenceVerified, gas used ${sub.gasUsed}`)
  } finally {
    await anvil.stop()
  }
}

main()
  .catch((e) => {
    console.error(e instanceof Error ? e.message : e)
    process.exitCode = 1
  })
  .finally(() => releaseSnarkjs())
