/**
 * Poseidon over the BN254 scalar field, bit-identical to circomlib: native hash, circuit gadget,
 * list hashing and value packing. Constants come from the Grain LFSR of the Poseidon spec.
 */
export { PoseidonInputError, type PoseidonInputErrorType, type PoseidonInputErrorParameters } from '../../errors/poseidon.js'
export { poseidon, poseidonPermutation, type PoseidonPermutationParameters } from './hash.js'
export {
  poseidonMany,
  packValues,
  unpackValues,
  valuesPerElement,
  POSEIDON_MANY_BLOCK,
  PACK_MAX_BITS,
  type PackValuesParameters,
  type UnpackValuesParameters,
} from './many.js'
export { poseidonGadget } from './gadget.js'
export { poseidonManyGadget, packGadget, type PackGadgetParameters } from './manyGadget.js'
export { poseidonParams, POSEIDON_FULL_ROUNDS, POSEIDON_PARTIAL_ROUNDS, POSEIDON_MAX_INPUTS, type PoseidonParams } from './params.js'
