/*
 * The BN254 fields: Fr (scalar field, 8 x 32-bit limbs, R = 2^256: the zkey's coefficient and FFT
 * layout), Fq (base field, 9 x 29-bit limbs, R = 2^261: see fq29.h) and Fq2 = Fq[u]/(u^2 + 1).
 * An Fq2 element is c0 + c1*u stored as c0 then c1 (snarkjs's order).
 */
#ifndef ZK_FIELDS_H
#define ZK_FIELDS_H
#include "field.h"
#include "constants.h"
#include "fq29.h"

#define FIELD fr
#define FIELD_P FR_P
#define FIELD_INV FR_INV
#define FIELD_ONE FR_ONE
#define FIELD_R2 FR_R2
#define FIELD_PM2 FR_PM2
#include "field_impl.h"
#undef FIELD
#undef FIELD_P
#undef FIELD_INV
#undef FIELD_ONE
#undef FIELD_R2
#undef FIELD_PM2

typedef struct { fq_t c0, c1; } fe2;

/*
 * Karatsuba with lazy reduction: the three Fq products are left unreduced (fq_mul_wide), combined
 * as c0 = a0 b0 - a1 b1 and c1 = (a0 + a1)(b0 + b1) - a0 b0 - a1 b1 column by column, and each
 * reduced once (fq_redc_signed): two Montgomery reductions instead of three.
 */
static NOINLINE void fq2_mul(fe2 *out, const fe2 *a, const fe2 *b) {
  u64 p0[17], p1[17], p2[17];
  i64 t[17];
  fq_t s0, s1;
  fq_mul_wide(p0, &a->c0, &b->c0);
  fq_mul_wide(p1, &a->c1, &b->c1);
  fq_add(&s0, &a->c0, &a->c1);
  fq_add(&s1, &b->c0, &b->c1);
  fq_mul_wide(p2, &s0, &s1);
  for (int k = 0; k < 17; k++) t[k] = (i64)p0[k] - (i64)p1[k];
  fq_redc_signed(&out->c0, t);
  for (int k = 0; k < 17; k++) t[k] = (i64)p2[k] - (i64)p0[k] - (i64)p1[k];
  fq_redc_signed(&out->c1, t);
}
static NOINLINE void fq2_sqr(fe2 *out, const fe2 *a) {
  fq_t s, d, p;
  fq_add(&s, &a->c0, &a->c1);
  fq_sub(&d, &a->c0, &a->c1);
  fq_mul(&p, &a->c0, &a->c1);
  fq_mul(&out->c0, &s, &d);
  fq_dbl(&out->c1, &p);
}
/* Fq2 has no lazy forms (fq2_mul adds its operands' halves): the reduced operations stand in. */
#define fq2_sub_lazy fq2_sub
#define fq2_add_lazy fq2_add
INLINE void fq2_add(fe2 *out, const fe2 *a, const fe2 *b) { fq_add(&out->c0, &a->c0, &b->c0); fq_add(&out->c1, &a->c1, &b->c1); }
INLINE void fq2_sub(fe2 *out, const fe2 *a, const fe2 *b) { fq_sub(&out->c0, &a->c0, &b->c0); fq_sub(&out->c1, &a->c1, &b->c1); }
INLINE void fq2_dbl(fe2 *out, const fe2 *a) { fq_dbl(&out->c0, &a->c0); fq_dbl(&out->c1, &a->c1); }
INLINE void fq2_neg(fe2 *out, const fe2 *a) { fq_neg(&out->c0, &a->c0); fq_neg(&out->c1, &a->c1); }
INLINE int fq2_is_zero(const fe2 *a) { return fq_is_zero(&a->c0) && fq_is_zero(&a->c1); }
INLINE int fq2_eq(const fe2 *a, const fe2 *b) { return fq_eq(&a->c0, &b->c0) && fq_eq(&a->c1, &b->c1); }
INLINE void fq2_one(fe2 *out) {
  fq_one(&out->c0);
  for (int j = 0; j < 9; j++) out->c1.v[j] = 0;
}
static void fq2_inv(fe2 *out, const fe2 *a) {
  fq_t n, t, ni;
  fq_sqr(&n, &a->c0);
  fq_sqr(&t, &a->c1);
  fq_add(&n, &n, &t);
  fq_inv(&ni, &n);
  fq_mul(&out->c0, &a->c0, &ni);
  fq_mul(&t, &a->c1, &ni);
  fq_neg(&out->c1, &t);
}

#endif
