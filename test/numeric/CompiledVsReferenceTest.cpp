//===- CompiledVsReferenceTest.cpp - compiled networks vs the reference ---===//
//
// Each case writes one small network twice: in the snn dialect (compiled by
// the snn-to-cpu pipeline and run in-process) and with the reference
// simulator's API (test/reference, double precision, no code shared with
// the compiler). Spikes must match step for step, and every recorded state
// variable within |compiled - reference| <= atol + rtol |reference|.
//
// A neuron is compared until the first step where the reference's threshold
// margin lies within `marginEps` of zero: there f32 and f64 may legitimately
// disagree about the spike, and the trajectories part ways.
//
//===----------------------------------------------------------------------===//

#include "compiler/Target/JitNetwork.h"
#include "test/reference/ReferenceSim.h"

#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

using mlir::snn::JitNetwork;

namespace {

struct Tolerance {
  double atol, rtol, marginEps;
};

/// A neuron model driven, neuron by neuron, by a constant input.
struct DrivenCase {
  std::string model;
  std::string port;                 // input port fed by the drive
  std::string paramsMlir;           // population parameter overrides
  std::map<std::string, snnref::Values> paramsRef;
  std::vector<double> drive;        // one value per neuron
  std::vector<std::string> vars;    // state variables to compare
  bool spikes = true;               // compare spikes too
  double dt = 1.0;
  int64_t steps = 100;
  Tolerance tol{1e-5, 1e-4, 1e-4};
};

std::unique_ptr<JitNetwork> compileOrFail(const std::string &source) {
  auto jit = JitNetwork::compile(source);
  if (!jit) {
    ADD_FAILURE() << llvm::toString(jit.takeError()) << "\nsource:\n"
                  << source;
    return nullptr;
  }
  return std::move(*jit);
}

/// Compares population `pop` of both runs; monitors are "<pop>_spk" and
/// "<pop>_<var>", each [steps, 1, n].
void expectMatch(JitNetwork &jit, const snnref::Recording &ref,
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

void runDriven(const DrivenCase &c) {
  int64_t n = c.drive.size();
  std::string monitors;
  if (c.spikes)
    monitors += "  snn.monitor @pop_spk spikes of @pop\n";
  for (const std::string &var : c.vars)
    monitors += llvm::formatv("  snn.monitor @pop_{0} \"{0}\" of @pop\n", var);
  std::string source = llvm::formatv(
      R"(snn.network @net dt {0} {{
  snn.population @src {1} model @current_source graded "i"
  snn.population @pop {1} model @{2} {3}{4}
  snn.projection @p @src -> @pop connect #snn.one_to_one port "{5}"
{6}})",
      c.dt, n, c.model, c.paramsMlir, c.spikes ? "" : " graded \"v\"",
      c.port, monitors);
  auto jit = compileOrFail(source);
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({1}))) << "init";
  auto current = jit->f32("src.current");
  ASSERT_TRUE(bool(current));
  for (int64_t i = 0; i < n; ++i)
    (**current)[i] = static_cast<float>(c.drive[i]);
  llvm::Error err = jit->run(c.steps);
  ASSERT_FALSE(bool(err)) << llvm::toString(std::move(err));

  snnref::Network net(c.dt);
  net.population("src", "current_source", n)
      .external("current", {c.drive})
      .graded("i");
  snnref::Population &pop = net.population("pop", c.model, n);
  for (auto &[name, values] : c.paramsRef)
    pop.param(name, values);
  if (!c.spikes)
    pop.graded("v");
  net.projection("p", "src", "pop", snnref::oneToOneSynapses(n, {1.0}))
      .port(c.port);
  snnref::Recording ref = snnref::simulate(net, c.steps);
  expectMatch(*jit, ref, "pop", n, c.steps, c.vars, c.spikes, c.tol);
}

TEST(CompiledVsReference, IF) {
  runDriven({"if", "i_syn", "", {}, {0.05, 0.13, 0.27, 0.5}, {"v"}});
}

TEST(CompiledVsReference, LIFWithRefractoryPeriod) {
  DrivenCase c{"lif", "i_syn", "{tau_m = 10.0, t_ref = 2.0}",
               {{"tau_m", {10.0}}, {"t_ref", {2.0}}},
               {0.9, 1.2, 1.7, 3.0}, {"v", "refrac"}};
  c.dt = 0.5;
  c.steps = 200;
  runDriven(c);
}

TEST(CompiledVsReference, LI) {
  DrivenCase c{"li", "i_syn", "{tau_m = 5.0}", {{"tau_m", {5.0}}},
               {-1.0, 0.5, 2.0}, {"v"}};
  c.spikes = false;
  runDriven(c);
}

TEST(CompiledVsReference, CubaLIF) {
  runDriven({"cuba_lif", "i_syn", "{tau_m = 10.0, tau_syn = 5.0}",
             {{"tau_m", {10.0}}, {"tau_syn", {5.0}}},
             {0.05, 0.1, 0.2, 0.4}, {"v", "i"}});
}

TEST(CompiledVsReference, ConductanceLIF) {
  // Constant excitatory conductance on top of the 20 mV drive of COBA.
  DrivenCase c{"lif_cond", "ge", "{i_ext = 20.0, t_ref = 2.0}",
               {{"i_ext", {20.0}}, {"t_ref", {2.0}}},
               {0.0, 0.05, 0.1, 0.3}, {"v", "refrac"}};
  c.dt = 0.1;
  c.steps = 600;
  c.tol = {1e-3, 1e-4, 1e-3};
  runDriven(c);
}

TEST(CompiledVsReference, ALIF) {
  runDriven({"alif", "i_syn", "{tau_m = 20.0}", {{"tau_m", {20.0}}},
             {1.1, 1.5, 2.0, 3.0}, {"v", "a"}});
}

TEST(CompiledVsReference, Izhikevich) {
  DrivenCase c{"izhikevich", "i_syn", "", {}, {5.0, 10.0, 15.0}, {"v", "u"}};
  c.dt = 0.1;
  c.steps = 1000;
  // Forward Euler near the spike upswing amplifies rounding differences
  // between f32 and f64.
  c.tol = {2e-2, 1e-3, 0.5};
  runDriven(c);
}

TEST(CompiledVsReference, AdEx) {
  DrivenCase c{"adex", "i_syn", "", {}, {300.0, 600.0, 1000.0}, {"v", "w"}};
  c.dt = 0.1;
  c.steps = 2000;
  c.tol = {5e-2, 1e-3, 0.5};
  runDriven(c);
}

/// Poisson inputs (both sides draw from Philox with the same seed) through
/// dense weights and a synapse model into LIF neurons.
void runSynapse(const std::string &synapse, const std::string &paramsMlir,
                std::map<std::string, snnref::Values> paramsRef,
                const std::string &lifMlir,
                std::map<std::string, snnref::Values> lifRef) {
  const int64_t k = 5, n = 3, steps = 300;
  const double dt = 0.5;
  const uint64_t seed = 42;
  std::vector<double> rates = {20.0, 50.0, 80.0, 120.0, 200.0};
  std::vector<double> w;
  std::string wText;
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < n; ++j) {
      w.push_back(0.1 + 0.07 * ((i * n + j) % 5));
      wText += (wText.empty() ? "" : ", ") + llvm::formatv("{0}", w.back()).str();
    }
  std::string syn = synapse.empty() ? "" : " synapse @" + synapse + " " + paramsMlir;
  std::string source = llvm::formatv(
      R"(snn.network @net dt {0} {{
  snn.population @in {1} model @poisson
  snn.population @pop {2} model @lif {3}
  snn.projection @p @in -> @pop connect #snn.dense weight dense<[{4}]> : tensor<{5}xf32>{6}
  snn.monitor @pop_spk spikes of @pop
  snn.monitor @pop_v "v" of @pop
  snn.monitor @in_spk spikes of @in
})",
      dt, k, n, lifMlir, wText, k * n, syn);
  auto jit = compileOrFail(source);
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({seed})));
  auto rate = jit->f32("in.rate");
  ASSERT_TRUE(bool(rate));
  for (int64_t i = 0; i < k; ++i)
    (**rate)[i] = static_cast<float>(rates[i]);
  llvm::Error err = jit->run(steps);
  ASSERT_FALSE(bool(err)) << llvm::toString(std::move(err));

  snnref::Network net(dt);
  net.population("in", "poisson", k).external("rate", {rates}).philoxSeed(seed);
  snnref::Population &pop = net.population("pop", "lif", n);
  for (auto &[name, values] : lifRef)
    pop.param(name, values);
  snnref::Projection &proj =
      net.projection("p", "in", "pop", snnref::denseSynapses(k, n, w));
  if (!synapse.empty())
    proj.synapse(synapse, paramsRef);
  snnref::Recording ref = snnref::simulate(net, steps);
  // The inputs first: the same Philox draws must give the same spikes.
  expectMatch(*jit, ref, "in", k, steps, {}, true, {0, 0, 1e-6});
  expectMatch(*jit, ref, "pop", n, steps, {"v"}, true, {1e-4, 1e-4, 1e-4});
}

TEST(CompiledVsReference, PoissonDenseDelta) {
  runSynapse("", "", {}, "{tau_m = 10.0, r = 40.0}",
             {{"tau_m", {10.0}}, {"r", {40.0}}});
}

TEST(CompiledVsReference, ExpCurrentSynapse) {
  runSynapse("exp_current", "{tau = 5.0}", {{"tau", {5.0}}},
             "{tau_m = 10.0, r = 3.0}", {{"tau_m", {10.0}}, {"r", {3.0}}});
}

TEST(CompiledVsReference, ExpConductanceSynapse) {
  // A conductance synapse reads the target's v (reversal 5 above rest 0).
  runSynapse("exp_cond", "{tau = 5.0, e_rev = 5.0}",
             {{"tau", {5.0}}, {"e_rev", {5.0}}}, "{tau_m = 10.0}",
             {{"tau_m", {10.0}}});
}

TEST(CompiledVsReference, AlphaSynapse) {
  runSynapse("alpha", "{tau = 3.0}", {{"tau", {3.0}}}, "{tau_m = 10.0}",
             {{"tau_m", {10.0}}});
}

/// Poisson inputs through delayed projections: a dense one with one delay
/// for all synapses, and an explicit CSR one with a delay per synapse.
TEST(CompiledVsReference, Delays) {
  const int64_t k = 4, n = 3, steps = 200;
  const double dt = 1.0;
  const uint64_t seed = 9;
  std::vector<double> rates = {60.0, 90.0, 120.0, 150.0};
  // CSR rows: 0 -> {0, 2}, 1 -> {1}, 2 -> {}, 3 -> {0, 1, 2}.
  std::vector<int64_t> indptr = {0, 2, 3, 3, 6}, indices = {0, 2, 1, 0, 1, 2};
  std::vector<double> csrW = {0.5, 0.4, 0.6, 0.3, 0.7, 0.2};
  std::vector<int64_t> csrDelay = {1, 4, 2, 7, 3, 5};
  auto jit = compileOrFail(R"(snn.network @net dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @pop 3 model @lif {tau_m = 10.0, r = 8.0}
  snn.projection @d @in -> @pop connect #snn.dense weight 0.25 delay 3
  snn.projection @c @in -> @pop connect #snn.csr<indptr = [0, 2, 3, 3, 6], indices = [0, 2, 1, 0, 1, 2]> weight dense<[0.5, 0.4, 0.6, 0.3, 0.7, 0.2]> : tensor<6xf32> delay dense<[1, 4, 2, 7, 3, 5]> : tensor<6xi64>
  snn.monitor @in_spk spikes of @in
  snn.monitor @pop_spk spikes of @pop
  snn.monitor @pop_v "v" of @pop
})");
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({seed})));
  auto rate = jit->f32("in.rate");
  ASSERT_TRUE(bool(rate));
  for (int64_t i = 0; i < k; ++i)
    (**rate)[i] = static_cast<float>(rates[i]);
  llvm::Error err = jit->run(steps);
  ASSERT_FALSE(bool(err)) << llvm::toString(std::move(err));

  snnref::Network net(dt);
  net.population("in", "poisson", k).external("rate", {rates}).philoxSeed(seed);
  net.population("pop", "lif", n).param("tau_m", {10.0}).param("r", {8.0});
  net.projection("d", "in", "pop",
                 snnref::denseSynapses(k, n, std::vector<double>(k * n, 0.25),
                                       /*delay=*/3));
  std::vector<snnref::Synapse> csr =
      snnref::csrSynapses(indptr, indices, csrW);
  for (size_t s = 0; s < csr.size(); ++s)
    csr[s].delay = csrDelay[s];
  net.projection("c", "in", "pop", csr);
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", k, steps, {}, true, {0, 0, 1e-6});
  expectMatch(*jit, ref, "pop", n, steps, {"v"}, true, {1e-4, 1e-4, 1e-4});
}

TEST(CompiledVsReference, LatencyEncoder) {
  // Graded intensities fire once each, at t_max (1 - value).
  const int64_t n = 5, steps = 120;
  std::vector<double> value = {0.0, 0.005, 0.3, 0.9, 1.0};
  auto jit = compileOrFail(R"(snn.network @net dt 0.5 {
  snn.population @pop 5 model @latency
  snn.monitor @pop_spk spikes of @pop
  snn.monitor @pop_fired "fired" of @pop
})");
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({3})));
  auto v = jit->f32("pop.value");
  ASSERT_TRUE(bool(v));
  for (int64_t i = 0; i < n; ++i)
    (**v)[i] = static_cast<float>(value[i]);
  llvm::Error err = jit->run(steps);
  ASSERT_FALSE(bool(err)) << llvm::toString(std::move(err));
  snnref::Network net(0.5);
  net.population("pop", "latency", n).external("value", {value});
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "pop", n, steps, {"fired"}, true, {1e-6, 0, 1e-4});
}

} // namespace
