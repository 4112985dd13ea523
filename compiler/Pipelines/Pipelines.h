//===- Pipelines.h - snn-to-<target> pipelines ------------------*- C++ -*-===//

#ifndef SNN_PIPELINES_PIPELINES_H
#define SNN_PIPELINES_PIPELINES_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"

namespace mlir::snn {

/// snn dialect -> LLVM dialect for the host CPU: schedule, linalg to loops,
/// then the upstream conversions to LLVM. What comes out translates with
/// `mlir-translate --mlir-to-llvmir`.
void buildSNNToCPUPipeline(OpPassManager &pm);

/// The part of `snn-to-cpu` after `--snn-schedule`: scheduled functions
/// (linalg on memrefs) to the LLVM dialect.
void buildScheduledToLLVMPipeline(OpPassManager &pm);

/// Registers the dialects and interface implementations the pipelines use
/// (linalg's tiling interface, value bounds) in `registry`: every tool that
/// runs a pipeline calls this.
void registerPipelineDialects(DialectRegistry &registry);

/// Registers `snn-to-cpu` (and later targets) with the pass registry.
void registerSNNPipelines();

} // namespace mlir::snn

#endif // SNN_PIPELINES_PIPELINES_H
