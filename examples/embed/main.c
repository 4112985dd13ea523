/* Embedding a compiled network in a C program: include the header snnc
 * generated, link its object file, allocate the buffers the header lists,
 * and call drive_init and drive_run. No runtime library is involved.
 *
 *   snn-compile examples/embed/net.mlir --emit=obj -o out
 *   cc -I out examples/embed/main.c out/drive.o -lm -o embed
 */
#include "drive.h"

#include <stdio.h>
#include <stdlib.h>

#define STEPS 40

static void *zeros(size_t count, size_t size) {
  void *p = calloc(count, size);
  if (!p) {
    fprintf(stderr, "embed: out of memory\n");
    exit(1);
  }
  return p;
}

int main(void) {
  /* One pointer per buffer; the sizes come from the header. */
  drive_state s;
  size_t count = 0;
  const snn_buffer_info *info = drive_describe(&count);
  for (size_t i = 0; i < count; ++i) {
    if (info[i].role[0] == 'm') /* monitors go in the recorder */
      continue;
    size_t elements = 1;
    for (int r = 0; r < info[i].rank; ++r)
      elements *= (size_t)info[i].shape[r];
    void *buffer = zeros(elements, info[i].dtype == 1 ? 8 : 4);
    ((void **)&s)[info[i].field] = buffer;
  }
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

  for (size_t i = 0; i < count; ++i)
    if (info[i].role[0] != 'm')
      free(((void **)&s)[info[i].field]);
  free(rec.spk);
  free(rec.follower_spk);
  return 0;
}
