//===- ForwardAndLoss.cpp - the forward time loops and the loss -----------===//
//
// The forward pass of `@<net>_train_step` and `@<net>_forward`: one time
// loop per stage (one without --snn-hoist-time), the hoisted products
// between them, what the loss keeps of every step; then the loss and its
// gradient with respect to the logits, and its per-step adjoint for the
// backward loop (docs/training.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Adjoint/TrainGenerator.h"
#include "compiler/Transforms/SpikeValues.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::adjoint;

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
