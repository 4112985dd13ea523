//===- HLSProject.h - the C++ project of the HLS target ---------*- C++ -*-===//
//
// Writes what `snn-compile --target=hls -o DIR` produces from a module
// after `snn-to-hls` (docs/hls.md): the kernel (`<net>.cpp`, `<net>.h`,
// `snn_hls.h`), a C simulation testbench that replays the recorded inputs
// and compares every step with what the CPU target recorded (`<net>_tb.cpp`
// and `data/`), a Vitis HLS script (`run_hls.tcl`) and a Makefile for C
// simulation with g++.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TARGET_HLSPROJECT_H
#define SNN_TARGET_HLSPROJECT_H

#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/NetworkABI.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::snn {

/// One buffer's contents as bytes (row-major, as the kernel stores it).
struct RecordedBuffer {
  std::string name; // "in.p", "exc_v", "ee.w"
  std::vector<char> bytes;
};

/// A run of the CPU target (fp-strict) the testbench replays and compares
/// with.
struct HLSReference {
  int64_t steps = 0;
  /// The `seed` buffer (one per batch entry) `<net>_init` starts from.
  RecordedBuffer seed;
  /// Buffers as the run had them after init: inputs (and a checkpoint's
  /// weights and state). The testbench sets them after init; those the
  /// kernel does not have (training's) are left out.
  std::vector<RecordedBuffer> inputs;
  /// Each monitor's recording, float32 [rows, batch, n] (spikes as 0 and
  /// 1), with the monitor's description (its `every` and `source`).
  std::vector<std::pair<BufferInfo, std::vector<float>>> monitors;
  /// State and weight buffers after the last step.
  std::vector<RecordedBuffer> finals;
};

struct HLSProjectOptions {
  /// The FPGA part and clock period (ns) of run_hls.tcl.
  std::string part = "xcu250-figd2104-2L-e";
  double clockNs = 4.0;
  /// How far a value may be from the CPU target's in C simulation: 0 is
  /// bit for bit.
  double tolerance = 0.0;
  /// A line naming where the network came from, for the files' headers.
  std::string source;
  /// Fixed point: snn_real is a W-bit number with I integer bits
  /// (ap_fixed<W, I> semantics, snn_hls.h); 0 for float.
  int fixedWidth = 0, fixedInt = 0;
  /// The unroll factor the kernel's neuron loops were built with
  /// (snn-to-hls's `unroll`): the on-chip state arrays are partitioned
  /// cyclically by it.
  int64_t unroll = kDefaultHLSUnroll;
};

/// The text of snn_hls.h: SNN_PRAGMA, snn_real (float, or with
/// `fixedWidth` > 0 the fixed-point class) and the functions kernels call.
std::string hlsSupportHeader(int fixedWidth, int fixedInt);

/// Writes the project for network `net` into `dir` (created if needed);
/// `wrote` is called with each file's path. `module` holds `@<net>_init`
/// and `@<net>_step` as emitc functions; it is changed (the kernels are
/// renamed `<net>_*_kernel` and made static).
llvm::Error writeHLSProject(ModuleOp module, llvm::StringRef net,
                            const HLSReference &reference,
                            const HLSProjectOptions &options,
                            llvm::StringRef dir,
                            llvm::function_ref<void(llvm::StringRef)> wrote);

} // namespace mlir::snn

#endif // SNN_TARGET_HLSPROJECT_H
