//===- MetaTest.cpp - snapshots and Reptile's outer step ------------------===//
//
// snnrt_snapshot_* and snnrt_reptile_update on Inputs/evo.mlir's weights.
// Reptile is checked exactly on a quadratic toy whose inner loop is known in
// closed form: k gradient steps of rate a on L(w) = |w - c|^2 / 2 take w0
// to c + (1 - a)^k (w0 - c), so the outer step must give
// w0 + eps (1 - (1 - a)^k) (c - w0); over tasks with centres c1 and c2 the
// meta-weights settle where the two pulls balance, the midpoint.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <cmath>

using namespace snnrt;
using namespace snnrt::test;

namespace {

const char *kBuffers[] = {"w.w", "d.w", "shared.w"};

std::vector<float> all(Network &net) {
  std::vector<float> v;
  for (const char *b : kBuffers) {
    std::vector<float> x = *net.read(b);
    v.insert(v.end(), x.begin(), x.end());
  }
  return v;
}

/// Writes `v` (all weights, in kBuffers' order) into the network.
void setAll(Network &net, const std::vector<float> &v) {
  const std::vector<int64_t> shapes[] = {{8, 6, 4}, {8, 4}, {6, 4}};
  size_t at = 0;
  for (int k = 0; k < 3; ++k) {
    int64_t n = 1;
    for (int64_t d : shapes[k])
      n *= d;
    ASSERT_TRUE(net.write(kBuffers[k], v.data() + at, shapes[k]));
    at += size_t(n);
  }
}

/// The toy's inner loop, done through the network's buffers: k steps of
/// w <- w - a (w - c).
void innerLoop(Network &net, const std::vector<float> &c, double a, int k) {
  std::vector<float> w = all(net);
  for (int s = 0; s < k; ++s)
    for (size_t i = 0; i < w.size(); ++i)
      w[i] = float(w[i] - a * (w[i] - c[i]));
  setAll(net, w);
}

Network ready() {
  Network net = loadOrDie("evo");
  EXPECT_TRUE(net.init());
  return net;
}

TEST(Meta, ASnapshotRestoresTheWeights) {
  Network net = ready();
  std::vector<float> before = all(net);
  snnrt_snapshot *snap = nullptr;
  ASSERT_EQ(snnrt_snapshot_take(net.c(), SNNRT_RESET_WEIGHTS, &snap), SNNRT_OK)
      << snnrt_last_error();
  setAll(net, std::vector<float>(before.size(), 0.25f));
  ASSERT_NE(all(net), before);
  ASSERT_EQ(snnrt_snapshot_restore(net.c(), snap), SNNRT_OK);
  EXPECT_EQ(all(net), before);
  snnrt_snapshot_free(snap);
}

TEST(Meta, ReptileStepIsExactOnAQuadraticToy) {
  Network net = ready();
  std::vector<float> w0 = all(net), c(w0.size());
  for (size_t i = 0; i < c.size(); ++i)
    c[i] = float(std::sin(0.7 * double(i)));
  snnrt_snapshot *meta = nullptr;
  ASSERT_EQ(snnrt_snapshot_take(net.c(), SNNRT_RESET_WEIGHTS, &meta), SNNRT_OK);
  const double a = 0.3, eps = 0.5;
  const int k = 5;
  innerLoop(net, c, a, k);
  ASSERT_EQ(snnrt_reptile_update(net.c(), meta, eps), SNNRT_OK);
  std::vector<float> got = all(net);
  double shrink = 1.0 - std::pow(1.0 - a, k);
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_NEAR(got[i], w0[i] + eps * shrink * (c[i] - w0[i]), 2e-6) << i;
  snnrt_snapshot_free(meta);
}

TEST(Meta, ReptileSettlesBetweenTwoTasks) {
  Network net = ready();
  size_t n = all(net).size();
  std::vector<float> c1(n, 1.0f), c2(n, -0.5f);
  snnrt_snapshot *meta = nullptr;
  ASSERT_EQ(snnrt_snapshot_take(net.c(), SNNRT_RESET_WEIGHTS, &meta), SNNRT_OK);
  for (int it = 0; it < 200; ++it) {
    innerLoop(net, it % 2 ? c2 : c1, 0.2, 3);
    ASSERT_EQ(snnrt_reptile_update(net.c(), meta, 0.1), SNNRT_OK);
  }
  // The fixed point of alternating pulls of equal strength lies within one
  // pull of the midpoint 0.25: eps (1 - 0.8^3) * 1.5 / (2 - ...) < 0.04.
  for (float v : all(net))
    EXPECT_NEAR(v, 0.25f, 0.04f);
  snnrt_snapshot_free(meta);
}

// An optimiser's state in a snapshot: Adam's moments (float32) and its
// step count (int64) both come back (Inputs/learn.mlir trains with Adam).
TEST(Meta, ASnapshotRestoresTheOptimiser) {
  Network net = loadOrDie("learn");
  ASSERT_TRUE(net.init());
  auto stepCount = [&] {
    const void *data;
    EXPECT_EQ(snnrt_read_buffer(net.c(), "train.adam_t", &data, nullptr),
              SNNRT_OK);
    return *static_cast<const int64_t *>(data);
  };
  snnrt_snapshot *snap = nullptr;
  ASSERT_EQ(snnrt_snapshot_take(net.c(),
                                SNNRT_RESET_WEIGHTS | SNNRT_SNAPSHOT_OPTIMIZER,
                                &snap),
            SNNRT_OK);
  std::vector<float> w = *net.read("ih.w"), m = *net.read("ih.w.adam_m");
  int64_t t = stepCount();
  ASSERT_EQ(snnrt_train_step(net.c()), SNNRT_OK);
  ASSERT_EQ(stepCount(), t + 1);
  ASSERT_EQ(snnrt_snapshot_restore(net.c(), snap), SNNRT_OK);
  EXPECT_EQ(stepCount(), t);
  EXPECT_EQ(*net.read("ih.w"), w);
  EXPECT_EQ(*net.read("ih.w.adam_m"), m);
  snnrt_snapshot_free(snap);
}

TEST(Meta, Errors) {
  Network net = ready(), other = ready();
  snnrt_snapshot *snap = nullptr;
  EXPECT_EQ(snnrt_snapshot_take(net.c(), 0, &snap), SNNRT_ERR_ARGUMENT);
  ASSERT_EQ(snnrt_snapshot_take(net.c(), SNNRT_RESET_WEIGHTS, &snap), SNNRT_OK);
  EXPECT_EQ(snnrt_reptile_update(net.c(), snap, 0.0), SNNRT_ERR_ARGUMENT);
  EXPECT_EQ(snnrt_reptile_update(net.c(), snap, 1.5), SNNRT_ERR_ARGUMENT);
  EXPECT_EQ(snnrt_snapshot_restore(other.c(), snap), SNNRT_ERR_ARGUMENT);
  EXPECT_NE(std::string(snnrt_last_error()).find("another network"),
            std::string::npos);
  snnrt_snapshot_free(snap);
}

} // namespace
