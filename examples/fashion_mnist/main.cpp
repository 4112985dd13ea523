//===- main.cpp - train a spiking classifier on Fashion-MNIST -------------===//
//
// Trains examples/fashion_mnist/net.mlir (@fmnist, compiled into this
// program with its generated train step) with libsnnrt's training loop:
// minibatches of 128 shuffled images, rate-coded by the network's
// @bernoulli inputs over 25 steps, Adam, and the test accuracy after every
// epoch. Writes a checkpoint after every epoch and resumes from it with
// --resume.
//
//   snn-fashion-mnist [--epochs N] [--batches N] [--threads N] [--seed S]
//                     [--data DIR] [--checkpoint FILE] [--resume]
//   snn-fashion-mnist --bench-steps N [--threads N]
//
// --bench-steps times N train steps on random images (bench/bptt): the
// milliseconds per step and the memory the network adds to the process
// (peak RSS less the RSS before it was loaded).
//
//===----------------------------------------------------------------------===//

#include "snnrt/snnrt.h"

#include "examples/common/ExampleOptions.h"
#include "examples/common/FashionMnistData.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Options {
  int64_t epochs = 10, batches = 0, benchSteps = 0;
  int threads = 2;
  uint64_t seed = 1;
  std::string data = "/usr/share/datasets/fashion-mnist";
  std::string checkpoint = "fashion_mnist.npz";
  bool resume = false;
  std::string library = FMNIST_LIBRARY;
};

[[noreturn]] void usage(const char *why) {
  std::fprintf(
      stderr,
      "fashion-mnist: %s\n"
      "usage: snn-fashion-mnist [--epochs N] [--batches N] [--threads N] "
      "[--seed S] [--data DIR] [--checkpoint FILE] [--resume]\n"
      "  --epochs N        passes over the 60000 training images (default 10)\n"
      "  --batches N       minibatches of 128 per epoch and per evaluation "
      "(default: all)\n"
      "  --threads N       OpenMP threads (default 2)\n"
      "  --seed S          shuffling and initial weights (default 1)\n"
      "  --data DIR        Fashion-MNIST IDX files (default "
      "/usr/share/datasets/fashion-mnist)\n"
      "  --checkpoint FILE weights and optimiser state after every epoch "
      "(default fashion_mnist.npz)\n"
      "  --resume          start from --checkpoint\n"
      "  --bench-steps N   time N train steps on random images instead\n",
      why);
  std::exit(2);
}

Options parse(int argc, char **argv) {
  using snn_examples::count;
  Options o;
  snn_examples::forEachOption(
      argc, argv, "surrogate-gradient training of a 784-256-10 LIF network",
      usage, {"--resume"}, [&](const std::string &a, const std::string &v) {
        if (a == "--resume")
          o.resume = true;
        else if (a == "--epochs")
          o.epochs = count(a, v, usage);
        else if (a == "--batches")
          o.batches = count(a, v, usage);
        else if (a == "--bench-steps")
          o.benchSteps = count(a, v, usage, 1);
        else if (a == "--threads")
          o.threads = static_cast<int>(count(a, v, usage, 1));
        else if (a == "--seed")
          o.seed = static_cast<uint64_t>(count(a, v, usage));
        else if (a == "--data")
          o.data = v;
        else if (a == "--checkpoint")
          o.checkpoint = v;
        else if (a == "--library")
          o.library = v;
        else
          usage(("unknown option " + a).c_str());
      });
  return o;
}

int check(snnrt_status st) {
  if (st != SNNRT_OK) {
    std::fprintf(stderr, "fashion-mnist: %s\n", snnrt_last_error());
    std::exit(1);
  }
  return 0;
}

/// A field of /proc/self/status in kB (VmRSS, VmHWM).
long statusKB(const char *field) {
  FILE *f = std::fopen("/proc/self/status", "r");
  if (!f)
    return 0;
  char line[256];
  long kb = 0;
  size_t len = std::strlen(field);
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, field, len) == 0 && line[len] == ':')
      kb = std::strtol(line + len + 1, nullptr, 10);
  std::fclose(f);
  return kb;
}

/// bench/bptt: N train steps on random intensities and labels.
int bench(const Options &o) {
  long before = statusKB("VmRSS");
  snnrt_network *net = nullptr;
  check(snnrt_load(o.library.c_str(), "fmnist", &net));
  check(snnrt_set_threads(net, o.threads));
  check(snnrt_init(net));
  int64_t batch = snnrt_batch(net);
  std::vector<float> images(batch * 784);
  std::vector<int64_t> labels(batch);
  uint64_t x = 88172645463325252ull;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (float &v : images)
    v = static_cast<float>(next() % 1000) / 1000.0f;
  for (int64_t &l : labels)
    l = static_cast<int64_t>(next() % 10);
  int64_t shapeIn[2] = {batch, 784}, shapeL[1] = {batch};
  check(snnrt_set_input(net, "in.p", SNNRT_F32, images.data(), 2, shapeIn));
  check(snnrt_set_input(net, "train.label", SNNRT_I64, labels.data(), 1, shapeL));
  auto step = [&] {
    check(snnrt_reset_roles(net, SNNRT_RESET_STATE));
    check(snnrt_train_step(net));
  };
  for (int i = 0; i < 3; ++i) // warm up: pages, caches
    step();
  auto t0 = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < o.benchSteps; ++i)
    step();
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - t0)
                  .count() /
              double(o.benchSteps);
  long peak = statusKB("VmHWM");
  std::printf("{\"ms_per_step\": %.3f, \"added_mb\": %.1f, \"batch\": %lld, "
              "\"threads\": %d}\n",
              ms, (peak - before) / 1024.0, (long long)batch, o.threads);
  snnrt_free(net);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  Options o = parse(argc, argv);
  if (o.benchSteps)
    return bench(o);
  snnrt_network *net = nullptr;
  check(snnrt_load(o.library.c_str(), "fmnist", &net));
  check(snnrt_set_threads(net, o.threads));
  std::vector<uint64_t> seeds(snnrt_batch(net));
  for (size_t i = 0; i < seeds.size(); ++i)
    seeds[i] = o.seed * 1000 + i;
  check(snnrt_set_seeds(net, seeds.data(), seeds.size()));
  check(snnrt_init(net));
  if (o.resume)
    check(snnrt_load_npz(net, o.checkpoint.c_str()));

  snn_examples::FashionMnist fmnist;
  check(fmnist.read(o.data));
  const snnrt_dataset *sets = fmnist.sets;
  snnrt_train_options opts;
  snnrt_train_options_default(&opts);
  opts.epochs = o.epochs;
  opts.shuffle_seed = o.seed;
  opts.max_batches = o.batches;
  opts.checkpoint = o.checkpoint.c_str();
  snnrt_train_report r;
  check(snnrt_train(net, &sets[0], &sets[1], &opts, &r));
  std::printf("epochs %lld  train loss %.4f  train accuracy %.2f%%  "
              "test accuracy %.2f%%  %.0f samples/s  %.1f s\n",
              (long long)r.epochs_done, r.loss, 100 * r.accuracy,
              100 * r.test_accuracy, r.samples_per_second, r.seconds);
  fmnist.free();
  snnrt_free(net);
  return 0;
}
