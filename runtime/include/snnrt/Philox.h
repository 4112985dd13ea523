/*===- snnrt/Philox.h - snnc's counter-based random numbers -------*- C -*-===*
 *
 * The one generator every snnc target draws from (docs/random.md): the
 * runtime, emitted C and CUDA code and the reference simulator include this
 * header, so it stays C99 and C++17 at once, header-only and free of
 * dependencies beyond <stdint.h> and <math.h>.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SNNRT_PHILOX_H
#define SNNRT_PHILOX_H

#include <math.h>
#include <stdint.h>

/* Counter word c3: separates the four kinds of draw, so that an initializer
 * and a run-time op with the same stream name never share numbers. */
enum {
  SNNRT_DOMAIN_RUN = 0,
  SNNRT_DOMAIN_INIT = 1,
  SNNRT_DOMAIN_CONNECT = 2,
  SNNRT_DOMAIN_ENCODER = 3
};

/* Philox-4x32-10 (Salmon et al., SC 2011), with the round and key schedule of
 * Random123 so that its published known-answer vectors apply. */
static inline void snnrt_philox4x32_10(const uint32_t ctr[4],
                                       const uint32_t key[2],
                                       uint32_t out[4]) {
  uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
  uint32_t k0 = key[0], k1 = key[1];
  int round;
  for (round = 0; round < 10; ++round) {
    /* A 64-bit product yields both halves of the 32x32 multiply portably;
     * compilers turn it into a single widening multiply. */
    uint64_t p0 = (uint64_t)0xD2511F53u * c0;
    uint64_t p1 = (uint64_t)0xCD9E8D57u * c2;
    uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
    uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
    /* As in Random123, the key is bumped between rounds only. */
    if (round != 9) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/* FNV-1a over bytes, not chars: a signed char would hash non-ASCII names
 * differently from one platform to the next. */
static inline uint32_t snnrt_fnv1a32_n(const char *s, uint64_t n) {
  uint32_t h = 0x811C9DC5u;
  uint64_t i;
  for (i = 0; i < n; ++i) {
    h ^= (uint32_t)(unsigned char)s[i];
    h *= 0x01000193u;
  }
  return h;
}

static inline uint32_t snnrt_fnv1a32(const char *s) {
  uint32_t h = 0x811C9DC5u;
  for (; *s; ++s) {
    h ^= (uint32_t)(unsigned char)*s;
    h *= 0x01000193u;
  }
  return h;
}

/* Only the top 24 bits, so every value is exactly representable in f32 and
 * the result can never round up to 1. */
static inline float snnrt_uniform_f32(uint32_t x) {
  return (float)(x >> 8) * 0x1p-24f;
}

/* Box-Muller, cosine branch only: one normal per element keeps the mapping
 * from counter to value one-to-one. u1 is shifted into (0, 1] so logf never
 * sees 0. Targets agree bit for bit only as far as their logf, cosf and
 * sqrtf do. */
static inline float snnrt_normal_f32(uint32_t x0, uint32_t x1) {
  float u1 = (float)((x0 >> 8) + 1u) * 0x1p-24f;
  float u2 = (float)(x1 >> 8) * 0x1p-24f;
  return sqrtf(-2.0f * logf(u1)) * cosf(6.28318530717958647692f * u2);
}

/* Requires lo <= hi. Double keeps all 32 bits of x0, so each value of a
 * range of up to 2^32 gets as even a share of x0 as 32 bits allow; the offset
 * goes through uint64_t because hi - lo + 1 overflows int64_t for the widest
 * ranges. */
static inline int64_t snnrt_uniform_int(uint32_t x0, int64_t lo, int64_t hi) {
  double u = (double)x0 * 0x1p-32;
  double n = (double)((uint64_t)hi - (uint64_t)lo) + 1.0;
  uint64_t offset = (uint64_t)floor(u * n);
  return (int64_t)((uint64_t)lo + offset);
}

/* The counter layout of docs/random.md in one place, so no caller can swap
 * words: key = seed (low word first), counter = (index, step or draw number,
 * stream, domain). */
static inline void snnrt_draw(uint64_t seed, uint32_t index,
                              uint32_t step_or_draw, uint32_t stream,
                              uint32_t domain, uint32_t out[4]) {
  uint32_t key[2];
  uint32_t ctr[4];
  key[0] = (uint32_t)seed;
  key[1] = (uint32_t)(seed >> 32);
  ctr[0] = index;
  ctr[1] = step_or_draw;
  ctr[2] = stream;
  ctr[3] = domain;
  snnrt_philox4x32_10(ctr, key, out);
}

#endif /* SNNRT_PHILOX_H */
