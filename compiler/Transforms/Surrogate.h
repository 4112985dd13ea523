//===- Surrogate.h - the derivative a spike stands for ----------*- C++ -*-===//
//
// A spike is H(margin); training (the adjoint's threshold) and e-prop
// (`snn.get_post_surrogate`) replace its derivative by a surrogate of the
// margin. The formulas are those of `snn.train` (docs/training.md).
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TRANSFORMS_SURROGATE_H
#define SNN_TRANSFORMS_SURROGATE_H

#include "mlir/IR/Builders.h"

#include <string>

namespace mlir::snn {

/// The derivative a spike stands for: d spike / d margin.
struct Surrogate {
  std::string kind = "fast_sigmoid"; // fast_sigmoid, superspike, arctan, triangle
  float slope = 1.0f;
};

/// Emits d spike / d margin at `margin` (f32).
Value surrogateDerivative(OpBuilder &b, Location loc, const Surrogate &s,
                          Value margin);

} // namespace mlir::snn

#endif // SNN_TRANSFORMS_SURROGATE_H
