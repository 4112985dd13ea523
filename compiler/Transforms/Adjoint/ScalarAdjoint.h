//===- ScalarAdjoint.h - reverse mode of a kernel body ---------*- C++ -*-===//
//
// A model region becomes straight-line scalar code in the body of a
// linalg.generic (arith and math ops on f32). ScalarAdjoint differentiates
// such code in reverse mode: given the adjoints of the values a body
// yields, it emits the code that accumulates the adjoints of the values it
// read. Spikes are integers (i1 from `margin > 0`, i8 in buffers) that
// carry a real meaning, 0 or 1, so they have adjoints too: the comparison
// that makes a spike (tagged `snn.heaviside` by --snn-schedule) passes its
// adjoint to the margin times the surrogate's derivative, and a select on a
// spike is `s a + (1 - s) b` for the spike `s`.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TRANSFORMS_ADJOINT_SCALARADJOINT_H
#define SNN_TRANSFORMS_ADJOINT_SCALARADJOINT_H

#include "compiler/Transforms/Surrogate.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <string>

namespace mlir::snn::adjoint {

class ScalarAdjoint {
public:
  ScalarAdjoint(OpBuilder &b, Location loc, const Surrogate &surrogate)
      : b(b), loc(loc), surrogate(surrogate) {}

  /// Whether a select on a spike passes a gradient to the spike (false for
  /// a detached reset).
  bool throughSpikeSelects = true;

  /// Declares an integer value a spike (0 or 1): an i8 element of a spike
  /// buffer.
  void markSpike(Value v) { spikes.insert(v); }
  bool isSpike(Value v) const { return spikes.contains(v); }

  /// Declares `v` (a block argument) to depend on a trained value. Once
  /// any is declared, only ops that depend on one are differentiated: the
  /// rest (noise drawn from the step counter, constants) are constants to
  /// the gradient, whatever their ops.
  void markVaried(Value v) {
    trackVaried = true;
    varied.insert(v);
  }

  /// Adds `adjoint` (f32) to the adjoint of `v`.
  void accumulate(Value v, Value adjoint);
  /// The adjoint of `v`, or null when nothing flowed into it.
  Value adjointOf(Value v) const { return adjoints.lookup(v); }

  /// Differentiates `ops` (straight-line code, in program order, already
  /// emitted: these are the primal values) in reverse, starting from the
  /// adjoints accumulated so far. Fails with a diagnostic naming `what` on
  /// an op whose derivative is needed but not known.
  LogicalResult propagate(ArrayRef<Operation *> ops, StringRef what);

private:
  Value constant(Type type, double v);
  /// Finds which integer results of `ops` are spikes.
  void findSpikes(ArrayRef<Operation *> ops);
  LogicalResult reverse(Operation *op, StringRef what);

  OpBuilder &b;
  Location loc;
  Surrogate surrogate;
  llvm::DenseMap<Value, Value> adjoints;
  llvm::DenseSet<Value> spikes;
  bool trackVaried = false;
  llvm::DenseSet<Value> varied;
};

} // namespace mlir::snn::adjoint

#endif // SNN_TRANSFORMS_ADJOINT_SCALARADJOINT_H
