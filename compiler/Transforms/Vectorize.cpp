//===- Vectorize.cpp - vectorise elementwise kernels in tiles --------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNVECTORIZE
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {

constexpr int64_t kLanes = 16;

/// Kernels with random draws stay scalar (the n-D vector form of Philox's
/// widening multiply, arith.mului_extended, does not lower to LLVM), but
/// for the one-dimensional kernels of collapseBatch.
bool drawsRandomNumbers(linalg::GenericOp op) {
  bool found = false;
  op.getRegion().walk([&](arith::MulUIExtendedOp) { found = true; });
  return found;
}

bool isElementwiseKernel(linalg::GenericOp op) {
  return op.hasPureBufferSemantics() && op.getNumLoops() == 2 &&
         llvm::all_of(op.getIteratorTypesArray(),
                      [](utils::IteratorType t) {
                        return t == utils::IteratorType::parallel;
                      }) &&
         llvm::none_of(op.getStaticLoopRanges(), ShapedType::isDynamic);
}

int64_t elements(linalg::GenericOp op) {
  int64_t n = 1;
  for (int64_t d : op.getStaticLoopRanges())
    n *= d;
  return n;
}

/// How an operand of a [batch, neurons] kernel reads its buffer, and thus
/// whether the kernel can become one loop over batch * neurons elements.
enum class Reads { Elementwise, Scalar, BatchOnly, NeuronOnly, Other };

Reads classify(AffineMap map) {
  if (map.getNumResults() == 0)
    return Reads::Scalar;
  if (map.isIdentity())
    return Reads::Elementwise;
  if (map.getNumResults() == 1 &&
      map.getResult(0) == getAffineDimExpr(0, map.getContext()))
    return Reads::BatchOnly;
  if (map.getNumResults() == 1 &&
      map.getResult(0) == getAffineDimExpr(1, map.getContext()))
    return Reads::NeuronOnly;
  return Reads::Other;
}

/// How a collapsed kernel reads operands of one value per entry or per
/// neuron: not at all (such kernels stay as they are), by memref.load in the
/// body (scalar loops), or by tensor.extract of a bufferization.to_tensor
/// view, which linalg::vectorize turns into a gather (replaced by a gather
/// from the memref afterwards: restoreBufferReads).
enum class BodyReads { None, Loads, Extracts };

/// A kernel over [B, N] with B > 1 as one over B * N elements, so that its
/// tiles of 16 span batch entries: with small populations (N of a few
/// neurons, as when every entry is one individual of an evolving
/// population) tiles within one entry are mostly masked lanes. Every
/// element is computed as before; only the grouping into tiles changes.
/// [B, N] operands are collapsed, scalars stay scalars, operands of one
/// value per entry or per neuron are read in the body at k / N and k % N as
/// `reads` says. linalg.index ops are recovered from k the same way.
/// Returns the new kernel, or null when the kernel does not qualify.
linalg::GenericOp collapseBatch(IRRewriter &rewriter, linalg::GenericOp op,
                                BodyReads reads) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t batch = ranges[0], neurons = ranges[1];
  if (batch <= 1)
    return {};
  MLIRContext *ctx = op.getContext();
  AffineExpr k = getAffineDimExpr(0, ctx);
  SmallVector<AffineMap> maps;
  SmallVector<Value> operands;
  SmallVector<unsigned> loadedInBody;
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    Value value = operand.get();
    switch (classify(map)) {
    case Reads::Scalar:
      maps.push_back(AffineMap::get(1, 0, {}, ctx));
      break;
    case Reads::Elementwise: {
      auto type = dyn_cast<MemRefType>(value.getType());
      if (!type || !type.getLayout().isIdentity())
        return {};
      value = memref::CollapseShapeOp::create(
          rewriter, loc, value, ArrayRef<ReassociationIndices>{{0, 1}});
      maps.push_back(AffineMap::get(1, 0, {k}, ctx));
      break;
    }
    case Reads::BatchOnly:
    case Reads::NeuronOnly:
      if (reads == BodyReads::None || op.isDpsInit(&operand) ||
          !isa<MemRefType>(value.getType()))
        return {};
      loadedInBody.push_back(operand.getOperandNumber());
      continue;
    case Reads::Other:
      return {};
    }
    operands.push_back(value);
  }
  unsigned numInputs = op.getNumDpsInputs() - loadedInBody.size();
  auto collapsed = linalg::GenericOp::create(
      rewriter, loc, TypeRange{}, ValueRange(operands).take_front(numInputs),
      ValueRange(operands).drop_front(numInputs), maps,
      SmallVector<utils::IteratorType>{utils::IteratorType::parallel});
  collapsed->setDiscardableAttrs(op->getDiscardableAttrDictionary());
  rewriter.inlineRegionBefore(op.getRegion(), collapsed.getRegion(),
                              collapsed.getRegion().end());
  // The original indices from the flat one: entry k / N, neuron k % N.
  auto original = [&](Location at, unsigned dim) -> Value {
    Value flat = linalg::IndexOp::create(rewriter, at, 0);
    Value n = arith::ConstantIndexOp::create(rewriter, at, neurons);
    if (dim == 0)
      return arith::DivUIOp::create(rewriter, at, flat, n);
    return arith::RemUIOp::create(rewriter, at, flat, n);
  };
  SmallVector<linalg::IndexOp> indices;
  collapsed.getRegion().walk(
      [&](linalg::IndexOp index) { indices.push_back(index); });
  for (linalg::IndexOp index : indices) {
    rewriter.setInsertionPoint(index);
    rewriter.replaceOp(index, original(index.getLoc(), index.getDim()));
  }
  // Operands of one value per entry or per neuron are read in the body
  // (linalg.generic's indexing maps would need floordiv and mod, which
  // neither the vectoriser nor LLVM's loop vectoriser takes).
  Block &body = collapsed.getRegion().front();
  for (unsigned number : llvm::reverse(loadedInBody)) {
    unsigned dim = classify(op.getIndexingMapsArray()[number]) ==
                           Reads::BatchOnly
                       ? 0
                       : 1;
    Value buffer = op->getOperand(number);
    Value loaded;
    if (reads == BodyReads::Loads) {
      rewriter.setInsertionPointToStart(&body);
      loaded = memref::LoadOp::create(rewriter, loc, buffer,
                                      ValueRange{original(loc, dim)});
    } else {
      auto type = cast<MemRefType>(buffer.getType());
      rewriter.setInsertionPoint(collapsed);
      Value view = bufferization::ToTensorOp::create(
          rewriter, loc,
          RankedTensorType::get(type.getShape(), type.getElementType()),
          buffer, /*restrict=*/true, /*writable=*/false);
      rewriter.setInsertionPointToStart(&body);
      loaded = tensor::ExtractOp::create(rewriter, loc, view,
                                         ValueRange{original(loc, dim)});
    }
    rewriter.replaceAllUsesWith(body.getArgument(number), loaded);
    body.eraseArgument(number);
  }
  rewriter.eraseOp(op);
  return collapsed;
}

/// The stack a function's expanded operands (expandInvariantReads) may
/// take.
constexpr int64_t kMaxExpandedBytes = 64 * 1024;

/// Before collapseBatch, for a kernel directly in a time loop at the
/// function's top level: operands of one value per entry or per neuron that
/// nothing in the loop writes (a random stream's seeds, per-neuron
/// parameters) are copied once, before the loop, into [B, N] buffers on the
/// stack, which the kernel then reads elementwise: contiguous vector loads
/// at every step instead of a gather per tile. `stack` counts the bytes
/// taken in the function so far.
void expandInvariantReads(IRRewriter &rewriter, linalg::GenericOp op,
                          int64_t &stack) {
  auto loop = dyn_cast_or_null<scf::ForOp>(op->getParentOp());
  if (!loop || !isa<func::FuncOp>(loop->getParentOp()))
    return;
  SmallVector<int64_t> shape = op.getStaticLoopRanges();
  MLIRContext *ctx = op.getContext();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(2, ctx);
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  bool changed = false;
  for (OpOperand *operand : op.getDpsInputOperands()) {
    AffineMap map = maps[operand->getOperandNumber()];
    Reads reads = classify(map);
    auto type = dyn_cast<MemRefType>(operand->get().getType());
    if ((reads != Reads::BatchOnly && reads != Reads::NeuronOnly) || !type ||
        snn::mayWriteThroughViews(loop, operand->get()))
      continue;
    Type element = type.getElementType();
    int64_t bytes = shape[0] * shape[1] *
                    std::max<int64_t>(1, element.getIntOrFloatBitWidth() / 8);
    if (stack + bytes > kMaxExpandedBytes)
      continue;
    stack += bytes;
    rewriter.setInsertionPoint(loop);
    Location loc = op.getLoc();
    Value expanded = memref::AllocaOp::create(
        rewriter, loc, MemRefType::get(shape, element));
    linalg::GenericOp::create(
        rewriter, loc, ValueRange{operand->get()}, ValueRange{expanded},
        SmallVector<AffineMap>{map, identity},
        SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
        [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l, args[0]);
        });
    rewriter.modifyOpInPlace(op, [&] { operand->set(expanded); });
    maps[operand->getOperandNumber()] = identity;
    changed = true;
  }
  if (changed)
    rewriter.modifyOpInPlace(op, [&] {
      op.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(maps));
    });
}

/// After vectorisation: reads of bufferization.to_tensor views (the
/// gathers and broadcasts linalg::vectorize made of collapseBatch's
/// tensor.extract ops, or the extracts of a tile it did not vectorise) read
/// the memref itself, and the views go.
void restoreBufferReads(IRRewriter &rewriter, Operation *root) {
  SmallVector<bufferization::ToTensorOp> views;
  root->walk([&](bufferization::ToTensorOp view) { views.push_back(view); });
  for (bufferization::ToTensorOp view : views) {
    Value buffer = view.getBuffer();
    for (OpOperand &use : llvm::make_early_inc_range(view->getUses())) {
      Operation *user = use.getOwner();
      if (auto extract = dyn_cast<tensor::ExtractOp>(user)) {
        rewriter.setInsertionPoint(extract);
        rewriter.replaceOpWithNewOp<memref::LoadOp>(extract, buffer,
                                                    extract.getIndices());
      } else if (isa<vector::GatherOp, vector::TransferReadOp>(user)) {
        rewriter.modifyOpInPlace(user, [&] { use.set(buffer); });
      }
    }
    if (view->use_empty())
      rewriter.eraseOp(view);
  }
}

/// `v` as `splat(c)` of an index constant, if it is one.
std::optional<int64_t> splatIndex(Value v) {
  auto cst = v.getDefiningOp<arith::ConstantOp>();
  auto dense = cst ? dyn_cast<DenseIntElementsAttr>(cst.getValue()) : nullptr;
  if (!dense || !dense.isSplat())
    return std::nullopt;
  return dense.getSplatValue<APInt>().getSExtValue();
}

/// After vectorisation: a tile of a collapsed kernel reads an operand of
/// one value per neuron with a gather at lanes (k + i) % N, k the tile's
/// first element. Where every tile starts at a multiple of N (16 lanes of
/// a population of 1, 2, 4, 8 or 16 neurons), that is the gather at lanes
/// i % N, the same for every tile: it is done once, before the tile loop,
/// if the loop does not write the buffer (the shared draws of a step, read
/// by every entry's tiles). Other gathers stay.
void hoistTileInvariantGathers(IRRewriter &rewriter, Operation *root) {
  SmallVector<vector::GatherOp> gathers;
  root->walk([&](vector::GatherOp g) { gathers.push_back(g); });
  for (vector::GatherOp g : gathers) {
    auto loop = dyn_cast<scf::ForOp>(g->getParentOp());
    if (!loop)
      continue;
    auto rem = g.getIndices().getDefiningOp<arith::RemUIOp>();
    auto add = rem ? rem.getLhs().getDefiningOp<arith::AddIOp>() : nullptr;
    std::optional<int64_t> n = rem ? splatIndex(rem.getRhs()) : std::nullopt;
    std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
    std::optional<int64_t> step = getConstantIntValue(loop.getStep());
    if (!add || !n || *n <= 0 || !lb || !step || *lb % *n || *step % *n)
      continue;
    Value lanes = add.getRhs(), start = add.getLhs();
    if (!lanes.getDefiningOp<vector::StepOp>())
      std::swap(lanes, start);
    auto first = start.getDefiningOp<vector::BroadcastOp>();
    if (!lanes.getDefiningOp<vector::StepOp>() || !first ||
        first.getSource() != loop.getInductionVar())
      continue;
    // The gather's operands must be defined before the loop, or be
    // constants (cloned there).
    auto outside = [&](Value v) {
      return !loop->isAncestor(v.getParentRegion()->getParentOp());
    };
    auto available = [&](Value v) {
      return outside(v) || matchPattern(v, m_Constant());
    };
    if (!outside(g.getBase()) || !llvm::all_of(g.getOffsets(), available) ||
        !available(g.getMask()) || !available(g.getPassThru()) ||
        snn::mayWriteThroughViews(loop, g.getBase()))
      continue;
    rewriter.setInsertionPoint(loop);
    auto before = [&](Value v) -> Value {
      return outside(v) ? v : rewriter.clone(*v.getDefiningOp())->getResult(0);
    };
    SmallVector<Value> offsets;
    for (Value offset : g.getOffsets())
      offsets.push_back(before(offset));
    Value base = g.getBase(), mask = before(g.getMask()),
          passThru = before(g.getPassThru()), divisor = before(rem.getRhs());
    Location loc = g.getLoc();
    auto indexType = cast<VectorType>(g.getIndices().getType());
    Value lane = vector::StepOp::create(rewriter, loc, indexType);
    Value index = arith::RemUIOp::create(rewriter, loc, lane, divisor);
    Value once = vector::GatherOp::create(rewriter, loc, g.getVectorType(),
                                          base, offsets, index, mask, passThru);
    rewriter.replaceOp(g, once);
  }
}

/// arith.mului_extended of vector<2n x i32>: the low halves are one 32-bit
/// multiply of all lanes (pmulld); the high halves come from n 64-bit
/// products of the even lanes and n of the odd ones (the i32 vector seen as
/// i64 lanes, little endian: lane 2j is the low half of i64 lane j), each
/// multiplying two values below 2^32, which x86 does in one instruction
/// (pmuludq) without widening the vector; an odd lane's high half is
/// already in place in its product, an even lane's is its product shifted
/// down, and one lane select (a single two-source shuffle) joins them:
/// Philox's rounds in vectorised random kernels. The default lowering
/// zero-extends to twice as many i64 lanes and shuffles the halves back.
struct EvenOddMulExtended : OpRewritePattern<arith::MulUIExtendedOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::MulUIExtendedOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<VectorType>(op.getType(0));
    if (!type || type.getRank() != 1 || type.isScalable() ||
        type.getNumElements() % 2 != 0 || !type.getElementType().isInteger(32))
      return failure();
    Location loc = op.getLoc();
    auto wide =
        VectorType::get({type.getNumElements() / 2}, rewriter.getI64Type());
    auto splat = [&](uint64_t v) -> Value {
      return arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(
              wide, rewriter.getI64IntegerAttr(int64_t(v)).getValue()));
    };
    Value low32 = splat(0xffffffffu), c32 = splat(32);
    Value a = vector::BitCastOp::create(rewriter, loc, wide, op.getLhs());
    Value b = vector::BitCastOp::create(rewriter, loc, wide, op.getRhs());
    auto even = [&](Value x) {
      return arith::AndIOp::create(rewriter, loc, x, low32);
    };
    auto odd = [&](Value x) {
      return arith::ShRUIOp::create(rewriter, loc, x, c32);
    };
    Value pe = arith::MulIOp::create(rewriter, loc, even(a), even(b));
    Value po = arith::MulIOp::create(rewriter, loc, odd(a), odd(b));
    Value lo = arith::MulIOp::create(rewriter, loc, op.getLhs(), op.getRhs());
    Value peHi = vector::BitCastOp::create(
        rewriter, loc, type, arith::ShRUIOp::create(rewriter, loc, pe, c32));
    Value poAsI32 = vector::BitCastOp::create(rewriter, loc, type, po);
    SmallVector<bool> oddLanes;
    for (int64_t i = 0; i < type.getNumElements(); ++i)
      oddLanes.push_back(i % 2 == 1);
    Value mask = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(
            VectorType::get({type.getNumElements()}, rewriter.getI1Type()),
            ArrayRef<bool>(oddLanes)));
    Value hi = arith::SelectOp::create(rewriter, loc, mask, poAsI32, peHi);
    rewriter.replaceOp(op, {lo, hi});
    return success();
  }
};

struct Vectorize : mlir::snn::impl::SNNVectorizeBase<Vectorize> {
  using SNNVectorizeBase::SNNVectorizeBase;

  void runOnOperation() override {
    SmallVector<linalg::GenericOp> kernels;
    getOperation().walk([&](linalg::GenericOp op) {
      if (isElementwiseKernel(op))
        kernels.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    int64_t expandedBytes = 0; // this function's
    for (linalg::GenericOp op : kernels) {
      // Kernels with random draws, and every kernel when vectors are off,
      // keep scalar tiles: worth having only when they run in parallel.
      bool random = drawsRandomNumbers(op);
      bool scalar = random || !vectors;
      bool inParallel = parallel && !snn::inSequentialFunction(op) &&
                        elements(op) >= minParallelElements;
      // Populations narrower than a tile: their kernels become one loop
      // over every entry's neurons, reading per-entry values (a random
      // stream's seed) and per-neuron ones in the body. Random draws are
      // then vectorised too, each tile's lanes spanning entries (a wider
      // population's draws are left to LLVM's loop vectoriser, which
      // handles a long scalar loop over neurons better than 16-lane i64
      // tiles). Other kernels are collapsed only where every operand is
      // [B, N] or a scalar.
      int64_t neurons = op.getStaticLoopRanges()[1];
      bool narrow = neurons < kLanes && !inParallel;
      BodyReads reads = BodyReads::None;
      if (narrow)
        reads = vectors ? BodyReads::Extracts : BodyReads::Loads;
      if (narrow && vectors && op.getStaticLoopRanges()[0] > 1)
        expandInvariantReads(rewriter, op, expandedBytes);
      if (linalg::GenericOp flat = collapseBatch(rewriter, op, reads)) {
        op = flat;
        if (random && vectors && narrow)
          scalar = false;
      }
      if (scalar && !inParallel)
        continue;
      rewriter.setInsertionPoint(op);
      scf::SCFTilingOptions options;
      SmallVector<OpFoldResult> tiles = {rewriter.getIndexAttr(kLanes)};
      if (op.getNumLoops() == 2)
        tiles.insert(tiles.begin(), rewriter.getIndexAttr(1));
      options.setTileSizes(tiles);
      if (inParallel)
        options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
          rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled))
        continue; // the kernel stays as it is
      rewriter.eraseOp(op);
      if (scalar)
        continue;
      for (Operation *tile : tiled->tiledOps) {
        rewriter.setInsertionPoint(tile);
        // Vector sizes make the last, partial tile a masked one.
        FailureOr<linalg::VectorizationResult> vec =
            linalg::vectorize(rewriter, tile,
                              op.getNumLoops() == 2
                                  ? SmallVector<int64_t>{1, kLanes}
                                  : SmallVector<int64_t>{kLanes},
                              SmallVector<bool>(op.getNumLoops(), false));
        if (succeeded(vec))
          rewriter.eraseOp(tile);
      }
    }
    restoreBufferReads(rewriter, getOperation());
    hoistTileInvariantGathers(rewriter, getOperation());
    // vector<1x16xf32> -> vector<16xf32>: one-dimensional (masked) transfers
    // lower straight to (masked) loads and stores, with no staging buffer
    // on the stack, which an OpenMP loop body could not promote to registers.
    RewritePatternSet patterns(&getContext());
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::populateVectorTransferDropUnitDimsPatterns(patterns);
    patterns.add<EvenOddMulExtended>(&getContext());
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
