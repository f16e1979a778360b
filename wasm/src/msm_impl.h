/*
 * Pippenger multi-scalar multiplication for one curve, named CURVE_msm_xxx (see msm.c).
 *
 * One call sums one window: the points whose signed digit in that window is non-zero are counted
 * by bucket (|digit|), paired within their bucket in memory order (sign kept with the index), and
 * every bucket is reduced pairwise in affine coordinates, one round at a time, with all the round's
 * additions sharing
 * one field inversion (Montgomery's batch trick: about 6 multiplications per addition instead of
 * 11 for a mixed Jacobian addition). The weighted sum of the buckets is then taken by the grid
 * method (G_(bucket_grid_sum): row and column sums, batch-affine, then short running sums) for
 * windows of MSM_GRID_MIN_C bits or more, by plain running sums in Jacobian coordinates below.
 */
#define G_(name) CAT(CURVE, CAT(_, name))
#define AFF G_(aff)
#define JAC G_(jac)

#ifndef ZK_MSM_KINDS
#define ZK_MSM_KINDS
/* Pair kinds of a batched addition. */
enum { K_ADD = 0, K_TAKE_B = 1, K_TAKE_A = 2, K_DBL = 3, K_ZERO = 4 };
#endif

INLINE u32 G_(align8)(u32 x) { return (x + 7u) & ~7u; }

#ifndef MSM_BATCH
/* Additions per shared inversion (a round is run in batches of at most this many): ~0.7 % of the
 * additions' cost goes to inversions, and the batch's prefix products stay in cache. */
#define MSM_BATCH 8192u
#endif
INLINE u32 G_(batch_cap)(u32 n) { return n / 2 + 1 < MSM_BATCH ? n / 2 + 1 : MSM_BATCH; }
/*
 * Additions per inversion by default: MSM_BATCH for G1; 2048 for G2, whose 144-byte points make a
 * batch's points and prefix products outgrow the cache sooner (measured, 1 thread, CPU time vs
 * native: G2 2^17 and 2^18 with 15-bit windows 1.45 -> 1.39 and 1.58 -> 1.50; G1 unchanged at 2^18,
 * worse at 2^15).
 */
#define G_BATCH_DEFAULT (sizeof(AFF) > 72u ? 2048u : MSM_BATCH)
/* Additions per inversion actually used (the default unless a bench changes it; scratch is sized for MSM_BATCH). */
static u32 G_(batch) = G_BATCH_DEFAULT;
/** Bench knob: sets the additions per shared inversion to b, clamped to [64, MSM_BATCH] (0: the default); returns the value set. */
EXPORT(CAT(CURVE, _msm_set_batch)) u32 G_(msm_set_batch)(u32 b) {
  G_(batch) = b == 0 ? G_BATCH_DEFAULT : b < 64u ? 64u : b > MSM_BATCH ? MSM_BATCH : b;
  return G_(batch);
}

#ifndef MSM_GRID_MIN_C
/*
 * The narrowest window whose bucket sums are combined by the grid method (G_(bucket_grid_sum));
 * narrower windows use plain running sums (2^(c-1) buckets: 2^c Jacobian additions).
 */
#define MSM_GRID_MIN_C 9u
#endif
/* Inversion batch of the grid's rounds: at most 2^(c-1) pairs per round. */
INLINE u32 G_(grid_cap)(u32 c) { return c < MSM_GRID_MIN_C ? 0 : (1u << (c - 1)) < MSM_BATCH ? (1u << (c - 1)) : MSM_BATCH; }
INLINE u32 G_(pre_cap)(u32 n, u32 c) { return G_(batch_cap)(n) > G_(grid_cap)(c) ? G_(batch_cap)(n) : G_(grid_cap)(c); }

/** Bytes of scratch one window call needs for n points and window width c. */
EXPORT(CAT(CURVE, _msm_scratch_bytes)) u32 G_(msm_scratch_bytes)(u32 n, u32 c) {
  u32 half = 1u << (c - 1);
  u32 grid = c < MSM_GRID_MIN_C ? 0 : G_(align8)(2 * half * (u32)sizeof(AFF)) + G_(align8)(half * 4);
  return G_(align8)((half + 2) * 4 * 3) + G_(align8)((n / 2 + half / 2 + 1) * (u32)sizeof(AFF)) +
         G_(align8)(G_(pre_cap)(n, c) * (u32)sizeof(E)) + G_(align8)(G_(pre_cap)(n, c)) + 3 * G_(align8)((n / 2 + 1) * 4) + grid;
}

/*
 * The point list of a window: np points, then (GLV, bx != 0) their images phi(P) = (beta x, y),
 * whose x coordinates are bx[0..np) and whose y are the points' own. Entry i < 2 np.
 */
INLINE const E *G_(px)(const AFF *points, const E *bx, u32 np, u32 i) { return i < np ? &points[i].x : &bx[i - np]; }
INLINE const E *G_(py)(const AFF *points, u32 np, u32 i) { return &points[i < np ? i : i - np].y; }

/* Loads a point entry (point index << 1 | negate) as an affine point (infinity stays all zeros). */
INLINE void G_(load_signed)(AFF *out, const AFF *points, const E *bx, u32 np, u32 e) {
  out->x = *G_(px)(points, bx, np, e >> 1);
  const E *y = G_(py)(points, np, e >> 1);
  if ((e & 1) && !FX(is_zero)(y)) FX(neg)(&out->y, y); else out->y = *y;
}
/* Whether entry e's point is at infinity (all zeros; its image phi too). */
INLINE int G_(entry_is_zero)(const AFF *points, const E *bx, u32 np, u32 e) {
  return FX(is_zero)(G_(px)(points, bx, np, e >> 1)) && FX(is_zero)(G_(py)(points, np, e >> 1));
}

/* Adds the pairs (S[k], S[k + stride]), k = pairs[t], in one batch, each sum over S[k]. */
static void G_(batch_round)(AFF *S, const u32 *pairs, u32 m, u32 stride, E *pre, u8 *kinds) {
  E acc, d;
  FX(one)(&acc);
  for (u32 t = 0; t < m; t++) {
    u32 k = pairs[t];
    const AFF *a = &S[k], *b = &S[k + stride];
    u8 kind;
    if (G_(aff_is_zero)(a)) kind = K_TAKE_B;
    else if (G_(aff_is_zero)(b)) kind = K_TAKE_A;
    else if (FX(eq)(&a->x, &b->x)) kind = FX(eq)(&a->y, &b->y) ? K_DBL : K_ZERO;
    else kind = K_ADD;
    kinds[t] = kind;
    pre[t] = acc;
    if (kind == K_ADD) {
      FX(sub_lazy)(&d, &b->x, &a->x);
      FX(mul)(&acc, &acc, &d);
    } else if (kind == K_DBL) {
      FX(dbl)(&d, &a->y);
      FX(mul)(&acc, &acc, &d);
    }
  }
  E inv, it, lambda, t1;
  FX(inv)(&inv, &acc);
  for (u32 t = m; t-- > 0;) {
    u32 k = pairs[t];
    const AFF *a = &S[k], *b = &S[k + stride];
    u8 kind = kinds[t];
    AFF *out = &S[k];
    if (kind == K_ADD || kind == K_DBL) {
      FX(mul)(&it, &inv, &pre[t]);
      if (kind == K_ADD) {
        FX(sub_lazy)(&d, &b->x, &a->x);
        FX(mul)(&inv, &inv, &d);
        FX(sub_lazy)(&t1, &b->y, &a->y);
        FX(mul)(&lambda, &t1, &it);
      } else {
        FX(dbl)(&d, &a->y);
        FX(mul)(&inv, &inv, &d);
        FX(sqr)(&t1, &a->x);
        E t3;
        FX(dbl)(&t3, &t1);
        FX(add)(&t1, &t3, &t1);
        FX(mul)(&lambda, &t1, &it);
      }
      E x3, y3;
      FX(sqr)(&x3, &lambda);
      FX(sub)(&x3, &x3, &a->x);
      FX(sub)(&x3, &x3, &b->x);
      FX(sub_lazy)(&t1, &a->x, &x3);
      FX(mul)(&y3, &lambda, &t1);
      FX(sub)(&y3, &y3, &a->y);
      out->x = x3;
      out->y = y3;
    } else if (kind == K_TAKE_B) {
      *out = *b;
    } else if (kind == K_TAKE_A) {
      *out = *a;
    } else {
      for (u32 i = 0; i < sizeof(AFF) / 4; i++) ((u32 *)out)[i] = 0;
    }
  }
}

/*
 * Round 0: the pairs (pa[t], pb[t]) of signed point entries (index << 1 | negate), the sum going
 * to S[outs[t]]. A point at infinity (all zeros) is found here, where its coordinates are read
 * anyway, rather than by the window's scans (which would read every point once more per window):
 * the pair's sum is then the other entry, or infinity. The points are read in place (no copies);
 * the signs are folded into the formulas:
 * with a' = +-a and b' = +-b (y negated), ordered so that b' is negated only when a' is,
 *   lambda = (yb' - ya') / (xb - xa) = t / dx with t = yb - ya (same signs) or ya + yb (a' negated),
 *   up to the common sign sb, which lambda^2 ignores and which y3 = lambda (xa - x3) - ya' absorbs:
 *   y3 = u - ya (no signs), u + ya (a' only), ya - u (both), u = (t / dx) (xa - x3).
 * When the order was swapped the batch's 1 / dx is negated, so t = ya + yb gives -lambda and -u:
 * y3 = ya - (-u). Differences and sums that only feed one multiplication are lazy (FX(sub_lazy),
 * FX(add_lazy): no carries, no reduction); stored values stay reduced.
 */
static void G_(batch_round0)(const AFF *points, const E *bx, u32 np, const u32 *pa, const u32 *pb, AFF *S, const u32 *outs, u32 m, E *pre,
                             u8 *kinds) {
  E acc, d;
  FX(one)(&acc);
  AFF ta, tb;
  for (u32 t = 0; t < m; t++) {
    const E *xa = G_(px)(points, bx, np, pa[t] >> 1), *xb = G_(px)(points, bx, np, pb[t] >> 1);
    u8 kind = K_ADD;
    pre[t] = acc;
    int za = FX(is_zero)(xa) && G_(entry_is_zero)(points, bx, np, pa[t]);
    int zb = FX(is_zero)(xb) && G_(entry_is_zero)(points, bx, np, pb[t]);
    if (za || zb) {
      kind = za && zb ? K_ZERO : za ? K_TAKE_B : K_TAKE_A;
    } else if (FX(eq)(xa, xb)) {
      G_(load_signed)(&ta, points, bx, np, pa[t]);
      G_(load_signed)(&tb, points, bx, np, pb[t]);
      kind = FX(eq)(&ta.y, &tb.y) ? K_DBL : K_ZERO;
      if (kind == K_DBL) {
        FX(dbl)(&d, &ta.y);
        FX(mul)(&acc, &acc, &d);
      }
    } else {
      FX(sub_lazy)(&d, xb, xa);
      FX(mul)(&acc, &acc, &d);
    }
    kinds[t] = kind;
  }
  E inv, it, lambda, t1, u;
  FX(inv)(&inv, &acc);
  for (u32 t = m; t-- > 0;) {
    u32 ea = pa[t], eb = pb[t];
    u8 kind = kinds[t];
    AFF *out = &S[outs[t]];
    if (kind == K_ADD) {
      /* the batch bookkeeping uses the forward pass's order: it = 1 / (x[eb] - x[ea]) */
      FX(mul)(&it, &inv, &pre[t]);
      FX(sub_lazy)(&d, G_(px)(points, bx, np, eb >> 1), G_(px)(points, bx, np, ea >> 1));
      FX(mul)(&inv, &inv, &d);
      /* order so that b is negated only if a is; swapping negates 1 / (xb - xa) */
      int swapped = (eb & 1) && !(ea & 1);
      if (swapped) { u32 e = ea; ea = eb; eb = e; }
      const E *xa = G_(px)(points, bx, np, ea >> 1), *xb = G_(px)(points, bx, np, eb >> 1);
      const E *ya = G_(py)(points, np, ea >> 1), *yb = G_(py)(points, np, eb >> 1);
      u32 sa = ea & 1, sb = eb & 1;
      /* swapped: t1 = ya + yb gives -lambda, so u below is negated too (handled at y) */
      if (sa == sb) FX(sub_lazy)(&t1, yb, ya);
      else FX(add_lazy)(&t1, ya, yb);
      FX(mul)(&lambda, &t1, &it);
      E x3;
      FX(sqr)(&x3, &lambda);
      FX(sub)(&x3, &x3, xa);
      FX(sub)(&x3, &x3, xb);
      FX(sub_lazy)(&t1, xa, &x3);
      FX(mul)(&u, &lambda, &t1);
      if (!sa) FX(sub)(&out->y, &u, ya);
      else if (swapped) FX(sub)(&out->y, ya, &u);
      else if (!sb) FX(add)(&out->y, &u, ya);
      else FX(sub)(&out->y, ya, &u);
      out->x = x3;
    } else if (kind == K_DBL) {
      G_(load_signed)(&ta, points, bx, np, ea);
      FX(mul)(&it, &inv, &pre[t]);
      FX(dbl)(&d, &ta.y);
      FX(mul)(&inv, &inv, &d);
      FX(sqr)(&t1, &ta.x);
      E t3, x3, y3;
      FX(dbl)(&t3, &t1);
      FX(add)(&t1, &t3, &t1);
      FX(mul)(&lambda, &t1, &it);
      FX(sqr)(&x3, &lambda);
      FX(sub)(&x3, &x3, &ta.x);
      FX(sub)(&x3, &x3, &ta.x);
      FX(sub)(&t1, &ta.x, &x3);
      FX(mul)(&y3, &lambda, &t1);
      FX(sub)(&y3, &y3, &ta.y);
      out->x = x3;
      out->y = y3;
    } else if (kind == K_TAKE_A || kind == K_TAKE_B) {
      G_(load_signed)(out, points, bx, np, kind == K_TAKE_A ? ea : eb);
    } else {
      for (u32 i = 0; i < sizeof(AFF) / 4; i++) ((u32 *)out)[i] = 0;
    }
  }
}

/* out = sum over i in [1, len) of i * pts[i * step] (running sums from the top; zeros allowed); *total = the sum of all len. */
static void G_(weighted_sum)(const AFF *pts, u32 len, u32 step, JAC *out, JAC *total) {
  JAC run, acc;
  G_(jac_set_zero)(&run);
  G_(jac_set_zero)(&acc);
  for (u32 i = len - 1; i >= 1; i--) {
    G_(add_mixed)(&run, &run, &pts[i * step]);
    G_(add)(&acc, &acc, &run);
  }
  if (total) G_(add_mixed)(total, &run, &pts[0]);
  *out = acc;
}

/*
 * out = sum over b in [1, half] of b * B_b (half = 2^(c-1) buckets; B_b at S[slot[b]] when
 * count[b] != 0, else infinity) with about 2 half batch-affine additions and a few hundred
 * Jacobian ones, instead of the running sums' 2 half Jacobian additions (each about twice an
 * affine one's multiplications). With b - 1 = h L + l (L = 2^floor((c-1)/2), H = half / L rows):
 *   sum b B_b = L * sum_h h T_h + sum_h T_h + sum_l l U_l,
 * T_h = sum_l B_(hL+l+1) (row sums), U_l = sum_h B_(hL+l+1) (column sums). The grid holds the
 * buckets twice, by rows (grid[b - 1]) and by columns (grid[half + l H + h]); both are reduced
 * pairwise in the same batched rounds (stride 1, 2, 4, ... within each row and column), leaving
 * T_h at grid[h L] and U_l at grid[half + l H].
 */
static void G_(bucket_grid_sum)(const AFF *S, const u32 *slot, const u32 *count, u32 c, AFF *grid, u32 *pairs, E *pre, u8 *kinds,
                                JAC *out) {
  u32 half = 1u << (c - 1), lgL = (c - 1) / 2, L = 1u << lgL, H = half >> lgL;
  for (u32 b = 1; b <= half; b++) {
    u32 i = b - 1, h = i >> lgL, l = i & (L - 1);
    AFF *r = &grid[i], *col = &grid[half + l * H + h];
    if (count[b]) *r = S[slot[b]];
    else for (u32 k = 0; k < sizeof(AFF) / 4; k++) ((u32 *)r)[k] = 0;
    *col = *r;
  }
  u32 cap = G_(grid_cap)(c) < G_(batch) ? G_(grid_cap)(c) : G_(batch);
  for (u32 stride = 1; stride < L || stride < H; stride <<= 1) {
    u32 m = 0;
    if (stride < L)
      for (u32 h = 0; h < H; h++)
        for (u32 j = 0; j < L; j += 2 * stride) pairs[m++] = h * L + j;
    if (stride < H)
      for (u32 l = 0; l < L; l++)
        for (u32 j = 0; j < H; j += 2 * stride) pairs[m++] = half + l * H + j;
    for (u32 t = 0; t < m; t += cap) {
      u32 k = m - t < cap ? m - t : cap;
      G_(batch_round)(grid, pairs + t, k, stride, pre, kinds);
    }
  }
  JAC rows, total, cols;
  G_(jac_set_zero)(&total);
  G_(weighted_sum)(grid, H, L, &rows, &total);
  for (u32 i = 0; i < lgL; i++) G_(dbl)(&rows, &rows);
  G_(weighted_sum)(grid + half, L, H, &cols, 0);
  G_(add)(&rows, &rows, &total);
  G_(add)(out, &rows, &cols);
}

/*
 * Sums one window over the point list of G_(px) (np points, and their images when bx != 0):
 * out = sum over buckets b of b * (sum of the entries with digit +-b), dig holding one digit per
 * entry (n of them: np, or 2 np with GLV).
 */
static void G_(window_impl)(const AFF *points, const E *bx, u32 np, const i16 *dig, u32 n, u32 c, u8 *scratch, JAC *out) {
  u32 half = 1u << (c - 1);
  u32 *count = (u32 *)scratch;
  u32 *slot = count + (half + 2);
  u32 *pend = slot + (half + 2);
  u8 *p = scratch + G_(align8)((half + 2) * 4 * 3);
  AFF *S = (AFF *)p;
  p += G_(align8)((n / 2 + half / 2 + 1) * (u32)sizeof(AFF));
  E *pre = (E *)p;
  p += G_(align8)(G_(pre_cap)(n, c) * (u32)sizeof(E));
  u8 *kinds = p;
  p += G_(align8)(G_(pre_cap)(n, c));
  u32 *pairs = (u32 *)p;
  p += G_(align8)((n / 2 + 1) * 4);
  u32 *pb = (u32 *)p;
  p += G_(align8)((n / 2 + 1) * 4);
  u32 *outs = (u32 *)p;
  p += G_(align8)((n / 2 + 1) * 4);
  AFF *grid = (AFF *)p; /* c >= MSM_GRID_MIN_C: 2 half points, then half pair indices */

  for (u32 b = 0; b <= half + 1; b++) count[b] = 0;
  /* points at infinity are counted and paired like the others (batch_round0 finds them) */
  u32 live = 0;
  for (u32 i = 0; i < n; i++) {
    i32 d = dig[i];
    if (d == 0) continue;
    count[d < 0 ? -d : d]++;
    live++;
  }
  /* a window of zero digits (a witness's small scalars leave most windows empty) */
  if (!live) {
    G_(jac_set_zero)(out);
    return;
  }
  /* bucket b gets ceil(size / 2) slots of S from slot[b] on (S holds at most (n + half) / 2 points) */
  u32 used = 0;
  for (u32 b = 1; b <= half; b++) {
    slot[b] = used;
    used += (count[b] + 1) >> 1;
    count[b] = 0;
    pend[b] = 0;
  }
  /*
   * round 0: each point is paired with the previous unpaired point of its bucket, scanning the
   * points in memory order, so the batch reads them nearly sequentially (the earlier one of a pair
   * was seen about `half` points before, still in cache) instead of in bucket order; pend[b] holds
   * that point's entry + 1, count[b] counts the bucket's slots filled.
   */
  u32 m = 0;
  for (u32 i = 0; i < n; i++) {
    i32 d = dig[i];
    if (d == 0) continue;
    u32 b = d < 0 ? (u32)-d : (u32)d;
    u32 e = (i << 1) | (d < 0 ? 1u : 0u);
    if (pend[b]) {
      pairs[m] = pend[b] - 1;
      pb[m] = e;
      outs[m++] = slot[b] + count[b]++;
      pend[b] = 0;
    } else pend[b] = e + 1;
  }
  for (u32 b = 1; b <= half; b++) {
    if (pend[b]) G_(load_signed)(&S[slot[b] + count[b]++], points, bx, np, pend[b] - 1);
  }
  for (u32 t = 0; t < m; t += G_(batch)) {
    u32 k = m - t < G_(batch) ? m - t : G_(batch);
    G_(batch_round0)(points, bx, np, pairs + t, pb + t, S, outs + t, k, pre, kinds);
  }
  /* later rounds: live entries of bucket b sit at slot[b] + j * stride */
  for (u32 stride = 1;; stride <<= 1) {
    m = 0;
    for (u32 b = 1; b <= half; b++) {
      u32 cnt = count[b];
      if (cnt < 2) continue;
      u32 o = slot[b];
      for (u32 j = 0; j + 1 < cnt; j += 2) pairs[m++] = o + j * stride;
      count[b] = (cnt + 1) >> 1;
    }
    if (!m) break;
    for (u32 t = 0; t < m; t += G_(batch)) {
      u32 k = m - t < G_(batch) ? m - t : G_(batch);
      G_(batch_round)(S, pairs + t, k, stride, pre, kinds);
    }
  }

  if (c >= MSM_GRID_MIN_C) {
    G_(bucket_grid_sum)(S, slot, count, c, grid, (u32 *)(grid + 2 * half), pre, kinds, out);
    return;
  }
  /* running sums from the top bucket down */
  JAC run, acc;
  G_(jac_set_zero)(&run);
  G_(jac_set_zero)(&acc);
  for (u32 b = half; b >= 1; b--) {
    if (count[b]) G_(add_mixed)(&run, &run, &S[slot[b]]);
    G_(add)(&acc, &acc, &run);
  }
  *out = acc;
}

/**
 * Sums one window: out = sum over buckets b of b * (sum of the points with digit +-b).
 * @param points affine points (n), Montgomery form, zeros for infinity
 * @param dig this window's signed digit of each point's scalar (n)
 * @param scratch CURVE_msm_scratch_bytes(n, c) bytes
 */
EXPORT(CAT(CURVE, _msm_window)) void G_(msm_window)(const AFF *points, const i16 *dig, u32 n, u32 c, u8 *scratch, JAC *out) {
  G_(window_impl)(points, 0, n, dig, n, c, scratch, out);
}

/**
 * One window of a GLV MSM (digits from msm_digits_glv): the 2n entries P_0..P_{n-1},
 * phi(P_0)..phi(P_{n-1}), phi(P_i) = (bx[i], P_i.y).
 * @param bx the images' x coordinates, CURVE_glv_table
 * @param dig this window's 2n digits
 * @param scratch CURVE_msm_scratch_bytes(2n, c) bytes
 */
EXPORT(CAT(CURVE, _msm_window_glv)) void G_(msm_window_glv)(const AFF *points, const E *bx, const i16 *dig, u32 n, u32 c, u8 *scratch, JAC *out) {
  G_(window_impl)(points, bx, n, dig, 2 * n, c, scratch, out);
}

/** bx[i] = beta * points[i].x for i in [i0, i1): the x coordinates of phi(P_i) (0 stays 0 at infinity). */
EXPORT(CAT(CURVE, _glv_table)) void G_(glv_table)(E *bx, const AFF *points, u32 i0, u32 i1) {
  for (u32 i = i0; i < i1; i++) G_(endo_x)(&bx[i], &points[i].x);
}

/** out = sum_w 2^(c*w) * wins[w] (Horner from the top window). */
EXPORT(CAT(CURVE, _msm_combine)) void G_(msm_combine)(const JAC *wins, u32 K, u32 c, JAC *out) {
  JAC acc = wins[K - 1];
  for (u32 w = K - 1; w-- > 0;) {
    for (u32 i = 0; i < c; i++) G_(dbl)(&acc, &acc);
    G_(add)(&acc, &acc, &wins[w]);
  }
  *out = acc;
}

#undef G_BATCH_DEFAULT
#undef AFF
#undef JAC
#undef G_
