/*===- snnrt/SpikeBits.h - spike monitors' recordings as bits -----*- C -*-===*
 *
 * Compiled code records a spike monitor as bits (docs/abi.md): every group
 * of n neurons (one batch entry of one recorded step) takes ceil(n / 64)
 * uint64 words, neuron i at bit i % 64 of word i / 64. The runtime and the
 * compiler's JIT (compiler/Target/JitNetwork) unpack them with this, so
 * both read the layout one way. C99 and C++17, header-only.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SNNRT_SPIKEBITS_H
#define SNNRT_SPIKEBITS_H

#include <stdint.h>

/* `groups` groups of `n` neurons from `words` into `out` (groups * n
 * floats, 0.0 or 1.0). */
static inline void snnrt_unpack_spike_bits(const uint64_t *words,
                                           int64_t groups, int64_t n,
                                           float *out) {
  int64_t per = (n + 63) / 64;
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t i = 0; i < n; ++i)
      out[g * n + i] = (float)((words[g * per + i / 64] >> (i % 64)) & 1u);
}

#endif /* SNNRT_SPIKEBITS_H */
