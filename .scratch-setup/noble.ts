import { bn254 } from '@noble/curves/bn254.js'
const G1 = bn254.G1.Point, G2 = bn254.G2.Point
const r = bn254.fields.Fr.ORDER
let s = 123456789n
const ks: bigint[] = []
for (let i = 0; i < 2000; i++) { s = (s * 6364136223846793005n + 1442695040888963407n) % r; ks.push((s * s * s) % r || 1n) }
const B1 = (G1.BASE as any).precompute(12, false); const B2p = (G2.BASE as any).precompute(10, false); B1.multiply(3n); B2p.multiply(3n)
let t = performance.now()
const ps = ks.map((k) => B1.multiply(k))
const t1 = performance.now()
const aff = (G1 as any).normalizeZ ? (G1 as any).normalizeZ(ps) : ps.map((p) => p.toAffine())
const t2 = performance.now()
console.log('noble G1 multiply us', ((t1 - t) / ks.length * 1000).toFixed(1), 'normalize us', ((t2 - t1) / ks.length * 1000).toFixed(1))
t = performance.now()
for (const k of ks.slice(0, 500)) B2p.multiply(k)
console.log('noble G2 multiply us', ((performance.now() - t) / 500 * 1000).toFixed(1))
