//===- PolicyGradientVsReferenceTest.cpp - REINFORCE against the reference -===//
//
// ngclearn's REINFORCESynapse as snnc writes it (docs/rules/
// ngclearn_reinforce.md): a @gaussian_policy population whose mean and
// log-std ports are fed by two plastic projections from binary inputs,
// @ngclearn_reinforce_mu and @ngclearn_reinforce_logstd, a reward every
// step. Compiled against the reference simulator's independent twins
// (test/reference: the policy in Models.cpp, the rules in
// PlasticityModels.cpp), step by step: the samples and every weight.
// (BindsnetFixturesTest.cpp replays weights recorded from ngclearn itself.)
//
//===----------------------------------------------------------------------===//

#include "test/numeric/Harness.h"

using namespace snn::numeric;

namespace {

constexpr int64_t kInputs = 6, kActions = 3, kSteps = 150;

struct PolicyCase {
  std::map<std::string, double> policy; // gaussian_policy parameters
  std::map<std::string, double> mu, logstd; // the two rules' parameters
};

/// Inputs, draws and rewards: fixed sequences, the same on both sides.
struct Drive {
  snnref::Series spikes, eps, reward;
  std::vector<double> wMu, wLog;
  Drive()
      : spikes(kSteps, std::vector<double>(kInputs, 0.0)),
        eps(kSteps, std::vector<double>(kActions, 0.0)),
        reward(kSteps, std::vector<double>(1, 0.0)),
        wMu(kInputs * kActions), wLog(kInputs * kActions) {
    for (int64_t t = 0; t < kSteps; ++t) {
      for (int64_t i = 0; i < kInputs; ++i)
        spikes[t][i] = (t * 7 + i * 3) % 5 < 2 ? 1.0 : 0.0;
      for (int64_t j = 0; j < kActions; ++j)
        eps[t][j] = static_cast<float>(1.5 * std::sin(1.7 * t + 0.9 * j));
      reward[t][0] = static_cast<float>(std::cos(0.37 * t));
    }
    for (int64_t k = 0; k < kInputs * kActions; ++k) {
      wMu[k] = static_cast<float>(0.05 + 0.4 * ((k * 5) % 7) / 7.0);
      wLog[k] = static_cast<float>(0.02 + 0.3 * ((k * 3) % 5) / 5.0);
    }
  }
};

/// What the compiled network records after every step: the samples of
/// every entry and both weight matrices.
struct Trajectory {
  std::vector<std::vector<float>> sample, mu, logstd;
};

/// The compiled policy network with `batch` entries, all given the same
/// inputs and draws, entry e the reward times rewardScale[e]; both
/// projections reduce the entries' updates by `reduction`.
Trajectory compiled(const PolicyCase &pc, int64_t batch,
                    const std::string &reduction,
                    const std::vector<double> &rewardScale) {
  Drive d;
  std::string reduce =
      reduction.empty() ? "" : " reduction \"" + reduction + "\"";
  auto jit = compileOrFail(llvm::formatv(R"(snn.network @net dt 1.0 batch {7} {{
  snn.population @in {0} model @spike_source
  snn.population @policy {1} model @gaussian_policy {{{2}} graded "sample"
  snn.modulator @reward
  snn.projection @mu @in -> @policy connect #snn.dense weight {3} port "mu"
      plasticity @ngclearn_reinforce_mu {{{4}}{8}
  snn.projection @logstd @in -> @policy connect #snn.dense weight {5}
      port "logstd" plasticity @ngclearn_reinforce_logstd {{{6}}{8}
  snn.monitor @mu_w "w" of @mu
  snn.monitor @logstd_w "w" of @logstd
  snn.monitor @sample "sample" of @policy
})",
                                         kInputs, kActions, paramText(pc.policy),
                                         denseText(d.wMu), paramText(pc.mu),
                                         denseText(d.wLog), paramText(pc.logstd),
                                         batch, reduce)
                               .str());
  Trajectory out;
  EXPECT_TRUE(jit);
  if (!jit)
    return out;
  EXPECT_FALSE(bool(jit->init(std::vector<uint64_t>(batch, 1))));
  auto in = jit->f32("in.spikes");
  auto e = jit->f32("policy.eps");
  auto r = jit->f32("reward");
  EXPECT_TRUE(in && e && r);
  if (!in || !e || !r)
    return out;
  for (int64_t t = 0; t < kSteps; ++t) {
    for (int64_t b = 0; b < batch; ++b) {
      std::copy(d.spikes[t].begin(), d.spikes[t].end(),
                (*in)->begin() + b * kInputs);
      std::copy(d.eps[t].begin(), d.eps[t].end(), (*e)->begin() + b * kActions);
      (**r)[b] = static_cast<float>(d.reward[t][0] * rewardScale[b]);
    }
    EXPECT_FALSE(bool(jit->run(1)));
    auto sample = jit->f32("sample");
    auto mu = jit->f32("mu_w"), ls = jit->f32("logstd_w");
    EXPECT_TRUE(sample && mu && ls);
    if (!sample || !mu || !ls)
      return out;
    out.sample.push_back(**sample);
    out.mu.push_back(**mu);
    out.logstd.push_back(**ls);
  }
  return out;
}

/// Runs the policy network compiled and in the reference; checks samples
/// and weights every step and returns how far the log-std weights moved.
double runPolicy(const PolicyCase &pc) {
  Drive d;
  Trajectory got = compiled(pc, 1, "", {1.0});
  if (got.mu.size() != size_t(kSteps))
    return 0;
  snnref::Network net(1.0);
  net.population("in", "spike_source", kInputs).external("spikes", d.spikes);
  auto &policy = net.population("policy", "gaussian_policy", kActions);
  for (auto &[name, value] : pc.policy)
    policy.param(name, {value});
  policy.external("eps", d.eps).graded("sample");
  net.projection("mu", "in", "policy",
                 snnref::denseSynapses(kInputs, kActions, d.wMu))
      .port("mu")
      .plasticity("ngclearn_reinforce_mu", pc.mu)
      .modulator("reward", d.reward);
  net.projection("logstd", "in", "policy",
                 snnref::denseSynapses(kInputs, kActions, d.wLog))
      .port("logstd")
      .plasticity("ngclearn_reinforce_logstd", pc.logstd)
      .modulator("reward", d.reward);
  snnref::Recording ref = snnref::simulate(net, kSteps);

  double movedMu = 0, movedLog = 0;
  for (int64_t t = 0; t < kSteps; ++t) {
    const std::vector<double> &want = ref.population("policy").state.at("sample")[t];
    for (int64_t j = 0; j < kActions; ++j)
      EXPECT_NEAR(got.sample[t][j], want[j], 1e-5 + 1e-5 * std::fabs(want[j]))
          << "sample " << j << " at step " << t;
    const std::vector<double> &wantMu = ref.projection("mu").weights[t];
    const std::vector<double> &wantLog = ref.projection("logstd").weights[t];
    for (int64_t k = 0; k < kInputs * kActions; ++k) {
      EXPECT_NEAR(got.mu[t][k], wantMu[k], 1e-6) << "W_mu " << k << " at step " << t;
      EXPECT_NEAR(got.logstd[t][k], wantLog[k], 1e-6)
          << "W_logstd " << k << " at step " << t;
      movedMu = std::max(movedMu, std::fabs(wantMu[k] - d.wMu[k]));
      movedLog = std::max(movedLog, std::fabs(wantLog[k] - d.wLog[k]));
    }
    if (::testing::Test::HasFailure())
      return 0; // the first step that differs says enough
  }
  EXPECT_GT(movedMu, 0.01) << "the mean weights should have learned";
  return movedLog;
}

TEST(CompiledVsReference, ReinforceLearnsMeanAndLogStd) {
  double moved = runPolicy({{}, {{"eta", 2.0}}, {{"eta", 2.0}}});
  EXPECT_GT(moved, 0.01) << "the log-std weights should have learned";
}

TEST(CompiledVsReference, ReinforceTanhMeanWithClippedSamples) {
  runPolicy({{{"mu_act_tanh", 1.0}, {"mu_out_min", -1.0}, {"mu_out_max", 1.0}},
             {{"eta", 2.0}, {"mu_act_tanh", 1.0}},
             {{"eta", 2.0}}});
}

TEST(CompiledVsReference, ReinforceWithAFixedStd) {
  // scalar_stddev > 0: the policy's std is that value, and the log-std
  // weights do not learn (they are only kept in bounds).
  double moved = runPolicy({{{"scalar_stddev", 0.5}},
                            {{"eta", 2.0}},
                            {{"eta", 2.0}}});
  EXPECT_EQ(moved, 0.0);
}

/// Batches, as ngclearn's (the mean over entries of their updates): two
/// identical entries with `reduction "mean"` learn as one entry, and with
/// `reduction "sum"` an entry whose reward is 0 adds nothing (each entry
/// samples from its own state).
TEST(BatchedPlasticity, ReinforceEntriesLearnApart) {
  PolicyCase pc{{}, {{"eta", 2.0}}, {{"eta", 2.0}}};
  Trajectory one = compiled(pc, 1, "", {1.0});
  Trajectory mean = compiled(pc, 2, "mean", {1.0, 1.0});
  Trajectory sum = compiled(pc, 2, "sum", {1.0, 0.0});
  ASSERT_EQ(one.mu.size(), size_t(kSteps));
  ASSERT_EQ(mean.mu.size(), size_t(kSteps));
  ASSERT_EQ(sum.mu.size(), size_t(kSteps));
  for (int64_t t = 0; t < kSteps; ++t)
    for (const Trajectory *batched : {&mean, &sum}) {
      for (size_t k = 0; k < one.mu[t].size(); ++k) {
        ASSERT_NEAR(batched->mu[t][k], one.mu[t][k], 1e-6) << "W_mu " << k << " step " << t;
        ASSERT_NEAR(batched->logstd[t][k], one.logstd[t][k], 1e-6)
            << "W_logstd " << k << " step " << t;
      }
      for (int64_t j = 0; j < kActions; ++j)
        ASSERT_NEAR(batched->sample[t][j], one.sample[t][j], 1e-5)
            << "entry 0's sample " << j << " step " << t;
    }
}

} // namespace
