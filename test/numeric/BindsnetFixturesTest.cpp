//===- BindsnetFixturesTest.cpp - prelude rules vs BindsNET's own weights -===//
//
// Weight trajectories recorded from BindsNET itself (bindsnet 0.3.4 from
// PyPI, test/peers/record-bindsnet-fixtures.sh, committed in
// test/fixtures/bindsnet/): presynaptic and postsynaptic neurons whose
// spikes are given step by step (in BindsNET, two Input layers with the
// target's spikes clamped; here two replayed populations), a dense (8 x 5),
// conv2d or local2d connection with a BindsNET learning rule, and every
// weight after every one of 200 steps. The prelude rule of the same name, with BindsNET's
// parameters, must give the same weights (f32 on both sides: 1e-6).
//
//===----------------------------------------------------------------------===//

#include "test/numeric/Harness.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace snn::numeric;

namespace {

struct Fixture {
  std::string rule;
  double dt = 1;
  int64_t nPre = 0, nPost = 0, steps = 0;
  std::vector<std::vector<float>> pre, post, w; // [step][...]
  std::vector<float> w0, reward;
  // ngclearn's outmask, a factor per post neuron on the modulated term.
  std::vector<float> outmask;
  llvm::json::Object params, trace; // trace: ngclearn's VarTrace settings
  std::optional<double> wMin, wMax;
  // conv2d and local2d fixtures: snnc's connectivity and the shapes of the
  // two populations (empty: a dense [n_pre x n_post] connection).
  std::string connect = "#snn.dense", preShape, postShape;
};

std::string intList(const llvm::json::Array *a) {
  std::string out;
  if (a)
    for (const llvm::json::Value &v : *a)
      out += (out.empty() ? "" : ", ") +
             std::to_string(v.getAsInteger().value_or(-1));
  return "[" + out + "]";
}

/// BindsNET's Conv2dConnection and LocalConnection2D as snnc connectivity
/// (their weight layouts are snnc's when there is one input channel).
bool connectionOf(const llvm::json::Object &c, Fixture &f) {
  const llvm::json::Array *in = c.getArray("in_shape");
  if (!in || in->empty())
    return false;
  int64_t channels = (*in)[0].getAsInteger().value_or(-1);
  std::string geometry =
      llvm::formatv("in_channels = {0}, out_channels = {1}, kernel = {2}, "
                    "stride = {3}, padding = {4}",
                    channels, c.getInteger("out_channels").value_or(-1),
                    intList(c.getArray("kernel")), intList(c.getArray("stride")),
                    intList(c.getArray("padding")))
          .str();
  llvm::StringRef kind = c.getString("kind").value_or("");
  if (kind == "conv2d")
    f.connect = "#snn.conv2d<" + geometry + ">";
  else if (kind == "local2d" && channels == 1)
    f.connect = "#snn.local<" + geometry + ">";
  else
    return false;
  f.preShape = intList(in);
  f.postShape = intList(c.getArray("out_shape"));
  return true;
}

std::vector<float> floats(const llvm::json::Array *a) {
  std::vector<float> out;
  if (a)
    for (const llvm::json::Value &v : *a) {
      if (const llvm::json::Array *inner = v.getAsArray()) {
        std::vector<float> row = floats(inner);
        out.insert(out.end(), row.begin(), row.end());
      } else {
        out.push_back(static_cast<float>(v.getAsNumber().value_or(NAN)));
      }
    }
  return out;
}

std::vector<std::vector<float>> rows(const llvm::json::Array *a) {
  std::vector<std::vector<float>> out;
  if (a)
    for (const llvm::json::Value &v : *a)
      out.push_back(floats(v.getAsArray()));
  return out;
}

::testing::AssertionResult load(const std::string &name, Fixture &f) {
  std::string path = std::string(SNN_SOURCE_DIR) + "/test/fixtures/" + name +
                     ".json";
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return ::testing::AssertionFailure() << "cannot read " << path;
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  if (!json)
    return ::testing::AssertionFailure()
           << path << ": " << llvm::toString(json.takeError());
  const llvm::json::Object *o = json->getAsObject();
  if (!o)
    return ::testing::AssertionFailure() << path << " is not an object";
  f.rule = o->getString("rule").value_or("").str();
  f.dt = o->getNumber("dt").value_or(0);
  f.nPre = o->getInteger("n_pre").value_or(0);
  f.nPost = o->getInteger("n_post").value_or(0);
  f.steps = o->getInteger("steps").value_or(0);
  f.pre = rows(o->getArray("pre_spikes"));
  f.post = rows(o->getArray("post_spikes"));
  f.w = rows(o->getArray("w"));
  f.w0 = floats(o->getArray("w0"));
  f.reward = floats(o->getArray("reward"));
  f.outmask = floats(o->getArray("outmask"));
  if (const llvm::json::Object *p = o->getObject("params"))
    f.params = *p;
  if (const llvm::json::Object *t = o->getObject("trace"))
    f.trace = *t;
  f.wMin = o->getNumber("w_min");
  f.wMax = o->getNumber("w_max");
  size_t nWeights = static_cast<size_t>(f.nPre * f.nPost);
  if (const llvm::json::Object *c = o->getObject("connection")) {
    if (!connectionOf(*c, f))
      return ::testing::AssertionFailure()
             << path << ": a connection snnc's test does not map";
    nWeights = f.w0.size();
  }
  if (f.steps <= 0 || f.pre.size() != size_t(f.steps) ||
      f.post.size() != size_t(f.steps) || f.w.size() != size_t(f.steps) ||
      f.w0.size() != nWeights || f.w0.empty())
    return ::testing::AssertionFailure() << path << " is not a full fixture";
  return ::testing::AssertionSuccess();
}

double param(const Fixture &f, llvm::StringRef name) {
  return f.params.getNumber(name).value_or(NAN);
}

double nu(const Fixture &f, int which) {
  const llvm::json::Array *a = f.params.getArray("nu");
  return a ? (*a)[which].getAsNumber().value_or(NAN) : NAN;
}

/// The prelude rule and its parameters for a BindsNET rule.
std::pair<std::string, std::map<std::string, double>> ruleFor(const Fixture &f) {
  std::map<std::string, double> p;
  if (f.wMin)
    p["w_min"] = *f.wMin;
  if (f.wMax)
    p["w_max"] = *f.wMax;
  if (f.rule == "MSTDPETSynapse") {
    // ngclearn (docs/rules/ngclearn_mstdpet.md): tau_elg 0 is M-STDP, a
    // rule of its own; tau_w 0 (no decay) is snnc's default 3e38.
    p.erase("w_max");
    for (const char *name : {"A_plus", "A_minus", "eta", "mu",
                             "pretrace_target", "w_bound"})
      p[name] = param(f, name);
    if (param(f, "tau_w") > 0)
      p["tau_w"] = param(f, "tau_w");
    bool et = param(f, "tau_elg") > 0;
    if (et) {
      p["tau_elg"] = param(f, "tau_elg");
      p["elg_decay"] = param(f, "elg_decay");
    }
    double tau = f.trace.getNumber("tau_tr").value_or(NAN);
    p["tau_tr_pre"] = tau;
    p["tau_tr_post"] = tau;
    p["a_delta"] = f.trace.getNumber("a_delta").value_or(NAN);
    p["P_scale"] = f.trace.getNumber("P_scale").value_or(NAN);
    p["gamma_tr"] = f.trace.getNumber("gamma_tr").value_or(NAN);
    return {et ? "ngclearn_mstdpet" : "ngclearn_mstdp", p};
  }
  p["weight_decay"] = param(f, "weight_decay");
  if (f.rule == "MSTDP" || f.rule == "MSTDPET") {
    p["nu"] = nu(f, 0);
    for (const char *name : {"a_plus", "a_minus", "tc_plus", "tc_minus"})
      p[name] = param(f, name);
    if (f.rule == "MSTDPET")
      p["tc_e_trace"] = param(f, "tc_e_trace");
    return {f.rule == "MSTDP" ? "mstdp" : "mstdpet", p};
  }
  p["nu_pre"] = nu(f, 0);
  p["nu_post"] = nu(f, 1);
  for (const char *name : {"tc_trace_pre", "tc_trace_post", "trace_scale"})
    p[name] = param(f, name);
  p["traces_additive"] = f.params.getBoolean("traces_additive").value_or(false);
  std::string rule = f.rule == "PostPre"    ? "postpre"
                     : f.rule == "Hebbian" ? "hebbian"
                     : f.rule == "WeightDependentPostPre"
                         ? "weight_dependent_postpre"
                         : "";
  return {rule, p};
}

void replay(const std::string &name, double tolerance = 1e-6) {
  Fixture f;
  ASSERT_TRUE(load(name, f));
  auto [rule, params] = ruleFor(f);
  ASSERT_FALSE(rule.empty()) << "no prelude rule for BindsNET's " << f.rule;
  std::string w0;
  for (float v : f.w0)
    w0 += (w0.empty() ? "" : ", ") + llvm::formatv("{0:e9}", v).str();
  bool rewarded = !f.reward.empty();
  // The outmask multiplies only the reward's term (docs/rules/
  // ngclearn_mstdpet.md), so a per-post-neuron reward r(t) m_j is it.
  bool masked = !f.outmask.empty();
  if (masked)
    ASSERT_EQ(f.outmask.size(), size_t(f.nPost)) << name << ": outmask";
  std::string source = llvm::formatv(
      R"(// Spikes given per step; the target has an input port for the
// projection, which it ignores.
snn.neuron_model @replay inputs ["i_syn"] external ["spikes"] {{
  threshold {{
    %s = snn.get "spikes" : f32
    %half = arith.constant 0.5 : f32
    %m = arith.subf %s, %half : f32
    snn.yield %m : f32
  }
}
snn.network @net dt {0} {{
  snn.population @pre {1} model @spike_source
  snn.population @post {2} model @replay
  {3}
  snn.projection @p @pre -> @post connect {8}
      weight dense<[{4}]> : tensor<{5}xf32>
      plasticity @{6} {{{7}}
  snn.monitor @p_w "w" of @p
})",
      f.dt, f.preShape.empty() ? std::to_string(f.nPre) : f.preShape,
      f.postShape.empty() ? std::to_string(f.nPost) : f.postShape,
      !rewarded ? ""
      : masked  ? "snn.modulator @reward [" + std::to_string(f.nPost) + "]"
                : "snn.modulator @reward",
      w0, f.w0.size(), rule,
      paramText(params), f.connect);
  auto jit = compileOrFail(source);
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({1})));
  auto pre = jit->f32("pre.spikes");
  auto post = jit->f32("post.spikes");
  ASSERT_TRUE(bool(pre) && bool(post));
  std::vector<float> *reward = nullptr;
  if (rewarded) {
    auto r = jit->f32("reward");
    ASSERT_TRUE(bool(r));
    reward = *r;
  }
  double moved = 0, worst = 0;
  for (int64_t t = 0; t < f.steps; ++t) {
    std::copy(f.pre[t].begin(), f.pre[t].end(), (*pre)->begin());
    std::copy(f.post[t].begin(), f.post[t].end(), (*post)->begin());
    if (reward && masked)
      for (int64_t j = 0; j < f.nPost; ++j)
        (*reward)[j] = f.reward[t] * f.outmask[j];
    else if (reward)
      (*reward)[0] = f.reward[t];
    ASSERT_FALSE(bool(jit->run(1)));
    auto w = jit->f32("p_w");
    ASSERT_TRUE(bool(w));
    for (size_t s = 0; s < f.w[t].size(); ++s) {
      worst = std::max(worst, std::fabs(double((**w)[s]) - f.w[t][s]));
      ASSERT_NEAR((**w)[s], f.w[t][s], tolerance)
          << name << ": weight " << s << " (dense: pre " << s / f.nPost
          << ", post " << s % f.nPost << ") after step " << t;
      moved = std::max(moved, std::fabs(double(f.w[t][s]) - f.w0[s]));
    }
  }
  EXPECT_GT(moved, 0.01) << "BindsNET's weights should have moved";
  std::printf("%s: largest difference %.3g over %lld steps\n", name.c_str(),
              worst, static_cast<long long>(f.steps));
}

TEST(BindsnetFixtures, PostPre) { replay("bindsnet/postpre"); }
TEST(BindsnetFixtures, PostPreHalfMillisecondSteps) {
  replay("bindsnet/postpre_dt05");
}
TEST(BindsnetFixtures, PostPreReachingTheBounds) {
  replay("bindsnet/postpre_clamp");
}
TEST(BindsnetFixtures, PostPreWithWeightDecay) {
  replay("bindsnet/postpre_decay");
}
TEST(BindsnetFixtures, Hebbian) { replay("bindsnet/hebbian"); }
TEST(BindsnetFixtures, WeightDependentPostPre) {
  replay("bindsnet/weight_dependent_postpre");
}
TEST(BindsnetFixtures, Mstdp) { replay("bindsnet/mstdp"); }
TEST(BindsnetFixtures, Mstdpet) { replay("bindsnet/mstdpet"); }

// The same rules on BindsNET's Conv2dConnection (a shared kernel: the
// changes of every position summed) and LocalConnection2D (untied windows,
// stride 2). BindsNET sums a kernel weight's up to 36 positions in another
// order than snnc (a matrix product), so each step may differ by a few ulp
// and the differences add up over 200 steps: 1e-5 on the shared kernel.
constexpr double kSharedKernelTolerance = 1e-5;
TEST(BindsnetFixtures, PostPreConv2d) {
  replay("bindsnet/postpre_conv2d", kSharedKernelTolerance);
}
TEST(BindsnetFixtures, HebbianConv2d) {
  replay("bindsnet/hebbian_conv2d", kSharedKernelTolerance);
}
TEST(BindsnetFixtures, WeightDependentPostPreConv2d) {
  replay("bindsnet/weight_dependent_postpre_conv2d", kSharedKernelTolerance);
}
TEST(BindsnetFixtures, MstdpConv2d) {
  replay("bindsnet/mstdp_conv2d", kSharedKernelTolerance);
}
TEST(BindsnetFixtures, MstdpetConv2d) {
  replay("bindsnet/mstdpet_conv2d", kSharedKernelTolerance);
}
TEST(BindsnetFixtures, PostPreLocal2d) { replay("bindsnet/postpre_local2d"); }
TEST(BindsnetFixtures, HebbianLocal2d) { replay("bindsnet/hebbian_local2d"); }
TEST(BindsnetFixtures, WeightDependentPostPreLocal2d) {
  replay("bindsnet/weight_dependent_postpre_local2d");
}
TEST(BindsnetFixtures, MstdpLocal2d) { replay("bindsnet/mstdp_local2d"); }
TEST(BindsnetFixtures, MstdpetLocal2d) { replay("bindsnet/mstdpet_local2d"); }

// ngclearn's MSTDPETSynapse (test/peers/record-ngclearn-fixtures.sh,
// ngclearn 3.2.3): with an eligibility trace, and without (M-STDP).
// ngclearn's jitted step fuses multiply-adds, so 1e-6 rather than bits.
TEST(NgclearnFixtures, MstdpetSynapse) { replay("ngclearn/mstdpet"); }
TEST(NgclearnFixtures, MstdpSynapse) { replay("ngclearn/mstdp"); }
// Every other knob: weight-dependent factors (mu), a pre trace target, a
// weight decay (tau_w), additive traces, and an outmask.
TEST(NgclearnFixtures, MstdpetSynapseEveryKnob) {
  replay("ngclearn/mstdpet_full");
}

} // namespace

namespace {

/// ngclearn's REINFORCESynapse (fixtures reinforce, reinforce_tanh):
/// binary inputs, a Gaussian policy of 5 outputs whose mean and log-std
/// weights learn from a reward every step. ngclearn draws eps with JAX's
/// generator, so the recorded draws are the policy's `eps` input. snnc
/// delivers one step late: its step s replays ngclearn's step s - 1.
void replayReinforce(const std::string &name) {
  std::string path =
      std::string(SNN_SOURCE_DIR) + "/test/fixtures/ngclearn/" + name + ".json";
  auto buffer = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(bool(buffer)) << "cannot read " << path;
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  ASSERT_TRUE(bool(json)) << llvm::toString(json.takeError());
  const llvm::json::Object &o = *json->getAsObject();
  const llvm::json::Object &p = *o.getObject("params");
  auto inputs = rows(o.getArray("inputs"));
  auto eps = rows(o.getArray("epsilon"));
  auto w = rows(o.getArray("w"));
  std::vector<float> reward = floats(o.getArray("reward"));
  std::vector<float> w0 = floats(o.getArray("w0"));
  int64_t nIn = *o.getInteger("n_pre"), nOut = *o.getInteger("n_post"),
          steps = *o.getInteger("steps");
  ASSERT_EQ(w0.size(), size_t(nIn * 2 * nOut));
  auto number = [&](llvm::StringRef key, double fallback) {
    std::optional<double> v = p.getNumber(key);
    return v ? *v : fallback;
  };
  double lo = number("mu_out_min", -3.0e38), hi = number("mu_out_max", 3.0e38);
  llvm::StringRef act = p.getString("mu_act_fx").value_or("");
  ASSERT_TRUE(act == "identity" || act == "tanh")
      << "the prelude policy has identity and tanh mean activations";
  int tanhOn = act == "tanh";
  // W = [W_mu | W_logstd], [nIn][2 nOut].
  std::string wMu, wLog;
  for (int64_t i = 0; i < nIn; ++i)
    for (int64_t j = 0; j < 2 * nOut; ++j) {
      std::string &text = j < nOut ? wMu : wLog;
      text += (text.empty() ? "" : ", ") +
              llvm::formatv("{0:e9}", w0[i * 2 * nOut + j]).str();
    }
  std::string common = llvm::formatv("eta = {0:e9}, w_bound = {1:e9}",
                                     number("eta", NAN), number("w_bound", NAN))
                           .str();
  std::string rule = "{" + common + "}";
  std::string muRule =
      "{" + common + (tanhOn ? ", mu_act_tanh = 1.0" : "") + "}";
  auto jit = compileOrFail(llvm::formatv(R"(snn.network @net dt 1.0 {{
  snn.population @in {0} model @spike_source
  snn.population @policy {1} model @gaussian_policy
      {{mu_out_min = {2:e9}, mu_out_max = {3:e9}, mu_act_tanh = {8}.0} graded "sample"
  snn.modulator @reward
  snn.projection @mu @in -> @policy connect #snn.dense
      weight dense<[{4}]> : tensor<{5}xf32> port "mu"
      plasticity @ngclearn_reinforce_mu {9}
  snn.projection @logstd @in -> @policy connect #snn.dense
      weight dense<[{7}]> : tensor<{5}xf32> port "logstd"
      plasticity @ngclearn_reinforce_logstd {6}
  snn.monitor @mu_w "w" of @mu
  snn.monitor @logstd_w "w" of @logstd
  snn.monitor @sample "sample" of @policy
})",
                                         nIn, nOut, lo, hi, wMu, nIn * nOut,
                                         rule, wLog, tanhOn, muRule)
                               .str());
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({1})));
  auto spikes = jit->f32("in.spikes");
  auto e = jit->f32("policy.eps");
  auto r = jit->f32("reward");
  ASSERT_TRUE(spikes && e && r);
  std::vector<float> outputs = floats(o.getArray("outputs"));
  double moved = 0;
  for (int64_t s = 0; s <= steps; ++s) {
    for (int64_t i = 0; i < nIn; ++i)
      (**spikes)[i] = s < steps ? inputs[s][i] : 0.0f;
    for (int64_t j = 0; j < nOut; ++j)
      (**e)[j] = s > 0 ? eps[s - 1][j] : 0.0f;
    (**r)[0] = s > 0 ? reward[s - 1] : 0.0f;
    ASSERT_FALSE(bool(jit->run(1)));
    if (s == 0)
      continue;
    auto mu = jit->f32("mu_w"), ls = jit->f32("logstd_w"),
         sample = jit->f32("sample");
    ASSERT_TRUE(mu && ls && sample);
    for (int64_t j = 0; j < nOut; ++j)
      ASSERT_NEAR((**sample)[j], outputs[(s - 1) * nOut + j], 1e-5)
          << name << ": sample " << j << " of step " << s - 1;
    for (int64_t i = 0; i < nIn; ++i)
      for (int64_t j = 0; j < 2 * nOut; ++j) {
        float got = j < nOut ? (**mu)[i * nOut + j] : (**ls)[i * nOut + j - nOut];
        float want = w[s - 1][i * 2 * nOut + j];
        ASSERT_NEAR(got, want, 1e-6)
            << name << ": W[" << i << "][" << j << "] after step " << s - 1;
        moved = std::max(moved, std::fabs(double(want) - w0[i * 2 * nOut + j]));
      }
  }
  EXPECT_GT(moved, 0.01) << "ngclearn's weights should have moved";
}

TEST(NgclearnFixtures, ReinforceSynapse) { replayReinforce("reinforce"); }
TEST(NgclearnFixtures, ReinforceSynapseTanhClippedSamples) {
  replayReinforce("reinforce_tanh");
}

} // namespace
