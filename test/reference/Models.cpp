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

void checkSlots(const std::string &model, const std::vector<NamedValue> &values) {
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i].index != int(i))
      fatal("model '" + model + "': '" + values[i].name +
            "' is listed out of its slot order");
}

int indexOf(const std::vector<NamedValue> &values, const std::string &name) {
  for (size_t i = 0; i < values.size(); ++i)
    if (name == values[i].name)
      return int(i);
  return -1;
}

namespace {

// Name and slot come from one token, so they cannot drift apart.
#define NAMED(slot, value) NamedValue{#slot, slot, value}

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

namespace bernoulli {
enum External { p };
double margin(const NeuronContext &n) { return n.external[p] - n.uniform; }
NeuronModel describe() {
  NeuronModel m;
  m.name = "bernoulli";
  m.externals = {NAMED(p, 0.0)};
  m.margin = margin;
  m.drawsUniform = true;
  m.uniformStream = "threshold/0"; // as poisson
  return m;
}
} // namespace bernoulli

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

// ngclearn's REINFORCESynapse policy (docs/rules/ngclearn_reinforce.md):
// the mean and log-std read-outs arrive at the two ports; a draw eps from
// the host; the sample is the population's (graded) output.
namespace gaussian_policy {
using namespace policy_param;
using namespace policy_state;
enum Port { mu, logstd };
enum External { eps };
void update(NeuronContext &n) {
  const double *p = n.param;
  n.state[mean] = n.port[mu];
  n.state[f] = p[mu_act_tanh] != 0.0 ? std::tanh(n.port[mu]) : n.port[mu];
  n.state[log_std] = n.port[logstd];
  n.state[std_dev] = p[scalar_stddev] > 0.0
                         ? p[scalar_stddev]
                         : std::exp(std::clamp(n.port[logstd], -10.0, 2.0));
  n.state[sample] = std::clamp(n.external[eps] * n.state[std_dev] + n.state[f],
                               p[mu_out_min], p[mu_out_max]);
}
NeuronModel describe() {
  NeuronModel m;
  m.name = "gaussian_policy";
  m.params = {NAMED(mu_out_min, -3.0e38), NAMED(mu_out_max, 3.0e38),
              NAMED(mu_act_tanh, 0.0), NAMED(scalar_stddev, -1.0)};
  m.state = {NAMED(mean, 0.0), NAMED(f, 0.0), NAMED(log_std, 0.0),
             NamedValue{"std", std_dev, 1.0}, NAMED(sample, 0.0)};
  m.ports = {NAMED(mu, 0.0), NAMED(logstd, 0.0)};
  m.externals = {NAMED(eps, 0.0)};
  m.update = update;
  return m;
}
} // namespace gaussian_policy

// docs/models.md: relay (v = i_syn) and heaviside (spikes where the input
// exceeds the threshold; no state).
namespace relay {
enum State { v };
enum Port { i_syn };
void update(NeuronContext &n) { n.state[v] = n.port[i_syn]; }
NeuronModel describe() {
  NeuronModel m;
  m.name = "relay";
  m.state = {NAMED(v, 0.0)};
  m.ports = {NAMED(i_syn, 0.0)};
  m.update = update;
  return m;
}
} // namespace relay

namespace heaviside {
enum Param { threshold };
enum Port { i_syn };
double margin(const NeuronContext &n) { return n.port[i_syn] - n.param[threshold]; }
NeuronModel describe() {
  NeuronModel m;
  m.name = "heaviside";
  m.params = {NAMED(threshold, 0.0)};
  m.ports = {NAMED(i_syn, 0.0)};
  m.margin = margin;
  return m;
}
} // namespace heaviside

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


namespace bindsnet_lif {
enum Param { thresh, rest, reset_v, refrac, tc_decay };
enum State { v, refrac_count };
enum Port { i_syn };
/// BindsNET's LIFNodes.forward: decay, then the input jumps v unless
/// refractory, then the countdown (which goes below 0, unclamped).
void update(NeuronContext &n) {
  n.state[v] = n.param[rest] +
               (n.state[v] - n.param[rest]) * decayFactor(n.dt, n.param[tc_decay]);
  if (n.state[refrac_count] <= 0)
    n.state[v] += n.port[i_syn];
  n.state[refrac_count] -= n.dt;
}
double margin(const NeuronContext &n) { return n.state[v] - n.param[thresh]; }
void reset(NeuronContext &n) {
  n.state[v] = n.param[reset_v];
  n.state[refrac_count] = n.param[refrac];
}
NeuronModel describe() {
  NeuronModel m;
  m.name = "bindsnet_lif";
  m.params = {NAMED(thresh, -52.0), NAMED(rest, -65.0),
              NamedValue{"reset", reset_v, -65.0}, NAMED(refrac, 5.0),
              NAMED(tc_decay, 100.0)};
  m.state = {NAMED(v, -65.0), NAMED(refrac_count, 0.0)};
  m.ports = {NAMED(i_syn, 0.0)};
  m.update = update;
  m.margin = margin;
  m.reset = reset;
  return m;
}
} // namespace bindsnet_lif

namespace diehl_cook {
enum Param { thresh, rest, reset_v, refrac, tc_decay, theta_plus, tc_theta_decay };
enum State { v, refrac_count, theta };
enum Port { i_syn };
/// BindsNET's DiehlAndCookNodes.forward (learning on): LIFNodes with an
/// adaptive threshold theta.
void update(NeuronContext &n) {
  n.state[v] = n.param[rest] +
               (n.state[v] - n.param[rest]) * decayFactor(n.dt, n.param[tc_decay]);
  n.state[theta] *= decayFactor(n.dt, n.param[tc_theta_decay]);
  if (n.state[refrac_count] <= 0)
    n.state[v] += n.port[i_syn];
  n.state[refrac_count] -= n.dt;
}
double margin(const NeuronContext &n) {
  return n.state[v] - (n.param[thresh] + n.state[theta]);
}
void reset(NeuronContext &n) {
  n.state[v] = n.param[reset_v];
  n.state[refrac_count] = n.param[refrac];
  n.state[theta] += n.param[theta_plus];
}
NeuronModel describe() {
  NeuronModel m;
  m.name = "diehl_cook";
  m.params = {NAMED(thresh, -52.0),        NAMED(rest, -65.0),
              NamedValue{"reset", reset_v, -65.0}, NAMED(refrac, 5.0),
              NAMED(tc_decay, 100.0),      NAMED(theta_plus, 0.05),
              NAMED(tc_theta_decay, 1.0e7)};
  m.state = {NAMED(v, -65.0), NAMED(refrac_count, 0.0), NAMED(theta, 0.0)};
  m.ports = {NAMED(i_syn, 0.0)};
  m.update = update;
  m.margin = margin;
  m.reset = reset;
  return m;
}
} // namespace diehl_cook

#undef NAMED

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
        izhikevich::describe(),   adex::describe(),         poisson::describe(),       bernoulli::describe(),
        spike_source::describe(), current_source::describe(), latency::describe(),
        gaussian_policy::describe(), relay::describe(), heaviside::describe(),
        bindsnet_lif::describe(), diehl_cook::describe()};
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

} // namespace

const NeuronModel *findNeuronModel(const std::string &name) {
  auto it = neuronModels().find(name);
  return it == neuronModels().end() ? nullptr : &it->second;
}

const SynapseModel *findSynapseModel(const std::string &name) {
  auto it = synapseModels().find(name);
  return it == synapseModels().end() ? nullptr : &it->second;
}

} // namespace snnref
