//===- EventDriven.cpp - deliver only from the sources that fired ----------===//
//
// --snn-schedule delivers a projection by visiting every source: a
// `linalg.matmul` for dense connectivity, a loop over every compressed row
// for sparse and window connectivity. Both are tagged `snn.deliver` with
// the source buffer's name. This pass builds, once per source and step, the
// compact list of the sources whose value is non-zero (`<src>.events`,
// `<src>.event_count`) and makes those deliveries walk it instead.
//
// A spiking population's counter kernel (`count += spike`, tagged
// `snn.count`) ends its step: the list is built there, the counter adds 1
// for each listed neuron only (populations narrower than a 16-neuron chunk
// keep the elementwise counter, the list built after it), and the next
// step's deliveries reuse that list. A build before the time loop serves
// the first step of each call (its spikes may come from init, a reset or a
// loaded state).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/SpikeValues.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNEVENTDRIVEN
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {

using mlir::snn::kCountAttr;
using mlir::snn::kDeliverAttr;
constexpr int64_t kChunk = 16;
/// Marks a flat list's build (Events::flat), which --snn-fuse-event-lists
/// leaves alone.
constexpr llvm::StringLiteral kFlatEventListAttr = "snn.flat_event_list";

using mlir::snn::mayWrite;

struct EventDriven : mlir::snn::impl::SNNEventDrivenBase<EventDriven> {
  struct Events {
    Value source, list, count; // [B, N] values, [B, N] i64, [B] i64
    std::string name;          // the source buffer's
    /// One list for the whole batch (flatList): the flat indices e * N + i
    /// in ascending order at list positions 0.. (row-major), their number
    /// in count[0].
    bool flat = false;
  };

  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    llvm::StringMap<Value> buffers = mlir::snn::buffersByName(fn);

    llvm::StringMap<bool> flat;
    auto eventsOf = [&](StringRef name) {
      return Events{buffers.lookup(name),
                    buffers.lookup((name + ".events").str()),
                    buffers.lookup((name + ".event_count").str()), name.str(),
                    flat.lookup(name)};
    };
    SmallVector<Operation *> deliveries;
    SmallVector<linalg::GenericOp> counters;
    fn.walk([&](Operation *op) {
      if (op->hasAttr(kDeliverAttr))
        deliveries.push_back(op);
      if (auto generic = dyn_cast<linalg::GenericOp>(op))
        if (op->hasAttr(kCountAttr))
          counters.push_back(generic);
    });
    // A batch of sources narrower than a chunk, delivered only through
    // per-entry products, gets one list for all entries: a chunk of 16
    // spans entries, and the deliveries walk one list instead of a list
    // per entry (most of them a few spikes long).
    for (Operation *op : deliveries) {
      StringRef name = op->getAttrOfType<StringAttr>(kDeliverAttr).getValue();
      Events ev = eventsOf(name);
      auto perEntry = dyn_cast<linalg::BatchVecmatOp>(op);
      bool qualifies = ev.source && ev.list && ev.count && perEntry &&
                       isStaticProduct(perEntry, ev) && isNarrowBatch(ev);
      auto [it, inserted] = flat.try_emplace(name, qualifies);
      if (!inserted)
        it->second = it->second && qualifies;
    }
    // The list built at the end of each step, by source.
    llvm::StringMap<Operation *> endOfStep;
    for (linalg::GenericOp op : counters) {
      StringRef name = op->getAttrOfType<StringAttr>(kCountAttr).getValue();
      Events ev = eventsOf(name);
      auto timeLoop = dyn_cast<scf::ForOp>(op->getParentOp());
      // Without lists (nothing delivers from it by rows), the counter stays.
      if (!ev.source || !ev.list || !ev.count || !timeLoop ||
          op.getDpsInputs()[0] != ev.source)
        continue;
      // A population narrower than a chunk keeps its elementwise counter
      // (one more vector op in its fused kernel, tiles spanning entries
      // with a batch): walking a list costs more than adding its zeros.
      if (cast<MemRefType>(ev.source.getType()).getShape()[1] < kChunk) {
        endOfStep[name] = buildList(op->getNextNode(), ev);
      } else {
        endOfStep[name] = buildList(op, ev);
        countFromList(op, ev);
      }
      buildList(timeLoop, ev);
    }
    // The list build that serves each source, while still valid.
    llvm::StringMap<Operation *> built;
    for (Operation *op : deliveries) {
      StringRef name = op->getAttrOfType<StringAttr>(kDeliverAttr).getValue();
      Events ev = eventsOf(name);
      if (!ev.source || !ev.list || !ev.count) {
        op->emitWarning() << "snn.deliver: no buffers '" << name
                          << ".events' and '" << name
                          << ".event_count'; delivery left as it is";
        continue;
      }
      auto matmul = dyn_cast<linalg::MatmulOp>(op);
      auto perEntry = dyn_cast<linalg::BatchVecmatOp>(op);
      auto sources = dyn_cast<scf::ForOp>(op);
      Value entry; // the batch entry a loop over sources delivers
      // Dense products with shared weights stay for batches (DESIGN.md
      // §3); per-entry weights go row by row, entry by entry.
      if (matmul && !isRowVectorProduct(matmul, ev))
        continue;
      if (perEntry && !isStaticProduct(perEntry, ev))
        continue;
      if (!matmul && !perEntry &&
          !(sources && (entry = batchEntry(sources, ev))))
        continue;
      // The list is built before the delivery, or before the loop over
      // batch entries around it.
      Operation *at = op;
      if (sources)
        if (auto batchLoop = scf::getForInductionVarOwner(entry))
          at = batchLoop;
      Operation *&build = built[name];
      bool valid = build && build->getBlock() == at->getBlock() &&
                   build->isBeforeInBlock(at) &&
                   !written(build->getNextNode(), at, ev);
      if (!valid && !fromLastStep(endOfStep.lookup(name), at, ev))
        build = buildList(at, ev);
      if (matmul)
        rewriteMatmul(matmul, ev);
      else if (perEntry)
        rewritePerEntry(perEntry, ev);
      else
        rewriteRows(sources, entry, ev);
    }
  }

  /// A product of static buffers from the source: f32 weights and output,
  /// spikes (u8) or graded values (f32).
  static bool isStaticProduct(linalg::LinalgOp op, const Events &ev) {
    if (!op.hasPureBufferSemantics() || op.getDpsInputs()[0] != ev.source)
      return false;
    for (Value v : op->getOperands()) {
      auto type = dyn_cast<MemRefType>(v.getType());
      if (!type || !type.hasStaticShape() ||
          !(type.getElementType().isF32() ||
            (v == ev.source && type.getElementType().isInteger(8))))
        return false;
    }
    return true;
  }

  /// A [1, N_src] x [N_src, N_dst] product.
  static bool isRowVectorProduct(linalg::MatmulOp op, const Events &ev) {
    return isStaticProduct(op, ev) &&
           cast<MemRefType>(ev.source.getType()).getShape()[0] == 1;
  }

  /// The batch entry `e` of a loop over all sources `i` that reads
  /// `source[e, i]`.
  static Value batchEntry(scf::ForOp sources, const Events &ev) {
    int64_t n = cast<MemRefType>(ev.source.getType()).getShape()[1];
    std::optional<int64_t> lo = getConstantIntValue(sources.getLowerBound());
    std::optional<int64_t> hi = getConstantIntValue(sources.getUpperBound());
    std::optional<int64_t> step = getConstantIntValue(sources.getStep());
    if (lo != 0 || hi != n || step != 1)
      return {};
    for (Operation &op : *sources.getBody())
      if (auto load = dyn_cast<memref::LoadOp>(op))
        if (load.getMemRef() == ev.source &&
            load.getIndices()[1] == sources.getInductionVar())
          return load.getIndices()[0];
    return {};
  }

  /// Whether an op from `first` up to (not including) `end` (null: the end
  /// of the block) may change the source or its list.
  static bool written(Operation *first, Operation *end, const Events &ev) {
    for (Operation *op = first; op && op != end; op = op->getNextNode())
      if (mayWrite(op, ev.source) || mayWrite(op, ev.list) ||
          mayWrite(op, ev.count))
        return true;
    return false;
  }

  /// Whether the list `endBuild` builds at the end of each step (and before
  /// the loop) is valid at `at`, earlier in the same step: nothing changes
  /// the source or the list after the build or before `at`.
  static bool fromLastStep(Operation *endBuild, Operation *at,
                           const Events &ev) {
    if (!endBuild || endBuild->getBlock() != at->getBlock() ||
        !at->isBeforeInBlock(endBuild))
      return false;
    Block *step = at->getBlock();
    return !written(&step->front(), at, ev) &&
           !written(endBuild->getNextNode(), step->getTerminator(), ev);
  }

  /// count[e, i] += source[e, i] for the listed i of each batch entry
  /// (sources not listed are 0: the counter is exactly what the kernel
  /// `op` computed). Replaces `op`.
  static void countFromList(linalg::GenericOp op, const Events &ev) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value counter = op.getDpsInits()[0];
    forEachEntryEvent(b, loc, ev, [&](OpBuilder &lb, Value e, Value i) {
      Value s = mlir::snn::asF32(
          lb, loc,
          memref::LoadOp::create(lb, loc, ev.source, ValueRange{e, i}));
      Value c = memref::LoadOp::create(lb, loc, counter, ValueRange{e, i});
      memref::StoreOp::create(lb, loc, arith::AddFOp::create(lb, loc, c, s),
                              counter, ValueRange{e, i});
    });
    op.erase();
  }

  /// Before `at`: for each batch entry, the indices of the non-zero sources
  /// in ascending order, and their count. Sources are tested 16 at a time; a
  /// chunk with none active costs one vector load and test.
  static Operation *buildList(Operation *at, const Events &ev) {
    if (ev.flat)
      return buildFlatList(at, ev);
    OpBuilder b(at);
    Location loc = at->getLoc();
    auto type = cast<MemRefType>(ev.source.getType());
    int64_t batch = type.getShape()[0], n = type.getShape()[1];
    Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
    Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
    Value cChunk = arith::ConstantIndexOp::create(b, loc, kChunk);
    Value cN = arith::ConstantIndexOp::create(b, loc, n);
    Value cChunks =
        arith::ConstantIndexOp::create(b, loc, (n + kChunk - 1) / kChunk);
    Type element = type.getElementType();
    Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(element));
    auto vecType = VectorType::get({kChunk}, element);
    auto i64 = b.getI64Type();
    auto loop = scf::ForOp::create(
        b, loc, c0, arith::ConstantIndexOp::create(b, loc, batch), c1,
        ValueRange{}, [&](OpBuilder &bb, Location, Value e, ValueRange) {
          auto chunks = scf::ForOp::create(
              bb, loc, c0, cChunks, c1, ValueRange{c0},
              [&](OpBuilder &cb, Location, Value c, ValueRange count) {
                Value first = arith::MulIOp::create(cb, loc, c, cChunk);
                // Unmasked when the chunks tile the neurons exactly.
                Value lanes = vector::TransferReadOp::create(
                    cb, loc, vecType, ev.source, ValueRange{e, first}, zero,
                    ArrayRef<bool>{n % kChunk == 0});
                Value active = mlir::snn::isNonZero(cb, loc, lanes);
                Value any = vector::ReductionOp::create(
                    cb, loc, vector::CombiningKind::OR, active);
                auto ifOp = scf::IfOp::create(
                    cb, loc, any,
                    [&](OpBuilder &tb, Location) {
                      Value last = arith::MinUIOp::create(
                          tb, loc, arith::AddIOp::create(tb, loc, first, cChunk),
                          cN);
                      // Branch-free: every index is written at the current
                      // end of the list, which advances only past the active.
                      auto lanesLoop = scf::ForOp::create(
                          tb, loc, first, last, c1, count[0],
                          [&](OpBuilder &lb, Location, Value i,
                              ValueRange m) {
                            Value s = memref::LoadOp::create(
                                lb, loc, ev.source, ValueRange{e, i});
                            Value on = mlir::snn::isNonZero(lb, loc, s);
                            memref::StoreOp::create(
                                lb, loc,
                                arith::IndexCastOp::create(lb, loc, i64, i),
                                ev.list, ValueRange{e, m[0]});
                            Value step = arith::IndexCastUIOp::create(
                                lb, loc, lb.getIndexType(), on);
                            scf::YieldOp::create(
                                lb, loc,
                                ValueRange{
                                    arith::AddIOp::create(lb, loc, m[0], step)});
                          });
                      scf::YieldOp::create(tb, loc, lanesLoop.getResults());
                    },
                    [&](OpBuilder &eb, Location) {
                      scf::YieldOp::create(eb, loc, count);
                    });
                scf::YieldOp::create(cb, loc, ifOp.getResults());
              });
          memref::StoreOp::create(
              bb, loc,
              arith::IndexCastOp::create(bb, loc, i64, chunks.getResult(0)),
              ev.count, ValueRange{e});
          scf::YieldOp::create(bb, loc);
        });
    loop->setAttr(mlir::snn::kEventListAttr, b.getStringAttr(ev.name));
    return loop;
  }

  /// An index stored as i64 in `buffer` at `at`.
  static Value loadIndex(OpBuilder &b, Location loc, Value buffer,
                         ValueRange at) {
    return arith::IndexCastOp::create(
        b, loc, b.getIndexType(), memref::LoadOp::create(b, loc, buffer, at));
  }

  /// A loop over the positions q of a list holding event_count[`at`]
  /// events.
  static void forEachPosition(OpBuilder &b, Location loc, const Events &ev,
                              Value at,
                              function_ref<void(OpBuilder &, Value)> body) {
    Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
    Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
    scf::ForOp::create(b, loc, c0, loadIndex(b, loc, ev.count, at), c1,
                       ValueRange{},
                       [&](OpBuilder &lb, Location, Value q, ValueRange) {
                         body(lb, q);
                         scf::YieldOp::create(lb, loc);
                       });
  }

  /// For every batch entry e in turn, a loop over e's listed sources;
  /// `body` gets the entry and the source index.
  static void
  forEachEntryEvent(OpBuilder &b, Location loc, const Events &ev,
                    function_ref<void(OpBuilder &, Value, Value)> body) {
    int64_t batch = cast<MemRefType>(ev.source.getType()).getShape()[0];
    scf::ForOp::create(
        b, loc, arith::ConstantIndexOp::create(b, loc, 0),
        arith::ConstantIndexOp::create(b, loc, batch),
        arith::ConstantIndexOp::create(b, loc, 1), ValueRange{},
        [&](OpBuilder &eb, Location, Value e, ValueRange) {
          forEachEvent(eb, loc, ev, e,
                       [&](OpBuilder &lb, Value i) { body(lb, e, i); });
          scf::YieldOp::create(eb, loc);
        });
  }

  /// A loop over the listed sources of batch entry `e`; `body` gets the
  /// source index.
  static void forEachEvent(OpBuilder &b, Location loc, const Events &ev,
                           Value e,
                           function_ref<void(OpBuilder &, Value)> body) {
    forEachPosition(b, loc, ev, e, [&](OpBuilder &lb, Value q) {
      body(lb, loadIndex(lb, loc, ev.list, ValueRange{e, q}));
    });
  }

  /// The loop over every source becomes one over the listed sources.
  static void rewriteRows(scf::ForOp sources, Value entry, const Events &ev) {
    OpBuilder b(sources);
    forEachEvent(b, sources.getLoc(), ev, entry,
                 [&](OpBuilder &lb, Value i) {
                   IRMapping map;
                   map.map(sources.getInductionVar(), i);
                   for (Operation &op : sources.getBody()->without_terminator())
                     lb.clone(op, map);
                 });
    sources.erase();
  }

  /// out[0, :] += src[0, :] x W becomes, for each listed source i,
  /// out[0, :] += src[0, i] * W[i, :]: a row added per spike. Each output
  /// sums the same non-zero terms in the same (ascending) order as the
  /// product's loops, so the result is the same.
  static void rewriteMatmul(linalg::MatmulOp op, const Events &ev) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
    forEachEvent(b, loc, ev, c0, [&](OpBuilder &lb, Value i) {
      addRow(lb, loc, ev, op.getDpsInputs()[1], op.getDpsInits()[0], c0, i,
             /*perEntryWeights=*/false);
    });
    op.erase();
  }

  /// out[e, :] += src[e, i] * W[i, :] (W[e, i, :] with per-entry weights),
  /// 16 targets at a time, the last few in vectors of 8, 4, 2 and 1 (not
  /// masked: a masked store is not forwarded to the next spike's load of
  /// the same row). Each target adds the same product as a loop over
  /// targets would, so the result is the same.
  static void addRow(OpBuilder &b, Location loc, const Events &ev, Value w,
                     Value out, Value e, Value i, bool perEntryWeights) {
    int64_t nDst = cast<MemRefType>(out.getType()).getShape()[1];
    Value s = mlir::snn::asF32(
        b, loc, memref::LoadOp::create(b, loc, ev.source, ValueRange{e, i}));
    // Targets [j, j + lanes).
    auto chunk = [&](OpBuilder &cb, Value j, int64_t lanes) {
      auto type = VectorType::get({lanes}, cb.getF32Type());
      SmallVector<Value, 3> at = {i, j};
      if (perEntryWeights)
        at.insert(at.begin(), e);
      SmallVector<Value, 2> outAt = {e, j};
      Value scale = vector::BroadcastOp::create(cb, loc, type, s);
      Value wv = vector::LoadOp::create(cb, loc, type, w, at);
      Value cur = vector::LoadOp::create(cb, loc, type, out, outAt);
      Value sum = arith::AddFOp::create(
          cb, loc, cur, arith::MulFOp::create(cb, loc, scale, wv));
      vector::StoreOp::create(cb, loc, sum, out, outAt);
    };
    int64_t whole = nDst / kChunk * kChunk;
    if (whole == kChunk) {
      chunk(b, arith::ConstantIndexOp::create(b, loc, 0), kChunk);
    } else if (whole > 0) {
      scf::ForOp::create(b, loc, arith::ConstantIndexOp::create(b, loc, 0),
                         arith::ConstantIndexOp::create(b, loc, whole),
                         arith::ConstantIndexOp::create(b, loc, kChunk),
                         ValueRange{},
                         [&](OpBuilder &jb, Location, Value j, ValueRange) {
                           chunk(jb, j, kChunk);
                           scf::YieldOp::create(jb, loc);
                         });
    }
    for (int64_t lanes = kChunk / 2, at = whole; lanes >= 1; lanes /= 2)
      if (nDst - at >= lanes) {
        chunk(b, arith::ConstantIndexOp::create(b, loc, at), lanes);
        at += lanes;
      }
  }

  /// Per-entry weights: out[e, :] += src[e, :] x W[e] (a
  /// linalg.batch_vecmat) becomes, for each entry e and each source i on
  /// e's list, out[e, :] += src[e, i] * W[e, i, :]; the same terms in the
  /// same order as the product's loops.
  static void rewritePerEntry(linalg::BatchVecmatOp op, const Events &ev) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Value w = op.getDpsInputs()[1], out = op.getDpsInits()[0];
    auto addEntryRow = [&](OpBuilder &lb, Value e, Value i) {
      addRow(lb, loc, ev, w, out, e, i, /*perEntryWeights=*/true);
    };
    if (ev.flat)
      forEachFlatEvent(b, loc, ev, addEntryRow);
    else
      forEachEntryEvent(b, loc, ev, addEntryRow);
    op.erase();
  }

  /// Several batch entries of fewer neurons than a chunk.
  static bool isNarrowBatch(const Events &ev) {
    ArrayRef<int64_t> shape = cast<MemRefType>(ev.source.getType()).getShape();
    return shape[0] > 1 && shape[1] < kChunk;
  }

  /// A [B, N] buffer as one row-major sequence of B * N elements.
  static Value sequenceOf(OpBuilder &b, Location loc, Value buffer) {
    return memref::CollapseShapeOp::create(
        b, loc, buffer, ArrayRef<ReassociationIndices>{{0, 1}});
  }

  /// (q / N, q % N): position q of a [B, N] buffer read as one row-major
  /// sequence.
  static std::pair<Value, Value> split(OpBuilder &b, Location loc, Value q,
                                       int64_t n) {
    Value cN = arith::ConstantIndexOp::create(b, loc, n);
    return {arith::DivUIOp::create(b, loc, q, cN),
            arith::RemUIOp::create(b, loc, q, cN)};
  }

  /// A loop over a flat list (every entry's events, entry by entry, each
  /// entry's in ascending order); `body` gets the entry and the source.
  static void
  forEachFlatEvent(OpBuilder &b, Location loc, const Events &ev,
                   function_ref<void(OpBuilder &, Value, Value)> body) {
    int64_t n = cast<MemRefType>(ev.source.getType()).getShape()[1];
    Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
    Value list = sequenceOf(b, loc, ev.list);
    forEachPosition(b, loc, ev, c0, [&](OpBuilder &lb, Value q) {
      Value k = loadIndex(lb, loc, list, ValueRange{q});
      auto [e, i] = split(lb, loc, k, n);
      body(lb, e, i);
    });
  }

  /// Before `at`: the flat list (Events::flat). The sources are read 16 at
  /// a time as one sequence of B * N values, so a chunk spans entries; in
  /// a chunk with some active, the mask's set bits are visited one by one
  /// (count trailing zeros), so the work beyond the chunk's test is one
  /// append per spike.
  static Operation *buildFlatList(Operation *at, const Events &ev) {
    OpBuilder b(at);
    Location loc = at->getLoc();
    auto type = cast<MemRefType>(ev.source.getType());
    int64_t n = type.getShape()[1], total = type.getShape()[0] * n;
    Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
    Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
    Value cChunk = arith::ConstantIndexOp::create(b, loc, kChunk);
    Value cChunks =
        arith::ConstantIndexOp::create(b, loc, (total + kChunk - 1) / kChunk);
    Type element = type.getElementType();
    Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(element));
    auto i32 = b.getI32Type(), i64 = b.getI64Type();
    Value zero32 = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
    Value one32 = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(1));
    Value sequence = sequenceOf(b, loc, ev.source);
    // (The list is written through its view; a later build of it is still
    // seen by the checks of written(), through the count it stores.)
    Value list = sequenceOf(b, loc, ev.list);
    auto loop = scf::ForOp::create(
        b, loc, c0, cChunks, c1, ValueRange{c0},
        [&](OpBuilder &cb, Location, Value c, ValueRange count) {
          Value first = arith::MulIOp::create(cb, loc, c, cChunk);
          Value lanes = vector::TransferReadOp::create(
              cb, loc, VectorType::get({kChunk}, element), sequence,
              ValueRange{first}, zero, ArrayRef<bool>{total % kChunk == 0});
          Value active = mlir::snn::isNonZero(cb, loc, lanes);
          Value bits = vector::ExtractOp::create(
              cb, loc,
              vector::BitCastOp::create(
                  cb, loc, VectorType::get({1}, cb.getIntegerType(kChunk)),
                  active),
              ArrayRef<int64_t>{0});
          Value mask = arith::ExtUIOp::create(cb, loc, i32, bits);
          auto visit = scf::WhileOp::create(
              cb, loc, TypeRange{i32, cb.getIndexType()},
              ValueRange{mask, count[0]},
              [&](OpBuilder &wb, Location, ValueRange args) {
                Value more = arith::CmpIOp::create(
                    wb, loc, arith::CmpIPredicate::ne, args[0], zero32);
                scf::ConditionOp::create(wb, loc, more, args);
              },
              [&](OpBuilder &wb, Location, ValueRange args) {
                Value lane = arith::IndexCastUIOp::create(
                    wb, loc, wb.getIndexType(),
                    math::CountTrailingZerosOp::create(wb, loc, args[0]));
                Value k = arith::AddIOp::create(wb, loc, first, lane);
                memref::StoreOp::create(
                    wb, loc, arith::IndexCastOp::create(wb, loc, i64, k), list,
                    ValueRange{args[1]});
                Value rest = arith::AndIOp::create(
                    wb, loc, args[0],
                    arith::SubIOp::create(wb, loc, args[0], one32));
                scf::YieldOp::create(
                    wb, loc,
                    ValueRange{rest,
                               arith::AddIOp::create(wb, loc, args[1], c1)});
              });
          // (The count is stored with every chunk, so that the loop is the
          // whole build: nothing after it writes the list's buffers.)
          memref::StoreOp::create(
              cb, loc,
              arith::IndexCastOp::create(cb, loc, i64, visit.getResult(1)),
              ev.count, ValueRange{c0});
          scf::YieldOp::create(cb, loc, visit.getResult(1));
        });
    loop->setAttr(kFlatEventListAttr, b.getStringAttr(ev.name));
    return loop;
  }
};

} // namespace
