/**
 * The BN254 (alt_bn128) scalar field prime r, the field of every `.r1cs`/`.wtns`/`.zkey` we write
 * (an alias of `FIELD_PRIME`; the setup tests compare our files byte-for-byte with snarkjs's, which
 * would catch a wrong value).
 */
export { FIELD_PRIME as BN254_R } from '../circuit/field.js'
