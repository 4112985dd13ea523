//===- Kernels.h - model regions as linalg.generic bodies -------*- C++ -*-===//
//
// A model region is scalar code that reads and writes values by name. Inside
// a linalg.generic each name becomes an SSA value: a block argument (a
// buffer element), a constant (a scalar parameter), or the value of an
// earlier `snn.set` in the same kernel. `RegionInliner` clones a region's
// ops into a kernel body under that mapping.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TRANSFORMS_SCHEDULE_KERNELS_H
#define SNN_TRANSFORMS_SCHEDULE_KERNELS_H

#include "compiler/Transforms/Surrogate.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Region.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"

#include <array>
#include <optional>
#include <string>

namespace mlir::snn {

/// Names a region reads with `snn.get` and writes with `snn.set`, and what
/// it reads from the postsynaptic neuron (`snn.get_post`).
struct RegionUses {
  llvm::SetVector<StringRef> reads, writes, postReads, preReads, modulators;
  bool readsDelivered = false;
  bool readsArrived = false; // snn.arrived (plasticity synapse regions)
  bool delivers = false; // snn.deliver (plasticity on_pre)
  bool readsSurrogate = false; // snn.get_post_surrogate
  bool random = false; // snn.random_uniform / snn.random_normal
  void add(Region &region);
};

/// Clones model regions into a kernel body, resolving names to values.
class RegionInliner {
public:
  RegionInliner(OpBuilder &builder, float dt) : b(builder), dt(dt) {}

  /// Current value of each name; `snn.set` updates it.
  llvm::StringMap<Value> values;
  /// Values `snn.get_post` and `snn.get_pre` resolve to (synapse kernels
  /// and plasticity synapse regions).
  llvm::StringMap<Value> post, pre;
  /// What the last `snn.deliver` passed (plasticity on_pre), if any.
  Value sent;
  /// Values `snn.get_modulator` resolves to, by the rule's modulator name.
  llvm::StringMap<Value> modulators;
  /// What `snn.get_delivered` resolves to (synapse kernels).
  Value delivered;
  /// What `snn.arrived` resolves to (plasticity synapse regions).
  Value arrived;
  /// The post neuron's threshold margin, which `snn.get_post_surrogate`
  /// evaluates its surrogate at, and the surrogate it takes when the op
  /// names none (the network's).
  Value postMargin;
  Surrogate networkSurrogate;

  /// Random draws (docs/random.md): the batch entry's key, the element index
  /// and the step (i32 values), and the stream name prefix
  /// "<part>/<region>"; a draw's stream is "<prefix>/<k>".
  struct RandomSource {
    std::array<Value, 2> key;
    Value index, step;
    std::string streamPrefix;
    /// Values drawn beforehand (a population's shared draws), one per
    /// random op of the region in order: the ops take these instead.
    SmallVector<Value> drawn;
  };
  std::optional<RandomSource> random;

  /// The random ops of `region` in order, each with its stream number: its
  /// `stream` attribute, else its position among them.
  static SmallVector<std::pair<Operation *, unsigned>>
  randomOps(Region &region);
  /// What random op `op` (stream number `k`) draws from `source`.
  static Value emitRandom(OpBuilder &b, Location loc, Operation *op, unsigned k,
                          const RandomSource &source);

  /// Emits `region`'s ops at the builder's insertion point; the values the
  /// region yields are appended to `yielded`. Fails, with a diagnostic
  /// naming `what`, on ops the lowering does not handle yet.
  LogicalResult inlineRegion(Region &region, StringRef what,
                             SmallVectorImpl<Value> &yielded);

private:
  OpBuilder &b;
  float dt;
};

} // namespace mlir::snn

#endif // SNN_TRANSFORMS_SCHEDULE_KERNELS_H
