//===- main.cpp - Reptile meta-learning on a family of related tasks ------===//
//
// Each task of the family is a two-class problem over 8 inputs: class 0
// lights a task's own 4 inputs (chosen at random), class 1 the other 4.
// Learning a new task from scratch takes many training steps; Reptile
// learns, over many tasks, weights from which a few steps suffice: per
// meta-iteration, an inner loop of compiled training steps on one task
// (snnrt_train_step), then the outer step toward the adapted weights
// (snnrt_reptile_update). Prints how well a few steps adapt to 20 new
// tasks before and after meta-training.
//
//   snn-meta-learning [--iterations N (300)] [--inner K (5)] [--seed S (1)]
//
//===----------------------------------------------------------------------===//

#include "examples/common/ExampleOptions.h"
#include "snnrt/snnrt.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <cstdlib>
#include <vector>

namespace {

constexpr int64_t kInputs = 8, kBatch = 8;

int fail(const char *what) {
  std::fprintf(stderr, "meta-learning: %s: %s\n", what, snnrt_last_error());
  return 1;
}

[[noreturn]] void usage(const char *why) {
  std::fprintf(stderr,
               "meta-learning: %s\n"
               "usage: snn-meta-learning [--iterations N] [--inner K] "
               "[--seed S]\n"
               "  --iterations N  meta-iterations, one task each (default "
               "300)\n"
               "  --inner K       training steps per task (default 5)\n"
               "  --seed S        the tasks drawn (default 1)\n",
               why);
  std::exit(2);
}

uint64_t rng = 1;
uint64_t next() { // splitmix64
  uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// A task: which 4 of the 8 inputs class 0 lights.
struct Task {
  bool lit[kInputs];
};

Task randomTask() {
  Task t{};
  int chosen = 0;
  while (chosen < 4) {
    int i = int(next() % kInputs);
    if (!t.lit[i]) {
      t.lit[i] = true;
      ++chosen;
    }
  }
  return t;
}

/// `count` samples of task `t`, the classes alternating.
struct Samples {
  std::vector<float> inputs;
  std::vector<int64_t> labels;
  Samples(const Task &t, int64_t count) {
    for (int64_t s = 0; s < count; ++s) {
      int64_t c = s % 2;
      labels.push_back(c);
      for (int i = 0; i < kInputs; ++i)
        inputs.push_back(t.lit[i] == (c == 0) ? 0.9f : 0.05f);
    }
  }
  snnrt_dataset data() const {
    return {inputs.data(), labels.data(), int64_t(labels.size()), kInputs};
  }
};

/// `steps` training steps on one minibatch of task `t` each.
bool adapt(snnrt_network *net, const Task &t, long steps) {
  Samples batch(t, kBatch);
  int64_t inShape[2] = {kBatch, kInputs}, labelShape[1] = {kBatch};
  for (long k = 0; k < steps; ++k)
    if (snnrt_reset_roles(net, SNNRT_RESET_STATE) != SNNRT_OK ||
        snnrt_set_input(net, "in.p", SNNRT_F32, batch.inputs.data(), 2,
                        inShape) != SNNRT_OK ||
        snnrt_write_buffer(net, "train.label", SNNRT_I64, batch.labels.data(),
                           1, labelShape) != SNNRT_OK ||
        snnrt_train_step(net) != SNNRT_OK)
      return false;
  return true;
}

/// Mean accuracy over `tasks` after `steps` training steps on each, every
/// task starting from `start`.
bool adaptation(snnrt_network *net, snnrt_snapshot *start,
                const std::vector<Task> &tasks, long steps, double &accuracy) {
  accuracy = 0;
  for (const Task &t : tasks) {
    if (snnrt_snapshot_restore(net, start) != SNNRT_OK || !adapt(net, t, steps))
      return false;
    Samples test(t, 64);
    snnrt_dataset d = test.data();
    double acc = 0;
    if (snnrt_evaluate(net, &d, "in.p", 0, nullptr, &acc) != SNNRT_OK)
      return false;
    accuracy += acc / double(tasks.size());
  }
  return snnrt_snapshot_restore(net, start) == SNNRT_OK;
}

} // namespace

int main(int argc, char **argv) {
  long iterations = 300, inner = 5;
  snn_examples::forEachOption(
      argc, argv,
      "Reptile over a family of two-class tasks; prints adaptation before "
      "and after meta-training",
      usage, {}, [&](const std::string &a, const std::string &v) {
        if (a == "--iterations")
          iterations = long(snn_examples::count(a, v, usage, 1));
        else if (a == "--inner")
          inner = long(snn_examples::count(a, v, usage, 1));
        else if (a == "--seed")
          rng = uint64_t(snn_examples::count(a, v, usage, 1));
        else
          usage(("unknown option " + a).c_str());
      });

  snnrt_network *net = nullptr;
  if (snnrt_load(META_LIBRARY, "meta", &net) != SNNRT_OK)
    return fail("loading the network");
  if (snnrt_init(net) != SNNRT_OK)
    return fail("init");
  snnrt_snapshot *meta = nullptr;
  if (snnrt_snapshot_take(net, SNNRT_RESET_WEIGHTS, &meta) != SNNRT_OK)
    return fail("snnrt_snapshot_take");

  std::vector<Task> unseen;
  for (int i = 0; i < 20; ++i)
    unseen.push_back(randomTask());
  std::printf("Reptile: tasks of 8 inputs, class 0 lights 4 of them chosen "
              "per task; %ld inner steps per task\n",
              inner);
  const long probes[] = {1, 3, inner};
  double before[3];
  for (int p = 0; p < 3; ++p)
    if (!adaptation(net, meta, unseen, probes[p], before[p]))
      return fail("evaluating");

  for (long it = 1; it <= iterations; ++it) {
    if (!adapt(net, randomTask(), inner))
      return fail("the inner loop");
    // The step size shrinks linearly, as in Nichol et al.'s Reptile.
    double eps = 0.5 * (1.0 - double(it - 1) / double(iterations)) + 0.05;
    if (snnrt_reptile_update(net, meta, eps) != SNNRT_OK)
      return fail("snnrt_reptile_update");
    if (it % 50 == 0 || it == iterations) {
      double acc;
      if (!adaptation(net, meta, unseen, inner, acc))
        return fail("evaluating");
      std::printf("meta-iteration %4ld: accuracy on 20 new tasks after %ld "
                  "steps %.3f\n",
                  it, inner, acc);
    }
  }
  std::printf("accuracy on 20 new tasks after k training steps:\n");
  std::printf("  k   before meta-training   after\n");
  for (int p = 0; p < 3; ++p) {
    double after;
    if (!adaptation(net, meta, unseen, probes[p], after))
      return fail("evaluating");
    std::printf("  %ld   %.3f                  %.3f\n", probes[p], before[p],
                after);
  }
  snnrt_snapshot_free(meta);
  snnrt_free(net);
  return 0;
}
