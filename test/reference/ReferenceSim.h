//===- ReferenceSim.h - an independent reference simulator ----------------===//
//
// A plain, double-precision simulator of snn networks built from C++ test
// code, written for clarity rather than speed. Compiled networks are checked
// against it (DESIGN.md §8), so it shares no code with the compiler and
// implements the built-in models from docs/models.md independently.
//
//   snnref::Network net(/*dt=*/1.0);
//   net.population("in", "spike_source", 2).external("spikes", spikes);
//   net.population("out", "lif", 3).param("tau_m", 10.0).init("v", {0.0, 0.1, 0.2});
//   net.projection("in_out", "in", "out", snnref::denseSynapses(2, 3, w))
//       .synapse("exp_current", {{"tau", 5.0}});
//   snnref::Recording rec = snnref::simulate(net, /*steps=*/100);
//   rec.population("out").spikes[step][neuron];
//
// One step (DESIGN.md §2.4, docs/models.md "One step"):
//   1. each projection delivers, per target, the sum of weight × source
//      output of `delay` steps ago (a spike counts 1, a graded population
//      its value), plus its bias;
//   2. each projection's synapse model runs its dynamics; its output is
//      added into the target's input port (a projection without a synapse
//      model passes what it delivered straight through);
//   3. each neuron updates, its threshold margin is taken, it spikes where
//      the margin is > 0 and is reset where it spiked.
// Steps 1-2 run for every projection before any neuron updates, so a synapse
// reading the target's `v` sees the value from the end of the last step.
// A projection with a plasticity rule (docs/plasticity.md) runs `on_pre` for
// each arriving spike in step 1 (what it delivers replaces weight × 1), and
// after step 3: pre_spike and post_spike for the neurons that spiked,
// on_post for the synapses of the post neurons that spiked, synapse
// dynamics, then pre and post dynamics.
//
// Not modelled: spike filters, batch dimensions and monitors with a period
// (everything is recorded every step).
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TEST_REFERENCE_REFERENCESIM_H
#define SNN_TEST_REFERENCE_REFERENCESIM_H

#include "test/reference/Connectivity.h"
#include "test/reference/Types.h"

#include <deque>
#include <map>
#include <string>

namespace snnref {

class Population {
public:
  /// A parameter override: one value for all neurons, or one per neuron.
  Population &param(const std::string &name, Values values);
  /// An initial state value, likewise.
  Population &init(const std::string &name, Values values);
  /// Emit this state variable (its value after reset) every step instead of
  /// spikes.
  Population &graded(const std::string &stateVariable);
  /// A host value for every step, [steps][size]; a single row is held for
  /// every step.
  Population &external(const std::string &name, Series perStep);
  /// For `poisson`: the uniform draws u, [steps][size], supplied by the test.
  Population &uniforms(Series draws);
  /// For `poisson`: draw u from Philox as docs/random.md specifies, keyed by
  /// `seed`, on the stream "<name>/threshold/0".
  Population &philoxSeed(uint64_t seed);
  /// Winner-take-all (snn.spike_filter): of the neurons whose margin is
  /// positive, the k with the largest state variable `by` (after the
  /// update, before any reset; the lower index among equals) spike; the
  /// others are reset without spiking when `resetLosers`, else left alone.
  Population &winnerTakeAll(int64_t k, const std::string &by, bool resetLosers);
  /// Local winner-take-all on a [C, height, width] layer: each winner, in
  /// order, silences the candidates within `radius` positions (any channel).
  Population &winnerRadius(int64_t radius, int64_t height, int64_t width);
  /// snn.homeostasis: after the step's plasticity, the state variable
  /// `variable` moves by rate (spike - targetRate dt / 1000), clamped to
  /// [lo, hi].
  Population &homeostasis(const std::string &variable, double targetRate,
                          double rate, double lo, double hi);
  /// snn.synaptic_scaling: after homeostasis, the running mean rate r
  /// (r += dt / tau (now - r), the first step r = now) scales every weight
  /// into this population by clamp(targetRate / r, lo, hi) while r > 0.
  Population &synapticScaling(double targetRate, double tau, double lo,
                              double hi);

  const std::string &name() const { return name_; }
  const std::string &model() const { return model_; }
  int64_t size() const { return size_; }

private:
  friend class Network;
  friend class Simulation;
  std::string name_, model_;
  int64_t size_ = 0;
  std::map<std::string, Values> params_, init_;
  std::string graded_;
  std::map<std::string, Series> externals_;
  Series uniforms_;
  bool hasUniforms_ = false;
  bool usePhilox_ = false;
  uint64_t seed_ = 0;
  int64_t wtaK_ = 0; // 0: no winner-take-all
  std::string wtaBy_;
  bool wtaResetLosers_ = false;
  int64_t wtaRadius_ = -1, wtaHeight_ = 0, wtaWidth_ = 0; // -1: global only
  std::string homeoVar_; // empty: no homeostasis
  double homeoTarget_ = 0, homeoRate_ = 0, homeoLo_ = 0, homeoHi_ = 0;
  bool scaling_ = false;
  double scalingTarget_ = 0, scalingTau_ = 0, scalingLo_ = 0, scalingHi_ = 0;
};

class Projection {
public:
  /// The postsynaptic model and its parameter overrides (one value, or one
  /// per target neuron). Without a call, what is delivered goes straight into
  /// the port.
  Projection &synapse(const std::string &model, std::map<std::string, Values> params = {});
  /// The target's input port; defaults to the synapse model's target (i_syn),
  /// or without a synapse model to the target model's only port.
  Projection &port(const std::string &name);
  /// Added to what is delivered to each target neuron every step: one value,
  /// or one per target neuron (see channelBias for conv layers).
  Projection &bias(Values values);
  /// A plasticity rule and its parameter overrides (one value each): the
  /// weights then change as the rule says, from the synapses' initial ones.
  Projection &plasticity(const std::string &rule,
                         std::map<std::string, double> params = {});
  /// The host values of the rule's modulator `name`, [step][1] (one for
  /// all synapses) or [step][target neuron]; a single row is held.
  Projection &modulator(const std::string &name, Series perStep);
  /// snn.structural_plasticity `mechanism` on this projection: every
  /// `every` steps, after the step's plasticity, |w| < prune becomes 0 and
  /// min(pruned, max(1, floor(rate * synapses))) zero weights, chosen in
  /// order with probability needed / zeros left (Philox, `seed`, streams
  /// "<mechanism>/select" and "<mechanism>/value"), regrow uniformly in
  /// [lo, hi]. `perRow`: every source neuron's synapses are a capacity of
  /// their own (quota from the row's length).
  Projection &structural(const std::string &mechanism, double prune,
                         double rate, int64_t every, double lo, double hi,
                         uint64_t seed, bool perRow = false);

  const std::string &name() const { return name_; }

private:
  friend class Network;
  friend class Simulation;
  std::string structural_; // the mechanism's name; empty: none
  bool structuralPerRow_ = false;
  double prune_ = 0, growthRate_ = 0, growLo_ = 0, growHi_ = 0;
  int64_t every_ = 1;
  uint64_t structuralSeed_ = 0;
  std::string name_, source_, target_;
  std::vector<Synapse> synapses_;
  std::string synapseModel_;
  std::map<std::string, Values> synapseParams_;
  std::string port_;
  Values bias_;
  std::string rule_;
  std::map<std::string, double> ruleParams_;
  std::map<std::string, Series> modulators_;
};

class Network {
public:
  explicit Network(double dt) : dt_(dt) {}

  /// Adds a population of a built-in neuron model; `size` neurons, flattened
  /// row-major if the layer has a shape.
  Population &population(const std::string &name, const std::string &model, int64_t size);
  Projection &projection(const std::string &name, const std::string &source,
                         const std::string &target, std::vector<Synapse> synapses);

  /// The first problem that would stop a run of `steps` steps, or "" if
  /// there is none. simulate() aborts with this message.
  std::string check(int64_t steps) const;

  double dt() const { return dt_; }

private:
  friend class Simulation;
  const Population *findPopulation(const std::string &name) const;
  std::string checkPopulation(const Population &pop, int64_t steps) const;
  std::string checkProjection(const Projection &proj) const;

  double dt_;
  // Deques keep references returned by population()/projection() valid.
  std::deque<Population> populations_;
  std::deque<Projection> projections_;
};

/// Everything one population did, [step][neuron].
struct PopulationTrace {
  std::vector<std::vector<uint8_t>> spikes;
  /// Threshold margin before reset; -infinity for models without threshold.
  Series margin;
  /// Every state variable at the end of the step (after reset).
  std::map<std::string, Series> state;
  /// Every input port as the update saw it.
  std::map<std::string, Series> port;
  /// What its projections carry: spikes as 0/1, or the graded value.
  Series output;

  /// Steps at which `neuron` spiked, in order.
  std::vector<int64_t> spikeSteps(int64_t neuron) const;
  int64_t spikeCount() const;
};

/// Everything one projection did, [step][target neuron].
struct ProjectionTrace {
  Series delivered;                     ///< weights that arrived, plus bias
  std::map<std::string, Series> state;  ///< synapse state after dynamics
  Series output;                        ///< added to the target's port
  /// With plasticity: every synapse's weight at the end of the step
  /// ([step][synapse], in the order the synapses were given), and the
  /// rule's pre and post state ([step][neuron]).
  Series weights;
  std::map<std::string, Series> pre, post;
};

struct Recording {
  std::map<std::string, PopulationTrace> populations;
  std::map<std::string, ProjectionTrace> projections;
  /// Abort if there is no such name.
  const PopulationTrace &population(const std::string &name) const;
  const ProjectionTrace &projection(const std::string &name) const;
};

/// Runs `steps` steps from the initial state; aborts on Network::check's
/// first problem.
Recording simulate(const Network &net, int64_t steps);

} // namespace snnref

#endif // SNN_TEST_REFERENCE_REFERENCESIM_H
