//===- TrainStep.cpp - train_step and forward, and the pass ---------------===//
//
// For a network @net that declares training, --snn-generate-adjoint
// replaces `@net_step` with
//
//   func.func @net_train_step(<buffers>)   forward T steps keeping the
//       tape, the loss and its gradient, the backward time loop, the
//       optimiser's update of every trained weight
//   func.func @net_forward(<buffers>)      forward T steps and the loss
//
// (the forward time loops and the loss are in ForwardAndLoss.cpp) and adds
// the buffers they need (tape, versions, adjoints, gradients,
// optimiser state, loss) to every function of the network, so the ABI
// describes them like any other (docs/training.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Adjoint/TrainGenerator.h"
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/SpikeValues.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

namespace mlir::snn {
#define GEN_PASS_DEF_SNNGENERATEADJOINT
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::adjoint;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

Value mlir::snn::adjoint::cF32(OpBuilder &b, Location loc, double v) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
}

void TrainGenerator::fill(OpBuilder &b, Location loc, Value dst, double v) {
  Type e = cast<MemRefType>(dst.getType()).getElementType();
  Value c = isa<FloatType>(e)
                ? arith::ConstantOp::create(b, loc, b.getFloatAttr(e, v))
                : arith::ConstantOp::create(b, loc, b.getIntegerAttr(e, (int64_t)v));
  linalg::FillOp::create(b, loc, ValueRange{c}, ValueRange{dst});
}

void TrainGenerator::copy(OpBuilder &b, Location loc, Value src, Value dst) {
  linalg::CopyOp::create(b, loc, src, dst);
}

Value TrainGenerator::slot(OpBuilder &b, Location loc, Value tape, Value index) {
  auto type = cast<MemRefType>(tape.getType());
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
  offsets[0] = index;
  SmallVector<OpFoldResult> sizes, strides(type.getRank(), b.getIndexAttr(1));
  sizes.push_back(b.getIndexAttr(1));
  for (int64_t d : type.getShape().drop_front())
    sizes.push_back(b.getIndexAttr(d));
  auto result = memref::SubViewOp::inferRankReducedResultType(
      type.getShape().drop_front(), type, offsets, sizes, strides);
  return memref::SubViewOp::create(b, loc, cast<MemRefType>(result), tape,
                                   offsets, sizes, strides);
}

void mlir::snn::adjoint::elementwise(
    OpBuilder &b, Location loc, ValueRange ins, ValueRange outs,
    function_ref<void(OpBuilder &, Location, ValueRange,
                      SmallVectorImpl<Value> &)>
        body) {
  unsigned rank = cast<MemRefType>(outs[0].getType()).getRank();
  SmallVector<AffineMap> maps(ins.size() + outs.size(),
                              b.getMultiDimIdentityMap(rank));
  linalg::GenericOp::create(
      b, loc, ins, outs, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        SmallVector<Value> yields;
        body(nb, nl, args, yields);
        linalg::YieldOp::create(nb, nl, yields);
      });
}

void TrainGenerator::addInto(OpBuilder &b, Location loc, Value src, Value dst) {
  elementwise(b, loc, {src}, {dst},
              [](OpBuilder &nb, Location nl, ValueRange a,
                 SmallVectorImpl<Value> &y) {
                y.push_back(arith::AddFOp::create(nb, nl, a[1], a[0]));
              });
}

Value mlir::snn::adjoint::cmpIndex(OpBuilder &b, Location loc,
                                  arith::CmpIPredicate p, Value lhs,
                                  Value rhs) {
  return arith::CmpIOp::create(b, loc, p, lhs, rhs);
}

//===----------------------------------------------------------------------===//
// Functions and buffers
//===----------------------------------------------------------------------===//

static DictionaryAttr argAttrs(OpBuilder &b, const BufferDecl &d) {
  return b.getDictionaryAttr(
      {b.getNamedAttr("snn.buffer", b.getStringAttr(d.name)),
       b.getNamedAttr("snn.role", b.getStringAttr(d.role)),
       b.getNamedAttr("llvm.noalias", b.getUnitAttr())});
}

func::FuncOp TrainGenerator::declare(StringRef suffix) {
  OpBuilder b(step);
  SmallVector<Type> types;
  SmallVector<DictionaryAttr> attrs;
  for (const BufferDecl &d : decls) {
    types.push_back(d.type);
    attrs.push_back(argAttrs(b, d));
  }
  auto fn = func::FuncOp::create(b, step.getLoc(), net + suffix.str(),
                                 b.getFunctionType(types, {}));
  fn.setAllArgAttrs(attrs);
  fn->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  Block *entry = fn.addEntryBlock();
  args.clear();
  for (auto [i, d] : llvm::enumerate(decls))
    args[d.name] = entry->getArgument(i);
  return fn;
}

void TrainGenerator::addArguments(func::FuncOp fn) {
  OpBuilder b(fn);
  llvm::StringSet<> has;
  for (unsigned i = 0; i < fn.getNumArguments(); ++i)
    if (auto n = fn.getArgAttrOfType<StringAttr>(i, "snn.buffer"))
      has.insert(n.getValue());
  for (const BufferDecl &d : decls)
    if (!has.contains(d.name))
      (void)fn.insertArgument(fn.getNumArguments(), d.type, argAttrs(b, d),
                              fn.getLoc());
  args.clear();
  for (unsigned i = 0; i < fn.getNumArguments(); ++i)
    if (auto n = fn.getArgAttrOfType<StringAttr>(i, "snn.buffer"))
      args[n.getValue()] = fn.getArgument(i);
}

/// Optimiser state and outputs start at zero (`init`), and go back to zero
/// with the weights (`reset` with the weights' role bit, 2).
void TrainGenerator::emitInitAndReset() {
  if (auto init = module.lookupSymbol<func::FuncOp>(net + "_init")) {
    addArguments(init);
    OpBuilder b(init.getBody().front().getTerminator());
    for (const BufferDecl &d : decls)
      if (d.role == "optimizer" || d.role == "output" || d.role == "ewc")
        fill(b, init.getLoc(), buf(d.name), 0.0);
  }
  if (auto run = module.lookupSymbol<func::FuncOp>(net + "_run"))
    addArguments(run);
  if (auto reset = module.lookupSymbol<func::FuncOp>(net + "_reset")) {
    addArguments(reset);
    Location loc = reset.getLoc();
    OpBuilder b(reset.getBody().front().getTerminator());
    Value roles = reset.getArgument(0);
    Value bit = arith::AndIOp::create(
        b, loc, roles, arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(2)));
    Value set = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ne, bit,
        arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0)));
    auto ifOp = scf::IfOp::create(b, loc, set, false);
    OpBuilder tb = OpBuilder::atBlockBegin(ifOp.thenBlock());
    for (const BufferDecl &d : decls)
      if (d.role == "optimizer")
        fill(tb, loc, buf(d.name), 0.0);
  }
}

//===----------------------------------------------------------------------===//
// Backward
//===----------------------------------------------------------------------===//

LogicalResult TrainGenerator::emitBackward(OpBuilder &b, Location loc) {
  SmallVector<std::string> carried(
      llvm::map_range(liveIn, [](auto &e) { return e.getKey().str(); }));
  llvm::sort(carried);
  SmallVector<std::string> activeCarried;
  for (const std::string &x : carried)
    if (isActive(x))
      activeCarried.push_back(x);
  for (const std::string &x : activeCarried)
    fill(b, loc, buf("train.carry." + x), 0.0);

  // One step backwards: recompute it from train.in.*, then its adjoint.
  LogicalResult result = success();
  auto backStep = [&](OpBuilder &sb, Value t) {
    IRMapping m;
    emitRecompute(sb, loc, m, t);
    for (const BufferDecl &d : decls)
      if (StringRef(d.name).starts_with("train.adj."))
        fill(sb, loc, buf(d.name), 0.0);
    for (const std::string &x : activeCarried)
      if (finalVersion.lookup(x) != "train.in." + x)
        copy(sb, loc, buf("train.carry." + x), adj(finalVersion.lookup(x)));
    emitLossAdjoint(sb, loc, t);
    backwardStep = t;
    if (failed(emitAdjoints(sb, loc, m)))
      result = failure();
    for (const std::string &x : activeCarried)
      copy(sb, loc, adj("train.in." + x), buf("train.carry." + x));
    if (truncate > 0) {
      // Windows of `truncate` steps: nothing flows back past a window's
      // first step.
      Value first = cmpIndex(
          sb, loc, arith::CmpIPredicate::eq,
          arith::RemUIOp::create(sb, loc, t, cIndex(sb, loc, truncate)),
          cIndex(sb, loc, 0));
      auto ifOp = scf::IfOp::create(sb, loc, first, false);
      OpBuilder tb = OpBuilder::atBlockBegin(ifOp.thenBlock());
      for (const std::string &x : activeCarried)
        fill(tb, loc, buf("train.carry." + x), 0.0);
    }
  };

  int64_t slots = (steps + checkpoint - 1) / checkpoint;
  auto windows = scf::ForOp::create(b, loc, cIndex(b, loc, 0),
                                    cIndex(b, loc, slots), cIndex(b, loc, 1));
  OpBuilder wb = OpBuilder::atBlockBegin(windows.getBody());
  Value w = arith::SubIOp::create(wb, loc, cIndex(wb, loc, slots - 1),
                                  windows.getInductionVar());
  for (const std::string &x : carried)
    copy(wb, loc, slot(wb, loc, buf("train.tape." + x), w),
         buf("train.in." + x));
  if (checkpoint == 1) {
    backStep(wb, w);
  } else {
    // Replay the window from its checkpoint, keeping every step's state,
    // then go back through it.
    Value k = cIndex(wb, loc, checkpoint);
    Value start = arith::MulIOp::create(wb, loc, w, k);
    Value len = arith::MinUIOp::create(
        wb, loc, k, arith::SubIOp::create(wb, loc, cIndex(wb, loc, steps), start));
    auto replay = scf::ForOp::create(wb, loc, cIndex(wb, loc, 0), len,
                                     cIndex(wb, loc, 1));
    {
      OpBuilder rb = OpBuilder::atBlockBegin(replay.getBody());
      Value s = replay.getInductionVar();
      for (const std::string &x : carried)
        copy(rb, loc, buf("train.in." + x),
             slot(rb, loc, buf("train.replay." + x), s));
      IRMapping m;
      emitRecompute(rb, loc, m, arith::AddIOp::create(rb, loc, start, s));
      for (const std::string &x : carried)
        copy(rb, loc, buf(finalVersion.lookup(x)), buf("train.in." + x));
    }
    auto back = scf::ForOp::create(wb, loc, cIndex(wb, loc, 0), len,
                                   cIndex(wb, loc, 1));
    OpBuilder bb = OpBuilder::atBlockBegin(back.getBody());
    Value s = arith::SubIOp::create(
        bb, loc, arith::SubIOp::create(bb, loc, len, cIndex(bb, loc, 1)),
        back.getInductionVar());
    for (const std::string &x : carried)
      copy(bb, loc, slot(bb, loc, buf("train.replay." + x), s),
           buf("train.in." + x));
    backStep(bb, arith::AddIOp::create(bb, loc, start, s));
  }
  b.setInsertionPointAfter(windows);
  emitHoistedGradients(b, loc);
  return result;
}

//===----------------------------------------------------------------------===//
// Optimiser
//===----------------------------------------------------------------------===//

/// The sum of the squares of a buffer's elements.
static Value sumOfSquares(OpBuilder &b, Location loc, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  Value flat = buffer;
  if (type.getRank() > 1) {
    ReassociationIndices all;
    for (int64_t i = 0; i < type.getRank(); ++i)
      all.push_back(i);
    flat = memref::CollapseShapeOp::create(b, loc, buffer,
                                           ArrayRef<ReassociationIndices>{all});
  }
  auto loop = scf::ForOp::create(
      b, loc, cIndex(b, loc, 0), cIndex(b, loc, type.getNumElements()),
      cIndex(b, loc, 1), ValueRange{cF32(b, loc, 0.0)},
      [&](OpBuilder &ib, Location il, Value i, ValueRange acc) {
        Value v = memref::LoadOp::create(ib, il, flat, ValueRange{i});
        scf::YieldOp::create(
            ib, il,
            ValueRange{arith::AddFOp::create(
                ib, il, acc[0], arith::MulFOp::create(ib, il, v, v))});
      });
  return loop.getResult(0);
}

void TrainGenerator::emitOptimizer(OpBuilder &b, Location loc) {
  // Clipping: scale every gradient by min(1, clip / (norm + 1e-6)), the
  // norm over all of them (PyTorch's clip_grad_norm_).
  Value scale = cF32(b, loc, 1.0);
  if (clip > 0) {
    Value total = cF32(b, loc, 0.0);
    for (const std::string &w : trainable)
      total = arith::AddFOp::create(b, loc, total,
                                    sumOfSquares(b, loc, adj(w)));
    Value norm = math::SqrtOp::create(b, loc, total);
    Value c = arith::DivFOp::create(
        b, loc, cF32(b, loc, clip),
        arith::AddFOp::create(b, loc, norm, cF32(b, loc, 1e-6)));
    scale = arith::MinimumFOp::create(b, loc, c, cF32(b, loc, 1.0));
  }
  Value bc1, bc2;
  if (optimizer == "adam") {
    Value c0 = cIndex(b, loc, 0);
    Value t = memref::LoadOp::create(b, loc, buf("train.adam_t"), ValueRange{c0});
    t = arith::AddIOp::create(b, loc, t,
                              arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(1)));
    memref::StoreOp::create(b, loc, t, buf("train.adam_t"), ValueRange{c0});
    Value tf = arith::SIToFPOp::create(b, loc, b.getF32Type(), t);
    auto correction = [&](double beta) -> Value {
      return arith::SubFOp::create(
          b, loc, cF32(b, loc, 1.0),
          math::PowFOp::create(b, loc, cF32(b, loc, beta), tf));
    };
    bc1 = correction(beta1);
    bc2 = math::SqrtOp::create(b, loc, correction(beta2));
  }
  for (const std::string &w : trainable) {
    SmallVector<Value> ins = {adj(w)};
    if (ewc > 0) {
      ins.push_back(buf(w + ".fisher"));
      ins.push_back(buf(w + ".anchor"));
    }
    unsigned nIns = ins.size();
    SmallVector<Value> outs = {buf(w)};
    if (optimizer == "sgd" && momentum > 0)
      outs.push_back(buf(w + ".momentum"));
    if (optimizer == "adam") {
      outs.push_back(buf(w + ".adam_m"));
      outs.push_back(buf(w + ".adam_v"));
    }
    elementwise(
        b, loc, ins, outs,
        [&](OpBuilder &nb, Location nl, ValueRange args,
            SmallVectorImpl<Value> &y) {
          // a: the gradient, then the weight and the optimiser's state.
          SmallVector<Value> a = {args[0]};
          llvm::append_range(a, args.drop_front(nIns));
          auto c = [&](double v) { return cF32(nb, nl, v); };
          auto mul = [&](Value x, Value z) -> Value {
            return arith::MulFOp::create(nb, nl, x, z);
          };
          auto add = [&](Value x, Value z) -> Value {
            return arith::AddFOp::create(nb, nl, x, z);
          };
          Value weight = a[1];
          Value g = mul(a[0], scale);
          if (weightDecay > 0)
            g = add(g, mul(c(weightDecay), weight));
          // EWC: + ewc F (w - w*).
          if (ewc > 0)
            g = add(g, mul(c(ewc),
                           mul(args[1], arith::SubFOp::create(nb, nl, weight,
                                                              args[2]))));
          if (optimizer == "sgd") {
            Value dir = g;
            if (momentum > 0)
              dir = add(mul(c(momentum), a[2]), g);
            y.push_back(arith::SubFOp::create(nb, nl, weight, mul(c(lr), dir)));
            if (momentum > 0)
              y.push_back(dir);
            return;
          }
          // Adam, as torch.optim.Adam computes it.
          Value m = add(mul(c(beta1), a[2]), mul(c(1.0 - beta1), g));
          Value v = add(mul(c(beta2), a[3]), mul(c(1.0 - beta2), mul(g, g)));
          Value denom = add(arith::DivFOp::create(
                                nb, nl, math::SqrtOp::create(nb, nl, v), bc2),
                            c(eps));
          Value stepSize = arith::DivFOp::create(nb, nl, c(lr), bc1);
          Value update = mul(stepSize, arith::DivFOp::create(nb, nl, m, denom));
          y.push_back(arith::SubFOp::create(nb, nl, weight, update));
          y.push_back(m);
          y.push_back(v);
        });
  }
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

LogicalResult TrainGenerator::run() {
  if (failed(readSpec()) || failed(analyse()))
    return failure();
  readStages();
  if (failed(planBuffers()))
    return failure();
  Location loc = step.getLoc();
  {
    func::FuncOp fn = declare("_train_step");
    OpBuilder b = OpBuilder::atBlockBegin(&fn.getBody().front());
    for (const std::string &w : trainable)
      fill(b, loc, adj(w), 0.0);
    if (failed(emitForward(b, loc, /*tape=*/true)) ||
        failed(emitBackward(b, loc)))
      return failure();
    emitOptimizer(b, loc);
    func::ReturnOp::create(b, loc);
  }
  {
    func::FuncOp fn = declare("_forward");
    OpBuilder b = OpBuilder::atBlockBegin(&fn.getBody().front());
    if (failed(emitForward(b, loc, /*tape=*/false)))
      return failure();
    func::ReturnOp::create(b, loc);
  }
  emitInitAndReset();
  step.erase();
  return success();
}

namespace {

struct GenerateAdjoint
    : mlir::snn::impl::SNNGenerateAdjointBase<GenerateAdjoint> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> steps;
    for (auto fn : module.getOps<func::FuncOp>())
      if (fn->hasAttr(kTrainAttr))
        steps.push_back(fn);
    for (func::FuncOp step : steps)
      if (failed(TrainGenerator(module, step).run()))
        return signalPassFailure();
  }
};

} // namespace
