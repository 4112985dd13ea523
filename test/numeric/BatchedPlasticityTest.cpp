//===- BatchedPlasticityTest.cpp - plasticity with a batch ----------------===//
//
// With a batch, every entry keeps its own rule state and computes its
// weight changes from the weight at the start of the step; the changes are
// reduced (sum or mean, `reduction` on the projection) into the shared
// weights at the end of the step (docs/plasticity.md). Checked against the
// batch-1 network, itself checked against the reference simulator
// (PlasticityVsReferenceTest): two identical entries average to one entry,
// and an entry with no input changes nothing (sum) or halves every change
// (mean).
//
//===----------------------------------------------------------------------===//

#include "test/numeric/Harness.h"

using namespace snn::numeric;

namespace {

const int64_t kIn = 6, kOut = 3, kSteps = 300;
const uint64_t kSeed = 11;
const std::vector<double> kRates = {80.0, 120.0, 60.0, 150.0, 100.0, 90.0};

/// The weights after every step of a network of `batch` entries: Poisson
/// inputs (entry e at rates * scale[e], seed seeds[e]) into LIF neurons
/// through a plastic dense projection.
std::vector<float> weights(int64_t batch, const std::string &rule,
                           const std::string &params,
                           const std::string &reduction,
                           const std::vector<uint64_t> &seeds,
                           const std::vector<double> &scale) {
  std::string source = llvm::formatv(R"(snn.network @net dt 1.0 batch {0} {{
  snn.population @in {1} model @poisson
  snn.population @pop {2} model @lif {{tau_m = 10.0, r = 15.0}
  snn.modulator @reward
  snn.projection @p @in -> @pop connect #snn.dense weight 0.4 plasticity @{3} {{{4}} {5}
  snn.monitor @p_w "w" of @p
})",
                                     batch, kIn, kOut, rule, params,
                                     reduction.empty() ? "" : "reduction \"" + reduction + "\"")
                           .str();
  auto jit = compileOrFail(source);
  if (!jit)
    return {};
  EXPECT_FALSE(bool(jit->init(seeds)));
  auto rate = jit->f32("in.rate");
  auto reward = jit->f32("reward");
  EXPECT_TRUE(bool(rate) && bool(reward));
  for (int64_t e = 0; e < batch; ++e) {
    for (int64_t i = 0; i < kIn; ++i)
      (**rate)[e * kIn + i] = static_cast<float>(kRates[i] * scale[e]);
    (**reward)[e] = 0.5f;
  }
  EXPECT_FALSE(bool(jit->run(kSteps)));
  auto w = jit->f32("p_w");
  EXPECT_TRUE(bool(w));
  return **w;
}

void expectSame(const std::vector<float> &got, const std::vector<float> &want,
                double tol) {
  ASSERT_EQ(got.size(), want.size());
  ASSERT_EQ(got.size(), size_t(kSteps * kIn * kOut));
  double moved = 0;
  for (size_t s = 0; s < got.size(); ++s) {
    ASSERT_NEAR(got[s], want[s], tol)
        << "synapse " << s % (kIn * kOut) << " after step " << s / (kIn * kOut);
    moved = std::max(moved, std::fabs(want[s] - 0.4));
  }
  EXPECT_GT(moved, 0.01) << "the weights should have moved";
}

const char *kPostPre = "nu_pre = 0.01, nu_post = 0.03, w_min = 0.2, w_max = 0.7";

TEST(BatchedPlasticity, TwoIdenticalEntriesAverageToOne) {
  std::vector<float> one =
      weights(1, "postpre", kPostPre, "", {kSeed}, {1.0});
  std::vector<float> two =
      weights(2, "postpre", kPostPre, "mean", {kSeed, kSeed}, {1.0, 1.0});
  expectSame(two, one, 1e-6);
}

TEST(BatchedPlasticity, AQuietEntryAddsNothingToTheSum) {
  std::vector<float> one =
      weights(1, "postpre", kPostPre, "", {kSeed}, {1.0});
  std::vector<float> sum =
      weights(2, "postpre", kPostPre, "sum", {kSeed, kSeed + 1}, {1.0, 0.0});
  expectSame(sum, one, 1e-6);
}

TEST(BatchedPlasticity, AQuietEntryHalvesTheMean) {
  // The mean of one entry's change and nothing is half of it: the batch-1
  // network with halved rates of change (PostPre is linear in nu).
  std::vector<float> half = weights(
      1, "postpre", "nu_pre = 0.005, nu_post = 0.015, w_min = 0.2, w_max = 0.7",
      "", {kSeed}, {1.0});
  std::vector<float> mean =
      weights(2, "postpre", kPostPre, "mean", {kSeed, kSeed + 1}, {1.0, 0.0});
  expectSame(mean, half, 1e-6);
}

TEST(BatchedPlasticity, EligibilityPerEntry) {
  // MSTDPET keeps an eligibility trace per synapse and entry: two
  // identical entries average to one, a quiet one adds nothing.
  const char *params = "nu = 0.05, w_min = 0.0, w_max = 1.0";
  std::vector<float> one = weights(1, "mstdpet", params, "", {kSeed}, {1.0});
  expectSame(weights(2, "mstdpet", params, "mean", {kSeed, kSeed}, {1.0, 1.0}),
             one, 1e-6);
  expectSame(weights(2, "mstdpet", params, "sum", {kSeed, kSeed + 1}, {1.0, 0.0}),
             one, 1e-6);
}

} // namespace

namespace {

/// A shared kernel: a conv1d projection over 4 inputs with a kernel of 3
/// has 2 positions, whose changes to the kernel add up (docs/plasticity.md)
/// exactly as two batch entries' changes to a dense 3 -> 1 projection do
/// (reduction "sum") when entry e sees window e's spikes. Spikes are given
/// step by step (pre and post), so both networks see the same traces.
TEST(SharedKernelPlasticity, PositionsAddUpLikeBatchEntries) {
  const int64_t steps = 300;
  const char *replay = R"(snn.neuron_model @replay inputs ["i_syn"] external ["spikes"] {
  threshold {
    %s = snn.get "spikes" : f32
    %half = arith.constant 0.5 : f32
    %m = arith.subf %s, %half : f32
    snn.yield %m : f32
  }
}
)";
  const char *rule = "plasticity @postpre {nu_pre = 0.05, nu_post = 0.1, "
                     "w_min = 0.0, w_max = 1.0}";
  auto conv = compileOrFail(
      std::string(replay) +
      llvm::formatv(R"(snn.network @conv dt 1.0 {{
  snn.population @pre [1, 4] model @spike_source
  snn.population @post [1, 2] model @replay
  snn.projection @p @pre -> @post connect #snn.conv1d<in_channels = 1, out_channels = 1, kernel = 3>
      weight dense<[[[0.3, 0.5, 0.7]]]> : tensor<1x1x3xf32> {0}
  snn.monitor @p_w "w" of @p
})",
                    rule)
          .str());
  auto batched = compileOrFail(
      std::string(replay) +
      llvm::formatv(R"(snn.network @dense dt 1.0 batch 2 {{
  snn.population @pre 3 model @spike_source
  snn.population @post 1 model @replay
  snn.projection @p @pre -> @post connect #snn.dense
      weight dense<[[0.3], [0.5], [0.7]]> : tensor<3x1xf32> {0} reduction "sum"
  snn.monitor @p_w "w" of @p
})",
                    rule)
          .str());
  ASSERT_TRUE(conv && batched);
  ASSERT_FALSE(bool(conv->init({1})));
  ASSERT_FALSE(bool(batched->init({1, 1})));
  auto convPre = conv->f32("pre.spikes"), convPost = conv->f32("post.spikes");
  auto densePre = batched->f32("pre.spikes"),
       densePost = batched->f32("post.spikes");
  ASSERT_TRUE(convPre && convPost && densePre && densePost);
  uint64_t state = 12345;
  auto bit = [&](double p) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 11) * 0x1.0p-53 < p ? 1.0f : 0.0f;
  };
  double moved = 0;
  bool hitBound = false;
  for (int64_t t = 0; t < steps; ++t) {
    float in[4], out[2];
    for (float &s : in)
      s = bit(0.15);
    for (float &s : out)
      s = bit(0.1);
    for (int i = 0; i < 4; ++i)
      (**convPre)[i] = in[i];
    for (int e = 0; e < 2; ++e) {
      (**convPost)[e] = out[e];
      (**densePost)[e] = out[e];
      for (int m = 0; m < 3; ++m)
        (**densePre)[e * 3 + m] = in[e + m];
    }
    ASSERT_FALSE(bool(conv->run(1)));
    ASSERT_FALSE(bool(batched->run(1)));
    auto wc = conv->f32("p_w"), wd = batched->f32("p_w");
    ASSERT_TRUE(wc && wd);
    ASSERT_EQ((*wc)->size(), 3u);
    ASSERT_EQ((*wd)->size(), 3u);
    for (int m = 0; m < 3; ++m) {
      ASSERT_NEAR((**wc)[m], (**wd)[m], 1e-6) << "kernel " << m << " step " << t;
      moved = std::max(moved, std::fabs((**wc)[m] - (m == 0 ? 0.3 : m == 1 ? 0.5 : 0.7)));
      hitBound |= (**wc)[m] == 0.0f || (**wc)[m] == 1.0f;
    }
  }
  EXPECT_GT(moved, 0.05);
  EXPECT_TRUE(hitBound) << "the bounds should have been reached";
}

} // namespace
