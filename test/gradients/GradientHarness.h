//===- GradientHarness.h - checking generated gradients --------*- C++ -*-===//
//
// Compiles a network that declares `snn.train`, computes its gradients with
// `<net>_train_step` (the `<w>.grad` buffers), and compares them with
// central finite differences of the loss `<net>_forward` computes, from the
// same initial state and the same random inputs (the step counter, which
// keys the Poisson draws, is set back to 0 before every evaluation).
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TEST_GRADIENTS_GRADIENTHARNESS_H
#define SNN_TEST_GRADIENTS_GRADIENTHARNESS_H

#include "compiler/Target/JitNetwork.h"

#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace snn::gradients {

using mlir::snn::JitNetwork;

/// A network and what it is given: Poisson rates (one input buffer, the
/// same for every batch entry), labels or a target.
struct Problem {
  std::string source;
  std::pair<std::string, std::vector<float>> rates;
  std::vector<int64_t> labels;  // train.label, one per batch entry
  std::vector<float> target;    // train.target, if the loss needs one
  uint64_t seed = 7;
};

inline std::unique_ptr<JitNetwork>
compileTraining(const std::string &source,
                mlir::snn::JitOptions options = {}) {
  auto jit = JitNetwork::compile(source, "", "<network>", options);
  if (!jit) {
    ADD_FAILURE() << llvm::toString(jit.takeError());
    return nullptr;
  }
  return std::move(*jit);
}

/// Sets the inputs, resets the state and the step counter.
inline void prepare(JitNetwork &jit, const Problem &p) {
  ASSERT_FALSE(bool(jit.reset(1)));
  (**jit.i64("step"))[0] = 0;
  std::vector<float> &rates = **jit.f32(p.rates.first);
  for (size_t i = 0; i < rates.size(); ++i)
    rates[i] = p.rates.second[i % p.rates.second.size()];
  if (!p.labels.empty())
    **jit.i64("train.label") = p.labels;
  if (!p.target.empty())
    **jit.f32("train.target") = p.target;
}

inline double lossOf(JitNetwork &jit, const Problem &p) {
  prepare(jit, p);
  EXPECT_FALSE(bool(jit.forward()));
  return (**jit.f32("train.loss"))[0];
}

/// The gradients train_step computes for `weights`, from the initial
/// weights (which it leaves as they were).
inline std::map<std::string, std::vector<float>>
generatedGradients(JitNetwork &jit, const Problem &p,
                   const std::vector<std::string> &weights) {
  std::map<std::string, std::vector<float>> saved, grads;
  for (const std::string &w : weights)
    saved[w] = **jit.f32(w);
  prepare(jit, p);
  EXPECT_FALSE(bool(jit.trainStep()));
  for (const std::string &w : weights) {
    grads[w] = **jit.f32(w + ".grad");
    **jit.f32(w) = saved[w];
  }
  return grads;
}

inline void checkAgainstFiniteDifferences(
    const Problem &p, const std::vector<std::string> &weights,
    double eps = 1e-2) {
  auto jit = compileTraining(p.source);
  ASSERT_TRUE(jit);
  std::vector<uint64_t> seeds(jit->batch());
  for (size_t i = 0; i < seeds.size(); ++i)
    seeds[i] = p.seed + i;
  ASSERT_FALSE(bool(jit->init(seeds)));
  auto grads = generatedGradients(*jit, p, weights);
  double base = lossOf(*jit, p);
  ASSERT_TRUE(std::isfinite(base));
  int nonzero = 0;
  for (const std::string &w : weights) {
    std::vector<float> &wv = **jit->f32(w);
    for (size_t i = 0; i < wv.size(); ++i) {
      float keep = wv[i];
      wv[i] = keep + static_cast<float>(eps);
      double up = lossOf(*jit, p);
      wv[i] = keep - static_cast<float>(eps);
      double down = lossOf(*jit, p);
      wv[i] = keep;
      double fd = (up - down) / (2 * eps);
      double g = grads[w][i];
      EXPECT_NEAR(g, fd, 1e-3 + 2e-2 * std::fabs(fd))
          << w << "[" << i << "] (loss " << base << ")";
      nonzero += std::fabs(fd) > 1e-4;
    }
  }
  // The check means something only if the loss moves with the weights.
  EXPECT_GT(nonzero, 0);
}

} // namespace snn::gradients

#endif // SNN_TEST_GRADIENTS_GRADIENTHARNESS_H
