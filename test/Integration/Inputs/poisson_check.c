/* Reads what the compiled Poisson network recorded (printMemrefI64 output on
 * stdin: one word of spike bits per step and batch entry, neuron i in bit i)
 * and compares it with spikes computed here from snnrt/Philox.h,
 * independently of the compiler's own Philox lowering: a spike where
 * uniform(draw(seed, neuron, step, fnv("src/threshold/0"), run)) < rate*dt/1000
 * (the prelude's @poisson: margin p - u > 0). */
#include "snnrt/Philox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T = 30, B = 3, N = 6 };

int main(void) {
  static char text[1 << 20];
  size_t len = fread(text, 1, sizeof(text) - 1, stdin);
  text[len] = 0;
  const char *p = strstr(text, "data =");
  if (!p) {
    printf("poisson: no recording in the input\n");
    return 1;
  }
  p += 6;
  const uint64_t seeds[B] = {7u, 7u, 12345678901ull};
  const float rate = 150.0f, dt = 1.0f;
  const float prob = rate * dt * 1.0e-3f;
  const uint32_t stream = snnrt_fnv1a32("src/threshold/0");
  int values = 0, mismatches = 0, spikes = 0;
  for (int t = 0; t < T; ++t)
    for (int b = 0; b < B; ++b) {
      while (*p && !(*p >= '0' && *p <= '9'))
        ++p;
      if (!*p) {
        printf("poisson: recording ends after %d values\n", values);
        return 1;
      }
      long long word = strtoll(p, (char **)&p, 10);
      if (word < 0 || word >= (1 << N)) {
        printf("poisson: word %lld at step %d entry %d has bits past neuron "
               "%d\n", word, t, b, N - 1);
        return 1;
      }
      for (int i = 0; i < N; ++i) {
        int got = (int)((word >> i) & 1);
        uint32_t out[4];
        snnrt_draw(seeds[b], (uint32_t)i, (uint32_t)t, stream,
                   SNNRT_DOMAIN_RUN, out);
        int want = (prob - snnrt_uniform_f32(out[0])) > 0.0f;
        if (got != want && mismatches++ < 5)
          printf("mismatch at step %d entry %d neuron %d: got %d, want %d\n",
                 t, b, i, got, want);
        spikes += want;
        ++values;
      }
    }
  printf("poisson: %d values, %d mismatches, %d spikes\n", values, mismatches,
         spikes);
  return mismatches != 0;
}
