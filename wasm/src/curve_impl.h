/*
 * Short Weierstrass curve y^2 = x^3 + b (a = 0) over a field E, named CURVE_xxx.
 * Expects CURVE (prefix), E (element type) and FX(op) naming the field's functions.
 * Affine points are x, y (the zkey layout); the point at infinity is stored as x = y = 0, which is
 * never on the curve (b != 0). Jacobian points are x, y, z with z = 0 at infinity.
 */
#define G_(name) CAT(CURVE, CAT(_, name))
#define AFF G_(aff)
#define JAC G_(jac)

typedef struct { E x, y; } AFF;
typedef struct { E x, y, z; } JAC;

INLINE int G_(aff_is_zero)(const AFF *p) { return FX(is_zero)(&p->x) && FX(is_zero)(&p->y); }
INLINE int G_(jac_is_zero)(const JAC *p) { return FX(is_zero)(&p->z); }
INLINE void G_(jac_set_zero)(JAC *p) {
  for (u32 i = 0; i < sizeof(JAC) / 4; i++) ((u32 *)p)[i] = 0;
  FX(one)(&p->x);
  FX(one)(&p->y);
}
INLINE void G_(jac_from_aff)(JAC *out, const AFF *p) {
  if (G_(aff_is_zero)(p)) { G_(jac_set_zero)(out); return; }
  out->x = p->x;
  out->y = p->y;
  FX(one)(&out->z);
}

/* out = 2p (dbl-2009-l) */
static NOINLINE void G_(dbl)(JAC *out, const JAC *p) {
  if (G_(jac_is_zero)(p)) { *out = *p; return; }
  E a, b, c, d, e, f, t;
  FX(sqr)(&a, &p->x);
  FX(sqr)(&b, &p->y);
  FX(sqr)(&c, &b);
  FX(add)(&t, &p->x, &b);
  FX(sqr)(&t, &t);
  FX(sub)(&t, &t, &a);
  FX(sub)(&t, &t, &c);
  FX(dbl)(&d, &t);
  FX(dbl)(&e, &a);
  FX(add)(&e, &e, &a);
  FX(sqr)(&f, &e);
  E z3;
  FX(mul)(&z3, &p->y, &p->z);
  FX(dbl)(&out->z, &z3);
  E x3;
  FX(sub)(&x3, &f, &d);
  FX(sub)(&x3, &x3, &d);
  FX(sub)(&t, &d, &x3);
  FX(mul)(&t, &e, &t);
  FX(dbl)(&c, &c);
  FX(dbl)(&c, &c);
  FX(dbl)(&c, &c);
  FX(sub)(&out->y, &t, &c);
  out->x = x3;
}

/* out = p + q with q affine (madd-2007-bl); handles infinity and p == +-q */
static NOINLINE void G_(add_mixed)(JAC *out, const JAC *p, const AFF *q) {
  if (G_(aff_is_zero)(q)) { *out = *p; return; }
  if (G_(jac_is_zero)(p)) { G_(jac_from_aff)(out, q); return; }
  E z1z1, u2, s2, h, hh, i, j, r, v, t;
  FX(sqr)(&z1z1, &p->z);
  FX(mul)(&u2, &q->x, &z1z1);
  FX(mul)(&s2, &q->y, &p->z);
  FX(mul)(&s2, &s2, &z1z1);
  FX(sub)(&h, &u2, &p->x);
  FX(sub)(&r, &s2, &p->y);
  if (FX(is_zero)(&h)) {
    if (FX(is_zero)(&r)) { G_(dbl)(out, p); } else { G_(jac_set_zero)(out); }
    return;
  }
  FX(dbl)(&r, &r);
  FX(sqr)(&hh, &h);
  FX(dbl)(&i, &hh);
  FX(dbl)(&i, &i);
  FX(mul)(&j, &h, &i);
  FX(mul)(&v, &p->x, &i);
  E x3, y3, z3;
  FX(sqr)(&x3, &r);
  FX(sub)(&x3, &x3, &j);
  FX(sub)(&x3, &x3, &v);
  FX(sub)(&x3, &x3, &v);
  FX(sub)(&t, &v, &x3);
  FX(mul)(&y3, &r, &t);
  FX(mul)(&t, &p->y, &j);
  FX(dbl)(&t, &t);
  FX(sub)(&y3, &y3, &t);
  FX(add)(&z3, &p->z, &h);
  FX(sqr)(&z3, &z3);
  FX(sub)(&z3, &z3, &z1z1);
  FX(sub)(&z3, &z3, &hh);
  out->x = x3;
  out->y = y3;
  out->z = z3;
}

/* out = p + q (add-2007-bl); handles infinity and p == +-q */
static NOINLINE void G_(add)(JAC *out, const JAC *p, const JAC *q) {
  if (G_(jac_is_zero)(q)) { *out = *p; return; }
  if (G_(jac_is_zero)(p)) { *out = *q; return; }
  E z1z1, z2z2, u1, u2, s1, s2, h, i, j, r, v, t;
  FX(sqr)(&z1z1, &p->z);
  FX(sqr)(&z2z2, &q->z);
  FX(mul)(&u1, &p->x, &z2z2);
  FX(mul)(&u2, &q->x, &z1z1);
  FX(mul)(&s1, &p->y, &q->z);
  FX(mul)(&s1, &s1, &z2z2);
  FX(mul)(&s2, &q->y, &p->z);
  FX(mul)(&s2, &s2, &z1z1);
  FX(sub)(&h, &u2, &u1);
  FX(sub)(&r, &s2, &s1);
  if (FX(is_zero)(&h)) {
    if (FX(is_zero)(&r)) { G_(dbl)(out, p); } else { G_(jac_set_zero)(out); }
    return;
  }
  FX(dbl)(&r, &r);
  FX(dbl)(&i, &h);
  FX(sqr)(&i, &i);
  FX(mul)(&j, &h, &i);
  FX(mul)(&v, &u1, &i);
  E x3, y3, z3;
  FX(sqr)(&x3, &r);
  FX(sub)(&x3, &x3, &j);
  FX(sub)(&x3, &x3, &v);
  FX(sub)(&x3, &x3, &v);
  FX(sub)(&t, &v, &x3);
  FX(mul)(&y3, &r, &t);
  FX(mul)(&t, &s1, &j);
  FX(dbl)(&t, &t);
  FX(sub)(&y3, &y3, &t);
  FX(add)(&z3, &p->z, &q->z);
  FX(sqr)(&z3, &z3);
  FX(sub)(&z3, &z3, &z1z1);
  FX(sub)(&z3, &z3, &z2z2);
  FX(mul)(&z3, &z3, &h);
  out->x = x3;
  out->y = y3;
  out->z = z3;
}

INLINE void G_(neg_jac)(JAC *out, const JAC *p) { *out = *p; FX(neg)(&out->y, &p->y); }

/* affine (Montgomery) from Jacobian; infinity -> (0, 0) */
static void G_(to_affine)(AFF *out, const JAC *p) {
  if (G_(jac_is_zero)(p)) {
    for (u32 i = 0; i < sizeof(AFF) / 4; i++) ((u32 *)out)[i] = 0;
    return;
  }
  E zi, zi2, zi3;
  FX(inv)(&zi, &p->z);
  FX(sqr)(&zi2, &zi);
  FX(mul)(&zi3, &zi2, &zi);
  FX(mul)(&out->x, &p->x, &zi2);
  FX(mul)(&out->y, &p->y, &zi3);
}

/* out = k*p, k given as 8 plain little-endian limbs (double and add; not constant time) */
static void G_(scalar_mul)(JAC *out, const JAC *p, const u32 *k) {
  JAC acc;
  G_(jac_set_zero)(&acc);
  for (int i = 255; i >= 0; i--) {
    G_(dbl)(&acc, &acc);
    if ((k[i >> 5] >> (i & 31)) & 1) G_(add)(&acc, &acc, p);
  }
  *out = acc;
}

#undef AFF
#undef JAC
#undef G_
