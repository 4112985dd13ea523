//===- main.cpp - a recurrent ALIF network on cue recall, BPTT and e-prop --===//
//
// Cue recall (README.md): one of two cues in the first 10 steps, 70 steps
// of noise, then a recall signal; the class is the cue, read from the
// readout's membrane at the last step. Spike counts are the same for both
// classes and the cue is far older than any membrane time constant, so a
// network must remember it.
//
// Three networks learn the same generated task:
//   bptt         bptt.mlir, recurrent ALIF, surrogate-gradient BPTT
//                (snnrt_train over the compiled <net>_train_step)
//   feedforward  feedforward.mlir, no recurrence nor adaptation, BPTT: the
//                control, which cannot remember the cue
//   eprop        eprop.mlir, the recurrent ALIF network of bptt.mlir with
//                e-prop's rules; this program drives it step by step and
//                writes the learning signal (docs/rules/eprop.md)
//   readout      eprop.mlir with the learning signal held at 0: only the
//                readout learns, the control for e-prop's hidden updates
//
//   snn-recurrent [--method bptt|feedforward|eprop|readout|all]
//                 [--epochs N] [--train N] [--test N] [--seed S]
//
//===----------------------------------------------------------------------===//

#include "snnrt/snnrt.h"

#include "examples/common/ExampleOptions.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

// The task (README.md).
constexpr int64_t kSteps = 100;      // per sample
constexpr int64_t kChannels = 20;    // 4 groups of 5
constexpr int64_t kCueSteps = 10;    // the cue: group 0 or 1, steps 0-9
constexpr int64_t kRecallStart = 80; // the recall: group 2, steps 80-99
constexpr float kActive = 0.5f;      // spike probability of an active group
constexpr float kNoise = 0.05f;      // group 3, every step
constexpr float kBackground = 0.01f; // every channel, every step

struct Task {
  std::vector<float> inputs; // [count, kSteps, kChannels]
  std::vector<int64_t> labels;
  int64_t count = 0;
  snnrt_dataset data() const {
    return {inputs.data(), labels.data(), count, kSteps * kChannels};
  }
  const float *step(int64_t sample, int64_t t) const {
    return inputs.data() + (sample * kSteps + t) * kChannels;
  }
};

Task makeTask(int64_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  Task task;
  task.count = count;
  for (int64_t i = 0; i < count; ++i) {
    int64_t cls = static_cast<int64_t>(rng() % 2);
    task.labels.push_back(cls);
    for (int64_t t = 0; t < kSteps; ++t)
      for (int64_t k = 0; k < kChannels; ++k) {
        int64_t group = k / 5;
        float p = kBackground;
        if (group == cls && t < kCueSteps)
          p = kActive;
        if (group == 2 && t >= kRecallStart)
          p = kActive;
        if (group == 3)
          p = kNoise;
        task.inputs.push_back(u(rng) < p ? 1.0f : 0.0f);
      }
  }
  return task;
}

struct Options {
  std::string method = "all";
  int64_t epochs = 10, train = 2048, test = 512;
  uint64_t seed = 1;
};

[[noreturn]] void usage(const char *why) {
  std::fprintf(
      stderr,
      "recurrent: %s\n"
      "usage: snn-recurrent [--method bptt|feedforward|eprop|readout|all] "
      "[--epochs N] [--train N] [--test N] [--seed S]\n"
      "  --method M   how the network learns (default all: each in turn)\n"
      "               bptt: recurrent ALIF, BPTT; feedforward: no recurrence\n"
      "               nor adaptation, BPTT; eprop: recurrent ALIF, e-prop;\n"
      "               readout: e-prop with the hidden layer's learning\n"
      "               signal held at 0\n"
      "  --epochs N   passes over the training set (default 10)\n"
      "  --train N    training samples (default 2048)\n"
      "  --test N     test samples (default 512)\n"
      "  --seed S     the task's samples and the networks' seeds (default 1)\n",
      why);
  std::exit(2);
}

Options parse(int argc, char **argv) {
  using snn_examples::count;
  Options o;
  snn_examples::forEachOption(
      argc, argv,
      "a recurrent ALIF network on cue recall, with BPTT and e-prop", usage,
      {}, [&](const std::string &a, const std::string &v) {
        if (a == "--method") {
          if (v != "bptt" && v != "feedforward" && v != "eprop" &&
              v != "readout" && v != "all")
            usage(("unknown method '" + v + "'").c_str());
          o.method = v;
        } else if (a == "--epochs")
          o.epochs = count(a, v, usage);
        else if (a == "--train")
          o.train = count(a, v, usage, 1);
        else if (a == "--test")
          o.test = count(a, v, usage, 1);
        else if (a == "--seed")
          o.seed = static_cast<uint64_t>(count(a, v, usage));
        else
          usage(("unknown option " + a).c_str());
      });
  return o;
}

void check(snnrt_status s, const char *what) {
  if (s != SNNRT_OK) {
    std::fprintf(stderr, "recurrent: %s: %s\n", what, snnrt_last_error());
    std::exit(1);
  }
}

snnrt_network *load(const char *library, uint64_t seed) {
  snnrt_network *net = nullptr;
  check(snnrt_load(library, nullptr, &net), "load");
  std::vector<uint64_t> seeds(static_cast<size_t>(snnrt_batch(net)));
  for (size_t b = 0; b < seeds.size(); ++b)
    seeds[b] = seed * 1000 + b;
  check(snnrt_set_seeds(net, seeds.data(), seeds.size()), "seeds");
  check(snnrt_init(net), "init");
  return net;
}

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// BPTT through the compiled train step, with the runtime's loop.
double trainBptt(const char *library, const char *label, const Options &o,
                 const Task &train, const Task &test) {
  snnrt_network *net = load(library, o.seed);
  snnrt_dataset tr = train.data(), te = test.data();
  double before = 0;
  check(snnrt_evaluate(net, &te, nullptr, 0, nullptr, &before), "evaluate");
  std::printf("%-12s before training: test accuracy %5.1f%%\n", label,
              100 * before);
  snnrt_train_options opts;
  snnrt_train_options_default(&opts);
  opts.shuffle_seed = o.seed;
  double best = before;
  auto start = Clock::now();
  // One epoch per call, to print the test accuracy as it goes.
  for (int64_t e = 1; e <= o.epochs; ++e) {
    opts.epochs = e;
    opts.progress = 0;
    snnrt_train_report r;
    check(snnrt_train(net, &tr, &te, &opts, &r), "train");
    best = std::max(best, r.test_accuracy);
    std::printf("%-12s epoch %3lld  loss %.4f  train %5.1f%%  test %5.1f%%  "
                "(%.1f s)\n",
                label, (long long)e, r.loss, 100 * r.accuracy,
                100 * r.test_accuracy, since(start));
    std::fflush(stdout);
  }
  double acc = 0;
  check(snnrt_evaluate(net, &te, nullptr, 0, nullptr, &acc), "evaluate");
  snnrt_free(net);
  return acc;
}

/// e-prop: the network learns while it runs. Each step this program
/// writes the input, and the readout's error of the last step into @err
/// and through the fixed random feedback B into @l (docs/rules/eprop.md);
/// one more step after the sample applies its last error.
struct Eprop {
  snnrt_network *net;
  int64_t batch, hidden = 0, classes = 0;
  std::vector<float> feedback; // B: [hidden, classes]
  bool hiddenLearns;           // else the learning signal stays 0

  Eprop(const char *library, uint64_t seed, bool hiddenLearns)
      : net(load(library, seed)), hiddenLearns(hiddenLearns) {
    batch = snnrt_batch(net);
    snnrt_buffer_desc d;
    const void *data = nullptr;
    check(snnrt_read_buffer(net, "l", &data, &d), "l");
    hidden = d.shape[d.rank - 1];
    check(snnrt_read_buffer(net, "err", &data, &d), "err");
    classes = d.shape[d.rank - 1];
    std::mt19937_64 rng(seed + 7);
    std::normal_distribution<float> n(0.0f, 1.0f);
    for (int64_t i = 0; i < hidden * classes; ++i)
      feedback.push_back(n(rng) / std::sqrt(float(hidden)));
  }
  ~Eprop() { snnrt_free(net); }

  void set(const char *name, const std::vector<float> &v, int64_t n) {
    int64_t shape[2] = {batch, n};
    check(snnrt_set_input(net, name, SNNRT_F32, v.data(), 2, shape), name);
  }

  /// Runs samples [first, first + batch) of `task` (the last repeated past
  /// the end); learns when `learn`. Returns how many were right.
  int64_t run(const Task &task, int64_t first, bool learn, double *loss) {
    check(snnrt_reset_roles(net, SNNRT_RESET_STATE), "reset");
    std::vector<float> in(batch * kChannels), err(batch * classes, 0.0f),
        l(batch * hidden, 0.0f);
    std::vector<int64_t> sample(batch);
    for (int64_t b = 0; b < batch; ++b)
      sample[b] = std::min(first + b, task.count - 1);
    int64_t right = 0;
    const float window = float(kSteps - kRecallStart);
    for (int64_t t = 0; t <= kSteps; ++t) {
      for (int64_t b = 0; b < batch; ++b)
        for (int64_t k = 0; k < kChannels; ++k)
          in[b * kChannels + k] =
              t < kSteps ? task.step(sample[b], t)[k] : 0.0f;
      set("in.spikes", in, kChannels);
      set("err", err, classes);
      set("l", l, hidden);
      check(snnrt_run(net, 1), "run");
      if (t == kSteps)
        break;
      const void *data = nullptr;
      check(snnrt_read_buffer(net, "out.v", &data, nullptr), "out.v");
      const float *y = static_cast<const float *>(data);
      // The error of this step: softmax(y) - onehot in the recall window.
      bool counts = learn && t >= kRecallStart;
      for (int64_t b = 0; b < batch; ++b) {
        const float *yb = y + b * classes;
        float m = yb[0];
        for (int64_t k = 1; k < classes; ++k)
          m = std::max(m, yb[k]);
        float z = 0;
        for (int64_t k = 0; k < classes; ++k)
          z += std::exp(yb[k] - m);
        int64_t want = task.labels[sample[b]];
        for (int64_t k = 0; k < classes; ++k) {
          float p = std::exp(yb[k] - m) / z;
          err[b * classes + k] = counts ? (p - (k == want)) / window : 0.0f;
        }
        if (t == kSteps - 1) {
          int64_t arg = 0;
          for (int64_t k = 1; k < classes; ++k)
            if (yb[k] > yb[arg])
              arg = k;
          right += (arg == want) && first + b < task.count;
          *loss += -(yb[want] - m - std::log(z));
        }
      }
      for (int64_t b = 0; b < batch; ++b)
        for (int64_t j = 0; j < hidden; ++j) {
          float s = 0;
          for (int64_t k = 0; k < classes; ++k)
            s += feedback[j * classes + k] * err[b * classes + k];
          l[b * hidden + j] = hiddenLearns ? s : 0.0f;
        }
    }
    return right;
  }

  double evaluate(const Task &task) {
    int64_t right = 0;
    double loss = 0;
    for (int64_t first = 0; first < task.count; first += batch)
      right += run(task, first, false, &loss);
    return double(right) / double(task.count);
  }
};

double trainEprop(const char *label, bool hiddenLearns, const Options &o,
                  const Task &train, const Task &test) {
  Eprop ep(RECURRENT_EPROP_LIBRARY, o.seed, hiddenLearns);
  std::printf("%-12s before training: test accuracy %5.1f%%\n", label,
              100 * ep.evaluate(test));
  auto start = Clock::now();
  for (int64_t e = 1; e <= o.epochs; ++e) {
    int64_t right = 0, seen = 0;
    double loss = 0;
    for (int64_t first = 0; first + ep.batch <= train.count;
         first += ep.batch) {
      right += ep.run(train, first, true, &loss);
      seen += ep.batch;
    }
    double acc = ep.evaluate(test);
    std::printf("%-12s epoch %3lld  loss %.4f  train %5.1f%%  test %5.1f%%  "
                "(%.1f s)\n",
                label, (long long)e, loss / double(seen),
                100.0 * double(right) / double(seen), 100 * acc, since(start));
    std::fflush(stdout);
  }
  return ep.evaluate(test);
}

} // namespace

int main(int argc, char **argv) {
  Options o = parse(argc, argv);
  Task train = makeTask(o.train, o.seed), test = makeTask(o.test, o.seed + 1);
  std::printf("cue recall: %lld training and %lld test samples of %lld steps\n",
              (long long)o.train, (long long)o.test, (long long)kSteps);
  std::vector<std::pair<std::string, double>> results;
  if (o.method == "bptt" || o.method == "all")
    results.push_back({"bptt", trainBptt(RECURRENT_BPTT_LIBRARY, "bptt", o,
                                         train, test)});
  if (o.method == "feedforward" || o.method == "all")
    results.push_back({"feedforward", trainBptt(RECURRENT_FF_LIBRARY,
                                                "feedforward", o, train,
                                                test)});
  if (o.method == "eprop" || o.method == "all")
    results.push_back({"eprop", trainEprop("eprop", true, o, train, test)});
  if (o.method == "readout" || o.method == "all")
    results.push_back(
        {"readout", trainEprop("readout", false, o, train, test)});
  std::printf("\ntest accuracy after %lld epochs (chance 50%%):\n",
              (long long)o.epochs);
  for (auto &[name, acc] : results)
    std::printf("  %-12s %5.1f%%\n", name.c_str(), 100 * acc);
  return 0;
}
