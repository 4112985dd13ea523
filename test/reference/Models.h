//===- Models.h - the built-in models, written from docs/models.md --------===//
//
// Each model is a table of named values with defaults plus plain functions
// over one neuron (or one synapse target). The equations were written from
// docs/models.md, not translated from the prelude's MLIR; where the .mlir was
// read to settle a question, Models.cpp says so at that spot.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TEST_REFERENCE_MODELS_H
#define SNN_TEST_REFERENCE_MODELS_H

#include <cmath>
#include <string>
#include <vector>

namespace snnref {

/// A named value of a model. `index` is the slot the model's code uses; the
/// registry checks that it equals the value's position in its list.
struct NamedValue {
  const char *name;
  int index;
  double defaultValue;
};

/// Returns the position of `name` in `values`, or -1.
int indexOf(const std::vector<NamedValue> &values, const std::string &name);
/// Aborts unless every value's `index` is its position (registries call it).
void checkSlots(const std::string &model, const std::vector<NamedValue> &values);
/// exp(-dt / tau): one step of exact exponential decay.
inline double decayFactor(double dt, double tau) { return std::exp(-dt / tau); }

/// What one neuron's update sees. Arrays are indexed by the model's slots.
struct NeuronContext {
  const double *param = nullptr;
  double *state = nullptr;
  const double *port = nullptr;     ///< input ports, summed over projections
  const double *external = nullptr; ///< host values for this step
  double dt = 0.0;
  double uniform = 0.0; ///< this neuron's draw this step (random models only)
};

struct NeuronModel {
  std::string name;
  std::vector<NamedValue> params;
  std::vector<NamedValue> state;
  std::vector<NamedValue> ports;     ///< defaults unused (ports start at 0)
  std::vector<NamedValue> externals; ///< defaults unused
  void (*update)(NeuronContext &) = nullptr;       ///< null: nothing to do
  double (*margin)(const NeuronContext &) = nullptr; ///< null: never spikes
  void (*reset)(NeuronContext &) = nullptr;
  bool drawsUniform = false; ///< needs NeuronContext::uniform every step
  /// The stream name suffix of its draw (docs/random.md):
  /// "<population>/<region>/<k>".
  std::string uniformStream;
};

/// What one synapse target's state sees in a step.
struct SynapseContext {
  const double *param = nullptr;
  double *state = nullptr;
  double delivered = 0.0; ///< weights that arrived this step plus the bias
  double vPost = 0.0;     ///< the target's `v` from the end of the last step
  double dt = 0.0;
};

struct SynapseModel {
  std::string name;
  std::vector<NamedValue> params;
  std::vector<NamedValue> state;
  std::string target; ///< default input port of the neuron
  void (*dynamics)(SynapseContext &) = nullptr;
  double (*output)(const SynapseContext &) = nullptr;
  bool readsPostV = false;
};

/// What a plasticity rule's region sees (docs/plasticity.md): for the
/// synapse regions one synapse with its pre and post neuron; for the neuron
/// regions only `pre` or `post` (and the parameters) are set.
struct PlasticityContext {
  const double *param = nullptr; ///< the rule's parameters
  double *pre = nullptr;         ///< the pre neuron's rule state
  double *post = nullptr;        ///< the post neuron's rule state
  double *synapse = nullptr;     ///< the synapse's rule state
  double *w = nullptr;           ///< the synapse's weight
  double delivered = 0.0;        ///< on_pre: what reaches the target
  double dt = 0.0;
  /// Synapse regions after the neurons: whether the pre and post neuron
  /// spiked this step (`snn.get_pre "spike"`).
  bool preSpiked = false, postSpiked = false;
  /// The rule's modulators this step, in the order of `modulators` (for a
  /// per-neuron one, the post neuron's value).
  const double *modulator = nullptr;
  /// on_post and synapse_dynamics: what arrived along the synapse this step (the
  /// source's output `delay` steps ago), and the post neuron's model state
  /// and parameters (in its model's order; rules that read them name the
  /// model in `postNeuronModel`).
  double preArrived = 0.0;
  const double *postNeuron = nullptr, *postNeuronParam = nullptr;
  /// on_post and synapse_dynamics: the post neuron's threshold margin this
  /// step (before its reset), where e-prop evaluates the surrogate.
  double postMargin = 0.0;
};

struct PlasticityModel {
  std::string name;
  std::vector<NamedValue> params;
  std::vector<NamedValue> preState, postState, synapseState;
  std::vector<std::string> modulators; ///< third factors, by name
  /// The neuron model whose state `postNeuron` holds (empty: not read).
  std::string postNeuronModel;
  void (*preDynamics)(PlasticityContext &) = nullptr;
  void (*postDynamics)(PlasticityContext &) = nullptr;
  void (*preSpike)(PlasticityContext &) = nullptr;
  void (*postSpike)(PlasticityContext &) = nullptr;
  /// On arrival; `delivered` starts as the weight and may be changed.
  void (*onPre)(PlasticityContext &) = nullptr;
  void (*onPost)(PlasticityContext &) = nullptr;
  void (*synapseDynamics)(PlasticityContext &) = nullptr;
};

/// The state slots of the `gaussian_policy` neuron model, which the
/// REINFORCE rules read through PlasticityContext::postNeuron.
namespace policy_state {
enum Slot { mean, f, log_std, std_dev, sample };
} // namespace policy_state
namespace policy_param {
enum Slot { mu_out_min, mu_out_max, mu_act_tanh, scalar_stddev };
} // namespace policy_param

/// The built-in models by name; null when there is none of that name.
const NeuronModel *findNeuronModel(const std::string &name);
const SynapseModel *findSynapseModel(const std::string &name);
const PlasticityModel *findPlasticityModel(const std::string &name);

} // namespace snnref

#endif // SNN_TEST_REFERENCE_MODELS_H
