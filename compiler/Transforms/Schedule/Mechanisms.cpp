//===- Mechanisms.cpp - population-level mechanisms -----------------------===//
//
// What acts on a whole population rather than per neuron or per synapse
// (DESIGN.md §2.2, "population-level"; fusion barriers on purpose):
// snn.spike_filter (winner-take-all between threshold and reset, called
// from emitNeuron), and after the step's plasticity snn.homeostasis
// (adaptive thresholds towards a target rate), snn.synaptic_scaling (the
// population's inputs scaled towards a target mean rate) and
// snn.structural_plasticity (prune and regrow a projection's synapses).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Schedule/Random.h"
#include "compiler/Transforms/Schedule/Scheduler.h"
#include "compiler/Transforms/SpikeValues.h"
#include "dialects/snn/IR/SNNModels.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::sched;

void Scheduler::planMechanisms() {
  Type i8 = IntegerType::get(net.getContext(), 8);
  // A spike filter's winners of the step, 0 or 1 per neuron.
  for (auto filter : net.getBodyBlock().getOps<SpikeFilterOp>()) {
    auto pop = cast<PopulationOp>(
        SymbolTable::lookupSymbolIn(net, filter.getTargetAttr().getAttr()));
    addBuffer((filter.getSymName() + ".winner").str(), "scratch",
              {batch, pop.getNumNeurons()}, nullptr, false, i8);
  }
  // A scaling's rate estimate: learned (kept by a reset of the state),
  // -1 until the first step sets it.
  for (auto scaling : net.getBodyBlock().getOps<SynapticScalingOp>()) {
    addBuffer((scaling.getSymName() + ".rate").str(), "weight", {batch},
              FloatAttr::get(Float32Type::get(net.getContext()), -1.0));
    buffers.back().persistent = true;
  }
}

/// Marks, per batch entry, the k neurons that crossed their threshold with
/// the highest `by` (lowest index first among equals) in `<filter>.winner`:
/// k passes over the population, each taking the best neuron not yet
/// taken.
void Scheduler::emitSpikeFilterWinners(OpBuilder &b, SpikeFilterOp filter,
                                       const Part &p,
                                       const std::string &spikeBuf) {
  Location loc = filter.getLoc();
  Value spikes = buf(spikeBuf);
  Value winners = buf((filter.getSymName() + ".winner").str());
  Value by = buf(p.names.lookup(filter.getBy()).buffer);
  int64_t n = p.size;
  Type i8 = b.getI8Type();
  Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
  Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
  Value cN = arith::ConstantIndexOp::create(b, loc, n);
  Value cB = arith::ConstantIndexOp::create(b, loc, batch);
  Value cK = arith::ConstantIndexOp::create(b, loc, filter.getK());
  Value zero8 = arith::ConstantOp::create(b, loc, b.getIntegerAttr(i8, 0));
  Value one8 = arith::ConstantOp::create(b, loc, b.getIntegerAttr(i8, 1));
  Value lowest = constF32(b, loc, -std::numeric_limits<float>::infinity());
  Value none = arith::ConstantIndexOp::create(b, loc, -1);
  linalg::FillOp::create(b, loc, ValueRange{zero8}, ValueRange{winners});
  // With a radius: the candidates within `radius` of a winner (any
  // channel) are marked 2, out of the running (2 & spike is 0 when the
  // winners are applied).
  std::optional<int64_t> radius = filter.getRadius();
  auto silenceAround = [&](OpBuilder &ob, Value e, Value idx) {
    auto pop = cast<PopulationOp>(
        SymbolTable::lookupSymbolIn(net, filter.getTargetAttr().getAttr()));
    ArrayRef<int64_t> shape = pop.getShape();
    Value cH = arith::ConstantIndexOp::create(ob, loc, shape[1]);
    Value cW = arith::ConstantIndexOp::create(ob, loc, shape[2]);
    Value cR = arith::ConstantIndexOp::create(ob, loc, *radius);
    Value two8 = arith::ConstantOp::create(ob, loc, ob.getIntegerAttr(i8, 2));
    auto yx = [&](OpBuilder &xb, Value i) -> std::pair<Value, Value> {
      Value pos = arith::RemUIOp::create(
          xb, loc, i, arith::MulIOp::create(xb, loc, cH, cW));
      return {arith::DivUIOp::create(xb, loc, pos, cW),
              arith::RemUIOp::create(xb, loc, pos, cW)};
    };
    auto [wy, wx] = yx(ob, idx);
    Value winY = wy, winX = wx;
    scf::ForOp::create(
        ob, loc, c0, cN, c1, ValueRange{},
        [&](OpBuilder &ib, Location, Value i, ValueRange) {
          auto [y, x] = yx(ib, i);
          auto far = [&](Value a, Value b2) {
            Value d = arith::SubIOp::create(
                ib, loc, arith::MaxUIOp::create(ib, loc, a, b2),
                arith::MinUIOp::create(ib, loc, a, b2));
            return arith::CmpIOp::create(ib, loc, arith::CmpIPredicate::ugt, d,
                                         cR);
          };
          Value near = arith::XOrIOp::create(
              ib, loc, arith::OrIOp::create(ib, loc, far(y, winY), far(x, winX)),
              arith::ConstantOp::create(ib, loc, ib.getBoolAttr(true)));
          Value cur = memref::LoadOp::create(ib, loc, winners, ValueRange{e, i});
          memref::StoreOp::create(ib, loc,
                                  arith::SelectOp::create(ib, loc, near, two8, cur),
                                  winners, ValueRange{e, i});
          scf::YieldOp::create(ib, loc);
        });
  };
  scf::ForOp::create(
      b, loc, c0, cB, c1, ValueRange{},
      [&](OpBuilder &eb, Location, Value e, ValueRange) {
        scf::ForOp::create(
            eb, loc, c0, cK, c1, ValueRange{},
            [&](OpBuilder &rb, Location, Value, ValueRange) {
              auto pass = scf::ForOp::create(
                  rb, loc, c0, cN, c1, ValueRange{lowest, none},
                  [&](OpBuilder &ib, Location, Value i, ValueRange best) {
                    Value fired = isNonZero(
                        ib, loc,
                        memref::LoadOp::create(ib, loc, spikes, ValueRange{e, i}));
                    Value taken = isNonZero(
                        ib, loc,
                        memref::LoadOp::create(ib, loc, winners, ValueRange{e, i}));
                    Value x = memref::LoadOp::create(ib, loc, by, ValueRange{e, i});
                    Value higher = arith::CmpFOp::create(
                        ib, loc, arith::CmpFPredicate::OGT, x, best[0]);
                    Value free = arith::XOrIOp::create(
                        ib, loc, taken,
                        arith::ConstantOp::create(ib, loc, ib.getBoolAttr(true)));
                    Value better = arith::AndIOp::create(
                        ib, loc, arith::AndIOp::create(ib, loc, fired, free),
                        higher);
                    scf::YieldOp::create(
                        ib, loc,
                        ValueRange{
                            arith::SelectOp::create(ib, loc, better, x, best[0]),
                            arith::SelectOp::create(ib, loc, better, i, best[1])});
                  });
              Value idx = pass.getResult(1);
              Value found = arith::CmpIOp::create(
                  rb, loc, arith::CmpIPredicate::ne, idx, none);
              scf::IfOp::create(rb, loc, found, [&](OpBuilder &tb, Location) {
                if (radius)
                  silenceAround(tb, e, idx);
                memref::StoreOp::create(tb, loc, one8, winners,
                                        ValueRange{e, idx});
                scf::YieldOp::create(tb, loc);
              });
              scf::YieldOp::create(rb, loc);
            });
        scf::YieldOp::create(eb, loc);
      });
}

/// Keeps the spikes of the winners only.
void Scheduler::emitSpikeFilterApply(OpBuilder &b, SpikeFilterOp filter,
                                     const std::string &spikeBuf) {
  Location loc = filter.getLoc();
  Value spikes = buf(spikeBuf);
  Value winners = buf((filter.getSymName() + ".winner").str());
  MLIRContext *ctx = b.getContext();
  AffineMap id = AffineMap::getMultiDimIdentityMap(2, ctx);
  linalg::GenericOp::create(
      b, loc, ValueRange{winners}, ValueRange{spikes},
      ArrayRef<AffineMap>{id, id},
      ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                    utils::IteratorType::parallel},
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(nb, nl,
                                ValueRange{arith::AndIOp::create(
                                    nb, nl, args[0], args[1])});
      });
}

/// snn.homeostasis: x += rate (spike - target_rate dt / 1000), clamped.
LogicalResult Scheduler::emitHomeostasis(OpBuilder &b, HomeostasisOp h) {
  Location loc = h.getLoc();
  StringRef pop = h.getTarget();
  const Part &p = parts[pop];
  std::string var = p.names.lookup(h.getVariable()).buffer;
  float rate = h.getRate().convertToFloat();
  float expected = h.getTargetRate().convertToFloat() * dt / 1000.0f;
  return kernel(
      b, loc, 0, {{"s", (pop + ".spike").str()}}, {{"x", var}},
      [&](OpBuilder &nb, Location nl, llvm::StringMap<Value> &e,
          SmallVectorImpl<Value> &yields) {
        Value miss = arith::SubFOp::create(nb, nl, asF32(nb, nl, e["s"]),
                                           constF32(nb, nl, expected));
        Value x = arith::AddFOp::create(
            nb, nl, e["x"],
            arith::MulFOp::create(nb, nl, constF32(nb, nl, rate), miss));
        if (FloatAttr lo = h.getMinAttr())
          x = arith::MaximumFOp::create(
              nb, nl, x, constF32(nb, nl, lo.getValueAsDouble()));
        if (FloatAttr hi = h.getMaxAttr())
          x = arith::MinimumFOp::create(
              nb, nl, x, constF32(nb, nl, hi.getValueAsDouble()));
        yields.push_back(x);
        return success();
      });
}

/// snn.synaptic_scaling: the rate estimate from this step's spikes, then
/// every weight into the population times the clamped target / estimate.
void Scheduler::emitSynapticScaling(OpBuilder &b, SynapticScalingOp scaling) {
  Location loc = scaling.getLoc();
  StringRef pop = scaling.getTarget();
  int64_t n = parts[pop].size;
  Value spikes = buf((pop + ".spike").str());
  Value rateBuf = buf((scaling.getSymName() + ".rate").str());
  Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
  Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
  Value zero = constF32(b, loc, 0.0f);
  auto count = scf::ForOp::create(
      b, loc, c0, arith::ConstantIndexOp::create(b, loc, n), c1,
      ValueRange{zero}, [&](OpBuilder &ib, Location, Value i, ValueRange acc) {
        Value s = asF32(ib, loc,
                        memref::LoadOp::create(ib, loc, spikes, ValueRange{c0, i}));
        scf::YieldOp::create(ib, loc,
                             ValueRange{arith::AddFOp::create(ib, loc, acc[0], s)});
      });
  // Hz: spikes per neuron this step, per dt ms.
  Value now = arith::MulFOp::create(b, loc, count.getResult(0),
                                    constF32(b, loc, 1000.0f / (dt * n)));
  Value old = memref::LoadOp::create(b, loc, rateBuf, ValueRange{c0});
  Value unset = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, old, zero);
  Value alpha = constF32(b, loc, dt / scaling.getTau().convertToFloat());
  Value moved = arith::AddFOp::create(
      b, loc, old,
      arith::MulFOp::create(b, loc, alpha, arith::SubFOp::create(b, loc, now, old)));
  Value rate = arith::SelectOp::create(b, loc, unset, now, moved);
  memref::StoreOp::create(b, loc, rate, rateBuf, ValueRange{c0});
  Value active = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, rate, zero);
  scf::IfOp::create(b, loc, active, [&](OpBuilder &tb, Location) {
    Value ratio = arith::DivFOp::create(
        tb, loc, constF32(tb, loc, scaling.getTargetRate().convertToFloat()),
        rate);
    Value scale = arith::MinimumFOp::create(
        tb, loc,
        arith::MaximumFOp::create(tb, loc, ratio,
                                  constF32(tb, loc, scaling.getMin().convertToFloat())),
        constF32(tb, loc, scaling.getMax().convertToFloat()));
    for (auto proj : net.getBodyBlock().getOps<ProjectionOp>()) {
      std::string w = (proj.getSymName() + ".w").str();
      auto it = bufferIndex.find(w);
      if (proj.getTarget() != pop || it == bufferIndex.end() ||
          buffers[it->second].role != "weight")
        continue;
      Value wf = flat(tb, loc, buf(w));
      int64_t size = cast<MemRefType>(wf.getType()).getNumElements();
      scf::ForOp::create(
          tb, loc, c0, arith::ConstantIndexOp::create(tb, loc, size), c1,
          ValueRange{}, [&](OpBuilder &kb, Location, Value k, ValueRange) {
            Value wk = memref::LoadOp::create(kb, loc, wf, ValueRange{k});
            memref::StoreOp::create(kb, loc, arith::MulFOp::create(kb, loc, wk, scale),
                                    wf, ValueRange{k});
            scf::YieldOp::create(kb, loc);
          });
    }
    scf::YieldOp::create(tb, loc);
  });
}

/// snn.structural_plasticity, every `every` steps: prune the weights below
/// the threshold, then regrow n of the zero weights, chosen by selection
/// sampling (each zero weight, in order, is taken with probability
/// needed / zeros left: n of them uniformly without replacement), the test
/// done on integers (u24 * left < needed * 2^24) so that it is exact. The
/// whole projection is one capacity, or with `per_row` each source
/// neuron's row (the CSR rows, or the dense matrix's).
void Scheduler::emitStructural(OpBuilder &b, StructuralPlasticityOp sp) {
  Location loc = sp.getLoc();
  Value w = flat(b, loc, buf((sp.getTarget() + ".w").str()));
  int64_t capacity = cast<MemRefType>(w.getType()).getNumElements();
  Type i64 = b.getI64Type();
  Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
  Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
  Value zero = constF32(b, loc, 0.0f);
  auto i64c = [&](OpBuilder &ob, int64_t v) {
    return arith::ConstantOp::create(ob, loc, ob.getI64IntegerAttr(v)).getResult();
  };
  float rate = sp.getGrowthRate().convertToFloat();
  Value threshold = constF32(b, loc, sp.getPruneThreshold().convertToFloat());
  Value lo = constF32(b, loc, sp.getGrowMin().convertToFloat());
  Value span = constF32(b, loc, sp.getGrowMax().convertToFloat() -
                                    sp.getGrowMin().convertToFloat());
  uint32_t select = streamId((sp.getSymName() + "/select").str());
  uint32_t value = streamId((sp.getSymName() + "/value").str());
  Value every = i64c(b, sp.getEvery());
  Value step = arith::IndexCastOp::create(b, loc, i64, stepIndex);
  Value due = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq,
      arith::RemUIOp::create(b, loc, step, every), i64c(b, 0));
  // A loop over the weights [begin, end) that yields one i64 count.
  auto count = [&](OpBuilder &ob, Value begin, Value end,
                   function_ref<Value(OpBuilder &, Value k)> body) {
    return scf::ForOp::create(
               ob, loc, begin, end, c1, ValueRange{i64c(ob, 0)},
               [&](OpBuilder &kb, Location, Value k, ValueRange acc) {
                 Value add = arith::ExtUIOp::create(kb, loc, i64, body(kb, k));
                 scf::YieldOp::create(
                     kb, loc, ValueRange{arith::AddIOp::create(kb, loc, acc[0], add)});
               })
        .getResult(0);
  };
  // Prunes and regrows the weights [begin, end), one capacity whose regrowth
  // quota is `quota` (i64).
  auto rewire = [&](OpBuilder &tb, Value begin, Value end, Value quota,
                    std::array<Value, 2> key) {
    Value pruned = count(tb, begin, end, [&](OpBuilder &kb, Value k) {
      Value wk = memref::LoadOp::create(kb, loc, w, ValueRange{k});
      Value weak = arith::CmpFOp::create(kb, loc, arith::CmpFPredicate::OLT,
                                         math::AbsFOp::create(kb, loc, wk),
                                         threshold);
      memref::StoreOp::create(kb, loc, arith::SelectOp::create(kb, loc, weak, zero, wk),
                              w, ValueRange{k});
      return weak;
    });
    Value needed = arith::MinSIOp::create(tb, loc, pruned, quota);
    // The zero weights are exactly the pruned ones (|0| < threshold), unless
    // the threshold is 0: count them.
    Value zeros = count(tb, begin, end, [&](OpBuilder &kb, Value k) {
      Value wk = memref::LoadOp::create(kb, loc, w, ValueRange{k});
      return arith::CmpFOp::create(kb, loc, arith::CmpFPredicate::OEQ, wk, zero)
          .getResult();
    });
    scf::ForOp::create(
        tb, loc, begin, end, c1, ValueRange{needed, zeros},
        [&](OpBuilder &kb, Location, Value k, ValueRange acc) {
          Value need = acc[0], left = acc[1];
          Value wk = memref::LoadOp::create(kb, loc, w, ValueRange{k});
          Value isZero = arith::CmpFOp::create(kb, loc, arith::CmpFPredicate::OEQ,
                                               wk, zero);
          Value k32 = arith::IndexCastOp::create(kb, loc, kb.getI32Type(), k);
          std::array<Value, 4> draw =
              emitDraw(kb, loc, key, k32, stepI32, select, RandomDomain::Run);
          Value u24 = arith::ExtUIOp::create(
              kb, loc, i64,
              arith::ShRUIOp::create(
                  kb, loc, draw[0],
                  arith::ConstantOp::create(kb, loc, kb.getI32IntegerAttr(8))));
          Value lhs = arith::MulIOp::create(kb, loc, u24, left);
          Value rhs = arith::ShLIOp::create(kb, loc, need, i64c(kb, 24));
          Value take = arith::AndIOp::create(
              kb, loc, isZero,
              arith::CmpIOp::create(kb, loc, arith::CmpIPredicate::slt, lhs, rhs));
          std::array<Value, 4> vdraw =
              emitDraw(kb, loc, key, k32, stepI32, value, RandomDomain::Run);
          Value grown = arith::AddFOp::create(
              kb, loc, lo,
              arith::MulFOp::create(kb, loc, span, emitUniform(kb, loc, vdraw[0])));
          memref::StoreOp::create(kb, loc,
                                  arith::SelectOp::create(kb, loc, take, grown, wk),
                                  w, ValueRange{k});
          Value newNeed = arith::SubIOp::create(
              kb, loc, need, arith::ExtUIOp::create(kb, loc, i64, take));
          Value newLeft = arith::SubIOp::create(
              kb, loc, left, arith::ExtUIOp::create(kb, loc, i64, isZero));
          scf::YieldOp::create(kb, loc, ValueRange{newNeed, newLeft});
        });
  };
  scf::IfOp::create(b, loc, due, [&](OpBuilder &tb, Location) {
    Value seed = memref::LoadOp::create(tb, loc, buf("seed"), ValueRange{c0});
    std::array<Value, 2> key = emitSeedKey(tb, loc, seed);
    if (!sp.getPerRow()) {
      // min(pruned, max(1, floor(growth_rate * capacity))), in f32.
      int64_t quota = std::max<int64_t>(
          1, static_cast<int64_t>(rate * static_cast<float>(capacity)));
      rewire(tb, c0, arith::ConstantIndexOp::create(tb, loc, capacity),
             i64c(tb, quota), key);
      scf::YieldOp::create(tb, loc);
      return;
    }
    // The rows: the CSR's, or those of the row-major dense weights.
    auto proj = cast<ProjectionOp>(
        SymbolTable::lookupSymbolIn(net, sp.getTargetAttr().getAttr()));
    auto src = cast<PopulationOp>(
        SymbolTable::lookupSymbolIn(net, proj.getSourceAttr().getAttr()));
    std::vector<int32_t> rowptr;
    auto rows = sparse.find(proj.getSymName().str());
    if (rows != sparse.end()) {
      rowptr = rows->second.indptr;
    } else {
      int64_t n = src.getNumNeurons(), len = capacity / n;
      for (int64_t i = 0; i <= n; ++i)
        rowptr.push_back(static_cast<int32_t>(i * len));
    }
    Value ptr = constI32Array(
        tb, loc,
        ("snn.structural." + net.getSymName() + "." + sp.getSymName() + ".rows")
            .str(),
        rowptr);
    Value rateV = constF32(tb, loc, rate);
    auto at = [&](OpBuilder &ob, Value i) -> Value {
      return arith::IndexCastOp::create(
          ob, loc, ob.getIndexType(), memref::LoadOp::create(ob, loc, ptr, ValueRange{i}));
    };
    scf::ForOp::create(
        tb, loc, c0,
        arith::ConstantIndexOp::create(tb, loc, static_cast<int64_t>(rowptr.size()) - 1),
        c1, ValueRange{}, [&](OpBuilder &rb, Location, Value i, ValueRange) {
          Value begin = at(rb, i);
          Value end = at(rb, arith::AddIOp::create(rb, loc, i, c1));
          Value len = arith::SIToFPOp::create(
              rb, loc, rb.getF32Type(),
              arith::IndexCastOp::create(rb, loc, i64,
                                         arith::SubIOp::create(rb, loc, end, begin)));
          Value quota = arith::MaxSIOp::create(
              rb, loc, i64c(rb, 1),
              arith::FPToSIOp::create(rb, loc, i64,
                                      arith::MulFOp::create(rb, loc, rateV, len)));
          rewire(rb, begin, end, quota, key);
          scf::YieldOp::create(rb, loc);
        });
    scf::YieldOp::create(tb, loc);
  });
}
