/* Embedding a compiled network in a C program: include the header snnc
 * generated, link its object file, allocate the buffers the header lists,
 * and call drive_init and drive_run. No runtime library is involved.
 *
 *   snn-compile examples/embed/net.mlir --emit=obj -o out
 *   cc -I out examples/embed/main.c out/drive.o -lm -o embed
 */
#include "drive.h"
#include "state.h"

#include <stdio.h>
#include <stdlib.h>

#define STEPS 40

int main(void) {
  /* One pointer per buffer, allocated from the describe table (state.h). */
  drive_state s;
  size_t count = 0;
  const snn_buffer_info *info = drive_describe(&count);
  allocate_state(&s, info, count);
  s.seed[0] = 1;
  drive_init(&s);

  drive_recorder rec;
  /* Spike monitors record bits: neuron i of a step is bit i % 64 of word
   * i / 64 of that step's DRIVE_REC_*_SIZE words. */
  rec.spk = zeros(STEPS * DRIVE_REC_SPK_SIZE, sizeof(uint64_t));
  rec.follower_spk = zeros(STEPS * DRIVE_REC_FOLLOWER_SPK_SIZE, sizeof(uint64_t));
  drive_run(&s, STEPS, &rec);

  printf("driven neuron fires at:");
  for (int t = 0; t < STEPS; ++t)
    if (rec.spk[t * DRIVE_REC_SPK_SIZE] & 1)
      printf(" %d", t);
  printf("\nfollower fires at:");
  for (int t = 0; t < STEPS; ++t)
    if (rec.follower_spk[t * DRIVE_REC_FOLLOWER_SPK_SIZE] & 1)
      printf(" %d", t);
  printf("\nspikes counted by the network: %.0f\n", s.n_spike_count[0]);

  free_state(&s, info, count);
  free(rec.spk);
  free(rec.follower_spk);
  return 0;
}
