//===- KernelMath.cpp - math functions a kernel computes itself -----------===//
//
// --snn-kernel-math rewrites the math ops inside `gpu.launch` bodies into
// code the device runs without a library: transcendental functions (exp,
// log, tanh, erf, sin, cos, ... and powf, through their expansions) become
// polynomial approximations in arith ops; absf and copysign bit operations;
// sqrt Newton steps from an estimate in the exponent bits; floor, ceil and
// trunc the integer part, corrected; log10 through log. The NVVM lowering would otherwise call
// libdevice's `__nv_*` functions, which exist only where the CUDA
// toolkit's libdevice is found at compile time. Running
// before --snn-gpu-to-loops too, the CPU form of the kernels computes the
// same approximations, so the suite checks them against the CPU target.
// With `everywhere`, every math op of the function is rewritten: the HLS
// target's kernels compute these approximations in C++, and the CPU
// target's fp-strict mode computes the same (docs/hls.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace mlir::snn {
#define GEN_PASS_DEF_SNNKERNELMATH
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {

/// f32 bit manipulation helpers.
struct Bits {
  OpBuilder &b;
  Location loc;
  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  Value asInt(Value x) { return arith::BitcastOp::create(b, loc, i32, x); }
  Value asFloat(Value x) { return arith::BitcastOp::create(b, loc, f32, x); }
  Value i(int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(v));
  }
  Value f(double v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  }
  Value andI(Value x, uint32_t mask) {
    return arith::AndIOp::create(b, loc, x, i(static_cast<int32_t>(mask)));
  }
};

/// A rewrite of an f32 math op into the value `build` computes.
template <typename MathOp>
struct F32Rewrite : OpRewritePattern<MathOp> {
  using OpRewritePattern<MathOp>::OpRewritePattern;
  virtual Value build(MathOp op, Bits &k) const = 0;
  LogicalResult matchAndRewrite(MathOp op,
                                PatternRewriter &rewriter) const final {
    if (!op.getType().isF32())
      return failure();
    Bits k{rewriter, op.getLoc()};
    rewriter.replaceOp(op, build(op, k));
    return success();
  }
};

/// |x|: the sign bit cleared (exact, NaNs kept).
struct AbsF : F32Rewrite<math::AbsFOp> {
  using F32Rewrite::F32Rewrite;
  Value build(math::AbsFOp op, Bits &k) const override {
    return k.asFloat(k.andI(k.asInt(op.getOperand()), 0x7fffffff));
  }
};

/// copysign(x, y): x's magnitude, y's sign bit (exact).
struct CopySign : F32Rewrite<math::CopySignOp> {
  using F32Rewrite::F32Rewrite;
  Value build(math::CopySignOp op, Bits &k) const override {
    Value mag = k.andI(k.asInt(op.getLhs()), 0x7fffffff);
    Value sign = k.andI(k.asInt(op.getRhs()), 0x80000000u);
    return k.asFloat(arith::OrIOp::create(k.b, k.loc, mag, sign));
  }
};

/// sqrt(x): an estimate of 1/sqrt(x) from the exponent bits, refined by
/// Newton steps (three on 1/sqrt, one on sqrt: within an ulp or two of
/// the rounded root); 0, +inf and NaN as they are, negative x NaN.
struct Sqrt : F32Rewrite<math::SqrtOp> {
  using F32Rewrite::F32Rewrite;
  Value build(math::SqrtOp op, Bits &k) const override {
    OpBuilder &b = k.b;
    Location loc = k.loc;
    Value x = op.getOperand();
    auto mul = [&](Value a, Value c) -> Value {
      return arith::MulFOp::create(b, loc, a, c);
    };
    Value half = mul(x, k.f(0.5));
    Value y = k.asFloat(arith::SubIOp::create(
        b, loc, k.i(0x5f3759df),
        arith::ShRUIOp::create(b, loc, k.asInt(x), k.i(1))));
    for (int step = 0; step < 3; ++step)
      y = mul(y, arith::SubFOp::create(b, loc, k.f(1.5), mul(half, mul(y, y))));
    Value s = mul(x, y);
    s = mul(k.f(0.5), arith::AddFOp::create(
                          b, loc, s, arith::DivFOp::create(b, loc, x, s)));
    auto cmp = [&](arith::CmpFPredicate p, Value a, Value c) -> Value {
      return arith::CmpFOp::create(b, loc, p, a, c);
    };
    // x itself where it is 0, +inf or NaN; NaN below 0.
    Value keep = arith::OrIOp::create(
        b, loc,
        arith::OrIOp::create(b, loc, cmp(arith::CmpFPredicate::OEQ, x, k.f(0.0)),
                             cmp(arith::CmpFPredicate::OEQ, x,
                                 k.f(std::numeric_limits<float>::infinity()))),
        cmp(arith::CmpFPredicate::UNO, x, x));
    Value r = arith::SelectOp::create(b, loc, keep, x, s);
    return arith::SelectOp::create(
        b, loc, cmp(arith::CmpFPredicate::OLT, x, k.f(0.0)),
        k.f(std::numeric_limits<float>::quiet_NaN()), r);
  }
};

/// floor, ceil and trunc: through the integer part where |x| < 2^23
/// (above it, and for NaN, every f32 is an integer already).
enum class Rounding { Down, Up, TowardZero };
template <typename MathOp, Rounding mode>
struct Round : F32Rewrite<MathOp> {
  using F32Rewrite<MathOp>::F32Rewrite;
  Value build(MathOp op, Bits &k) const override {
    OpBuilder &b = k.b;
    Location loc = k.loc;
    Value x = op.getOperand();
    Value t = arith::SIToFPOp::create(
        b, loc, k.f32, arith::FPToSIOp::create(b, loc, k.i32, x));
    // Truncation rounds toward zero; step once where it went the wrong way.
    Value r = t;
    if (mode != Rounding::TowardZero) {
      bool up = mode == Rounding::Up;
      Value wrong = arith::CmpFOp::create(
          b, loc, up ? arith::CmpFPredicate::OLT : arith::CmpFPredicate::OGT,
          t, x);
      Value stepped =
          up ? arith::AddFOp::create(b, loc, t, k.f(1.0)).getResult()
             : arith::SubFOp::create(b, loc, t, k.f(1.0)).getResult();
      r = arith::SelectOp::create(b, loc, wrong, stepped, t);
    }
    Value small = arith::CmpFOp::create(
        b, loc, arith::CmpFPredicate::OLT,
        k.asFloat(k.andI(k.asInt(x), 0x7fffffff)), k.f(8388608.0));
    // (-0.5 rounds up to -0.0; keep the sign of x for a zero result.)
    Value zero =
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, r, k.f(0.0));
    Value signed0 = k.asFloat(k.andI(k.asInt(x), 0x80000000u));
    r = arith::SelectOp::create(b, loc, zero, signed0, r);
    return arith::SelectOp::create(b, loc, small, r, x);
  }
};

/// log10(x) = log(x) / ln 10 (log is then approximated).
struct Log10 : F32Rewrite<math::Log10Op> {
  using F32Rewrite::F32Rewrite;
  Value build(math::Log10Op op, Bits &k) const override {
    Value ln = math::LogOp::create(k.b, k.loc, op.getOperand());
    return arith::MulFOp::create(k.b, k.loc, ln, k.f(0.43429448190325182));
  }
};

struct KernelMath : mlir::snn::impl::SNNKernelMathBase<KernelMath> {
  using SNNKernelMathBase::SNNKernelMathBase;
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    if (libmFallback) {
      // The CPU: only the transcendental functions; sqrt, floor and the
      // like are exact instructions there.
      populateMathPolynomialApproximationPatterns(patterns, [](StringRef name) {
        return llvm::is_contained(
            {"math.exp", "math.expm1", "math.log", "math.log1p", "math.log2",
             "math.tanh", "math.erf", "math.erfc", "math.sin", "math.cos",
             "math.atan", "math.atan2", "math.asin", "math.acos",
             "math.cbrt"},
            name);
      });
    } else {
      math::populateExpansionPatterns(patterns);
      populateMathPolynomialApproximationPatterns(
          patterns, [](StringRef) { return true; });
      patterns.add<AbsF, CopySign, Sqrt, Log10,
                   Round<math::FloorOp, Rounding::Down>,
                   Round<math::CeilOp, Rounding::Up>,
                   Round<math::TruncOp, Rounding::TowardZero>>(&getContext(),
                                                               /*benefit=*/2);
    }
    FrozenRewritePatternSet frozen(std::move(patterns));
    SmallVector<Operation *> launches;
    if (everywhere)
      launches.push_back(getOperation());
    else
      getOperation().walk([&](gpu::LaunchOp l) { launches.push_back(l); });
    for (Operation *launch : launches) {
      if (failed(applyPatternsGreedily(launch, frozen)))
        return signalPassFailure();
      if (libmFallback)
        continue; // what is left becomes LLVM's intrinsics (libm)
      // What is left would need libdevice.
      WalkResult left = launch->walk([&](Operation *op) {
        // (Integer math, such as absi, has NVVM instructions.)
        if (op->getDialect() && op->getDialect()->getNamespace() == "math" &&
            llvm::any_of(op->getResultTypes(), [](Type t) {
              return isa<FloatType>(getElementTypeOrSelf(t));
            })) {
          op->emitError() << "snn-kernel-math: no device form of '"
                          << op->getName() << "' (docs/cuda.md)";
          return WalkResult::interrupt();
        }
        return WalkResult::advance();
      });
      if (left.wasInterrupted())
        return signalPassFailure();
    }
  }
};

} // namespace
