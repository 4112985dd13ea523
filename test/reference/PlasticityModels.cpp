//===- PlasticityModels.cpp - plasticity rules, written from docs/rules ----===//
//
// The reference's plasticity rules, one namespace per rule like the neuron
// and synapse models in Models.cpp: each implements the equations of its
// docs/rules/<rule>.md page (and docs/plasticity.md's step) in plain
// double-precision C++, without reading the prelude's MLIR.
//
//===----------------------------------------------------------------------===//

#include "test/reference/EpropModels.h"
#include "test/reference/Models.h"
#include "test/reference/Types.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace snnref {

namespace {

// Name and slot come from one token, so they cannot drift apart.
#define NAMED(slot, value) NamedValue{#slot, slot, value}

// Pair-based STDP with exponential traces, additive with hard bounds, as
// docs/rules/stdp_pair.md states it (examples/stdp_feedforward writes the
// same rule in MLIR). x (pre) and y (post) jump by 1 on a spike and decay by
// exp(-dt / tau) every step.
namespace stdp_pair {
enum Param { a_plus, a_minus, tau_plus, tau_minus, w_max };
enum Pre { x };
enum Post { y };
void preDynamics(PlasticityContext &c) {
  c.pre[x] *= decayFactor(c.dt, c.param[tau_plus]);
}
void postDynamics(PlasticityContext &c) {
  c.post[y] *= decayFactor(c.dt, c.param[tau_minus]);
}
void preSpike(PlasticityContext &c) { c.pre[x] += 1.0; }
void postSpike(PlasticityContext &c) { c.post[y] += 1.0; }
void onPre(PlasticityContext &c) {
  *c.w = std::max(*c.w - c.param[a_minus] * c.post[y], 0.0);
  c.delivered = *c.w;
}
void onPost(PlasticityContext &c) {
  *c.w = std::min(*c.w + c.param[a_plus] * c.pre[x], c.param[w_max]);
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "stdp_pair";
  m.params = {NAMED(a_plus, 0.01), NAMED(a_minus, 0.012), NAMED(tau_plus, 20.0),
              NAMED(tau_minus, 20.0), NAMED(w_max, 1.0)};
  m.preState = {NAMED(x, 0.0)};
  m.postState = {NAMED(y, 0.0)};
  m.preDynamics = preDynamics;
  m.postDynamics = postDynamics;
  m.preSpike = preSpike;
  m.postSpike = postSpike;
  m.onPre = onPre;
  m.onPost = onPost;
  return m;
}
} // namespace stdp_pair

// The multiplicative (weight-dependent, soft-bounded) variant,
// docs/rules/stdp_pair_mult.md: the same traces, with depression
// proportional to w and potentiation to w_max - w.
namespace stdp_pair_mult {
using namespace stdp_pair;
void onPre(PlasticityContext &c) {
  *c.w -= c.param[a_minus] * c.post[y] * *c.w;
  c.delivered = *c.w;
}
void onPost(PlasticityContext &c) {
  *c.w += c.param[a_plus] * c.pre[x] * (c.param[w_max] - *c.w);
}
PlasticityModel describe() {
  PlasticityModel m = stdp_pair::describe();
  m.name = "stdp_pair_mult";
  m.onPre = onPre;
  m.onPost = onPost;
  return m;
}
} // namespace stdp_pair_mult

// BindsNET's PostPre as docs/rules/postpre.md maps it: traces set to (or
// increased by) trace_scale on a spike and decayed with tc_trace;
// potentiation on a post spike; depression, weight decay and bounds at the
// end of the step, in BindsNET's order.
namespace postpre {
enum Param {
  nu_pre, nu_post, tc_trace_pre, tc_trace_post, trace_scale, traces_additive,
  w_min, w_max, weight_decay
};
enum Pre { x };
enum Post { y };
double jump(double trace, const double *p) {
  return p[traces_additive] != 0.0 ? trace + p[trace_scale] : p[trace_scale];
}
void preSpike(PlasticityContext &c) { c.pre[x] = jump(c.pre[x], c.param); }
void postSpike(PlasticityContext &c) { c.post[y] = jump(c.post[y], c.param); }
void preDynamics(PlasticityContext &c) {
  c.pre[x] *= decayFactor(c.dt, c.param[tc_trace_pre]);
}
void postDynamics(PlasticityContext &c) {
  c.post[y] *= decayFactor(c.dt, c.param[tc_trace_post]);
}
void onPost(PlasticityContext &c) { *c.w += c.param[nu_post] * c.pre[x]; }
/// LearningRule.update: weight decay, then the bounds.
void decayAndClamp(PlasticityContext &c) {
  *c.w *= 1.0 - c.param[weight_decay];
  *c.w = std::min(std::max(*c.w, c.param[w_min]), c.param[w_max]);
}
void synapseDynamics(PlasticityContext &c) {
  if (c.preSpiked)
    *c.w -= c.param[nu_pre] * c.post[y];
  decayAndClamp(c);
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "postpre";
  m.params = {NAMED(nu_pre, 0.0),        NAMED(nu_post, 0.0),
              NAMED(tc_trace_pre, 20.0), NAMED(tc_trace_post, 20.0),
              NAMED(trace_scale, 1.0),   NAMED(traces_additive, 0.0),
              NAMED(w_min, -3.0e38),     NAMED(w_max, 3.0e38),
              NAMED(weight_decay, 0.0)};
  m.preState = {NAMED(x, 0.0)};
  m.postState = {NAMED(y, 0.0)};
  m.preSpike = preSpike;
  m.postSpike = postSpike;
  m.preDynamics = preDynamics;
  m.postDynamics = postDynamics;
  m.onPost = onPost;
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace postpre

// BindsNET's Hebbian and WeightDependentPostPre (docs/rules/hebbian.md,
// docs/rules/weight_dependent_postpre.md): PostPre's traces, and both
// updates at the end of the step from the weight of the step's start.
namespace hebbian {
using namespace postpre;
void synapseDynamics(PlasticityContext &c) {
  double s0 = c.preSpiked ? 1.0 : 0.0, s1 = c.postSpiked ? 1.0 : 0.0;
  *c.w += c.param[nu_pre] * s0 * c.post[y];
  *c.w += c.param[nu_post] * c.pre[x] * s1;
  decayAndClamp(c);
}
PlasticityModel describe() {
  PlasticityModel m = postpre::describe();
  m.name = "hebbian";
  m.onPost = nullptr;
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace hebbian

namespace weight_dependent_postpre {
using namespace postpre;
void synapseDynamics(PlasticityContext &c) {
  double s0 = c.preSpiked ? 1.0 : 0.0, s1 = c.postSpiked ? 1.0 : 0.0;
  double w = *c.w;
  double update = -c.param[nu_pre] * s0 * c.post[y] * (w - c.param[w_min]) +
                  c.param[nu_post] * c.pre[x] * s1 * (c.param[w_max] - w);
  *c.w = w + update;
  decayAndClamp(c);
}
PlasticityModel describe() {
  PlasticityModel m = postpre::describe();
  m.name = "weight_dependent_postpre";
  m.params[w_min].defaultValue = 0.0;
  m.params[w_max].defaultValue = 1.0;
  m.onPost = nullptr;
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace weight_dependent_postpre

// BindsNET's MSTDP (docs/rules/mstdp.md, Florian 2007): P+ per pre and
// P- per post neuron (a_plus, a_minus jumps, exact decay), an eligibility
// per synapse; each step w += nu reward e (last step's e), then
// e = P+ s_post + s_pre P-, then weight decay and bounds.
namespace mstdp {
enum Param { nu, a_plus, a_minus, tc_plus, tc_minus, w_min, w_max, weight_decay };
enum Pre { p_plus };
enum Post { p_minus };
enum Syn { e };
void preSpike(PlasticityContext &c) { c.pre[p_plus] += c.param[a_plus]; }
void postSpike(PlasticityContext &c) { c.post[p_minus] += c.param[a_minus]; }
void preDynamics(PlasticityContext &c) {
  c.pre[p_plus] *= decayFactor(c.dt, c.param[tc_plus]);
}
void postDynamics(PlasticityContext &c) {
  c.post[p_minus] *= decayFactor(c.dt, c.param[tc_minus]);
}
void synapseDynamics(PlasticityContext &c) {
  *c.w += c.param[nu] * (c.modulator[0] * c.synapse[e]);
  c.synapse[e] = c.pre[p_plus] * (c.postSpiked ? 1.0 : 0.0) +
                 (c.preSpiked ? 1.0 : 0.0) * c.post[p_minus];
  *c.w *= 1.0 - c.param[weight_decay];
  *c.w = std::min(std::max(*c.w, c.param[w_min]), c.param[w_max]);
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "mstdp";
  m.params = {NAMED(nu, 0.0),         NAMED(a_plus, 1.0),
              NAMED(a_minus, -1.0),   NAMED(tc_plus, 20.0),
              NAMED(tc_minus, 20.0),  NAMED(w_min, -3.0e38),
              NAMED(w_max, 3.0e38),   NAMED(weight_decay, 0.0)};
  m.preState = {NAMED(p_plus, 0.0)};
  m.postState = {NAMED(p_minus, 0.0)};
  m.synapseState = {NAMED(e, 0.0)};
  m.modulators = {"reward"};
  m.preSpike = preSpike;
  m.postSpike = postSpike;
  m.preDynamics = preDynamics;
  m.postDynamics = postDynamics;
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace mstdp

// BindsNET's MSTDPET (docs/rules/mstdpet.md): MSTDP's traces, and an
// eligibility trace z of the point eligibility e.
namespace mstdpet {
enum Param {
  nu, a_plus, a_minus, tc_plus, tc_minus, tc_e_trace, w_min, w_max,
  weight_decay
};
enum Syn { e, z };
void synapseDynamics(PlasticityContext &c) {
  const double *p = c.param;
  c.synapse[z] = c.synapse[z] * decayFactor(c.dt, p[tc_e_trace]) +
                 c.synapse[e] / p[tc_e_trace];
  *c.w += p[nu] * c.dt * c.modulator[0] * c.synapse[z];
  c.synapse[e] = c.pre[mstdp::p_plus] * (c.postSpiked ? 1.0 : 0.0) +
                 (c.preSpiked ? 1.0 : 0.0) * c.post[mstdp::p_minus];
  *c.w *= 1.0 - p[weight_decay];
  *c.w = std::min(std::max(*c.w, p[w_min]), p[w_max]);
}
PlasticityModel describe() {
  PlasticityModel m = mstdp::describe();
  m.name = "mstdpet";
  m.params = {NAMED(nu, 0.0),          NAMED(a_plus, 1.0),
              NAMED(a_minus, -1.0),    NAMED(tc_plus, 20.0),
              NAMED(tc_minus, 20.0),   NAMED(tc_e_trace, 25.0),
              NAMED(w_min, -3.0e38),   NAMED(w_max, 3.0e38),
              NAMED(weight_decay, 0.0)};
  m.synapseState = {NAMED(e, 0.0), NAMED(z, 0.0)};
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace mstdpet

// Tsodyks-Markram short-term plasticity as sc_neurocore computes it
// (docs/rules/tsodyks_markram.md): per pre neuron the resources x and the
// use u recover every step (Euler, with the network's dt); a spike
// facilitates u, releases r = u x and depletes x; the synapse delivers
// w r. The weights do not change.
namespace tsodyks_markram {
enum Param { tau_d, tau_f, u_se };
enum Pre { x, u, r };
void preSpike(PlasticityContext &c) {
  c.pre[u] += c.param[u_se] * (1.0 - c.pre[u]);
  c.pre[r] = c.pre[u] * c.pre[x];
  c.pre[x] -= c.pre[r];
}
void preDynamics(PlasticityContext &c) {
  c.pre[x] += c.dt / c.param[tau_d] * (1.0 - c.pre[x]);
  c.pre[u] += c.dt / c.param[tau_f] * (c.param[u_se] - c.pre[u]);
}
void onPre(PlasticityContext &c) { c.delivered = *c.w * c.pre[r]; }
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "tsodyks_markram";
  m.params = {NAMED(tau_d, 200.0), NAMED(tau_f, 600.0), NAMED(u_se, 0.2)};
  m.preState = {NAMED(x, 1.0), NAMED(u, 0.2), NAMED(r, 0.0)};
  m.preSpike = preSpike;
  m.preDynamics = preDynamics;
  m.onPre = onPre;
  return m;
}
} // namespace tsodyks_markram

// sc_neurocore's reward-modulated STDP (RewardModulatedLearner,
// docs/rules/rstdp.md): traces x, y (+1 on a spike, decay tau_trace), an
// eligibility per synapse e <- exp(-dt / tau_reward) e + x y every step,
// w <- max(w + lr reward e, w_min).
namespace rstdp {
enum Param { tau_reward, tau_trace, lr, w_min };
enum Pre { x };
enum Post { y };
enum Syn { e };
void preSpike(PlasticityContext &c) { c.pre[x] += 1.0; }
void postSpike(PlasticityContext &c) { c.post[y] += 1.0; }
void preDynamics(PlasticityContext &c) {
  c.pre[x] *= decayFactor(c.dt, c.param[tau_trace]);
}
void postDynamics(PlasticityContext &c) {
  c.post[y] *= decayFactor(c.dt, c.param[tau_trace]);
}
void synapseDynamics(PlasticityContext &c) {
  c.synapse[e] = decayFactor(c.dt, c.param[tau_reward]) * c.synapse[e] +
                 c.pre[x] * c.post[y];
  *c.w = std::max(*c.w + c.param[lr] * c.modulator[0] * c.synapse[e],
                  c.param[w_min]);
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "rstdp";
  m.params = {NAMED(tau_reward, 100.0), NAMED(tau_trace, 20.0), NAMED(lr, 0.01),
              NAMED(w_min, 0.0)};
  m.preState = {NAMED(x, 0.0)};
  m.postState = {NAMED(y, 0.0)};
  m.synapseState = {NAMED(e, 0.0)};
  m.modulators = {"reward"};
  m.preSpike = preSpike;
  m.postSpike = postSpike;
  m.preDynamics = preDynamics;
  m.postDynamics = postDynamics;
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace rstdp

// sc_neurocore's three-factor eligibility trace (EligibilityTrace,
// docs/rules/three_factor.md): e <- exp(-dt / tau_e) e + s_pre s_post, and
// w <- w + lr e error_post every step.
namespace three_factor {
enum Param { tau_e, lr };
enum Syn { e };
void synapseDynamics(PlasticityContext &c) {
  c.synapse[e] = decayFactor(c.dt, c.param[tau_e]) * c.synapse[e] +
                 (c.preSpiked ? 1.0 : 0.0) * (c.postSpiked ? 1.0 : 0.0);
  *c.w += c.param[lr] * (c.synapse[e] * c.modulator[0]);
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "three_factor";
  m.params = {NAMED(tau_e, 20.0), NAMED(lr, 1.0)};
  m.synapseState = {NAMED(e, 0.0)};
  m.modulators = {"error"};
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace three_factor

// A test rule for a per-neuron modulator (an error signal per post
// neuron): w <- w + rate error_post s_pre every step. Not a library's rule.
namespace error_drift {
enum Param { rate };
void synapseDynamics(PlasticityContext &c) {
  *c.w += c.param[rate] * c.modulator[0] * (c.preSpiked ? 1.0 : 0.0);
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "error_drift";
  m.params = {NAMED(rate, 0.01)};
  m.modulators = {"error"};
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace error_drift

// A test rule for the per-step synapse region and synapse state: a pre
// trace x (jumps by 1, halves every step) feeds an eligibility e per
// synapse, e <- 0.9 e + x, and the weight drifts down by rate e each step.
// Not a rule of any library: it exists to check synapse_dynamics.
namespace eligibility_drift {
enum Param { rate };
enum Pre { x };
enum Syn { e };
void preSpike(PlasticityContext &c) { c.pre[x] += 1.0; }
void preDynamics(PlasticityContext &c) { c.pre[x] *= 0.5; }
void synapseDynamics(PlasticityContext &c) {
  c.synapse[e] = 0.9 * c.synapse[e] + c.pre[x];
  *c.w -= c.param[rate] * c.synapse[e];
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "eligibility_drift";
  m.params = {NAMED(rate, 0.001)};
  m.preState = {NAMED(x, 0.0)};
  m.synapseState = {NAMED(e, 0.0)};
  m.preSpike = preSpike;
  m.preDynamics = preDynamics;
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace eligibility_drift

// Spark's HebbianRule, OjaRule and ZenkeRule (spark-snn 1.0.0), from
// docs/rules/spark_hebbian.md, spark_oja.md and spark_zenke.md. Spark pairs
// the arrival of a spike at a synapse (after its delay) with the traces of
// this step; the pre trace follows the arrivals of its synapse (Spark's
// per-synapse form); traces jump by 1/tau and include the step's own
// spike; the kernel moves by dt eta (...) and is clipped at 0. With
// `seed` set, the seed generation's form: unit-step Euler decays
// (1 - 1/tau), arrivals times `pre_sign`, and Oja's x s_post.
namespace spark {
/// A trace's decay over one step: exact, or the seed's Euler step.
double decay(const PlasticityContext &c, double tau, bool seed) {
  return seed ? 1.0 - 1.0 / tau : decayFactor(c.dt, tau);
}
/// This step's arrival, signed in the seed's form.
double arrival(const PlasticityContext &c, bool seed, double preSign) {
  return seed ? c.preArrived * preSign : c.preArrived;
}
/// The synapse's pre trace after this step's arrival, stored in `x`.
double preTrace(PlasticityContext &c, int x, double preTau, bool seed,
                double arrived) {
  c.synapse[x] = c.synapse[x] * decay(c, preTau, seed) + arrived / preTau;
  return c.synapse[x];
}
double clip(double w, double lo, double hi) { return std::min(std::max(w, lo), hi); }
} // namespace spark

namespace spark_hebbian {
using namespace spark;
enum Param { pre_tau, post_tau, eta, w_min, w_max, seed, pre_sign };
enum Post { y };
enum Synapse { x };
void postSpike(PlasticityContext &c) { c.post[y] += 1.0 / c.param[post_tau]; }
void postDynamics(PlasticityContext &c) {
  c.post[y] *= decay(c, c.param[post_tau], c.param[seed] != 0.0);
}
void synapseDynamics(PlasticityContext &c) {
  const double *q = c.param;
  bool old = q[seed] != 0.0;
  double s = c.postSpiked ? 1.0 : 0.0, a = arrival(c, old, q[pre_sign]);
  double xv = preTrace(c, x, q[pre_tau], old, a);
  double dw = q[eta] * (c.post[y] * a + xv * s);
  *c.w = clip(*c.w + c.dt * dw, q[w_min], q[w_max]);
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "spark_hebbian";
  m.params = {NAMED(pre_tau, 20.0), NAMED(post_tau, 20.0), NAMED(eta, 0.01),
              NAMED(w_min, 0.0),    NAMED(w_max, 3.0e38),  NAMED(seed, 0.0),
              NAMED(pre_sign, 1.0)};
  m.postState = {NAMED(y, 0.0)};
  m.synapseState = {NAMED(x, 0.0)};
  m.postSpike = postSpike;
  m.postDynamics = postDynamics;
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace spark_hebbian

namespace spark_oja {
using namespace spark;
enum Param { pre_tau, post_tau, eta, w_min, w_max, seed, pre_sign };
enum Post { y };
enum Synapse { x };
void postSpike(PlasticityContext &c) { c.post[y] += 1.0 / c.param[post_tau]; }
void postDynamics(PlasticityContext &c) {
  c.post[y] *= decay(c, c.param[post_tau], c.param[seed] != 0.0);
}
void synapseDynamics(PlasticityContext &c) {
  const double *q = c.param;
  bool old = q[seed] != 0.0;
  double yv = c.post[y], a = arrival(c, old, q[pre_sign]);
  double xv = preTrace(c, x, q[pre_tau], old, a);
  // PyPI pairs the post trace with the arrival, the seed the pre trace
  // with the post spike.
  double hebb = old ? xv * (c.postSpiked ? 1.0 : 0.0) : yv * a;
  double dw = q[eta] * (hebb - *c.w * yv * yv);
  *c.w = clip(*c.w + c.dt * dw, q[w_min], q[w_max]);
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "spark_oja";
  m.params = {NAMED(pre_tau, 20.0), NAMED(post_tau, 20.0), NAMED(eta, 0.1),
              NAMED(w_min, 0.0),    NAMED(w_max, 3.0e38),  NAMED(seed, 0.0),
              NAMED(pre_sign, 1.0)};
  m.postState = {NAMED(y, 0.0)};
  m.synapseState = {NAMED(x, 0.0)};
  m.postSpike = postSpike;
  m.postDynamics = postDynamics;
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace spark_oja

namespace spark_zenke {
using namespace spark;
enum Param {
  pre_tau, post_tau, post_slow_tau, target_tau, a, b, c_het, d, p, eta,
  w_min, w_max, seed, pre_sign
};
enum Post { y, ys };
enum Synapse { x, target };
void postSpike(PlasticityContext &c) {
  c.post[y] += 1.0 / c.param[post_tau];
  c.post[ys] += 1.0 / c.param[post_slow_tau];
}
void postDynamics(PlasticityContext &c) {
  bool old = c.param[seed] != 0.0;
  c.post[y] *= decay(c, c.param[post_tau], old);
  c.post[ys] *= decay(c, c.param[post_slow_tau], old);
}
void synapseDynamics(PlasticityContext &c) {
  const double *q = c.param;
  bool old = q[seed] != 0.0;
  double w = *c.w, t = c.synapse[target];
  double arrived = arrival(c, old, q[pre_sign]);
  double xv = preTrace(c, x, q[pre_tau], old, arrived);
  // The target in its double well (zeros 0, 1/4, 1/2), driven by w; its
  // input is u / target_tau per step, as Spark's code has it.
  double u = w - q[p] * t * (0.25 - t) * (0.5 - t);
  t = t * decay(c, q[target_tau], old) + u / q[target_tau];
  c.synapse[target] = t;
  double s = c.postSpiked ? 1.0 : 0.0, yv = c.post[y];
  double dw = q[a] * xv * c.post[ys] * s + q[b] * yv * arrived +
              q[c_het] * (w - t) * yv * yv * yv * s + q[d] * arrived;
  *c.w = clip(w + c.dt * q[eta] * dw, q[w_min], q[w_max]);
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "spark_zenke";
  m.params = {NAMED(pre_tau, 20.0),     NAMED(post_tau, 20.0),
              NAMED(post_slow_tau, 20.0), NAMED(target_tau, 20000.0),
              NAMED(a, 1.0),            NAMED(b, -1.0),
              NamedValue{"c", c_het, -1.0}, NAMED(d, 1.0),
              NAMED(p, 20.0),           NAMED(eta, 0.1),
              NAMED(w_min, 0.0),        NAMED(w_max, 3.0e38),
              NAMED(seed, 0.0),         NAMED(pre_sign, 1.0)};
  m.postState = {NAMED(y, 0.0), NAMED(ys, 0.0)};
  m.synapseState = {NAMED(x, 0.0), NAMED(target, 0.0)};
  m.postSpike = postSpike;
  m.postDynamics = postDynamics;
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace spark_zenke

// First-spike STDP (docs/rules/first_spike_stdp.md): a post neuron's
// first spike of the sample potentiates the synapses whose pre neuron had
// fired (at or before it) and depresses the others.
namespace first_spike_stdp {
enum Param { lr_plus, lr_minus, multiplicative, w_min, w_max };
enum Pre { fired };
enum Post { spikes };
void preSpike(PlasticityContext &c) { c.pre[fired] = 1.0; }
void postSpike(PlasticityContext &c) { c.post[spikes] += 1.0; }
void onPost(PlasticityContext &c) {
  if (c.post[spikes] != 1.0)
    return; // not the first spike of the sample
  double w = *c.w;
  double shape = c.param[multiplicative] != 0.0 ? w * (1.0 - w) : 1.0;
  double dw = c.pre[fired] > 0.0 ? c.param[lr_plus] * shape
                                 : -c.param[lr_minus] * shape;
  *c.w = std::min(std::max(w + dw, c.param[w_min]), c.param[w_max]);
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "first_spike_stdp";
  m.params = {NAMED(lr_plus, 0.004), NAMED(lr_minus, 0.003),
              NAMED(multiplicative, 1.0), NAMED(w_min, 0.0), NAMED(w_max, 1.0)};
  m.preState = {NAMED(fired, 0.0)};
  m.postState = {NAMED(spikes, 0.0)};
  m.preSpike = preSpike;
  m.postSpike = postSpike;
  m.onPost = onPost;
  return m;
}
} // namespace first_spike_stdp

// ngclearn's MSTDPETSynapse and its VarTrace traces
// (docs/rules/ngclearn_mstdpet.md): E from last step's D, the modulated
// update and the decay from w0, this step's D from w0, then [0, w_bound].
namespace ngclearn_mstdpet {
enum Param {
  A_plus, A_minus, eta, mu, pretrace_target, tau_elg, elg_decay, tau_w,
  w_bound, w_min, tau_tr_pre, tau_tr_post, a_delta, P_scale, gamma_tr
};
enum Pre { x };
enum Post { y };
enum Synapse { E, D };
/// VarTrace: a spike sets the trace to P_scale, or adds a_delta.
double jump(double trace, const double *p) {
  return p[a_delta] > 0 ? trace + p[a_delta] : p[P_scale];
}
void preSpike(PlasticityContext &c) { c.pre[x] = jump(c.pre[x], c.param); }
void postSpike(PlasticityContext &c) { c.post[y] = jump(c.post[y], c.param); }
void preDynamics(PlasticityContext &c) {
  c.pre[x] *= c.param[gamma_tr] * decayFactor(c.dt, c.param[tau_tr_pre]);
}
void postDynamics(PlasticityContext &c) {
  c.post[y] *= c.param[gamma_tr] * decayFactor(c.dt, c.param[tau_tr_post]);
}
/// The modulated update with eligibility `e`, and this step's D.
void update(PlasticityContext &c, double e) {
  const double *q = c.param;
  double w0 = *c.w, r = c.modulator[0];
  double w = w0 + e * r * q[eta] - w0 / q[tau_w];
  double sPre = c.preSpiked ? 1.0 : 0.0, sPost = c.postSpiked ? 1.0 : 0.0;
  double up = q[mu] > 0 ? std::pow(q[w_bound] - w0, q[mu]) : 1.0;
  double down = q[mu] > 0 ? std::pow(w0, q[mu]) : 1.0;
  double ltd = q[A_minus] > 0 ? q[A_minus] * sPre * c.post[y] * down : 0.0;
  c.synapse[D] = q[A_plus] * (c.pre[x] - q[pretrace_target]) * sPost * up - ltd;
  *c.w = std::min(std::max(w, q[w_min]), q[w_bound]);
}
void synapseDynamics(PlasticityContext &c) {
  c.synapse[E] = c.synapse[E] * decayFactor(c.dt, c.param[tau_elg]) *
                     c.param[elg_decay] +
                 c.synapse[D] / c.param[tau_elg];
  update(c, c.synapse[E]);
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "ngclearn_mstdpet";
  m.params = {NAMED(A_plus, 1.0),      NAMED(A_minus, 1.0),
              NAMED(eta, 1.0),         NAMED(mu, 0.0),
              NAMED(pretrace_target, 0.0), NAMED(tau_elg, 25.0),
              NAMED(elg_decay, 1.0),   NAMED(tau_w, 3.0e38),
              NAMED(w_bound, 1.0),     NAMED(w_min, 0.0),
              NAMED(tau_tr_pre, 20.0), NAMED(tau_tr_post, 20.0),
              NAMED(a_delta, 0.0),     NAMED(P_scale, 1.0),
              NAMED(gamma_tr, 1.0)};
  m.preState = {NAMED(x, 0.0)};
  m.postState = {NAMED(y, 0.0)};
  m.synapseState = {NAMED(E, 0.0), NAMED(D, 0.0)};
  m.modulators = {"reward"};
  m.preSpike = preSpike;
  m.postSpike = postSpike;
  m.preDynamics = preDynamics;
  m.postDynamics = postDynamics;
  m.synapseDynamics = synapseDynamics;
  return m;
}
} // namespace ngclearn_mstdpet

// ngclearn's REINFORCESynapse (docs/rules/ngclearn_reinforce.md), on the
// mean and the log-std read-outs of a gaussian_policy population: with
// g = 0.01 r, d = sample - f and a the input that arrived this step,
//   mean:    w += eta a g (d / std^2) f'(mean)
//   log-std: w += eta a g (d^2 / std^2 - 1), for log-std in [-10, 2] and a
//            learned std
// then w in [w_min, w_bound] (ngclearn's [0, w_bound]).
namespace ngclearn_reinforce {
enum Param { eta, w_bound, w_min, mu_act_tanh };
using namespace policy_state;
double deviation(const PlasticityContext &c) {
  return c.postNeuron[sample] - c.postNeuron[f];
}
void bound(PlasticityContext &c) {
  *c.w = std::min(std::max(*c.w, c.param[w_min]), c.param[w_bound]);
}
void mean(PlasticityContext &c) {
  double s = c.postNeuron[std_dev];
  double slope = c.param[mu_act_tanh] != 0.0
                     ? 1.0 - std::pow(std::tanh(c.postNeuron[policy_state::mean]), 2)
                     : 1.0;
  *c.w += c.param[eta] * c.preArrived * 0.01 * c.modulator[0] *
          (deviation(c) / (s * s)) * slope;
  bound(c);
}
void logStd(PlasticityContext &c) {
  double s = c.postNeuron[std_dev], l = c.postNeuron[log_std];
  bool learned = c.postNeuronParam[policy_param::scalar_stddev] <= 0.0;
  if (learned && l >= -10.0 && l <= 2.0)
    *c.w += c.param[eta] * c.preArrived * 0.01 * c.modulator[0] *
            (deviation(c) * deviation(c) / (s * s) - 1.0);
  bound(c);
}
PlasticityModel describe(bool ofMean) {
  PlasticityModel m;
  m.name = ofMean ? "ngclearn_reinforce_mu" : "ngclearn_reinforce_logstd";
  m.params = {NAMED(eta, 1.0e-4), NAMED(w_bound, 1.0), NAMED(w_min, 0.0)};
  if (ofMean)
    m.params.push_back(NAMED(mu_act_tanh, 0.0));
  m.modulators = {"reward"};
  m.postNeuronModel = "gaussian_policy";
  m.synapseDynamics = ofMean ? mean : logStd;
  return m;
}
} // namespace ngclearn_reinforce

// A test rule for modulators in neuron regions (test/numeric): the post
// trace y decays and gains the modulator `gain` (the neuron's value) on
// every post spike; a pre spike arriving depresses by y.
namespace gain_trace {
enum Param { tau };
enum Post { y };
void postSpike(PlasticityContext &c) { c.post[y] += c.modulator[0]; }
void postDynamics(PlasticityContext &c) {
  c.post[y] *= decayFactor(c.dt, c.param[tau]);
}
void onPre(PlasticityContext &c) {
  *c.w -= 0.01 * c.post[y];
  c.delivered = *c.w;
}
PlasticityModel describe() {
  PlasticityModel m;
  m.name = "gain_trace";
  m.params = {NAMED(tau, 20.0)};
  m.postState = {NAMED(y, 0.0)};
  m.modulators = {"gain"};
  m.postSpike = postSpike;
  m.postDynamics = postDynamics;
  m.onPre = onPre;
  return m;
}
} // namespace gain_trace

#undef NAMED

const std::map<std::string, PlasticityModel> &plasticityModels() {
  static const std::map<std::string, PlasticityModel> registry = [] {
    std::map<std::string, PlasticityModel> models;
    for (PlasticityModel m :
         {stdp_pair::describe(), stdp_pair_mult::describe(),
          postpre::describe(), hebbian::describe(),
          weight_dependent_postpre::describe(), mstdp::describe(),
          mstdpet::describe(), tsodyks_markram::describe(), rstdp::describe(),
          three_factor::describe(), error_drift::describe(),
          eligibility_drift::describe(), spark_hebbian::describe(),
          spark_oja::describe(), spark_zenke::describe(),
          first_spike_stdp::describe(), ngclearn_mstdpet::describe(),
          ngclearn_reinforce::describe(true),
          ngclearn_reinforce::describe(false),
          gain_trace::describe(), eprop::alif(), eprop::lif(),
          eprop::readout()}) {
      for (const auto *list :
           {&m.params, &m.preState, &m.postState, &m.synapseState})
        checkSlots(m.name, *list);
      models[m.name] = m;
    }
    return models;
  }();
  return registry;
}

} // namespace

const PlasticityModel *findPlasticityModel(const std::string &name) {
  auto it = plasticityModels().find(name);
  return it == plasticityModels().end() ? nullptr : &it->second;
}

} // namespace snnref
