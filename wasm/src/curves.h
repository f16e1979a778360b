/* G1 over Fq and G2 over Fq2 (the curve and MSM templates instantiated once each). */
#ifndef ZK_CURVES_H
#define ZK_CURVES_H
#include "fields.h"

#define CURVE g1
#define E fq_t
#define FX(op) CAT(fq_, op)
#include "curve_impl.h"
/* phi(x, y) = (beta x, y) acts on G1 as lambda (GLV) */
INLINE void g1_endo_x(fq_t *out, const fq_t *x) { fq_mul(out, x, (const fq_t *)GLV_BETA_G1); }
#include "msm_impl.h"
#undef CURVE
#undef E
#undef FX

#define CURVE g2
#define E fe2
#define FX(op) CAT(fq2_, op)
#include "curve_impl.h"
/* on the twist the same lambda needs beta^2 (beta acts as lambda^2 there) */
INLINE void g2_endo_x(fe2 *out, const fe2 *x) {
  fq_mul(&out->c0, &x->c0, (const fq_t *)GLV_BETA_G2);
  fq_mul(&out->c1, &x->c1, (const fq_t *)GLV_BETA_G2);
}
#include "msm_impl.h"
#undef CURVE
#undef E
#undef FX

#endif
