//===- RowsToParallel.cpp - compressed-row delivery as a parallel loop ----===//
//
// --snn-rows-to-parallel turns a compressed-row delivery (the loops over
// batch entries and sources that --snn-schedule emits for sparse,
// convolutional and pooling projections, marked `snn.rows`) into one
// `scf.parallel` over (entry, source), for --snn-parallel-to-gpu to map to
// a grid: each thread walks one source's row. A source that sent nothing
// skips its row (the event-driven form: a silent source costs one test);
// the rows of different sources meet at shared targets, so each
// `target += value` becomes an atomic add. The sum's order then depends on
// the schedule: on a device results agree with the CPU within rounding
// (run in order, as --snn-gpu-to-loops does, they are the CPU's).
//
// A plastic delivery (on_pre runs for each arriving spike and may change
// the synapse) goes in parallel over one entry's sources, the entries in
// turn, since entries share the weights: when every write of an iteration
// is to its own synapse (`x[k]`) or an accumulation into a target (made
// atomic). A kernel shared between rows (a plastic convolution) passes
// too: its synapses' changes accumulate into `<proj>.dw` (atomic adds), the
// kernel is only read. Plasticity loops the schedule marks
// `snn.disjoint_synapses` (on_pre_spike over rows, on_post over columns,
// synapse_dynamics and the weight update over every synapse or kernel
// entry) go in parallel the same way, their writes to the marked
// per-synapse buffers allowed wherever they land. The adjoints of compressed-row deliveries
// (marked `snn.parallel_rows` by --snn-generate-adjoint: each (entry,
// source) writes its own element of the source's adjoint and adds into
// the weights' gradient) become parallel loops over (entry, source).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/SpikeValues.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNROWSTOPARALLEL
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {

struct RowsToParallel
    : mlir::snn::impl::SNNRowsToParallelBase<RowsToParallel> {
  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    llvm::StringMap<Value> buffers = mlir::snn::buffersByName(fn);
    SmallVector<scf::ForOp> deliveries;
    fn.walk([&](scf::ForOp loop) {
      if (loop->hasAttr(mlir::snn::kRowsAttr))
        deliveries.push_back(loop);
    });
    for (scf::ForOp batch : deliveries)
      if (failed(convert(batch)))
        return signalPassFailure();
    // Plastic deliveries (on_pre): the sources of one entry in parallel,
    // the entries in turn (they share the weights).
    SmallVector<scf::ForOp> plastic;
    fn.walk([&](scf::ForOp loop) {
      if (loop->hasAttr(mlir::snn::kDeliverAttr))
        plastic.push_back(loop);
    });
    for (scf::ForOp sources : plastic)
      convertSources(sources, {});
    // The adjoints of compressed-row deliveries (training).
    SmallVector<scf::ForOp> adjoints;
    fn.walk([&](scf::ForOp loop) {
      if (loop->hasAttr(mlir::snn::kParallelRowsAttr))
        adjoints.push_back(loop);
    });
    for (scf::ForOp loop : adjoints)
      convertNest(loop);
    // Plasticity loops over disjoint synapses (marked by the schedule).
    SmallVector<scf::ForOp> learning;
    fn.walk([&](scf::ForOp loop) {
      if (loop->hasAttr(mlir::snn::kDisjointAttr))
        learning.push_back(loop);
    });
    for (scf::ForOp loop : learning) {
      llvm::DenseSet<Value> perSynapse;
      for (Attribute a :
           loop->getAttrOfType<ArrayAttr>(mlir::snn::kDisjointAttr))
        if (Value v = buffers.lookup(cast<StringAttr>(a).getValue()))
          perSynapse.insert(v);
      convertSources(loop, perSynapse);
    }
  }

  /// `for e { for i { body } }` as one parallel loop over (e, i), when the
  /// body writes only element [e, i] of a buffer or accumulates (made
  /// atomic); otherwise the loops stay.
  void convertNest(scf::ForOp outer) {
    scf::ForOp inner = onlyLoopIn(outer);
    if (!inner)
      return;
    IRMapping map;
    scf::ParallelOp par = parallelOver(outer, inner, map);
    OpBuilder pb = OpBuilder::atBlockBegin(par.getBody());
    for (Operation &op : inner.getBody()->without_terminator())
      pb.clone(op, map);
    SmallVector<memref::StoreOp> stores;
    par.walk([&](memref::StoreOp store) { stores.push_back(store); });
    for (memref::StoreOp store : stores) {
      bool own = store.getIndices().size() == 2 &&
                 store.getIndices()[0] == par.getInductionVars()[0] &&
                 store.getIndices()[1] == par.getInductionVars()[1];
      if (!own && failed(makeAtomic(store, store.getMemRef()))) {
        par.erase();
        return;
      }
    }
    outer.erase();
  }

  /// The buffer a view (collapse_shape, subview) is of.
  static Value root(Value v) {
    while (auto view = v.getDefiningOp<ViewLikeOpInterface>())
      v = view.getViewSource();
    return v;
  }

  /// The loop over one entry's sources (or a plasticity loop over
  /// disjoint synapses) as a parallel loop, when each iteration writes only
  /// its own synapses (`x[k]`, k the row's synapse loop, or any element of
  /// the buffers in `perSynapse`, which the schedule vouches for) and
  /// accumulates into targets (made atomic); otherwise it stays.
  void convertSources(scf::ForOp sources,
                      const llvm::DenseSet<Value> &perSynapse) {
    OpBuilder b(sources);
    auto par = scf::ParallelOp::create(
        b, sources.getLoc(), ValueRange{sources.getLowerBound()},
        ValueRange{sources.getUpperBound()}, ValueRange{sources.getStep()});
    IRMapping map;
    map.map(sources.getInductionVar(), par.getInductionVars()[0]);
    OpBuilder pb = OpBuilder::atBlockBegin(par.getBody());
    for (Operation &op : sources.getBody()->without_terminator())
      pb.clone(op, map);
    SmallVector<memref::StoreOp> stores;
    par.walk([&](memref::StoreOp store) { stores.push_back(store); });
    auto ownSynapse = [&](memref::StoreOp store) {
      if (store.getIndices().size() != 1)
        return false;
      auto k = dyn_cast<BlockArgument>(store.getIndices()[0]);
      auto loop = k ? dyn_cast<scf::ForOp>(k.getOwner()->getParentOp())
                    : scf::ForOp();
      return loop && loop.getInductionVar() == k && par->isProperAncestor(loop);
    };
    for (memref::StoreOp store : stores)
      if (!ownSynapse(store) && !perSynapse.contains(root(store.getMemRef())) &&
          failed(makeAtomic(store, store.getMemRef()))) {
        par.erase();
        return;
      }
    sources.erase();
  }

  /// `m[idx] = m[idx] + x` as an atomic add of x; fails for other writes.
  LogicalResult makeAtomic(memref::StoreOp store, Value target) {
    auto add = store.getValue().getDefiningOp<arith::AddFOp>();
    if (!add)
      return failure();
    memref::LoadOp old;
    Value x;
    for (auto [mine, other] : {std::pair(add.getLhs(), add.getRhs()),
                               std::pair(add.getRhs(), add.getLhs())})
      if (auto l = mine.getDefiningOp<memref::LoadOp>())
        if (l.getMemRef() == target && l.getIndices() == store.getIndices()) {
          old = l;
          x = other;
        }
    if (!old)
      return failure();
    OpBuilder ab(store);
    memref::AtomicRMWOp::create(ab, store.getLoc(), arith::AtomicRMWKind::addf,
                                x, target, store.getIndices());
    store.erase();
    if (add->use_empty())
      add.erase();
    if (old->use_empty())
      old.erase();
    return success();
  }

  /// The loop that is `outer`'s whole body, or null.
  static scf::ForOp onlyLoopIn(scf::ForOp outer) {
    auto ops = outer.getBody()->without_terminator();
    return std::distance(ops.begin(), ops.end()) == 1
               ? dyn_cast<scf::ForOp>(*ops.begin())
               : scf::ForOp();
  }

  /// An empty parallel loop over the iterations of `outer` x `inner`, before
  /// `outer`; `map` takes their induction variables to its.
  static scf::ParallelOp parallelOver(scf::ForOp outer, scf::ForOp inner,
                                      IRMapping &map) {
    OpBuilder b(outer);
    auto par = scf::ParallelOp::create(
        b, outer.getLoc(),
        ValueRange{outer.getLowerBound(), inner.getLowerBound()},
        ValueRange{outer.getUpperBound(), inner.getUpperBound()},
        ValueRange{outer.getStep(), inner.getStep()});
    map.map(outer.getInductionVar(), par.getInductionVars()[0]);
    map.map(inner.getInductionVar(), par.getInductionVars()[1]);
    return par;
  }

  LogicalResult convert(scf::ForOp batch) {
    // The batch loop holds the loop over sources and nothing else.
    scf::ForOp sources = onlyLoopIn(batch);
    if (!sources)
      return batch.emitError()
             << "snn-rows-to-parallel: a delivery marked snn.rows is not a "
                "loop over entries around a loop over sources";
    Location loc = batch.getLoc();
    IRMapping map;
    scf::ParallelOp par = parallelOver(batch, sources, map);
    OpBuilder pb = OpBuilder::atBlockBegin(par.getBody());
    // The source's value ([entry, source]; in training's recomputation, of
    // a version of the buffer), then its row only when it is not zero.
    Value sent;
    SmallVector<Operation *> row;
    for (Operation &op : sources.getBody()->without_terminator()) {
      if (isa<scf::ForOp>(op)) {
        row.push_back(&op);
        continue;
      }
      Operation *clone = pb.clone(op, map);
      if (auto load = dyn_cast<memref::LoadOp>(clone))
        if (!sent && load.getIndices().size() == 2 &&
            load.getIndices()[0] == par.getInductionVars()[0] &&
            load.getIndices()[1] == par.getInductionVars()[1])
          sent = load.getResult();
    }
    if (!sent || row.size() != 1)
      return batch.emitError() << "snn-rows-to-parallel: the loop over "
                                  "sources does not read the source and walk "
                                  "one row";
    auto fired = scf::IfOp::create(pb, loc,
                                   mlir::snn::isNonZero(pb, loc, sent),
                                   /*withElseRegion=*/false);
    OpBuilder tb = OpBuilder::atBlockBegin(fired.thenBlock());
    Operation *walk = tb.clone(*row.front(), map);
    // target[e, j] = target[e, j] + x  ->  atomic add of x.
    SmallVector<memref::StoreOp> stores;
    walk->walk([&](memref::StoreOp store) { stores.push_back(store); });
    for (memref::StoreOp store : stores)
      if (failed(makeAtomic(store, store.getMemRef())))
        return store.emitError() << "snn-rows-to-parallel: a write into the "
                                    "delivery's target that is not an "
                                    "accumulation";
    batch.erase();
    return success();
  }

};

} // namespace
