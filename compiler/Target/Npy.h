//===- Npy.h - write .npy files ---------------------------------*- C++ -*-===//
//
// The .npy format (numpy's documented header plus raw little-endian data) is
// small enough to write directly; snnc writes float32 arrays in C order.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TARGET_NPY_H
#define SNN_TARGET_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>

namespace mlir::snn {

/// Writes `data` (row-major, `shape`) as a float32 .npy file.
llvm::Error writeNpy(llvm::StringRef path, llvm::ArrayRef<int64_t> shape,
                     llvm::ArrayRef<float> data);

/// Writes a float32 .npy file piece by piece: the header (with the full
/// shape) first, then the data in row-major order as it is produced.
class NpyWriter {
public:
  static llvm::Expected<std::unique_ptr<NpyWriter>>
  create(llvm::StringRef path, llvm::ArrayRef<int64_t> shape);
  ~NpyWriter();
  void append(llvm::ArrayRef<float> data);
  /// Fails if fewer or more values than the shape holds were appended.
  llvm::Error close();

private:
  NpyWriter() = default;
  struct Impl;
  std::unique_ptr<Impl> impl;
};

} // namespace mlir::snn

#endif // SNN_TARGET_NPY_H
