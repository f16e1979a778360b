/*
 * A Groth16 prover for BN254 over snarkjs's `.zkey` layout, compiled to wasm32 with clang.
 *
 * Everything is range-based: each exported function works on [i0, i1) of its data so the
 * JavaScript side can split a step over workers sharing one memory. Pointers are byte offsets
 * into that memory; the JavaScript side allocates every buffer. No libc, no allocator.
 */
#include "curves.h"

/* ---- signed window digits ---- */

/* The signed base-2^c digits of the nl-limb t (negated when neg) into out[w * stride], K windows. */
INLINE void signed_digits(const u32 *t, u32 nl, u32 c, u32 K, int neg, i16 *out, u32 stride) {
  u32 half = 1u << (c - 1), full = 1u << c, mask = full - 1;
  u32 carry = 0;
  for (u32 w = 0; w < K; w++) {
    u32 bit = w * c, q = bit >> 5, sh = bit & 31;
    u64 lo = q < nl ? t[q] : 0, hi = q + 1 < nl ? t[q + 1] : 0;
    i32 d = (i32)((u32)(((lo | (hi << 32)) >> sh) & mask) + carry);
    if (d > (i32)half) {
      d -= (i32)full;
      carry = 1;
    } else carry = 0;
    out[w * stride] = (i16)(neg ? -d : d);
  }
}

/* t = min(s, r - s); returns whether s was above (r - 1) / 2 (then t = r - s). */
INLINE int fold_half(u32 *t, const u32 *s) {
  int neg = 0;
  for (int j = 7; j >= 0; j--) {
    if (s[j] != FR_HALF[j]) {
      neg = s[j] > FR_HALF[j];
      break;
    }
  }
  if (neg) {
    u64 borrow = 0;
    for (int j = 0; j < 8; j++) {
      u64 x = (u64)FR_P[j] - s[j] - borrow;
      t[j] = (u32)x;
      borrow = x >> 63;
    }
  } else {
    for (int j = 0; j < 8; j++) t[j] = s[j];
  }
  return neg;
}

/**
 * Signed base-2^c digits of scalars[i0..i1) (plain form, < r), window-major:
 * digits[w * n + i] in [-2^(c-1), 2^(c-1)], K windows (K * c >= 254).
 * A scalar s above (r - 1) / 2 is written as -(r - s): the digits of r - s, negated. A witness's
 * small negative values (r - x) then cost as little as small positive ones.
 */
EXPORT(msm_digits) void msm_digits(const u32 *scalars, u32 n, u32 c, u32 K, i16 *digits, u32 i0, u32 i1) {
  for (u32 i = i0; i < i1; i++) {
    u32 t[8];
    int neg = fold_half(t, scalars + 8 * i);
    signed_digits(t, 8, c, K, neg, digits + i, n);
  }
}

/* out = low 128 bits of a * b (4 limbs each) */
INLINE void mul_lo4(u32 *out, const u32 *a, const u32 *b) {
  u64 acc[4] = {0, 0, 0, 0};
  for (int i = 0; i < 4; i++) {
    u64 carry = 0;
    for (int j = 0; i + j < 4; j++) {
      u64 x = (u64)a[i] * b[j] + (acc[i + j] & 0xffffffffu) + carry;
      acc[i + j] = x & 0xffffffffu;
      carry = x >> 32;
    }
  }
  for (int i = 0; i < 4; i++) out[i] = (u32)acc[i];
}
/* a -= b (mod 2^128) */
INLINE void sub4(u32 *a, const u32 *b) {
  u64 borrow = 0;
  for (int j = 0; j < 4; j++) {
    u64 x = (u64)a[j] - b[j] - borrow;
    a[j] = (u32)x;
    borrow = x >> 63;
  }
}
/* round(k * g / 2^256), k 8 limbs below 2^253, g 5 limbs: below 2^128 for the GLV constants */
INLINE void glv_round(u32 *out, const u32 *k, const u32 *g) {
  u32 p[13];
  for (int i = 0; i < 13; i++) p[i] = 0;
  for (int i = 0; i < 8; i++) {
    u64 carry = 0;
    for (int j = 0; j < 5; j++) {
      u64 x = (u64)k[i] * g[j] + p[i + j] + carry;
      p[i + j] = (u32)x;
      carry = x >> 32;
    }
    p[i + 5] = (u32)carry;
  }
  u64 carry = p[7] >> 31;
  for (int j = 0; j < 4; j++) {
    u64 x = (u64)p[8 + j] + carry;
    out[j] = (u32)x;
    carry = x >> 32;
  }
}

/**
 * The GLV split of k <= (r - 1) / 2 (8 plain limbs): k = k1 + k2 * lambda (mod r) with
 * |k1|, |k2| < 2^127, returned as magnitudes m1, m2 (4 limbs) and signs (1 = negative).
 * See glvConstants in wasm/build.ts for the lattice basis and the bound.
 */
INLINE void glv_split(const u32 *k, u32 *m1, u32 *m2, int *n1, int *n2) {
  u32 c1[4], c2[4], t[4];
  glv_round(c1, k, GLV_G1);
  glv_round(c2, k, GLV_G2);
  /* k1 = k - C1 A1 - C2 A2, k2 = C2 B2 - C1 B1, exact as they are small: computed mod 2^128 */
  for (int j = 0; j < 4; j++) m1[j] = k[j];
  mul_lo4(t, c1, GLV_A1);
  sub4(m1, t);
  mul_lo4(t, c2, GLV_A2);
  sub4(m1, t);
  mul_lo4(m2, c2, GLV_B2);
  mul_lo4(t, c1, GLV_B1);
  sub4(m2, t);
  *n1 = (int)(m1[3] >> 31);
  if (*n1) { u32 z[4] = {0, 0, 0, 0}; sub4(z, m1); for (int j = 0; j < 4; j++) m1[j] = z[j]; }
  *n2 = (int)(m2[3] >> 31);
  if (*n2) { u32 z[4] = {0, 0, 0, 0}; sub4(z, m2); for (int j = 0; j < 4; j++) m2[j] = z[j]; }
}

/**
 * GLV digits of scalars[i0..i1) (plain, < r) for the doubled point list (P_0..P_{n-1},
 * phi(P_0)..phi(P_{n-1})): s = +-(k1 + k2 lambda) (s folded to r - s above (r - 1) / 2), digits of
 * |k1| at position i and of |k2| at n + i, signs folded in: digits[w * 2n + j], K windows
 * (K * c >= 128).
 */
EXPORT(msm_digits_glv) void msm_digits_glv(const u32 *scalars, u32 n, u32 c, u32 K, i16 *digits, u32 i0, u32 i1) {
  for (u32 i = i0; i < i1; i++) {
    u32 t[8], m1[4], m2[4];
    int n1, n2, neg = fold_half(t, scalars + 8 * i);
    glv_split(t, m1, m2, &n1, &n2);
    signed_digits(m1, 4, c, K, neg ^ n1, digits + i, 2 * n);
    signed_digits(m2, 4, c, K, neg ^ n2, digits + n + i, 2 * n);
  }
}

/** Test entry: the GLV split of a plain k < r as |k1|, |k2| (4 limbs each, out[0..7]) and signs (out[8], out[9]), after folding. */
EXPORT(t_glv_split) void t_glv_split(u32 *out, const u32 *k) {
  u32 t[8];
  int n1, n2, neg = fold_half(t, k);
  glv_split(t, out, out + 4, &n1, &n2);
  out[8] = (u32)(neg ^ n1);
  out[9] = (u32)(neg ^ n2);
}

/* ---- FFT over Fr (radix 2, in place) ---- */

/** tw[i] = w^i for i in [i0, i1), w the primitive 2^log_n-th root of unity. */
EXPORT(fr_twiddles) void fr_twiddles(fe *tw, u32 log_n, u32 i0, u32 i1) {
  const fe *w = (const fe *)FR_ROOTS[log_n];
  u32 e[8] = {i0, 0, 0, 0, 0, 0, 0, 0};
  fe x;
  fr_pow(&x, w, e);
  for (u32 i = i0; i < i1; i++) {
    tw[i] = x;
    fr_mul(&x, &x, w);
  }
}

INLINE u32 bit_reverse(u32 x, u32 bits) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
  x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
  x = (x >> 16) | (x << 16);
  return bits ? x >> (32 - bits) : 0;
}

/** Bit-reversal permutation of a (2^log_n elements), the swaps whose lower index is in [i0, i1). */
EXPORT(fr_bitrev) void fr_bitrev(fe *a, u32 log_n, u32 i0, u32 i1) {
  for (u32 i = i0; i < i1; i++) {
    u32 j = bit_reverse(i, log_n);
    if (i < j) {
      fe t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}

/**
 * Decimation-in-time stages [s0, s1) on bit-reversed input, butterflies [b0, b1) of each stage
 * (butterfly b of stage s joins k and k + 2^s, k = (b >> s) << (s + 1) | (b mod 2^s)).
 * tw holds the 2^(log_n - 1) powers of the 2^log_n-th root. Output in natural order.
 */
EXPORT(fr_fft_stages) void fr_fft_stages(fe *a, const fe *tw, u32 log_n, u32 s0, u32 s1, u32 b0, u32 b1) {
  for (u32 s = s0; s < s1; s++) {
    u32 h = 1u << s, shift = log_n - 1 - s;
    for (u32 b = b0; b < b1; b++) {
      u32 j = b & (h - 1);
      u32 k = ((b >> s) << (s + 1)) | j;
      fe v, u = a[k];
      if (j) fr_mul(&v, &a[k + h], &tw[j << shift]);
      else v = a[k + h];
      fr_add(&a[k], &u, &v);
      fr_sub(&a[k + h], &u, &v);
    }
  }
}

/* One decimation-in-time stage s on [lo, hi) (lo, hi multiples of 2^(s+1)). */
INLINE void dit_stage(fe *a, const fe *tw, u32 log_n, u32 s, u32 lo, u32 hi) {
  u32 h = 1u << s, shift = log_n - 1 - s;
  for (u32 k = lo; k < hi; k += 2 * h) {
    for (u32 j = 0; j < h; j++) {
      fe v, u = a[k + j];
      if (j) fr_mul(&v, &a[k + j + h], &tw[j << shift]);
      else v = a[k + j + h];
      fr_add(&a[k + j], &u, &v);
      fr_sub(&a[k + j + h], &u, &v);
    }
  }
}

/*
 * One decimation-in-frequency stage s of the inverse transform on [lo, hi): (u, v) -> (u + v,
 * (u - v) w^-e) with w^-e = -w^(N/2 - e), so the table of the first N/2 powers serves both ways.
 */
INLINE void dif_inv_stage(fe *a, const fe *tw, u32 log_n, u32 s, u32 lo, u32 hi) {
  u32 h = 1u << s, shift = log_n - 1 - s, half = 1u << (log_n - 1);
  for (u32 k = lo; k < hi; k += 2 * h) {
    for (u32 j = 0; j < h; j++) {
      fe u = a[k + j], v = a[k + j + h], d;
      fr_add(&a[k + j], &u, &v);
      if (j) {
        fr_sub(&d, &v, &u);
        fr_mul(&a[k + j + h], &d, &tw[half - (j << shift)]);
      } else fr_sub(&a[k + j + h], &u, &v);
    }
  }
}

/* Sub-blocks of 2^CACHE_LOG elements (64 KiB) get their small stages done while in cache. */
#define CACHE_LOG 11u

/**
 * For each poly block [base, base + len) (len = 2^s_top): the inverse transform's stages
 * s_top - 1 .. 0 (DIF, bit-reversed output), the coset scaling a[k] *= T[k], then the forward
 * transform's stages 0 .. s_top - 1 (DIT, bit-reversed input). With s_top = log_n this is the whole
 * coefficient round trip; with fewer, the outer stages are run split by fr_fft_split.
 */
EXPORT(fr_fft_block) void fr_fft_block(fe *a, const fe *tw, const fe *T, u32 log_n, u32 s_top, u32 base) {
  u32 len = 1u << s_top, inner = s_top < CACHE_LOG ? s_top : CACHE_LOG;
  for (u32 s = s_top; s-- > inner;) dif_inv_stage(a, tw, log_n, s, base, base + len);
  for (u32 b = base; b < base + len; b += 1u << inner) {
    for (u32 s = inner; s-- > 0;) dif_inv_stage(a, tw, log_n, s, b, b + (1u << inner));
    for (u32 k = b; k < b + (1u << inner); k++) fr_mul(&a[k], &a[k], &T[k]);
    for (u32 s = 0; s < inner; s++) dit_stage(a, tw, log_n, s, b, b + (1u << inner));
  }
  for (u32 s = inner; s < s_top; s++) dit_stage(a, tw, log_n, s, base, base + len);
}

/**
 * One outer stage s over the whole poly, butterflies [b0, b1) of N/2 (butterfly b joins
 * k and k + 2^s, k = (b >> s) << (s + 1) | (b mod 2^s)): inverse (DIF) when inverse != 0.
 */
EXPORT(fr_fft_split) void fr_fft_split(fe *a, const fe *tw, u32 log_n, u32 s, u32 inverse, u32 b0, u32 b1) {
  u32 h = 1u << s, shift = log_n - 1 - s, half = 1u << (log_n - 1);
  for (u32 b = b0; b < b1; b++) {
    u32 j = b & (h - 1);
    u32 k = ((b >> s) << (s + 1)) | j;
    fe u = a[k], v = a[k + h], d;
    if (inverse) {
      fr_add(&a[k], &u, &v);
      if (j) {
        fr_sub(&d, &v, &u);
        fr_mul(&a[k + h], &d, &tw[half - (j << shift)]);
      } else fr_sub(&a[k + h], &u, &v);
    } else {
      if (j) fr_mul(&v, &a[k + h], &tw[j << shift]);
      fr_add(&a[k], &u, &v);
      fr_sub(&a[k + h], &u, &v);
    }
  }
}

/**
 * The coset scaling table: T[rev(i)] = g^i / N for i in [i0, i1), g the primitive 2^(log_n+1)-th
 * root (snarkjs's coset of odd powers), so that after the inverse DIF (position k holds
 * coefficient rev(k), times N) a[k] *= T[k] gives the coset's coefficients in DIT input order.
 */
EXPORT(fr_coset_table) void fr_coset_table(fe *T, u32 log_n, u32 i0, u32 i1) {
  const fe *g = (const fe *)FR_ROOTS[log_n + 1];
  fe nfe, ninv, x;
  u32 ne[8] = {1u << log_n, 0, 0, 0, 0, 0, 0, 0};
  fr_to_mont(&nfe, (const fe *)ne);
  fr_inv(&ninv, &nfe);
  u32 e[8] = {i0, 0, 0, 0, 0, 0, 0, 0};
  fr_pow(&x, g, e);
  fr_mul(&x, &x, &ninv);
  for (u32 i = i0; i < i1; i++) {
    T[bit_reverse(i, log_n)] = x;
    fr_mul(&x, &x, g);
  }
}

/* ---- QAP ---- */

/**
 * Accumulates the zkey's coefficients (section 4 entries: matrix, constraint, signal u32, then
 * coefficient * R^2 mod r) into A and B (Montgomery form) for constraints in [c0, c1), which it
 * zeroes first. witness is plain form.
 */
EXPORT(qap_build_ab) void qap_build_ab(const u32 *coefs, u32 n_coefs, const fe *witness, fe *A, fe *B, u32 c0, u32 c1) {
  for (u32 i = c0; i < c1; i++) {
    fe_zero(&A[i]);
    fe_zero(&B[i]);
  }
  for (u32 i = 0; i < n_coefs; i++) {
    const u32 *e = coefs + 11 * i;
    u32 c = e[1];
    if (c < c0 || c >= c1) continue;
    fe *out = e[0] ? &B[c] : &A[c];
    fe t;
    fr_mul(&t, (const fe *)(e + 3), &witness[e[2]]);
    fr_add(out, out, &t);
  }
}

/** Checks the coefficient entries: returns the index of the first bad one, or n_coefs. */
EXPORT(qap_check_coefs) u32 qap_check_coefs(const u32 *coefs, u32 n_coefs, u32 n_vars, u32 domain) {
  for (u32 i = 0; i < n_coefs; i++) {
    const u32 *e = coefs + 11 * i;
    if (e[0] > 1 || e[1] >= domain || e[2] >= n_vars) return i;
  }
  return n_coefs;
}

/** C[i] = A[i] * B[i] for i in [i0, i1). */
EXPORT(qap_mul) void qap_mul(const fe *A, const fe *B, fe *C, u32 i0, u32 i1) {
  for (u32 i = i0; i < i1; i++) fr_mul(&C[i], &A[i], &B[i]);
}

/** A[i] = plain(A[i] * B[i] - C[i]) for i in [i0, i1): the H query's scalars. */
EXPORT(qap_join) void qap_join(fe *A, const fe *B, const fe *C, u32 i0, u32 i1) {
  for (u32 i = i0; i < i1; i++) {
    fe t;
    fr_mul(&t, &A[i], &B[i]);
    fr_sub(&t, &t, &C[i]);
    fr_from_mont(&A[i], &t);
  }
}

/* ---- proof assembly ---- */

/**
 * pi_a = A + alpha1 + r delta1, pi_b = B2 + beta2 + s delta2,
 * pi_c = C + H + s pi_a + r (B1 + beta1 + s delta1) - r s delta1.
 * key points are affine, converted by fq_batch_from_zkey; r, s, nrs (= -r s mod r) plain limbs.
 * out: pi_a x, y, pi_b x.c0, x.c1, y.c0, y.c1, pi_c x, y as plain 32-byte values.
 */
EXPORT(groth16_finish) void groth16_finish(const g1_jac *msmA, const g1_jac *msmB1, const g2_jac *msmB2, const g1_jac *msmC,
                                           const g1_jac *msmH, const g1_aff *alpha1, const g1_aff *beta1, const g2_aff *beta2,
                                           const g1_aff *delta1, const g2_aff *delta2, const u32 *r, const u32 *s,
                                           const u32 *nrs, fe *out) {
  g1_jac pa, pb1, pc, t, d1;
  g2_jac pb, t2, d2;
  g1_jac_from_aff(&d1, delta1);
  g2_jac_from_aff(&d2, delta2);

  g1_add_mixed(&pa, msmA, alpha1);
  g1_scalar_mul(&t, &d1, r);
  g1_add(&pa, &pa, &t);

  g2_add_mixed(&pb, msmB2, beta2);
  g2_scalar_mul(&t2, &d2, s);
  g2_add(&pb, &pb, &t2);

  g1_add_mixed(&pb1, msmB1, beta1);
  g1_scalar_mul(&t, &d1, s);
  g1_add(&pb1, &pb1, &t);

  g1_add(&pc, msmC, msmH);
  g1_scalar_mul(&t, &pa, s);
  g1_add(&pc, &pc, &t);
  g1_scalar_mul(&t, &pb1, r);
  g1_add(&pc, &pc, &t);
  g1_scalar_mul(&t, &d1, nrs);
  g1_add(&pc, &pc, &t);

  g1_aff a1;
  g2_aff a2;
  g1_to_affine(&a1, &pa);
  fq_to_plain32(&out[0], &a1.x);
  fq_to_plain32(&out[1], &a1.y);
  g2_to_affine(&a2, &pb);
  fq_to_plain32(&out[2], &a2.x.c0);
  fq_to_plain32(&out[3], &a2.x.c1);
  fq_to_plain32(&out[4], &a2.y.c0);
  fq_to_plain32(&out[5], &a2.y.c1);
  g1_to_affine(&a1, &pc);
  fq_to_plain32(&out[6], &a1.x);
  fq_to_plain32(&out[7], &a1.y);
}

/* ---- key loading ---- */

/** Converts Fq elements [i0, i1) from the zkey's form (8 x 32, x * 2^256) to ours (9 x 29, x * 2^261). */
EXPORT(fq_batch_from_zkey) void fq_batch_from_zkey(fq_t *dst, const fe *src, u32 i0, u32 i1) {
  for (u32 i = i0; i < i1; i++) fq_from_zkey(&dst[i], &src[i]);
}

/* ---- small entry points for the tests: values in and out in the zkey's form (as ffjavascript) ---- */

static void in_fq(fq_t *o, const fe *a) { fq_from_zkey(o, a); }
static void out_fq(fe *o, const fq_t *a) { fq_to_zkey(o, a); }
static void in_fq2(fe2 *o, const fe *a) { in_fq(&o->c0, &a[0]); in_fq(&o->c1, &a[1]); }
static void out_fq2(fe *o, const fe2 *a) { out_fq(&o[0], &a->c0); out_fq(&o[1], &a->c1); }
static void in_g1j(g1_jac *o, const fe *a) { in_fq(&o->x, &a[0]); in_fq(&o->y, &a[1]); in_fq(&o->z, &a[2]); }
static void out_g1j(fe *o, const g1_jac *a) { out_fq(&o[0], &a->x); out_fq(&o[1], &a->y); out_fq(&o[2], &a->z); }
static void in_g2j(g2_jac *o, const fe *a) { in_fq2(&o->x, &a[0]); in_fq2(&o->y, &a[2]); in_fq2(&o->z, &a[4]); }
static void out_g2j(fe *o, const g2_jac *a) { out_fq2(&o[0], &a->x); out_fq2(&o[2], &a->y); out_fq2(&o[4], &a->z); }

EXPORT(t_fq_mul) void t_fq_mul(fe *o, const fe *a, const fe *b) { fq_t x, y; in_fq(&x, a); in_fq(&y, b); fq_mul(&x, &x, &y); out_fq(o, &x); }
EXPORT(t_fq_sqr) void t_fq_sqr(fe *o, const fe *a) { fq_t x; in_fq(&x, a); fq_sqr(&x, &x); out_fq(o, &x); }
EXPORT(t_fq_add) void t_fq_add(fe *o, const fe *a, const fe *b) { fq_t x, y; in_fq(&x, a); in_fq(&y, b); fq_add(&x, &x, &y); out_fq(o, &x); }
EXPORT(t_fq_sub) void t_fq_sub(fe *o, const fe *a, const fe *b) { fq_t x, y; in_fq(&x, a); in_fq(&y, b); fq_sub(&x, &x, &y); out_fq(o, &x); }
EXPORT(t_fq_inv) void t_fq_inv(fe *o, const fe *a) { fq_t x; in_fq(&x, a); fq_inv(&x, &x); out_fq(o, &x); }
EXPORT(t_fr_mul) void t_fr_mul(fe *o, const fe *a, const fe *b) { fr_mul(o, a, b); }
EXPORT(t_fr_sqr) void t_fr_sqr(fe *o, const fe *a) { fr_sqr(o, a); }
EXPORT(t_fr_add) void t_fr_add(fe *o, const fe *a, const fe *b) { fr_add(o, a, b); }
EXPORT(t_fr_sub) void t_fr_sub(fe *o, const fe *a, const fe *b) { fr_sub(o, a, b); }
EXPORT(t_fr_inv) void t_fr_inv(fe *o, const fe *a) { fr_inv(o, a); }
EXPORT(t_fr_to_mont) void t_fr_to_mont(fe *o, const fe *a) { fr_to_mont(o, a); }
EXPORT(t_fr_from_mont) void t_fr_from_mont(fe *o, const fe *a) { fr_from_mont(o, a); }
EXPORT(t_fq2_mul) void t_fq2_mul(fe *o, const fe *a, const fe *b) { fe2 x, y; in_fq2(&x, a); in_fq2(&y, b); fq2_mul(&x, &x, &y); out_fq2(o, &x); }
EXPORT(t_fq2_sqr) void t_fq2_sqr(fe *o, const fe *a) { fe2 x; in_fq2(&x, a); fq2_sqr(&x, &x); out_fq2(o, &x); }
EXPORT(t_fq2_inv) void t_fq2_inv(fe *o, const fe *a) { fe2 x; in_fq2(&x, a); fq2_inv(&x, &x); out_fq2(o, &x); }
EXPORT(t_g1_add) void t_g1_add(fe *o, const fe *a, const fe *b) { g1_jac x, y; in_g1j(&x, a); in_g1j(&y, b); g1_add(&x, &x, &y); out_g1j(o, &x); }
EXPORT(t_g1_dbl) void t_g1_dbl(fe *o, const fe *a) { g1_jac x; in_g1j(&x, a); g1_dbl(&x, &x); out_g1j(o, &x); }
EXPORT(t_g2_add) void t_g2_add(fe *o, const fe *a, const fe *b) { g2_jac x, y; in_g2j(&x, a); in_g2j(&y, b); g2_add(&x, &x, &y); out_g2j(o, &x); }
EXPORT(t_g2_dbl) void t_g2_dbl(fe *o, const fe *a) { g2_jac x; in_g2j(&x, a); g2_dbl(&x, &x); out_g2j(o, &x); }
EXPORT(t_g1_scalar_mul) void t_g1_scalar_mul(fe *o, const fe *a, const u32 *k) { g1_jac x; in_g1j(&x, a); g1_scalar_mul(&x, &x, k); out_g1j(o, &x); }
EXPORT(t_g2_scalar_mul) void t_g2_scalar_mul(fe *o, const fe *a, const u32 *k) { g2_jac x; in_g2j(&x, a); g2_scalar_mul(&x, &x, k); out_g2j(o, &x); }
/** Jacobian in our form (an MSM result) -> affine in the zkey's form. */
EXPORT(g1_result_affine) void g1_result_affine(fe *o, const g1_jac *a) { g1_aff r; g1_to_affine(&r, a); out_fq(&o[0], &r.x); out_fq(&o[1], &r.y); }
EXPORT(g2_result_affine) void g2_result_affine(fe *o, const g2_jac *a) { g2_aff r; g2_to_affine(&r, a); out_fq2(&o[0], &r.x); out_fq2(&o[2], &r.y); }
/** Jacobian in the zkey's form -> affine in the zkey's form. */
EXPORT(t_g1_to_affine) void t_g1_to_affine(fe *o, const fe *a) { g1_jac x; in_g1j(&x, a); g1_result_affine(o, &x); }
EXPORT(t_g2_to_affine) void t_g2_to_affine(fe *o, const fe *a) { g2_jac x; in_g2j(&x, a); g2_result_affine(o, &x); }

/* ---- micro-benchmarks (bench/msm.bench.ts): n dependent products in a loop ---- */
EXPORT(b_fq_mul) void b_fq_mul(fq_t *a, const fq_t *b, u32 n) {
  fq_t x = *a;
  for (u32 i = 0; i < n; i++) fq_mul(&x, &x, b);
  *a = x;
}
EXPORT(b_fr_mul) void b_fr_mul(fe *a, const fe *b, u32 n) {
  fe x = *a;
  for (u32 i = 0; i < n; i++) fr_mul(&x, &x, b);
  *a = x;
}
EXPORT(b_fq_sqr) void b_fq_sqr(fq_t *a, u32 n) {
  fq_t x = *a;
  for (u32 i = 0; i < n; i++) fq_sqr(&x, &x);
  *a = x;
}

/** Test entries: phi(x, y) = (beta x, y) of an affine point in the zkey's form. */
EXPORT(t_g1_endo) void t_g1_endo(fe *o, const fe *a) { fq_t x; in_fq(&x, &a[0]); g1_endo_x(&x, &x); out_fq(&o[0], &x); o[1] = a[1]; }
EXPORT(t_g2_endo) void t_g2_endo(fe *o, const fe *a) { fe2 x; in_fq2(&x, &a[0]); g2_endo_x(&x, &x); out_fq2(&o[0], &x); o[2] = a[2]; o[3] = a[3]; }
