//===- NirLinks.h - what NIR's links do to a shape --------------*- C++ -*-===//
//
// The nodes on the path from one population to the next (Affine, Linear,
// Scale, Delay, Flatten, Conv1d, Conv2d, SumPool2d, AvgPool2d; a nested
// graph's Input and Output pass values on): the shape each makes of its
// input and, for a window, the snn connectivity it becomes (docs/nir.md).
//
//===----------------------------------------------------------------------===//

#ifndef SNN_COMPILER_IMPORT_NIRLINKS_H
#define SNN_COMPILER_IMPORT_NIRLINKS_H

#include "compiler/Import/NirFile.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <utility>
#include <vector>

namespace mlir::snn::nir {

/// The output shape of link `n` (named `name`; `pass` for a nested graph's
/// Input or Output) for an input of shape `in`, and for a convolution or
/// pooling the `#snn.` connectivity attribute as text (else empty). Errors
/// name `file`, the node and the field.
llvm::Expected<std::pair<std::vector<int64_t>, std::string>>
linkOutput(const Node &n, llvm::StringRef name, bool pass,
           llvm::ArrayRef<int64_t> in, llvm::StringRef file);

} // namespace mlir::snn::nir

#endif // SNN_COMPILER_IMPORT_NIRLINKS_H
