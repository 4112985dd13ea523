//===- Init.cpp - the init and reset functions -----------------------------===//
//
// `@<net>_init` writes every initial value: constants with linalg.fill,
// data from constant globals, random initializers from Philox keyed by the
// batch entry's seed (docs/random.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Schedule/Random.h"
#include "compiler/Transforms/Schedule/Scheduler.h"
#include "dialects/snn/IR/SNNModels.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::sched;

void Scheduler::emitInitialValue(OpBuilder &b, Location loc,
                                 const Buffer &buffer) {
  Value dst = buf(buffer.name);
  if (buffer.name == "shared_seed") {
    // Entry 0's seed, which shared draws are keyed by (each run copies it
    // again).
    syncSharedSeed(b, loc);
    return;
  }
  if (Type element = buffer.type.getElementType(); element.isInteger()) {
    // Integers (steps, event lists, spikes) start at 0.
    Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(element));
    linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{dst});
    return;
  }
  if (buffer.init && isRandomInit(buffer.init)) {
    emitRandomInit(b, loc, buffer);
    return;
  }
  if (!buffer.init || scalarOf(buffer.init)) {
    float v = buffer.init ? *scalarOf(buffer.init) : 0.0f;
    linalg::FillOp::create(b, loc, ValueRange{constF32(b, loc, v)},
                           ValueRange{dst});
    return;
  }
  // Data: a constant global shaped like one batch entry, copied (and
  // broadcast over the batch) into the buffer.
  auto data = cast<DenseFPElementsAttr>(buffer.init);
  ArrayRef<int64_t> shape = buffer.type.getShape();
  // (Per-entry weights may come with every entry's own data: copied whole.)
  bool perBatch = (buffer.role == "state" || buffer.persistent) &&
                  data.getNumElements() != buffer.type.getNumElements();
  SmallVector<int64_t> entryShape(perBatch ? shape.drop_front() : shape);
  auto globalType = MemRefType::get(entryShape, b.getF32Type());
  std::string symbol =
      ("snn.data." + net.getSymName() + "." + buffer.name).str();
  if (!module.lookupSymbol(symbol)) {
    auto entryType = RankedTensorType::get(entryShape, b.getF32Type());
    DenseElementsAttr value =
        data.isSplat()
            ? DenseElementsAttr::get(entryType,
                                     data.getSplatValue<APFloat>())
            : DenseElementsAttr::get(
                  entryType, llvm::to_vector(data.getValues<APFloat>()));
    OpBuilder globals(module.getContext());
    globals.setInsertionPoint(net);
    memref::GlobalOp::create(globals, loc, symbol,
                             globals.getStringAttr("private"), globalType,
                             value, /*constant=*/true, IntegerAttr());
  }
  Value src = memref::GetGlobalOp::create(b, loc, globalType, symbol);
  if (!perBatch) {
    linalg::CopyOp::create(b, loc, src, dst);
    return;
  }
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps = {
      AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx),
      AffineMap::getMultiDimIdentityMap(2, ctx)};
  SmallVector<utils::IteratorType> iters(2, utils::IteratorType::parallel);
  linalg::GenericOp::create(b, loc, ValueRange{src}, ValueRange{dst}, maps,
                            iters, [](OpBuilder &nb, Location nl, ValueRange a) {
                              linalg::YieldOp::create(nb, nl, a[0]);
                            });
}

LogicalResult Scheduler::emitInit() {
  func::FuncOp fn =
      declare((net.getSymName() + "_init").str(), nullptr, "", false);
  OpBuilder b = OpBuilder::atBlockBegin(&fn.getBody().front());
  Location loc = net.getLoc();
  for (const Buffer &buffer : buffers)
    if (buffer.role != "monitor" && buffer.role != "seed")
      emitInitialValue(b, loc, buffer);
  func::ReturnOp::create(b, loc);
  return success();
}

/// The bit of `<net>_reset`'s role mask that resets buffers of `role`;
/// 0 for scratch, which is always cleared.
static uint32_t resetBit(StringRef role) {
  if (role == "state")
    return 1;
  if (role == "weight")
    return 2;
  if (role == "parameter")
    return 4;
  if (role == "input")
    return 8;
  return 0;
}

LogicalResult Scheduler::emitReset() {
  Type i32 = IntegerType::get(net.getContext(), 32);
  func::FuncOp fn =
      declare((net.getSymName() + "_reset").str(), i32, "roles", false);
  Block &entry = fn.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  Location loc = net.getLoc();
  Value roles = entry.getArgument(0);
  Value zero = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
  for (const Buffer &buffer : buffers) {
    // Seeds belong to the caller, and the step number keeps counting so
    // that the next sample draws fresh random numbers.
    if (buffer.role == "monitor" || buffer.role == "seed" ||
        buffer.name == "step")
      continue;
    uint32_t bit = resetBit(buffer.role);
    if (bit == 0) {
      emitInitialValue(b, loc, buffer);
      continue;
    }
    Value masked = arith::AndIOp::create(
        b, loc, roles,
        arith::ConstantOp::create(b, loc,
                                  b.getI32IntegerAttr(static_cast<int32_t>(bit))));
    Value set =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, masked, zero);
    auto ifOp = scf::IfOp::create(b, loc, set, /*withElseRegion=*/false);
    OpBuilder tb = OpBuilder::atBlockBegin(ifOp.thenBlock());
    emitInitialValue(tb, loc, buffer);
  }
  // Per-sample mechanisms, after the roles.
  for (ProjectionOp proj : net.getBody().getOps<ProjectionOp>())
    if (FloatAttr norm = proj.getNormalizeAttr())
      emitNormalize(b, proj, norm.getValueAsDouble());
  func::ReturnOp::create(b, loc);
  return success();
}

/// Draws a buffer's initial values (docs/random.md): element index in c0,
/// draw 0 in c1, the stream "<part>/<name>" in c2, the init domain in c3.
/// Buffers with a batch dimension use each entry's seed; shared weights use
/// the first entry's.
void Scheduler::emitRandomInit(OpBuilder &b, Location loc,
                               const Buffer &buffer) {
  MLIRContext *ctx = b.getContext();
  Value dst = buf(buffer.name);
  Value seeds = buf("seed");
  ArrayRef<int64_t> shape = buffer.type.getShape();
  bool perBatch = buffer.role != "weight" || buffer.persistent;
  unsigned rank = shape.size();
  SmallVector<Value> ins;
  SmallVector<AffineMap> maps;
  Value sharedSeed;
  if (perBatch) {
    ins.push_back(seeds);
    maps.push_back(AffineMap::get(rank, 0, {getAffineDimExpr(0, ctx)}, ctx));
  } else {
    Value zero = arith::ConstantIndexOp::create(b, loc, 0);
    sharedSeed = memref::LoadOp::create(b, loc, seeds, ValueRange{zero});
  }
  maps.push_back(AffineMap::getMultiDimIdentityMap(rank, ctx));
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  uint32_t stream = streamId(buffer.stream);
  Attribute init = buffer.init;
  linalg::GenericOp::create(
      b, loc, ins, ValueRange{dst}, maps, iters,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value seed = perBatch ? args[0] : sharedSeed;
        // Row-major element index within one batch entry.
        Value index;
        for (unsigned d = perBatch ? 1 : 0; d < rank; ++d) {
          Value i = linalg::IndexOp::create(nb, nl, d);
          if (!index) {
            index = i;
            continue;
          }
          Value extent = arith::ConstantIndexOp::create(nb, nl, shape[d]);
          index = arith::AddIOp::create(
              nb, nl, arith::MulIOp::create(nb, nl, index, extent), i);
        }
        Value index32 =
            arith::IndexCastUIOp::create(nb, nl, nb.getI32Type(), index);
        Value draw0 =
            arith::ConstantOp::create(nb, nl, nb.getI32IntegerAttr(0));
        auto words = emitDraw(nb, nl, emitSeedKey(nb, nl, seed), index32,
                              draw0, stream, RandomDomain::Init);
        Value value;
        if (auto u = dyn_cast<UniformAttr>(init)) {
          double lo = u.getLow().convertToDouble();
          double hi = u.getHigh().convertToDouble();
          Value x = emitUniform(nb, nl, words[0]);
          value = arith::AddFOp::create(
              nb, nl, constF32(nb, nl, lo),
              arith::MulFOp::create(nb, nl, x, constF32(nb, nl, hi - lo)));
        } else {
          auto n = cast<NormalAttr>(init);
          Value z = emitNormal(nb, nl, words[0], words[1]);
          value = arith::AddFOp::create(
              nb, nl, constF32(nb, nl, n.getMean().convertToDouble()),
              arith::MulFOp::create(nb, nl, z,
                                    constF32(nb, nl,
                                             n.getStd().convertToDouble())));
        }
        linalg::YieldOp::create(nb, nl, value);
      });
}


/// Diehl & Cook's weight normalisation (`normalize c` on a dense
/// projection): each target's column of w[source, target] is scaled by
/// c / (its sum), a zero sum counting as 1, as BindsNET's `normalize`.
void Scheduler::emitNormalize(OpBuilder &b, ProjectionOp proj, double c) {
  Location loc = proj.getLoc();
  Value w = buf((proj.getSymName() + ".w").str());
  ArrayRef<int64_t> shape = cast<MemRefType>(w.getType()).getShape();
  Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
  Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
  Value rows = arith::ConstantIndexOp::create(b, loc, shape[0]);
  Value cols = arith::ConstantIndexOp::create(b, loc, shape[1]);
  Value zero = constF32(b, loc, 0.0f), one = constF32(b, loc, 1.0f);
  Value target = constF32(b, loc, static_cast<float>(c));
  scf::ForOp::create(
      b, loc, c0, cols, c1, ValueRange{},
      [&](OpBuilder &jb, Location, Value j, ValueRange) {
        auto sum = scf::ForOp::create(
            jb, loc, c0, rows, c1, ValueRange{zero},
            [&](OpBuilder &ib, Location, Value i, ValueRange acc) {
              Value wij = memref::LoadOp::create(ib, loc, w, ValueRange{i, j});
              scf::YieldOp::create(
                  ib, loc, ValueRange{arith::AddFOp::create(ib, loc, acc[0], wij)});
            });
        Value total = sum.getResult(0);
        Value isZero = arith::CmpFOp::create(jb, loc, arith::CmpFPredicate::OEQ,
                                             total, zero);
        Value denom = arith::SelectOp::create(jb, loc, isZero, one, total);
        Value scale = arith::DivFOp::create(jb, loc, target, denom);
        scf::ForOp::create(
            jb, loc, c0, rows, c1, ValueRange{},
            [&](OpBuilder &ib, Location, Value i, ValueRange) {
              Value wij = memref::LoadOp::create(ib, loc, w, ValueRange{i, j});
              memref::StoreOp::create(ib, loc,
                                      arith::MulFOp::create(ib, loc, wij, scale),
                                      w, ValueRange{i, j});
              scf::YieldOp::create(ib, loc);
            });
        scf::YieldOp::create(jb, loc);
      });
}
