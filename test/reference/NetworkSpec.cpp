//===- NetworkSpec.cpp - describing and checking a reference network -------===//
//
// The builder API of ReferenceSim.h (Population, Projection, Network) and
// Network::check; ReferenceSim.cpp runs what it describes.
//
//===----------------------------------------------------------------------===//

#include "test/reference/Models.h"
#include "test/reference/ReferenceSim.h"
#include "test/reference/SpecValues.h"

#include <cstdio>
#include <cstdlib>

namespace snnref {

void fatal(const std::string &message) {
  std::fprintf(stderr, "snnref: %s\n", message.c_str());
  std::abort();
}

//===----------------------------------------------------------------------===//
// Building
//===----------------------------------------------------------------------===//

Population &Population::param(const std::string &name, Values values) {
  params_[name] = std::move(values);
  return *this;
}

Population &Population::init(const std::string &name, Values values) {
  init_[name] = std::move(values);
  return *this;
}

Population &Population::graded(const std::string &stateVariable) {
  graded_ = stateVariable;
  return *this;
}

Population &Population::external(const std::string &name, Series perStep) {
  externals_[name] = std::move(perStep);
  return *this;
}

Population &Population::uniforms(Series draws) {
  uniforms_ = std::move(draws);
  hasUniforms_ = true;
  return *this;
}

Population &Population::philoxSeed(uint64_t seed) {
  seed_ = seed;
  usePhilox_ = true;
  return *this;
}

Projection &Projection::structural(const std::string &mechanism, double prune,
                                   double rate, int64_t every, double lo,
                                   double hi, uint64_t seed, bool perRow) {
  structural_ = mechanism;
  structuralPerRow_ = perRow;
  prune_ = prune;
  growthRate_ = rate;
  every_ = every;
  growLo_ = lo;
  growHi_ = hi;
  structuralSeed_ = seed;
  return *this;
}

Population &Population::winnerRadius(int64_t radius, int64_t height,
                                     int64_t width) {
  wtaRadius_ = radius;
  wtaHeight_ = height;
  wtaWidth_ = width;
  return *this;
}

Population &Population::homeostasis(const std::string &variable,
                                    double targetRate, double rate, double lo,
                                    double hi) {
  homeoVar_ = variable;
  homeoTarget_ = targetRate;
  homeoRate_ = rate;
  homeoLo_ = lo;
  homeoHi_ = hi;
  return *this;
}

Population &Population::synapticScaling(double targetRate, double tau,
                                        double lo, double hi) {
  scaling_ = true;
  scalingTarget_ = targetRate;
  scalingTau_ = tau;
  scalingLo_ = lo;
  scalingHi_ = hi;
  return *this;
}

Population &Population::winnerTakeAll(int64_t k, const std::string &by,
                                      bool resetLosers) {
  wtaK_ = k;
  wtaBy_ = by;
  wtaResetLosers_ = resetLosers;
  return *this;
}

Projection &Projection::synapse(const std::string &model,
                                std::map<std::string, Values> params) {
  synapseModel_ = model;
  synapseParams_ = std::move(params);
  return *this;
}

Projection &Projection::port(const std::string &name) {
  port_ = name;
  return *this;
}

Projection &Projection::bias(Values values) {
  bias_ = std::move(values);
  return *this;
}

Projection &Projection::modulator(const std::string &name, Series perStep) {
  modulators_[name] = std::move(perStep);
  return *this;
}

Projection &Projection::plasticity(const std::string &rule,
                                   std::map<std::string, double> params) {
  rule_ = rule;
  ruleParams_ = std::move(params);
  return *this;
}

Population &Network::population(const std::string &name, const std::string &model,
                                int64_t size) {
  populations_.emplace_back();
  Population &pop = populations_.back();
  pop.name_ = name;
  pop.model_ = model;
  pop.size_ = size;
  return pop;
}

Projection &Network::projection(const std::string &name, const std::string &source,
                                const std::string &target, std::vector<Synapse> synapses) {
  projections_.emplace_back();
  Projection &proj = projections_.back();
  proj.name_ = name;
  proj.source_ = source;
  proj.target_ = target;
  proj.synapses_ = std::move(synapses);
  return proj;
}

const Population *Network::findPopulation(const std::string &name) const {
  for (const Population &pop : populations_)
    if (pop.name_ == name)
      return &pop;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Checking: the same rules the dialect's verifier states, so a test cannot
// build a network the compiler would refuse and compare against nonsense.
//===----------------------------------------------------------------------===//

namespace {

bool broadcastable(const Values &values, int64_t n) {
  return values.size() == 1 || int64_t(values.size()) == n;
}

bool isTimeConstant(const std::string &name) { return name.compare(0, 3, "tau") == 0; }

/// Checks overrides against a model's named values; "" when all is well.
std::string checkOverrides(const std::string &owner, const char *what,
                           const std::map<std::string, Values> &overrides,
                           const std::vector<NamedValue> &declared, int64_t n) {
  for (const auto &entry : overrides) {
    const std::string &name = entry.first;
    if (indexOf(declared, name) < 0)
      return owner + ": no " + what + " '" + name + "'";
    if (!broadcastable(entry.second, n))
      return owner + ": " + what + " '" + name + "' needs 1 or " + std::to_string(n) +
             " values";
    if (isTimeConstant(name))
      for (double value : entry.second)
        if (!(value > 0))
          return owner + ": time constant '" + name + "' must be positive";
  }
  for (const NamedValue &value : declared)
    if (isTimeConstant(value.name) && !overrides.count(value.name) &&
        !(value.defaultValue > 0))
      return owner + ": time constant '" + value.name + "' must be positive";
  return "";
}

/// Checks a [steps][n] series; a single row stands for every step.
std::string checkSeries(const std::string &owner, const Series &series, int64_t steps,
                        int64_t n) {
  if (series.size() != 1 && int64_t(series.size()) < steps)
    return owner + ": needs 1 row or at least " + std::to_string(steps) + " rows, has " +
           std::to_string(series.size());
  for (const std::vector<double> &row : series)
    if (int64_t(row.size()) != n)
      return owner + ": every row needs " + std::to_string(n) + " values";
  return "";
}

} // namespace

std::string Network::checkPopulation(const Population &pop, int64_t steps) const {
  std::string owner = "population '" + pop.name_ + "'";
  const NeuronModel *model = findNeuronModel(pop.model_);
  if (!model)
    return owner + ": no built-in neuron model '" + pop.model_ + "'";
  if (pop.size_ <= 0)
    return owner + ": size must be positive";
  std::string problem =
      checkOverrides(owner, "parameter", pop.params_, model->params, pop.size_);
  if (problem.empty())
    problem = checkOverrides(owner, "state variable", pop.init_, model->state, pop.size_);
  if (!problem.empty())
    return problem;
  if (!pop.graded_.empty() && indexOf(model->state, pop.graded_) < 0)
    return owner + ": graded output '" + pop.graded_ + "' is not a state variable";
  if (pop.graded_.empty() && !model->margin)
    return owner + ": " + model->name + " never spikes; make the population graded";
  for (const NamedValue &ext : model->externals) {
    auto it = pop.externals_.find(ext.name);
    if (it == pop.externals_.end())
      return owner + ": external '" + ext.name + "' is not given";
    problem = checkSeries(owner + " external '" + ext.name + "'", it->second, steps,
                          pop.size_);
    if (!problem.empty())
      return problem;
  }
  for (const auto &entry : pop.externals_)
    if (indexOf(model->externals, entry.first) < 0)
      return owner + ": no external '" + entry.first + "'";
  if (model->drawsUniform) {
    if (pop.hasUniforms_ == pop.usePhilox_)
      return owner + ": give either uniforms() or philoxSeed()";
    if (pop.hasUniforms_)
      return checkSeries(owner + " uniforms", pop.uniforms_, steps, pop.size_);
  } else if (pop.hasUniforms_ || pop.usePhilox_) {
    return owner + ": " + model->name + " draws no random numbers";
  }
  return "";
}

std::string Network::checkProjection(const Projection &proj) const {
  std::string owner = "projection '" + proj.name_ + "'";
  const Population *source = findPopulation(proj.source_);
  const Population *target = findPopulation(proj.target_);
  if (!source || !target)
    return owner + ": no population '" + (source ? proj.target_ : proj.source_) + "'";
  const NeuronModel *targetModel = findNeuronModel(target->model_);
  const SynapseModel *synapse = nullptr;
  if (!proj.synapseModel_.empty()) {
    synapse = findSynapseModel(proj.synapseModel_);
    if (!synapse)
      return owner + ": no built-in synapse model '" + proj.synapseModel_ + "'";
    std::string problem = checkOverrides(owner, "synapse parameter", proj.synapseParams_,
                                         synapse->params, target->size_);
    if (!problem.empty())
      return problem;
    if (synapse->readsPostV && indexOf(targetModel->state, "v") < 0)
      return owner + ": " + synapse->name + " reads the target's 'v', which " +
             targetModel->name + " does not have";
  } else if (!proj.synapseParams_.empty()) {
    return owner + ": synapse parameters without a synapse model";
  }
  std::string port = resolvePort(proj.port_, synapse, *targetModel);
  if (port.empty())
    return owner + ": " + targetModel->name + " has several input ports; name one";
  if (indexOf(targetModel->ports, port) < 0)
    return owner + ": " + targetModel->name + " has no input port '" + port + "'";
  if (!proj.bias_.empty() && !broadcastable(proj.bias_, target->size_))
    return owner + ": bias needs 1 or " + std::to_string(target->size_) + " values";
  for (const Synapse &s : proj.synapses_) {
    if (s.pre < 0 || s.pre >= source->size_ || s.post < 0 || s.post >= target->size_)
      return owner + ": synapse " + std::to_string(s.pre) + " -> " +
             std::to_string(s.post) + " is out of range";
    if (s.delay < 1)
      return owner + ": delays are whole steps >= 1";
    if (!std::isfinite(s.weight))
      return owner + ": weights must be finite";
  }
  return "";
}

std::string Network::check(int64_t steps) const {
  if (!(dt_ > 0))
    return "dt must be positive";
  if (steps < 0)
    return "the number of steps must not be negative";
  for (const Population &pop : populations_) {
    if (pop.name_.empty() || findPopulation(pop.name_) != &pop)
      return "population '" + pop.name_ + "': names must be non-empty and unique";
    std::string problem = checkPopulation(pop, steps);
    if (!problem.empty())
      return problem;
  }
  for (size_t i = 0; i < projections_.size(); ++i) {
    for (size_t j = 0; j < i; ++j)
      if (projections_[j].name_ == projections_[i].name_)
        return "projection '" + projections_[i].name_ + "': names must be unique";
    std::string problem = checkProjection(projections_[i]);
    if (!problem.empty())
      return problem;
  }
  return "";
}

} // namespace snnref
