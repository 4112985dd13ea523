//===- PlasticityDelaysTest.cpp - plastic projections with delays ---------===//
//
// Plasticity rules on projections with delays, against the reference: a
// delay for the whole projection or one per synapse. `on_pre` runs when a
// spike arrives along its synapse, with the post state of that moment;
// `snn.arrived` (Spark's rules) is 1 in the step it arrives. The source's
// spikes wait in `<proj>.pre_ring`, as deep as the longest delay
// (docs/plasticity.md, Delays).
//
//===----------------------------------------------------------------------===//

#include "test/numeric/RuleHarness.h"

using namespace snn::numeric;

namespace {

TEST(CompiledVsReference, PairStdpWithADelayOfThreeSteps) {
  // on_pre runs when the spike arrives, 3 steps after it left, with the
  // post trace of that moment (the source's spikes wait in p.pre_ring).
  runStdp("stdp_pair", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.4), 3), 0.4,
          {{"a_plus", 0.05}, {"a_minus", 0.04}}, "3");
}

TEST(CompiledVsReference, PostPreSparseWithADelayOfTwoSteps) {
  std::vector<int64_t> indptr = {0, 2, 3, 3, 6, 7, 8};
  std::vector<int64_t> indices = {0, 2, 1, 0, 1, 2, 2, 0};
  runStdp("postpre",
          "#snn.csr<indptr = [0, 2, 3, 3, 6, 7, 8], indices = [0, 2, 1, 0, 1, 2, 2, 0]>",
          snnref::csrSynapses(indptr, indices, std::vector<double>(8, 0.45), 2),
          0.45, {{"nu_pre", 0.03}, {"nu_post", 0.06}, {"w_max", 0.6}}, "2");
}

/// A dense 6 x 3 projection of weight w whose synapses have delays of 1
/// to 4 steps: the reference's synapses and the delay attribute.
std::pair<std::vector<snnref::Synapse>, std::string> denseWithDelays(double w) {
  std::vector<snnref::Synapse> synapses =
      snnref::denseSynapses(6, 3, std::vector<double>(18, w));
  std::string text;
  for (size_t k = 0; k < synapses.size(); ++k) {
    synapses[k].delay = 1 + int64_t(k * 5 % 4);
    text += (k % 3 ? ", " : (k ? "], [" : "[[")) +
            std::to_string(synapses[k].delay);
  }
  return {synapses, "dense<" + text + "]]> : tensor<6x3xi64>"};
}

/// Per-synapse delays (1 to 4 steps): each synapse's on_pre runs when the
/// spike arrives along it, with the post trace of that moment; the
/// source's spikes wait in p.pre_ring (as deep as the longest delay).
TEST(CompiledVsReference, PairStdpWithPerSynapseDelays) {
  auto [synapses, delays] = denseWithDelays(0.4);
  runStdp("stdp_pair", "#snn.dense", synapses, 0.4,
          {{"a_plus", 0.05}, {"a_minus", 0.04}}, delays);
}

TEST(CompiledVsReference, PostPreSparseWithPerSynapseDelays) {
  std::vector<int64_t> indptr = {0, 2, 3, 3, 6, 7, 8};
  std::vector<int64_t> indices = {0, 2, 1, 0, 1, 2, 2, 0};
  std::vector<int64_t> delays = {3, 1, 2, 5, 1, 4, 2, 3};
  std::vector<snnref::Synapse> synapses =
      snnref::csrSynapses(indptr, indices, std::vector<double>(8, 0.45));
  for (size_t k = 0; k < synapses.size(); ++k)
    synapses[k].delay = delays[k];
  runStdp("postpre",
          "#snn.csr<indptr = [0, 2, 3, 3, 6, 7, 8], indices = [0, 2, 1, 0, 1, 2, 2, 0]>",
          synapses, 0.45,
          {{"nu_pre", 0.03}, {"nu_post", 0.06}, {"w_max", 0.6}},
          "dense<[3, 1, 2, 5, 1, 4, 2, 3]> : tensor<8xi64>");
}

// Spark pairs each synapse's arrivals (snn.arrived) with the post traces:
// with delays, per synapse and for the whole projection.
TEST(CompiledVsReference, SparkHebbianWithPerSynapseDelays) {
  auto [synapses, delays] = denseWithDelays(0.3);
  runStdp("spark_hebbian", "#snn.dense", synapses, 0.3,
          {{"eta", 0.05}, {"pre_tau", 15.0}}, delays);
}

TEST(CompiledVsReference, SparkOjaWithADelayOfThreeSteps) {
  runStdp("spark_oja", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.4), 3), 0.4,
          {{"eta", 3.0}}, "3");
}

TEST(CompiledVsReference, SparkZenkeSparseWithPerSynapseDelays) {
  std::vector<int64_t> indptr = {0, 2, 3, 3, 6, 7, 8};
  std::vector<int64_t> indices = {0, 2, 1, 0, 1, 2, 2, 0};
  std::vector<int64_t> delays = {2, 1, 3, 1, 4, 2, 1, 3};
  std::vector<snnref::Synapse> synapses =
      snnref::csrSynapses(indptr, indices, std::vector<double>(8, 0.4));
  for (size_t k = 0; k < synapses.size(); ++k)
    synapses[k].delay = delays[k];
  runStdp("spark_zenke",
          "#snn.csr<indptr = [0, 2, 3, 3, 6, 7, 8], indices = [0, 2, 1, 0, 1, 2, 2, 0]>",
          synapses, 0.4,
          {{"eta", 0.02}, {"target_tau", 200.0}, {"post_slow_tau", 100.0},
           {"a", 40.0}, {"c", -4000.0}},
          "dense<[2, 1, 3, 1, 4, 2, 1, 3]> : tensor<8xi64>");
}

} // namespace
