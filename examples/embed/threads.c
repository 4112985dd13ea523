/* A network compiled with threads, embedded: snn_add_network(... THREADS)
 * compiles poisson.mlir's 4096 Poisson sources into an OpenMP loop and
 * links libomp. OMP_NUM_THREADS picks the thread count at run time; what
 * the network computes does not depend on it, which the test suite checks
 * by running this program with 1 and 2 threads and comparing the output.
 *
 *   snn-compile examples/embed/poisson.mlir --emit=obj --threads=2 -o out
 *   cc -I out examples/embed/threads.c out/poisson_wide.o \
 *      /usr/lib/llvm-22/lib/libomp.so -lm -o embed-threads
 */
#include "poisson_wide.h"
#include "state.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define STEPS 200

int main(void) {
  poisson_wide_state s;
  size_t count = 0;
  const snn_buffer_info *info = poisson_wide_describe(&count);
  allocate_state(&s, info, count);
  s.seed[0] = 7;
  poisson_wide_init(&s);
  /* Rates from 0 to 500 Hz across the sources (an input buffer). */
  for (int i = 0; i < POISSON_WIDE_SRC_RATE_SIZE; ++i)
    s.src_rate[i] = 500.0f * (float)i / POISSON_WIDE_SRC_RATE_SIZE;

  poisson_wide_recorder rec;
  rec.spk = zeros(STEPS * POISSON_WIDE_REC_SPK_SIZE, sizeof(uint64_t));
  poisson_wide_run(&s, STEPS, &rec);

  /* The recording, summed up: spikes (set bits) and a hash of the words. */
  uint64_t bits = 0, hash = 1469598103934665603ull;
  for (int w = 0; w < STEPS * POISSON_WIDE_REC_SPK_SIZE; ++w) {
    bits += (uint64_t)__builtin_popcountll(rec.spk[w]);
    hash = (hash ^ rec.spk[w]) * 1099511628211ull;
  }
  double counted = 0;
  for (int i = 0; i < POISSON_WIDE_SRC_SPIKE_COUNT_SIZE; ++i)
    counted += s.src_spike_count[i];
  printf("spikes recorded: %llu\n", (unsigned long long)bits);
  printf("spikes counted by the network: %.0f\n", counted);
  printf("recording hash: %016llx\n", (unsigned long long)hash);

  free_state(&s, info, count);
  free(rec.spk);
  return 0;
}
