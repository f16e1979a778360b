/* G1 over Fq and G2 over Fq2 (the curve and MSM templates instantiated once each). */
#ifndef ZK_CURVES_H
#define ZK_CURVES_H
#include "fields.h"

#define CURVE g1
#define E fq_t
#define FX(op) CAT(fq_, op)
#include "curve_impl.h"
#include "msm_impl.h"
#undef CURVE
#undef E
#undef FX

#define CURVE g2
#define E fe2
#define FX(op) CAT(fq2_, op)
#include "curve_impl.h"
#include "msm_impl.h"
#undef CURVE
#undef E
#undef FX

#endif
