import { buildBn128 } from 'ffjavascript'
const c = await buildBn128(true)
const ex = Object.keys(c.tm.instance.exports)
console.log(ex.length, ex.filter(n=>/^g1m_|^g2m_|^frm_|^f1m_|^fr_/.test(n)).join(' '))
console.log(Object.keys(c.tm), c.tm.u32[0])
