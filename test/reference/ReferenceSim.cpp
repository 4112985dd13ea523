//===- ReferenceSim.cpp - running a network -------------------------------===//
//
// The network's description and its checks are in NetworkSpec.cpp.
//
//===----------------------------------------------------------------------===//

#include "test/reference/ReferenceSim.h"
#include "test/reference/Mechanisms.h"
#include "test/reference/Models.h"
#include "test/reference/Random.h"
#include "test/reference/SpecValues.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace snnref {

//===----------------------------------------------------------------------===//
// Running
//===----------------------------------------------------------------------===//

/// A network being run: its values laid out per neuron, [neuron][slot].
class Simulation {
public:
  Simulation(const Network &net, int64_t steps);
  Recording run();

private:
  struct Pop {
    const Population *spec;
    const NeuronModel *model;
    int64_t n;
    std::vector<double> param, state, port, external;
    PopulationTrace *trace;
    double scalingRate = -1; // synaptic scaling's estimate, -1: none yet
  };
  struct Proj {
    const Projection *spec;
    const SynapseModel *model; // null: delivered goes straight to the port
    Pop *source, *target;
    int portSlot;
    int vSlot; // the target's `v`, for synapses that read it
    std::vector<double> param, state, bias, delivered;
    ProjectionTrace *trace;
    // Plasticity: the rule, its parameters, the weights (as they change),
    // and the rule's state per pre neuron, post neuron and synapse.
    const PlasticityModel *rule = nullptr;
    std::vector<double> ruleParam, w, pre, post, syn;
  };

  void deliver(Proj &proj, int64_t step);
  void learn(Proj &proj, int64_t step);
  PlasticityContext ruleContext(Proj &proj, size_t synapse);
  void runSynapses(Proj &proj, int64_t step);
  void updateNeurons(Pop &pop, int64_t step);
  void populationMechanisms(Pop &pop, int64_t step);
  void rewire(Proj &proj, int64_t step);

  const Network &net_;
  int64_t steps_;
  Recording recording_;
  std::deque<Pop> pops_;
  std::vector<Proj> projs_;
};

namespace {

/// Lays out one value per (neuron, slot): defaults, then overrides.
std::vector<double> layOut(const std::vector<NamedValue> &declared,
                           const std::map<std::string, Values> &overrides, int64_t n) {
  std::vector<double> values(size_t(n) * declared.size());
  for (size_t slot = 0; slot < declared.size(); ++slot) {
    auto it = overrides.find(declared[slot].name);
    for (int64_t i = 0; i < n; ++i)
      values[size_t(i) * declared.size() + slot] =
          it == overrides.end() ? declared[slot].defaultValue : valueFor(it->second, i);
  }
  return values;
}

Series emptySeries(int64_t steps, int64_t n) {
  return Series(size_t(steps), std::vector<double>(size_t(n), 0.0));
}

} // namespace

Simulation::Simulation(const Network &net, int64_t steps) : net_(net), steps_(steps) {
  std::string problem = net.check(steps);
  if (!problem.empty())
    fatal(problem);

  for (const Population &spec : net.populations_) {
    const NeuronModel *model = findNeuronModel(spec.model_);
    int64_t n = spec.size_;
    PopulationTrace &trace = recording_.populations[spec.name_];
    trace.spikes.assign(size_t(steps), std::vector<uint8_t>(size_t(n), 0));
    trace.margin = emptySeries(steps, n);
    trace.output = emptySeries(steps, n);
    for (const NamedValue &s : model->state)
      trace.state[s.name] = emptySeries(steps, n);
    for (const NamedValue &p : model->ports)
      trace.port[p.name] = emptySeries(steps, n);
    pops_.push_back(Pop{&spec, model, n, layOut(model->params, spec.params_, n),
                        layOut(model->state, spec.init_, n),
                        std::vector<double>(size_t(n) * model->ports.size()),
                        std::vector<double>(size_t(n) * model->externals.size()), &trace});
  }

  auto popNamed = [&](const std::string &name) -> Pop * {
    for (Pop &pop : pops_)
      if (pop.spec->name_ == name)
        return &pop;
    return nullptr;
  };
  for (const Projection &spec : net.projections_) {
    Proj proj;
    proj.spec = &spec;
    proj.model = spec.synapseModel_.empty() ? nullptr : findSynapseModel(spec.synapseModel_);
    proj.source = popNamed(spec.source_);
    proj.target = popNamed(spec.target_);
    const NeuronModel &targetModel = *proj.target->model;
    int64_t n = proj.target->n;
    proj.portSlot = indexOf(targetModel.ports, resolvePort(spec.port_, proj.model, targetModel));
    proj.vSlot = indexOf(targetModel.state, "v");
    if (proj.model) {
      proj.param = layOut(proj.model->params, spec.synapseParams_, n);
      proj.state = layOut(proj.model->state, {}, n);
    }
    proj.bias.assign(size_t(n), 0.0);
    if (!spec.bias_.empty())
      for (int64_t i = 0; i < n; ++i)
        proj.bias[size_t(i)] = valueFor(spec.bias_, i);
    proj.delivered.assign(size_t(n), 0.0);
    ProjectionTrace &trace = recording_.projections[spec.name_];
    trace.delivered = emptySeries(steps, n);
    trace.output = emptySeries(steps, n);
    if (proj.model)
      for (const NamedValue &s : proj.model->state)
        trace.state[s.name] = emptySeries(steps, n);
    proj.trace = &trace;
    for (const Synapse &s : spec.synapses_)
      proj.w.push_back(s.weight);
    if (!spec.rule_.empty()) {
      proj.rule = findPlasticityModel(spec.rule_);
      if (!proj.rule)
        fatal("projection '" + spec.name_ + "': no plasticity rule '" +
              spec.rule_ + "'");
      if (!proj.rule->postNeuronModel.empty() &&
          proj.target->model->name != proj.rule->postNeuronModel)
        fatal("projection '" + spec.name_ + "': plasticity rule '" +
              spec.rule_ + "' reads the state of '" +
              proj.rule->postNeuronModel + "' neurons, not '" +
              proj.target->model->name + "'");
      std::map<std::string, Values> overrides;
      for (auto &[name, value] : spec.ruleParams_) {
        if (indexOf(proj.rule->params, name) < 0)
          fatal("plasticity rule '" + spec.rule_ + "' has no parameter '" +
                name + "'");
        overrides[name] = Values{value};
      }
      proj.ruleParam = layOut(proj.rule->params, overrides, 1);
      proj.pre = layOut(proj.rule->preState, {}, proj.source->n);
      proj.post = layOut(proj.rule->postState, {}, n);
      proj.syn = layOut(proj.rule->synapseState, {},
                        int64_t(spec.synapses_.size()));
      trace.weights = emptySeries(steps, int64_t(spec.synapses_.size()));
      for (const NamedValue &v : proj.rule->preState)
        trace.pre[v.name] = emptySeries(steps, proj.source->n);
      for (const NamedValue &v : proj.rule->postState)
        trace.post[v.name] = emptySeries(steps, n);
    }
    projs_.push_back(std::move(proj));
  }
}

PlasticityContext Simulation::ruleContext(Proj &proj, size_t k) {
  const Synapse &s = proj.spec->synapses_[k];
  const PlasticityModel &rule = *proj.rule;
  PlasticityContext c;
  c.param = proj.ruleParam.data();
  c.pre = proj.pre.data() + size_t(s.pre) * rule.preState.size();
  c.post = proj.post.data() + size_t(s.post) * rule.postState.size();
  c.synapse = proj.syn.data() + k * rule.synapseState.size();
  c.w = &proj.w[k];
  c.dt = net_.dt();
  return c;
}

void Simulation::deliver(Proj &proj, int64_t step) {
  proj.delivered = proj.bias;
  const Series &sourceOutput = proj.source->trace->output;
  const std::vector<Synapse> &synapses = proj.spec->synapses_;
  for (size_t k = 0; k < synapses.size(); ++k) {
    const Synapse &s = synapses[k];
    if (step - s.delay < 0)
      continue;
    double value = sourceOutput[size_t(step - s.delay)][size_t(s.pre)];
    double sent = proj.w[k];
    // A spike arriving: the rule may change the weight and what is sent.
    if (proj.rule && value != 0.0 && proj.rule->onPre) {
      PlasticityContext c = ruleContext(proj, k);
      c.delivered = proj.w[k];
      proj.rule->onPre(c);
      sent = c.delivered;
    }
    proj.delivered[size_t(s.post)] += sent * value;
  }
  proj.trace->delivered[size_t(step)] = proj.delivered;
}

void Simulation::learn(Proj &proj, int64_t step) {
  const PlasticityModel &rule = *proj.rule;
  const auto &preSpiked = proj.source->trace->spikes[size_t(step)];
  const auto &postSpiked = proj.target->trace->spikes[size_t(step)];
  PlasticityContext n;
  n.param = proj.ruleParam.data();
  n.dt = net_.dt();
  auto forEachNeuron = [&](Pop &pop, std::vector<double> &state, size_t width,
                           bool isPre, void (*region)(PlasticityContext &),
                           const std::vector<uint8_t> *onlySpiked) {
    if (!region)
      return;
    std::vector<double> modulators(rule.modulators.size());
    for (int64_t i = 0; i < pop.n; ++i) {
      if (onlySpiked && !(*onlySpiked)[size_t(i)])
        continue;
      PlasticityContext c = n;
      (isPre ? c.pre : c.post) = state.data() + size_t(i) * width;
      // A modulator: the step's value, or this neuron's.
      for (size_t m = 0; m < rule.modulators.size(); ++m) {
        auto it = proj.spec->modulators_.find(rule.modulators[m]);
        if (it == proj.spec->modulators_.end())
          continue;
        const std::vector<double> &row = rowAt(it->second, step);
        modulators[m] = row.size() == 1 ? row[0] : row[size_t(i)];
      }
      c.modulator = modulators.data();
      region(c);
    }
  };
  // 1. The neurons that spiked this step.
  forEachNeuron(*proj.source, proj.pre, rule.preState.size(), true,
                rule.preSpike, &preSpiked);
  forEachNeuron(*proj.target, proj.post, rule.postState.size(), false,
                rule.postSpike, &postSpiked);
  // 2. The synapses of the post neurons that spiked, then every synapse.
  // Both see what arrived along the synapse this step and the post
  // neuron's model state.
  const std::vector<Synapse> &synapses = proj.spec->synapses_;
  auto learningContext = [&](size_t k) {
    PlasticityContext c = ruleContext(proj, k);
    const Synapse &s = synapses[k];
    if (step - s.delay >= 0)
      c.preArrived =
          proj.source->trace->output[size_t(step - s.delay)][size_t(s.pre)];
    c.postNeuron = proj.target->state.data() +
                   size_t(s.post) * proj.target->model->state.size();
    c.postNeuronParam = proj.target->param.data() +
                        size_t(s.post) * proj.target->model->params.size();
    c.postMargin = proj.target->trace->margin[size_t(step)][size_t(s.post)];
    return c;
  };
  if (rule.onPost)
    for (size_t k = 0; k < synapses.size(); ++k)
      if (postSpiked[size_t(synapses[k].post)]) {
        PlasticityContext c = learningContext(k);
        rule.onPost(c);
      }
  if (rule.synapseDynamics)
    for (size_t k = 0; k < synapses.size(); ++k) {
      PlasticityContext c = learningContext(k);
      c.preSpiked = preSpiked[size_t(synapses[k].pre)];
      c.postSpiked = postSpiked[size_t(synapses[k].post)];
      std::vector<double> modulators;
      for (const std::string &name : rule.modulators) {
        auto it = proj.spec->modulators_.find(name);
        if (it == proj.spec->modulators_.end())
          fatal("projection '" + proj.spec->name_ + "': no values for modulator '" +
                name + "'");
        const std::vector<double> &row = rowAt(it->second, step);
        modulators.push_back(row.size() == 1 ? row[0]
                                             : row[size_t(synapses[k].post)]);
      }
      c.modulator = modulators.data();
      rule.synapseDynamics(c);
    }
  // 3. Every neuron's dynamics.
  forEachNeuron(*proj.source, proj.pre, rule.preState.size(), true,
                rule.preDynamics, nullptr);
  forEachNeuron(*proj.target, proj.post, rule.postState.size(), false,
                rule.postDynamics, nullptr);
  proj.trace->weights[size_t(step)] = proj.w;
  for (size_t v = 0; v < rule.preState.size(); ++v)
    for (int64_t i = 0; i < proj.source->n; ++i)
      proj.trace->pre[rule.preState[v].name][size_t(step)][size_t(i)] =
          proj.pre[size_t(i) * rule.preState.size() + v];
  for (size_t v = 0; v < rule.postState.size(); ++v)
    for (int64_t j = 0; j < proj.target->n; ++j)
      proj.trace->post[rule.postState[v].name][size_t(step)][size_t(j)] =
          proj.post[size_t(j) * rule.postState.size() + v];
}

void Simulation::runSynapses(Proj &proj, int64_t step) {
  Pop &target = *proj.target;
  size_t targetStates = target.model->state.size();
  size_t targetPorts = target.model->ports.size();
  size_t params = proj.model ? proj.model->params.size() : 0;
  size_t states = proj.model ? proj.model->state.size() : 0;
  for (int64_t i = 0; i < target.n; ++i) {
    double out = proj.delivered[size_t(i)];
    if (proj.model) {
      SynapseContext ctx;
      ctx.param = proj.param.data() + size_t(i) * params;
      ctx.state = proj.state.data() + size_t(i) * states;
      ctx.delivered = out;
      // The target has not updated yet this step: this is last step's v.
      ctx.vPost = proj.vSlot < 0 ? 0.0 : target.state[size_t(i) * targetStates + proj.vSlot];
      ctx.dt = net_.dt();
      if (proj.model->dynamics)
        proj.model->dynamics(ctx);
      out = proj.model->output(ctx);
      for (size_t s = 0; s < states; ++s)
        proj.trace->state[proj.model->state[s].name][size_t(step)][size_t(i)] = ctx.state[s];
    }
    target.port[size_t(i) * targetPorts + proj.portSlot] += out;
    proj.trace->output[size_t(step)][size_t(i)] = out;
  }
}

void Simulation::updateNeurons(Pop &pop, int64_t step) {
  const NeuronModel &model = *pop.model;
  const Population &spec = *pop.spec;
  size_t params = model.params.size(), states = model.state.size();
  size_t ports = model.ports.size(), externals = model.externals.size();
  for (size_t e = 0; e < externals; ++e) {
    const std::vector<double> &row = rowAt(spec.externals_.at(model.externals[e].name), step);
    for (int64_t i = 0; i < pop.n; ++i)
      pop.external[size_t(i) * externals + e] = row[size_t(i)];
  }
  int gradedSlot = spec.graded_.empty() ? -1 : indexOf(model.state, spec.graded_);
  PopulationTrace &trace = *pop.trace;

  auto context = [&](int64_t i) {
    NeuronContext ctx;
    ctx.param = pop.param.data() + size_t(i) * params;
    ctx.state = pop.state.data() + size_t(i) * states;
    ctx.port = pop.port.data() + size_t(i) * ports;
    ctx.external = pop.external.data() + size_t(i) * externals;
    ctx.dt = net_.dt();
    return ctx;
  };
  // Update and margins of every neuron first: a winner-take-all compares
  // the neurons before any is reset.
  std::vector<double> margins(size_t(pop.n));
  for (int64_t i = 0; i < pop.n; ++i) {
    NeuronContext ctx = context(i);
    if (model.drawsUniform)
      ctx.uniform = spec.usePhilox_
                        ? modelUniform(spec.seed_, uint32_t(step), uint32_t(i),
                                       spec.name_ + "/" + model.uniformStream)
                        : rowAt(spec.uniforms_, step)[size_t(i)];
    if (model.update)
      model.update(ctx);
    margins[size_t(i)] = model.margin ? model.margin(ctx)
                                      : -std::numeric_limits<double>::infinity();
  }
  std::vector<bool> wins(size_t(pop.n), true);
  if (spec.wtaK_ > 0) {
    int slot = indexOf(model.state, spec.wtaBy_);
    if (slot < 0)
      fatal("winner-take-all on @" + spec.name_ + ": no state '" + spec.wtaBy_ + "'");
    std::vector<double> by(size_t(pop.n));
    for (int64_t i = 0; i < pop.n; ++i)
      by[size_t(i)] = pop.state[size_t(i) * states + size_t(slot)];
    wins = winners(margins, by, spec.wtaK_, spec.wtaRadius_, spec.wtaHeight_,
                   spec.wtaWidth_);
  }

  for (int64_t i = 0; i < pop.n; ++i) {
    NeuronContext ctx = context(i);
    double margin = margins[size_t(i)];
    bool crossed = margin > 0;
    bool spiked = crossed && wins[size_t(i)];
    if (model.reset && (spiked || (crossed && spec.wtaResetLosers_)))
      model.reset(ctx);

    trace.margin[size_t(step)][size_t(i)] = margin;
    trace.spikes[size_t(step)][size_t(i)] = spiked ? 1 : 0;
    for (size_t s = 0; s < states; ++s)
      trace.state[model.state[s].name][size_t(step)][size_t(i)] = ctx.state[s];
    for (size_t p = 0; p < ports; ++p)
      trace.port[model.ports[p].name][size_t(step)][size_t(i)] = ctx.port[p];
    trace.output[size_t(step)][size_t(i)] =
        gradedSlot >= 0 ? ctx.state[gradedSlot] : (spiked ? 1.0 : 0.0);
  }
}

void Simulation::populationMechanisms(Pop &pop, int64_t step) {
  const Population &spec = *pop.spec;
  const auto &spikes = pop.trace->spikes[size_t(step)];
  double dt = net_.dt();
  if (!spec.homeoVar_.empty()) {
    int slot = indexOf(pop.model->state, spec.homeoVar_);
    size_t states = pop.model->state.size();
    for (int64_t i = 0; i < pop.n; ++i) {
      double &x = pop.state[size_t(i) * states + size_t(slot)];
      x = homeostasis(x, spikes[size_t(i)], spec.homeoTarget_, spec.homeoRate_,
                      dt, spec.homeoLo_, spec.homeoHi_);
      pop.trace->state[spec.homeoVar_][size_t(step)][size_t(i)] = x;
    }
  }
  if (spec.scaling_) {
    double scale = scalingFactor(pop.scalingRate, spikes, dt,
                                 spec.scalingTarget_, spec.scalingTau_,
                                 spec.scalingLo_, spec.scalingHi_);
    for (Proj &proj : projs_)
      if (proj.target == &pop)
        for (double &w : proj.w)
          w *= scale;
  }
}

void Simulation::rewire(Proj &proj, int64_t step) {
  const Projection &spec = *proj.spec;
  // One capacity, or one per source neuron (its synapses in order).
  std::vector<std::vector<size_t>> capacities(
      spec.structuralPerRow_ ? size_t(proj.source->n) : 1);
  for (size_t k = 0; k < spec.synapses_.size(); ++k)
    capacities[spec.structuralPerRow_ ? size_t(spec.synapses_[k].pre) : 0]
        .push_back(k);
  for (const std::vector<size_t> &capacity : capacities)
    snnref::rewire(proj.w, capacity, step, spec.structural_,
                   spec.structuralSeed_, spec.prune_, spec.growthRate_,
                   spec.growLo_, spec.growHi_);
  // The weights a monitor sees at the end of the step.
  if (proj.rule)
    proj.trace->weights[size_t(step)] = proj.w;
}

Recording Simulation::run() {
  for (int64_t step = 0; step < steps_; ++step) {
    for (Pop &pop : pops_)
      std::fill(pop.port.begin(), pop.port.end(), 0.0);
    for (Proj &proj : projs_)
      deliver(proj, step);
    for (Proj &proj : projs_)
      runSynapses(proj, step);
    for (Pop &pop : pops_)
      updateNeurons(pop, step);
    for (Proj &proj : projs_)
      if (proj.rule)
        learn(proj, step);
    for (Pop &pop : pops_)
      populationMechanisms(pop, step);
    for (Proj &proj : projs_)
      if (!proj.spec->structural_.empty() && step % proj.spec->every_ == 0)
        rewire(proj, step);
  }
  return std::move(recording_);
}

Recording simulate(const Network &net, int64_t steps) {
  return Simulation(net, steps).run();
}

//===----------------------------------------------------------------------===//
// Recording
//===----------------------------------------------------------------------===//

std::vector<int64_t> PopulationTrace::spikeSteps(int64_t neuron) const {
  std::vector<int64_t> steps;
  for (size_t t = 0; t < spikes.size(); ++t)
    if (spikes[t][size_t(neuron)])
      steps.push_back(int64_t(t));
  return steps;
}

int64_t PopulationTrace::spikeCount() const {
  int64_t count = 0;
  for (const std::vector<uint8_t> &row : spikes)
    for (uint8_t s : row)
      count += s;
  return count;
}

const PopulationTrace &Recording::population(const std::string &name) const {
  auto it = populations.find(name);
  if (it == populations.end())
    fatal("no recorded population '" + name + "'");
  return it->second;
}

const ProjectionTrace &Recording::projection(const std::string &name) const {
  auto it = projections.find(name);
  if (it == projections.end())
    fatal("no recorded projection '" + name + "'");
  return it->second;
}

} // namespace snnref
