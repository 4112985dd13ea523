//===- Passes.h - passes on the snn dialect ---------------------*- C++ -*-===//

#ifndef SNN_TRANSFORMS_PASSES_H
#define SNN_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::snn {

#define GEN_PASS_DECL
#include "compiler/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/Transforms/Passes.h.inc"

} // namespace mlir::snn

#endif // SNN_TRANSFORMS_PASSES_H
