//===- NirText.h - writing an imported network as dialect text --*- C++ -*-===//

#ifndef SNN_COMPILER_IMPORT_NIRTEXT_H
#define SNN_COMPILER_IMPORT_NIRTEXT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstdio>
#include <functional>
#include <numeric>
#include <string>

namespace mlir::snn::nir::text {

/// A value as the import writes it: enough digits for an f32.
inline std::string number(double v) { return llvm::formatv("{0:e9}", v).str(); }

/// A value for a message: six significant digits, no trailing zeros.
inline std::string readable(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}

/// f32 data as a flat `dense<[...]> : tensor<Nxf32>` (row-major).
inline std::string dataText(llvm::ArrayRef<double> values) {
  std::string s = "dense<[";
  for (auto [i, v] : llvm::enumerate(values))
    s += (i ? ", " : "") + number(v);
  return s + "]> : tensor<" + std::to_string(values.size()) + "xf32>";
}

/// A per-neuron parameter: one value when all agree, else data.
inline std::string paramText(llvm::ArrayRef<double> values) {
  if (llvm::all_equal(values) && !values.empty())
    return number(values[0]);
  return dataText(values);
}

inline int64_t product(llvm::ArrayRef<int64_t> shape) {
  return std::accumulate(shape.begin(), shape.end(), int64_t(1),
                         std::multiplies<int64_t>());
}

/// `3`, or `[1, 6, 6]`, as the dialect writes a population's shape.
inline std::string shapeText(llvm::ArrayRef<int64_t> shape) {
  if (shape.size() == 1)
    return std::to_string(shape[0]);
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

} // namespace mlir::snn::nir::text

#endif // SNN_COMPILER_IMPORT_NIRTEXT_H
