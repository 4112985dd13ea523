//===- EpropVsReferenceTest.cpp - e-prop's rules vs the reference ---------===//
//
// The prelude's e-prop rules (docs/rules/eprop.md) compiled and run step by
// step, with learning signals and errors that change every step, against
// the reference simulator's implementation written from the equations
// (test/reference/EpropModels.cpp): every weight of the input, recurrent
// and readout projections at every step, plus the neurons' spikes and
// state, up to the first spike whose margin is too close to 0 for f32 and
// double to agree.
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

void runEprop(const Case &c) {
  const int64_t k = 4, n = 5, m = 2, steps = c.steps;
  const uint64_t seed = 5;
  std::vector<double> rates = {150.0, 90.0, 200.0, 60.0};
  std::vector<double> wIn = ramp(k * n, 0.05, 0.35);
  std::vector<double> wRec = ramp(n * n, -0.1, 0.15);
  std::vector<double> wOut = ramp(n * m, -0.3, 0.4);
  snnref::Series learning = wave(steps, n, 0.8, 0.0);
  snnref::Series error = wave(steps, m, 1.2, 0.9);
  std::string rule = "eprop_" + c.neuron;
  auto jit = compileOrFail(llvm::formatv(R"(
snn.network @net dt 1.0 {{
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
                                         denseText(wOut))
                               .str());
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({seed})));
  auto rate = jit->f32("in.rate");
  auto l = jit->f32("l");
  auto err = jit->f32("err");
  ASSERT_TRUE(bool(rate) && bool(l) && bool(err));
  for (int64_t i = 0; i < k; ++i)
    (**rate)[i] = float(rates[size_t(i)]);
  // Step by step, with this step's signals; every monitor's row kept.
  const std::vector<std::string> monitors = {"rec_spk", "rec_v", "out_v",
                                             "in_rec_w", "rec_rec_w",
                                             "rec_out_w"};
  std::map<std::string, std::vector<float>> rec;
  for (int64_t t = 0; t < steps; ++t) {
    for (int64_t j = 0; j < n; ++j)
      (**l)[j] = float(learning[size_t(t)][size_t(j)]);
    for (int64_t j = 0; j < m; ++j)
      (**err)[j] = float(error[size_t(t)][size_t(j)]);
    ASSERT_FALSE(bool(jit->run(1)));
    for (const std::string &name : monitors) {
      auto row = jit->f32(name);
      ASSERT_TRUE(bool(row));
      rec[name].insert(rec[name].end(), (*row)->begin(), (*row)->end());
    }
  }

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

} // namespace
