import * as snarkjs from 'snarkjs'
import { chainCircuit } from '../src/formats/testFixtures.js'
import { writeR1cs } from '../src/formats/r1cs.js'
import { writeDevPtau } from '../src/setup/devPtau.js'
import { buildDevZkey } from '../src/setup/devZkey.js'
import { decodeBinFile } from '../src/formats/binFile.js'

const steps = +(process.argv[2] ?? 20)
const power = +(process.argv[3] ?? 6)
const secrets = { tau: 123456789123456789n, alpha: 987654321n, beta: 55555555555n }
const t0 = performance.now()
const skipPrep = process.argv[4] === "skip"
const unprep = skipPrep ? new Uint8Array() : await writeDevPtau({ power, secrets, unprepared: true })
const prep = await writeDevPtau({ power, secrets })
console.log('ptau ms', performance.now() - t0)
const out: any = { type: 'mem' }
if (!skipPrep) await snarkjs.powersOfTau.preparePhase2({ type: 'mem', data: unprep }, out)
const a = decodeBinFile(prep, "ptau"), b = skipPrep ? a : decodeBinFile(out.data, "ptau")
if (!skipPrep) for (const id of [1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15]) {
  const x = a.sections.get(id)![0], y = b.sections.get(id)![0]
  let firstDiff = -1
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) { firstDiff = i; break }
  console.log('ptau section', id, x.length, y.length, firstDiff)
}
if (!skipPrep) console.log("ptau identical", Buffer.compare(Buffer.from(prep), Buffer.from(out.data)) === 0)
const { r1cs } = chainCircuit({ steps, nPublic: 3 })
const r1csBytes = writeR1cs(r1cs)
const t1 = performance.now()
const ours = await buildDevZkey({ r1cs, secrets, ptauPower: power })
console.log('zkey ms', performance.now() - t1)
const z: any = { type: 'mem' }
await snarkjs.zKey.newZKey({ type: 'mem', data: r1csBytes }, { type: 'mem', data: prep }, z)
const c = decodeBinFile(ours.zkey, 'zkey'), d = decodeBinFile(z.data, 'zkey')
for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
  const x = c.sections.get(id)![0], y = d.sections.get(id)![0]
  let firstDiff = -1
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) { firstDiff = i; break }
  console.log('zkey section', id, x.length, y.length, firstDiff)
}
console.log('zkey identical', Buffer.compare(Buffer.from(ours.zkey), Buffer.from(z.data)) === 0)
await (globalThis as any).curve_bn128?.terminate()
