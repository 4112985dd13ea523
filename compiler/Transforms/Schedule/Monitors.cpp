//===- Monitors.cpp - what monitors record and how ------------------------===//
//
// A monitor records a population's spikes (as bits, 64 neurons per i64
// word), a population's state variable, a projection's weights (one flat
// row shared by the batch) or a synapse state variable, every `every`
// steps, into row t / every of its recorder (docs/schedule.md, docs/abi.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Schedule/Scheduler.h"
#include "compiler/Transforms/SpikeValues.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::sched;

LogicalResult Scheduler::planMonitors() {
  for (auto mon : net.getBodyBlock().getOps<MonitorOp>()) {
    auto pop = dyn_cast<PopulationOp>(
        SymbolTable::lookupSymbolIn(net, mon.getTargetAttr().getAttr()));
    if (!pop) {
      // A projection's weights (one row of all of them, shared by the
      // batch) or a synapse state variable ([batch, targets]).
      std::string source = monitorSource(mon);
      if (source.empty() || !bufferIndex.count(source))
        return fail(mon, "") << "monitor @" << mon.getSymName() << ": '"
                             << mon.getVariable() << "' of projection "
                             << mon.getTargetAttr()
                             << " is not lowered yet";
      const Buffer &from = buffers[bufferIndex.lookup(source)];
      MemRefType type = from.type;
      // Weights: one flat row shared by the batch, or per entry one each.
      bool weights = mon.getVariable() == "w";
      bool shared = weights && !from.persistent;
      addBuffer(mon.getSymName(), "monitor",
                {shared ? 1 : batch,
                 shared    ? type.getNumElements()
                 : weights ? type.getNumElements() / batch
                           : type.getShape().back()},
                nullptr, /*dynamicFirst=*/true);
      buffers.back().every = mon.getEvery();
      buffers.back().source = source;
      continue;
    }
    // Spikes are recorded as bits: a row of 4000 neurons is 63 words, not
    // 4000 floats, which is most of what recording costs.
    int64_t n = pop.getNumNeurons();
    bool bits = mon.getVariable() == "spikes";
    addBuffer(mon.getSymName(), "monitor",
              {batch, bits ? static_cast<int64_t>(llvm::divideCeil(n, 64)) : n}, nullptr,
              /*dynamicFirst=*/true,
              bits ? Type(IntegerType::get(net.getContext(), 64)) : Type());
    buffers.back().every = mon.getEvery();
    buffers.back().bits = bits ? n : 0;
    buffers.back().source = monitorSource(mon);
  }
  return success();
}

/// The buffer a monitor copies: a population's spikes or state variable,
/// a projection's weights (`w`) or synapse state variable; "" if none.
std::string Scheduler::monitorSource(MonitorOp mon) {
  StringRef target = mon.getTargetAttr().getValue();
  StringRef var = mon.getVariable();
  if (isa<PopulationOp>(SymbolTable::lookupSymbolIn(net, mon.getTargetAttr())) &&
      var == "spikes")
    return (target + ".spike").str();
  if (var == "w" &&
      isa<ProjectionOp>(SymbolTable::lookupSymbolIn(net, mon.getTargetAttr())))
    return (target + ".w").str();
  auto part = parts.find(target);
  return part == parts.end() ? "" : part->second.names.lookup(var).buffer;
}

void Scheduler::emitMonitor(OpBuilder &b, MonitorOp mon, Value t) {
  Location loc = mon.getLoc();
  std::string source = monitorSource(mon);
  Value every = arith::ConstantIndexOp::create(b, loc, mon.getEvery());
  Value rem = arith::RemUIOp::create(b, loc, t, every);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value due = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rem, zero);
  auto ifOp = scf::IfOp::create(b, loc, due, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  Value row = arith::DivUIOp::create(b, loc, t, every);
  Value rec = buf(mon.getSymName());
  auto recType = cast<MemRefType>(rec.getType());
  if (auto bits = buffers[bufferIndex.lookup(mon.getSymName())].bits) {
    emitSpikeBits(b, loc, buf(source), rec, row, bits);
    return;
  }
  // Row `row` of the recorder: [entries, n] (entries = batch, or 1 for
  // weights, copied flat).
  int64_t entries = recType.getShape()[1], n = recType.getShape()[2];
  Value from = buf(source);
  if (buffers[bufferIndex.lookup(source)].persistent)
    from = flatPerEntry(b, loc, from); // [batch, weights]
  auto fromType = cast<MemRefType>(from.getType());
  SmallVector<int64_t> rowShape = {entries, n};
  if (fromType.getRank() == 2 && fromType.getShape()[0] != entries) {
    from = flat(b, loc, from);
    rowShape = {n};
  } else if (fromType.getRank() == 1) {
    rowShape = {n};
  }
  SmallVector<OpFoldResult> offsets = {row, b.getIndexAttr(0),
                                       b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1),
                                     b.getIndexAttr(entries),
                                     b.getIndexAttr(n)};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  auto sliceType = cast<MemRefType>(memref::SubViewOp::inferRankReducedResultType(
      rowShape, recType, offsets, sizes, strides));
  Value slice = memref::SubViewOp::create(b, loc, sliceType, rec, offsets,
                                          sizes, strides);
  linalg::CopyOp::create(b, loc, from, slice);
}

/// Row `row` of a spike recorder [rows, batch, ceil(n / 64)] (i64): bit j
/// of word w is whether neuron 64 w + j spiked. Each word is one compare of
/// 64 spikes (a vector read of 64 bytes, padded with zeros past n) and a
/// bitcast of the <64 x i1> result.
void Scheduler::emitSpikeBits(OpBuilder &b, Location loc, Value spikes,
                              Value rec, Value row, int64_t n) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value lanes = arith::ConstantIndexOp::create(b, loc, 64);
  Value batchEnd = arith::ConstantIndexOp::create(b, loc, batch);
  Value words = arith::ConstantIndexOp::create(b, loc, llvm::divideCeil(n, 64));
  Type element = cast<MemRefType>(spikes.getType()).getElementType();
  auto vecType = VectorType::get({64}, element);
  Value pad = arith::ConstantOp::create(b, loc, b.getZeroAttr(element));
  scf::ForOp::create(
      b, loc, zero, batchEnd, one, ValueRange{},
      [&](OpBuilder &bb, Location l, Value entry, ValueRange) {
        scf::ForOp::create(
            bb, l, zero, words, one, ValueRange{},
            [&](OpBuilder &wb, Location wl, Value word, ValueRange) {
              Value first = arith::MulIOp::create(wb, wl, word, lanes);
              // In bounds only when n is a multiple of 64.
              Value v = vector::TransferReadOp::create(
                  wb, wl, vecType, spikes, ValueRange{entry, first}, pad,
                  ArrayRef<bool>{n % 64 == 0});
              Value fired = isNonZero(wb, wl, v);
              Value packed = vector::BitCastOp::create(
                  wb, wl, VectorType::get({1}, wb.getI64Type()), fired);
              Value w = vector::ExtractOp::create(wb, wl, packed,
                                                  ArrayRef<int64_t>{0});
              memref::StoreOp::create(wb, wl, w, rec,
                                      ValueRange{row, entry, word});
              scf::YieldOp::create(wb, wl);
            });
        scf::YieldOp::create(bb, l);
      });
}
