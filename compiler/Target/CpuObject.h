//===- CpuObject.h - object file, shared library and C header ---*- C++ -*-===//
//
// For a network `@net` lowered by snn-to-cpu, writes
//   net.h    a C header: the state and recorder structs (one named pointer
//            per buffer), size macros, and the functions below;
//   net.o    the compiled network plus C entry points that take those
//            structs: net_describe, net_init, net_run (no positional ABI);
//   libnet.so the same as a shared library, for the runtime to load.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TARGET_CPUOBJECT_H
#define SNN_TARGET_CPUOBJECT_H

#include "compiler/Target/NetworkABI.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace mlir::snn {

struct NetworkDescription {
  std::string name;
  double dt = 0;
  int64_t batch = 1;
  std::vector<BufferInfo> buffers;
  std::string source; // the input file, for the header's comment
  /// Whether the network declares training: it then has <net>_train_step
  /// and <net>_forward (docs/training.md).
  bool trains = false;
};

/// Drops the buffers' names and roles (`snn.*` argument attributes) from the
/// lowered functions: LLVM IR has no place for them (the translation would
/// warn about each); the network's description keeps them.
void dropBufferAttributes(ModuleOp lowered);

/// Translates the lowered module to LLVM IR and adds the C entry points.
llvm::Expected<std::unique_ptr<llvm::Module>>
buildCpuModule(ModuleOp lowered, const NetworkDescription &net,
               llvm::LLVMContext &context);

/// The C header for `net`.
std::string generateHeader(const NetworkDescription &net);

/// Compiles `module` for `cpu` ("host" for this machine, or an LLVM CPU
/// name such as "x86-64" for a portable baseline) into an object file or
/// assembly, position independent so it can go into a shared library.
llvm::Error emitObject(llvm::Module &module, llvm::StringRef cpu,
                       llvm::StringRef path, bool assembly);

/// Links an object into a shared library with ld.lld; `openmp` adds libomp
/// (for code compiled with snn-to-cpu{threads}); `runtime`, a path to
/// libsnnrt.so, adds it (a CUDA network's launches call its mgpu*
/// functions), found where it is at run time too.
llvm::Error linkSharedLibrary(llvm::StringRef object, llvm::StringRef path,
                              bool openmp = false,
                              llvm::StringRef runtime = "");

} // namespace mlir::snn

#endif // SNN_TARGET_CPUOBJECT_H
