/*
 * The BN254 base field Fq for the curve arithmetic: nine 29-bit limbs in 32-bit words, Montgomery
 * form with R = 2^261, values fully reduced in [0, q).
 *
 * Why not the 8 x 32-bit limbs of field.h: in wasm (64-bit multiply, no 128-bit product) a 32-bit
 * limb product fills a 64-bit word, so every product needs its carry split off at once. 29-bit limb
 * products are below 2^58, so the Montgomery loop adds up to 2^6 of them in one 64-bit word and
 * splits the carries once at the end: about half the instructions per multiplication.
 *
 * The .zkey stores Fq elements as x * 2^256 mod q in 8 x 32-bit limbs; fq_from_zkey converts one
 * (x * 2^256 * 2^5 = x * 2^261) and fq_to_plain32 gives the plain value back in that layout.
 */
#ifndef ZK_FQ29_H
#define ZK_FQ29_H
#include "field.h"
#include "constants.h"

#define M29 0x1fffffffu

/** An Fq element: 9 limbs of 29 bits, little-endian. */
typedef struct { u32 v[9]; } fq_t;

/* Carries of an unnormalised Montgomery result (value below 2q), then one conditional subtraction of q. */
INLINE void fq_finish(fq_t *out, const u64 *t) {
  u64 r[9], c = 0;
  for (int j = 0; j < 9; j++) {
    u64 x = t[j] + c;
    r[j] = x & M29;
    c = x >> 29;
  }
  u64 d[9];
  i64 borrow = 0;
  for (int j = 0; j < 9; j++) {
    i64 x = (i64)r[j] - (i64)FQ29_P[j] + borrow;
    d[j] = (u64)x & M29;
    borrow = x >> 29;
  }
  int keep = borrow < 0;
  for (int j = 0; j < 9; j++) out->v[j] = (u32)(keep ? r[j] : d[j]);
}

static NOINLINE void fq_mul(fq_t *out, const fq_t *a, const fq_t *b) {
  u64 t[9], A[9];
  for (int j = 0; j < 9; j++) { A[j] = a->v[j]; t[j] = 0; }
  /* fully unrolled: the shift of t below is then only a renaming of locals */
#pragma clang loop unroll(full)
  for (int i = 0; i < 9; i++) {
    u64 bi = b->v[i];
    for (int j = 0; j < 9; j++) t[j] += A[j] * bi;
    u64 m = ((t[0] & M29) * FQ29_INV) & M29;
    for (int j = 0; j < 9; j++) t[j] += m * (u64)FQ29_P[j];
    u64 c = t[0] >> 29;
    for (int j = 0; j < 8; j++) t[j] = t[j + 1];
    t[8] = 0;
    t[0] += c;
  }
  fq_finish(out, t);
}

/* t[k] = sum_{i+j=k} a_i b_j (17 columns, each below 9 * 2^58): a product left unreduced. */
INLINE void fq_mul_wide(u64 *t, const fq_t *a, const fq_t *b) {
  for (int k = 0; k < 17; k++) t[k] = 0;
#pragma clang loop unroll(full)
  for (int i = 0; i < 9; i++) {
    u64 ai = a->v[i];
#pragma clang loop unroll(full)
    for (int j = 0; j < 9; j++) t[i + j] += ai * b->v[j];
  }
}

/*
 * out = T / R mod q for a signed column sum T (t[0..16], |t[k]| <= 18 * 2^58, the value in
 * (-2 q^2, q^2)): Montgomery reduction with arithmetic carries; (T + M q) / R lies in (-q, 2q),
 * so one correction (+q or -q) normalises it. Lets Fq2 products subtract before reducing.
 */
static NOINLINE void fq_redc_signed(fq_t *out, i64 *t) {
  /* bounds: each column gains at most nine m q_j < 2^58 and a carry below 2^35, so |t| < 2^62.3 */
#pragma clang loop unroll(full)
  for (int i = 0; i < 9; i++) {
    u64 m = (((u64)t[i] & M29) * FQ29_INV) & M29;
    for (int j = 0; j < 9; j++) t[i + j] += (i64)(m * (u64)FQ29_P[j]);
    t[i + 1] += t[i] >> 29;
  }
  u32 r[9];
  i64 c = 0;
  for (int j = 0; j < 9; j++) {
    i64 x = (j + 9 < 17 ? t[j + 9] : 0) + c;
    r[j] = (u32)x & M29;
    c = x >> 29;
  }
  if (c < 0) {
    /* V in (-q, 0): V + q, the final carry cancels the borrow */
    u32 k = 0;
    for (int j = 0; j < 9; j++) {
      u32 x = r[j] + FQ29_P[j] + k;
      out->v[j] = x & M29;
      k = x >> 29;
    }
    return;
  }
  u32 d[9];
  i32 borrow = 0;
  for (int j = 0; j < 9; j++) {
    i32 x = (i32)r[j] - (i32)FQ29_P[j] + borrow;
    d[j] = (u32)x & M29;
    borrow = x >> 29;
  }
  int keep = borrow < 0;
  for (int j = 0; j < 9; j++) out->v[j] = keep ? r[j] : d[j];
}

/*
 * out = a^2: the 45 distinct limb products (cross products doubled) into 17 columns, then the nine
 * Montgomery reduction steps over the columns (135 multiplications where fq_mul needs 171).
 * Bounds: a column holds at most 2 * 4 + 1 products below 2^58 before reduction and gains at most
 * nine more during it, so every column stays below 2^63.
 */
static NOINLINE void fq_sqr(fq_t *out, const fq_t *a) {
  u64 A[9], t[18];
  for (int j = 0; j < 9; j++) A[j] = a->v[j];
  for (int k = 0; k < 18; k++) t[k] = 0;
#pragma clang loop unroll(full)
  for (int i = 0; i < 9; i++) {
#pragma clang loop unroll(full)
    for (int j = i + 1; j < 9; j++) t[i + j] += A[i] * A[j];
  }
  for (int k = 0; k < 18; k++) t[k] <<= 1;
  for (int i = 0; i < 9; i++) t[2 * i] += A[i] * A[i];
#pragma clang loop unroll(full)
  for (int i = 0; i < 9; i++) {
    u64 m = ((t[i] & M29) * FQ29_INV) & M29;
    for (int j = 0; j < 9; j++) t[i + j] += m * (u64)FQ29_P[j];
    t[i + 1] += t[i] >> 29;
  }
  fq_finish(out, t + 9);
}

/*
 * Addition and subtraction compute both candidates (a + b and a + b - q; a - b and a - b + q) as
 * two independent carry chains, then select: the chains run side by side instead of one after the
 * other. Limb sums stay in (-2^30, 2^31), so i32 arithmetic and arithmetic shifts carry exactly.
 */
INLINE void fq_add(fq_t *out, const fq_t *a, const fq_t *b) {
  u32 s[9], d[9];
  i32 c = 0, borrow = 0;
  for (int j = 0; j < 9; j++) {
    i32 x = (i32)(a->v[j] + b->v[j]);
    i32 y = x + c;
    s[j] = (u32)y & M29;
    c = y >> 29;
    i32 z = x - (i32)FQ29_P[j] + borrow;
    d[j] = (u32)z & M29;
    borrow = z >> 29;
  }
  int keep = borrow < 0;
  for (int j = 0; j < 9; j++) out->v[j] = keep ? s[j] : d[j];
}

INLINE void fq_sub(fq_t *out, const fq_t *a, const fq_t *b) {
  u32 d[9], e[9];
  i32 borrow = 0, c = 0;
  for (int j = 0; j < 9; j++) {
    i32 x = (i32)a->v[j] - (i32)b->v[j];
    i32 y = x + borrow;
    d[j] = (u32)y & M29;
    borrow = y >> 29;
    i32 z = x + (i32)FQ29_P[j] + c;
    e[j] = (u32)z & M29;
    c = z >> 29;
  }
  int wrap = borrow < 0;
  for (int j = 0; j < 9; j++) out->v[j] = wrap ? e[j] : d[j];
}

/*
 * out = a - b + 2q without carries or a reduction (a, b reduced): limbs below 2^31, value in
 * (q, 3q). Only as ONE operand of fq_mul (whose words then stay below 2^64 and whose result stays
 * below 2q before its final subtraction, 3q^2 / R + q < 2q): never stored, compared or added.
 */
INLINE void fq_sub_lazy(fq_t *out, const fq_t *a, const fq_t *b) {
  for (int j = 0; j < 9; j++) out->v[j] = a->v[j] + FQ29_2P_LAZY[j] - b->v[j];
}
/* out = a + b, lazily (limbs below 2^30, value below 2q): only as one operand of fq_mul, as above. */
INLINE void fq_add_lazy(fq_t *out, const fq_t *a, const fq_t *b) {
  for (int j = 0; j < 9; j++) out->v[j] = a->v[j] + b->v[j];
}

INLINE void fq_dbl(fq_t *out, const fq_t *a) { fq_add(out, a, a); }
INLINE void fq_neg(fq_t *out, const fq_t *a) {
  static const fq_t zero = {{0}};
  fq_sub(out, &zero, a);
}
INLINE int fq_is_zero(const fq_t *a) {
  u32 acc = 0;
  for (int j = 0; j < 9; j++) acc |= a->v[j];
  return acc == 0;
}
INLINE int fq_eq(const fq_t *a, const fq_t *b) {
  u32 acc = 0;
  for (int j = 0; j < 9; j++) acc |= a->v[j] ^ b->v[j];
  return acc == 0;
}
INLINE void fq_one(fq_t *out) { for (int j = 0; j < 9; j++) out->v[j] = FQ29_ONE[j]; }

/* out = a^e, e as 8 plain 32-bit limbs */
static void fq_pow(fq_t *out, const fq_t *a, const u32 *e) {
  fq_t acc, base = *a;
  fq_one(&acc);
  int started = 0;
  for (int i = 255; i >= 0; i--) {
    if (started) fq_sqr(&acc, &acc);
    if ((e[i >> 5] >> (i & 31)) & 1) {
      if (started) fq_mul(&acc, &acc, &base);
      else { acc = base; started = 1; }
    }
  }
  *out = acc;
}
static void fq_inv(fq_t *out, const fq_t *a) { fq_pow(out, a, FQ_PM2); }

/* 8 x 32-bit limbs <-> 9 x 29-bit limbs (the same integer) */
INLINE void pack29(fq_t *out, const fe *x) {
  for (int j = 0; j < 9; j++) {
    u32 bit = 29u * (u32)j, q = bit >> 5, sh = bit & 31;
    u64 lo = x->v[q], hi = q + 1 < 8 ? x->v[q + 1] : 0;
    out->v[j] = (u32)(((lo | (hi << 32)) >> sh) & M29);
  }
}
INLINE void unpack29(fe *out, const fq_t *x) {
  for (int j = 0; j < 8; j++) out->v[j] = 0;
  for (int j = 0; j < 9; j++) {
    u32 bit = 29u * (u32)j, q = bit >> 5, sh = bit & 31;
    u64 v = (u64)x->v[j] << sh;
    out->v[q] |= (u32)v;
    if (q + 1 < 8) out->v[q + 1] |= (u32)(v >> 32);
  }
}

/* the zkey's x * 2^256 (8 x 32) -> x * 2^261 (9 x 29): one 32-bit Montgomery product by 2^5 * 2^256 */
static void fq_from_zkey(fq_t *out, const fe *x) {
  fe y;
  mont_mul(&y, x, (const fe *)FQ_ZKEY_TO_29, FQ_P, FQ_INV);
  pack29(out, &y);
}
/* x * 2^261 -> x * 2^256 (the zkey's and ffjavascript's form) */
static void fq_to_zkey(fe *out, const fq_t *x) {
  fe y;
  unpack29(&y, x);
  mont_mul(out, &y, (const fe *)FQ_29_TO_ZKEY, FQ_P, FQ_INV);
}
/* x * 2^261 -> x (plain, 8 x 32) */
static void fq_to_plain32(fe *out, const fq_t *x) {
  static const fq_t one_plain = {{1, 0, 0, 0, 0, 0, 0, 0, 0}};
  fq_t y;
  fq_mul(&y, x, &one_plain);
  unpack29(out, &y);
}

#endif
