/**
 * The BN254 (alt_bn128) scalar field prime r, the field of every `.r1cs`/`.wtns`/`.zkey` we write.
 * NOTE: kept here (and not imported from `circuit/field.ts`) so the file writers cannot drift from the
 * curve snarkjs uses; `field.test`-style checks should assert both agree.
 */
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n
