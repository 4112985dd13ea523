//===- Models.cpp - neuron and postsynaptic models of docs/models.md ------===//
//
// One namespace per model: enums give each named value its slot, so the code
// reads like the equations in the doc (`n.state[v]`, `n.param[tau_m]`).
// Enumerators of one model share a scope, so a name used twice in one model
// (say a parameter and a state both called `a`) fails to compile instead of
// aliasing.
//
//===----------------------------------------------------------------------===//

#include "test/reference/Models.h"
#include "test/reference/Types.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace snnref {

int indexOf(const std::vector<NamedValue> &values, const std::string &name) {
  for (size_t i = 0; i < values.size(); ++i)
    if (name == values[i].name)
      return int(i);
  return -1;
}

namespace {

// Name and slot come from one token, so they cannot drift apart.
#define NAMED(slot, value) NamedValue{#slot, slot, value}

double decayFactor(double dt, double tau) { return std::exp(-dt / tau); }

/// x relaxes towards xInf with time constant tau: exact for xInf held over
/// the step.
double relax(double x, double xInf, double dt, double tau) {
  return xInf + (x - xInf) * decayFactor(dt, tau);
}

/// models.md, "Refractoriness": the membrane is held while more than half a
/// step of the period is left; the countdown runs (down to 0) either way.
bool holdRefractory(double &refrac, double dt) {
  bool held = refrac > dt / 2;
  refrac = std::max(refrac - dt, 0.0);
  return held;
}

//===----------------------------------------------------------------------===//
// Neurons
//===----------------------------------------------------------------------===//

namespace if_model {
enum Param { v_th, v_reset, r };
enum State { v };
enum Port { i_syn };
void update(NeuronContext &n) { n.state[v] += n.dt * n.param[r] * n.port[i_syn]; }
double margin(const NeuronContext &n) { return n.state[v] - n.param[v_th]; }
void reset(NeuronContext &n) { n.state[v] = n.param[v_reset]; }
NeuronModel describe() {
  NeuronModel m;
  m.name = "if";
  m.params = {NAMED(v_th, 1.0), NAMED(v_reset, 0.0), NAMED(r, 1.0)};
  m.state = {NAMED(v, 0.0)};
  m.ports = {NAMED(i_syn, 0.0)};
  m.update = update;
  m.margin = margin;
  m.reset = reset;
  return m;
}
} // namespace if_model

namespace lif {
enum Param { tau_m, v_rest, v_reset, v_th, r, t_ref };
enum State { v, refrac };
enum Port { i_syn };
void update(NeuronContext &n) {
  if (holdRefractory(n.state[refrac], n.dt))
    return;
  double vInf = n.param[v_rest] + n.param[r] * n.port[i_syn];
  n.state[v] = relax(n.state[v], vInf, n.dt, n.param[tau_m]);
}
double margin(const NeuronContext &n) { return n.state[v] - n.param[v_th]; }
void reset(NeuronContext &n) {
  n.state[v] = n.param[v_reset];
  n.state[refrac] = n.param[t_ref];
}
NeuronModel describe() {
  NeuronModel m;
  m.name = "lif";
  m.params = {NAMED(tau_m, 20.0), NAMED(v_rest, 0.0), NAMED(v_reset, 0.0),
              NAMED(v_th, 1.0),   NAMED(r, 1.0),      NAMED(t_ref, 0.0)};
  m.state = {NAMED(v, 0.0), NAMED(refrac, 0.0)};
  m.ports = {NAMED(i_syn, 0.0)};
  m.update = update;
  m.margin = margin;
  m.reset = reset;
  return m;
}
} // namespace lif

namespace li {
enum Param { tau_m, v_rest, r };
enum State { v };
enum Port { i_syn };
void update(NeuronContext &n) {
  double vInf = n.param[v_rest] + n.param[r] * n.port[i_syn];
  n.state[v] = relax(n.state[v], vInf, n.dt, n.param[tau_m]);
}
NeuronModel describe() {
  NeuronModel m;
  m.name = "li";
  m.params = {NAMED(tau_m, 20.0), NAMED(v_rest, 0.0), NAMED(r, 1.0)};
  m.state = {NAMED(v, 0.0)};
  m.ports = {NAMED(i_syn, 0.0)};
  m.update = update;
  return m;
}
} // namespace li

namespace cuba_lif {
enum Param { tau_m, tau_syn, v_rest, v_reset, v_th, r };
enum State { v, i };
enum Port { i_syn };
void update(NeuronContext &n) {
  // The membrane sees the current after this step's input (snnTorch's
  // Synaptic ordering), held over the step.
  n.state[i] = n.state[i] * decayFactor(n.dt, n.param[tau_syn]) + n.port[i_syn];
  double vInf = n.param[v_rest] + n.param[r] * n.state[i];
  n.state[v] = relax(n.state[v], vInf, n.dt, n.param[tau_m]);
}
double margin(const NeuronContext &n) { return n.state[v] - n.param[v_th]; }
void reset(NeuronContext &n) { n.state[v] = n.param[v_reset]; }
NeuronModel describe() {
  NeuronModel m;
  m.name = "cuba_lif";
  m.params = {NAMED(tau_m, 20.0),  NAMED(tau_syn, 5.0), NAMED(v_rest, 0.0),
              NAMED(v_reset, 0.0), NAMED(v_th, 1.0),    NAMED(r, 1.0)};
  m.state = {NAMED(v, 0.0), NAMED(i, 0.0)};
  m.ports = {NAMED(i_syn, 0.0)};
  m.update = update;
  m.margin = margin;
  m.reset = reset;
  return m;
}
} // namespace cuba_lif

namespace lif_cond {
enum Param { tau_m, v_rest, v_reset, v_th, e_exc, e_inh, i_ext, t_ref };
enum State { v, refrac };
enum Port { ge, gi };
void update(NeuronContext &n) {
  if (holdRefractory(n.state[refrac], n.dt))
    return;
  const double *p = n.param;
  double vm = n.state[v];
  double rhs = n.port[ge] * (p[e_exc] - vm) + n.port[gi] * (p[e_inh] - vm) +
               (p[v_rest] - vm) + p[i_ext];
  n.state[v] = vm + n.dt / p[tau_m] * rhs;
}
double margin(const NeuronContext &n) { return n.state[v] - n.param[v_th]; }
void reset(NeuronContext &n) {
  n.state[v] = n.param[v_reset];
  n.state[refrac] = n.param[t_ref];
}
NeuronModel describe() {
  NeuronModel m;
  m.name = "lif_cond";
  m.params = {NAMED(tau_m, 20.0),   NAMED(v_rest, -60.0), NAMED(v_reset, -60.0),
              NAMED(v_th, -50.0),   NAMED(e_exc, 0.0),    NAMED(e_inh, -80.0),
              NAMED(i_ext, 0.0),    NAMED(t_ref, 0.0)};
  m.state = {NAMED(v, -60.0), NAMED(refrac, 0.0)};
  m.ports = {NAMED(ge, 0.0), NAMED(gi, 0.0)};
  m.update = update;
  m.margin = margin;
  m.reset = reset;
  return m;
}
} // namespace lif_cond

namespace alif {
enum Param { tau_m, tau_adapt, v_rest, v_th, beta, r };
enum State { v, a };
enum Port { i_syn };
void update(NeuronContext &n) {
  double vInf = n.param[v_rest] + n.param[r] * n.port[i_syn];
  n.state[v] = relax(n.state[v], vInf, n.dt, n.param[tau_m]);
  n.state[a] *= decayFactor(n.dt, n.param[tau_adapt]);
}
double margin(const NeuronContext &n) {
  return n.state[v] - (n.param[v_th] + n.param[beta] * n.state[a]);
}
void reset(NeuronContext &n) {
  // Subtract the baseline threshold, not the adapted one (e-prop).
  n.state[v] -= n.param[v_th];
  n.state[a] += 1.0;
}
NeuronModel describe() {
  NeuronModel m;
  m.name = "alif";
  m.params = {NAMED(tau_m, 20.0), NAMED(tau_adapt, 200.0), NAMED(v_rest, 0.0),
              NAMED(v_th, 1.0),   NAMED(beta, 0.07),       NAMED(r, 1.0)};
  m.state = {NAMED(v, 0.0), NAMED(a, 0.0)};
  m.ports = {NAMED(i_syn, 0.0)};
  m.update = update;
  m.margin = margin;
  m.reset = reset;
  return m;
}
} // namespace alif

namespace izhikevich {
enum Param { a, b, c, d, v_peak };
enum State { v, u };
enum Port { i_syn };
void update(NeuronContext &n) {
  // Forward Euler, both derivatives from the values at the start of the step.
  double vm = n.state[v], rec = n.state[u];
  double dv = 0.04 * vm * vm + 5.0 * vm + 140.0 - rec + n.port[i_syn];
  double du = n.param[a] * (n.param[b] * vm - rec);
  n.state[v] = vm + n.dt * dv;
  n.state[u] = rec + n.dt * du;
}
double margin(const NeuronContext &n) { return n.state[v] - n.param[v_peak]; }
void reset(NeuronContext &n) {
  n.state[v] = n.param[c];
  n.state[u] += n.param[d];
}
NeuronModel describe() {
  NeuronModel m;
  m.name = "izhikevich";
  m.params = {NAMED(a, 0.02), NAMED(b, 0.2), NAMED(c, -65.0), NAMED(d, 8.0),
              NAMED(v_peak, 30.0)};
  m.state = {NAMED(v, -65.0), NAMED(u, -13.0)};
  m.ports = {NAMED(i_syn, 0.0)};
  m.update = update;
  m.margin = margin;
  m.reset = reset;
  return m;
}
} // namespace izhikevich

namespace adex {
enum Param { c_m, g_l, e_l, v_t, delta_t, tau_w, a, b, v_reset, v_peak };
enum State { v, w };
enum Port { i_syn };
void update(NeuronContext &n) {
  const double *p = n.param;
  double vm = n.state[v], adapt = n.state[w];
  // The overflow guard of models.md: v bounded by v_peak inside the
  // exponential, and the exponent capped at 80.
  double exponent = std::min((std::min(vm, p[v_peak]) - p[v_t]) / p[delta_t], 80.0);
  double spikeCurrent = p[g_l] * p[delta_t] * std::exp(exponent);
  double dv = (-p[g_l] * (vm - p[e_l]) + spikeCurrent - adapt + n.port[i_syn]) / p[c_m];
  double dw = (p[a] * (vm - p[e_l]) - adapt) / p[tau_w];
  n.state[v] = vm + n.dt * dv;
  n.state[w] = adapt + n.dt * dw;
}
double margin(const NeuronContext &n) { return n.state[v] - n.param[v_peak]; }
void reset(NeuronContext &n) {
  n.state[v] = n.param[v_reset];
  n.state[w] += n.param[b];
}
NeuronModel describe() {
  NeuronModel m;
  m.name = "adex";
  m.params = {NAMED(c_m, 281.0),   NAMED(g_l, 30.0),    NAMED(e_l, -70.6),
              NAMED(v_t, -50.4),   NAMED(delta_t, 2.0), NAMED(tau_w, 144.0),
              NAMED(a, 4.0),       NAMED(b, 80.5),      NAMED(v_reset, -70.6),
              NAMED(v_peak, 0.0)};
  m.state = {NAMED(v, -70.6), NAMED(w, 0.0)};
  m.ports = {NAMED(i_syn, 0.0)};
  m.update = update;
  m.margin = margin;
  m.reset = reset;
  return m;
}
} // namespace adex

namespace poisson {
enum External { rate };
double margin(const NeuronContext &n) {
  double probability = n.external[rate] * n.dt / 1000.0; // Hz * ms
  return probability - n.uniform;
}
NeuronModel describe() {
  NeuronModel m;
  m.name = "poisson";
  m.externals = {NAMED(rate, 0.0)};
  m.margin = margin;
  m.drawsUniform = true;
  // models.md does not say which region draws; the prelude draws in
  // `threshold`, and it is the first random op there (read from prelude.mlir).
  m.uniformStream = "threshold/0";
  return m;
}
} // namespace poisson

namespace spike_source {
enum External { spikes };
double margin(const NeuronContext &n) { return n.external[spikes] - 0.5; }
NeuronModel describe() {
  NeuronModel m;
  m.name = "spike_source";
  m.externals = {NAMED(spikes, 0.0)};
  m.margin = margin;
  return m;
}
} // namespace spike_source

namespace current_source {
enum State { i };
enum External { current };
void update(NeuronContext &n) { n.state[i] = n.external[current]; }
NeuronModel describe() {
  NeuronModel m;
  m.name = "current_source";
  m.state = {NAMED(i, 0.0)};
  m.externals = {NAMED(current, 0.0)};
  m.update = update;
  return m;
}
} // namespace current_source

namespace latency {
enum Param { t_max, threshold };
enum State { t, fired };
enum External { value };
void update(NeuronContext &n) { n.state[t] += n.dt; }
double margin(const NeuronContext &n) {
  if (n.state[fired] != 0.0 || !(n.external[value] > n.param[threshold]))
    return -1.0;
  double fireTime = n.param[t_max] * (1.0 - n.external[value]);
  // t is the end of this step, (k+1)dt; its middle is nearest to fireTime
  // in step k = round(fireTime / dt).
  return (n.state[t] - n.dt / 2) - fireTime;
}
void reset(NeuronContext &n) { n.state[fired] = 1.0; }
NeuronModel describe() {
  NeuronModel m;
  m.name = "latency";
  m.params = {NAMED(t_max, 50.0), NAMED(threshold, 0.01)};
  m.state = {NAMED(t, 0.0), NAMED(fired, 0.0)};
  m.externals = {NAMED(value, 0.0)};
  m.update = update;
  m.margin = margin;
  m.reset = reset;
  return m;
}
} // namespace latency

//===----------------------------------------------------------------------===//
// Postsynaptic models. Each output is the impulse response sampled at lags
// 0, dt, 2dt, ... after the step of arrival.
//===----------------------------------------------------------------------===//

namespace delta {
double output(const SynapseContext &s) { return s.delivered; }
SynapseModel describe() {
  SynapseModel m;
  m.name = "delta";
  m.target = "i_syn";
  m.output = output;
  return m;
}
} // namespace delta

namespace exp_current {
enum Param { tau };
enum State { i };
void dynamics(SynapseContext &s) {
  s.state[i] = s.state[i] * decayFactor(s.dt, s.param[tau]) + s.delivered;
}
double output(const SynapseContext &s) { return s.state[i]; }
SynapseModel describe() {
  SynapseModel m;
  m.name = "exp_current";
  m.params = {NAMED(tau, 5.0)};
  m.state = {NAMED(i, 0.0)};
  m.target = "i_syn";
  m.dynamics = dynamics;
  m.output = output;
  return m;
}
} // namespace exp_current

namespace exp_cond {
enum Param { tau, e_rev };
enum State { g };
void dynamics(SynapseContext &s) {
  s.state[g] = s.state[g] * decayFactor(s.dt, s.param[tau]) + s.delivered;
}
double output(const SynapseContext &s) { return s.state[g] * (s.param[e_rev] - s.vPost); }
SynapseModel describe() {
  SynapseModel m;
  m.name = "exp_cond";
  m.params = {NAMED(tau, 5.0), NAMED(e_rev, 0.0)};
  m.state = {NAMED(g, 0.0)};
  m.target = "i_syn";
  m.dynamics = dynamics;
  m.output = output;
  m.readsPostV = true;
  return m;
}
} // namespace exp_cond

// Not a prelude model: the form examples/coba defines (Brian2's
// `on_pre: g += w` with forward-Euler decay), where the compiler delivers
// straight into g. g jumps by what is delivered, then decays by one Euler
// step.
namespace jump_euler {
enum Param { tau };
enum State { g };
void dynamics(SynapseContext &s) {
  double g0 = s.state[g] + s.delivered;
  s.state[g] = g0 - g0 * (s.dt / s.param[tau]);
}
double output(const SynapseContext &s) { return s.state[g]; }
SynapseModel describe() {
  SynapseModel m;
  m.name = "jump_euler";
  m.params = {NAMED(tau, 5.0)};
  m.state = {NAMED(g, 0.0)};
  m.target = "i_syn";
  m.dynamics = dynamics;
  m.output = output;
  return m;
}
} // namespace jump_euler

namespace alpha {
enum Param { tau };
enum State { h, g };
void dynamics(SynapseContext &s) {
  const double e = std::exp(1.0);
  double decay = decayFactor(s.dt, s.param[tau]);
  // g takes h from before this step's delivery; the other order would
  // shift the whole response one step earlier.
  s.state[g] = (s.state[g] + s.state[h] * e * s.dt / s.param[tau]) * decay;
  s.state[h] = s.state[h] * decay + s.delivered;
}
double output(const SynapseContext &s) { return s.state[g]; }
SynapseModel describe() {
  SynapseModel m;
  m.name = "alpha";
  m.params = {NAMED(tau, 5.0)};
  m.state = {NAMED(h, 0.0), NAMED(g, 0.0)};
  m.target = "i_syn";
  m.dynamics = dynamics;
  m.output = output;
  return m;
}
} // namespace alpha

// Pair-based STDP with exponential traces, additive with hard bounds, as
// docs/rules/stdp_pair.md states it (examples/stdp_feedforward writes the
// same rule in MLIR). x (pre) and y (post) jump by 1 on a spike and decay by
// exp(-dt / tau) every step.
namespace stdp_pair {
enum Param { a_plus, a_minus, tau_plus, tau_minus, w_max };
enum Pre { x };
enum Post { y };
void preDynamics(PlasticityContext &c) {
  c.pre[x] *= std::exp(-c.dt / c.param[tau_plus]);
}
void postDynamics(PlasticityContext &c) {
  c.post[y] *= std::exp(-c.dt / c.param[tau_minus]);
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
  c.pre[x] *= std::exp(-c.dt / c.param[tc_trace_pre]);
}
void postDynamics(PlasticityContext &c) {
  c.post[y] *= std::exp(-c.dt / c.param[tc_trace_post]);
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
  c.pre[p_plus] *= std::exp(-c.dt / c.param[tc_plus]);
}
void postDynamics(PlasticityContext &c) {
  c.post[p_minus] *= std::exp(-c.dt / c.param[tc_minus]);
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
  c.synapse[z] = c.synapse[z] * std::exp(-c.dt / p[tc_e_trace]) +
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
  c.pre[x] *= std::exp(-c.dt / c.param[tau_trace]);
}
void postDynamics(PlasticityContext &c) {
  c.post[y] *= std::exp(-c.dt / c.param[tau_trace]);
}
void synapseDynamics(PlasticityContext &c) {
  c.synapse[e] = std::exp(-c.dt / c.param[tau_reward]) * c.synapse[e] +
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
  c.synapse[e] = std::exp(-c.dt / c.param[tau_e]) * c.synapse[e] +
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

#undef NAMED

void checkSlots(const std::string &model, const std::vector<NamedValue> &values) {
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i].index != int(i))
      fatal("model '" + model + "': '" + values[i].name +
            "' is listed out of its slot order");
}

template <typename Model>
std::map<std::string, Model> makeRegistry(std::vector<Model> models) {
  std::map<std::string, Model> registry;
  for (Model &m : models) {
    checkSlots(m.name, m.params);
    checkSlots(m.name, m.state);
    registry[m.name] = m;
  }
  return registry;
}

const std::map<std::string, NeuronModel> &neuronModels() {
  static const std::map<std::string, NeuronModel> registry = [] {
    std::vector<NeuronModel> models = {
        if_model::describe(),     lif::describe(),          li::describe(),
        cuba_lif::describe(),     lif_cond::describe(),     alif::describe(),
        izhikevich::describe(),   adex::describe(),         poisson::describe(),
        spike_source::describe(), current_source::describe(), latency::describe()};
    for (const NeuronModel &m : models) {
      checkSlots(m.name, m.ports);
      checkSlots(m.name, m.externals);
    }
    return makeRegistry(models);
  }();
  return registry;
}

const std::map<std::string, SynapseModel> &synapseModels() {
  static const std::map<std::string, SynapseModel> registry =
      makeRegistry(std::vector<SynapseModel>{delta::describe(), exp_current::describe(),
                                             exp_cond::describe(), alpha::describe(),
                                             jump_euler::describe()});
  return registry;
}

const std::map<std::string, PlasticityModel> &plasticityModels() {
  static const std::map<std::string, PlasticityModel> registry = [] {
    std::map<std::string, PlasticityModel> models;
    for (PlasticityModel m :
         {stdp_pair::describe(), stdp_pair_mult::describe(),
          postpre::describe(), hebbian::describe(),
          weight_dependent_postpre::describe(), mstdp::describe(),
          mstdpet::describe(), tsodyks_markram::describe(), rstdp::describe(),
          three_factor::describe(),
          error_drift::describe(),
          eligibility_drift::describe()}) {
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

const NeuronModel *findNeuronModel(const std::string &name) {
  auto it = neuronModels().find(name);
  return it == neuronModels().end() ? nullptr : &it->second;
}

const SynapseModel *findSynapseModel(const std::string &name) {
  auto it = synapseModels().find(name);
  return it == synapseModels().end() ? nullptr : &it->second;
}

} // namespace snnref
