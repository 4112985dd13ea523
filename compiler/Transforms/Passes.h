//===- Passes.h - passes on the snn dialect ---------------------*- C++ -*-===//

#ifndef SNN_TRANSFORMS_PASSES_H
#define SNN_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/StringMap.h"

namespace mlir::snn {

#define GEN_PASS_DECL
#include "compiler/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Transforms/Passes.h.inc"

/// A scheduled function's buffers by name (the `snn.buffer` of each
/// argument).
inline llvm::StringMap<Value> buffersByName(func::FuncOp fn) {
  llvm::StringMap<Value> buffers;
  for (unsigned i = 0, e = fn.getNumArguments(); i < e; ++i)
    if (auto name = fn.getArgAttrOfType<StringAttr>(i, "snn.buffer"))
      buffers[name.getValue()] = fn.getArgument(i);
  return buffers;
}

/// Whether `op` (or an op nested in it) may write `buffer`: a linalg op
/// with it as an init, an op with a write effect on it, or an op whose
/// effects are unknown.
inline bool mayWrite(Operation *op, Value buffer) {
  WalkResult result = op->walk([&](Operation *nested) {
    if (!llvm::is_contained(nested->getOperands(), buffer))
      return WalkResult::advance();
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(nested))
      return llvm::is_contained(linalgOp.getDpsInits(), buffer)
                 ? WalkResult::interrupt()
                 : WalkResult::advance();
    auto effects = dyn_cast<MemoryEffectOpInterface>(nested);
    if (!effects)
      return WalkResult::interrupt(); // unknown: assume it writes
    SmallVector<MemoryEffects::EffectInstance> list;
    effects.getEffectsOnValue(buffer, list);
    for (auto &effect : list)
      if (isa<MemoryEffects::Write>(effect.getEffect()))
        return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return result.wasInterrupted();
}

/// Whether `op` (or an op nested in it) may write `buffer` or a view of it
/// (subviews, collapsed shapes, ... made anywhere; view ops themselves
/// write nothing).
inline bool mayWriteThroughViews(Operation *op, Value buffer) {
  SmallVector<Value> aliases = {buffer};
  for (size_t k = 0; k < aliases.size(); ++k)
    for (Operation *user : aliases[k].getUsers())
      if (isa<ViewLikeOpInterface>(user))
        aliases.push_back(user->getResult(0));
  return llvm::any_of(aliases,
                      [&](Value alias) { return mayWrite(op, alias); });
}

/// Marks a function that runs inside a parallel region (a slice of the
/// batch, --snn-schedule{batch-slices}): its kernels stay sequential.
inline constexpr llvm::StringLiteral kSequentialAttr = "snn.sequential";

/// Whether `op` is in a function marked kSequentialAttr.
inline bool inSequentialFunction(Operation *op) {
  auto fn = op->getParentOfType<func::FuncOp>();
  return fn && fn->hasAttr(kSequentialAttr);
}

/// Marks a delivery --snn-event-driven may rewrite (set by --snn-schedule):
/// a `linalg.matmul` from the source buffer, or the loop over its sources of
/// a compressed-row delivery. The value is the source buffer's name.
inline constexpr llvm::StringLiteral kDeliverAttr = "snn.deliver";

/// Marks a population's spike counter kernel (`count += spike`, a
/// `linalg.generic` after its reset; set by --snn-schedule): the value is
/// the spike buffer's name. --snn-event-driven counts from the list of the
/// sources that fired instead, and builds that list there, at the end of
/// the step, for the next step's deliveries.
inline constexpr llvm::StringLiteral kCountAttr = "snn.count";

/// Marks the loop (over batch entries) that builds a source's list of the
/// neurons that fired (set by --snn-event-driven; the value is the source
/// buffer's name). --snn-fuse-event-lists moves it into the population's
/// vectorised loop.
inline constexpr llvm::StringLiteral kEventListAttr = "snn.event_list";

/// Marks the comparison `margin > 0` that makes a spike in a threshold
/// kernel (set by --snn-schedule): --snn-generate-adjoint differentiates it
/// with the surrogate's derivative at the margin.
inline constexpr llvm::StringLiteral kHeavisideAttr = "snn.heaviside";

/// Marks a population's reset kernel (its writes take effect where a spike
/// fired; the value is the spike buffer's name). A detached reset passes no
/// gradient to the spike.
inline constexpr llvm::StringLiteral kResetAttr = "snn.reset";

/// Marks a compressed-row delivery that --snn-generate-adjoint can
/// differentiate (set by --snn-schedule on the loop over batch entries, when
/// the projection has no delays and no on_pre): a dictionary naming the
/// buffers `source`, `weight` and `target` (`target[e, indices[k]] +=
/// source[e, i] * weight[k or weight_index[k]]` over row i's synapses k) and
/// the globals `indptr`, `indices` and, for shared kernels, `weight_index`.
inline constexpr llvm::StringLiteral kRowsAttr = "snn.rows";

/// Set by --snn-schedule on a plasticity loop whose iterations (the
/// neurons whose rows or columns it walks, or the synapses themselves)
/// touch disjoint synapses: the value lists the buffers written per
/// synapse (weights, per-synapse state, the weight changes; for a kernel
/// shared by positions only per-synapse state, or, in the pass over the
/// kernel's entries, the weights and their changes). Other writes are not
/// covered (a shared kernel's changes are accumulations, made atomic).
/// --snn-rows-to-parallel runs such loops in parallel.
inline constexpr llvm::StringLiteral kDisjointAttr = "snn.disjoint_synapses";

/// Set by --snn-generate-adjoint on the loops over (entry, source) of a
/// compressed-row delivery's adjoint: each iteration writes its own
/// element [entry, source] and otherwise only accumulates, so
/// --snn-rows-to-parallel may run them in parallel with atomic adds.
inline constexpr llvm::StringLiteral kParallelRowsAttr = "snn.parallel_rows";

/// Set by --snn-hoist-time on the kernels of a training step: the time loop
/// (stage) --snn-generate-adjoint runs the kernel in (an i64).
inline constexpr llvm::StringLiteral kStageAttr = "snn.stage";

/// Set by --snn-hoist-time on a dense delivery (`linalg.matmul`) computed
/// for all steps at once, after the loop of its source's stage.
inline constexpr llvm::StringLiteral kHoistAttr = "snn.hoist";

/// Marks a linalg.generic that is a dense product of the adjoint (set by
/// --snn-generate-adjoint; lowered by --snn-lower-products): "tn" for
/// C += A^T B, "nt" for C += A B^T.
inline constexpr llvm::StringLiteral kProductAttr = "snn.product";

/// On `@<net>_step` (one step of a network that declares `snn.train`, set by
/// --snn-schedule): the training declaration, resolved to buffer names,
/// which --snn-generate-adjoint reads (docs/training.md).
inline constexpr llvm::StringLiteral kTrainAttr = "snn.train";

} // namespace mlir::snn

#endif // SNN_TRANSFORMS_PASSES_H
