/**
 * The functions wasm/src/prover.c exports. Every pointer is a byte offset into the module's
 * memory; every range is half-open [i0, i1).
 */
type Fn<N extends number> = N extends 0 ? () => number
  : N extends 1 ? (a: number) => number
  : N extends 2 ? (a: number, b: number) => number
  : N extends 3 ? (a: number, b: number, c: number) => number
  : (...args: number[]) => number

/** The module's exports (see wasm/src/prover.c for each one's contract). */
export type ProverExports = {
  __heap_base: WebAssembly.Global
  __stack_pointer?: WebAssembly.Global
  g1_msm_scratch_bytes: Fn<2>
  g2_msm_scratch_bytes: Fn<2>
  g1_msm_window: Fn<6>
  g2_msm_window: Fn<6>
  g1_msm_combine: Fn<4>
  g2_msm_combine: Fn<4>
  g1_msm_set_batch: Fn<1>
  g2_msm_set_batch: Fn<1>
  msm_digits: Fn<7>
  msm_digits_glv: Fn<7>
  g1_msm_window_glv: Fn<7>
  g2_msm_window_glv: Fn<7>
  g1_glv_table: Fn<4>
  g2_glv_table: Fn<4>
  fr_twiddles: Fn<4>
  fr_bitrev: Fn<4>
  fr_fft_stages: Fn<7>
  fr_fft_block: Fn<6>
  fr_fft_split: Fn<7>
  fr_coset_table: Fn<4>
  qap_build_ab: Fn<7>
  qap_check_coefs: Fn<4>
  qap_mul: Fn<5>
  qap_join: Fn<5>
  groth16_finish: Fn<14>
  fq_batch_from_zkey: Fn<4>
  g1_result_affine: Fn<2>
  g2_result_affine: Fn<2>
} & Record<`t_${string}`, (...args: number[]) => number>

/** The name of an exported function. */
export type ExportName = Exclude<keyof ProverExports, '__heap_base' | '__stack_pointer'>
