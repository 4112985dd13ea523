/* The C API from C99: load the drive network, run it and count the spikes
 * its monitor recorded. Compiled as C, it also checks that snnrt.h is plain
 * C. Returns the spike count, or -1 with the error in `message`. */
#include "snnrt/snnrt.h"

#include <stdio.h>
#include <string.h>

int snnrt_test_c_api(const char *library, char *message, size_t size);

static int failed(snnrt_network *net, char *message, size_t size) {
  snprintf(message, size, "%s", snnrt_last_error());
  snnrt_free(net);
  return -1;
}

int snnrt_test_c_api(const char *library, char *message, size_t size) {
  snnrt_network *net = NULL;
  snnrt_buffer_desc desc;
  const float *spk = NULL;
  int64_t shape[3];
  uint64_t seed = 3;
  size_t i;
  int64_t t;
  int spikes = 0, monitors = 0;
  if (snnrt_load(library, NULL, &net) != SNNRT_OK)
    return failed(net, message, size);
  for (i = 0; i < snnrt_buffer_count(net); ++i) {
    if (snnrt_buffer_at(net, i, &desc) != SNNRT_OK)
      return failed(net, message, size);
    monitors += strcmp(desc.role, "monitor") == 0;
  }
  if (monitors != 2) {
    snprintf(message, size, "expected 2 monitors, found %d", monitors);
    snnrt_free(net);
    return -1;
  }
  if (snnrt_set_seeds(net, &seed, 1) != SNNRT_OK ||
      snnrt_init(net) != SNNRT_OK || snnrt_run(net, 40) != SNNRT_OK ||
      snnrt_monitor(net, "spk", &spk, shape) != SNNRT_OK)
    return failed(net, message, size);
  /* An unknown monitor fails with its name in the message. */
  if (snnrt_monitor(net, "spk2", &spk, shape) != SNNRT_ERR_NAME ||
      strstr(snnrt_last_error(), "spk2") == NULL) {
    snprintf(message, size, "unknown monitor not reported: %s",
             snnrt_last_error());
    snnrt_free(net);
    return -1;
  }
  if (snnrt_monitor(net, "spk", &spk, shape) != SNNRT_OK)
    return failed(net, message, size);
  for (t = 0; t < shape[0] * shape[1] * shape[2]; ++t)
    spikes += spk[t] > 0.5f;
  snnrt_free(net);
  return spikes;
}
