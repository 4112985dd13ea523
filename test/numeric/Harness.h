//===- Harness.h - compiling a network and comparing it with the reference -===//
//
// Shared by the compiled-vs-reference tests: compile a network in-process,
// drive its Poisson inputs, and compare a population's spikes and state
// with the reference simulator's (DESIGN.md section 8).
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TEST_NUMERIC_HARNESS_H
#define SNN_TEST_NUMERIC_HARNESS_H

#include "compiler/Target/JitNetwork.h"
#include "test/reference/ReferenceSim.h"

#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace snn::numeric {

using mlir::snn::JitNetwork;

struct Tolerance {
  double atol, rtol, marginEps;
};

/// The network compiled in-process with `options` (fp-strict, the CUDA
/// kernels' CPU form, ...), or null after a test failure naming the error.
inline std::unique_ptr<JitNetwork>
compileOrFail(const std::string &source,
              const mlir::snn::JitOptions &options = {}) {
  auto jit = JitNetwork::compile(source, "", "<network>", options);
  if (!jit) {
    ADD_FAILURE() << llvm::toString(jit.takeError()) << "\nsource:\n"
                  << source;
    return nullptr;
  }
  return std::move(*jit);
}

/// Compares population `pop` of both runs; monitors are "<pop>_spk" and
/// "<pop>_<var>", each [steps, 1, n].
inline void expectMatch(JitNetwork &jit, const snnref::Recording &ref,
                 const std::string &pop, int64_t n, int64_t steps,
                 const std::vector<std::string> &vars, bool spikes,
                 const Tolerance &tol) {
  const snnref::PopulationTrace &trace = ref.population(pop);
  std::vector<float> *spk = nullptr;
  if (spikes) {
    auto s = jit.f32(pop + "_spk");
    ASSERT_TRUE(bool(s)) << llvm::toString(s.takeError());
    spk = *s;
  }
  std::map<std::string, std::vector<float> *> recorded;
  for (const std::string &var : vars) {
    auto r = jit.f32(pop + "_" + var);
    ASSERT_TRUE(bool(r)) << llvm::toString(r.takeError());
    recorded[var] = *r;
  }
  int64_t comparedSpikes = 0;
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t t = 0; t < steps; ++t) {
      double margin = trace.margin[t][i];
      if (spikes && std::fabs(margin) < tol.marginEps)
        break; // ambiguous step: stop comparing this neuron
      if (spikes) {
        int want = trace.spikes[t][i];
        int got = (*spk)[t * n + i] > 0.5f;
        ASSERT_EQ(got, want) << pop << " neuron " << i << " step " << t
                             << ": spike (reference margin " << margin << ")";
        comparedSpikes += want;
      }
      for (const std::string &var : vars) {
        double want = trace.state.at(var)[t][i];
        double got = (*recorded[var])[t * n + i];
        ASSERT_LE(std::fabs(got - want), tol.atol + tol.rtol * std::fabs(want))
            << pop << " neuron " << i << " step " << t << ": " << var
            << " compiled " << got << ", reference " << want;
      }
    }
  }
  if (spikes)
    EXPECT_GT(comparedSpikes, 0) << "the case should make " << pop << " spike";
}

/// Seeds and inits a compiled network, sets the rates of its Poisson
/// population @in, and runs it.
inline ::testing::AssertionResult runWithRates(JitNetwork &jit, uint64_t seed,
                                        const std::vector<double> &rates,
                                        int64_t steps) {
  if (llvm::Error err = jit.init({seed}))
    return ::testing::AssertionFailure() << llvm::toString(std::move(err));
  auto rate = jit.f32("in.rate");
  if (!rate)
    return ::testing::AssertionFailure() << llvm::toString(rate.takeError());
  for (size_t i = 0; i < rates.size(); ++i)
    (**rate)[i] = static_cast<float>(rates[i]);
  if (llvm::Error err = jit.run(steps))
    return ::testing::AssertionFailure() << llvm::toString(std::move(err));
  return ::testing::AssertionSuccess();
}

inline /// The first step where a neuron's margin is within 1e-3 of 0 (f32 and
/// double may disagree about that spike, and learning then goes different
/// ways), or `steps`.
int64_t firstAmbiguousStep(const snnref::PopulationTrace &pop, int64_t n,
                           int64_t steps) {
  for (int64_t t = 0; t < steps; ++t)
    for (int64_t j = 0; j < n; ++j)
      if (std::fabs(pop.margin[t][j]) < 1e-3)
        return t;
  return steps;
}

/// Parameter overrides as the body of an MLIR dictionary: "a = 1.0e-02, ...".
/// `w` as a weight attribute: `dense<[...]> : tensor<Nxf32>`.
inline std::string denseText(const std::vector<double> &w) {
  std::string text;
  for (double v : w)
    text += (text.empty() ? "" : ", ") + llvm::formatv("{0:e}", v).str();
  return "dense<[" + text + "]> : tensor<" + std::to_string(w.size()) +
         "xf32>";
}

inline std::string paramText(const std::map<std::string, double> &params) {
  std::string text;
  for (auto &[name, value] : params)
    text += (text.empty() ? "" : ", ") + name + " = " +
            llvm::formatv("{0:e}", value).str();
  return text;
}

} // namespace snn::numeric

#endif // SNN_TEST_NUMERIC_HARNESS_H
