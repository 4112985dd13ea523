//===- PhiloxTest.cpp - snnc's random number scheme -----------------------===//
//
// Philox outputs are checked against values computed by an independent
// implementation (randomgen, below), FNV-1a against its published test
// values, and the conversions against their endpoints and moments.
//
//===----------------------------------------------------------------------===//

#include "snnrt/Philox.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

extern "C" uint32_t snnrt_test_philox_from_c(uint64_t seed, const char *stream,
                                             uint32_t out[4]);

namespace {

struct PhiloxVector {
  uint32_t ctr[4];
  uint32_t key[2];
  uint32_t expected[4];
};

// Expected outputs come from randomgen 2.5.1 (numpy 2.4.6),
// randomgen.Philox(number=4, width=32), not from this header. randomgen
// increments its 128-bit counter (word 0 least significant) before each
// block, so its state was set to counter - 1 with buffer_pos = 4, one block
// drawn with random_raw(4), and the state read back to confirm that the
// counter encrypted was the one listed here. The first three rows are the
// Philox4x32-10 rows of Random123's kat_vectors and agree with them.
const PhiloxVector kVectors[] = {
    {{0x00000000, 0x00000000, 0x00000000, 0x00000000},
     {0x00000000, 0x00000000},
     {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    // An snnc-shaped counter: index 7, step 3, stream 0x12345678, init
    // domain; seed 42.
    {{0x00000007, 0x00000003, 0x12345678, 0x00000001},
     {0x0000002a, 0x00000000},
     {0x49253ad1, 0x5ffd6265, 0x100bc715, 0x979bd6e0}},
};

TEST(PhiloxTest, KnownAnswers) {
  for (const PhiloxVector &v : kVectors) {
    uint32_t out[4];
    snnrt_philox4x32_10(v.ctr, v.key, out);
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(out[i], v.expected[i])
          << "word " << i << " for counter " << std::hex << v.ctr[0] << " "
          << v.ctr[1] << " " << v.ctr[2] << " " << v.ctr[3];
  }
}

TEST(PhiloxTest, DrawLaysOutKeyAndCounter) {
  // randomgen as above, key (0x9abcdef0, 0x12345678) = the seed's low word
  // first, counter (5, 2, 0xdeadbeef, 3).
  uint32_t out[4];
  snnrt_draw(0x123456789abcdef0ull, 5, 2, 0xdeadbeef, SNNRT_DOMAIN_ENCODER,
             out);
  EXPECT_EQ(out[0], 0xf77995e6u);
  EXPECT_EQ(out[1], 0x85d98095u);
  EXPECT_EQ(out[2], 0x5e36a657u);
  EXPECT_EQ(out[3], 0xf77bf2d0u);
}

TEST(PhiloxTest, DomainConstants) {
  EXPECT_EQ(SNNRT_DOMAIN_RUN, 0);
  EXPECT_EQ(SNNRT_DOMAIN_INIT, 1);
  EXPECT_EQ(SNNRT_DOMAIN_CONNECT, 2);
  EXPECT_EQ(SNNRT_DOMAIN_ENCODER, 3);
}

TEST(PhiloxTest, Fnv1aStandardValues) {
  EXPECT_EQ(snnrt_fnv1a32(""), 0x811c9dc5u);
  EXPECT_EQ(snnrt_fnv1a32("a"), 0xe40c292cu);
  EXPECT_EQ(snnrt_fnv1a32("foobar"), 0xbf9cf968u);
  EXPECT_EQ(snnrt_fnv1a32_n("", 0), 0x811c9dc5u);
  EXPECT_EQ(snnrt_fnv1a32_n("abc", 1), 0xe40c292cu);
  EXPECT_EQ(snnrt_fnv1a32_n("foobar!", 6), 0xbf9cf968u);
}

TEST(PhiloxTest, CompilesAsCAndAgrees) {
  uint32_t fromC[4], fromCxx[4];
  uint32_t prefix = snnrt_test_philox_from_c(99, "exc/v", fromC);
  snnrt_draw(99, 1, 2, snnrt_fnv1a32("exc/v"), SNNRT_DOMAIN_INIT, fromCxx);
  EXPECT_EQ(prefix, snnrt_fnv1a32("exc"));
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(fromC[i], fromCxx[i]) << "word " << i;
}

TEST(PhiloxTest, UniformEndpoints) {
  EXPECT_EQ(snnrt_uniform_f32(0), 0.0f);
  EXPECT_EQ(snnrt_uniform_f32(0xff), 0.0f); // the low 8 bits are dropped
  EXPECT_EQ(snnrt_uniform_f32(0xffffffffu), std::nextafter(1.0f, 0.0f));
  EXPECT_EQ(snnrt_uniform_f32(0x80000000u), 0.5f);
}

TEST(PhiloxTest, NormalEndpoints) {
  // u1 = 1 gives exactly zero; u1 = 2^-24, u2 = 0 gives the largest value,
  // sqrt(48 ln 2).
  EXPECT_EQ(snnrt_normal_f32(0xffffffffu, 0), 0.0f);
  EXPECT_NEAR(snnrt_normal_f32(0, 0), std::sqrt(48.0 * std::log(2.0)), 1e-5);
}

TEST(PhiloxTest, NormalMoments) {
  const int n = 100000;
  const uint32_t stream = snnrt_fnv1a32("pop/v/0");
  double sum = 0, sumSq = 0;
  for (int i = 0; i < n; ++i) {
    uint32_t out[4];
    snnrt_draw(1234, i, 0, stream, SNNRT_DOMAIN_RUN, out);
    float z = snnrt_normal_f32(out[0], out[1]);
    ASSERT_TRUE(std::isfinite(z)) << "draw " << i;
    sum += z;
    sumSq += double(z) * z;
  }
  double mean = sum / n;
  double sd = std::sqrt(sumSq / n - mean * mean);
  EXPECT_NEAR(mean, 0.0, 0.02);
  EXPECT_NEAR(sd, 1.0, 0.02);
}

TEST(PhiloxTest, UniformIntCoversRangeInclusive) {
  const int64_t lo = -3, hi = 4;
  std::vector<int> seen(hi - lo + 1, 0);
  const uint32_t stream = snnrt_fnv1a32("proj/delay");
  for (uint32_t i = 0; i < 10000; ++i) {
    uint32_t out[4];
    snnrt_draw(7, i, 0, stream, SNNRT_DOMAIN_INIT, out);
    int64_t v = snnrt_uniform_int(out[0], lo, hi);
    ASSERT_GE(v, lo);
    ASSERT_LE(v, hi);
    ++seen[v - lo];
  }
  for (int64_t v = lo; v <= hi; ++v)
    EXPECT_GT(seen[v - lo], 0) << "value " << v << " never drawn";

  // The extreme words land on the ends, including for a one-value range and
  // the widest range, whose size does not fit in int64_t.
  EXPECT_EQ(snnrt_uniform_int(0, lo, hi), lo);
  EXPECT_EQ(snnrt_uniform_int(0xffffffffu, lo, hi), hi);
  EXPECT_EQ(snnrt_uniform_int(0xffffffffu, 5, 5), 5);
  const int64_t min = std::numeric_limits<int64_t>::min();
  const int64_t max = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(snnrt_uniform_int(0, min, max), min);
  int64_t top = snnrt_uniform_int(0xffffffffu, min, max);
  EXPECT_GT(top, max - (int64_t(1) << 33));
  EXPECT_LE(top, max);
}

} // namespace
