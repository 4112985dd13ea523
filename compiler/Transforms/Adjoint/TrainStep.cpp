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
// and adds the buffers they need (tape, versions, adjoints, gradients,
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

static Value cF32(OpBuilder &b, Location loc, double v) {
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

static void elementwise(OpBuilder &b, Location loc, ValueRange ins,
                        ValueRange outs,
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

/// `lhs (op) rhs` on indices as an i1.
static Value cmpIndex(OpBuilder &b, Location loc, arith::CmpIPredicate p,
                      Value lhs, Value rhs) {
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
// Forward and loss
//===----------------------------------------------------------------------===//

LogicalResult TrainGenerator::emitForward(OpBuilder &b, Location loc,
                                          bool tape) {
  if (loss == "ce_count" || loss == "mse_rate")
    fill(b, loc, buf("train.logits"), 0.0);
  if (loss == "mse_trace")
    fill(b, loc, buf("train.sqerr"), 0.0);
  // One time loop per stage (one without --snn-hoist-time); the hoisted
  // products between them.
  for (int stage = 0; stage < numStages; ++stage) {
    auto loop = scf::ForOp::create(b, loc, cIndex(b, loc, 0),
                                   cIndex(b, loc, steps), cIndex(b, loc, 1));
    OpBuilder lb = OpBuilder::atBlockBegin(loop.getBody());
    emitStageStep(lb, loc, loop.getInductionVar(), stage, tape);
    b.setInsertionPointAfter(loop);
    emitHoistedProducts(b, loc, stage);
  }
  if (loss == "ce_final")
    copy(b, loc, buf(readout), buf("train.logits"));
  emitLoss(b, loc);
  return success();
}

void TrainGenerator::emitStageStep(OpBuilder &lb, Location loc, Value t,
                                   int stage, bool tape) {
  bool all = numStages == 1;
  auto mine = [&](StringRef x) { return all || ownerStage.lookup(x) == stage; };
  for (const std::string &x : sequence)
    copy(lb, loc, slot(lb, loc, buf(x + ".seq"), t), buf(x));
  SmallVector<std::string> carried;
  for (auto &e : liveIn)
    if (mine(e.getKey()))
      carried.push_back(e.getKey().str());
  llvm::sort(carried);
  if (tape && !carried.empty()) {
    // The state at the start of every checkpointed step.
    auto keep = [&](OpBuilder &kb, Value index) {
      for (const std::string &x : carried)
        copy(kb, loc, buf(x), slot(kb, loc, buf("train.tape." + x), index));
    };
    if (checkpoint == 1) {
      keep(lb, t);
    } else {
      Value k = cIndex(lb, loc, checkpoint);
      Value due = cmpIndex(lb, loc, arith::CmpIPredicate::eq,
                           arith::RemUIOp::create(lb, loc, t, k),
                           cIndex(lb, loc, 0));
      auto ifOp = scf::IfOp::create(lb, loc, due, false);
      OpBuilder tb = OpBuilder::atBlockBegin(ifOp.thenBlock());
      keep(tb, arith::DivUIOp::create(tb, loc, t, k));
    }
  }
  auto record = [&](StringRef version, StringRef x) {
    copy(lb, loc, buf(x), slot(lb, loc, buf(historyOf(version)), t));
  };
  // What later stages read of the state this step starts from.
  SmallVector<std::string> startVersions;
  for (auto &v : recorded)
    if (v.getKey().starts_with("train.in.") &&
        mine(versionOf.lookup(v.getKey())) &&
        // (kept on the tape just now)
        !(tape && StringRef(historyOf(v.getKey())).starts_with("train.tape.")))
      startVersions.push_back(v.getKey().str());
  llvm::sort(startVersions);
  for (const std::string &v : startVersions)
    record(v, versionOf.lookup(v));

  Block &body = step.getBody().front();
  llvm::StringMap<BlockArgument> argOf;
  IRMapping m;
  for (BlockArgument arg : body.getArguments()) {
    argOf[nameOf(arg)] = arg;
    m.map(arg, buf(nameOf(arg)));
  }
  for (auto [i, s] : llvm::enumerate(ops)) {
    if (s.kernel ? !all && stageOf[i] != stage : !usedInStage(i, stage))
      continue;
    // What an earlier stage wrote: this step's value from its record.
    std::string source = isHoisted(s) ? hoistedSource(s) : "";
    SmallVector<BlockArgument> redirected;
    for (auto &r : s.reads) {
      auto owner = ownerStage.find(r.getKey());
      if (all || r.getKey() == source || owner == ownerStage.end() ||
          owner->second >= stage)
        continue;
      BlockArgument arg = argOf.lookup(r.getKey());
      m.map(arg, slot(lb, loc, buf(historyOf(r.second)), t));
      redirected.push_back(arg);
    }
    if (isHoisted(s)) {
      // The delivery, computed for every step after an earlier loop.
      std::string c = s.writes.begin()->getKey().str();
      elementwise(lb, loc,
                  {slot(lb, loc, buf("train.product." + s.writes.lookup(c)), t)},
                  {buf(c)},
                  [](OpBuilder &nb, Location nl, ValueRange a,
                     SmallVectorImpl<Value> &y) {
                    y.push_back(arith::AddFOp::create(nb, nl, a[1], a[0]));
                  });
    } else {
      // Dense products (--snn-lower-products) skip the inputs that did not
      // spike themselves; the event lists --snn-event-driven would build
      // for the deliveries and spike counters are not kept in training.
      stripEventMarks(lb.clone(*s.op, m));
    }
    for (BlockArgument arg : redirected)
      m.map(arg, buf(nameOf(arg)));
    if (tape && savesProduct(s))
      for (auto &w : s.writes)
        copy(lb, loc, buf(w.getKey()),
             slot(lb, loc, buf("train.save." + w.second), t));
    for (auto &w : s.writes)
      if (recorded.contains(w.second))
        record(w.second, w.getKey());
  }
  if (mine(readout))
    emitLossStep(lb, loc, t);
}

/// What the loss reads, after step `t`.
void TrainGenerator::emitLossStep(OpBuilder &lb, Location loc, Value t) {
  Value r = buf(readout), logits = buf("train.logits");
  if (loss == "ce_count" || loss == "mse_rate") {
    elementwise(lb, loc, {r}, {logits},
                [](OpBuilder &nb, Location nl, ValueRange a,
                   SmallVectorImpl<Value> &y) {
                  y.push_back(arith::AddFOp::create(nb, nl, a[1],
                                                    asF32(nb, nl, a[0])));
                });
  } else if (loss == "ce_max") {
    Value t64 = arith::IndexCastOp::create(lb, loc, lb.getI64Type(), t);
    Value first = cmpIndex(lb, loc, arith::CmpIPredicate::eq, t,
                           cIndex(lb, loc, 0));
    elementwise(lb, loc, {r}, {logits, buf("train.argmax")},
                [&](OpBuilder &nb, Location nl, ValueRange a,
                    SmallVectorImpl<Value> &y) {
                  Value above = arith::CmpFOp::create(
                      nb, nl, arith::CmpFPredicate::OGT, a[0], a[1]);
                  Value take = arith::OrIOp::create(nb, nl, first, above);
                  y.push_back(arith::SelectOp::create(nb, nl, take, a[0], a[1]));
                  y.push_back(arith::SelectOp::create(nb, nl, take, t64, a[2]));
                });
  } else if (loss == "mse_trace") {
    Value target = slot(lb, loc, buf("train.target"), t);
    elementwise(lb, loc, {r, target}, {buf("train.sqerr")},
                [](OpBuilder &nb, Location nl, ValueRange a,
                   SmallVectorImpl<Value> &y) {
                  Value d = arith::SubFOp::create(nb, nl, a[0], a[1]);
                  y.push_back(arith::AddFOp::create(
                      nb, nl, a[2], arith::MulFOp::create(nb, nl, d, d)));
                });
  }
}

/// The loss, mean over the batch, and its gradient with respect to the
/// logits (or rates) in `train.dlogits`.
void TrainGenerator::emitLoss(OpBuilder &b, Location loc) {
  Value logits = buf("train.logits"), dlogits = buf("train.dlogits");
  Value c0 = cIndex(b, loc, 0), c1 = cIndex(b, loc, 1);
  Value cB = cIndex(b, loc, batch), cN = cIndex(b, loc, readoutSize);
  Value zero = cF32(b, loc, 0.0);
  auto store = [&](Value v, StringRef name) {
    memref::StoreOp::create(b, loc, v, buf(name), ValueRange{c0});
  };
  if (StringRef(loss).starts_with("ce_")) {
    float invB = 1.0f / static_cast<float>(batch);
    auto outer = scf::ForOp::create(
        b, loc, c0, cB, c1, ValueRange{zero, zero},
        [&](OpBuilder &ob, Location ol, Value e, ValueRange acc) {
          auto at = [&](OpBuilder &x, Value n) -> Value {
            return memref::LoadOp::create(x, ol, logits, ValueRange{e, n});
          };
          // The largest logit (the prediction: the first of equals).
          Value ninf = cF32(ob, ol, -std::numeric_limits<float>::infinity());
          auto mx = scf::ForOp::create(
              ob, ol, c0, cN, c1, ValueRange{ninf, c0},
              [&](OpBuilder &ib, Location il, Value n, ValueRange a) {
                Value v = at(ib, n);
                Value gt = arith::CmpFOp::create(ib, il, arith::CmpFPredicate::OGT,
                                                 v, a[0]);
                scf::YieldOp::create(
                    ib, il,
                    ValueRange{arith::SelectOp::create(ib, il, gt, v, a[0]),
                               arith::SelectOp::create(ib, il, gt, n, a[1])});
              });
          Value max = mx.getResult(0), argmax = mx.getResult(1);
          auto sum = scf::ForOp::create(
              ob, ol, c0, cN, c1, ValueRange{cF32(ob, ol, 0.0)},
              [&](OpBuilder &ib, Location il, Value n, ValueRange a) {
                Value ex = math::ExpOp::create(
                    ib, il, arith::SubFOp::create(ib, il, at(ib, n), max));
                scf::YieldOp::create(
                    ib, il, ValueRange{arith::AddFOp::create(ib, il, a[0], ex)});
              });
          Value s = sum.getResult(0);
          Value lse = arith::AddFOp::create(ob, ol, max,
                                            math::LogOp::create(ob, ol, s));
          // The label, kept inside [0, N) (the runtime checks it).
          Value label64 =
              memref::LoadOp::create(ob, ol, buf("train.label"), ValueRange{e});
          Value label = arith::IndexCastOp::create(ob, ol, ob.getIndexType(),
                                                   label64);
          label = arith::MaxSIOp::create(ob, ol, label, c0);
          label = arith::MinSIOp::create(
              ob, ol, label, arith::SubIOp::create(ob, ol, cN, c1));
          scf::ForOp::create(
              ob, ol, c0, cN, c1, ValueRange{},
              [&](OpBuilder &ib, Location il, Value n, ValueRange) {
                Value p = arith::DivFOp::create(
                    ib, il,
                    math::ExpOp::create(
                        ib, il, arith::SubFOp::create(ib, il, at(ib, n), max)),
                    s);
                Value hit = cmpIndex(ib, il, arith::CmpIPredicate::eq, n, label);
                Value y = arith::SelectOp::create(ib, il, hit, cF32(ib, il, 1.0),
                                                  cF32(ib, il, 0.0));
                Value d = arith::MulFOp::create(
                    ib, il, arith::SubFOp::create(ib, il, p, y),
                    cF32(ib, il, invB));
                memref::StoreOp::create(ib, il, d, dlogits, ValueRange{e, n});
                scf::YieldOp::create(ib, il);
              });
          Value l = arith::SubFOp::create(ob, ol, lse, at(ob, label));
          Value right = arith::SelectOp::create(
              ob, ol, cmpIndex(ob, ol, arith::CmpIPredicate::eq, argmax, label),
              cF32(ob, ol, 1.0), cF32(ob, ol, 0.0));
          scf::YieldOp::create(
              ob, ol,
              ValueRange{arith::AddFOp::create(ob, ol, acc[0], l),
                         arith::AddFOp::create(ob, ol, acc[1], right)});
        });
    store(arith::MulFOp::create(b, loc, outer.getResult(0), cF32(b, loc, invB)),
          "train.loss");
    store(outer.getResult(1), "train.correct");
    return;
  }
  double n = static_cast<double>(batch) * static_cast<double>(readoutSize);
  // The sum over entries e and neurons j of term(e, j).
  auto sumOver = [&](function_ref<Value(OpBuilder &, Location, Value, Value)>
                         term) -> Value {
    auto outer = scf::ForOp::create(
        b, loc, c0, cB, c1, ValueRange{zero},
        [&](OpBuilder &ob, Location ol, Value e, ValueRange acc) {
          auto inner = scf::ForOp::create(
              ob, ol, c0, cN, c1, ValueRange{acc[0]},
              [&](OpBuilder &ib, Location il, Value j, ValueRange a) {
                scf::YieldOp::create(
                    ib, il,
                    ValueRange{arith::AddFOp::create(ib, il, a[0],
                                                     term(ib, il, e, j))});
              });
          scf::YieldOp::create(ob, ol, inner.getResults());
        });
    return outer.getResult(0);
  };
  if (loss == "mse_rate") {
    // rate = count / T; loss = mean (rate - target)^2
    double T = static_cast<double>(steps);
    Value sum = sumOver([&](OpBuilder &ib, Location il, Value e, Value j) {
      Value count = memref::LoadOp::create(ib, il, logits, ValueRange{e, j});
      Value target =
          memref::LoadOp::create(ib, il, buf("train.target"), ValueRange{e, j});
      Value d = arith::SubFOp::create(
          ib, il, arith::MulFOp::create(ib, il, count, cF32(ib, il, 1.0 / T)),
          target);
      memref::StoreOp::create(
          ib, il, arith::MulFOp::create(ib, il, d, cF32(ib, il, 2.0 / (T * n))),
          dlogits, ValueRange{e, j});
      return arith::MulFOp::create(ib, il, d, d).getResult();
    });
    store(arith::MulFOp::create(b, loc, sum, cF32(b, loc, 1.0 / n)),
          "train.loss");
    return;
  }
  // mse_trace: the squared errors were summed over the steps.
  Value sum = sumOver([&](OpBuilder &ib, Location il, Value e, Value j) {
    return memref::LoadOp::create(ib, il, buf("train.sqerr"), ValueRange{e, j})
        .getResult();
  });
  store(arith::MulFOp::create(b, loc, sum, cF32(b, loc, 1.0 / (n * steps))),
        "train.loss");
}

//===----------------------------------------------------------------------===//
// Backward
//===----------------------------------------------------------------------===//

/// Adds the loss's gradient at step `t` to the adjoint of the readout's
/// value at the end of the step.
void TrainGenerator::emitLossAdjoint(OpBuilder &b, Location loc, Value t) {
  Value dR = adj(finalVersion.lookup(readout));
  Value dlogits = buf("train.dlogits");
  if (loss == "ce_count" || loss == "mse_rate") {
    addInto(b, loc, dlogits, dR);
  } else if (loss == "ce_final") {
    Value last = cmpIndex(b, loc, arith::CmpIPredicate::eq, t,
                          cIndex(b, loc, steps - 1));
    auto ifOp = scf::IfOp::create(b, loc, last, false);
    OpBuilder tb = OpBuilder::atBlockBegin(ifOp.thenBlock());
    addInto(tb, loc, dlogits, dR);
  } else if (loss == "ce_max") {
    Value t64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), t);
    elementwise(b, loc, {dlogits, buf("train.argmax")}, {dR},
                [&](OpBuilder &nb, Location nl, ValueRange a,
                    SmallVectorImpl<Value> &y) {
                  Value here = arith::CmpIOp::create(
                      nb, nl, arith::CmpIPredicate::eq, a[1], t64);
                  Value d = arith::SelectOp::create(nb, nl, here, a[0],
                                                    cF32(nb, nl, 0.0));
                  y.push_back(arith::AddFOp::create(nb, nl, a[2], d));
                });
  } else { // mse_trace
    double scale = 2.0 / (static_cast<double>(steps) * batch * readoutSize);
    Value target = slot(b, loc, buf("train.target"), t);
    elementwise(b, loc, {buf(finalVersion.lookup(readout)), target}, {dR},
                [&](OpBuilder &nb, Location nl, ValueRange a,
                    SmallVectorImpl<Value> &y) {
                  Value d = arith::SubFOp::create(nb, nl, a[0], a[1]);
                  y.push_back(arith::AddFOp::create(
                      nb, nl, a[2],
                      arith::MulFOp::create(nb, nl, d, cF32(nb, nl, scale))));
                });
  }
}

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
