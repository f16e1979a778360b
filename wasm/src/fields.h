/*
 * The BN254 fields: Fq (base field), Fr (scalar field) and Fq2 = Fq[u]/(u^2 + 1).
 * An Fq2 element is c0 + c1*u stored as c0 then c1 (snarkjs's order).
 */
#ifndef ZK_FIELDS_H
#define ZK_FIELDS_H
#include "field.h"
#include "constants.h"

#define FIELD fq
#define FIELD_P FQ_P
#define FIELD_INV FQ_INV
#define FIELD_ONE FQ_ONE
#define FIELD_R2 FQ_R2
#define FIELD_PM2 FQ_PM2
#include "field_impl.h"
#undef FIELD
#undef FIELD_P
#undef FIELD_INV
#undef FIELD_ONE
#undef FIELD_R2
#undef FIELD_PM2

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

typedef struct { fe c0, c1; } fe2;

static NOINLINE void fq2_mul(fe2 *out, const fe2 *a, const fe2 *b) {
  fe t0, t1, s0, s1, m;
  fq_mul(&t0, &a->c0, &b->c0);
  fq_mul(&t1, &a->c1, &b->c1);
  fq_add(&s0, &a->c0, &a->c1);
  fq_add(&s1, &b->c0, &b->c1);
  fq_mul(&m, &s0, &s1);
  fq_sub(&out->c0, &t0, &t1);
  fq_sub(&m, &m, &t0);
  fq_sub(&out->c1, &m, &t1);
}
static NOINLINE void fq2_sqr(fe2 *out, const fe2 *a) {
  fe s, d, p;
  fq_add(&s, &a->c0, &a->c1);
  fq_sub(&d, &a->c0, &a->c1);
  fq_mul(&p, &a->c0, &a->c1);
  fq_mul(&out->c0, &s, &d);
  fq_dbl(&out->c1, &p);
}
INLINE void fq2_add(fe2 *out, const fe2 *a, const fe2 *b) { fq_add(&out->c0, &a->c0, &b->c0); fq_add(&out->c1, &a->c1, &b->c1); }
INLINE void fq2_sub(fe2 *out, const fe2 *a, const fe2 *b) { fq_sub(&out->c0, &a->c0, &b->c0); fq_sub(&out->c1, &a->c1, &b->c1); }
INLINE void fq2_dbl(fe2 *out, const fe2 *a) { fq_dbl(&out->c0, &a->c0); fq_dbl(&out->c1, &a->c1); }
INLINE void fq2_neg(fe2 *out, const fe2 *a) { fq_neg(&out->c0, &a->c0); fq_neg(&out->c1, &a->c1); }
INLINE int fq2_is_zero(const fe2 *a) { return fe_is_zero(&a->c0) && fe_is_zero(&a->c1); }
INLINE int fq2_eq(const fe2 *a, const fe2 *b) { return fe_eq(&a->c0, &b->c0) && fe_eq(&a->c1, &b->c1); }
INLINE void fq2_one(fe2 *out) { fq_one(&out->c0); fe_zero(&out->c1); }
static void fq2_inv(fe2 *out, const fe2 *a) {
  fe n, t, ni;
  fq_sqr(&n, &a->c0);
  fq_sqr(&t, &a->c1);
  fq_add(&n, &n, &t);
  fq_inv(&ni, &n);
  fq_mul(&out->c0, &a->c0, &ni);
  fq_mul(&t, &a->c1, &ni);
  fq_neg(&out->c1, &t);
}
__attribute__((unused)) static void fq2_from_mont(fe2 *out, const fe2 *a) { fq_from_mont(&out->c0, &a->c0); fq_from_mont(&out->c1, &a->c1); }

/* fq as the "field" of G1 for the curve template: adapters with uniform names */
INLINE int fq_is_zero(const fe *a) { return fe_is_zero(a); }
INLINE int fq_eq(const fe *a, const fe *b) { return fe_eq(a, b); }

#endif
