//===- ScalarAdjoint.cpp - reverse mode of a kernel body -------------------===//

#include "compiler/Transforms/Adjoint/ScalarAdjoint.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::adjoint;

Value ScalarAdjoint::constant(Type type, double v) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, v));
}

void ScalarAdjoint::accumulate(Value v, Value adjoint) {
  auto [it, fresh] = adjoints.try_emplace(v, adjoint);
  if (!fresh)
    it->second = arith::AddFOp::create(b, loc, it->second, adjoint);
}

static bool isZeroConstant(Value v) {
  return matchPattern(v, m_Zero()) || matchPattern(v, m_AnyZeroFloat());
}

void ScalarAdjoint::findSpikes(ArrayRef<Operation *> ops) {
  for (Operation *op : ops) {
    if (auto cmp = dyn_cast<arith::CmpFOp>(op)) {
      if (cmp->hasAttr(kHeavisideAttr))
        spikes.insert(cmp.getResult());
    } else if (isa<arith::ExtUIOp, arith::ExtSIOp, arith::TruncIOp>(op)) {
      if (spikes.contains(op->getOperand(0)))
        spikes.insert(op->getResult(0));
    } else if (auto cmp = dyn_cast<arith::CmpIOp>(op)) {
      // spike != 0
      if (cmp.getPredicate() == arith::CmpIPredicate::ne &&
          ((spikes.contains(cmp.getLhs()) && isZeroConstant(cmp.getRhs())) ||
           (spikes.contains(cmp.getRhs()) && isZeroConstant(cmp.getLhs()))))
        spikes.insert(cmp.getResult());
    }
  }
}

LogicalResult ScalarAdjoint::propagate(ArrayRef<Operation *> ops,
                                       StringRef what) {
  findSpikes(ops);
  if (trackVaried)
    for (Operation *op : ops)
      if (llvm::any_of(op->getOperands(),
                       [&](Value v) { return varied.contains(v); }))
        varied.insert(op->result_begin(), op->result_end());
  for (Operation *op : llvm::reverse(ops))
    if (failed(reverse(op, what)))
      return failure();
  return success();
}

LogicalResult ScalarAdjoint::reverse(Operation *op, StringRef what) {
  // Only values something flowed into need their operands' adjoints.
  Value g;
  for (Value r : op->getResults())
    if (Value a = adjointOf(r)) {
      if (g || op->getNumResults() != 1)
        return op->emitError() << what << ": no derivative of '"
                               << op->getName() << "' (several results)";
      g = a;
    }
  // Constants (and anything else without operands, or that depends on no
  // trained value) pass nothing on.
  if (!g || op->getNumOperands() == 0 ||
      (trackVaried && llvm::none_of(op->getResults(), [&](Value v) {
         return varied.contains(v);
       })))
    return success();
  Value r = op->getResult(0);
  Type f = g.getType();
  auto mul = [&](Value x, Value y) -> Value {
    return arith::MulFOp::create(b, loc, x, y);
  };
  auto neg = [&](Value x) -> Value { return arith::NegFOp::create(b, loc, x); };
  auto pick = [&](Value cond, bool whenTrue) -> Value {
    Value zero = constant(f, 0.0);
    return arith::SelectOp::create(b, loc, cond, whenTrue ? g : zero,
                                   whenTrue ? zero : g);
  };
  bool known = true;
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](arith::AddFOp o) {
        accumulate(o.getLhs(), g);
        accumulate(o.getRhs(), g);
      })
      .Case([&](arith::SubFOp o) {
        accumulate(o.getLhs(), g);
        accumulate(o.getRhs(), neg(g));
      })
      .Case([&](arith::MulFOp o) {
        accumulate(o.getLhs(), mul(g, o.getRhs()));
        accumulate(o.getRhs(), mul(g, o.getLhs()));
      })
      .Case([&](arith::DivFOp o) {
        // d(a / b) = da / b - (a / b) db / b
        accumulate(o.getLhs(), arith::DivFOp::create(b, loc, g, o.getRhs()));
        accumulate(o.getRhs(),
                   neg(arith::DivFOp::create(b, loc, mul(g, r), o.getRhs())));
      })
      .Case([&](arith::NegFOp o) { accumulate(o.getOperand(), neg(g)); })
      .Case([&](math::ExpOp o) { accumulate(o.getOperand(), mul(g, r)); })
      .Case([&](math::LogOp o) {
        accumulate(o.getOperand(),
                   arith::DivFOp::create(b, loc, g, o.getOperand()));
      })
      .Case([&](math::TanhOp o) {
        Value one = constant(f, 1.0);
        accumulate(o.getOperand(),
                   mul(g, arith::SubFOp::create(b, loc, one, mul(r, r))));
      })
      .Case([&](math::SqrtOp o) {
        accumulate(o.getOperand(),
                   arith::DivFOp::create(b, loc, mul(g, constant(f, 0.5)), r));
      })
      .Case([&](math::AbsFOp o) {
        Value pos = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE,
                                          o.getOperand(), constant(f, 0.0));
        accumulate(o.getOperand(), arith::SelectOp::create(b, loc, pos, g, neg(g)));
      })
      .Case([&](math::FmaOp o) {
        accumulate(o.getA(), mul(g, o.getB()));
        accumulate(o.getB(), mul(g, o.getA()));
        accumulate(o.getC(), g);
      })
      .Case([&](math::PowFOp o) {
        // d(a^e) = e a^(e - 1) da + a^e log(a) de
        Value em1 = arith::SubFOp::create(b, loc, o.getRhs(), constant(f, 1.0));
        Value p = math::PowFOp::create(b, loc, o.getLhs(), em1);
        accumulate(o.getLhs(), mul(g, mul(o.getRhs(), p)));
        accumulate(o.getRhs(),
                   mul(g, mul(r, math::LogOp::create(b, loc, o.getLhs()))));
      })
      .Case<arith::MaximumFOp, arith::MaxNumFOp, arith::MinimumFOp,
            arith::MinNumFOp>([&](Operation *o) {
        // The larger (smaller) operand gets the gradient; ties go to the
        // first.
        bool max = isa<arith::MaximumFOp, arith::MaxNumFOp>(o);
        Value first = arith::CmpFOp::create(
            b, loc, max ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OLE,
            o->getOperand(0), o->getOperand(1));
        accumulate(o->getOperand(0), pick(first, true));
        accumulate(o->getOperand(1), pick(first, false));
      })
      .Case([&](arith::SelectOp o) {
        if (!isa<FloatType>(o.getType())) {
          known = false;
          return;
        }
        accumulate(o.getTrueValue(), pick(o.getCondition(), true));
        accumulate(o.getFalseValue(), pick(o.getCondition(), false));
        // select(s, a, b) = s a + (1 - s) b for a spike s.
        if (throughSpikeSelects && isSpike(o.getCondition()))
          accumulate(o.getCondition(),
                     mul(g, arith::SubFOp::create(b, loc, o.getTrueValue(),
                                                  o.getFalseValue())));
      })
      .Case<arith::UIToFPOp, arith::SIToFPOp>([&](Operation *o) {
        // Integers carry no gradient, except spikes.
        if (isSpike(o->getOperand(0)))
          accumulate(o->getOperand(0), g);
      })
      .Case<arith::ExtFOp, arith::TruncFOp>(
          [&](Operation *o) { accumulate(o->getOperand(0), g); })
      .Case([&](arith::CmpFOp o) {
        if (!o->hasAttr(kHeavisideAttr)) {
          known = false;
          return;
        }
        // d spike = surrogate'(m) dm, with m = lhs - rhs.
        Value m = arith::SubFOp::create(b, loc, o.getLhs(), o.getRhs());
        Value d = mul(g, surrogateDerivative(b, loc, surrogate, m));
        accumulate(o.getLhs(), d);
        accumulate(o.getRhs(), neg(d));
      })
      .Case<arith::ExtUIOp, arith::ExtSIOp, arith::TruncIOp, arith::CmpIOp>(
          [&](Operation *o) {
            if (!isSpike(r)) {
              known = false;
              return;
            }
            for (Value in : o->getOperands())
              if (isSpike(in))
                accumulate(in, g);
          })
      .Default([&](Operation *) { known = false; });
  if (!known)
    return op->emitError() << what << ": no derivative of '" << op->getName()
                           << "'; training needs one on this path";
  return success();
}
