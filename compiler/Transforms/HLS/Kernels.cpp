//===- Kernels.cpp - the functions and loops of an HLS kernel -------------===//
//
// Two passes prepare scheduled networks for C++ through EmitC
// (docs/hls.md):
//
// --snn-hls-kernels keeps `@<net>_init` and `@<net>_step` (one step
// without monitors, from --snn-schedule's step-function option) and drops
// the functions an HLS kernel does not have: `@<net>_run`, whose recorders
// grow with the steps of a call, and `@<net>_reset`. Every buffer must have
// a static shape; the C++ passes them as arrays.
//
// --snn-hls-loops runs on the loops: what C++ has no operator for becomes
// plain arithmetic (the 32x32 -> 64-bit products of the random number
// generator, IEEE maximum and minimum) or a call of a function of
// snn_hls.h (bit casts) or <math.h> (fmaf, fmodf, floorf); innermost loops
// get `SNN_PRAGMA(HLS PIPELINE II=1)` (and with `unroll` U, those of a
// static trip count U divides `SNN_PRAGMA(HLS UNROLL factor=U)`), which
// snn_hls.h turns into
// `#pragma HLS PIPELINE II=1` where an HLS tool synthesises the code
// (__SYNTHESIS__), and into nothing for a plain C++ compiler, which would
// warn about an unknown pragma; global names become C identifiers.
// A heap allocation or a math function left over is an error naming it.
// With `fixed-point`, math functions become calls of snn_hls.h's functions
// of the fixed-point snn_real instead, and uniform draws take their random
// bits as a fraction.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNHLSKERNELS
#define GEN_PASS_DEF_SNNHLSLOOPS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;

namespace {

/// The leading scalar argument of `@<net>_run` (steps) and `@<net>_reset`
/// (roles).
bool isRunOrReset(func::FuncOp fn) {
  if (fn.getNumArguments() == 0)
    return false;
  auto name = fn.getArgAttrOfType<StringAttr>(0, "snn.buffer");
  return name && (name.getValue() == "steps" || name.getValue() == "roles");
}

struct HLSKernels : snn::impl::SNNHLSKernelsBase<HLSKernels> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (func::FuncOp fn :
         llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      if (fn.isDeclaration())
        continue;
      if (isRunOrReset(fn)) {
        fn.erase();
        continue;
      }
      fn->removeAttr("llvm.emit_c_interface");
      fn->removeAttr("snn.train");
      for (unsigned i = 0, e = fn.getNumArguments(); i < e; ++i) {
        fn.removeArgAttr(i, "llvm.noalias");
        auto type = dyn_cast<MemRefType>(fn.getArgument(i).getType());
        auto name = fn.getArgAttrOfType<StringAttr>(i, "snn.buffer");
        if (!type || !type.hasStaticShape() ||
            !type.getLayout().isIdentity()) {
          fn.emitError() << "snn-hls-kernels: buffer '"
                         << (name ? name.getValue() : StringRef("?"))
                         << "' of @" << fn.getSymName()
                         << " is not an array of static shape ("
                         << fn.getArgument(i).getType()
                         << "): an HLS kernel's buffers are C arrays";
          return signalPassFailure();
        }
      }
    }
  }
};

Value constI(OpBuilder &b, Location loc, Type type, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, v));
}

/// (lo, hi) = a * b as 64-bit product of 32-bit integers, through i64.
struct MulUIExtended : OpRewritePattern<arith::MulUIExtendedOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::MulUIExtendedOp op,
                                PatternRewriter &b) const override {
    auto type = dyn_cast<IntegerType>(op.getLhs().getType());
    if (!type || type.getWidth() != 32)
      return failure();
    Location loc = op.getLoc();
    Type i64 = b.getI64Type();
    Value a = arith::ExtUIOp::create(b, loc, i64, op.getLhs());
    Value c = arith::ExtUIOp::create(b, loc, i64, op.getRhs());
    Value p = arith::MulIOp::create(b, loc, a, c);
    Value lo = arith::TruncIOp::create(b, loc, type, p);
    Value hi = arith::TruncIOp::create(
        b, loc, type, arith::ShRUIOp::create(b, loc, p, constI(b, loc, i64, 32)));
    b.replaceOp(op, {lo, hi});
    return success();
  }
};

/// IEEE 754-2019 maximum/minimum (what LLVM's llvm.maximum computes): NaN
/// if either is NaN, +0 above -0. For equal operands the sum (for a
/// maximum) or the negated sum of the negations (a minimum) orders the
/// zeros; for any other pair, the larger (smaller) one.
template <typename Op, bool isMax>
struct ExpandMinMax : OpRewritePattern<Op> {
  using OpRewritePattern<Op>::OpRewritePattern;
  LogicalResult matchAndRewrite(Op op, PatternRewriter &b) const override {
    if (!isa<FloatType>(op.getType()))
      return failure();
    Location loc = op.getLoc();
    Value x = op.getLhs(), y = op.getRhs();
    using P = arith::CmpFPredicate;
    Value sum = arith::AddFOp::create(b, loc, x, y);
    Value zeros =
        isMax ? sum
              : arith::NegFOp::create(
                    b, loc,
                    arith::AddFOp::create(b, loc, arith::NegFOp::create(b, loc, x),
                                          arith::NegFOp::create(b, loc, y)));
    Value zero = arith::ConstantOp::create(b, loc, b.getZeroAttr(x.getType()));
    Value xIsZero = arith::CmpFOp::create(b, loc, P::OEQ, x, zero);
    Value equal = arith::CmpFOp::create(b, loc, P::OEQ, x, y);
    Value xWins = arith::CmpFOp::create(b, loc, isMax ? P::OGT : P::OLT, x, y);
    Value unordered = arith::CmpFOp::create(b, loc, P::UNO, x, y);
    Value ordered = arith::SelectOp::create(b, loc, xWins, x, y);
    Value tie = arith::SelectOp::create(b, loc, xIsZero, zeros, x);
    Value value = arith::SelectOp::create(b, loc, equal, tie, ordered);
    b.replaceOp(op, arith::SelectOp::create(b, loc, unordered, sum, value));
    return success();
  }
};

/// An op as a call of a C function (declared by <math.h> or snn_hls.h).
template <typename Op>
struct AsCall : OpRewritePattern<Op> {
  AsCall(MLIRContext *ctx, StringRef f32Callee, StringRef f64Callee = "")
      : OpRewritePattern<Op>(ctx), f32Callee(f32Callee.str()),
        f64Callee(f64Callee.str()) {}
  LogicalResult matchAndRewrite(Op op, PatternRewriter &b) const override {
    Type in = op->getOperand(0).getType();
    StringRef callee = in.isF64() ? f64Callee : f32Callee;
    if (in.isF32() || in.isF64() || isa<IntegerType>(in)) {
      if (callee.empty())
        return failure();
      b.replaceOpWithNewOp<emitc::CallOpaqueOp>(op, op->getResultTypes(),
                                                callee, op->getOperands());
      return success();
    }
    return failure();
  }
  std::string f32Callee, f64Callee;
};

/// arith.bitcast between f32 and i32 (or f64 and i64): snn_hls.h's
/// snn_bits_* functions (a memcpy of the bytes, which HLS tools accept).
struct BitcastAsCall : OpRewritePattern<arith::BitcastOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::BitcastOp op,
                                PatternRewriter &b) const override {
    Type in = op.getIn().getType(), out = op.getType();
    StringRef callee;
    if (in.isF32() && out.isInteger(32))
      callee = "snn_bits_f32_to_i32";
    else if (in.isInteger(32) && out.isF32())
      callee = "snn_bits_i32_to_f32";
    else if (in.isF64() && out.isInteger(64))
      callee = "snn_bits_f64_to_i64";
    else if (in.isInteger(64) && out.isF64())
      callee = "snn_bits_i64_to_f64";
    else
      return failure();
    b.replaceOpWithNewOp<emitc::CallOpaqueOp>(op, TypeRange{out}, callee,
                                              ValueRange{op.getIn()});
    return success();
  }
};

/// A C identifier for a symbol: "snn.csr.coba.ee.indptr" ->
/// "snn_csr_coba_ee_indptr".
std::string cIdentifier(StringRef name) {
  std::string id;
  for (char c : name)
    id.push_back(llvm::isAlnum(c) || c == '_' ? c : '_');
  if (id.empty() || llvm::isDigit(id.front()))
    id.insert(id.begin(), '_');
  return id;
}

/// The math functions snn_hls.h defines for the fixed-point snn_real, by
/// the math op's name.
std::optional<StringRef> fixedPointFunction(StringRef op) {
  static const llvm::StringMap<StringRef> functions = {
      {"math.exp", "snn_exp"},     {"math.exp2", "snn_exp2"},
      {"math.expm1", "snn_expm1"}, {"math.log", "snn_log"},
      {"math.log2", "snn_log2"},   {"math.log10", "snn_log10"},
      {"math.log1p", "snn_log1p"}, {"math.tanh", "snn_tanh"},
      {"math.sinh", "snn_sinh"},   {"math.cosh", "snn_cosh"},
      {"math.sqrt", "snn_sqrt"},   {"math.rsqrt", "snn_rsqrt"},
      {"math.sin", "snn_sin"},     {"math.cos", "snn_cos"},
      {"math.tan", "snn_tan"},     {"math.atan", "snn_atan"},
      {"math.asin", "snn_asin"},   {"math.acos", "snn_acos"},
      {"math.erf", "snn_erf"},     {"math.floor", "snn_floor"},
      {"math.ceil", "snn_ceil"},   {"math.trunc", "snn_trunc"},
      {"math.round", "snn_round"}, {"math.absf", "snn_abs"},
      {"math.powf", "snn_pow"},    {"math.atan2", "snn_atan2"},
      {"math.copysign", "snn_copysign"}, {"math.fma", "snn_fma"},
      {"arith.remf", "snn_fmod"}};
  auto it = functions.find(op);
  if (it == functions.end())
    return std::nullopt;
  return it->second;
}

/// Fixed point: a math function of f32 values as a call of snn_hls.h's
/// function of snn_real.
struct MathAsFixedCall : RewritePattern {
  MathAsFixedCall(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &b) const override {
    if (op->getNumResults() != 1 || !op->getResult(0).getType().isF32())
      return failure();
    std::optional<StringRef> callee =
        fixedPointFunction(op->getName().getStringRef());
    if (!callee)
      return failure();
    b.replaceOpWithNewOp<emitc::CallOpaqueOp>(op, op->getResultTypes(),
                                              *callee, op->getOperands());
    return success();
  }
};

/// Fixed point: a uniform draw, (float)(bits) * 2^-k, as
/// snn_from_fraction(bits, k): the bits taken as a fraction, since
/// converting a 24-bit integer first would overflow the format's integer
/// bits.
struct UniformFraction : OpRewritePattern<arith::MulFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(arith::MulFOp op,
                                PatternRewriter &b) const override {
    for (unsigned i = 0; i < 2; ++i) {
      auto toFloat = op->getOperand(i).getDefiningOp<arith::UIToFPOp>();
      FloatAttr scale;
      if (!toFloat || !toFloat.getIn().getType().isInteger(32) ||
          !matchPattern(op->getOperand(1 - i), m_Constant(&scale)))
        continue;
      llvm::APFloat v = scale.getValue();
      int exp = llvm::ilogb(v);
      if (v.isNegative() || !v.isNormal() ||
          llvm::scalbn(llvm::APFloat(1.0f), exp,
                       llvm::APFloat::rmNearestTiesToEven)
                  .compare(v) != llvm::APFloat::cmpEqual ||
          exp >= 0)
        continue;
      Value k = arith::ConstantOp::create(b, op.getLoc(),
                                          b.getI32IntegerAttr(-exp));
      b.replaceOpWithNewOp<emitc::CallOpaqueOp>(
          op, op->getResultTypes(), "snn_from_fraction",
          ValueRange{toFloat.getIn(), k});
      return success();
    }
    return failure();
  }
};

/// Unsigned division and remainder of index values (a delay ring's slot,
/// (step + d) mod D): EmitC takes the signed ops only, and prints both on
/// `size_t`, C's unsigned index type, so the signed op computes the
/// unsigned result.
template <typename Unsigned, typename Signed>
struct IndexAsSizeT : OpRewritePattern<Unsigned> {
  using OpRewritePattern<Unsigned>::OpRewritePattern;
  LogicalResult matchAndRewrite(Unsigned op,
                                PatternRewriter &b) const override {
    if (!op.getType().isIndex())
      return failure();
    b.replaceOpWithNewOp<Signed>(op, op.getLhs(), op.getRhs());
    return success();
  }
};

struct HLSLoops : snn::impl::SNNHLSLoopsBase<HLSLoops> {
  using SNNHLSLoopsBase::SNNHLSLoopsBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<MulUIExtended, ExpandMinMax<arith::MaximumFOp, true>,
                 ExpandMinMax<arith::MinimumFOp, false>,
                 IndexAsSizeT<arith::RemUIOp, arith::RemSIOp>,
                 IndexAsSizeT<arith::DivUIOp, arith::DivSIOp>>(ctx);
    if (fixedPoint) {
      patterns.add<MathAsFixedCall>(ctx);
      patterns.add<UniformFraction>(ctx, /*benefit=*/2);
    } else {
      patterns.add<BitcastAsCall>(ctx);
      patterns.add<AsCall<math::FmaOp>>(ctx, "fmaf", "fma");
      patterns.add<AsCall<math::FloorOp>>(ctx, "floorf", "floor");
      patterns.add<AsCall<math::CeilOp>>(ctx, "ceilf", "ceil");
      patterns.add<AsCall<math::TruncOp>>(ctx, "truncf", "trunc");
      patterns.add<AsCall<arith::RemFOp>>(ctx, "fmodf", "fmod");
    }
    if (failed(applyPatternsGreedily(module, std::move(patterns))))
      return signalPassFailure();

    WalkResult left = module.walk([&](Operation *op) {
      if (fixedPoint && isa<arith::BitcastOp>(op) &&
          llvm::any_of(op->getOperandTypes(),
                       [](Type t) { return isa<FloatType>(t); })) {
        op->emitError() << "snn-hls-loops: a float's bits ('"
                        << op->getName()
                        << "') have no fixed-point form (docs/hls.md)";
        return WalkResult::interrupt();
      }
      if (isa<memref::AllocOp, memref::ReallocOp>(op)) {
        op->emitError() << "snn-hls-loops: '" << op->getName()
                        << "' would become malloc, which an HLS kernel "
                           "cannot call; its buffers are arguments or "
                           "globals (docs/hls.md)";
        return WalkResult::interrupt();
      }
      if (op->getDialect() && op->getDialect()->getNamespace() == "math" &&
          llvm::any_of(op->getResultTypes(), [](Type t) {
            return isa<FloatType>(getElementTypeOrSelf(t));
          })) {
        op->emitError() << "snn-hls-loops: no C++ form of '" << op->getName()
                        << "' ("
                        << (fixedPoint ? "snn_hls.h has no fixed-point function for it"
                                       : "run --snn-kernel-math{everywhere} first")
                        << ")";
        return WalkResult::interrupt();
      }
      if (llvm::any_of(op->getResultTypes(),
                       [](Type t) { return isa<VectorType>(t); })) {
        op->emitError() << "snn-hls-loops: vector op '" << op->getName()
                        << "' in an HLS kernel (build it without "
                           "--snn-vectorize and --snn-event-driven)";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (left.wasInterrupted())
      return signalPassFailure();

    // Globals named as C identifiers.
    SymbolTable symbols(module);
    for (auto global :
         llvm::make_early_inc_range(module.getOps<memref::GlobalOp>())) {
      std::string id = cIdentifier(global.getSymName());
      if (id == global.getSymName())
        continue;
      if (failed(symbols.rename(global, StringAttr::get(ctx, id)))) {
        global.emitError() << "snn-hls-loops: cannot rename @"
                           << global.getSymName() << " to " << id;
        return signalPassFailure();
      }
    }

    // Every innermost loop is pipelined; with `unroll`, one of a static
    // trip count that `unroll` divides also does that many iterations at
    // once (the project partitions the state arrays to match).
    module.walk([&](scf::ForOp loop) {
      bool innermost = true;
      loop.getBody()->walk([&](LoopLikeOpInterface) { innermost = false; });
      if (!innermost)
        return;
      OpBuilder b = OpBuilder::atBlockBegin(loop.getBody());
      emitc::VerbatimOp::create(b, loop.getLoc(), "SNN_PRAGMA(HLS PIPELINE II=1)");
      std::optional<int64_t> lo = getConstantIntValue(loop.getLowerBound()),
                             hi = getConstantIntValue(loop.getUpperBound()),
                             step = getConstantIntValue(loop.getStep());
      if (unroll > 1 && lo && hi && step == 1 && *hi - *lo > unroll &&
          (*hi - *lo) % unroll == 0)
        emitc::VerbatimOp::create(
            b, loop.getLoc(),
            ("SNN_PRAGMA(HLS UNROLL factor=" + llvm::Twine(unroll) + ")").str());
    });
  }
};

} // namespace
