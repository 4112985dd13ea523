/* Allocating and freeing a compiled network's state struct from its
 * describe table (shared by the embedding examples). Every state buffer is
 * a named pointer of <net>_state; `field` is its index among them, so this
 * never depends on the order or the number of buffers. */
#ifndef SNN_EXAMPLES_EMBED_STATE_H
#define SNN_EXAMPLES_EMBED_STATE_H

#include <stdio.h>
#include <stdlib.h>

static void *zeros(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size);
  if (!p) {
    fprintf(stderr, "embed: out of memory\n");
    exit(1);
  }
  return p;
}

/* Points every state field of `state` at zeroed memory of its size. */
static void allocate_state(void *state, const snn_buffer_info *info,
                           size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (info[i].role[0] == 'm') /* monitors go in the recorder */
      continue;
    size_t elements = 1;
    for (int r = 0; r < info[i].rank; ++r)
      elements *= (size_t)info[i].shape[r];
    /* dtype: 0 float32, 1 int64, 3 uint8 (spikes) */
    size_t bytes = info[i].dtype == 1 ? 8 : info[i].dtype == 3 ? 1 : 4;
    ((void **)state)[info[i].field] = zeros(elements, bytes);
  }
}

static void free_state(void *state, const snn_buffer_info *info,
                       size_t count) {
  for (size_t i = 0; i < count; ++i)
    if (info[i].role[0] != 'm')
      free(((void **)state)[info[i].field]);
}

#endif
