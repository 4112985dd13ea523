//===- CudaTarget.h - snn-compile --target=cuda -----------------*- C++ -*-===//
//
// Lowers a parsed network through `snn-to-cuda` and writes what --emit
// names: the module after the pipeline (mlir), or the kernels as PTX (one
// file per kernel module), a cubin per module through the CUDA toolkit's
// ptxas when it is on PATH, and the host code as LLVM IR (ptx, the
// default). docs/cuda.md.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TOOLS_SNNCOMPILE_CUDATARGET_H
#define SNN_TOOLS_SNNCOMPILE_CUDATARGET_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"

namespace snncompile {

/// Returns the tool's exit code (0 on success; errors are printed).
int emitCuda(mlir::ModuleOp module, llvm::StringRef network,
             llvm::StringRef kind, llvm::StringRef dir, llvm::StringRef arch,
             bool announce);

} // namespace snncompile

#endif // SNN_TOOLS_SNNCOMPILE_CUDATARGET_H
