//===- FuseEventLists.cpp - build spike lists inside population loops ------===//
//
// After --snn-event-driven, --snn-fuse and --snn-vectorize, a spiking
// population's step ends with two loops over the same neurons:
//
//   scf.for %e = 0 to B {                      // the population's kernel
//     scf.for %i = 0 to N step 16 { ... write spike[e, i .. i+15] ... }
//   }
//   scf.for %e = 0 to B {                      // snn.event_list
//     %n = scf.for %c = 0 to ceil(N/16) iter_args(%m = 0) {
//       read spike[e, 16c .. 16c+15]; append the ones that fired
//     }
//     event_count[e] = %n
//   }
//
// Chunk c of the list build reads exactly the 16 spikes tile i = 16c
// writes, and neither loop touches what the other's later iterations
// write, so the build's body joins the tile loop: each tile appends its own
// neurons that fired right after computing them (DESIGN.md §2.4), and the
// spikes are not read back in a second pass.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNFUSEEVENTLISTS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {

bool isConstant(Value v, int64_t c) { return getConstantIntValue(v) == c; }

/// The one loop with results or effects in `body`, if its other ops are
/// side-effect free (constants): the tile loop of a batch loop.
scf::ForOp onlyLoop(Block &body) {
  scf::ForOp found;
  for (Operation &op : body.without_terminator()) {
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      if (found)
        return {};
      found = loop;
    } else if (!isPure(&op)) {
      return {};
    }
  }
  return found;
}

struct FuseEventLists
    : mlir::snn::impl::SNNFuseEventListsBase<FuseEventLists> {
  void runOnOperation() override {
    SmallVector<scf::ForOp> builds;
    getOperation().walk([&](scf::ForOp op) {
      if (op->hasAttr(mlir::snn::kEventListAttr))
        builds.push_back(op);
    });
    for (scf::ForOp build : builds)
      (void)fuse(build);
  }

  /// Moves `build` into the tile loop of the batch loop right before it,
  /// when the shapes match what the header describes.
  static LogicalResult fuse(scf::ForOp build) {
    auto batchLoop = dyn_cast_or_null<scf::ForOp>(build->getPrevNode());
    if (!batchLoop || batchLoop.getNumResults() ||
        batchLoop.getLowerBound() != build.getLowerBound() ||
        batchLoop.getUpperBound() != build.getUpperBound() ||
        batchLoop.getStep() != build.getStep())
      return failure();
    scf::ForOp tiles = onlyLoop(*batchLoop.getBody());
    // The build's body: the chunk loop, the cast of its count, the store.
    auto chunks = dyn_cast<scf::ForOp>(&build.getBody()->front());
    if (!tiles || !chunks || tiles.getNumResults() ||
        chunks.getNumResults() != 1 ||
        !isConstant(tiles.getLowerBound(), 0) ||
        !isConstant(chunks.getLowerBound(), 0) ||
        !isConstant(chunks.getStep(), 1))
      return failure();
    // The chunk width is the width of the build's vector read of the
    // source; the tiles must step by it and cover the same neurons.
    vector::TransferReadOp read;
    chunks.getBody()->walk([&](vector::TransferReadOp r) { read = r; });
    std::optional<int64_t> step = getConstantIntValue(tiles.getStep());
    std::optional<int64_t> n = getConstantIntValue(tiles.getUpperBound());
    std::optional<int64_t> nChunks = getConstantIntValue(chunks.getUpperBound());
    if (!read || !step || !n || !nChunks ||
        read.getVectorType().getNumElements() != *step ||
        *nChunks != (*n + *step - 1) / *step)
      return failure();
    // The population loop must write the source; the build must be all
    // that reads it between here and the next write (it is).
    Value source = read.getBase();
    vector::TransferWriteOp write;
    tiles.getBody()->walk([&](vector::TransferWriteOp w) {
      Value base = w.getBase();
      while (auto view = base.getDefiningOp<ViewLikeOpInterface>())
        base = view.getViewSource();
      if (base == source)
        write = w;
    });
    // Written by the tile itself (possibly under a mask), as the vector the
    // build reads.
    Operation *parent = write ? write->getParentOp() : nullptr;
    if (isa_and_nonnull<vector::MaskOp>(parent))
      parent = parent->getParentOp();
    if (parent != tiles.getOperation() ||
        write.getVectorType() != read.getVectorType() ||
        read->getBlock() != chunks.getBody())
      return failure();

    // One tile loop carrying the list's length; its body is the tile's
    // kernel, then the chunk's append with c = i / step.
    OpBuilder b(tiles);
    Location loc = build.getLoc();
    IRMapping outer;
    outer.map(build.getInductionVar(), batchLoop.getInductionVar());
    Value init = chunks.getInitArgs()[0];
    if (Operation *def = init.getDefiningOp())
      if (def->getBlock() == build.getBody())
        init = b.clone(*def, outer)->getResult(0);
    auto fused = scf::ForOp::create(
        b, loc, tiles.getLowerBound(), tiles.getUpperBound(), tiles.getStep(),
        ValueRange{init},
        [&](OpBuilder &lb, Location, Value i, ValueRange iter) {
          IRMapping map = outer;
          map.map(tiles.getInductionVar(), i);
          for (Operation &op : tiles.getBody()->without_terminator())
            lb.clone(op, map);
          Value c = arith::DivUIOp::create(
              lb, loc, i, arith::ConstantIndexOp::create(lb, loc, *step));
          map.map(chunks.getInductionVar(), c);
          map.map(chunks.getRegionIterArg(0), iter[0]);
          // The chunk's test of the spikes takes the vector the tile just
          // stored rather than loading it back (a load right after a store
          // of the same bytes stalls, masked ones on every tile). Lanes
          // past N may hold anything: they only make the test look
          // further, and the append reads each neuron's spike from memory.
          map.map(read.getResult(), map.lookup(write.getVector()));
          for (Operation &op : chunks.getBody()->without_terminator())
            if (&op != read.getOperation())
              lb.clone(op, map);
          auto yield = cast<scf::YieldOp>(chunks.getBody()->getTerminator());
          scf::YieldOp::create(lb, loc,
                               ValueRange{map.lookupOrDefault(
                                   yield.getOperand(0))});
        });
    fused->setAttrs(tiles->getAttrs());
    // What follows the chunk loop in the build (the count's cast and
    // store) follows the fused loop.
    IRMapping after = outer;
    after.map(chunks.getResult(0), fused.getResult(0));
    b.setInsertionPointAfter(fused);
    for (Operation *op = chunks->getNextNode();
         op && op != build.getBody()->getTerminator(); op = op->getNextNode())
      b.clone(*op, after);
    tiles.erase();
    build.erase();
    return success();
  }
};

} // namespace
