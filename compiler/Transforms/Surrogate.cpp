//===- Surrogate.cpp - the derivative a spike stands for -------------------===//

#include "compiler/Transforms/Surrogate.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;

Value mlir::snn::surrogateDerivative(OpBuilder &b, Location loc,
                                     const Surrogate &s, Value margin) {
  Type f32 = margin.getType();
  auto c = [&](double v) -> Value {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(f32, v));
  };
  Value k = c(s.slope);
  Value one = c(1.0);
  if (s.kind == "arctan") {
    // (k / 2) / (1 + (pi k m / 2)^2)
    Value x = arith::MulFOp::create(b, loc, c(M_PI * s.slope / 2.0), margin);
    Value den = arith::AddFOp::create(b, loc, one,
                                      arith::MulFOp::create(b, loc, x, x));
    return arith::DivFOp::create(b, loc, c(s.slope / 2.0), den);
  }
  Value km = arith::MulFOp::create(b, loc, k, math::AbsFOp::create(b, loc, margin));
  if (s.kind == "triangle") // k max(0, 1 - k |m|)
    return arith::MulFOp::create(
        b, loc, k,
        arith::MaximumFOp::create(b, loc, c(0.0),
                                  arith::SubFOp::create(b, loc, one, km)));
  // fast_sigmoid and superspike: 1 / (1 + k |m|)^2
  Value d = arith::AddFOp::create(b, loc, one, km);
  return arith::DivFOp::create(b, loc, one, arith::MulFOp::create(b, loc, d, d));
}
