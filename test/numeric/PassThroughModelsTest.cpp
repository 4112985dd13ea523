//===- PassThroughModelsTest.cpp - relay and heaviside vs the reference ---===//
//
// The two stateless-ish models NIR's import uses (docs/nir.md): `relay`
// (v = i_syn, graded) between two linear maps, and `heaviside` (a spike
// where the input exceeds the threshold, NIR's Threshold). Poisson inputs
// through a dense projection into a relay, one-to-one into a heaviside;
// the relay's v and the spikes against the reference simulator.
//
//===----------------------------------------------------------------------===//

#include "test/numeric/Harness.h"

using namespace snn::numeric;

namespace {

TEST(CompiledVsReference, RelayIntoHeaviside) {
  const int64_t k = 4, n = 3, steps = 200;
  const uint64_t seed = 29;
  std::vector<double> rates = {300.0, 150.0, 500.0, 80.0};
  std::vector<double> w = {0.5, 0.2, 0.1, 0.3, 0.4, 0.2,
                           0.1, 0.6, 0.3, 0.2, 0.1, 0.7};
  auto jit = compileOrFail(llvm::formatv(R"(snn.network @net dt 1.0 {{
  snn.population @in {0} model @poisson
  snn.population @relay {1} model @relay graded "v"
  snn.population @step {1} model @heaviside {{threshold = 0.45}
  snn.projection @a @in -> @relay connect #snn.dense weight {2}
  snn.projection @b @relay -> @step connect #snn.one_to_one weight 1.0
  snn.monitor @relay_v "v" of @relay
  snn.monitor @step_spk spikes of @step
  snn.monitor @in_spk spikes of @in
})",
                                         k, n, denseText(w))
                               .str());
  ASSERT_TRUE(jit);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));
  snnref::Network net(1.0);
  net.population("in", "poisson", k).external("rate", {rates}).philoxSeed(seed);
  net.population("relay", "relay", n).graded("v");
  net.population("step", "heaviside", n).param("threshold", {0.45});
  net.projection("a", "in", "relay", snnref::denseSynapses(k, n, w));
  net.projection("b", "relay", "step",
                 snnref::oneToOneSynapses(n, std::vector<double>(n, 1.0)));
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", k, steps, {}, true, {0, 0, 1e-6});
  expectMatch(*jit, ref, "relay", n, steps, {"v"}, false, {1e-6, 1e-6, 1e-6});
  expectMatch(*jit, ref, "step", n, steps, {}, true, {0, 0, 1e-6});
  EXPECT_GT(ref.population("step").spikeCount(), 10);
}

} // namespace

namespace {

// The rate-coding source: p per step drawn against the same Philox stream
// as the reference's; its spikes delivered into a relay.
TEST(CompiledVsReference, BernoulliSource) {
  const int64_t k = 5, steps = 300;
  const uint64_t seed = 41;
  std::vector<double> p = {0.05, 0.3, 0.5, 0.9, 0.0};
  auto jit = compileOrFail(llvm::formatv(R"(snn.network @net dt 1.0 {{
  snn.population @in {0} model @bernoulli
  snn.population @relay {0} model @relay graded "v"
  snn.projection @a @in -> @relay connect #snn.one_to_one weight 1.0
  snn.monitor @in_spk spikes of @in
  snn.monitor @relay_v "v" of @relay
})",
                                         k)
                               .str());
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({seed})));
  std::vector<float> &in = **jit->f32("in.p");
  for (size_t i = 0; i < p.size(); ++i)
    in[i] = static_cast<float>(p[i]);
  ASSERT_FALSE(bool(jit->run(steps)));
  snnref::Network net(1.0);
  net.population("in", "bernoulli", k).external("p", {p}).philoxSeed(seed);
  net.population("relay", "relay", k).graded("v");
  net.projection("a", "in", "relay",
                 snnref::oneToOneSynapses(k, std::vector<double>(k, 1.0)));
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", k, steps, {}, true, {0, 0, 1e-6});
  expectMatch(*jit, ref, "relay", k, steps, {"v"}, false, {1e-6, 1e-6, 1e-6});
  // The rates come out as given (0.9 of 300 steps: about 270 spikes).
  EXPECT_GT(ref.population("in").spikeCount(), 400);
}

} // namespace
