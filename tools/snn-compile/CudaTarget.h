//===- CudaTarget.h - snn-compile --target=cuda -----------------*- C++ -*-===//
//
// Lowers a parsed network through `snn-to-cuda` and writes what --emit
// names into DIR: the module after the pipeline (mlir); the kernels as PTX
// (one file per kernel module), a cubin per module through the CUDA
// toolkit's ptxas when it is on PATH, and the host code as LLVM IR (ptx);
// or all that and the host code compiled: `<net>.o`, `<net>.h` and
// `lib<net>.so`, which libsnnrt loads and runs on a GPU (lib).
// docs/cuda.md.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TOOLS_SNNCOMPILE_CUDATARGET_H
#define SNN_TOOLS_SNNCOMPILE_CUDATARGET_H

#include "compiler/Target/CpuObject.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"

namespace snncompile {

/// Returns the tool's exit code (0 on success; errors are printed). `net`
/// has the network's name, dt, batch and source; the buffers are added.
int emitCuda(mlir::ModuleOp module, mlir::snn::NetworkDescription &net,
             llvm::StringRef kind, llvm::StringRef dir, llvm::StringRef arch,
             bool announce);

} // namespace snncompile

#endif // SNN_TOOLS_SNNCOMPILE_CUDATARGET_H
