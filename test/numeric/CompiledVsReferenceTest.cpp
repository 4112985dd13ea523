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

#include "test/numeric/Harness.h"

#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

using mlir::snn::JitNetwork;
using namespace snn::numeric;

namespace {

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

TEST(CompiledVsReference, BindsnetLIF) {
  // Inputs that jump v by up to 4 mV a step: the neurons fire, sit out
  // their refractory steps (10 at dt = 0.5) and fire again.
  DrivenCase c{"bindsnet_lif", "i_syn", "{refrac = 5.0, reset = -60.0}",
               {{"refrac", {5.0}}, {"reset", {-60.0}}},
               {0.2, 1.0, 2.5, 4.0}, {"v", "refrac_count"}};
  c.dt = 0.5;
  c.steps = 300;
  c.tol = {1e-4, 1e-4, 1e-4};
  runDriven(c);
}

TEST(CompiledVsReference, DiehlCookAdaptiveThreshold) {
  // theta grows by theta_plus per spike and decays (quickly here, so the
  // decay shows in 300 steps).
  DrivenCase c{"diehl_cook", "i_syn",
               "{theta_plus = 0.5, tc_theta_decay = 200.0}",
               {{"theta_plus", {0.5}}, {"tc_theta_decay", {200.0}}},
               {0.5, 1.5, 3.0, 5.0}, {"v", "refrac_count", "theta"}};
  c.dt = 0.5;
  c.steps = 300;
  c.tol = {1e-4, 1e-4, 1e-4};
  runDriven(c);
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
                std::map<std::string, snnref::Values> lifRef,
                const std::string &modelsMlir = "",
                const std::vector<std::string> &synapseState = {}) {
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
  // Monitors of the projection: its weights every 7 steps and the synapse
  // state variables every step.
  std::string projMonitors = "  snn.monitor @p_w \"w\" of @p every 7\n";
  for (const std::string &var : synapseState)
    projMonitors +=
        llvm::formatv("  snn.monitor @p_{0} \"{0}\" of @p\n", var).str();
  std::string source = llvm::formatv(
      R"(snn.network @net dt {0} {{
  snn.population @in {1} model @poisson
  snn.population @pop {2} model @lif {3}
  snn.projection @p @in -> @pop connect #snn.dense weight dense<[{4}]> : tensor<{5}xf32>{6}
  snn.monitor @pop_spk spikes of @pop
  snn.monitor @pop_v "v" of @pop
  snn.monitor @in_spk spikes of @in
{7}})",
      dt, k, n, lifMlir, wText, k * n, syn, projMonitors);
  auto jit = compileOrFail(modelsMlir + source);
  ASSERT_TRUE(jit);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));

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
  // The weight monitor: ceil(steps / 7) rows, each all of w ([1, k * n]).
  auto recordedW = jit->f32("p_w");
  ASSERT_TRUE(bool(recordedW)) << llvm::toString(recordedW.takeError());
  ASSERT_EQ((*recordedW)->size(), static_cast<size_t>((steps + 6) / 7 * k * n));
  for (size_t r = 0; r < (*recordedW)->size(); ++r)
    ASSERT_EQ((**recordedW)[r], static_cast<float>(w[r % (k * n)])) << r;
  // Synapse state: only the Poisson inputs drive it, so it is compared at
  // every step, spike divergence or not.
  for (const std::string &var : synapseState) {
    auto got = jit->f32("p_" + var);
    ASSERT_TRUE(bool(got)) << llvm::toString(got.takeError());
    const snnref::Series &want = ref.projection("p").state.at(var);
    ASSERT_EQ((*got)->size(), static_cast<size_t>(steps * n));
    double largest = 0;
    for (int64_t t = 0; t < steps; ++t)
      for (int64_t j = 0; j < n; ++j) {
        double x = want[t][j], y = (**got)[t * n + j];
        largest = std::max(largest, std::fabs(x));
        ASSERT_LE(std::fabs(y - x), 1e-4 + 1e-4 * std::fabs(x))
            << var << " of target " << j << " at step " << t;
      }
    EXPECT_GT(largest, 0.05) << var << " should move";
  }
}

TEST(CompiledVsReference, PoissonDenseDelta) {
  runSynapse("", "", {}, "{tau_m = 10.0, r = 40.0}",
             {{"tau_m", {10.0}}, {"r", {40.0}}});
}

TEST(CompiledVsReference, ExpCurrentSynapse) {
  runSynapse("exp_current", "{tau = 5.0}", {{"tau", {5.0}}},
             "{tau_m = 10.0, r = 3.0}", {{"tau_m", {10.0}}, {"r", {3.0}}}, "",
             {"i"});
}

TEST(CompiledVsReference, ExpConductanceSynapse) {
  // A conductance synapse reads the target's v (reversal 5 above rest 0).
  runSynapse("exp_cond", "{tau = 5.0, e_rev = 5.0}",
             {{"tau", {5.0}}, {"e_rev", {5.0}}}, "{tau_m = 10.0}",
             {{"tau_m", {10.0}}}, "", {"g"});
}

TEST(CompiledVsReference, SynapseDeliveredIntoItsState) {
  // The synapse adds what arrives to g before anything else, so delivery
  // accumulates into g itself (no separate input buffer).
  const std::string model = R"(
snn.synapse_model @jump_euler params {tau = 5.0} state {g = 0.0}
    target "i_syn" {
  dynamics {
    %g = snn.get "g" : f32
    %in = snn.get_delivered : f32
    %tau = snn.get "tau" : f32
    %dt = snn.dt : f32
    %g0 = arith.addf %g, %in : f32
    %k = arith.divf %dt, %tau : f32
    %dg = arith.mulf %g0, %k : f32
    %g1 = arith.subf %g0, %dg : f32
    snn.set "g", %g1 : f32
  }
  output {
    %g = snn.get "g" : f32
    snn.yield %g : f32
  }
}
)";
  runSynapse("jump_euler", "{tau = 4.0}", {{"tau", {4.0}}},
             "{tau_m = 10.0, r = 3.0}", {{"tau_m", {10.0}}, {"r", {3.0}}},
             model, {"g"});
}

TEST(CompiledVsReference, AlphaSynapse) {
  runSynapse("alpha", "{tau = 3.0}", {{"tau", {3.0}}}, "{tau_m = 10.0}",
             {{"tau_m", {10.0}}}, "", {"h", "g"});
}

/// Poisson inputs through delayed projections: a dense one with one delay
/// for all synapses, and explicit CSR, dense and one_to_one ones with a
/// delay per synapse.
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
  snn.projection @dd @in -> @pop connect #snn.dense weight 0.15 delay dense<[[2, 5, 1], [6, 1, 3], [4, 4, 2], [1, 7, 5]]> : tensor<4x3xi64>
  snn.population @relay 4 model @lif {tau_m = 5.0, r = 8.0}
  snn.projection @oo @in -> @relay connect #snn.one_to_one weight 0.9 delay dense<[3, 1, 6, 2]> : tensor<4xi64>
  snn.monitor @relay_spk spikes of @relay
  snn.monitor @relay_v "v" of @relay
  snn.monitor @in_spk spikes of @in
  snn.monitor @pop_spk spikes of @pop
  snn.monitor @pop_v "v" of @pop
})");
  ASSERT_TRUE(jit);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));

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
  // Delays of the dense one by (source, target), of the one_to_one by
  // neuron; each synapse is matched by its endpoints, not its position.
  const int64_t denseDelay[4][3] = {{2, 5, 1}, {6, 1, 3}, {4, 4, 2}, {1, 7, 5}};
  std::vector<snnref::Synapse> dd =
      snnref::denseSynapses(k, n, std::vector<double>(k * n, 0.15));
  for (snnref::Synapse &syn : dd)
    syn.delay = denseDelay[syn.pre][syn.post];
  net.projection("dd", "in", "pop", dd);
  net.population("relay", "lif", k).param("tau_m", {5.0}).param("r", {8.0});
  const int64_t oneDelay[4] = {3, 1, 6, 2};
  std::vector<snnref::Synapse> oo =
      snnref::oneToOneSynapses(k, std::vector<double>(k, 0.9));
  for (snnref::Synapse &syn : oo)
    syn.delay = oneDelay[syn.pre];
  net.projection("oo", "in", "relay", oo);
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", k, steps, {}, true, {0, 0, 1e-6});
  expectMatch(*jit, ref, "pop", n, steps, {"v"}, true, {1e-4, 1e-4, 1e-4});
  expectMatch(*jit, ref, "relay", k, steps, {"v"}, true, {1e-4, 1e-4, 1e-4});
}

/// Deterministic, varied weights: w_k = lo + (hi - lo) * frac(k * 0.618).
std::vector<double> weights(int64_t n, double lo, double hi) {
  std::vector<double> w(n);
  for (int64_t k = 0; k < n; ++k) {
    double f = k * 0.6180339887;
    w[k] = lo + (hi - lo) * (f - std::floor(f));
  }
  return w;
}

/// Poisson inputs of shape `srcShape` through a window connectivity into
/// LIF neurons of shape `dstShape`, compiled and in the reference.
void runWindow(const std::string &shapeIn, int64_t nIn,
               const std::string &shapeOut, int64_t nOut,
               const std::string &connect, const std::string &weightText,
               const std::string &biasText,
               std::vector<snnref::Synapse> synapses,
               std::vector<double> bias, double r = 6.0) {
  const int64_t steps = 150;
  const uint64_t seed = 5;
  std::string source = llvm::formatv(
      R"(snn.network @net dt 1.0 {{
  snn.population @in {0} model @poisson
  snn.population @pop {1} model @lif {{tau_m = 10.0, r = {5}}
  snn.projection @p @in -> @pop connect {2}{3}{4}
  snn.monitor @in_spk spikes of @in
  snn.monitor @pop_spk spikes of @pop
  snn.monitor @pop_v "v" of @pop
})",
      shapeIn, shapeOut, connect,
      weightText.empty() ? "" : " weight " + weightText,
      biasText.empty() ? "" : " bias " + biasText, r);
  auto jit = compileOrFail(source);
  ASSERT_TRUE(jit);
  std::vector<double> rates(nIn);
  for (int64_t i = 0; i < nIn; ++i)
    rates[i] = 40.0 + 10.0 * (i % 13);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));

  snnref::Network net(1.0);
  net.population("in", "poisson", nIn).external("rate", {rates}).philoxSeed(seed);
  net.population("pop", "lif", nOut).param("tau_m", {10.0}).param("r", {r});
  snnref::Projection &proj = net.projection("p", "in", "pop", synapses);
  if (!bias.empty())
    proj.bias(bias);
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", nIn, steps, {}, true, {0, 0, 1e-6});
  expectMatch(*jit, ref, "pop", nOut, steps, {"v"}, true, {1e-4, 1e-4, 1e-4});
}

TEST(CompiledVsReference, Conv2dStridedPaddedGroupedWithBias) {
  snnref::Conv2d g;
  g.inChannels = 2;
  g.outChannels = 4;
  g.inH = g.inW = 7;
  g.kh = g.kw = 3;
  g.strideH = g.strideW = 2;
  g.padH = g.padW = 1;
  g.groups = 2;
  std::vector<double> w = weights(4 * 1 * 3 * 3, -0.2, 0.6);
  std::vector<double> b = {0.05, 0.0, -0.05, 0.1};
  runWindow("[2, 7, 7]", 98, "[4, 4, 4]", 64,
            "#snn.conv2d<in_channels = 2, out_channels = 4, kernel = [3, 3], "
            "stride = [2, 2], padding = [1, 1], groups = 2>",
            denseText(w), denseText(b), snnref::conv2dSynapses(g, w),
            snnref::channelBias(b, 16));
}

TEST(CompiledVsReference, Conv2dDilated) {
  snnref::Conv2d g;
  g.inChannels = 1;
  g.outChannels = 2;
  g.inH = g.inW = 8;
  g.kh = g.kw = 3;
  g.dilationH = g.dilationW = 2;
  std::vector<double> w = weights(2 * 1 * 3 * 3, 0.0, 0.5);
  runWindow("[1, 8, 8]", 64, "[2, 4, 4]", 32,
            "#snn.conv2d<in_channels = 1, out_channels = 2, kernel = [3, 3], "
            "dilation = [2, 2]>",
            denseText(w), "", snnref::conv2dSynapses(g, w), {});
}

TEST(CompiledVsReference, Conv1d) {
  snnref::Conv1d g;
  g.inChannels = 2;
  g.outChannels = 3;
  g.length = 20;
  g.kernel = 5;
  g.stride = 2;
  g.padding = 2;
  std::vector<double> w = weights(3 * 2 * 5, -0.1, 0.5);
  runWindow("[2, 20]", 40, "[3, 10]", 30,
            "#snn.conv1d<in_channels = 2, out_channels = 3, kernel = 5, "
            "stride = 2, padding = 2>",
            denseText(w), "", snnref::conv1dSynapses(g, w), {});
}

TEST(CompiledVsReference, LocallyConnected) {
  snnref::Local g;
  g.inChannels = 2;
  g.outChannels = 2;
  g.inH = g.inW = 5;
  g.kh = g.kw = 2;
  g.strideH = g.strideW = 1;
  std::vector<double> w = weights(2 * 4 * 4 * 2 * 2 * 2, 0.0, 0.5);
  runWindow("[2, 5, 5]", 50, "[2, 4, 4]", 32,
            "#snn.local<in_channels = 2, out_channels = 2, kernel = [2, 2]>",
            denseText(w), "", snnref::localSynapses(g, w), {});
}

TEST(CompiledVsReference, SumAndAveragePooling) {
  snnref::Pool2d g;
  g.channels = 2;
  g.inH = g.inW = 6;
  g.kh = g.kw = 2;
  runWindow("[2, 6, 6]", 72, "[2, 3, 3]", 18,
            "#snn.sum_pool2d<kernel = [2, 2]>", "", "",
            snnref::sumPool2dSynapses(g), {});
  snnref::Pool2d a;
  a.channels = 1;
  a.inH = a.inW = 6;
  a.kh = a.kw = 3;
  a.strideH = a.strideW = 2;
  a.padH = a.padW = 1;
  runWindow("[1, 6, 6]", 36, "[1, 3, 3]", 9,
            "#snn.avg_pool2d<kernel = [3, 3], stride = [2, 2], padding = [1, 1]>",
            "", "", snnref::avgPool2dSynapses(a), {}, /*r=*/40.0);
}

/// Reset between samples: clearing the state (not the weights) makes the
/// next run repeat the first, spike for spike, for a network that draws no
/// random numbers.
TEST(CompiledVsReference, ResetRepeatsASample) {
  auto jit = compileOrFail(R"(snn.network @net dt 1.0 {
  snn.population @src 1 model @spike_source
  snn.population @n 2 model @lif {tau_m = 10.0}
  snn.projection @p @src -> @n connect #snn.dense weight 0.0 bias dense<[1.5, 2.5]> : tensor<2xf32>
  snn.monitor @n_spk spikes of @n
  snn.monitor @n_v "v" of @n
})");
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({1})));
  ASSERT_FALSE(bool(jit->run(30)));
  std::vector<float> first = **jit->f32("n_v");
  std::vector<float> firstSpikes = **jit->f32("n_spk");
  ASSERT_FALSE(bool(jit->reset(/*state=*/1)));
  ASSERT_FALSE(bool(jit->run(30)));
  EXPECT_EQ(**jit->f32("n_v"), first);
  EXPECT_EQ(**jit->f32("n_spk"), firstSpikes);
  // Without the reset, the next window continues instead: v differs.
  ASSERT_FALSE(bool(jit->run(30)));
  EXPECT_NE(**jit->f32("n_v"), first);
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

namespace {

/// snn.spike_filter (winner-take-all) against the reference: Poisson inputs
/// drive 6 BindsNET LIF neurons hard enough that several cross their
/// threshold in the same step; only k of them spike, by the highest
/// pre-reset membrane (pairs of neurons with the same weights tie: the lower
/// index wins), and the losers are reset or not.
void runWinnerTakeAll(int64_t k, bool resetLosers) {
  const int64_t m = 8, n = 6, steps = 400;
  const uint64_t seed = 5;
  std::vector<double> rates(m, 150.0), w;
  std::string wText;
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      // Neurons 2q and 2q + 1 have the same weights, so they tie.
      w.push_back(1.5 + 0.5 * ((i * 3 + (j / 2) * 5) % 7));
      wText += (wText.empty() ? "" : ", ") + llvm::formatv("{0}", w.back()).str();
    }
  std::string source = llvm::formatv(
      R"(snn.network @net dt 0.5 {{
  snn.population @in {0} model @poisson
  snn.population @pop {1} model @bindsnet_lif {{refrac = 1.0}
  snn.projection @p @in -> @pop connect #snn.dense weight dense<[{2}]> : tensor<{3}xf32>
  snn.spike_filter @wta of @pop k {4} losers "{5}"
  snn.population @out 2 model @lif {{tau_m = 5.0, r = 20.0}
  snn.projection @q @pop -> @out connect #snn.dense weight 0.7
  snn.monitor @out_spk spikes of @out
  snn.monitor @out_v "v" of @out
  snn.monitor @pop_spk spikes of @pop
  snn.monitor @pop_v "v" of @pop
  snn.monitor @pop_refrac_count "refrac_count" of @pop
  snn.monitor @in_spk spikes of @in
})",
      m, n, wText, m * n, k, resetLosers ? "reset" : "keep")
                           .str();
  auto jit = compileOrFail(source);
  ASSERT_TRUE(jit);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));

  snnref::Network net(0.5);
  net.population("in", "poisson", m).external("rate", {rates}).philoxSeed(seed);
  net.population("pop", "bindsnet_lif", n)
      .param("refrac", {1.0})
      .winnerTakeAll(k, "v", resetLosers);
  net.projection("p", "in", "pop", snnref::denseSynapses(m, n, w));
  // What the winners send (the spike lists event-driven delivery reads).
  net.population("out", "lif", 2).param("tau_m", {5.0}).param("r", {20.0});
  net.projection("q", "pop", "out",
                 snnref::denseSynapses(n, 2, std::vector<double>(n * 2, 0.7)));
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", m, steps, {}, true, {0, 0, 1e-6});
  expectMatch(*jit, ref, "pop", n, steps, {"v", "refrac_count"}, true,
              {1e-4, 1e-4, 1e-4});
  expectMatch(*jit, ref, "out", 2, steps, {"v"}, true, {1e-4, 1e-4, 1e-4});
  // The filter did something: steps where more neurons crossed than k.
  const snnref::PopulationTrace &pop = ref.population("pop");
  int64_t filtered = 0, spikes = 0;
  for (int64_t t = 0; t < steps; ++t) {
    int64_t crossed = 0, fired = 0;
    for (int64_t i = 0; i < n; ++i) {
      crossed += pop.margin[t][i] > 0;
      fired += pop.spikes[t][i] != 0;
    }
    ASSERT_LE(fired, k) << "step " << t;
    filtered += crossed > k;
    spikes += fired;
  }
  EXPECT_GT(filtered, 10) << "too few steps with more than k candidates";
  EXPECT_GT(spikes, 30);
}

TEST(CompiledVsReference, WinnerTakeAllOneResetLosers) { runWinnerTakeAll(1, true); }
TEST(CompiledVsReference, WinnerTakeAllTwoKeepLosers) { runWinnerTakeAll(2, false); }

} // namespace

namespace {

/// Poisson inputs into 4 Diehl & Cook neurons with a population mechanism
/// (written in MLIR as `mechanism`, in the reference by `configure`),
/// compared with the reference: spikes, v and theta every step.
template <typename Configure>
void runMechanism(const std::string &mechanism, Configure configure,
                  double weight, int64_t steps) {
  const int64_t m = 6, n = 4;
  const uint64_t seed = 9;
  std::vector<double> rates = {80, 120, 60, 150, 100, 90};
  std::string source = llvm::formatv(
      R"(snn.network @net dt 0.5 {{
  snn.population @in {0} model @poisson
  snn.population @pop {1} model @diehl_cook {{theta_plus = 0.0, refrac = 1.0}
  snn.projection @p @in -> @pop connect #snn.dense weight {2}
  {3}
  snn.monitor @pop_spk spikes of @pop
  snn.monitor @pop_v "v" of @pop
  snn.monitor @pop_theta "theta" of @pop
  snn.monitor @in_spk spikes of @in
})",
      m, n, weight, mechanism)
                           .str();
  auto jit = compileOrFail(source);
  ASSERT_TRUE(jit);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));
  snnref::Network net(0.5);
  net.population("in", "poisson", m).external("rate", {rates}).philoxSeed(seed);
  snnref::Population &pop = net.population("pop", "diehl_cook", n)
                                .param("theta_plus", {0.0})
                                .param("refrac", {1.0});
  configure(pop);
  net.projection("p", "in", "pop",
                 snnref::denseSynapses(m, n, std::vector<double>(m * n, weight)));
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", m, steps, {}, true, {0, 0, 1e-6});
  int64_t until = firstAmbiguousStep(ref.population("pop"), n, steps);
  ASSERT_GT(until, steps / 2);
  expectMatch(*jit, ref, "pop", n, until, {"v", "theta"}, true,
              {1e-4, 1e-4, 1e-4});
}

TEST(CompiledVsReference, ThresholdHomeostasisTowardsATargetRate) {
  // theta rises with every spike above 20 Hz and falls below it, within
  // [0, 6] mV.
  runMechanism(
      R"(snn.homeostasis @h of @pop "theta" target_rate 20.0 rate 0.5 min 0.0 max 6.0)",
      [](snnref::Population &p) { p.homeostasis("theta", 20.0, 0.5, 0.0, 6.0); },
      6.0, 600);
}

TEST(CompiledVsReference, SynapticScalingTowardsATargetRate) {
  // The neurons fire far above 5 Hz: every step the weights shrink by up
  // to 10% until the running rate comes down.
  runMechanism(
      R"(snn.synaptic_scaling @s of @pop target_rate 5.0 tau 20.0)",
      [](snnref::Population &p) { p.synapticScaling(5.0, 20.0, 0.9, 1.1); },
      6.0, 600);
}

} // namespace

namespace {

/// Local winner-take-all (spike_filter radius) on a [2, 4, 4] layer: a
/// winner silences the candidates within 1 position, in both channels;
/// against the reference, with the layer driven hard through a conv2d.
TEST(CompiledVsReference, LocalWinnerTakeAll) {
  const int64_t steps = 300;
  const uint64_t seed = 13;
  std::vector<double> rates(36, 120.0);
  std::vector<double> kernel;
  std::string kText;
  for (int64_t c = 0; c < 2; ++c)
    for (int64_t t = 0; t < 9; ++t) {
      kernel.push_back(1.0 + 0.25 * ((c * 9 + t * 4) % 7));
      kText += (kText.empty() ? "" : ", ") + llvm::formatv("{0}", kernel.back()).str();
    }
  auto jit = compileOrFail(llvm::formatv(R"(snn.network @net dt 0.5 {{
  snn.population @in [1, 6, 6] model @poisson
  snn.population @maps [2, 4, 4] model @bindsnet_lif {{refrac = 1.0}
  snn.projection @p @in -> @maps connect #snn.conv2d<in_channels = 1, out_channels = 2, kernel = [3, 3]>
      weight dense<[{0}]> : tensor<18xf32>
  snn.spike_filter @wta of @maps k 4 losers "reset" radius 1
  snn.monitor @maps_spk spikes of @maps
  snn.monitor @maps_v "v" of @maps
  snn.monitor @in_spk spikes of @in
})",
                                         kText)
                               .str());
  ASSERT_TRUE(jit);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));
  snnref::Network net(0.5);
  net.population("in", "poisson", 36).external("rate", {rates}).philoxSeed(seed);
  net.population("maps", "bindsnet_lif", 32)
      .param("refrac", {1.0})
      .winnerTakeAll(4, "v", true)
      .winnerRadius(1, 4, 4);
  snnref::Conv2d conv;
  conv.outChannels = 2;
  conv.inH = conv.inW = 6;
  conv.kh = conv.kw = 3;
  net.projection("p", "in", "maps", snnref::conv2dSynapses(conv, kernel));
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", 36, steps, {}, true, {0, 0, 1e-6});
  expectMatch(*jit, ref, "maps", 32, steps, {"v"}, true, {1e-4, 1e-4, 1e-4});
  // Two winners in one step are never within one position of each other,
  // and the radius did silence someone.
  const snnref::PopulationTrace &maps = ref.population("maps");
  int64_t silenced = 0;
  for (int64_t t = 0; t < steps; ++t) {
    std::vector<int64_t> fired;
    int64_t crossed = 0;
    for (int64_t i = 0; i < 32; ++i) {
      crossed += maps.margin[t][i] > 0;
      if (maps.spikes[t][i])
        fired.push_back(i);
    }
    for (size_t a = 0; a < fired.size(); ++a)
      for (size_t b = a + 1; b < fired.size(); ++b) {
        int64_t pa = fired[a] % 16, pb = fired[b] % 16;
        EXPECT_FALSE(std::abs(pa / 4 - pb / 4) <= 1 && std::abs(pa % 4 - pb % 4) <= 1)
            << "neighbouring winners at step " << t;
      }
    silenced += crossed > int64_t(fired.size());
  }
  EXPECT_GT(silenced, 10);
}

} // namespace
