//===- Types.h - values shared by the reference simulator's parts ---------===//
//
// The reference simulator checks compiled networks, so it shares no code with
// the compiler: nothing here includes dialects/, compiler/ or MLIR/LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TEST_REFERENCE_TYPES_H
#define SNN_TEST_REFERENCE_TYPES_H

#include <cstdint>
#include <string>
#include <vector>

namespace snnref {

/// One value per neuron, or a single value that every neuron takes.
using Values = std::vector<double>;

/// A value per step and neuron, indexed [step][neuron].
using Series = std::vector<std::vector<double>>;

/// One synapse of a projection: the presynaptic neuron's output `delay` steps
/// ago, times `weight`, is delivered to `post`. Indices are into the
/// populations flattened row-major.
struct Synapse {
  int64_t pre = 0;
  int64_t post = 0;
  double weight = 0.0;
  int64_t delay = 1;
};

/// Reports misuse of the API and aborts. The project compiles with
/// -fno-exceptions, and a reference that silently guesses would defeat its
/// purpose.
[[noreturn]] void fatal(const std::string &message);

} // namespace snnref

#endif // SNN_TEST_REFERENCE_TYPES_H
