//===- HoistTime.cpp - feed-forward products for all steps at once ---------===//
//
// --snn-hoist-time splits a training step's time loop into stages. A dense
// delivery `C += A W` whose source A does not depend on C (within a step
// or from one step to the next) is computed once for all T steps, as one
// product over [T·B, K], from a record of A's value in every step; the
// kernels that A depends on run in an earlier loop than those that read C.
// The stage of a kernel is the number of such products on the longest
// path of dependencies into it:
//
//   stage(k) >= stage(writer of x)       for every buffer x k reads
//   stage(k) >= stage(writer of A) + 1   for a hoisted product's source A
//   every writer of a buffer has the same stage (the buffer belongs to one
//   loop, which leaves it as the step order leaves it)
//
// computed to a fixed point over the step's kernels (the step feeds the
// next one, so dependencies go around). A product on a cycle of
// dependencies never settles: it is not hoisted. --snn-generate-adjoint
// realises the stages (TrainStep.cpp, emitForward): one loop per stage;
// a stage that reads a version of a buffer an earlier stage wrote reads it
// from `train.history.<version>`, which the earlier stage records in every
// step; the products run between the loops into `train.product.*`, and the
// accumulation `C += product[t]` takes the delivery's place. The weight
// gradient of a hoisted product is one product over all steps after the
// backward loop, from the adjoints the loop records (`train.dproduct.*`).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Adjoint/TrainGenerator.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNHOISTTIME
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::adjoint;

/// The ops of the step body (by index) whose values `op` uses, directly or
/// inside its regions, and the ops those use, transitively.
static void producers(Operation *op,
                      const llvm::DenseMap<Operation *, unsigned> &index,
                      llvm::SetVector<unsigned> &out) {
  SmallVector<Value> used(op->getOperands());
  llvm::SetVector<Value> above;
  getUsedValuesDefinedAbove(op->getRegions(), above);
  used.append(above.begin(), above.end());
  for (Value v : used) {
    Operation *def = v.getDefiningOp();
    auto it = def ? index.find(def) : index.end();
    if (it == index.end() || !out.insert(it->second))
      continue;
    producers(def, index, out);
  }
}

llvm::StringSet<> TrainGenerator::effectiveReads(unsigned i) {
  llvm::DenseMap<Operation *, unsigned> index;
  for (auto [j, s] : llvm::enumerate(ops))
    index[s.op] = j;
  llvm::StringSet<> reads;
  for (auto &r : ops[i].reads)
    reads.insert(r.getKey());
  llvm::SetVector<unsigned> feeding;
  producers(ops[i].op, index, feeding);
  for (unsigned j : feeding)
    if (!ops[j].kernel)
      for (auto &r : ops[j].reads)
        reads.insert(r.getKey());
  return reads;
}

bool TrainGenerator::isHoisted(const StepOp &s) const {
  return s.op->hasAttr(kHoistAttr);
}

std::string TrainGenerator::hoistedSource(const StepOp &s) const {
  auto mm = cast<linalg::MatmulOp>(s.op);
  auto arg = cast<BlockArgument>(mm.getDpsInputOperand(0)->get());
  func::FuncOp fn = step;
  return fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "snn.buffer").str();
}

LogicalResult TrainGenerator::computeStages(ArrayRef<unsigned> hoisted,
                                            std::vector<int> &stage) {
  stage.assign(ops.size(), -1);
  std::vector<llvm::StringSet<>> reads(ops.size());
  llvm::DenseMap<unsigned, std::string> source;
  for (auto [i, s] : llvm::enumerate(ops))
    if (s.kernel) {
      stage[i] = 0;
      reads[i] = effectiveReads(i);
    }
  for (unsigned h : hoisted) {
    auto mm = cast<linalg::MatmulOp>(ops[h].op);
    source[h] = nameOf(mm.getDpsInputOperand(0)->get());
  }
  // Each round raises at least one stage; a stage never exceeds the number
  // of hoisted products unless one of them is on a cycle.
  size_t limit = ops.size() * (hoisted.size() + 1) + 2;
  for (size_t round = 0; round < limit; ++round) {
    llvm::StringMap<int> owner;
    for (auto [i, s] : llvm::enumerate(ops))
      for (auto &w : s.writes)
        owner[w.getKey()] = std::max(owner.lookup(w.getKey()), stage[i]);
    bool changed = false;
    for (auto [i, s] : llvm::enumerate(ops)) {
      if (!s.kernel)
        continue;
      int at = stage[i];
      auto src = source.find(i);
      for (auto &r : reads[i]) {
        auto o = owner.find(r.getKey());
        if (o == owner.end())
          continue;
        bool across = src != source.end() && src->second == r.getKey();
        at = std::max(at, o->second + (across ? 1 : 0));
      }
      for (auto &w : s.writes)
        at = std::max(at, owner.lookup(w.getKey()));
      if (at != stage[i]) {
        stage[i] = at;
        changed = true;
      }
    }
    if (!changed)
      return success();
  }
  return failure();
}

LogicalResult TrainGenerator::planHoisting(int64_t maxBatch) {
  if (failed(readSpec()) || failed(analyse()))
    return failure();
  if (batch > maxBatch)
    return success();
  // Dense deliveries from a source the step computes.
  SmallVector<unsigned> hoistable;
  for (auto [i, s] : llvm::enumerate(ops)) {
    auto mm = dyn_cast<linalg::MatmulOp>(s.op);
    if (!mm || !mm->hasAttr(kDeliverAttr))
      continue;
    std::string a = nameOf(mm.getDpsInputOperand(0)->get());
    std::string c = nameOf(mm.getDpsInitsMutable()[0].get());
    if (a.empty() || c.empty() || !written.contains(a) ||
        cast<MemRefType>(mm.getDpsInputOperand(0)->get().getType()).getRank() != 2)
      continue;
    // Not on a cycle: the stages settle with it hoisted alone.
    std::vector<int> alone;
    if (succeeded(computeStages({static_cast<unsigned>(i)}, alone)))
      hoistable.push_back(i);
  }
  if (hoistable.empty())
    return success();
  std::vector<int> stage;
  if (failed(computeStages(hoistable, stage)))
    return step.emitError() << "snn-hoist-time: the stages of @"
                            << step.getSymName() << " do not settle";
  Builder b(step.getContext());
  for (auto [i, s] : llvm::enumerate(ops))
    if (s.kernel)
      s.op->setAttr(kStageAttr, b.getI64IntegerAttr(stage[i]));
  for (unsigned h : hoistable)
    ops[h].op->setAttr(kHoistAttr, b.getUnitAttr());
  return success();
}

void TrainGenerator::readStages() {
  stageOf.assign(ops.size(), -1);
  scalarStages.assign(ops.size(), {});
  numStages = 1;
  for (auto [i, s] : llvm::enumerate(ops))
    if (s.kernel) {
      auto attr = s.op->getAttrOfType<IntegerAttr>(kStageAttr);
      stageOf[i] = attr ? static_cast<int>(attr.getInt()) : 0;
      numStages = std::max(numStages, stageOf[i] + 1);
      for (auto &w : s.writes)
        ownerStage[w.getKey()] =
            std::max(ownerStage.lookup(w.getKey()), stageOf[i]);
    }
  if (numStages == 1)
    return;
  // The stages each scalar op is used in.
  llvm::DenseMap<Operation *, unsigned> index;
  for (auto [j, s] : llvm::enumerate(ops))
    index[s.op] = j;
  for (auto [i, s] : llvm::enumerate(ops)) {
    if (!s.kernel)
      continue;
    llvm::SetVector<unsigned> feeding;
    producers(s.op, index, feeding);
    for (unsigned j : feeding)
      if (!ops[j].kernel && !llvm::is_contained(scalarStages[j], stageOf[i]))
        scalarStages[j].push_back(stageOf[i]);
  }
  // What a later stage reads of an earlier one.
  auto earlier = [&](StringRef x, int at) {
    auto o = ownerStage.find(x);
    return o != ownerStage.end() && o->second < at;
  };
  for (auto [i, s] : llvm::enumerate(ops)) {
    std::string source = isHoisted(s) ? hoistedSource(s) : "";
    for (auto &r : s.reads) {
      if (r.getKey() == source) {
        recorded.insert(r.second);
        continue;
      }
      if (s.kernel ? earlier(r.getKey(), stageOf[i])
                   : llvm::any_of(scalarStages[i], [&](int at) {
                       return earlier(r.getKey(), at);
                     }))
        recorded.insert(r.second);
    }
  }
}

std::string TrainGenerator::historyOf(StringRef version) const {
  // The state a step starts from is on the tape already when the tape
  // keeps every step.
  StringRef x = version;
  if (checkpoint == 1 && x.consume_front("train.in.") && liveIn.contains(x))
    return ("train.tape." + x).str();
  return ("train.history." + version).str();
}

bool TrainGenerator::usedInStage(unsigned i, int stage) const {
  return numStages == 1 || llvm::is_contained(scalarStages[i], stage);
}

Value TrainGenerator::allSteps(OpBuilder &b, Location loc, Value record) {
  int64_t rank = cast<MemRefType>(record.getType()).getRank();
  SmallVector<ReassociationIndices> groups = {{0, 1}};
  for (int64_t d = 2; d < rank; ++d)
    groups.push_back({d});
  return memref::CollapseShapeOp::create(b, loc, record, groups);
}

void TrainGenerator::emitHoistedProducts(OpBuilder &b, Location loc,
                                         int stage) {
  for (StepOp &s : ops) {
    if (!isHoisted(s))
      continue;
    std::string a = hoistedSource(s);
    if (ownerStage.lookup(a) != stage)
      continue;
    auto mm = cast<linalg::MatmulOp>(s.op);
    std::string w = nameOf(mm.getDpsInputOperand(1)->get());
    std::string c = nameOf(mm.getDpsInitsMutable()[0].get());
    Value out = buf("train.product." + s.writes.lookup(c));
    fill(b, loc, out, 0.0);
    emitProduct(b, loc, "nn",
            allSteps(b, loc, buf(historyOf(s.reads.lookup(a)))),
            buf(w), allSteps(b, loc, out));
  }
}

void TrainGenerator::emitHoistedGradients(OpBuilder &b, Location loc) {
  for (StepOp &s : ops) {
    if (!isHoisted(s))
      continue;
    auto mm = cast<linalg::MatmulOp>(s.op);
    std::string w = nameOf(mm.getDpsInputOperand(1)->get());
    if (!isActive(s.reads.lookup(w)))
      continue;
    std::string c = nameOf(mm.getDpsInitsMutable()[0].get());
    // dW += sum over steps and entries of A^T dC.
    emitProduct(b, loc, "tn",
            allSteps(b, loc,
                     buf(historyOf(s.reads.lookup(hoistedSource(s))))),
            allSteps(b, loc, buf("train.dproduct." + s.writes.lookup(c))),
            adj(s.reads.lookup(w)));
  }
}

namespace {

struct HoistTime : mlir::snn::impl::SNNHoistTimeBase<HoistTime> {
  using SNNHoistTimeBase::SNNHoistTimeBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> steps;
    for (auto fn : module.getOps<func::FuncOp>())
      if (fn->hasAttr(kTrainAttr))
        steps.push_back(fn);
    for (func::FuncOp step : steps)
      if (failed(TrainGenerator(module, step).planHoisting(maxBatch)))
        return signalPassFailure();
  }
};

} // namespace
