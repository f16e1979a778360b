import { compileModel } from '/work/main/src/compile/compileModel.js'
import { proveWithArtifacts, verifyWithArtifacts } from '/work/main/src/prove/prove.js'
import { releaseSnarkjs } from '/work/main/src/prove/groth16.js'
import { mlpOnnx, cnnOnnx, randomSamples } from '/work/main/test/fixtures/models.js'
for (const [name, bytes, size] of [['mlp', mlpOnnx({ sizes: [784, 56, 10] }), 784], ['cnn', cnnOnnx(), 144]] as const) {
  const t0 = Date.now()
  const samples = randomSamples({ size, count: 20 })
  const { manifest, files } = await compileModel({ model: bytes, calibration: samples, setup: { kind: 'dev' }, onProgress: (p) => { if (p.done === p.total) console.log('  ', p.stage) } })
  console.log(name, 'compile ms', Date.now() - t0, JSON.stringify(manifest.circuit), JSON.stringify(manifest.fidelity))
  const circuit = JSON.parse(new TextDecoder().decode(files['circuit.json']))
  const vkey = JSON.parse(new TextDecoder().decode(files['vkey.json']))
  for (let i = 0; i < 3; i++) {
    const res = await proveWithArtifacts({ circuit, zkey: files['circuit.zkey']!, input: Array.from(samples[i]!.input!) })
    const ok = await verifyWithArtifacts({ circuit, vkey, proofFile: res })
    console.log(name, 'timings', res.timings, 'verify', ok)
    const forged = { ...res, publicSignals: [...res.publicSignals] }
    forged.publicSignals[0] = (BigInt(forged.publicSignals[0]!) + 1n).toString()
    console.log('forged verify', await verifyWithArtifacts({ circuit, vkey, proofFile: { proof: forged.proof, publicSignals: forged.publicSignals } }))
  }
}
await releaseSnarkjs()
