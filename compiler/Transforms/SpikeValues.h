//===- SpikeValues.h - reading what a source emits --------------*- C++ -*-===//
//
// A spiking population's `<pop>.spike` buffer holds u8 (0 or 1, i8 in the
// IR; DESIGN.md §2.4), a graded population's value is f32. Delivery, the
// spike lists and the counters read either through these helpers.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TRANSFORMS_SPIKEVALUES_H
#define SNN_TRANSFORMS_SPIKEVALUES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::snn {

/// `v` (a scalar or vector of spikes or graded values) as f32: spikes
/// 0 and 1 become 0.0 and 1.0.
inline Value asF32(OpBuilder &b, Location loc, Value v) {
  Type t = v.getType();
  Type element = getElementTypeOrSelf(t);
  if (element.isF32())
    return v;
  Type f32 = b.getF32Type();
  if (auto vec = dyn_cast<VectorType>(t))
    f32 = vec.clone(b.getF32Type());
  return arith::UIToFPOp::create(b, loc, f32, v);
}

/// Whether `v` (scalar or vector) is non-zero: a spike fired, or a graded
/// value is to be delivered.
inline Value isNonZero(OpBuilder &b, Location loc, Value v) {
  Type t = v.getType();
  Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(t));
  if (isa<FloatType>(getElementTypeOrSelf(t)))
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE, v, zero);
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, v, zero);
}

/// The spike (1 or 0, i8) for a condition.
inline Value spikeOf(OpBuilder &b, Location loc, Value fired) {
  return arith::ExtUIOp::create(b, loc, b.getI8Type(), fired);
}

} // namespace mlir::snn

#endif // SNN_TRANSFORMS_SPIKEVALUES_H
