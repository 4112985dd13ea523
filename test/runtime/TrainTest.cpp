//===- TrainTest.cpp - the training loop over compiled train steps --------===//
//
// snnrt_train, snnrt_evaluate, snnrt_train_step and snnrt_forward on
// Inputs/learn.mlir (8 Bernoulli inputs, 6 and 2 LIF neurons, Adam) with a
// task whose answer is known independently: class 0 lights the first four
// inputs, class 1 the last four. Checks that it learns, that equal seeds
// give equal weights, that a checkpoint resumes to exactly the weights of
// an uninterrupted run, and the errors.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <cmath>

using namespace snnrt;
using namespace snnrt::test;

namespace {

/// `count` samples alternating between the two classes.
struct Halves {
  std::vector<float> inputs;
  std::vector<int64_t> labels;
  explicit Halves(int64_t count) {
    for (int64_t i = 0; i < count; ++i) {
      int64_t c = i % 2;
      labels.push_back(c);
      for (int k = 0; k < 8; ++k)
        inputs.push_back((k < 4) == (c == 0) ? 0.9f : 0.05f);
    }
  }
  snnrt_dataset data() const {
    return {inputs.data(), labels.data(), int64_t(labels.size()), 8};
  }
};

snnrt_train_options quiet(int64_t epochs) {
  snnrt_train_options o;
  snnrt_train_options_default(&o);
  o.epochs = epochs;
  o.progress = 0;
  return o;
}

std::vector<float> weights(Network &net) {
  std::vector<float> w = *net.read("ih.w"), ho = *net.read("ho.w");
  w.insert(w.end(), ho.begin(), ho.end());
  return w;
}

TEST(Train, LearnsASeparableTask) {
  Network net = loadOrDie("learn");
  ASSERT_TRUE(snnrt_trains(net.c()));
  ASSERT_TRUE(net.init());
  Halves train(64), test(22); // 22: the last minibatch is partial
  snnrt_dataset tr = train.data(), te = test.data();
  double before = 0;
  ASSERT_EQ(snnrt_evaluate(net.c(), &te, nullptr, 0, nullptr, &before),
            SNNRT_OK)
      << snnrt_last_error();
  snnrt_train_options o = quiet(8);
  snnrt_train_report r;
  ASSERT_EQ(snnrt_train(net.c(), &tr, &te, &o, &r), SNNRT_OK)
      << snnrt_last_error();
  EXPECT_EQ(r.epochs_done, 8);
  // Untrained, the outputs do not tell the halves apart.
  EXPECT_LT(before, 0.8);
  EXPECT_GT(r.test_accuracy, 0.95) << "before training: " << before;
  EXPECT_LT(r.loss, 0.5);
  EXPECT_GT(r.samples_per_second, 0.0);
  // Accuracy counts whole samples: 22 of them.
  double acc = 0, loss = 0;
  ASSERT_EQ(snnrt_evaluate(net.c(), &te, "in.p", 0, &loss, &acc), SNNRT_OK);
  EXPECT_NEAR(acc * 22, std::round(acc * 22), 1e-9);
  EXPECT_TRUE(std::isfinite(loss));
}

TEST(Train, EqualSeedsGiveEqualWeights) {
  Halves train(32);
  snnrt_dataset tr = train.data();
  std::vector<float> w[2];
  for (int k = 0; k < 2; ++k) {
    Network net = loadOrDie("learn");
    ASSERT_TRUE(net.init());
    snnrt_train_options o = quiet(2);
    ASSERT_EQ(snnrt_train(net.c(), &tr, nullptr, &o, nullptr), SNNRT_OK);
    w[k] = weights(net);
  }
  EXPECT_EQ(w[0], w[1]);
}

TEST(Train, ACheckpointResumesExactly) {
  TempDir tmp;
  std::string file = tmp.path("ckpt.npz");
  Halves train(32);
  snnrt_dataset tr = train.data();
  // Three epochs straight.
  Network straight = loadOrDie("learn");
  ASSERT_TRUE(straight.init());
  snnrt_train_options o = quiet(3);
  ASSERT_EQ(snnrt_train(straight.c(), &tr, nullptr, &o, nullptr), SNNRT_OK);
  // One epoch, a checkpoint, then a fresh network resumes to three.
  Network first = loadOrDie("learn");
  ASSERT_TRUE(first.init());
  o = quiet(1);
  o.checkpoint = file.c_str();
  ASSERT_EQ(snnrt_train(first.c(), &tr, nullptr, &o, nullptr), SNNRT_OK);
  Network resumed = loadOrDie("learn");
  ASSERT_TRUE(resumed.setSeeds({9, 9, 9, 9})); // replaced by the checkpoint's
  ASSERT_TRUE(resumed.init());
  Status st = resumed.loadNpz(file);
  ASSERT_TRUE(st) << st.message();
  o = quiet(3);
  snnrt_train_report r;
  ASSERT_EQ(snnrt_train(resumed.c(), &tr, nullptr, &o, &r), SNNRT_OK);
  EXPECT_EQ(r.epochs_done, 3);
  EXPECT_EQ(weights(resumed), weights(straight));
  EXPECT_NE(weights(first), weights(straight));
}

/// Sequences (Inputs/order.mlir): each sample is [8 steps, 2 channels];
/// class c's channel spikes in steps 5 and 6, the other one in steps 0 and
/// 1, so both spike as often and only the layout [steps, batch, N] of the
/// input buffer, filled entry by entry, gives every entry its own sample.
TEST(Train, SequenceSamplesKeepTheirSteps) {
  Network net = loadOrDie("order");
  ASSERT_TRUE(net.init());
  std::vector<float> inputs;
  std::vector<int64_t> labels;
  for (int64_t i = 0; i < 12; ++i) {
    int64_t c = (i * 5 + i / 3) % 2; // no period of the batch
    labels.push_back(c);
    for (int64_t t = 0; t < 8; ++t)
      for (int64_t k = 0; k < 2; ++k) {
        bool late = t == 5 || t == 6, early = t == 0 || t == 1;
        inputs.push_back((k == c && late) || (k != c && early) ? 1.0f : 0.0f);
      }
  }
  snnrt_dataset data = {inputs.data(), labels.data(), 12, 16};
  double acc = 0, loss = 0;
  ASSERT_EQ(snnrt_evaluate(net.c(), &data, nullptr, 0, &loss, &acc), SNNRT_OK)
      << snnrt_last_error();
  EXPECT_EQ(acc, 1.0);
  snnrt_train_options o = quiet(2);
  snnrt_train_report r;
  ASSERT_EQ(snnrt_train(net.c(), &data, &data, &o, &r), SNNRT_OK)
      << snnrt_last_error();
  EXPECT_EQ(r.test_accuracy, 1.0);
  // A sample row that is not [steps, N] is refused, naming the sizes.
  snnrt_dataset wrong = {inputs.data(), labels.data(), 6, 32};
  EXPECT_NE(snnrt_evaluate(net.c(), &wrong, nullptr, 0, &loss, &acc), SNNRT_OK);
  EXPECT_NE(std::string(snnrt_last_error()).find("32 values per batch entry"),
            std::string::npos)
      << snnrt_last_error();
}

TEST(Train, Errors) {
  Network net = loadOrDie("learn");
  ASSERT_TRUE(net.init());
  Halves train(8);
  train.labels[5] = 2;
  snnrt_dataset tr = train.data();
  snnrt_train_options o = quiet(1);
  EXPECT_EQ(snnrt_train(net.c(), &tr, nullptr, &o, nullptr),
            SNNRT_ERR_ARGUMENT);
  EXPECT_NE(std::string(snnrt_last_error())
                .find("sample 5 has label 2, but network @learn has 2 classes"),
            std::string::npos)
      << snnrt_last_error();
  Halves few(3); // not one minibatch of 4
  snnrt_dataset small = few.data();
  EXPECT_EQ(snnrt_train(net.c(), &small, nullptr, &o, nullptr),
            SNNRT_ERR_ARGUMENT);
  Halves ok(8);
  snnrt_dataset good = ok.data();
  good.features = 7; // no input takes 7 values per entry
  EXPECT_EQ(snnrt_train(net.c(), &good, nullptr, &o, nullptr), SNNRT_ERR_NAME);

  // A network without snn.train.
  Network plain = loadOrDie("pair");
  ASSERT_TRUE(plain.init());
  EXPECT_FALSE(snnrt_trains(plain.c()));
  EXPECT_EQ(snnrt_train_step(plain.c()), SNNRT_ERR_STATE);
  EXPECT_NE(std::string(snnrt_last_error()).find("declares no training"),
            std::string::npos);
}

} // namespace

namespace {

/// The squared gradients of the minibatches of `data` in order, summed,
/// each step's weights put back by hand: what snnrt_ewc_consolidate must
/// find, computed without it.
std::vector<double> squaredGradients(Network &net, const Halves &data,
                                     int64_t batches) {
  std::vector<float> ih = *net.read("ih.w"), ho = *net.read("ho.w");
  std::vector<double> sum(ih.size() + ho.size(), 0.0);
  for (int64_t k = 0; k < batches; ++k) {
    std::vector<float> in(data.inputs.begin() + k * 4 * 8,
                          data.inputs.begin() + (k + 1) * 4 * 8);
    std::vector<int64_t> lab(data.labels.begin() + k * 4,
                             data.labels.begin() + (k + 1) * 4);
    EXPECT_EQ(snnrt_reset_roles(net.c(), SNNRT_RESET_STATE), SNNRT_OK);
    EXPECT_TRUE(net.write("in.p", in.data(), {4, 8}));
    EXPECT_TRUE(net.write("train.label", lab.data(), {4}));
    EXPECT_EQ(snnrt_train_step(net.c()), SNNRT_OK);
    std::vector<float> g = *net.read("ih.w.grad"), h = *net.read("ho.w.grad");
    g.insert(g.end(), h.begin(), h.end());
    for (size_t i = 0; i < g.size(); ++i)
      sum[i] += double(g[i]) * double(g[i]);
    EXPECT_TRUE(net.write("ih.w", ih.data(), {8, 6}));
    EXPECT_TRUE(net.write("ho.w", ho.data(), {6, 2}));
  }
  return sum;
}

std::vector<float> both(Network &net, const char *suffix) {
  std::vector<float> a = *net.read(std::string("ih.w") + suffix),
                     b = *net.read(std::string("ho.w") + suffix);
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

} // namespace

// EWC's consolidation: the Fisher diagonal is the batch size times the mean
// squared minibatch gradient (recomputed here step by step), added to the
// decayed old one; the anchor is the weights; weights stay as they were.
TEST(Train, EwcConsolidationEstimatesTheFisherDiagonal) {
  Halves task(24);
  snnrt_dataset d = task.data();
  Network net = loadOrDie("ewc");
  ASSERT_TRUE(net.init());
  std::vector<float> w = both(net, "");
  ASSERT_EQ(snnrt_ewc_consolidate(net.c(), &d, "in.p", 0, 1.0), SNNRT_OK)
      << snnrt_last_error();
  EXPECT_EQ(both(net, ""), w);
  EXPECT_EQ(both(net, ".anchor"), w);
  std::vector<float> f1 = both(net, ".fisher");
  // The same minibatches by hand, from a second network in the same state.
  Network check = loadOrDie("ewc");
  ASSERT_TRUE(check.init());
  std::vector<double> sum = squaredGradients(check, task, 6);
  double largest = 0;
  for (size_t i = 0; i < sum.size(); ++i) {
    EXPECT_NEAR(f1[i], 4.0 * sum[i] / 6.0, 1e-6 + 1e-5 * f1[i]) << i;
    largest = std::max(largest, double(f1[i]));
  }
  EXPECT_GT(largest, 0.0);
  // A second consolidation after training: decayed old plus the new.
  snnrt_train_options o = quiet(1);
  ASSERT_EQ(snnrt_train(net.c(), &d, nullptr, &o, nullptr), SNNRT_OK);
  std::vector<float> trained = both(net, "");
  // (The inputs' random draws follow the step counter: the check starts
  // where this network is.)
  int64_t step = snnrt_step(net.c());
  ASSERT_EQ(snnrt_ewc_consolidate(net.c(), &d, "in.p", 2, 0.5), SNNRT_OK);
  EXPECT_EQ(both(net, ".anchor"), trained);
  EXPECT_EQ(both(net, ""), trained);
  std::vector<float> f2 = both(net, ".fisher");
  Network again = loadOrDie("ewc");
  ASSERT_TRUE(again.init());
  ASSERT_TRUE(again.write("ih.w", trained.data(), {8, 6}));
  ASSERT_TRUE(again.write("ho.w", trained.data() + 48, {6, 2}));
  ASSERT_TRUE(again.write("step", &step, {1}));
  std::vector<double> sum2 = squaredGradients(again, task, 2);
  for (size_t i = 0; i < sum2.size(); ++i)
    EXPECT_NEAR(f2[i], 0.5 * f1[i] + 4.0 * sum2[i] / 2.0,
                1e-6 + 1e-5 * f2[i]) << i;
}

TEST(Train, EwcConsolidationNeedsEwcBuffers) {
  Halves task(8);
  snnrt_dataset d = task.data();
  Network net = loadOrDie("learn");
  ASSERT_TRUE(net.init());
  EXPECT_EQ(snnrt_ewc_consolidate(net.c(), &d, nullptr, 0, 1.0),
            SNNRT_ERR_STATE);
  EXPECT_NE(std::string(snnrt_last_error()).find("has no EWC buffers"),
            std::string::npos);
}
