/**
 * The constraint system the compiler produces, independent of any file format.
 *
 * Conventions (those of circom / snarkjs):
 * - wire 0 is the constant 1;
 * - wires 1..nPublic are the public signals, in the order the verifier sees them;
 * - every other wire is private.
 * A constraint is `<a, w> * <b, w> = <c, w>` over the BN254 scalar field.
 * Coefficients are signed `bigint`s (reduced mod p only when serialised).
 */

/** Sparse linear combination: wire index → coefficient. A missing wire has coefficient 0. */
export type LinearCombination = Map<number, bigint>

/** One R1CS constraint `a · b = c`. */
export type Constraint = { a: LinearCombination; b: LinearCombination; c: LinearCombination }

/** A complete rank-1 constraint system. */
export type R1cs = {
  /** Total number of wires, the constant-one wire included. */
  nWires: number
  /** Number of public signals (wires 1..nPublic). */
  nPublic: number
  /** Number of private input wires (informational, written to the `.r1cs` header). */
  nPrivateInputs: number
  constraints: Constraint[]
  /** Optional human-readable labels, by wire index (for debugging and the `.sym`-like listing). */
  labels?: Map<number, string>
}

/** A full assignment: `witness[i]` is the value of wire i (signed integer; reduced mod p when serialised). */
export type Witness = bigint[]
