//===- xor_task.h - scoring the XOR individuals ---------------------------===//
//
// Shared by the example and bench/neuroevolution: the four XOR patterns
// shown to every batch entry of a loaded @xor network at once, and each
// entry's fitness from its outputs' spike counts.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_EXAMPLES_NEUROEVOLUTION_XOR_TASK_H
#define SNN_EXAMPLES_NEUROEVOLUTION_XOR_TASK_H

#include "snnrt/snnrt.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace xortask {

/// Steps each pattern is shown, and the inputs' rate when on (Hz).
constexpr int64_t kSteps = 80;
constexpr float kRate = 100.0f;

/// Scores every batch entry of `net` on the four patterns: per pattern the
/// state is reset, inputs x1 and x2 (each an on and an off neuron) fire,
/// and the output that fires more is the answer. A pattern answered right
/// scores 1, plus half the tanh of the winning margin / 4 spikes (a wrong
/// answer loses that much), so fitness is at most 6. `correct` (if given)
/// receives how many of the four each entry answered right. False on a
/// runtime error (snnrt_last_error says which).
inline bool evaluate(snnrt_network *net, std::vector<double> &fitness,
                     std::vector<int> *correct = nullptr) {
  int64_t batch = snnrt_batch(net);
  fitness.assign(size_t(batch), 0.0);
  if (correct)
    correct->assign(size_t(batch), 0);
  std::vector<float> rates(size_t(batch) * 4);
  for (int pattern = 0; pattern < 4; ++pattern) {
    int x1 = pattern & 1, x2 = pattern >> 1, target = x1 ^ x2;
    float in[4] = {x1 ? kRate : 0.0f, x1 ? 0.0f : kRate, x2 ? kRate : 0.0f,
                   x2 ? 0.0f : kRate};
    for (int64_t b = 0; b < batch; ++b)
      for (int i = 0; i < 4; ++i)
        rates[size_t(b * 4 + i)] = in[i];
    int64_t shape[2] = {batch, 4};
    if (snnrt_reset_roles(net, SNNRT_RESET_STATE) != SNNRT_OK ||
        snnrt_set_input(net, "in.rate", SNNRT_F32, rates.data(), 2, shape) !=
            SNNRT_OK ||
        snnrt_run(net, kSteps) != SNNRT_OK)
      return false;
    const void *data;
    if (snnrt_read_buffer(net, "out.spike_count", &data, nullptr) != SNNRT_OK)
      return false;
    const float *counts = static_cast<const float *>(data);
    for (int64_t b = 0; b < batch; ++b) {
      float mine = counts[b * 2 + target], other = counts[b * 2 + 1 - target];
      bool right = mine > other;
      fitness[size_t(b)] += (right ? 1.0 : 0.0) + 0.5 * std::tanh((mine - other) / 4.0);
      if (correct && right)
        ++(*correct)[size_t(b)];
    }
  }
  return true;
}

} // namespace xortask

#endif // SNN_EXAMPLES_NEUROEVOLUTION_XOR_TASK_H
