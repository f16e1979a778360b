/** Finite differences for the trainer's gradient checks. */

/**
 * The central difference (f(v + eps) − f(v − eps)) / 2·eps of `f` in `arr[i]`, restoring `arr[i]`.
 * @param f the objective, reading `arr`
 * @param arr the parameter or input array to perturb
 * @param i the element
 * @param eps the step
 * @returns the numeric partial derivative
 */
export function numericPartial(f: () => number, arr: Float32Array, i: number, eps: number): number {
  const v = arr[i]!
  arr[i] = v + eps
  const up = f()
  arr[i] = v - eps
  const down = f()
  arr[i] = v
  return (up - down) / (2 * eps)
}
