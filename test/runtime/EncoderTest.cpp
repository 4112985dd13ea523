//===- EncoderTest.cpp - rate and latency encoders ------------------------===//
//
// Rate codes are checked draw for draw against snnrt/Philox.h with the
// counter layout of docs/random.md (encoder domain, stream = FNV-1a of the
// input buffer's name), and statistically; the latency code against its
// closed form and against the compiled prelude @latency source.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "snnrt/Philox.h"

#include <cmath>

using namespace snnrt;
using namespace snnrt::test;

namespace {

float encoderUniform(uint64_t seed, uint32_t i, uint32_t step,
                     const char *name) {
  uint32_t x[4];
  snnrt_draw(seed, i, step, snnrt_fnv1a32(name), SNNRT_DOMAIN_ENCODER, x);
  return snnrt_uniform_f32(x[0]);
}

TEST(Encoder, BernoulliFollowsTheEncoderDomainDraws) {
  std::vector<float> x = {0.0f, 0.25f, 0.5f, 1.0f,  // entry 0
                          0.1f, 0.9f,  0.3f, 0.7f}; // entry 1
  EncoderKey key{{3, 99}, "in.spikes", 7};
  auto out = encodeBernoulli(x, key, 50);
  ASSERT_TRUE(out) << out.message();
  ASSERT_EQ(out->size(), 50u * 2 * 4);
  for (int t = 0; t < 50; ++t)
    for (int b = 0; b < 2; ++b)
      for (int i = 0; i < 4; ++i) {
        float u = encoderUniform(key.seeds[b], i, 7 + t, "in.spikes");
        float want = u < x[b * 4 + i] ? 1.0f : 0.0f;
        ASSERT_EQ((*out)[(t * 2 + b) * 4 + i], want)
            << "t " << t << " b " << b << " i " << i;
      }
  for (int t = 0; t < 50; ++t) {
    EXPECT_EQ((*out)[t * 8 + 0], 0.0f); // p = 0 never fires
    EXPECT_EQ((*out)[t * 8 + 3], 1.0f); // p = 1 always does
  }
}

TEST(Encoder, BernoulliRateAndKeying) {
  std::vector<float> x(1000, 0.3f);
  auto a = encodeBernoulli(x, {{1}, "a"}, 20);
  ASSERT_TRUE(a);
  double mean = 0;
  for (float s : *a)
    mean += s;
  mean /= a->size();
  EXPECT_NEAR(mean, 0.3, 0.015);
  // Same key, same spikes; another seed or stream, other spikes.
  EXPECT_EQ(*encodeBernoulli(x, {{1}, "a"}, 20), *a);
  EXPECT_NE(*encodeBernoulli(x, {{2}, "a"}, 20), *a);
  EXPECT_NE(*encodeBernoulli(x, {{1}, "b"}, 20), *a);
  // first_step continues a train: steps 10..19 of one call are a call from 10.
  auto tail = encodeBernoulli(x, {{1}, "a", 10}, 10);
  ASSERT_TRUE(tail);
  EXPECT_EQ(*tail, std::vector<float>(a->begin() + 10 * 1000, a->end()));
}

TEST(Encoder, PoissonUsesMaxRateAndDt) {
  std::vector<float> x = {1.0f, 0.5f, 0.0f, 0.25f};
  EncoderKey key{{17}, "src.spikes"};
  auto out = encodePoisson(x, key, 200.0f, 0.5f, 400);
  ASSERT_TRUE(out) << out.message();
  for (int t = 0; t < 400; ++t)
    for (int i = 0; i < 4; ++i) {
      float p = (x[i] * 200.0f) * 0.5f * 1.0e-3f;
      float want = encoderUniform(17, i, t, "src.spikes") < p ? 1.0f : 0.0f;
      ASSERT_EQ((*out)[t * 4 + i], want) << "t " << t << " i " << i;
    }
  // Intensity 1 at 200 Hz for 400 steps of 0.5 ms: about 40 spikes.
  int spikes = 0;
  for (int t = 0; t < 400; ++t)
    spikes += (*out)[t * 4] > 0.5f;
  EXPECT_GT(spikes, 20);
  EXPECT_LT(spikes, 60);
  // p = 2 (2000 Hz at 1 ms) saturates: a spike every step.
  auto sat = encodePoisson({1.0f}, {{1}, "s"}, 2000.0f, 1.0f, 30);
  ASSERT_TRUE(sat);
  EXPECT_EQ(*sat, std::vector<float>(30, 1.0f));
}

TEST(Encoder, LatencyFiresOnceAtTheRoundedTime) {
  // t_max 10 ms, dt 1 ms: step round(10 (1 - x)).
  std::vector<float> x = {1.0f, 0.5f, 0.04f, 0.0f, 0.72f, 0.96f};
  auto out = encodeLatency(x, 1, 10.0f, 0.05f, 1.0f, 12);
  ASSERT_TRUE(out) << out.message();
  std::vector<int> first(6, -1), count(6, 0);
  for (int t = 0; t < 12; ++t)
    for (int i = 0; i < 6; ++i)
      if ((*out)[t * 6 + i] > 0.5f) {
        if (first[i] < 0)
          first[i] = t;
        ++count[i];
      }
  EXPECT_EQ(first, (std::vector<int>{0, 5, -1, -1, 3, 0}));
  for (int i = 0; i < 6; ++i)
    EXPECT_LE(count[i], 1);
  // Past the window: nothing.
  auto shortWindow = encodeLatency({0.5f}, 1, 10.0f, 0.0f, 1.0f, 5);
  ASSERT_TRUE(shortWindow);
  EXPECT_EQ(*shortWindow, std::vector<float>(5, 0.0f));
}

TEST(Encoder, LatencyMatchesThePreludeLatencySource) {
  auto loaded = Network::load(netLib("lat"));
  ASSERT_TRUE(loaded) << loaded.message();
  Network &net = *loaded;
  std::vector<float> x = {1.0f, 0.5f, 0.04f, 0.33f, 0.72f, 0.96f};
  ASSERT_TRUE(net.init());
  ASSERT_TRUE(net.setInput("src.value", x));
  ASSERT_TRUE(net.run(12));
  auto spk = net.monitor("spk");
  ASSERT_TRUE(spk) << spk.message();
  auto out = encodeLatency(x, 1, 10.0f, 0.05f, 1.0f, 12);
  ASSERT_TRUE(out) << out.message();
  EXPECT_EQ(std::vector<float>(spk->data, spk->data + spk->size()), *out);
}

TEST(Encoder, BadArgumentsAreErrors) {
  auto range = encodeBernoulli({0.5f, 1.5f}, {{1}, "x"}, 3);
  ASSERT_FALSE(range);
  EXPECT_EQ(range.status().code(), SNNRT_ERR_ARGUMENT);
  EXPECT_TRUE(mentions(range.message(), "intensity[1]")) << range.message();
  auto nan = encodePoisson({NAN}, {{1}, "x"}, 10.0f, 1.0f, 3);
  EXPECT_FALSE(nan);
  auto dt = encodePoisson({0.5f}, {{1}, "x"}, 10.0f, 0.0f, 3);
  ASSERT_FALSE(dt);
  EXPECT_TRUE(mentions(dt.message(), "dt")) << dt.message();
  auto split = encodeBernoulli({0.5f, 0.5f, 0.5f}, {{1, 2}, "x"}, 3);
  EXPECT_EQ(split.status().code(), SNNRT_ERR_SHAPE);
  float out[4];
  float in = 0.5f;
  uint64_t seed = 1;
  EXPECT_EQ(snnrt_encode_bernoulli(&in, 1, 1, &seed, nullptr, 0, 4, out),
            SNNRT_ERR_ARGUMENT);
  EXPECT_TRUE(mentions(snnrt_last_error(), "stream")) << snnrt_last_error();
}

TEST(Encoder, BernoulliTrainDrivesASpikeArrayInput) {
  // An encoded train fed step by step into the drive network's spike-array
  // source: with weight 10 the neuron fires the step after each source spike.
  auto loaded = Network::load(netLib("drive"));
  ASSERT_TRUE(loaded) << loaded.message();
  Network &net = *loaded;
  ASSERT_TRUE(net.init());
  float w = 10.0f;
  ASSERT_TRUE(net.write("p.w", &w, {1}));
  auto train = encodeBernoulli({0.2f}, {net.seeds(), "src.spikes"}, 60);
  ASSERT_TRUE(train) << train.message();
  Status st = net.runSequence("src.spikes", *train, 60);
  ASSERT_TRUE(st) << st.message();
  auto spk = net.monitor("spk");
  ASSERT_TRUE(spk);
  int checked = 0;
  for (int t = 0; t + 1 < 60; ++t)
    if ((*train)[t] > 0.5f) {
      EXPECT_EQ(spk->at(t + 1, 0, 0), 1.0f) << "source spike at " << t;
      ++checked;
    }
  EXPECT_GT(checked, 3);
}

} // namespace
