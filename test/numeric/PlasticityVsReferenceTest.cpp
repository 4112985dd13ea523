//===- PlasticityVsReferenceTest.cpp - compiled rules vs the reference ----===//
//
// Plasticity rules (docs/plasticity.md, docs/rules/) compiled and run
// in-process against the reference simulator's independent implementations:
// every weight at every step, up to the first spike whose margin is too
// close to 0 for f32 and double to agree, plus the spikes and membranes
// the rules influence.
//
//===----------------------------------------------------------------------===//

#include "test/numeric/RuleHarness.h"

using namespace snn::numeric;

namespace {

TEST(CompiledVsReference, PairStdpDense) {
  runStdp("stdp_pair", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.4)), 0.4);
}

TEST(CompiledVsReference, PostPreWithBoundsAndDecay) {
  // BindsNET's PostPre (docs/rules/postpre.md): traces set on a spike,
  // weight decay, and bounds that the depression reaches.
  runStdp("postpre", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.4)), 0.4,
          {{"nu_pre", 0.03},
           {"nu_post", 0.05},
           {"w_min", 0.25},
           {"w_max", 0.6},
           {"weight_decay", 0.001}});
}

/// BindsNET's PostPre without a decay: the compiled rule touches only the
/// rows of the inputs and the columns of the neurons that fired, and
/// clamps just those (docs/plasticity.md). Sparse rows, so some synapses of
/// a spiking row or column do not exist.
void runPostPreBounds(double w0, double nuPre, double nuPost) {
  std::vector<int64_t> indptr = {0, 2, 3, 3, 6, 7, 8};
  std::vector<int64_t> indices = {0, 2, 1, 0, 1, 2, 2, 0};
  runStdp("postpre",
          "#snn.csr<indptr = [0, 2, 3, 3, 6, 7, 8], indices = [0, 2, 1, 0, 1, 2, 2, 0]>",
          snnref::csrSynapses(indptr, indices, std::vector<double>(8, w0)), w0,
          {{"nu_pre", nuPre}, {"nu_post", nuPost}, {"w_min", 0.3}, {"w_max", 0.5}});
}

// Depression reaches w_min: the rows of the spiking inputs are clamped.
TEST(CompiledVsReference, PostPreLowerBoundOnSpikingRows) {
  runPostPreBounds(0.4, 0.05, 0.03);
}

// Potentiation reaches w_max: the columns of the spiking neurons are.
TEST(CompiledVsReference, PostPreUpperBoundOnSpikingColumns) {
  runPostPreBounds(0.42, 0.05, 0.1);
}

TEST(CompiledVsReference, PostPreAdditiveTraces) {
  runStdp("postpre", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.4)), 0.4,
          {{"nu_pre", 0.01},
           {"nu_post", 0.03},
           {"traces_additive", 1.0},
           {"trace_scale", 0.5},
           {"tc_trace_pre", 15.0}});
}

TEST(CompiledVsReference, HebbianWithBounds) {
  runStdp("hebbian", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.2)), 0.2,
          {{"nu_pre", 0.002}, {"nu_post", 0.01}, {"w_max", 0.5}});
}

TEST(CompiledVsReference, WeightDependentPostPreSparse) {
  std::vector<int64_t> indptr = {0, 2, 3, 3, 6, 7, 8};
  std::vector<int64_t> indices = {0, 2, 1, 0, 1, 2, 2, 0};
  runStdp("weight_dependent_postpre",
          "#snn.csr<indptr = [0, 2, 3, 3, 6, 7, 8], indices = [0, 2, 1, 0, 1, 2, 2, 0]>",
          snnref::csrSynapses(indptr, indices, std::vector<double>(8, 0.6)), 0.6,
          {{"nu_pre", 0.05}, {"nu_post", 0.1}, {"w_min", -0.2}, {"w_max", 0.9},
           {"weight_decay", 0.0005}});
}

// Spark's rules (docs/rules/spark_*.md): the arrival of a spike pairs
// with this step's post trace; dense rows, then sparse rows for Zenke's
// per-synapse target.
TEST(CompiledVsReference, SparkHebbian) {
  runStdp("spark_hebbian", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.3)), 0.3,
          {{"eta", 0.3}, {"pre_tau", 15.0}});
}

TEST(CompiledVsReference, SparkOja) {
  runStdp("spark_oja", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.4)), 0.4,
          {{"eta", 3.0}});
}

// The seed generation's form (seed = 1): unit-step Euler decays, signed
// arrivals (pre_sign -1: an inhibitory source), Oja's x s_post, no bound.
TEST(CompiledVsReference, SparkHebbianSeedGeneration) {
  runStdp("spark_hebbian", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.3)), 0.3,
          {{"eta", 0.05}, {"pre_tau", 15.0}, {"seed", 1.0}, {"pre_sign", -1.0},
           {"w_min", -3.0e38}});
}

TEST(CompiledVsReference, SparkOjaSeedGeneration) {
  runStdp("spark_oja", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.4)), 0.4,
          {{"eta", 3.0}, {"seed", 1.0}, {"w_min", -3.0e38}});
}

TEST(CompiledVsReference, SparkZenkeSeedGeneration) {
  runStdp("spark_zenke", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.4)), 0.4,
          {{"eta", 0.02}, {"target_tau", 200.0}, {"post_slow_tau", 100.0},
           {"a", 40.0}, {"c", -4000.0}, {"seed", 1.0}, {"w_min", -3.0e38}});
}

TEST(CompiledVsReference, SparkZenkeSparse) {
  std::vector<int64_t> indptr = {0, 2, 3, 3, 6, 7, 8};
  std::vector<int64_t> indices = {0, 2, 1, 0, 1, 2, 2, 0};
  runStdp("spark_zenke",
          "#snn.csr<indptr = [0, 2, 3, 3, 6, 7, 8], indices = [0, 2, 1, 0, 1, 2, 2, 0]>",
          snnref::csrSynapses(indptr, indices, std::vector<double>(8, 0.4)), 0.4,
          {{"eta", 0.02}, {"target_tau", 200.0}, {"post_slow_tau", 100.0},
           {"a", 40.0}, {"c", -4000.0}});
}

// First-spike STDP (docs/rules/first_spike_stdp.md): without a reset in
// 400 steps only each neuron's first spike learns, so the rates are large
// to make that one update visible; multiplicative, then additive.
TEST(CompiledVsReference, FirstSpikeStdpMultiplicative) {
  runStdp("first_spike_stdp", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.4)), 0.4,
          {{"lr_plus", 0.3}, {"lr_minus", 0.2}});
}

TEST(CompiledVsReference, FirstSpikeStdpAdditive) {
  runStdp("first_spike_stdp", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.4)), 0.4,
          {{"lr_plus", 0.05}, {"lr_minus", 0.03}, {"multiplicative", 0.0}});
}

/// A reward-modulated rule (docs/rules/mstdp.md, mstdpet.md) reading a
/// reward modulator the host writes before every step: +1, -0.5, 0,
/// repeating. Run one step at a time, the compiled weights follow the
/// reference's.
void runRewardRule(const std::string &rule,
                   std::map<std::string, double> params) {
  const int64_t k = 6, n = 3, steps = 300;
  const uint64_t seed = 21;
  std::vector<double> rates = {80.0, 120.0, 60.0, 150.0, 100.0, 90.0};
  auto jit = compileOrFail(R"(snn.network @net dt 1.0 {
  snn.population @in 6 model @poisson
  snn.population @pop 3 model @lif {tau_m = 10.0, r = 15.0}
  snn.modulator @reward
  snn.projection @p @in -> @pop connect #snn.dense weight 0.4 plasticity @)" +
                           rule + " {" + paramText(params) + R"(}
  snn.monitor @p_w "w" of @p
})");
  ASSERT_TRUE(jit);
  snnref::Series reward(steps, std::vector<double>(1, 0.0));
  for (int64_t t = 0; t < steps; ++t)
    reward[t][0] = t % 3 == 0 ? 1.0 : t % 3 == 1 ? -0.5 : 0.0;
  snnref::Network net(1.0);
  net.population("in", "poisson", k).external("rate", {rates}).philoxSeed(seed);
  net.population("pop", "lif", n).param("tau_m", {10.0}).param("r", {15.0});
  net.projection("p", "in", "pop",
                 snnref::denseSynapses(k, n, std::vector<double>(k * n, 0.4)))
      .plasticity(rule, params)
      .modulator("reward", reward);
  snnref::Recording ref = snnref::simulate(net, steps);
  int64_t until = firstAmbiguousStep(ref.population("pop"), n, steps);
  ASSERT_GT(until, 100);
  ASSERT_GT(ref.population("pop").spikeCount(), 5);

  ASSERT_FALSE(bool(jit->init({seed})));
  auto rate = jit->f32("in.rate");
  auto r = jit->f32("reward");
  ASSERT_TRUE(bool(rate) && bool(r));
  for (int64_t i = 0; i < k; ++i)
    (**rate)[i] = static_cast<float>(rates[i]);
  const snnref::Series &wRef = ref.projection("p").weights;
  double moved = 0;
  for (int64_t t = 0; t < until; ++t) {
    (**r)[0] = static_cast<float>(reward[t][0]);
    ASSERT_FALSE(bool(jit->run(1)));
    auto w = jit->f32("p_w");
    ASSERT_TRUE(bool(w));
    for (int64_t s = 0; s < k * n; ++s) {
      // f32 against double: 1e-5 absolute, and relative for weights that
      // grow large (R-STDP's eligibility sums products of traces).
      ASSERT_NEAR((**w)[s], wRef[t][s], 1e-5 + 1e-5 * std::fabs(wRef[t][s]))
          << "synapse " << s << " at step " << t;
      moved = std::max(moved, std::fabs(wRef[t][s] - 0.4));
    }
  }
  EXPECT_GT(moved, 0.01) << "the reward should have moved the weights";
}

TEST(CompiledVsReference, MstdpWithARewardEveryStep) {
  runRewardRule("mstdp", {{"nu", 0.02}, {"w_min", 0.0}, {"w_max", 1.0}});
}

TEST(CompiledVsReference, NgclearnMstdpetWithARewardEveryStep) {
  // Additive traces, a target pre trace, weight-dependent factors and a
  // decay: every knob of docs/rules/ngclearn_mstdpet.md.
  runRewardRule("ngclearn_mstdpet",
                {{"eta", 0.5}, {"tau_elg", 30.0}, {"elg_decay", 0.9},
                 {"mu", 1.0}, {"pretrace_target", 0.1}, {"tau_w", 400.0},
                 {"a_delta", 1.0}, {"A_minus", 0.5}});
}

TEST(CompiledVsReference, RstdpWithARewardEveryStep) {
  runRewardRule("rstdp", {{"lr", 0.0002}});
}

TEST(CompiledVsReference, TsodyksMarkramScalesWhatIsDelivered) {
  // Short-term depression and facilitation (docs/rules/tsodyks_markram.md):
  // what each spike delivers, w u x, changes with the source's recent
  // spikes; the targets' v and spikes follow the reference's.
  const int64_t k = 5, n = 3, steps = 300;
  const uint64_t seed = 17;
  std::vector<double> rates = {200.0, 50.0, 120.0, 300.0, 80.0};
  auto jit = compileOrFail(R"(snn.network @net dt 1.0 {
  snn.population @in 5 model @poisson
  snn.population @pop 3 model @lif {tau_m = 10.0, r = 12.0}
  snn.projection @p @in -> @pop connect #snn.dense weight 0.5 plasticity @tsodyks_markram {tau_d = 40.0, tau_f = 150.0}
  snn.monitor @in_spk spikes of @in
  snn.monitor @pop_spk spikes of @pop
  snn.monitor @pop_v "v" of @pop
})");
  ASSERT_TRUE(jit);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));
  snnref::Network net(1.0);
  net.population("in", "poisson", k).external("rate", {rates}).philoxSeed(seed);
  net.population("pop", "lif", n).param("tau_m", {10.0}).param("r", {12.0});
  net.projection("p", "in", "pop",
                 snnref::denseSynapses(k, n, std::vector<double>(k * n, 0.5)))
      .plasticity("tsodyks_markram", {{"tau_d", 40.0}, {"tau_f", 150.0}});
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", k, steps, {}, true, {0, 0, 1e-6});
  expectMatch(*jit, ref, "pop", n, steps, {"v"}, true, {1e-4, 1e-4, 1e-4});
  // Depression is visible: the first spike of the busiest source delivers
  // w u_se = 0.1, later ones less.
  const snnref::Series &delivered = ref.projection("p").delivered;
  double first = 0, least = 1e9;
  for (int64_t t = 1; t < steps; ++t) {
    double d = delivered[t][0];
    if (d > 0 && first == 0)
      first = d;
    if (d > 0)
      least = std::min(least, d);
  }
  EXPECT_GT(first, 0.09);
  EXPECT_LT(least, 0.8 * first);
}

/// A rule reading an error signal per post neuron (snn.modulator @err [3],
/// bound to the rule's "error"): each synapse reads its own post neuron's
/// value; weights compared step by step with the reference. Returns the
/// reference's final weights.
std::vector<double> runErrorRule(const std::string &models,
                                 const std::string &rule,
                                 std::map<std::string, double> params,
                                 double w0, double r) {
  const int64_t k = 4, n = 3, steps = 120;
  const uint64_t seed = 3;
  std::vector<double> rates = {100.0, 200.0, 50.0, 150.0};
  std::vector<double> error = {1.0, -2.0, 0.5};
  auto jit = compileOrFail(models + llvm::formatv(R"(
snn.network @net dt 1.0 {{
  snn.population @in 4 model @poisson
  snn.population @pop 3 model @lif {{r = {0:e}}
  snn.modulator @err [3]
  snn.projection @p @in -> @pop connect #snn.dense weight {1:e} plasticity @{2} {{{3}} modulators {{error = @err}
  snn.monitor @in_spk spikes of @in
  snn.monitor @p_w "w" of @p
})", r, w0, rule, paramText(params)).str());
  EXPECT_TRUE(jit);
  if (!jit)
    return {};
  EXPECT_FALSE(bool(jit->init({seed})));
  auto rate = jit->f32("in.rate");
  auto err = jit->f32("err");
  EXPECT_TRUE(bool(rate) && bool(err));
  for (int64_t i = 0; i < k; ++i)
    (**rate)[i] = static_cast<float>(rates[i]);
  for (int64_t j = 0; j < n; ++j)
    (**err)[j] = static_cast<float>(error[j]);
  EXPECT_FALSE(bool(jit->run(steps)));
  snnref::Network net(1.0);
  net.population("in", "poisson", k).external("rate", {rates}).philoxSeed(seed);
  net.population("pop", "lif", n).param("r", {r});
  net.projection("p", "in", "pop",
                 snnref::denseSynapses(k, n, std::vector<double>(k * n, w0)))
      .plasticity(rule, params)
      .modulator("error", {error});
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", k, steps, {}, true, {0, 0, 1e-6});
  auto w = jit->f32("p_w");
  EXPECT_TRUE(bool(w));
  const snnref::Series &wRef = ref.projection("p").weights;
  int64_t until = firstAmbiguousStep(ref.population("pop"), n, steps);
  EXPECT_GT(until, 60) << "an ambiguous spike too early to compare much";
  if (until == 0)
    return {};
  for (int64_t t = 0; t < until; ++t)
    for (int64_t s = 0; s < k * n; ++s) {
      double want = wRef[t][s];
      EXPECT_NEAR((**w)[t * k * n + s], want, 1e-5 + 1e-5 * std::fabs(want))
          << "synapse " << s << " at step " << t;
      if (std::fabs((**w)[t * k * n + s] - want) > 1e-5 + 1e-5 * std::fabs(want))
        return {};
    }
  return wRef[until - 1];
}

TEST(CompiledVsReference, PerNeuronModulator) {
  std::vector<double> w = runErrorRule(R"(
snn.plasticity_model @error_drift params {rate = 0.01} modulators ["error"] {
  synapse_dynamics {
    %w = snn.get "w" : f32
    %r = snn.get "rate" : f32
    %e = snn.get_modulator "error" : f32
    %s = snn.get_pre "spike" : f32
    %re = arith.mulf %r, %e : f32
    %dw = arith.mulf %re, %s : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}
)", "error_drift", {{"rate", 0.002}}, 0.1, 1.0);
  ASSERT_EQ(w.size(), 12u);
  // Synapses into post neuron 1 (error -2) fell, into 0 and 2 rose.
  EXPECT_LT(w[1], 0.07);
  EXPECT_GT(w[0], 0.11);
  EXPECT_GT(w[2], 0.105);
}

TEST(CompiledVsReference, ThreeFactorEligibility) {
  // sc_neurocore's three-factor trace (docs/rules/three_factor.md): weights
  // move only where pre and post spiked together, by the post's error.
  std::vector<double> w =
      runErrorRule("", "three_factor", {{"lr", 0.01}}, 0.5, 12.0);
  ASSERT_EQ(w.size(), 12u);
  double moved = 0;
  for (double x : w)
    moved = std::max(moved, std::fabs(x - 0.5));
  EXPECT_GT(moved, 0.01);
}

TEST(CompiledVsReference, MstdpetWithARewardEveryStep) {
  runRewardRule("mstdpet", {{"nu", 0.5}, {"w_min", 0.0}, {"w_max", 1.0}});
}

TEST(CompiledVsReference, MultiplicativePairStdpDense) {
  runStdp("stdp_pair_mult", "#snn.dense",
          snnref::denseSynapses(6, 3, std::vector<double>(18, 0.4)), 0.4);
}

TEST(CompiledVsReference, PairStdpCompressedRows) {
  // Rows: 0 -> {0, 2}, 1 -> {1}, 2 -> {}, 3 -> {0, 1, 2}, 4 -> {2}, 5 -> {0}.
  std::vector<int64_t> indptr = {0, 2, 3, 3, 6, 7, 8};
  std::vector<int64_t> indices = {0, 2, 1, 0, 1, 2, 2, 0};
  runStdp("stdp_pair",
          "#snn.csr<indptr = [0, 2, 3, 3, 6, 7, 8], indices = [0, 2, 1, 0, 1, 2, 2, 0]>",
          snnref::csrSynapses(indptr, indices, std::vector<double>(8, 0.6)),
          0.6);
}

TEST(CompiledVsReference, SynapseDynamicsAndSynapseState) {
  // The reference's eligibility_drift: e <- 0.9 e + x every step, then
  // w <- w - rate e; x jumps by 1 on a pre spike and halves every step.
  const int64_t k = 4, n = 2, steps = 200;
  const uint64_t seed = 5;
  std::vector<double> rates = {50.0, 100.0, 20.0, 80.0};
  auto jit = compileOrFail(R"(
snn.plasticity_model @eligibility_drift params {rate = 0.001}
    pre_state {x = 0.0} synapse_state {e = 0.0} {
  pre_dynamics {
    %x = snn.get "x" : f32
    %h = arith.constant 0.5 : f32
    %x1 = arith.mulf %x, %h : f32
    snn.set "x", %x1 : f32
  }
  pre_spike {
    %x = snn.get "x" : f32
    %one = arith.constant 1.0 : f32
    %x1 = arith.addf %x, %one : f32
    snn.set "x", %x1 : f32
  }
  synapse_dynamics {
    %e = snn.get "e" : f32
    %x = snn.get_pre "x" : f32
    %k = arith.constant 0.9 : f32
    %ek = arith.mulf %e, %k : f32
    %e1 = arith.addf %ek, %x : f32
    snn.set "e", %e1 : f32
    %w = snn.get "w" : f32
    %r = snn.get "rate" : f32
    %dw = arith.mulf %r, %e1 : f32
    %w1 = arith.subf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}
snn.network @net dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @pop 2 model @lif {tau_m = 10.0}
  snn.projection @p @in -> @pop connect #snn.dense weight 0.5 plasticity @eligibility_drift {rate = 0.002}
  snn.monitor @in_spk spikes of @in
  snn.monitor @p_w "w" of @p
  snn.monitor @p_e "e" of @p
})");
  ASSERT_TRUE(jit);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));
  snnref::Network net(1.0);
  net.population("in", "poisson", k).external("rate", {rates}).philoxSeed(seed);
  net.population("pop", "lif", n).param("tau_m", {10.0});
  net.projection("p", "in", "pop",
                 snnref::denseSynapses(k, n, std::vector<double>(k * n, 0.5)))
      .plasticity("eligibility_drift", {{"rate", 0.002}});
  snnref::Recording ref = snnref::simulate(net, steps);
  expectMatch(*jit, ref, "in", k, steps, {}, true, {0, 0, 1e-6});
  auto w = jit->f32("p_w");
  ASSERT_TRUE(bool(w)) << llvm::toString(w.takeError());
  const snnref::Series &wRef = ref.projection("p").weights;
  for (int64_t t = 0; t < steps; ++t)
    for (int64_t s = 0; s < k * n; ++s)
      ASSERT_NEAR((**w)[t * k * n + s], wRef[t][s], 1e-5)
          << "synapse " << s << " at step " << t;
  EXPECT_LT(wRef[steps - 1][0], 0.45) << "the weights should drift";
  // The recorded synapse state, one row of all synapses per step.
  auto e = jit->f32("p_e");
  ASSERT_TRUE(bool(e)) << llvm::toString(e.takeError());
  ASSERT_EQ((*e)->size(), static_cast<size_t>(steps * k * n));
}


} // namespace

namespace {

/// Diehl & Cook's per-sample mechanisms through `<net>_reset`: weights
/// normalised per target column (`normalize`), and a persistent adaptive
/// threshold kept by a reset of the state, reset with the weights.
TEST(PerSampleMechanisms, NormalizeAndPersistentThreshold) {
  auto jit = compileOrFail(R"(snn.network @net dt 0.5 {
  snn.population @in 5 model @poisson
  snn.population @exc 3 model @diehl_cook {theta_plus = 0.25}
  snn.projection @p @in -> @exc connect #snn.dense
      weight dense<[[0.1, 0.0, 2.0], [0.2, 0.0, 2.0], [0.3, 0.0, 2.0],
                    [0.4, 0.0, 2.0], [0.5, 0.0, 2.0]]> : tensor<5x3xf32>
      normalize 3.0
})");
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({7})));
  auto w = jit->f32("p.w");
  auto theta = jit->f32("exc.theta");
  auto v = jit->f32("exc.v");
  auto rate = jit->f32("in.rate");
  ASSERT_TRUE(w && theta && v && rate);
  // Init leaves the weights as given; the first reset normalises.
  EXPECT_FLOAT_EQ((**w)[0], 0.1f);
  for (int i = 0; i < 5; ++i)
    (**rate)[i] = 500.0f;
  ASSERT_FALSE(bool(jit->run(200)));
  float thetaAfter = (**theta)[2];
  EXPECT_GT(thetaAfter, 0.0f) << "neuron 2 (weights 2.0) should have fired";
  ASSERT_FALSE(bool(jit->reset(1))); // SNN_RESET_STATE
  // Columns 0 and 2 sum to 3 (same proportions); column 1 sums to 0 and is
  // left alone.
  for (int j : {0, 2}) {
    double sum = 0;
    for (int i = 0; i < 5; ++i)
      sum += (**w)[i * 3 + j];
    EXPECT_NEAR(sum, 3.0, 1e-5) << "column " << j;
  }
  EXPECT_NEAR((**w)[0 * 3 + 0], 0.1 * 3.0 / 1.5, 1e-6);
  EXPECT_NEAR((**w)[4 * 3 + 2], 0.6, 1e-6);
  EXPECT_EQ((**w)[1], 0.0f);
  // The state is back to rest; theta, learned, is not.
  EXPECT_EQ((**v)[2], -65.0f);
  EXPECT_EQ((**theta)[2], thetaAfter);
  ASSERT_FALSE(bool(jit->reset(2))); // SNN_RESET_WEIGHTS
  EXPECT_EQ((**theta)[2], 0.0f);
}

} // namespace

namespace {

/// The synapses [begin, end) after a rewiring at step 0 with threshold 0.06
/// and regrowth in [0.001, 0.05]: how many of those below the threshold
/// are zero and how many regrew; the others must keep their weight.
std::pair<int64_t, int64_t> afterFirstRewiring(const std::vector<float> &w,
                                               const std::vector<double> &w0,
                                               size_t begin, size_t end) {
  int64_t zeros = 0, grown = 0;
  for (size_t s = begin; s < end; ++s) {
    if (w0[s] >= 0.06) {
      EXPECT_EQ(w[s], static_cast<float>(w0[s])) << "synapse " << s;
      continue;
    }
    zeros += w[s] == 0.0f;
    grown += w[s] >= 0.001f && w[s] <= 0.05f;
  }
  return {zeros, grown};
}

/// snn.structural_plasticity against the reference: weights below the
/// threshold are pruned every 10 steps and as many as the quota allows
/// regrow in [0.001, 0.05], below the threshold again, so synapses keep
/// dying and growing; the same Philox draws choose which. (A rule with no
/// learning makes the reference record the weights.)
TEST(CompiledVsReference, StructuralPlasticityPrunesAndRegrows) {
  const int64_t k = 6, n = 3, steps = 200;
  std::vector<double> w0 = {0.2, 0.01, 0.3, 0.02, 0.4,  0.2,  0.03, 0.5, 0.2,
                            0.6, 0.2,  0.0, 0.2,  0.04, 0.3,  0.2,  0.01, 0.7};
  auto jit = compileOrFail(llvm::formatv(R"(snn.network @net dt 1.0 {{
  snn.population @in 6 model @poisson
  snn.population @pop 3 model @lif
  snn.projection @p @in -> @pop connect #snn.dense
      weight {0} plasticity @postpre
  snn.structural_plasticity @rewire of @p prune_threshold 0.06 growth_rate 0.2 every 10
  snn.monitor @p_w "w" of @p
})",
                                         denseText(w0))
                               .str());
  ASSERT_TRUE(jit);
  const uint64_t seed = 3;
  std::vector<double> rates(k, 50.0);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));
  snnref::Network net(1.0);
  net.population("in", "poisson", k).external("rate", {rates}).philoxSeed(seed);
  net.population("pop", "lif", n);
  net.projection("p", "in", "pop", snnref::denseSynapses(k, n, w0))
      .plasticity("postpre", {})
      .structural("rewire", 0.06, 0.2, 10, 0.001, 0.05, seed);
  snnref::Recording ref = snnref::simulate(net, steps);
  auto w = jit->f32("p_w");
  ASSERT_TRUE(bool(w));
  const snnref::Series &wRef = ref.projection("p").weights;
  int64_t regrown = 0;
  for (int64_t t = 0; t < steps; ++t)
    for (size_t s = 0; s < w0.size(); ++s) {
      double got = (**w)[t * w0.size() + s], want = wRef[t][s];
      ASSERT_NEAR(got, want, 1e-7) << "synapse " << s << " at step " << t;
      if (t > 0 && wRef[t - 1][s] == 0.0 && want != 0.0)
        ++regrown;
    }
  EXPECT_GT(regrown, 20) << "synapses should have regrown";
  // At step 0: the 6 weights below 0.06 were pruned and 3 of them (the
  // quota, floor(0.2 * 18)) regrew in [0.001, 0.05]; the others stay.
  EXPECT_EQ(afterFirstRewiring(**w, w0, 0, w0.size()),
            (std::pair<int64_t, int64_t>(3, 3)));
}

/// `per_row`: every source neuron's row of a CSR projection (rows of 4, 2,
/// 0, 5, 3 and 4 synapses) is a capacity of its own, with a quota of
/// max(1, floor(0.5 x its length)); against the reference, and at step 0
/// row by row: the pruned synapses minus the row's quota stay zero (the
/// whole projection's quota, floor(0.5 x 18) = 9, would regrow 9 of 11).
TEST(CompiledVsReference, StructuralPlasticityPerRow) {
  const int64_t steps = 120;
  std::vector<int64_t> indptr = {0, 4, 6, 6, 11, 14, 18};
  std::vector<int64_t> indices = {0, 1, 3, 5, 2, 4, 0, 1, 2,
                                  3, 4, 1, 3, 5, 0, 2, 4, 5};
  std::vector<double> w0 = {0.01, 0.2,  0.02, 0.03, 0.3, 0.04,
                            0.01, 0.02, 0.03, 0.5,  0.04, 0.2,
                            0.3,  0.4,  0.05, 0.6,  0.0,  0.01};
  auto jit = compileOrFail(llvm::formatv(R"(snn.network @net dt 1.0 {{
  snn.population @in 6 model @poisson
  snn.population @pop 6 model @lif
  snn.projection @p @in -> @pop connect #snn.csr<indptr = [0, 4, 6, 6, 11, 14, 18], indices = [0, 1, 3, 5, 2, 4, 0, 1, 2, 3, 4, 1, 3, 5, 0, 2, 4, 5]>
      weight {0} plasticity @postpre
  snn.structural_plasticity @rows of @p prune_threshold 0.06 growth_rate 0.5 every 10 per_row
  snn.monitor @p_w "w" of @p
})",
                                         denseText(w0))
                               .str());
  ASSERT_TRUE(jit);
  const uint64_t seed = 5;
  std::vector<double> rates(6, 50.0);
  ASSERT_TRUE(runWithRates(*jit, seed, rates, steps));
  snnref::Network net(1.0);
  net.population("in", "poisson", 6).external("rate", {rates}).philoxSeed(seed);
  net.population("pop", "lif", 6);
  net.projection("p", "in", "pop", snnref::csrSynapses(indptr, indices, w0))
      .plasticity("postpre", {})
      .structural("rows", 0.06, 0.5, 10, 0.001, 0.05, seed, /*perRow=*/true);
  snnref::Recording ref = snnref::simulate(net, steps);
  auto w = jit->f32("p_w");
  ASSERT_TRUE(bool(w));
  const snnref::Series &wRef = ref.projection("p").weights;
  for (int64_t t = 0; t < steps; ++t)
    for (size_t s = 0; s < w0.size(); ++s)
      ASSERT_NEAR((**w)[t * w0.size() + s], wRef[t][s], 1e-7)
          << "synapse " << s << " at step " << t;
  const std::vector<int64_t> zerosLeft = {1, 0, 0, 2, 0, 1};
  for (size_t row = 0; row + 1 < indptr.size(); ++row) {
    int64_t weak = 0;
    for (int64_t s = indptr[row]; s < indptr[row + 1]; ++s)
      weak += w0[s] < 0.06;
    EXPECT_EQ(afterFirstRewiring(**w, w0, indptr[row], indptr[row + 1]),
              (std::pair<int64_t, int64_t>(zerosLeft[row], weak - zerosLeft[row])))
        << "row " << row;
  }
}

} // namespace

namespace {

/// A modulator read in a neuron region (post_spike): each post neuron's
/// trace jumps by its own `gain` (a per-neuron modulator the host writes),
/// and on_pre depresses by the trace; against the reference's `gain_trace`.
TEST(CompiledVsReference, ModulatorInANeuronRegion) {
  const int64_t k = 6, n = 3, steps = 300;
  const uint64_t seed = 23;
  std::vector<double> rates = {80.0, 120.0, 60.0, 150.0, 100.0, 90.0};
  std::vector<double> gains = {0.5, 1.0, 2.0};
  auto jit = compileOrFail(R"(
snn.plasticity_model @gain_trace params {tau = 20.0} post_state {y = 0.0}
    modulators ["gain"] {
  post_spike {
    %y = snn.get "y" : f32
    %g = snn.get_modulator "gain" : f32
    %y1 = arith.addf %y, %g : f32
    snn.set "y", %y1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %tau = snn.get "tau" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %d = math.exp %nq : f32
    %y1 = arith.mulf %y, %d : f32
    snn.set "y", %y1 : f32
  }
  on_pre {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %c = arith.constant 0.01 : f32
    %dw = arith.mulf %c, %y : f32
    %w1 = arith.subf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}
snn.network @net dt 1.0 {
  snn.population @in 6 model @poisson
  snn.population @pop 3 model @lif {tau_m = 10.0, r = 15.0}
  snn.modulator @gain [3]
  snn.projection @p @in -> @pop connect #snn.dense weight 0.4 plasticity @gain_trace
  snn.monitor @p_w "w" of @p
  snn.monitor @pop_spk spikes of @pop
})");
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({seed})));
  auto rate = jit->f32("in.rate");
  auto gain = jit->f32("gain");
  ASSERT_TRUE(bool(rate) && bool(gain));
  for (int64_t i = 0; i < k; ++i)
    (**rate)[i] = static_cast<float>(rates[i]);
  for (int64_t j = 0; j < n; ++j)
    (**gain)[j] = static_cast<float>(gains[j]);
  ASSERT_FALSE(bool(jit->run(steps)));

  snnref::Network net(1.0);
  net.population("in", "poisson", k).external("rate", {rates}).philoxSeed(seed);
  net.population("pop", "lif", n).param("tau_m", {10.0}).param("r", {15.0});
  net.projection("p", "in", "pop",
                 snnref::denseSynapses(k, n, std::vector<double>(k * n, 0.4)))
      .plasticity("gain_trace", {})
      .modulator("gain", {gains});
  snnref::Recording ref = snnref::simulate(net, steps);
  int64_t until = firstAmbiguousStep(ref.population("pop"), n, steps);
  ASSERT_GT(until, 60);
  auto w = jit->f32("p_w");
  ASSERT_TRUE(bool(w));
  const snnref::Series &wRef = ref.projection("p").weights;
  double spread = 0;
  for (int64_t t = 0; t < until; ++t)
    for (int64_t s = 0; s < k * n; ++s)
      ASSERT_NEAR((**w)[t * k * n + s], wRef[t][s], 1e-5)
          << "synapse " << s << " at step " << t;
  // The neurons' gains show: columns learn at different speeds.
  for (int64_t i = 0; i < k; ++i)
    spread = std::max(spread, std::fabs(wRef[until - 1][i * n + 2] -
                                        wRef[until - 1][i * n + 0]));
  EXPECT_GT(spread, 0.001);
}

} // namespace
