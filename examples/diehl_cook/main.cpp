//===- main.cpp - Diehl & Cook unsupervised STDP on Fashion-MNIST ---------===//
//
// Trains examples/diehl_cook/net.mlir (@dc_train, compiled into this
// program) on Fashion-MNIST images, one at a time: each image drives 784
// Poisson inputs for --time ms, after which `dc_train_reset` clears the
// membranes and traces and normalises the weights (the projection's
// `normalize 78.4`); the adaptive thresholds persist. Then the learned
// weights and thresholds go into @dc_test (learning off), which labels
// every excitatory neuron with the class it answers most to on training
// images, and classifies the test images by the mean response of each
// class's neurons (Diehl & Cook's "all activity" vote). Prints the
// accuracy and writes the 400 receptive fields as a PGM image.
//
//   snn-diehl-cook [--train N] [--assign N] [--test N] [--time MS]
//                  [--intensity HZ] [--equalize 0|1] [--seed S]
//                  [--data DIR] [--image FILE]
//
//===----------------------------------------------------------------------===//

#include "dc_test.h"
#include "dc_train.h"

#include "snnrt/snnrt.h"

#include "examples/common/ExampleOptions.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// Fashion-MNIST's mean pixel (training set), for --equalize.
constexpr double kMeanPixel = 0.286;
bool equalize = true;

struct Options {
  int64_t train = 4000, assign = 10000, test = 10000;
  double timeMs = 350.0, intensity = 128.0;
  uint64_t seed = 1;
  std::string data = "/usr/share/datasets/fashion-mnist";
  std::string image = "diehl_cook_fields.pgm";
};

[[noreturn]] void usage(const char *why) {
  std::fprintf(stderr,
               "diehl-cook: %s\n"
               "usage: diehl-cook [--train N] [--assign N] [--test N] "
               "[--time MS] [--intensity HZ] [--equalize 0|1] [--seed S] "
               "[--data DIR] [--image FILE]\n"
               "  --train N      training images, in order (default 4000: "
               "more lowers the accuracy, see the README)\n"
               "  --assign N     training images that label the neurons, "
               "learning off (default 10000)\n"
               "  --test N       test images classified (default 10000)\n"
               "  --time MS      presentation per image (default 350)\n"
               "  --intensity HZ input rate of a white pixel (default 128)\n"
               "  --equalize 0|1 scale each image to the same total input "
               "rate, that of\n"
               "                 the mean image (default 1)\n"
               "  --seed S       random seed (default 1)\n"
               "  --data DIR     Fashion-MNIST IDX files (default "
               "/usr/share/datasets/fashion-mnist)\n"
               "  --image FILE   receptive fields, PGM (default "
               "diehl_cook_fields.pgm)\n",
               why);
  std::exit(2);
}

Options parse(int argc, char **argv) {
  Options o;
  snn_examples::forEachOption(
      argc, argv, "unsupervised STDP (Diehl & Cook 2015) on Fashion-MNIST",
      usage, {}, [&](const std::string &a, const std::string &v) {
        auto number = [&]() {
          char *end = nullptr;
          double x = std::strtod(v.c_str(), &end);
          if (v.empty() || *end || !(x >= 0))
            usage((a + " takes a non-negative number, not '" + v + "'")
                      .c_str());
          return x;
        };
        if (a == "--train")
          o.train = static_cast<int64_t>(number());
        else if (a == "--assign")
          o.assign = static_cast<int64_t>(number());
        else if (a == "--test")
          o.test = static_cast<int64_t>(number());
        else if (a == "--time")
          o.timeMs = number();
        else if (a == "--intensity")
          o.intensity = number();
        else if (a == "--equalize")
          equalize = number() != 0;
        else if (a == "--seed")
          o.seed = static_cast<uint64_t>(number());
        else if (a == "--data")
          o.data = v;
        else if (a == "--image")
          o.image = v;
        else
          usage(("unknown option " + a).c_str());
      });
  if (o.timeMs <= 0)
    usage("--time must be positive");
  return o;
}

struct Images {
  snnrt_array images{}, labels{};
  int64_t count = 0, pixels = 0;
  ~Images() {
    snnrt_array_free(&images);
    snnrt_array_free(&labels);
  }
  const float *image(int64_t i) const {
    return static_cast<const float *>(images.data) + i * pixels;
  }
  int64_t label(int64_t i) const {
    return static_cast<const int64_t *>(labels.data)[i];
  }
};

void load(Images &set, const std::string &dir, const char *prefix) {
  std::string images = dir + "/" + prefix + "-images-idx3-ubyte";
  std::string labels = dir + "/" + prefix + "-labels-idx1-ubyte";
  if (snnrt_idx_read_images(images.c_str(), &set.images) != SNNRT_OK ||
      snnrt_idx_read_labels(labels.c_str(), &set.labels) != SNNRT_OK) {
    std::fprintf(stderr,
                 "diehl-cook: %s\n(Fashion-MNIST is Debian's "
                 "dataset-fashion-mnist; scripts/install-deps.sh installs it)\n",
                 snnrt_last_error());
    std::exit(1);
  }
  set.count = set.images.shape[0];
  set.pixels = set.images.shape[1] * set.images.shape[2];
}

/// Points every buffer of a compiled network's state at zeroed memory.
template <typename State>
void allocate(State &s, const snn_buffer_info *info, size_t count,
              std::vector<std::vector<char>> &storage) {
  for (size_t i = 0; i < count; ++i) {
    if (info[i].role[0] == 'm')
      continue;
    size_t n = 1;
    for (int r = 0; r < info[i].rank; ++r)
      n *= static_cast<size_t>(info[i].shape[r]);
    size_t bytes = info[i].dtype == 1 ? 8 : info[i].dtype == 3 ? 1 : 4;
    storage.emplace_back(std::max<size_t>(n * bytes, 1), 0);
    reinterpret_cast<void **>(&s)[info[i].field] = storage.back().data();
  }
}

constexpr int64_t kInputs = 784, kNeurons = 400, kClasses = 10;

/// Presents one image to a network (dc_train or dc_test): Poisson rates,
/// `steps` steps, then the excitatory spike counts, and the reset. As in
/// Diehl & Cook's protocol, an image that makes fewer than 5 excitatory
/// spikes is shown again 32 Hz brighter (up to 4 more times).
template <typename State, typename Run, typename Reset>
int64_t present(State &s, Run run, Reset reset, const float *pixels,
                double intensity, int64_t steps, std::vector<float> &counts) {
  int64_t total = 0;
  // With --equalize, every image brings the same total input rate, that
  // of an image whose mean pixel is kMeanPixel.
  double scale = 1.0;
  if (equalize) {
    double sum = 0;
    for (int64_t i = 0; i < kInputs; ++i)
      sum += pixels[i];
    if (sum > 0)
      scale = kMeanPixel * kInputs / sum;
  }
  for (int attempt = 0; attempt < 5 && total < 5; ++attempt) {
    double brightest = (intensity + 32.0 * attempt) * scale;
    for (int64_t i = 0; i < kInputs; ++i)
      s.input_rate[i] = static_cast<float>(pixels[i] * brightest);
    run(&s, steps);
    total = 0;
    for (int64_t j = 0; j < kNeurons; ++j) {
      counts[j] = s.exc_spike_count[j];
      total += static_cast<int64_t>(counts[j]);
    }
    reset(&s, SNN_RESET_STATE);
  }
  return total;
}

/// The 400 receptive fields (input weights of each excitatory neuron) as a
/// 20 x 20 grid of 28 x 28 tiles, white = the largest weight.
bool writeFields(const std::string &path, const float *w) {
  const int tiles = 20, side = 28, width = tiles * side;
  float top = 0;
  for (int64_t k = 0; k < kInputs * kNeurons; ++k)
    top = std::max(top, w[k]);
  std::vector<unsigned char> pix(width * width);
  for (int n = 0; n < kNeurons; ++n)
    for (int p = 0; p < kInputs; ++p) {
      int y = (n / tiles) * side + p / side, x = (n % tiles) * side + p % side;
      float v = top > 0 ? w[p * kNeurons + n] / top : 0;
      pix[y * width + x] = static_cast<unsigned char>(std::lround(255 * v));
    }
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f)
    return false;
  std::fprintf(f, "P5\n%d %d\n255\n", width, width);
  bool ok = std::fwrite(pix.data(), 1, pix.size(), f) == pix.size();
  return std::fclose(f) == 0 && ok;
}

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       since)
      .count();
}

} // namespace

int main(int argc, char **argv) {
  Options o = parse(argc, argv);
  Images train, test;
  load(train, o.data, "train");
  load(test, o.data, "t10k");
  if (train.pixels != kInputs || test.pixels != kInputs) {
    std::fprintf(stderr, "diehl-cook: expected 28 x 28 images\n");
    return 1;
  }
  o.train = std::min(o.train, train.count);
  o.assign = std::min(o.assign, train.count);
  o.test = std::min(o.test, test.count);
  const int64_t steps = std::llround(o.timeMs / 0.5);

  std::vector<std::vector<char>> storage;
  dc_train_state tr;
  dc_test_state te;
  size_t nTrain = 0, nTest = 0;
  const snn_buffer_info *infoTrain = dc_train_describe(&nTrain);
  const snn_buffer_info *infoTest = dc_test_describe(&nTest);
  allocate(tr, infoTrain, nTrain, storage);
  allocate(te, infoTest, nTest, storage);
  tr.seed[0] = static_cast<int64_t>(o.seed);
  te.seed[0] = static_cast<int64_t>(o.seed + 1);
  dc_train_init(&tr);
  dc_test_init(&te);
  dc_train_recorder trRec{};
  dc_test_recorder teRec{};
  auto runTrain = [&](dc_train_state *s, int64_t n) { dc_train_run(s, n, &trRec); };
  auto runTest = [&](dc_test_state *s, int64_t n) { dc_test_run(s, n, &teRec); };
  std::vector<float> counts(kNeurons);

  std::printf("Diehl & Cook: %lld excitatory neurons, %g ms per image at "
              "dt 0.5 ms (%lld steps), inputs up to %g Hz\n",
              static_cast<long long>(kNeurons), o.timeMs,
              static_cast<long long>(steps), o.intensity);
  auto start = std::chrono::steady_clock::now();
  int64_t spikes = 0;
  for (int64_t i = 0; i < o.train; ++i) {
    spikes += present(tr, runTrain, dc_train_reset, train.image(i),
                      o.intensity, steps, counts);
    if ((i + 1) % 1000 == 0 || i + 1 == o.train) {
      double theta = 0;
      for (int64_t j = 0; j < kNeurons; ++j)
        theta += tr.exc_theta[j];
      std::printf("  trained on %lld images: %.1f excitatory spikes per "
                  "image, mean theta %.3f mV, %.0f images/s\n",
                  static_cast<long long>(i + 1),
                  static_cast<double>(spikes) / (i + 1), theta / kNeurons,
                  (i + 1) / seconds(start));
      std::fflush(stdout);
    }
  }
  double trainSeconds = seconds(start);

  // Learning off: the learned weights and thresholds, frozen.
  std::memcpy(te.input_exc_w, tr.input_exc_w, sizeof(float) * kInputs * kNeurons);
  std::memcpy(te.exc_theta, tr.exc_theta, sizeof(float) * kNeurons);

  // Labels: each neuron's class is the one it fired most for (per image of
  // that class) on the first --assign training images; a neuron that never
  // fired gets none.
  std::vector<double> perClass(kNeurons * kClasses, 0.0);
  std::vector<int64_t> seen(kClasses, 0);
  for (int64_t i = 0; i < o.assign; ++i) {
    present(te, runTest, dc_test_reset, train.image(i), o.intensity, steps,
            counts);
    int64_t c = train.label(i);
    ++seen[c];
    for (int64_t j = 0; j < kNeurons; ++j)
      perClass[j * kClasses + c] += counts[j];
  }
  std::vector<int> label(kNeurons, -1);
  std::vector<int64_t> assigned(kClasses, 0);
  // Each neuron's share of its (per image) response that each class gets.
  std::vector<double> proportion(kNeurons * kClasses, 0.0);
  for (int64_t j = 0; j < kNeurons; ++j) {
    double best = 0, sum = 0;
    for (int64_t c = 0; c < kClasses; ++c) {
      double rate = seen[c] ? perClass[j * kClasses + c] / seen[c] : 0;
      proportion[j * kClasses + c] = rate;
      sum += rate;
      if (rate > best) {
        best = rate;
        label[j] = static_cast<int>(c);
      }
    }
    for (int64_t c = 0; c < kClasses && sum > 0; ++c)
      proportion[j * kClasses + c] /= sum;
    if (label[j] >= 0)
      ++assigned[label[j]];
  }
  std::printf("neurons per class:");
  for (int64_t c = 0; c < kClasses; ++c)
    std::printf(" %lld", static_cast<long long>(assigned[c]));
  std::printf("\n");

  // Test: the class whose neurons fire most on average ("all activity"),
  // and the same with each neuron's spikes weighted by the share of its
  // response that its class gets ("proportion weighting"), as BindsNET's
  // evaluation offers both.
  int64_t correct = 0, correctWeighted = 0;
  auto testStart = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < o.test; ++i) {
    present(te, runTest, dc_test_reset, test.image(i), o.intensity, steps,
            counts);
    std::vector<double> vote(kClasses, 0.0), weighted(kClasses, 0.0);
    for (int64_t j = 0; j < kNeurons; ++j)
      if (label[j] >= 0) {
        vote[label[j]] += counts[j];
        weighted[label[j]] += counts[j] * proportion[j * kClasses + label[j]];
      }
    auto argmax = [&](const std::vector<double> &v) {
      int best = -1;
      double top = -1;
      for (int64_t c = 0; c < kClasses; ++c) {
        double x = assigned[c] ? v[c] / assigned[c] : 0;
        if (x > top) {
          top = x;
          best = static_cast<int>(c);
        }
      }
      return best;
    };
    correct += argmax(vote) == test.label(i);
    correctWeighted += argmax(weighted) == test.label(i);
  }
  double accuracy = o.test ? 100.0 * correct / o.test : 0;
  double accuracyWeighted = o.test ? 100.0 * correctWeighted / o.test : 0;
  std::printf("trained on %lld images in %.3f s (%.1f images/s); labelled "
              "with %lld\n",
              static_cast<long long>(o.train), trainSeconds,
              o.train / std::max(trainSeconds, 1e-9),
              static_cast<long long>(o.assign));
  std::printf("test accuracy: %.2f%% on %lld images, all activity (%.1f "
              "images/s; chance 10%%)\n",
              accuracy, static_cast<long long>(o.test),
              o.test / std::max(seconds(testStart), 1e-9));
  std::printf("test accuracy: %.2f%% on %lld images, proportion weighting\n",
              accuracyWeighted, static_cast<long long>(o.test));
  if (!writeFields(o.image, tr.input_exc_w)) {
    std::fprintf(stderr, "diehl-cook: cannot write %s\n", o.image.c_str());
    return 1;
  }
  std::printf("receptive fields: %s\n", o.image.c_str());
  return 0;
}
