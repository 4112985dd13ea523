//===- ParallelToGPU.cpp - parallel loops as CUDA grids --------------------===//
//
// --snn-parallel-to-gpu maps every outermost `scf.parallel` of a function
// (a kernel of the step after --convert-linalg-to-parallel-loops) to a
// `gpu.launch` of one-dimensional blocks: thread `b * blockDim + t` of the
// grid runs iteration `b * blockDim + t` of the loop, its indices recovered
// from that number (the last dimension fastest, as the loop's buffers are
// laid out), and threads past the iteration count do nothing. Sequential
// loops inside the body (a product's sum over k) stay in each thread. Loops
// with reductions, and code outside parallel loops (the step counter, the
// compressed-row deliveries), stay on the host, which reaches the buffers
// through managed memory (docs/cuda.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNPARALLELTOGPU
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {

struct ParallelToGPU
    : mlir::snn::impl::SNNParallelToGPUBase<ParallelToGPU> {
  using SNNParallelToGPUBase::SNNParallelToGPUBase;

  void runOnOperation() override {
    SmallVector<scf::ParallelOp> loops;
    getOperation().walk([&](scf::ParallelOp loop) {
      if (!loop->getParentOfType<scf::ParallelOp>() &&
          !loop->getParentOfType<gpu::LaunchOp>() && loop.getNumResults() == 0)
        loops.push_back(loop);
    });
    for (scf::ParallelOp loop : loops)
      launch(loop);
  }

  void launch(scf::ParallelOp loop) {
    Location loc = loop.getLoc();
    OpBuilder b(loop);
    auto cst = [&](OpBuilder &ob, int64_t v) -> Value {
      return arith::ConstantIndexOp::create(ob, loc, v);
    };
    // Iterations per dimension, and in all.
    SmallVector<Value> counts;
    Value total = cst(b, 1);
    for (auto [lb, ub, step] : llvm::zip(loop.getLowerBound(),
                                         loop.getUpperBound(), loop.getStep())) {
      Value span = arith::SubIOp::create(b, loc, ub, lb);
      Value count = arith::CeilDivSIOp::create(b, loc, span, step);
      count = arith::MaxSIOp::create(b, loc, count, cst(b, 0));
      counts.push_back(count);
      total = arith::MulIOp::create(b, loc, total, count);
    }
    // A grid of at least one block (CUDA rejects an empty one).
    Value block = cst(b, blockSize);
    Value blocks = arith::MaxSIOp::create(
        b, loc, arith::CeilDivSIOp::create(b, loc, total, block), cst(b, 1));
    Value one = cst(b, 1);
    auto launchOp = gpu::LaunchOp::create(b, loc, blocks, one, one, block, one,
                                          one);
    Block &body = launchOp.getBody().front();
    OpBuilder kb = OpBuilder::atBlockEnd(&body);
    Value index = arith::AddIOp::create(
        kb, loc,
        arith::MulIOp::create(kb, loc, launchOp.getBlockIds().x,
                              launchOp.getBlockSize().x),
        launchOp.getThreadIds().x);
    Value inside = arith::CmpIOp::create(kb, loc, arith::CmpIPredicate::ult,
                                         index, total);
    auto guard = scf::IfOp::create(kb, loc, inside, /*withElse=*/false);
    OpBuilder ib = OpBuilder::atBlockBegin(guard.thenBlock());
    // The loop's indices from the thread's number, the last fastest.
    IRMapping map;
    Value rest = index;
    for (int d = static_cast<int>(counts.size()) - 1; d >= 0; --d) {
      Value i = d == 0 ? rest : arith::RemUIOp::create(ib, loc, rest, counts[d]);
      if (d > 0)
        rest = arith::DivUIOp::create(ib, loc, rest, counts[d]);
      Value iv = arith::AddIOp::create(
          ib, loc, loop.getLowerBound()[d],
          arith::MulIOp::create(ib, loc, i, loop.getStep()[d]));
      map.map(loop.getInductionVars()[d], iv);
    }
    for (Operation &op : loop.getBody()->without_terminator())
      ib.clone(op, map);
    gpu::TerminatorOp::create(kb, loc);
    loop.erase();
  }
};

} // namespace
