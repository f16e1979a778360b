/*
 * 256-bit prime fields in Montgomery form: eight 32-bit limbs, little-endian, R = 2^256.
 *
 * This is the representation of snarkjs's `.zkey` files (ffjavascript writes the same bytes as four
 * little-endian 64-bit words), so the proving key's points are used in place. wasm has a 64-bit
 * multiply but no 64x64->128, so each limb product is a 32x32->64 i64.mul. Both BN254 primes are
 * below 2^254, so the CIOS loop needs no extra carry word and its result is below 2p; values are
 * kept fully reduced in [0, p) between operations.
 *
 * field_impl.h is included once per field with FIELD (name prefix), FIELD_P (modulus limbs),
 * FIELD_INV (-p^-1 mod 2^32), FIELD_ONE (R mod p) and FIELD_R2 (R^2 mod p).
 */
#ifndef ZK_FIELD_H
#define ZK_FIELD_H

typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long i64;
typedef int i32;
typedef short i16;
typedef unsigned char u8;

#define INLINE static inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#define STR_(x) #x
#define STR(x) STR_(x)
#define EXPORT(name) __attribute__((export_name(STR(name))))

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

/** A field element: 8 little-endian 32-bit limbs (Montgomery form unless stated). */
typedef struct { u32 v[8]; } fe;

/* Montgomery product out = a*b/R mod p (CIOS; valid for p < 2^254 with inputs in [0, p)). */
INLINE void mont_mul(fe *out, const fe *a, const fe *b, const u32 *P, u32 inv) {
  u64 t[8], A[8], M[8];
  for (int j = 0; j < 8; j++) { A[j] = a->v[j]; M[j] = P[j]; t[j] = 0; }
  for (int i = 0; i < 8; i++) {
    u64 bi = b->v[i];
    u64 c = 0;
    for (int j = 0; j < 8; j++) {
      u64 x = t[j] + A[j] * bi + c;
      t[j] = x & 0xffffffffu;
      c = x >> 32;
    }
    u64 hi = c;
    u64 m = (t[0] * inv) & 0xffffffffu;
    u64 x = t[0] + m * M[0];
    c = x >> 32;
    for (int j = 1; j < 8; j++) {
      x = t[j] + m * M[j] + c;
      t[j - 1] = x & 0xffffffffu;
      c = x >> 32;
    }
    t[7] = hi + c;
  }
  u64 d[8], borrow = 0;
  for (int j = 0; j < 8; j++) {
    u64 x = t[j] - M[j] - borrow;
    d[j] = x & 0xffffffffu;
    borrow = x >> 63;
  }
  for (int j = 0; j < 8; j++) out->v[j] = (u32)(borrow ? t[j] : d[j]);
}

/* Montgomery square: the cross products once, doubled, then a separate reduction. */
INLINE void mont_sqr(fe *out, const fe *a, const u32 *P, u32 inv) {
  u64 A[8], M[8], t[16];
  for (int j = 0; j < 8; j++) { A[j] = a->v[j]; M[j] = P[j]; }
  for (int j = 0; j < 16; j++) t[j] = 0;
  /* off-diagonal products a_i a_j (i < j) */
  for (int i = 0; i < 7; i++) {
    u64 c = 0;
    for (int j = i + 1; j < 8; j++) {
      u64 x = t[i + j] + A[i] * A[j] + c;
      t[i + j] = x & 0xffffffffu;
      c = x >> 32;
    }
    t[i + 8] = c;
  }
  /* double and add the squares */
  u64 c = 0;
  for (int i = 0; i < 8; i++) {
    u64 sq = A[i] * A[i];
    u64 x = (t[2 * i] << 1) + (sq & 0xffffffffu) + c;
    t[2 * i] = x & 0xffffffffu;
    c = x >> 32;
    x = (t[2 * i + 1] << 1) + (sq >> 32) + c;
    t[2 * i + 1] = x & 0xffffffffu;
    c = x >> 32;
  }
  /* Montgomery reduction of the 512-bit t */
  u64 carry = 0;
  for (int i = 0; i < 8; i++) {
    u64 m = (t[i] * inv) & 0xffffffffu;
    u64 cc = 0;
    for (int j = 0; j < 8; j++) {
      u64 x = t[i + j] + m * M[j] + cc;
      t[i + j] = x & 0xffffffffu;
      cc = x >> 32;
    }
    u64 x = t[i + 8] + cc + carry;
    t[i + 8] = x & 0xffffffffu;
    carry = x >> 32;
  }
  u64 d[8], borrow = 0;
  for (int j = 0; j < 8; j++) {
    u64 x = t[8 + j] - M[j] - borrow;
    d[j] = x & 0xffffffffu;
    borrow = x >> 63;
  }
  for (int j = 0; j < 8; j++) out->v[j] = (u32)(borrow ? t[8 + j] : d[j]);
}

INLINE void mod_add(fe *out, const fe *a, const fe *b, const u32 *P) {
  u64 s[8], c = 0;
  for (int j = 0; j < 8; j++) {
    u64 x = (u64)a->v[j] + b->v[j] + c;
    s[j] = x & 0xffffffffu;
    c = x >> 32;
  }
  u64 d[8], borrow = 0;
  for (int j = 0; j < 8; j++) {
    u64 x = s[j] - P[j] - borrow;
    d[j] = x & 0xffffffffu;
    borrow = x >> 63;
  }
  for (int j = 0; j < 8; j++) out->v[j] = (u32)(borrow ? s[j] : d[j]);
}

INLINE void mod_sub(fe *out, const fe *a, const fe *b, const u32 *P) {
  u64 d[8], borrow = 0;
  for (int j = 0; j < 8; j++) {
    u64 x = (u64)a->v[j] - b->v[j] - borrow;
    d[j] = x & 0xffffffffu;
    borrow = x >> 63;
  }
  u64 mask = 0 - borrow, c = 0;
  for (int j = 0; j < 8; j++) {
    u64 x = d[j] + (P[j] & mask) + c;
    out->v[j] = (u32)x;
    c = x >> 32;
  }
}

INLINE int fe_is_zero(const fe *a) {
  u32 acc = 0;
  for (int j = 0; j < 8; j++) acc |= a->v[j];
  return acc == 0;
}

INLINE int fe_eq(const fe *a, const fe *b) {
  u32 acc = 0;
  for (int j = 0; j < 8; j++) acc |= a->v[j] ^ b->v[j];
  return acc == 0;
}

INLINE void fe_copy(fe *out, const fe *a) { *out = *a; }
INLINE void fe_zero(fe *out) { for (int j = 0; j < 8; j++) out->v[j] = 0; }

#endif
