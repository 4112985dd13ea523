//===- HoistParameters.cpp - compute parameter-only values once per run ---===//
//
// A neuron kernel inside the time loop often computes values from its
// parameters alone: the decay factor exp(-dt / tau_m) of a time constant
// that is a buffer (per-neuron data, an initializer, or per_entry), not a
// constant the canonicaliser folds. Such a value is the same at every step
// of a call, yet costs a division and an exp per neuron and step. This
// pass computes it once, before the time loop, into a buffer on the stack,
// which the kernel then reads: the same operations on the same values, so
// the results are bit for bit those of computing them every step.
//
// A value qualifies when it is computed in the body of an elementwise
// kernel (`linalg.generic`, all loops parallel, static shapes) directly
// inside an `scf.for`, only from
//   - the kernel's inputs that nothing in that loop writes (parameters),
//   - constants and values defined before the loop,
//   - linalg.index,
// when it is used by a computation that does not qualify, and when the
// ops that compute it include a costly one (a division, a remainder or a
// math function): reading a buffer instead of negating a parameter would
// not pay. The values go to memref.alloca buffers (the generated object
// allocates nothing), at most kMaxBytes of them per function, and only for
// loops at the function's top level.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNHOISTPARAMETERS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {

/// The stack a function's hoisted values may take.
constexpr int64_t kMaxBytes = 256 * 1024;

bool isElementwise(linalg::GenericOp op) {
  return op.hasPureBufferSemantics() &&
         llvm::all_of(op.getIteratorTypesArray(),
                      [](utils::IteratorType t) {
                        return t == utils::IteratorType::parallel;
                      }) &&
         llvm::none_of(op.getStaticLoopRanges(), ShapedType::isDynamic);
}

/// Whether an op in `loop` may write `buffer` or a view of it (unknown
/// effects count as writes).
bool writtenIn(scf::ForOp loop, Value buffer) {
  return mlir::snn::mayWriteThroughViews(loop, buffer);
}

bool isCostly(Operation *op) {
  return isa<arith::DivFOp, arith::RemFOp, arith::DivSIOp, arith::DivUIOp,
             arith::RemSIOp, arith::RemUIOp>(op) ||
         isa<math::MathDialect>(op->getDialect());
}

struct HoistParameters
    : mlir::snn::impl::SNNHoistParametersBase<HoistParameters> {
  void runOnOperation() override {
    SmallVector<linalg::GenericOp> kernels;
    // Kernels of loops at the function's top level: a buffer on the stack
    // made inside another loop would take new stack at every iteration.
    getOperation().walk([&](linalg::GenericOp op) {
      auto loop = dyn_cast_or_null<scf::ForOp>(op->getParentOp());
      if (loop && isa<func::FuncOp>(loop->getParentOp()) && isElementwise(op))
        kernels.push_back(op);
    });
    int64_t stack = 0;
    for (linalg::GenericOp op : kernels)
      hoist(op, stack);
  }

  /// `stack`: the bytes of the function's hoisted values so far.
  void hoist(linalg::GenericOp op, int64_t &stack) {
    auto loop = cast<scf::ForOp>(op->getParentOp());
    Block &body = op.getRegion().front();
    unsigned numInputs = op.getNumDpsInputs();
    // The values that are the same at every step, and whether a costly op
    // went into each.
    DenseSet<Value> invariant;
    DenseSet<Value> costly;
    for (unsigned i = 0; i < numInputs; ++i)
      if (!writtenIn(loop, op.getDpsInputs()[i]))
        invariant.insert(body.getArgument(i));
    auto isInvariant = [&](Value v) {
      if (invariant.contains(v))
        return true;
      // Defined outside the kernel: before the loop, or a constant.
      Operation *def = v.getDefiningOp();
      if (auto arg = dyn_cast<BlockArgument>(v))
        return !loop->isAncestor(arg.getOwner()->getParentOp()) &&
               arg.getOwner()->getParentOp() != op;
      return def && !op->isAncestor(def) &&
             (!loop->isAncestor(def) || def->hasTrait<OpTrait::ConstantLike>());
    };
    for (Operation &inner : body.without_terminator()) {
      if (inner.getNumRegions() || !isPure(&inner) ||
          inner.getNumResults() != 1)
        continue;
      if (!llvm::all_of(inner.getOperands(), isInvariant))
        continue;
      Value result = inner.getResult(0);
      invariant.insert(result);
      if (isCostly(&inner) || llvm::any_of(inner.getOperands(), [&](Value v) {
            return costly.contains(v);
          }))
        costly.insert(result);
    }
    // The frontier: costly invariant values a step-dependent op (or the
    // yield) uses.
    SmallVector<Value> frontier;
    for (Operation &inner : body) {
      if (inner.getNumResults() == 1 && invariant.contains(inner.getResult(0)))
        continue;
      for (Value v : inner.getOperands())
        if (costly.contains(v) && v.getDefiningOp() &&
            op->isAncestor(v.getDefiningOp()) &&
            !llvm::is_contained(frontier, v))
          frontier.push_back(v);
    }
    if (frontier.empty())
      return;
    SmallVector<int64_t> shape = op.getStaticLoopRanges();
    int64_t elements = 1;
    for (int64_t d : shape)
      elements *= d;
    int64_t bytes = 0;
    for (Value v : frontier) {
      Type t = v.getType();
      if (!t.isIntOrFloat())
        return;
      bytes += elements * std::max<int64_t>(1, t.getIntOrFloatBitWidth() / 8);
    }
    if (stack + bytes > kMaxBytes)
      return;
    stack += bytes;

    // Before the loop: the buffers, and a kernel computing them over the
    // same iteration space from the same (invariant) inputs.
    Location loc = op.getLoc();
    OpBuilder b(loop);
    MLIRContext *ctx = op.getContext();
    AffineMap identity = AffineMap::getMultiDimIdentityMap(shape.size(), ctx);
    SmallVector<Value> buffers;
    for (Value v : frontier)
      buffers.push_back(memref::AllocaOp::create(
          b, loc, MemRefType::get(shape, v.getType())));
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    SmallVector<unsigned> inputNumbers;
    auto feedsHoisted = [&](BlockArgument arg) {
      return llvm::any_of(arg.getUsers(), [&](Operation *user) {
        return user->getNumResults() == 1 &&
               invariant.contains(user->getResult(0));
      });
    };
    for (unsigned i = 0; i < numInputs; ++i)
      if (invariant.contains(body.getArgument(i)) &&
          feedsHoisted(body.getArgument(i))) {
        inputs.push_back(op.getDpsInputs()[i]);
        maps.push_back(op.getIndexingMapsArray()[i]);
        inputNumbers.push_back(i);
      }
    for (size_t k = 0; k < buffers.size(); ++k)
      maps.push_back(identity);
    auto pre = linalg::GenericOp::create(
        b, loc, TypeRange{}, inputs, buffers, maps,
        op.getIteratorTypesArray(),
        [&](OpBuilder &pb, Location pl, ValueRange args) {
          IRMapping map;
          for (auto [k, i] : llvm::enumerate(inputNumbers))
            map.map(body.getArgument(i), args[k]);
          for (Operation &inner : body.without_terminator()) {
            if (inner.getNumResults() != 1 ||
                !invariant.contains(inner.getResult(0)))
              continue;
            // Constants of the loop's body do not reach before it: copies.
            for (Value v : inner.getOperands())
              if (Operation *def = v.getDefiningOp())
                if (!map.contains(v) && loop->isAncestor(def) &&
                    !op->isAncestor(def))
                  map.map(v, pb.clone(*def)->getResult(0));
            pb.clone(inner, map);
          }
          SmallVector<Value> yields;
          for (Value v : frontier)
            yields.push_back(map.lookup(v));
          linalg::YieldOp::create(pb, pl, yields);
        });
    pre->setAttr("snn.hoisted", b.getUnitAttr());

    // The kernel reads them as extra inputs.
    OpBuilder kb(op);
    SmallVector<Value> newInputs(op.getDpsInputs());
    newInputs.append(buffers);
    SmallVector<AffineMap> oldMaps = op.getIndexingMapsArray();
    SmallVector<AffineMap> newMaps(oldMaps.begin(),
                                   oldMaps.begin() + numInputs);
    newMaps.append(buffers.size(), identity);
    newMaps.append(oldMaps.begin() + numInputs, oldMaps.end());
    auto replaced = linalg::GenericOp::create(kb, loc, TypeRange{}, newInputs,
                                              op.getDpsInits(), newMaps,
                                              op.getIteratorTypesArray());
    replaced->setDiscardableAttrs(op->getDiscardableAttrDictionary());
    replaced.getRegion().takeBody(op.getRegion());
    Block &moved = replaced.getRegion().front();
    for (auto [k, v] : llvm::enumerate(frontier)) {
      BlockArgument arg = moved.insertArgument(numInputs + k, v.getType(), loc);
      v.replaceAllUsesWith(arg);
    }
    // What only fed the hoisted values is dead now.
    SmallVector<Operation *> ops;
    for (Operation &inner : moved.without_terminator())
      ops.push_back(&inner);
    for (Operation *inner : llvm::reverse(ops))
      if (inner->use_empty() && isPure(inner))
        inner->erase();
    op.erase();
  }
};

} // namespace
