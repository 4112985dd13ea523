//===- SpecValues.h - reading a network description's values -------------===//
//
// Small helpers NetworkSpec.cpp (checking) and ReferenceSim.cpp (running)
// both use to read what a test declared.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TEST_REFERENCE_SPECVALUES_H
#define SNN_TEST_REFERENCE_SPECVALUES_H

#include "test/reference/Models.h"
#include "test/reference/Types.h"

#include <string>
#include <vector>

namespace snnref {

/// Row `step` of a [steps][n] series; a single row stands for every step.
inline const std::vector<double> &rowAt(const Series &series, int64_t step) {
  return series.size() == 1 ? series[0] : series[size_t(step)];
}

/// The port a projection feeds (docs/dialect-syntax.md): its own, else the
/// synapse model's target, else the neuron model's only port.
inline std::string resolvePort(const std::string &explicitPort,
                               const SynapseModel *synapse,
                               const NeuronModel &target) {
  if (!explicitPort.empty())
    return explicitPort;
  if (synapse)
    return synapse->target;
  return target.ports.size() == 1 ? target.ports[0].name : "";
}

/// Neuron i's value: one for all, or one per neuron.
inline double valueFor(const Values &values, int64_t i) {
  return values.size() == 1 ? values[0] : values[size_t(i)];
}

} // namespace snnref

#endif // SNN_TEST_REFERENCE_SPECVALUES_H
