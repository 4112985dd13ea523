//===- HLSKernelArgs.h - the HLS project's view of kernel buffers -*- C++ -*-===//
//
// Shared by the parts of compiler/Target that write the HLS project
// (HLSProject.cpp, HLSTestbench.cpp); not an interface of its own.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TARGET_HLSKERNELARGS_H
#define SNN_TARGET_HLSKERNELARGS_H

#include "compiler/Target/HLSProject.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::snn::hls {

/// A buffer as an argument of the kernel's top functions.
struct KernelArg {
  std::string name;  // "exc.v"
  std::string role;  // state, weight, ...
  std::string id;    // "exc_v": the C identifier
  std::string cType; // "snn_real" (an f32 buffer), "int8_t", "int64_t", ...
  std::vector<int64_t> shape;
  int64_t elements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
  /// "[1][3200]"
  std::string dims() const {
    std::string s;
    for (int64_t d : shape)
      s += "[" + std::to_string(d) + "]";
    return s;
  }
  bool isSpike() const { return cType == "int8_t"; }
  /// An f32 buffer of the network: `snn_real` in the kernel, float32 in
  /// the recordings.
  bool isReal() const { return cType == "snn_real"; }
  /// Bytes per element in the recordings (float32 for real buffers).
  int64_t recordedBytes() const {
    return cType == "int64_t" || cType == "double" ? 8
           : cType == "int8_t" || cType == "bool"  ? 1
           : cType == "int16_t"                    ? 2
                                                   : 4;
  }
  /// "&b_exc_v[0][0]": the first element, as a flat pointer.
  std::string first(llvm::StringRef prefix) const {
    std::string s = "&" + prefix.str() + id;
    for (size_t d = 0; d < shape.size(); ++d)
      s += "[0]";
    return s;
  }
};

/// A buffer name as a C identifier: "exc.port.ge" -> "exc_port_ge".
std::string cIdentifier(llvm::StringRef name);

/// "prefix" + each argument's identifier, comma-separated.
std::string argumentList(llvm::ArrayRef<KernelArg> args,
                         llvm::StringRef prefix = "");

/// The C simulation testbench (`<net>_tb.cpp`): init as the CPU target
/// did, the `replayed` buffers set from data/replay.*, `ref.steps` steps,
/// every monitored buffer compared on the steps its monitor records and
/// the final state and weights after the last; with `fixedPoint`, by
/// default statistically (spike counts, means).
void printTestbench(llvm::raw_ostream &os, llvm::StringRef net,
                    llvm::StringRef header, llvm::ArrayRef<KernelArg> initArgs,
                    llvm::ArrayRef<KernelArg> stepArgs,
                    llvm::ArrayRef<const RecordedBuffer *> replayed,
                    const HLSReference &ref, bool fixedPoint);

} // namespace mlir::snn::hls

#endif // SNN_TARGET_HLSKERNELARGS_H
