//===- Delivery.cpp - what projections deliver each step -------------------===//
//
// Dense projections deliver with a matmul, one_to_one with an elementwise
// kernel, sparse and window connectivity with event-driven loops over the
// compile-time rows of the sources that fired. Delays longer than a step
// park input in a ring of pending slots (docs/schedule.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/SpikeValues.h"
#include "compiler/Transforms/Schedule/Random.h"
#include "compiler/Transforms/Schedule/Scheduler.h"
#include "dialects/snn/IR/SNNModels.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::sched;

/// Delays longer than one step park what is delivered in a ring of
/// `[max delay, batch, N_dst]` slots: what leaves at step t with delay d
/// lands in slot (t - 1 + d) mod D, and step t reads (and clears) slot
/// t mod D. Per-synapse delays are drawn at compile time like connectivity.
LogicalResult Scheduler::planDelay(ProjectionOp proj, int64_t nSrc,
                                   int64_t nDst) {
  StringRef prefix = proj.getSymName();
  Attribute delay = proj.getDelayAttr();
  if (!delay)
    return success();
  DelayPlan plan;
  if (auto d = dyn_cast<IntegerAttr>(delay)) {
    if (d.getInt() == 1)
      return success();
    plan.constant = d.getInt();
    plan.max = d.getInt();
  } else {
    // Every connectivity kind has its rows by now (planProjection).
    auto rows = sparse.find(prefix.str());
    if (rows == sparse.end())
      return fail(proj, "") << "projection @" << prefix
                            << ": per-synapse delays on "
                            << proj.getConnectivity()
                            << " connectivity are not lowered";
    size_t nnz = rows->second.indices.size();
    if (auto u = dyn_cast<UniformIntAttr>(delay)) {
      uint64_t seed = 0;
      if (auto s = net->getAttrOfType<IntegerAttr>("connect_seed"))
        seed = s.getValue().getZExtValue();
      plan.perSynapse = drawDelays(nnz, u.getLow(), u.getHigh(), seed,
                                   (prefix + "/delay").str());
    } else {
      auto data = cast<DenseIntElementsAttr>(delay);
      for (const APInt &v : data.getValues<APInt>())
        plan.perSynapse.push_back(static_cast<int32_t>(v.getSExtValue()));
    }
    plan.max = 1;
    for (int32_t d : plan.perSynapse)
      plan.max = std::max<int64_t>(plan.max, d);
  }
  if (proj.getPlasticityAttr()) {
    // A plastic projection runs on_pre when a spike arrives, so it keeps
    // the source's spikes of the last D steps (D the longest delay) instead
    // of what they deliver: slot s mod D holds the spikes of step s.
    plan.sourceRing = true;
    addBuffer((prefix + ".pre_ring").str(), "state", {plan.max, batch, nSrc},
              nullptr, false, IntegerType::get(net.getContext(), 8));
    delays[prefix.str()] = std::move(plan);
    return success();
  }
  addBuffer((prefix + ".pending").str(), "state", {plan.max, batch, nDst},
            nullptr);
  delays[prefix.str()] = std::move(plan);
  return success();
}

std::string Scheduler::sourceBuffer(ProjectionOp proj) {
  auto src = cast<PopulationOp>(
      SymbolTable::lookupSymbolIn(net, proj.getSourceAttr().getAttr()));
  // What the source emits: its spikes of the last step, or its graded value.
  if (src.getGradedAttr())
    return parts[src.getSymName()]
        .names.lookup(src.getGradedAttr().getValue())
        .buffer;
  return (src.getSymName() + ".spike").str();
}

bool Scheduler::deliversByRows(ProjectionOp proj) {
  return sparse.count(proj.getSymName().str()) ||
         isa<DenseConnectivityAttr>(proj.getConnectivity());
}

void Scheduler::planEvents(ProjectionOp proj) {
  if (!deliversByRows(proj))
    return;
  std::string out = sourceBuffer(proj);
  if (bufferIndex.count(out + ".events"))
    return;
  Type i64 = IntegerType::get(net.getContext(), 64);
  int64_t n = buffers[bufferIndex.lookup(out)].type.getShape().back();
  addBuffer(out + ".events", "scratch", {batch, n}, nullptr, false, i64);
  addBuffer(out + ".event_count", "scratch", {batch}, nullptr, false, i64);
}

LogicalResult Scheduler::emitDelivery(OpBuilder &b, ProjectionOp proj) {
  Location loc = proj.getLoc();
  StringRef prefix = proj.getSymName();
  std::string out = sourceBuffer(proj);
  std::string in = inputBuffer(prefix), w = (prefix + ".w").str();
  // Start from the bias, then accumulate what arrives.
  if (bufferIndex.count((prefix + ".b").str())) {
    // Neuron j of a [C, ...] target takes the bias of channel j / (N / C).
    Value bias = buf((prefix + ".b").str());
    int64_t nBias = cast<MemRefType>(bias.getType()).getShape()[0];
    int64_t perChannel = parts[prefix].size / nBias;
    MLIRContext *ctx = b.getContext();
    AffineMap biasMap = AffineMap::get(
        2, 0, {getAffineDimExpr(1, ctx).floorDiv(perChannel)}, ctx);
    SmallVector<utils::IteratorType> iters(2, utils::IteratorType::parallel);
    linalg::GenericOp::create(
        b, loc, ValueRange{bias}, ValueRange{buf(in)},
        {biasMap, AffineMap::getMultiDimIdentityMap(2, ctx)}, iters,
        [](OpBuilder &nb, Location nl, ValueRange a) {
          linalg::YieldOp::create(nb, nl, ValueRange{a[0]});
        });
  }
  // Without a bias, `in` is zero here: the synapse kernel that consumed it
  // last step cleared it (emitSynapse).
  // Where this step's departures go: straight into `in`, or, with delays,
  // into the ring slot they will be read from.
  auto delay = delays.find(prefix.str());
  if (delay != delays.end() && delay->second.sourceRing) {
    // A plastic projection with a delay d: this step's arrivals are the
    // spikes of step t - d (slot t mod d); the spikes of step t - 1 (the
    // source's spike buffer now) go into slot (t - 1) mod d afterwards.
    Value ring = buf((prefix + ".pre_ring").str());
    const DelayPlan &plan = delay->second;
    if (plan.perSynapse.empty()) {
      Value arriving = ringSlot(b, loc, ring, 0);
      if (failed(emitSparseDelivery(b, loc, proj, out, buf(w), buf(in),
                                    arriving)))
        return failure();
      memref::CopyOp::create(b, loc, buf(out),
                             ringSlot(b, loc, ring, plan.constant - 1));
      return success();
    }
    // Per-synapse delays: the spikes of step t - 1 go into their slot
    // first; then, for d = 1 .. D, the spikes of step t - d (slot
    // (t + D - d) mod D) arrive along the synapses of delay d.
    memref::CopyOp::create(b, loc, buf(out), ringSlot(b, loc, ring, plan.max - 1));
    Value cD = arith::ConstantIndexOp::create(b, loc, plan.max);
    LogicalResult status = success();
    scf::ForOp::create(
        b, loc, arith::ConstantIndexOp::create(b, loc, 1),
        arith::ConstantIndexOp::create(b, loc, plan.max + 1),
        arith::ConstantIndexOp::create(b, loc, 1), ValueRange{},
        [&](OpBuilder &db, Location, Value d, ValueRange) {
          Value arriving =
              ringSlot(db, loc, ring, arith::SubIOp::create(db, loc, cD, d));
          if (failed(emitSparseDelivery(db, loc, proj, out, buf(w), buf(in),
                                        arriving, d)))
            status = failure();
          scf::YieldOp::create(db, loc);
        });
    return status;
  }
  // The spikes arriving this step, kept for snn.arrived in the learning
  // regions (delay 1: the source's spikes of the last step).
  if (bufferIndex.count((prefix + ".pre_last").str()))
    memref::CopyOp::create(b, loc, buf(out), buf((prefix + ".pre_last").str()));
  Value pending = delay != delays.end() ? buf((prefix + ".pending").str())
                                        : Value();
  Value target = buf(in);
  if (pending && delay->second.perSynapse.empty())
    target = ringSlot(b, loc, pending, delay->second.constant - 1);
  if (sparse.count(prefix.str())) {
    if (failed(emitSparseDelivery(b, loc, proj, out, buf(w), target)))
      return failure();
  } else if (isa<DenseConnectivityAttr>(proj.getConnectivity()) &&
             proj.getPerEntry()) {
    // Each entry's spikes times its own matrix: [B, K] x [B, K, N].
    auto product = linalg::BatchVecmatOp::create(
        b, loc, ValueRange{buf(out), buf(w)}, ValueRange{target});
    product->setAttr(kDeliverAttr, b.getStringAttr(out));
  } else if (isa<DenseConnectivityAttr>(proj.getConnectivity())) {
    auto matmul = linalg::MatmulOp::create(
        b, loc, ValueRange{buf(out), buf(w)}, ValueRange{target});
    matmul->setAttr(kDeliverAttr, b.getStringAttr(out));
  } else {
    MLIRContext *ctx = b.getContext();
    AffineMap id = AffineMap::getMultiDimIdentityMap(2, ctx);
    AffineMap neuron = proj.getPerEntry()
                           ? id
                           : AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
    SmallVector<utils::IteratorType> iters(2, utils::IteratorType::parallel);
    linalg::GenericOp::create(
        b, loc, ValueRange{buf(out), buf(w)}, ValueRange{target},
        {id, neuron, id}, iters, [](OpBuilder &nb, Location nl, ValueRange a) {
          Value sw = arith::MulFOp::create(nb, nl, asF32(nb, nl, a[0]), a[1]);
          linalg::YieldOp::create(nb, nl,
                                  ValueRange{arith::AddFOp::create(nb, nl, a[2], sw)});
        });
  }
  if (!pending)
    return success();
  // What arrives now: slot t mod D, which is then cleared for reuse.
  Value slot = ringSlot(b, loc, pending, 0);
  MLIRContext *ctx = b.getContext();
  AffineMap id = AffineMap::getMultiDimIdentityMap(2, ctx);
  SmallVector<utils::IteratorType> iters(2, utils::IteratorType::parallel);
  linalg::GenericOp::create(
      b, loc, ValueRange{slot}, ValueRange{buf(in)}, {id, id}, iters,
      [](OpBuilder &nb, Location nl, ValueRange a) {
        linalg::YieldOp::create(
            nb, nl, ValueRange{arith::AddFOp::create(nb, nl, a[1], a[0])});
      });
  linalg::FillOp::create(b, loc, ValueRange{constF32(b, loc, 0.0f)},
                         ValueRange{slot});
  return success();
}

Value Scheduler::ringSlot(OpBuilder &b, Location loc, Value ring,
                          int64_t offset) {
  return ringSlot(b, loc, ring, arith::ConstantIndexOp::create(b, loc, offset));
}

Value Scheduler::ringSlot(OpBuilder &b, Location loc, Value ring,
                          Value offset) {
  auto type = cast<MemRefType>(ring.getType());
  Value d = arith::ConstantIndexOp::create(b, loc, type.getShape()[0]);
  Value shifted = arith::AddIOp::create(b, loc, stepIndex, offset);
  Value index = arith::RemUIOp::create(b, loc, shifted, d);
  SmallVector<OpFoldResult> offsets = {index, b.getIndexAttr(0),
                                       b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1),
                                     b.getIndexAttr(type.getShape()[1]),
                                     b.getIndexAttr(type.getShape()[2])};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  auto sliceType =
      cast<MemRefType>(memref::SubViewOp::inferRankReducedResultType(
          {type.getShape()[1], type.getShape()[2]}, type, offsets, sizes,
          strides));
  return memref::SubViewOp::create(b, loc, sliceType, ring, offsets, sizes,
                                   strides);
}

/// The constant CSR arrays of a projection, as module globals.
Value Scheduler::constI32Array(OpBuilder &b, Location loc, StringRef symbol,
                               const std::vector<int32_t> &data) {
  auto type =
      MemRefType::get({static_cast<int64_t>(data.size())}, b.getI32Type());
  if (!module.lookupSymbol(symbol)) {
    OpBuilder g(module.getContext());
    g.setInsertionPoint(net);
    auto tensorType = RankedTensorType::get(type.getShape(), b.getI32Type());
    memref::GlobalOp::create(
        g, loc, symbol, g.getStringAttr("private"), type,
        DenseElementsAttr::get(tensorType, llvm::ArrayRef<int32_t>(data)),
        /*constant=*/true, IntegerAttr());
  }
  return memref::GetGlobalOp::create(b, loc, type, symbol).getResult();
}

std::pair<Value, Value> Scheduler::sparseArrays(OpBuilder &b, Location loc,
                                                StringRef prefix) {
  const SparseRows &rows = sparse[prefix.str()];
  std::string base = ("snn.csr." + net.getSymName() + "." + prefix).str();
  return {constI32Array(b, loc, base + ".indptr", rows.indptr),
          constI32Array(b, loc, base + ".indices", rows.indices)};
}

/// Delivery over compressed rows: each source adds what it sent times the
/// weight into the targets of its row.
LogicalResult Scheduler::emitSparseDelivery(OpBuilder &b, Location loc,
                                            ProjectionOp proj,
                                            StringRef sourceName, Value w,
                                            Value in, Value delayed,
                                            Value arrivalDelay) {
  // What the sources sent: their last spikes, or (a plastic projection's
  // delay ring) those of d steps ago, which no event list describes.
  Value src = delayed ? delayed : buf(sourceName);
  // A plasticity rule's on_pre, run for each arriving spike.
  Region *onPre = nullptr;
  auto rule = rules.find(proj.getSymName().str());
  if (rule != rules.end() && !rule->second.rule.getOnPre().empty())
    onPre = &rule->second.rule.getOnPre();
  LogicalResult status = success();
  // A dense weight matrix walked as full rows: synapse k is element k of
  // its row-major storage (per entry: element [e, k]).
  bool perEntry = proj.getPerEntry();
  w = perEntry ? flatPerEntry(b, loc, w) : flat(b, loc, w);
  // (Named values, not a structured binding: the lambdas below capture them.)
  std::pair<Value, Value> csr = sparseArrays(b, loc, proj.getSymName());
  Value indptr = csr.first, indices = csr.second;
  // Window kinds share weights: synapse k uses w[weightIndex[k]].
  Value weightIndex;
  const SparseRows &rows = sparse[proj.getSymName().str()];
  if (!rows.weightIndex.empty())
    weightIndex = constI32Array(b, loc,
                                ("snn.csr." + net.getSymName() + "." +
                                 proj.getSymName() + ".weight_index")
                                    .str(),
                                rows.weightIndex);
  // Per-synapse delays: each synapse writes into its own ring slot, or
  // (arrivalDelay) only those of that delay deliver what arrives.
  Value delayArr, ring, ringSize, base;
  auto delay = delays.find(proj.getSymName().str());
  if (delay != delays.end() && !delay->second.perSynapse.empty())
    delayArr = constI32Array(b, loc,
                             ("snn.delay." + net.getSymName() + "." +
                              proj.getSymName())
                                 .str(),
                             delay->second.perSynapse);
  if (delayArr && !arrivalDelay) {
    ring = buf((proj.getSymName() + ".pending").str());
    ringSize = arith::ConstantIndexOp::create(b, loc, delay->second.max);
    // (t - 1 + d) mod D = (t + D - 1 + d) mod D, kept non-negative.
    base = arith::AddIOp::create(
        b, loc, stepIndex,
        arith::ConstantIndexOp::create(b, loc, delay->second.max - 1));
  }
  int64_t nSrc = cast<MemRefType>(src.getType()).getShape()[1];
  Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
  Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
  Value cB = arith::ConstantIndexOp::create(b, loc, batch);
  Value cN = arith::ConstantIndexOp::create(b, loc, nSrc);
  auto toIndex = [&](OpBuilder &ob, Value v) -> Value {
    return arith::IndexCastOp::create(ob, loc, ob.getIndexType(), v);
  };
  // What one source neuron i of batch entry e sends along its row.
  auto visitSource = [&](OpBuilder &ib, Value e, Value i) {
    Value s = asF32(ib, loc, memref::LoadOp::create(ib, loc, src, ValueRange{e, i}));
    Value next = arith::AddIOp::create(ib, loc, i, c1);
    Value lo = toIndex(ib, memref::LoadOp::create(ib, loc, indptr, ValueRange{i}));
    Value hi =
        toIndex(ib, memref::LoadOp::create(ib, loc, indptr, ValueRange{next}));
    scf::ForOp::create(
        ib, loc, lo, hi, c1, ValueRange{},
        [&](OpBuilder &kb, Location, Value k, ValueRange) {
          Value j =
              toIndex(kb, memref::LoadOp::create(kb, loc, indices, ValueRange{k}));
          Value wAt = weightIndex ? toIndex(kb, memref::LoadOp::create(
                                                    kb, loc, weightIndex,
                                                    ValueRange{k}))
                                  : k;
          SmallVector<Value> wIndex = {wAt};
          if (perEntry)
            wIndex.insert(wIndex.begin(), e);
          Value wk = memref::LoadOp::create(kb, loc, w, wIndex);
          SmallVector<Value> at = {e, j};
          Value dst = in;
          if (ring) {
            Value dk = toIndex(
                kb, memref::LoadOp::create(kb, loc, delayArr, ValueRange{k}));
            Value slot = arith::RemUIOp::create(
                kb, loc, arith::AddIOp::create(kb, loc, base, dk), ringSize);
            at.insert(at.begin(), slot);
            dst = ring;
          }
          auto accumulate = [&](OpBuilder &ab, Value sent) {
            Value cur = memref::LoadOp::create(ab, loc, dst, at);
            Value add = arith::AddFOp::create(
                ab, loc, cur, arith::MulFOp::create(ab, loc, s, sent));
            memref::StoreOp::create(ab, loc, add, dst, at);
          };
          // Only the synapses of this arrival's delay.
          Value matches;
          if (arrivalDelay)
            matches = arith::CmpIOp::create(
                kb, loc, arith::CmpIPredicate::eq, arrivalDelay,
                toIndex(kb, memref::LoadOp::create(kb, loc, delayArr,
                                                   ValueRange{k})));
          if (!onPre) {
            if (matches)
              scf::IfOp::create(kb, loc, matches, [&](OpBuilder &tb, Location) {
                accumulate(tb, wk);
                scf::YieldOp::create(tb, loc);
              });
            else
              accumulate(kb, wk);
            scf::YieldOp::create(kb, loc);
            return;
          }
          // A spike arriving runs the rule's on_pre, which may change the
          // weight and what is sent (docs/plasticity.md).
          Value arrives = isNonZero(kb, loc, s);
          if (matches)
            arrives = arith::AndIOp::create(kb, loc, arrives, matches);
          scf::IfOp::create(
              kb, loc, arrives, [&](OpBuilder &tb, Location) {
                Value sent;
                if (failed(emitSynapseRegion(tb, loc, proj, *onPre, "on_pre",
                                             w, e, i, j, k, &sent,
                                             /*clamp=*/true)))
                  status = failure();
                else
                  accumulate(tb, sent);
                scf::YieldOp::create(tb, loc);
              });
          scf::YieldOp::create(kb, loc);
        });
  };
  // Every source's row is visited, whatever it sent; --snn-event-driven
  // turns the loop over sources into one over the compact list of those
  // that fired (or whose graded value is non-zero).
  auto batchLoop = scf::ForOp::create(
      b, loc, c0, cB, c1, ValueRange{},
      [&](OpBuilder &bb, Location, Value e, ValueRange) {
        auto sources = scf::ForOp::create(
            bb, loc, c0, cN, c1, ValueRange{},
            [&](OpBuilder &ib, Location, Value i, ValueRange) {
              visitSource(ib, e, i);
              scf::YieldOp::create(ib, loc);
            });
        if (!delayed)
          sources->setAttr(kDeliverAttr, bb.getStringAttr(sourceName));
        scf::YieldOp::create(bb, loc);
      });
  // What the adjoint needs to know of a plain delivery (no delays, no
  // on_pre): the buffers and the rows.
  std::string target = inputBuffer(proj.getSymName());
  if (!delayed && !delayArr && !onPre && in == buf(target)) {
    auto sym = [&](Value global) {
      return cast<memref::GetGlobalOp>(global.getDefiningOp()).getNameAttr();
    };
    SmallVector<NamedAttribute> rowsInfo = {
        b.getNamedAttr("source", b.getStringAttr(sourceName)),
        b.getNamedAttr("weight",
                       b.getStringAttr((proj.getSymName() + ".w").str())),
        b.getNamedAttr("target", b.getStringAttr(target)),
        b.getNamedAttr("indptr", sym(indptr)),
        b.getNamedAttr("indices", sym(indices))};
    if (weightIndex)
      rowsInfo.push_back(b.getNamedAttr("weight_index", sym(weightIndex)));
    batchLoop->setAttr(kRowsAttr, b.getDictionaryAttr(rowsInfo));
  }
  return status;
}
