//===- RuleHarness.h - one plasticity rule against the reference -----------===//
//
// runStdp, shared by the plasticity tests: Poisson inputs into LIF neurons
// through one plastic projection, compiled and in the reference simulator.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TEST_NUMERIC_RULEHARNESS_H
#define SNN_TEST_NUMERIC_RULEHARNESS_H

#include "test/numeric/Harness.h"

namespace snn::numeric {

/// A prelude plasticity rule (docs/rules/<rule>.md), compiled, against the
/// reference's independent implementation: Poisson inputs into LIF neurons
/// through dense or sparse plastic synapses; spikes, v and every weight at
/// every step.
inline void runStdp(const std::string &rule, const std::string &connect,
                    const std::vector<snnref::Synapse> &synapses, double w0,
                    std::map<std::string, double> params = {{"a_plus", 0.05},
                                                            {"a_minus", 0.04}},
                    const std::string &delay = "") {
  const int64_t k = 6, n = 3, steps = 400;
  const uint64_t seed = 11;
  std::vector<double> rates = {80.0, 120.0, 60.0, 150.0, 100.0, 90.0};
  std::string source = llvm::formatv(R"(
snn.network @net dt 1.0 {{
  snn.population @in {0} model @poisson
  snn.population @pop {1} model @lif {{tau_m = 10.0, r = 15.0}
  snn.projection @p @in -> @pop connect {2} weight {3}{6} plasticity @{4} {{{5}}
  snn.monitor @pop_spk spikes of @pop
  snn.monitor @pop_v "v" of @pop
  snn.monitor @in_spk spikes of @in
  snn.monitor @p_w "w" of @p
})",
                                     k, n, connect, w0, rule, paramText(params),
                                     delay.empty() ? delay : " delay " + delay)
                           .str();
  auto jit = compileOrFail(source);
  ASSERT_TRUE(jit);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));

  snnref::Network net(1.0);
  net.population("in", "poisson", k).external("rate", {rates}).philoxSeed(seed);
  net.population("pop", "lif", n).param("tau_m", {10.0}).param("r", {15.0});
  net.projection("p", "in", "pop", synapses)
      .plasticity(rule, params);
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", k, steps, {}, true, {0, 0, 1e-6});
  // The weights, up to the first ambiguous spike.
  int64_t until = firstAmbiguousStep(ref.population("pop"), n, steps);
  ASSERT_GT(until, 100) << "an ambiguous spike too early to compare much";
  expectMatch(*jit, ref, "pop", n, until, {"v"}, true, {1e-4, 1e-4, 1e-4});
  auto w = jit->f32("p_w");
  ASSERT_TRUE(bool(w)) << llvm::toString(w.takeError());
  const snnref::Series &wRef = ref.projection("p").weights;
  size_t nSyn = synapses.size();
  ASSERT_EQ((*w)->size(), steps * nSyn);
  double moved = 0;
  for (int64_t t = 0; t < until; ++t)
    for (size_t s = 0; s < nSyn; ++s) {
      double want = wRef[t][s], got = (**w)[t * nSyn + s];
      ASSERT_NEAR(got, want, 1e-5) << "synapse " << s << " at step " << t;
      moved = std::max(moved, std::fabs(want - synapses[s].weight));
    }
  EXPECT_GT(moved, 0.02) << "the weights should have learned something";
}

} // namespace snn::numeric

#endif // SNN_TEST_NUMERIC_RULEHARNESS_H
