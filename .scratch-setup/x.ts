import { buildBn128 } from 'ffjavascript'
import { rootOfUnity } from '/work/main/src/setup/scalar.ts'
const c = await buildBn128(true)
for (const k of [0, 1, 5, 17, 28]) console.log(k, c.Fr.toObject(c.Fr.w[k]) === rootOfUnity(k))
