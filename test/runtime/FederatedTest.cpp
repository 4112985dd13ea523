//===- FederatedTest.cpp - aggregating federated clients' updates ---------===//
//
// snnrt_fed_average, snnrt_fed_sign_vote, snnrt_fed_bit_vote and secure
// summation, against values worked out by hand: the masks of secure
// summation cancel exactly (the aggregator's sum is the sum of the
// quantised updates, to the integer), while each masked vector alone
// shows nothing of its update.
//
//===----------------------------------------------------------------------===//

#include "snnrt/snnrt.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace {

TEST(Federated, WeightedAverage) {
  std::vector<float> a = {1, 2, -3}, b = {3, 0, 1}, c = {0, 4, 5};
  const float *u[] = {a.data(), b.data(), c.data()};
  double w[] = {1, 3, 0}; // the third client counts for nothing
  float out[3];
  ASSERT_EQ(snnrt_fed_average(u, w, 3, 3, out), SNNRT_OK);
  EXPECT_FLOAT_EQ(out[0], 2.5f);  // (1 + 9) / 4
  EXPECT_FLOAT_EQ(out[1], 0.5f);  // (2 + 0) / 4
  EXPECT_FLOAT_EQ(out[2], 0.0f);  // (-3 + 3) / 4
  double none[] = {0, 0, 0};
  EXPECT_EQ(snnrt_fed_average(u, none, 3, 3, out), SNNRT_ERR_ARGUMENT);
  double negative[] = {1, -1, 1};
  EXPECT_EQ(snnrt_fed_average(u, negative, 3, 3, out), SNNRT_ERR_ARGUMENT);
  EXPECT_NE(std::string(snnrt_last_error()).find("client 1"),
            std::string::npos);
}

TEST(Federated, MajorityVoteOverSigns) {
  std::vector<float> a = {0.5f, -1, 2, 0}, b = {0.1f, -2, -3, 0},
                     c = {-4, 3, 0, 0};
  const float *u[] = {a.data(), b.data(), c.data()};
  float out[4];
  ASSERT_EQ(snnrt_fed_sign_vote(u, 3, 4, 0.01f, out), SNNRT_OK);
  EXPECT_EQ(out[0], 0.01f);  // + + -
  EXPECT_EQ(out[1], -0.01f); // - - +
  EXPECT_EQ(out[2], 0.0f);   // + - 0: a tie
  EXPECT_EQ(out[3], 0.0f);   // no votes
}

TEST(Federated, MajorityVoteOverSpikeBitstreams) {
  std::vector<uint8_t> a = {1, 1, 0, 0}, b = {1, 0, 1, 0}, c = {0, 1, 1, 0},
                       d = {1, 0, 0, 1};
  const uint8_t *bits[] = {a.data(), b.data(), c.data(), d.data()};
  uint8_t out[4];
  ASSERT_EQ(snnrt_fed_bit_vote(bits, 4, 4, out), SNNRT_OK);
  // 3 of 4, 2 of 4 (no majority), 2 of 4, 1 of 4.
  EXPECT_EQ(std::vector<uint8_t>(out, out + 4),
            (std::vector<uint8_t>{1, 0, 0, 0}));
}

TEST(Federated, SecureSumMasksCancelExactly) {
  const int64_t clients = 5, n = 1000;
  const double scale = 1 << 16;
  // Pairwise secrets: symmetric, one per pair.
  std::vector<std::vector<uint64_t>> secrets(clients,
                                             std::vector<uint64_t>(clients));
  for (int64_t c = 0; c < clients; ++c)
    for (int64_t d = 0; d < clients; ++d)
      secrets[c][d] = 0x1234567ull * uint64_t(std::min(c, d) + 1) +
                      0xABCDEFull * uint64_t(std::max(c, d) + 7);
  std::vector<std::vector<float>> updates(clients, std::vector<float>(n));
  std::vector<std::vector<uint32_t>> masked(clients,
                                            std::vector<uint32_t>(n));
  for (int64_t c = 0; c < clients; ++c) {
    for (int64_t i = 0; i < n; ++i)
      updates[c][i] = float(std::sin(0.37 * double(i * (c + 1))) * 3.0);
    ASSERT_EQ(snnrt_secure_mask(c, clients, secrets[c].data(),
                                updates[c].data(), n, scale,
                                masked[c].data()),
              SNNRT_OK)
        << snnrt_last_error();
  }
  // What the aggregator sees of one client is not its update: nearly every
  // masked value differs from the quantised one.
  int64_t same = 0;
  for (int64_t i = 0; i < n; ++i)
    same += masked[2][i] ==
            uint32_t(int32_t(std::nearbyint(double(updates[2][i]) * scale)));
  EXPECT_LT(same, 3);
  // The sum: exactly that of the quantised updates.
  std::vector<const uint32_t *> parts;
  for (auto &m : masked)
    parts.push_back(m.data());
  std::vector<float> sum(n);
  ASSERT_EQ(snnrt_secure_sum(parts.data(), clients, n, scale, sum.data()),
            SNNRT_OK);
  for (int64_t i = 0; i < n; ++i) {
    int64_t q = 0;
    for (int64_t c = 0; c < clients; ++c)
      q += int64_t(std::nearbyint(double(updates[c][i]) * scale));
    ASSERT_EQ(sum[i], float(double(q) / scale)) << i;
  }
}

TEST(Federated, SecureMaskErrors) {
  uint64_t secrets[2] = {1, 2};
  float big[1] = {1e6f};
  uint32_t out[1];
  EXPECT_EQ(snnrt_secure_mask(0, 2, secrets, big, 1, 65536.0, out),
            SNNRT_ERR_ARGUMENT);
  EXPECT_NE(std::string(snnrt_last_error()).find("does not fit"),
            std::string::npos);
  float ok[1] = {0.5f};
  EXPECT_EQ(snnrt_secure_mask(2, 2, secrets, ok, 1, 65536.0, out),
            SNNRT_ERR_ARGUMENT);
  EXPECT_EQ(snnrt_secure_mask(0, 2, secrets, ok, 1, 0.0, out),
            SNNRT_ERR_ARGUMENT);
}

} // namespace
