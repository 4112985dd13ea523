//===- NetworkABI.h - the buffers of a scheduled network --------*- C++ -*-===//
//
// After --snn-schedule, `@<net>_run`'s arguments name every buffer
// (`snn.buffer`, `snn.role`, `snn.every`, `snn.source`). Everything that hands buffers to
// compiled code — the JIT, the generated header and its C wrappers — reads
// them from there, never from argument positions.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TARGET_NETWORKABI_H
#define SNN_TARGET_NETWORKABI_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::snn {

/// One buffer of a compiled network.
struct BufferInfo {
  std::string name;  // "exc.v"
  std::string role;  // parameter, state, weight, input, scratch, monitor, seed,
                     // and for training gradient, optimizer, output, ewc, tape
  bool isI64 = false;
  bool isU8 = false; // spikes: 0 or 1 in a byte
  /// As compiled code stores it (monitors: [rows, batch, n], rows per run;
  /// spike bits: [rows, batch, ceil(n / 64)] words).
  std::vector<int64_t> shape;
  int64_t every = 1;          // monitors only
  std::string source;         // monitors: the buffer recorded ("exc.v")
  /// Spike monitors recorded as bits: n, the neurons per row (neuron i is
  /// bit i % 64 of word i / 64); 0 otherwise.
  int64_t bits = 0;
  /// What the buffer holds: `shape` with n as the last dimension for bits.
  std::vector<int64_t> logicalShape() const;
  /// The describe table's dtype code: 0 float32, 1 int64, 2 spike bits,
  /// 3 uint8.
  int32_t dtypeCode() const { return bits ? 2 : isI64 ? 1 : isU8 ? 3 : 0; }
  /// Bytes of one element as stored.
  size_t elementBytes() const { return isI64 ? 8 : isU8 ? 1 : 4; }
  /// The C type of a pointer to the buffer.
  const char *cType() const {
    return bits ? "uint64_t" : isI64 ? "int64_t" : isU8 ? "uint8_t" : "float";
  }
  /// The name as a C identifier: "exc.port.ge" -> "exc_port_ge".
  std::string cName() const;
  int64_t numElements() const;
};

/// The buffers `@<net>_run` takes after `steps`, in its argument order; the
/// monitors come last and are the only buffers `@<net>_init` does not take.
llvm::Expected<std::vector<BufferInfo>> describeBuffers(func::FuncOp run);

} // namespace mlir::snn

#endif // SNN_TARGET_NETWORKABI_H
