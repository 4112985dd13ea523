//===- HlsTarget.h - snn-compile --target=hls -------------------*- C++ -*-===//
//
// The CPU target (fp-strict) runs the network and records what it did;
// `snn-to-hls` lowers the network to C++; compiler/Target/HLSProject writes
// the kernel, the testbench that compares the two, and the Vitis HLS
// script into DIR. docs/hls.md.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TOOLS_SNNCOMPILE_HLSTARGET_H
#define SNN_TOOLS_SNNCOMPILE_HLSTARGET_H

#include "compiler/Target/CpuObject.h"
#include "compiler/Target/HLSProject.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace snncompile {

/// Loads `lib` (the network compiled for the CPU in fp-strict mode) with
/// libsnnrt, seeds entry b with `seed` + b, runs init, loads the checkpoint
/// `load` (if not empty), binds `inputs` (NAME=FILE.npy), runs `steps`
/// steps and keeps what the testbench needs: the inputs, and after a
/// checkpoint also every state, weight and parameter buffer, to replay
/// after init. Returns the exit code.
int recordHLSReference(llvm::StringRef lib,
                       const mlir::snn::NetworkDescription &net,
                       llvm::StringRef load,
                       llvm::ArrayRef<std::string> inputs, int64_t steps,
                       uint64_t seed, mlir::snn::HLSReference &reference);

/// Lowers `module` (one network, not yet scheduled) through snn-to-hls and
/// writes the project into `dir`. Returns the exit code.
int emitHls(mlir::ModuleOp module, const mlir::snn::NetworkDescription &net,
            llvm::StringRef dir, bool announce,
            const mlir::snn::HLSReference &reference,
            const mlir::snn::HLSProjectOptions &options);

} // namespace snncompile

#endif // SNN_TOOLS_SNNCOMPILE_HLSTARGET_H
