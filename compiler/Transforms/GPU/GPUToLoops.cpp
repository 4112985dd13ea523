//===- GPUToLoops.cpp - CUDA grids as loops on the CPU ---------------------===//
//
// --snn-gpu-to-loops runs each `gpu.launch` on the host: its body inside
// loops over the blocks and the threads of every dimension, with the
// launch's block and thread ids and sizes bound to the loop indices and
// bounds. A kernel whose threads are independent (no barriers, no shared
// memory: what --snn-parallel-to-gpu emits) computes the same there as on
// a device, so the kernels' indexing and guards are tested on machines
// without one (docs/cuda.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNGPUTOLOOPS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {

struct GPUToLoops : mlir::snn::impl::SNNGPUToLoopsBase<GPUToLoops> {
  void runOnOperation() override {
    SmallVector<gpu::LaunchOp> launches;
    getOperation().walk([&](gpu::LaunchOp l) { launches.push_back(l); });
    for (gpu::LaunchOp l : launches)
      if (failed(unroll(l)))
        return signalPassFailure();
  }

  LogicalResult unroll(gpu::LaunchOp launch) {
    if (!launch.getBody().hasOneBlock() || launch.getAsyncToken() ||
        !launch.getWorkgroupAttributions().empty() ||
        !launch.getPrivateAttributions().empty())
      return launch.emitOpError()
             << "snn-gpu-to-loops: only single-block, synchronous launches "
                "without workgroup or private memory run as loops";
    bool barrier = false;
    launch.getBody().walk([&](gpu::BarrierOp) { barrier = true; });
    if (barrier)
      return launch.emitOpError()
             << "snn-gpu-to-loops: a kernel with barriers cannot run as "
                "sequential loops";
    Location loc = launch.getLoc();
    OpBuilder b(launch);
    gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
    gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
    SmallVector<Value> bounds = {grid.x, grid.y, grid.z,
                                 block.x, block.y, block.z};
    gpu::KernelDim3 bids = launch.getBlockIds(), tids = launch.getThreadIds();
    SmallVector<Value> ids = {bids.x, bids.y, bids.z, tids.x, tids.y, tids.z};
    IRMapping map;
    gpu::KernelDim3 gridArgs = launch.getGridSize();
    gpu::KernelDim3 blockArgs = launch.getBlockSize();
    for (auto [arg, v] : llvm::zip(
             SmallVector<Value>{gridArgs.x, gridArgs.y, gridArgs.z,
                                blockArgs.x, blockArgs.y, blockArgs.z},
             bounds))
      map.map(arg, v);
    Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
    Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
    std::function<void(OpBuilder &, unsigned)> nest = [&](OpBuilder &ob,
                                                          unsigned d) {
      if (d == bounds.size()) {
        for (Operation &op : launch.getBody().front().without_terminator())
          ob.clone(op, map);
        return;
      }
      scf::ForOp::create(ob, loc, c0, bounds[d], c1, ValueRange{},
                         [&](OpBuilder &ib, Location, Value iv, ValueRange) {
                           map.map(ids[d], iv);
                           nest(ib, d + 1);
                           scf::YieldOp::create(ib, loc);
                         });
    };
    nest(b, 0);
    launch.erase();
    return success();
  }
};

} // namespace
