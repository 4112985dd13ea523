//===- Backward.cpp - the step recomputed, and its adjoint -----------------===//
//
// The backward pass of one step first recomputes the step from its state
// at the start (`train.in.*`), writing every value into its own version
// buffer, so that nothing the adjoint needs is overwritten. Then every op's
// adjoint runs, last op first:
//
//   linalg.generic  a generic over the same iteration space whose body is
//                   the forward body followed by its reverse mode
//                   (ScalarAdjoint); it accumulates into the adjoints of
//                   the versions it read
//   linalg.matmul   C += A B:  dA += dC B^T,  dB += A^T dC,  dC_old += dC
//   linalg.fill     nothing flows back (the value is overwritten)
//   row delivery    in[e, j_k] += s[e, i] w[k] along row i (sparse,
//                   convolution, pooling; `snn.rows`):
//                   ds[e, i] += sum_k w[k] din[e, j_k] (a gather, row by
//                   row), dw[k] += s[e, i] din[e, j_k] for the sources
//                   that sent something, din_old += din
//
// A value a generic reads broadcast (a bias: one per target neuron, read by
// every batch entry) gets its adjoint's contributions over the whole
// iteration space, summed into it by a loop nest afterwards.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Adjoint/TrainGenerator.h"
#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/SpikeValues.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::adjoint;

/// A generic over buffers with an empty body block (one argument per
/// operand), for the caller to fill.
static std::pair<linalg::GenericOp, Block *>
emptyGeneric(OpBuilder &b, Location loc, ValueRange ins, ValueRange outs,
             ArrayRef<AffineMap> maps, ArrayRef<utils::IteratorType> iters) {
  auto g = linalg::GenericOp::create(b, loc, TypeRange{}, ins, outs, maps,
                                     iters);
  SmallVector<Type> types;
  SmallVector<Location> locs;
  for (Value v : llvm::concat<const Value>(ins, outs)) {
    types.push_back(cast<MemRefType>(v.getType()).getElementType());
    locs.push_back(loc);
  }
  Block *blk = b.createBlock(&g.getRegion(), {}, types, locs);
  return {g, blk};
}

void TrainGenerator::emitRecompute(OpBuilder &b, Location loc,
                                   IRMapping &outer, Value t) {
  Block &body = step.getBody().front();
  auto bind = [&](StringRef name, StringRef version) {
    for (BlockArgument arg : body.getArguments())
      if (nameOf(arg) == name)
        outer.map(arg, buf(version));
  };
  for (BlockArgument arg : body.getArguments()) {
    std::string n = nameOf(arg);
    outer.map(arg, buf(liveIn.contains(n) ? "train.in." + n : n));
    // An input given per step: step t's value.
    if (llvm::is_contained(sequence, n))
      outer.map(arg, slot(b, loc, buf(n + ".seq"), t));
  }
  for (StepOp &s : ops) {
    if (!s.needed)
      continue;
    if (!s.kernel) {
      b.clone(*s.op, outer);
      continue;
    }
    if (savesProduct(s)) {
      // The product the forward pass kept for this step.
      for (auto &w : s.writes) {
        copy(b, loc, slot(b, loc, buf("train.save." + w.second), t),
             buf(w.second));
        bind(w.getKey(), w.second);
      }
      continue;
    }
    auto g = dyn_cast<linalg::GenericOp>(s.op);
    if (!g) {
      // Ops that update in place start from a copy of the old version.
      for (auto &w : s.writes) {
        if (auto r = s.reads.find(w.getKey()); r != s.reads.end())
          copy(b, loc, buf(r->second), buf(w.second));
        bind(w.getKey(), w.second);
      }
      stripEventMarks(b.clone(*s.op, outer));
      continue;
    }
    // A generic reads the old versions as inputs and writes the new ones.
    SmallVector<Value> ins, outs;
    SmallVector<AffineMap> maps;
    SmallVector<BlockArgument> oldArgs; // in the order of the new block's
    for (OpOperand *in : g.getDpsInputOperands()) {
      ins.push_back(outer.lookup(in->get()));
      maps.push_back(g.getMatchingIndexingMap(in));
      oldArgs.push_back(g.getMatchingBlockArgument(in));
    }
    for (OpOperand &init : g.getDpsInitsMutable())
      if (g.payloadUsesValueFromOperand(&init)) {
        ins.push_back(buf(s.reads.lookup(nameOf(init.get()))));
        maps.push_back(g.getMatchingIndexingMap(&init));
        oldArgs.push_back(g.getMatchingBlockArgument(&init));
      }
    for (OpOperand &init : g.getDpsInitsMutable()) {
      outs.push_back(buf(s.writes.lookup(nameOf(init.get()))));
      maps.push_back(g.getMatchingIndexingMap(&init));
    }
    auto [ng, blk] = emptyGeneric(b, loc, ins, outs, maps,
                                  g.getIteratorTypesArray());
    for (auto [i, old] : llvm::enumerate(oldArgs))
      outer.map(old, blk->getArgument(i));
    OpBuilder nb = OpBuilder::atBlockEnd(blk);
    for (Operation &op : g.getBody()->getOperations())
      nb.clone(op, outer);
    b.setInsertionPointAfter(ng);
    for (auto &w : s.writes)
      bind(w.getKey(), w.second);
  }
}

LogicalResult TrainGenerator::emitAdjoints(OpBuilder &b, Location loc,
                                           IRMapping &outer) {
  for (StepOp &s : llvm::reverse(ops)) {
    if (!s.kernel || llvm::none_of(s.writes, [&](auto &w) {
          return isActive(w.second);
        }))
      continue;
    if (isa<linalg::GenericOp>(s.op)) {
      if (failed(emitGenericAdjoint(b, loc, s, outer)))
        return failure();
    } else if (isa<linalg::MatmulOp>(s.op)) {
      emitMatmulAdjoint(b, loc, s);
    } else if (s.op->hasAttr(kRowsAttr)) {
      emitRowsAdjoint(b, loc, s);
    } else if (!isa<linalg::FillOp>(s.op)) {
      return s.op->emitError() << "snn-generate-adjoint: no adjoint of '"
                               << s.op->getName() << "' yet";
    }
  }
  return success();
}

LogicalResult TrainGenerator::emitGenericAdjoint(OpBuilder &b, Location loc,
                                                 const StepOp &s,
                                                 IRMapping &outer) {
  auto g = cast<linalg::GenericOp>(s.op);
  std::string what = "the kernel writing '" +
                     nameOf(g.getDpsInitsMutable()[0].get()) + "'";
  // Forward values: the inputs, then the old values of updated outputs.
  struct In {
    Value buffer;
    AffineMap map;
    BlockArgument old;
    std::string version;
  };
  SmallVector<In> fwd;
  for (OpOperand *in : g.getDpsInputOperands()) {
    std::string n = nameOf(in->get());
    fwd.push_back({buf(s.reads.lookup(n)), g.getMatchingIndexingMap(in),
                   g.getMatchingBlockArgument(in), s.reads.lookup(n)});
  }
  for (OpOperand &init : g.getDpsInitsMutable())
    if (g.payloadUsesValueFromOperand(&init)) {
      std::string v = s.reads.lookup(nameOf(init.get()));
      fwd.push_back({buf(v), g.getMatchingIndexingMap(&init),
                     g.getMatchingBlockArgument(&init), v});
    }
  // Adjoints flowing in: those of the active outputs.
  SmallVector<std::pair<unsigned, Value>> dOuts; // (result index, buffer)
  SmallVector<AffineMap> dOutMaps;
  for (OpOperand &init : g.getDpsInitsMutable()) {
    std::string v = s.writes.lookup(nameOf(init.get()));
    if (!isActive(v))
      continue;
    dOuts.push_back({init.getOperandNumber() - g.getNumDpsInputs(), adj(v)});
    dOutMaps.push_back(g.getMatchingIndexingMap(&init));
  }
  // Adjoints flowing out: one per active version read.
  // A value read broadcast (a bias, one per target neuron, read by every
  // batch entry) gets its contributions over the whole iteration space in
  // `train.bcast.<op>.<version>`, summed into its adjoint afterwards.
  SmallVector<std::string> dIns;
  SmallVector<AffineMap> dInMaps;
  SmallVector<std::pair<Value, AffineMap>> broadcasts; // (scratch, map)
  AffineMap identity =
      AffineMap::getMultiDimIdentityMap(g.getNumLoops(), b.getContext());
  for (In &in : fwd) {
    if (!isActive(in.version) || llvm::is_contained(dIns, in.version))
      continue;
    dIns.push_back(in.version);
    if (in.map.isPermutation()) {
      dInMaps.push_back(in.map);
      broadcasts.push_back({});
      continue;
    }
    dInMaps.push_back(identity);
    broadcasts.push_back({buf(broadcastBuffer(s, in.version)), in.map});
  }

  SmallVector<Value> ins, outs;
  SmallVector<AffineMap> maps;
  for (In &in : fwd) {
    ins.push_back(in.buffer);
    maps.push_back(in.map);
  }
  for (auto [i, d] : llvm::enumerate(dOuts)) {
    ins.push_back(d.second);
    maps.push_back(dOutMaps[i]);
  }
  for (auto [i, v] : llvm::enumerate(dIns)) {
    outs.push_back(broadcasts[i].first ? broadcasts[i].first : adj(v));
    maps.push_back(dInMaps[i]);
  }
  auto [ag, blk] = emptyGeneric(b, loc, ins, outs, maps,
                                g.getIteratorTypesArray());
  OpBuilder nb = OpBuilder::atBlockEnd(blk);
  for (auto [i, in] : llvm::enumerate(fwd))
    outer.map(in.old, blk->getArgument(i));
  // The forward body again (the primal values), then its reverse.
  SmallVector<Operation *> primal;
  for (Operation &op : g.getBody()->without_terminator())
    primal.push_back(nb.clone(op, outer));
  auto yield = cast<linalg::YieldOp>(g.getBody()->getTerminator());
  ScalarAdjoint sa(nb, loc, surrogate);
  sa.throughSpikeSelects =
      !(g->hasAttr(kResetAttr) && resetMode == "detached");
  for (auto [i, in] : llvm::enumerate(fwd)) {
    std::string name = versionOf.lookup(in.version);
    if (StringRef(name).ends_with(".spike") && blk->getArgument(i).getType().isInteger(8))
      sa.markSpike(blk->getArgument(i));
    if (varied.contains(name))
      sa.markVaried(blk->getArgument(i));
  }
  for (auto [i, d] : llvm::enumerate(dOuts))
    sa.accumulate(outer.lookupOrDefault(yield.getOperand(d.first)),
                  blk->getArgument(fwd.size() + i));
  if (failed(sa.propagate(primal, what)))
    return failure();
  SmallVector<Value> yields;
  for (auto [k, v] : llvm::enumerate(dIns)) {
    // Accumulated in place, or (broadcast) this element's contribution.
    Value acc = broadcasts[k].first
                    ? arith::ConstantOp::create(nb, loc, nb.getF32FloatAttr(0))
                          .getResult()
                    : blk->getArgument(fwd.size() + dOuts.size() + k);
    for (auto [i, in] : llvm::enumerate(fwd))
      if (in.version == v)
        if (Value a = sa.adjointOf(blk->getArgument(i)))
          acc = arith::AddFOp::create(nb, loc, acc, a);
    yields.push_back(acc);
  }
  linalg::YieldOp::create(nb, loc, yields);
  b.setInsertionPointAfter(ag);
  for (auto [k, v] : llvm::enumerate(dIns))
    if (Value scratch = broadcasts[k].first)
      emitScatterAdd(b, loc, scratch, broadcasts[k].second, adj(v));
  return success();
}

std::string TrainGenerator::broadcastBuffer(const StepOp &s,
                                            StringRef version) const {
  size_t index = &s - ops.data();
  return ("train.bcast." + std::to_string(index) + "." + version).str();
}

/// dst[map(i)] += src[i] over every index i of src, in row-major order.
void TrainGenerator::emitScatterAdd(OpBuilder &b, Location loc, Value src,
                                    AffineMap map, Value dst) {
  ArrayRef<int64_t> shape = cast<MemRefType>(src.getType()).getShape();
  SmallVector<Value> ivs;
  std::function<void(OpBuilder &, unsigned)> nest = [&](OpBuilder &ob,
                                                        unsigned d) {
    if (d == shape.size()) {
      SmallVector<Value> at;
      for (AffineExpr e : map.getResults())
        at.push_back(affine::AffineApplyOp::create(
            ob, loc, AffineMap::get(map.getNumDims(), 0, e), ivs));
      Value sum = arith::AddFOp::create(
          ob, loc, memref::LoadOp::create(ob, loc, dst, at),
          memref::LoadOp::create(ob, loc, src, ivs));
      memref::StoreOp::create(ob, loc, sum, dst, at);
      return;
    }
    scf::ForOp::create(ob, loc, arith::ConstantIndexOp::create(ob, loc, 0),
                       arith::ConstantIndexOp::create(ob, loc, shape[d]),
                       arith::ConstantIndexOp::create(ob, loc, 1),
                       ValueRange{},
                       [&](OpBuilder &ib, Location, Value iv, ValueRange) {
                         ivs.push_back(iv);
                         nest(ib, d + 1);
                         ivs.pop_back();
                         scf::YieldOp::create(ib, loc);
                       });
  };
  nest(b, 0);
}

void TrainGenerator::emitMatmulAdjoint(OpBuilder &b, Location loc,
                                       const StepOp &s) {
  auto mm = cast<linalg::MatmulOp>(s.op);
  std::string a = s.reads.lookup(nameOf(mm.getDpsInputOperand(0)->get()));
  std::string w = s.reads.lookup(nameOf(mm.getDpsInputOperand(1)->get()));
  std::string c = nameOf(mm.getDpsInitsMutable()[0].get());
  std::string cOld = s.reads.lookup(c), cNew = s.writes.lookup(c);
  Value dC = adj(cNew);
  if (isActive(cOld))
    addInto(b, loc, dC, adj(cOld));
  // dA[b, i] += sum_j dC[b, j] W[i, j]
  if (isActive(a))
    emitProduct(b, loc, "nt", dC, buf(w), adj(a));
  // A hoisted product's: one product over all steps after the backward
  // loop (emitHoistedGradients), from dC of every step.
  if (isActive(w) && isHoisted(s)) {
    copy(b, loc, dC, slot(b, loc, buf("train.dproduct." + cNew), backwardStep));
    return;
  }
  // dW[i, j] += sum_b A[b, i] dC[b, j]
  if (isActive(w))
    emitProduct(b, loc, "tn", buf(a), dC, adj(w));
}

void TrainGenerator::emitRowsAdjoint(OpBuilder &b, Location loc,
                                     const StepOp &s) {
  auto rows = s.op->getAttrOfType<DictionaryAttr>(kRowsAttr);
  auto name = [&](StringRef key) {
    return cast<StringAttr>(rows.get(key)).str();
  };
  std::string src = s.reads.lookup(name("source"));
  std::string w = s.reads.lookup(name("weight"));
  std::string inOld = s.reads.lookup(name("target"));
  Value dIn = adj(s.writes.lookup(name("target")));
  if (isActive(inOld))
    addInto(b, loc, dIn, adj(inOld));
  bool dSource = isActive(src), dWeight = isActive(w);
  if (!dSource && !dWeight)
    return;
  auto global = [&](StringRef key) -> Value {
    auto sym = rows.getAs<FlatSymbolRefAttr>(key);
    if (!sym)
      return {};
    auto g = module.lookupSymbol<memref::GlobalOp>(sym.getAttr());
    return memref::GetGlobalOp::create(b, loc, g.getType(), sym.getValue());
  };
  Value indptr = global("indptr"), indices = global("indices"),
        weightIndex = global("weight_index");
  Value source = buf(src), weight = buf(w);
  Value dSrc = dSource ? adj(src) : Value();
  Value dW = dWeight ? adj(w) : Value();
  auto shape = cast<MemRefType>(source.getType()).getShape();
  Value c0 = cIndex(b, loc, 0), c1 = cIndex(b, loc, 1);
  auto load = [&](OpBuilder &ob, Value m, ValueRange at) -> Value {
    return memref::LoadOp::create(ob, loc, m, at);
  };
  auto index = [&](OpBuilder &ob, Value m, Value at) -> Value {
    return arith::IndexCastOp::create(ob, loc, ob.getIndexType(),
                                      load(ob, m, at));
  };
  // Over the synapses k of row i: `visit(builder, k, weight slot, din)`.
  auto eachSynapse = [&](OpBuilder &ob, Value e, Value i, ValueRange init,
                         function_ref<SmallVector<Value>(
                             OpBuilder &, Value, Value, ValueRange)>
                             visit) {
    Value lo = index(ob, indptr, i);
    Value hi = index(ob, indptr, arith::AddIOp::create(ob, loc, i, c1));
    return scf::ForOp::create(
        ob, loc, lo, hi, c1, init,
        [&](OpBuilder &kb, Location, Value k, ValueRange acc) {
          Value j = index(kb, indices, k);
          Value slotK = weightIndex ? index(kb, weightIndex, k) : k;
          Value d = load(kb, dIn, ValueRange{e, j});
          scf::YieldOp::create(kb, loc, visit(kb, slotK, d, acc));
        });
  };
  auto entries = scf::ForOp::create(
      b, loc, c0, cIndex(b, loc, shape[0]), c1, ValueRange{},
      [&](OpBuilder &eb, Location, Value e, ValueRange) {
        scf::ForOp::create(
            eb, loc, c0, cIndex(eb, loc, shape[1]), c1, ValueRange{},
            [&](OpBuilder &ib, Location, Value i, ValueRange) {
              if (dSrc) {
                Value zero =
                    arith::ConstantOp::create(ib, loc, ib.getF32FloatAttr(0));
                auto sum = eachSynapse(
                    ib, e, i, ValueRange{zero},
                    [&](OpBuilder &kb, Value k, Value d, ValueRange acc) {
                      Value wk = load(kb, weight, ValueRange{k});
                      return SmallVector<Value>{arith::AddFOp::create(
                          kb, loc, acc[0],
                          arith::MulFOp::create(kb, loc, wk, d))};
                    });
                Value cur = load(ib, dSrc, ValueRange{e, i});
                memref::StoreOp::create(
                    ib, loc,
                    arith::AddFOp::create(ib, loc, cur, sum.getResult(0)),
                    dSrc, ValueRange{e, i});
              }
              if (dW) {
                // Only the sources that sent something add to dw.
                Value sent = load(ib, source, ValueRange{e, i});
                auto ifSent = scf::IfOp::create(
                    ib, loc, isNonZero(ib, loc, sent), false);
                OpBuilder tb = OpBuilder::atBlockBegin(ifSent.thenBlock());
                Value sf = asF32(tb, loc, sent);
                eachSynapse(tb, e, i, ValueRange{},
                            [&](OpBuilder &kb, Value k, Value d, ValueRange) {
                              Value cur = load(kb, dW, ValueRange{k});
                              Value add = arith::AddFOp::create(
                                  kb, loc, cur,
                                  arith::MulFOp::create(kb, loc, sf, d));
                              memref::StoreOp::create(kb, loc, add, dW,
                                                      ValueRange{k});
                              return SmallVector<Value>{};
                            });
              }
              scf::YieldOp::create(ib, loc);
            });
        scf::YieldOp::create(eb, loc);
      });
  // Each (entry, source) writes its own ds and adds into dw: a parallel
  // loop for the CUDA target (--snn-rows-to-parallel).
  entries->setAttr(kParallelRowsAttr, b.getUnitAttr());
}

void mlir::snn::adjoint::emitProduct(OpBuilder &b, Location loc,
                                     StringRef form, Value a, Value w,
                                     Value c) {
  MLIRContext *ctx = b.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  auto map = [&](AffineExpr x, AffineExpr y) {
    return AffineMap::get(3, 0, {x, y}, ctx);
  };
  AffineMap aMap = form == "tn" ? map(d(2), d(0)) : map(d(0), d(2));
  AffineMap wMap = form == "nt" ? map(d(1), d(2)) : map(d(2), d(1));
  using utils::IteratorType;
  linalg::GenericOp::create(
      b, loc, ValueRange{a, w}, ValueRange{c},
      ArrayRef<AffineMap>{aMap, wMap, map(d(0), d(1))},
      {IteratorType::parallel, IteratorType::parallel, IteratorType::reduction},
      [](OpBuilder &nb, Location nl, ValueRange args) {
        Value p = arith::MulFOp::create(nb, nl, asF32(nb, nl, args[0]),
                                        asF32(nb, nl, args[1]));
        linalg::YieldOp::create(
            nb, nl, ValueRange{arith::AddFOp::create(nb, nl, args[2], p)});
      })
      ->setAttr(kProductAttr, b.getStringAttr(form));
}
