//===- EpropModels.cpp - e-prop's rules in the reference simulator --------===//
//
// Eligibility propagation (Bellec et al. 2020, docs/rules/eprop.md). Each
// synapse j <- i keeps the eligibility of the post neuron's membrane to its
// weight, ev = d v_j / d w_ji (the reset's dependence ignored, as e-prop
// does), and for ALIF neurons of its adaptation, ea = d a_j / d w_ji after
// this step's reset. The eligibility trace e = psi (ev - beta ea), with psi
// the surrogate derivative at the post neuron's margin, is low-pass filtered
// with the readout's time constant into ebar. Every step first moves the
// weight by -lr L ebar, with the learning signal L of the last step and the
// ebar it goes with, then advances the traces. The readout's rule does the
// same with the error of its own neuron and ev = d y_k / d w_kj.
//
// The post neuron's equations are those of test/reference/Models.cpp: with
// alpha = exp(-dt / tau_m) the membrane follows v' = alpha v + (1 - alpha)
// r i_syn, where i_syn is what arrived this step (a delta synapse), and the
// adaptation a' = rho a with rho = exp(-dt / tau_adapt), a += 1 on a spike.
// The surrogate is the network default, fast sigmoid with slope 1:
// psi = 1 / (1 + |margin|)^2.
//
//===----------------------------------------------------------------------===//

#include "test/reference/EpropModels.h"

#include <cmath>

namespace snnref::eprop {
namespace {

#define NAMED(slot, value) NamedValue{#slot, slot, value}

double surrogate(double margin) {
  double d = 1.0 + std::fabs(margin);
  return 1.0 / (d * d);
}

/// Parameter slots of the post neuron models (test/reference/Models.cpp).
namespace alif_param {
enum { tau_m, tau_adapt, v_rest, v_th, beta, r };
}
namespace lif_param {
enum { tau_m, v_rest, v_reset, v_th, r, t_ref };
}
namespace li_param {
enum { tau_m, v_rest, r };
}

enum Param { lr, tau_out };
/// Synapse state: ev first; into ALIF neurons ea, then ebar; into LIF
/// neurons ebar.
enum Syn { ev, ea, ebar };
enum LifSyn { lif_ebar = 1 };

/// The weight moves by the last step's signal times the trace it goes with.
void descend(PlasticityContext &c, double signal, double trace) {
  *c.w -= c.param[lr] * signal * trace;
}

/// ev' = alpha ev + (1 - alpha) r (what arrived).
double membrane(PlasticityContext &c, double tauM, double r) {
  double alpha = decayFactor(c.dt, tauM);
  c.synapse[ev] = alpha * c.synapse[ev] + (1.0 - alpha) * r * c.preArrived;
  return c.synapse[ev];
}

void filter(PlasticityContext &c, int slot, double e) {
  c.synapse[slot] = decayFactor(c.dt, c.param[tau_out]) * c.synapse[slot] + e;
}

void alifDynamics(PlasticityContext &c) {
  using namespace alif_param;
  const double *p = c.postNeuronParam;
  descend(c, c.modulator[0], c.synapse[ebar]);
  double v = membrane(c, p[tau_m], p[r]);
  double a = decayFactor(c.dt, p[tau_adapt]) * c.synapse[ea];
  double e = surrogate(c.postMargin) * (v - p[beta] * a);
  c.synapse[ea] = a + e; // through the spike's a += 1
  filter(c, ebar, e);
}

void lifDynamics(PlasticityContext &c) {
  using namespace lif_param;
  const double *p = c.postNeuronParam;
  descend(c, c.modulator[0], c.synapse[lif_ebar]);
  double v = membrane(c, p[tau_m], p[r]);
  filter(c, lif_ebar, surrogate(c.postMargin) * v);
}

void readoutDynamics(PlasticityContext &c) {
  using namespace li_param;
  const double *p = c.postNeuronParam;
  descend(c, c.modulator[0], c.synapse[ev]);
  membrane(c, p[tau_m], p[r]);
}

PlasticityModel hidden(const char *name, const char *neuron,
                       void (*dynamics)(PlasticityContext &), bool adapts) {
  PlasticityModel m;
  m.name = name;
  m.params = {NAMED(lr, 1e-3), NAMED(tau_out, 20.0)};
  if (adapts)
    m.synapseState = {NAMED(ev, 0.0), NAMED(ea, 0.0), NAMED(ebar, 0.0)};
  else
    m.synapseState = {NAMED(ev, 0.0), NamedValue{"ebar", lif_ebar, 0.0}};
  m.modulators = {"learning_signal"};
  m.postNeuronModel = neuron;
  m.synapseDynamics = dynamics;
  return m;
}

#undef NAMED
} // namespace

PlasticityModel alif() {
  return hidden("eprop_alif", "alif", alifDynamics, true);
}

PlasticityModel lif() {
  return hidden("eprop_lif", "lif", lifDynamics, false);
}

PlasticityModel readout() {
  PlasticityModel m;
  m.name = "eprop_readout";
  m.params = {NamedValue{"lr", lr, 1e-3}};
  m.synapseState = {NamedValue{"ev", ev, 0.0}};
  m.modulators = {"error"};
  m.postNeuronModel = "li";
  m.synapseDynamics = readoutDynamics;
  return m;
}

} // namespace snnref::eprop
