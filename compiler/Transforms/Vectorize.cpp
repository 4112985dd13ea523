//===- Vectorize.cpp - vectorise elementwise kernels in tiles --------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNVECTORIZE
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {

constexpr int64_t kLanes = 16;

/// Kernels with random draws stay scalar: the n-D vector form of Philox's
/// widening multiply (arith.mului_extended) does not lower to LLVM.
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

struct Vectorize : mlir::snn::impl::SNNVectorizeBase<Vectorize> {
  using SNNVectorizeBase::SNNVectorizeBase;

  void runOnOperation() override {
    SmallVector<linalg::GenericOp> kernels;
    getOperation().walk([&](linalg::GenericOp op) {
      if (isElementwiseKernel(op))
        kernels.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : kernels) {
      // Kernels with random draws, and every kernel when vectors are off,
      // keep scalar tiles: worth having only when they run in parallel.
      bool scalar = drawsRandomNumbers(op) || !vectors;
      bool inParallel = parallel && elements(op) >= minParallelElements;
      if (scalar && !inParallel)
        continue;
      rewriter.setInsertionPoint(op);
      scf::SCFTilingOptions options;
      options.setTileSizes(
          {rewriter.getIndexAttr(1), rewriter.getIndexAttr(kLanes)});
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
            linalg::vectorize(rewriter, tile, {1, kLanes}, {false, false});
        if (succeeded(vec))
          rewriter.eraseOp(tile);
      }
    }
    // vector<1x16xf32> -> vector<16xf32>: one-dimensional (masked) transfers
    // lower straight to (masked) loads and stores, with no staging buffer
    // on the stack, which an OpenMP loop body could not promote to registers.
    RewritePatternSet patterns(&getContext());
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::populateVectorTransferDropUnitDimsPatterns(patterns);
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
