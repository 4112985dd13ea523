//===- EpropVsReferenceTest.cpp - e-prop's rules vs the reference ---------===//
//
// The prelude's e-prop rules (docs/rules/eprop.md) compiled and run step by
// step, with learning signals and errors that change every step, against
// the reference simulator's implementation written from the equations
// (test/reference/EpropModels.cpp): every weight of the input, recurrent
// and readout projections at every step, plus the neurons' spikes and
// state, up to the first spike whose margin is too close to 0 for f32 and
// double to agree. With a batch, a quiet entry next to an active one
// changes nothing (each entry reads its own traces and margins).
//
//===----------------------------------------------------------------------===//

#include "test/numeric/Harness.h"

using namespace snn::numeric;

namespace {

struct Case {
  std::string neuron;     // "alif" or "lif"
  std::string params;     // the recurrent population's parameters
  int64_t steps = 150;
};

/// A value for every step and neuron that changes sign and size.
snnref::Series wave(int64_t steps, int64_t n, double scale, double phase) {
  snnref::Series s(static_cast<size_t>(steps), std::vector<double>(static_cast<size_t>(n)));
  for (int64_t t = 0; t < steps; ++t)
    for (int64_t j = 0; j < n; ++j)
      s[size_t(t)][size_t(j)] = scale * std::sin(0.13 * double(t) + phase + 1.7 * double(j));
  return s;
}

std::vector<double> ramp(int64_t count, double lo, double hi) {
  std::vector<double> w(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i)
    w[size_t(i)] = lo + (hi - lo) * double((i * 7) % count) / double(count - 1);
  return w;
}

// The task of every case: 4 Poisson inputs, 5 recurrent neurons, 2
// readout neurons; signals that change every step.
const int64_t k = 4, n = 5, m = 2;
const uint64_t seed = 5;
const std::vector<double> rates = {150.0, 90.0, 200.0, 60.0};
const std::vector<double> wIn = ramp(k * n, 0.05, 0.35);
const std::vector<double> wRec = ramp(n * n, -0.1, 0.15);
const std::vector<double> wOut = ramp(n * m, -0.3, 0.4);

/// The compiled network run step by step, every monitor's rows kept.
/// Entry b of the batch gets the inputs and signals times scale[b] (the
/// same seed for all; the entries' changes summed).
std::map<std::string, std::vector<float>>
runCompiled(const Case &c, const std::vector<double> &scale,
            const snnref::Series &learning, const snnref::Series &error) {
  std::string rule = "eprop_" + c.neuron;
  int64_t batch = static_cast<int64_t>(scale.size());
  auto jit = compileOrFail(llvm::formatv(R"(
snn.network @net dt 1.0 batch {9} {{
  snn.population @in {0} model @poisson
  snn.population @rec {1} model @{3} {{{4}}
  snn.population @out {2} model @li {{tau_m = 15.0, r = 4.0} graded "v"
  snn.modulator @l [{1}]
  snn.modulator @err [{2}]
  snn.projection @in_rec @in -> @rec connect #snn.dense weight {5} plasticity @{6} {{lr = 0.05, tau_out = 15.0} modulators {{learning_signal = @l}
  snn.projection @rec_rec @rec -> @rec connect #snn.dense weight {7} plasticity @{6} {{lr = 0.05, tau_out = 15.0} modulators {{learning_signal = @l}
  snn.projection @rec_out @rec -> @out connect #snn.dense weight {8} plasticity @eprop_readout {{lr = 0.05} modulators {{error = @err}
  snn.monitor @in_spk spikes of @in
  snn.monitor @rec_spk spikes of @rec
  snn.monitor @rec_v "v" of @rec
  snn.monitor @out_v "v" of @out
  snn.monitor @in_rec_w "w" of @in_rec
  snn.monitor @rec_rec_w "w" of @rec_rec
  snn.monitor @rec_out_w "w" of @rec_out
})",
                                         k, n, m, c.neuron, c.params,
                                         denseText(wIn), rule, denseText(wRec),
                                         denseText(wOut), batch)
                               .str());
  std::map<std::string, std::vector<float>> rec;
  if (!jit)
    return rec;
  EXPECT_FALSE(bool(jit->init(std::vector<uint64_t>(size_t(batch), seed))));
  auto rate = jit->f32("in.rate");
  auto l = jit->f32("l");
  auto err = jit->f32("err");
  EXPECT_TRUE(bool(rate) && bool(l) && bool(err));
  if (!rate || !l || !err)
    return rec;
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t i = 0; i < k; ++i)
      (**rate)[b * k + i] = float(rates[size_t(i)] * scale[size_t(b)]);
  const std::vector<std::string> monitors = {"rec_spk", "rec_v", "out_v",
                                             "in_rec_w", "rec_rec_w",
                                             "rec_out_w"};
  for (int64_t t = 0; t < c.steps; ++t) {
    for (int64_t b = 0; b < batch; ++b) {
      for (int64_t j = 0; j < n; ++j)
        (**l)[b * n + j] =
            float(learning[size_t(t)][size_t(j)] * scale[size_t(b)]);
      for (int64_t j = 0; j < m; ++j)
        (**err)[b * m + j] =
            float(error[size_t(t)][size_t(j)] * scale[size_t(b)]);
    }
    EXPECT_FALSE(bool(jit->run(1)));
    for (const std::string &name : monitors) {
      auto row = jit->f32(name);
      EXPECT_TRUE(bool(row));
      if (row)
        rec[name].insert(rec[name].end(), (*row)->begin(), (*row)->end());
    }
  }
  return rec;
}

void runEprop(const Case &c) {
  const int64_t steps = c.steps;
  snnref::Series learning = wave(steps, n, 0.8, 0.0);
  snnref::Series error = wave(steps, m, 1.2, 0.9);
  std::string rule = "eprop_" + c.neuron;
  std::map<std::string, std::vector<float>> rec =
      runCompiled(c, {1.0}, learning, error);
  ASSERT_FALSE(rec.empty());

  snnref::Network net(1.0);
  net.population("in", "poisson", k).external("rate", {rates}).philoxSeed(seed);
  auto &pop = net.population("rec", c.neuron, n);
  if (c.neuron == "alif")
    pop.param("tau_m", {20.0}).param("tau_adapt", {60.0}).param("beta", {0.3}).param("r", {12.0});
  else
    pop.param("tau_m", {20.0}).param("r", {12.0});
  net.population("out", "li", m).param("tau_m", {15.0}).param("r", {4.0}).graded("v");
  net.projection("in_rec", "in", "rec", snnref::denseSynapses(k, n, wIn))
      .plasticity(rule, {{"lr", 0.05}, {"tau_out", 15.0}})
      .modulator("learning_signal", learning);
  net.projection("rec_rec", "rec", "rec", snnref::denseSynapses(n, n, wRec))
      .plasticity(rule, {{"lr", 0.05}, {"tau_out", 15.0}})
      .modulator("learning_signal", learning);
  net.projection("rec_out", "rec", "out", snnref::denseSynapses(n, m, wOut))
      .plasticity("eprop_readout", {{"lr", 0.05}})
      .modulator("error", error);
  snnref::Recording ref = snnref::simulate(net, steps);

  const snnref::PopulationTrace &trace = ref.population("rec");
  int64_t until = firstAmbiguousStep(trace, n, steps);
  ASSERT_GT(until, 80) << "an ambiguous spike too early to compare much";
  int64_t spikes = 0;
  for (int64_t t = 0; t < until; ++t)
    for (int64_t j = 0; j < n; ++j) {
      ASSERT_EQ(rec["rec_spk"][size_t(t * n + j)] > 0.5f, trace.spikes[t][j] != 0)
          << "rec neuron " << j << " step " << t;
      spikes += trace.spikes[t][j];
      ASSERT_NEAR(rec["rec_v"][size_t(t * n + j)], trace.state.at("v")[t][j],
                  1e-4 + 1e-4 * std::fabs(trace.state.at("v")[t][j]))
          << "rec neuron " << j << " step " << t;
    }
  EXPECT_GT(spikes, 10) << "the recurrent neurons should spike";
  for (auto [proj, size] : {std::pair{std::string("in_rec"), k * n},
                            std::pair{std::string("rec_rec"), n * n},
                            std::pair{std::string("rec_out"), n * m}}) {
    const snnref::Series &wRef = ref.projection(proj).weights;
    const std::vector<float> &w = rec[proj + "_w"];
    double moved = 0;
    for (int64_t t = 0; t < until; ++t)
      for (int64_t s = 0; s < size; ++s) {
        double want = wRef[size_t(t)][size_t(s)];
        ASSERT_NEAR(w[size_t(t * size + s)], want, 1e-5 + 1e-4 * std::fabs(want))
            << proj << " synapse " << s << " at step " << t;
        moved = std::max(moved, std::fabs(want - wRef[0][size_t(s)]));
      }
    EXPECT_GT(moved, 0.01) << proj << ": the rule should move the weights";
  }
}

TEST(EpropVsReference, AlifRecurrentWithReadout) {
  runEprop({"alif", "tau_m = 20.0, tau_adapt = 60.0, beta = 0.3, r = 12.0"});
}

TEST(EpropVsReference, LifRecurrentWithReadout) {
  runEprop({"lif", "tau_m = 20.0, r = 12.0"});
}

// With a batch each entry keeps its own traces and reads its own margins:
// a quiet entry 0 (no input, no signals) next to entry 1 adds nothing, so
// the pair learns exactly what entry 1 learns alone.
TEST(EpropBatched, AQuietEntryAddsNothing) {
  Case c{"alif", "tau_m = 20.0, tau_adapt = 60.0, beta = 0.3, r = 12.0"};
  snnref::Series learning = wave(c.steps, n, 0.8, 0.0);
  snnref::Series error = wave(c.steps, m, 1.2, 0.9);
  auto one = runCompiled(c, {1.0}, learning, error);
  auto two = runCompiled(c, {0.0, 1.0}, learning, error);
  ASSERT_FALSE(one.empty() || two.empty());
  for (std::string w : {"in_rec_w", "rec_rec_w", "rec_out_w"}) {
    ASSERT_EQ(one[w].size(), two[w].size()) << w;
    double moved = 0;
    for (size_t i = 0; i < one[w].size(); ++i) {
      ASSERT_NEAR(two[w][i], one[w][i], 1e-6 + 1e-6 * std::fabs(one[w][i]))
          << w << " element " << i;
      moved = std::max(moved, double(std::fabs(one[w][i] - one[w][i % (one[w].size() / size_t(c.steps))])));
    }
    EXPECT_GT(moved, 0.01) << w;
  }
}

} // namespace
