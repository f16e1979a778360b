/*
 * One prime field's functions, named FIELD_xxx (see field.h for the representation).
 * Expects FIELD, FIELD_P, FIELD_INV, FIELD_ONE, FIELD_R2 and FIELD_PM2 (p - 2, plain limbs).
 */
#define F_(name) CAT(FIELD, CAT(_, name))

static NOINLINE void F_(mul)(fe *out, const fe *a, const fe *b) { mont_mul(out, a, b, FIELD_P, FIELD_INV); }
static NOINLINE void F_(sqr)(fe *out, const fe *a) { mont_sqr(out, a, FIELD_P, FIELD_INV); }
INLINE void F_(add)(fe *out, const fe *a, const fe *b) { mod_add(out, a, b, FIELD_P); }
INLINE void F_(sub)(fe *out, const fe *a, const fe *b) { mod_sub(out, a, b, FIELD_P); }
INLINE void F_(dbl)(fe *out, const fe *a) { mod_add(out, a, a, FIELD_P); }
INLINE void F_(neg)(fe *out, const fe *a) {
  static const fe zero = {{0}};
  mod_sub(out, &zero, a, FIELD_P);
}
INLINE void F_(one)(fe *out) { for (int j = 0; j < 8; j++) out->v[j] = FIELD_ONE[j]; }
INLINE int F_(is_one)(const fe *a) {
  u32 acc = 0;
  for (int j = 0; j < 8; j++) acc |= a->v[j] ^ FIELD_ONE[j];
  return acc == 0;
}
/* plain -> Montgomery */
__attribute__((unused)) static void F_(to_mont)(fe *out, const fe *a) { F_(mul)(out, a, (const fe *)FIELD_R2); }
/* Montgomery -> plain */
__attribute__((unused)) static void F_(from_mont)(fe *out, const fe *a) {
  static const fe one_plain = {{1, 0, 0, 0, 0, 0, 0, 0}};
  F_(mul)(out, a, &one_plain);
}
/* out = a^e, e given as 8 plain limbs (left to right square and multiply) */
static void F_(pow)(fe *out, const fe *a, const u32 *e) {
  fe acc, base = *a;
  F_(one)(&acc);
  int started = 0;
  for (int i = 255; i >= 0; i--) {
    if (started) F_(sqr)(&acc, &acc);
    if ((e[i >> 5] >> (i & 31)) & 1) {
      if (started) F_(mul)(&acc, &acc, &base);
      else { acc = base; started = 1; }
    }
  }
  *out = acc;
}
/* out = 1/a (Fermat); 1/0 is 0 */
static void F_(inv)(fe *out, const fe *a) { F_(pow)(out, a, FIELD_PM2); }

#undef F_
