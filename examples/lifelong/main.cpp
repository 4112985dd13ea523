//===- main.cpp - elastic weight consolidation on split Fashion-MNIST -----===//
//
// Two tasks in sequence: task A is Fashion-MNIST's classes 0-4, task B
// classes 5-9 (one 10-way readout). Trained on A, then on B, a network
// forgets A; elastic weight consolidation (snnrt_ewc_consolidate after A:
// the Fisher diagonal from squared gradients, the anchor at A's weights)
// makes B's training keep what matters for A. Runs both from the same
// initial weights and prints the test accuracies on A and B.
//
//   snn-lifelong [--batches N (40)] [--seed S (1)] [--threads N (2)]
//                [--data DIR]
//
//===----------------------------------------------------------------------===//

#include "examples/common/ExampleOptions.h"
#include "examples/common/FashionMnistData.h"
#include "snnrt/snnrt.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Options : snn_examples::TrainingOptions {
  int64_t batches = 40;
};

[[noreturn]] void usage(const char *why) {
  std::fprintf(stderr,
               "lifelong: %s\n"
               "usage: snn-lifelong [--batches N] [--seed S] [--threads N] "
               "[--data DIR]\n"
               "  --batches N  minibatches of 128 per task (default 40)\n"
               "  --seed S     initial weights and shuffling (default 1)\n"
               "  --threads N  OpenMP threads (default 2)\n"
               "  --data DIR   Fashion-MNIST IDX files (default "
               "/usr/share/datasets/fashion-mnist)\n",
               why);
  std::exit(2);
}

void check(snnrt_status st) {
  if (st != SNNRT_OK) {
    std::fprintf(stderr, "lifelong: %s\n", snnrt_last_error());
    std::exit(1);
  }
}

/// The samples of `all` whose class is in [lo, hi].
struct Split {
  std::vector<float> inputs;
  std::vector<int64_t> labels;
  Split(const snnrt_dataset &all, int64_t lo, int64_t hi) {
    for (int64_t i = 0; i < all.count; ++i)
      if (all.labels[i] >= lo && all.labels[i] <= hi) {
        inputs.insert(inputs.end(), all.inputs + i * all.features,
                      all.inputs + (i + 1) * all.features);
        labels.push_back(all.labels[i]);
      }
  }
  snnrt_dataset data() const {
    return {inputs.data(), labels.data(), int64_t(labels.size()), 784};
  }
};

double accuracy(snnrt_network *net, const Split &s) {
  snnrt_dataset d = s.data();
  double acc = 0;
  check(snnrt_evaluate(net, &d, "in.p", 0, nullptr, &acc));
  return acc;
}

} // namespace

int main(int argc, char **argv) {
  Options o;
  snn_examples::forEachOption(
      argc, argv, "elastic weight consolidation on split Fashion-MNIST",
      usage, {}, [&](const std::string &a, const std::string &v) {
        if (a == "--batches")
          o.batches = snn_examples::count(a, v, usage, 1);
        else if (!o.take(a, v, usage))
          usage(("unknown option " + a).c_str());
      });

  snn_examples::FashionMnist fmnist;
  check(fmnist.read(o.data));
  const snnrt_dataset *sets = fmnist.sets;
  Split trainA(sets[0], 0, 4), trainB(sets[0], 5, 9);
  Split testA(sets[1], 0, 4), testB(sets[1], 5, 9);

  std::printf("split Fashion-MNIST: task A classes 0-4, task B classes 5-9; "
              "%lld minibatches of 128 per task\n",
              (long long)o.batches);
  std::printf("                     A after A   A after B   B after B\n");
  for (int ewc = 0; ewc < 2; ++ewc) {
    snnrt_network *net = nullptr;
    check(snnrt_load(SPLIT_LIBRARY, "split", &net));
    check(snnrt_set_threads(net, o.threads));
    std::vector<uint64_t> seeds(size_t(snnrt_batch(net)));
    for (size_t i = 0; i < seeds.size(); ++i)
      seeds[i] = o.seed * 1000 + i;
    check(snnrt_set_seeds(net, seeds.data(), seeds.size()));
    check(snnrt_init(net));
    snnrt_train_options t;
    snnrt_train_options_default(&t);
    t.epochs = 1;
    t.shuffle_seed = o.seed;
    t.max_batches = o.batches;
    t.progress = 0;
    snnrt_dataset a = trainA.data(), b = trainB.data();
    check(snnrt_train(net, &a, nullptr, &t, nullptr));
    double aAfterA = accuracy(net, testA);
    // Without consolidation the Fisher buffers stay 0: the penalty is 0,
    // plain fine-tuning.
    if (ewc)
      check(snnrt_ewc_consolidate(net, &a, "in.p", 20, 1.0));
    // (train.epoch counts on: task B's pass is the second epoch.)
    t.epochs = 2;
    check(snnrt_train(net, &b, nullptr, &t, nullptr));
    std::printf("%-20s %9.3f   %9.3f   %9.3f\n",
                ewc ? "EWC" : "plain fine-tuning", aAfterA,
                accuracy(net, testA), accuracy(net, testB));
    snnrt_free(net);
  }
  fmnist.free();
  return 0;
}
