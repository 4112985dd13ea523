//===- Fuse.cpp - merge consecutive elementwise kernels --------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNFUSE
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {

bool allParallel(linalg::GenericOp op) {
  return llvm::all_of(op.getIteratorTypesArray(), [](utils::IteratorType t) {
    return t == utils::IteratorType::parallel;
  });
}

/// The indexing map `op` uses for buffer `v`, if it reads or writes it
/// (through exactly one operand).
std::optional<AffineMap> mapOf(linalg::GenericOp op, Value v) {
  std::optional<AffineMap> found;
  for (OpOperand &operand : op->getOpOperands())
    if (operand.get() == v) {
      if (found)
        return std::nullopt; // used twice: give up
      found = op.getMatchingIndexingMap(&operand);
    }
  return found;
}

bool writes(linalg::GenericOp op, Value v) {
  return llvm::is_contained(op.getDpsInits(), v);
}

bool touches(linalg::GenericOp op, Value v) {
  return llvm::is_contained(op->getOperands(), v);
}

/// Whether `second` may run in the same loop as `first`, element by element.
bool canFuse(linalg::GenericOp first, linalg::GenericOp second) {
  if (!first.hasPureBufferSemantics() || !second.hasPureBufferSemantics() ||
      !allParallel(first) || !allParallel(second) ||
      first.getNumLoops() != second.getNumLoops() ||
      first->getNumResults() || second->getNumResults())
    return false;
  SmallVector<int64_t> r1 = first.getStaticLoopRanges();
  SmallVector<int64_t> r2 = second.getStaticLoopRanges();
  if (r1 != r2 || llvm::any_of(r1, ShapedType::isDynamic))
    return false;
  for (Value v : second->getOperands()) {
    if (!touches(first, v))
      continue;
    bool conflict = writes(first, v) || writes(second, v);
    if (!conflict)
      continue; // read by both: any maps are fine
    auto m1 = mapOf(first, v), m2 = mapOf(second, v);
    if (!m1 || !m2 || *m1 != *m2 || !m1->isPermutation())
      return false;
  }
  return true;
}

/// One kernel doing `first` then `second` for each element.
linalg::GenericOp fuse(RewriterBase &rewriter, linalg::GenericOp first,
                       linalg::GenericOp second) {
  // Operands of the fused kernel: first's inputs, then second's inputs that
  // first does not write; outputs: first's, then second's new ones.
  SmallVector<Value> ins, outs;
  SmallVector<AffineMap> inMaps, outMaps;
  auto addIn = [&](Value v, AffineMap m) {
    if (llvm::is_contained(ins, v) || llvm::is_contained(outs, v))
      return;
    ins.push_back(v);
    inMaps.push_back(m);
  };
  for (OpOperand *in : first.getDpsInputOperands())
    addIn(in->get(), first.getMatchingIndexingMap(in));
  for (OpOperand &out : first.getDpsInitsMutable()) {
    outs.push_back(out.get());
    outMaps.push_back(first.getMatchingIndexingMap(&out));
  }
  for (OpOperand &out : second.getDpsInitsMutable())
    if (!llvm::is_contained(outs, out.get())) {
      // A buffer first only reads becomes an output: drop it from inputs.
      auto it = llvm::find(ins, out.get());
      if (it != ins.end()) {
        inMaps.erase(inMaps.begin() + (it - ins.begin()));
        ins.erase(it);
      }
      outs.push_back(out.get());
      outMaps.push_back(second.getMatchingIndexingMap(&out));
    }
  for (OpOperand *in : second.getDpsInputOperands())
    if (!writes(first, in->get()))
      addIn(in->get(), second.getMatchingIndexingMap(in));
  SmallVector<AffineMap> maps(inMaps);
  maps.append(outMaps);

  rewriter.setInsertionPoint(first);
  auto fused = linalg::GenericOp::create(
      rewriter, first.getLoc(), ins, outs, maps,
      first.getIteratorTypesArray(),
      [&](OpBuilder &b, Location loc, ValueRange args) {
        auto argOf = [&](Value buffer) -> Value {
          auto i = llvm::find(ins, buffer);
          if (i != ins.end())
            return args[i - ins.begin()];
          auto o = llvm::find(outs, buffer);
          return args[ins.size() + (o - outs.begin())];
        };
        // Current element value of every buffer, updated by each kernel's
        // yield.
        llvm::DenseMap<Value, Value> current;
        auto valueOf = [&](Value buffer) {
          auto it = current.find(buffer);
          return it != current.end() ? it->second : argOf(buffer);
        };
        for (linalg::GenericOp kernel : {first, second}) {
          IRMapping map;
          Block &body = kernel.getRegion().front();
          for (OpOperand &operand : kernel->getOpOperands())
            map.map(body.getArgument(operand.getOperandNumber()),
                    valueOf(operand.get()));
          for (Operation &op : body.without_terminator())
            b.clone(op, map);
          auto yield = cast<linalg::YieldOp>(body.getTerminator());
          for (auto [out, v] :
               llvm::zip(kernel.getDpsInits(), yield.getValues()))
            current[out] = map.lookupOrDefault(v);
        }
        SmallVector<Value> results;
        for (Value out : outs)
          results.push_back(valueOf(out));
        linalg::YieldOp::create(b, loc, results);
      });
  rewriter.eraseOp(second);
  rewriter.eraseOp(first);
  return fused;
}

/// Whether `v` is an argument of the function around `op` that holds
/// scratch (`snn.role = "scratch"`: a value produced and consumed within a
/// step, such as a port).
bool isScratchArgument(Operation *op, Value v) {
  auto arg = dyn_cast<BlockArgument>(v);
  auto fn = op->getParentOfType<FunctionOpInterface>();
  if (!arg || !fn || arg.getOwner() != &fn.getFunctionBody().front())
    return false;
  auto role = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "snn.role");
  return role && role.getValue() == "scratch";
}

/// Drops the outputs of `op` nothing needs: scratch buffers no other op
/// touches, whose old element value the kernel does not read. Once the
/// kernels around a port are one loop, the port's value stays in a
/// register and its store is dead.
void dropDeadScratch(RewriterBase &rewriter, linalg::GenericOp op) {
  Block &body = op.getRegion().front();
  SmallVector<Value> outs;
  SmallVector<AffineMap> outMaps;
  SmallVector<unsigned> keptOuts;
  for (OpOperand &out : op.getDpsInitsMutable()) {
    Value v = out.get();
    bool dead = isScratchArgument(op, v) &&
                llvm::all_of(v.getUsers(),
                             [&](Operation *user) { return user == op; }) &&
                llvm::count(op->getOperands(), v) == 1 &&
                body.getArgument(out.getOperandNumber()).use_empty();
    if (dead)
      continue;
    outs.push_back(v);
    outMaps.push_back(op.getMatchingIndexingMap(&out));
    keptOuts.push_back(out.getOperandNumber() - op.getNumDpsInputs());
  }
  if (outs.size() == static_cast<size_t>(op.getNumDpsInits()) || outs.empty())
    return;
  SmallVector<Value> ins(op.getDpsInputs());
  SmallVector<AffineMap> maps;
  for (OpOperand *in : op.getDpsInputOperands())
    maps.push_back(op.getMatchingIndexingMap(in));
  maps.append(outMaps);
  rewriter.setInsertionPoint(op);
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  linalg::GenericOp::create(
      rewriter, op.getLoc(), ins, outs, maps, op.getIteratorTypesArray(),
      [&](OpBuilder &b, Location loc, ValueRange args) {
        IRMapping map;
        for (unsigned i = 0; i < ins.size(); ++i)
          map.map(body.getArgument(i), args[i]);
        for (auto [k, out] : llvm::enumerate(keptOuts))
          map.map(body.getArgument(op.getNumDpsInputs() + out),
                  args[ins.size() + k]);
        for (Operation &nested : body.without_terminator())
          b.clone(nested, map);
        SmallVector<Value> results;
        for (unsigned out : keptOuts)
          results.push_back(map.lookupOrDefault(yield.getValues()[out]));
        linalg::YieldOp::create(b, loc, results);
      });
  rewriter.eraseOp(op);
}

struct Fuse : mlir::snn::impl::SNNFuseBase<Fuse> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    // Merge along every block, left to right; a merged kernel may merge
    // again with the next one.
    SmallVector<Block *> blocks;
    getOperation().walk([&](Block *block) { blocks.push_back(block); });
    for (Block *block : blocks) {
      for (Operation *op = block->empty() ? nullptr : &block->front(); op;) {
        auto first = dyn_cast<linalg::GenericOp>(op);
        Operation *next = op->getNextNode();
        auto second = dyn_cast_or_null<linalg::GenericOp>(next);
        if (first && second && canFuse(first, second)) {
          op = fuse(rewriter, first, second);
          continue;
        }
        op = next;
      }
    }
    SmallVector<linalg::GenericOp> kernels;
    getOperation().walk([&](linalg::GenericOp op) {
      if (op.hasPureBufferSemantics())
        kernels.push_back(op);
    });
    for (linalg::GenericOp op : kernels)
      dropDeadScratch(rewriter, op);
  }
};

} // namespace
