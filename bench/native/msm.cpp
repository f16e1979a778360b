// Native reference MSM for bench/msm.bench.ts, over ffiasm's BN254 (x86-64 assembly fields,
// its Pippenger multiMulByScalar with OpenMP threads). Built by bench/native/build.ts.
//
//   msm gen g1|g2 N FILE        write N points (P_i = P_{i-1} + P_{i-2} from the generator) and N
//                               pseudo-random scalars: u32 N, N affine points (Montgomery, 64 or
//                               128 bytes, the .zkey layout), N 32-byte little-endian scalars
//   msm run g1|g2 FILE THREADS  one MSM; prints {"ms": wall time, "cpu_ms": process CPU time, "x": hex of the affine result}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <omp.h>
#include <time.h>
#include "alt_bn128.hpp"

using namespace AltBn128;

static __uint128_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t next_rand() {
  rng_state *= 0xda942042e4dd58b5ULL;
  return (uint64_t)(rng_state >> 64);
}

template <typename G, typename P, typename PA>
static int gen(G &g, uint32_t n, const char *file) {
  PA *bases = new PA[n];
  P a, b, c;
  g.copy(a, g.one());
  g.copy(b, g.one());
  g.copy(bases[0], a);
  if (n > 1) g.copy(bases[1], b);
  for (uint32_t i = 2; i < n; i++) {
    g.add(c, a, b);
    g.copy(bases[i], c);
    g.copy(a, b);
    g.copy(b, c);
  }
  uint8_t *scalars = new uint8_t[(size_t)n * 32];
  for (size_t i = 0; i < (size_t)n * 4; i++) ((uint64_t *)scalars)[i] = next_rand();
  // below r: clear the top 3 bits (r > 2^253)
  for (size_t i = 0; i < n; i++) scalars[i * 32 + 31] &= 0x1f;
  FILE *f = fopen(file, "wb");
  if (!f) return 1;
  fwrite(&n, 4, 1, f);
  fwrite(bases, sizeof(PA), n, f);
  fwrite(scalars, 32, n, f);
  fclose(f);
  return 0;
}

template <typename G, typename P, typename PA, typename F>
static int run(G &g, F &field, const char *file, unsigned threads) {
  FILE *f = fopen(file, "rb");
  if (!f) return 1;
  uint32_t n;
  if (fread(&n, 4, 1, f) != 1) return 1;
  PA *bases = new PA[n];
  uint8_t *scalars = new uint8_t[(size_t)n * 32];
  if (fread(bases, sizeof(PA), n, f) != n || fread(scalars, 32, n, f) != n) return 1;
  fclose(f);
  P r;
  timespec c0, c1;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
  double t0 = omp_get_wtime();
  g.multiMulByScalar(r, bases, scalars, 32, n, threads);
  double t1 = omp_get_wtime();
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  double cpu = (c1.tv_sec - c0.tv_sec) * 1e3 + (c1.tv_nsec - c0.tv_nsec) / 1e6;
  PA ra;
  g.copy(ra, r);
  printf("{\"ms\": %.3f, \"cpu_ms\": %.3f, \"x\": \"", (t1 - t0) * 1000, cpu);
  const uint8_t *bytes = (const uint8_t *)&ra;
  for (size_t i = 0; i < sizeof(PA); i++) printf("%02x", bytes[i]);
  printf("\"}\n");
  (void)field;
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: msm gen g1|g2 N FILE | msm run g1|g2 FILE THREADS\n");
    return 2;
  }
  bool g2 = strcmp(argv[2], "g2") == 0;
  if (strcmp(argv[1], "gen") == 0) {
    uint32_t n = (uint32_t)atoi(argv[3]);
    return g2 ? gen<decltype(G2), G2Point, G2PointAffine>(G2, n, argv[4]) : gen<decltype(G1), G1Point, G1PointAffine>(G1, n, argv[4]);
  }
  unsigned threads = (unsigned)atoi(argv[4]);
  omp_set_num_threads(threads);
  return g2 ? run<decltype(G2), G2Point, G2PointAffine>(G2, F2, argv[3], threads) : run<decltype(G1), G1Point, G1PointAffine>(G1, F1, argv[3], threads);
}
