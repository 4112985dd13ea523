//===- Random.cpp - Philox-4x32-10 as arith ops ---------------------------===//

#include "compiler/Transforms/Schedule/Random.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::snn;

uint32_t mlir::snn::streamId(llvm::StringRef name) {
  uint32_t h = 0x811C9DC5u;
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x01000193u;
  }
  return h;
}

static Value constI32(OpBuilder &b, Location loc, uint32_t v) {
  return arith::ConstantOp::create(
      b, loc, b.getI32IntegerAttr(static_cast<int32_t>(v)));
}

std::array<Value, 4> mlir::snn::emitPhilox(OpBuilder &b, Location loc,
                                           std::array<Value, 4> c,
                                           std::array<Value, 2> k) {
  Value m0 = constI32(b, loc, 0xD2511F53u), m1 = constI32(b, loc, 0xCD9E8D57u);
  Value w0 = constI32(b, loc, 0x9E3779B9u), w1 = constI32(b, loc, 0xBB67AE85u);
  for (int round = 0; round < 10; ++round) {
    auto p0 = arith::MulUIExtendedOp::create(b, loc, m0, c[0]);
    auto p1 = arith::MulUIExtendedOp::create(b, loc, m1, c[2]);
    Value n0 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p1.getHigh(), c[1]), k[0]);
    Value n2 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p0.getHigh(), c[3]), k[1]);
    c = {n0, p1.getLow(), n2, p0.getLow()};
    if (round != 9) {
      k[0] = arith::AddIOp::create(b, loc, k[0], w0);
      k[1] = arith::AddIOp::create(b, loc, k[1], w1);
    }
  }
  return c;
}

std::array<Value, 2> mlir::snn::emitSeedKey(OpBuilder &b, Location loc,
                                            Value seed) {
  Type i32 = b.getI32Type();
  Value lo = arith::TruncIOp::create(b, loc, i32, seed);
  Value shift = arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(32));
  Value hi = arith::TruncIOp::create(
      b, loc, i32, arith::ShRUIOp::create(b, loc, seed, shift));
  return {lo, hi};
}

std::array<Value, 4> mlir::snn::emitDraw(OpBuilder &b, Location loc,
                                         std::array<Value, 2> key, Value index,
                                         Value stepOrDraw, uint32_t stream,
                                         RandomDomain domain) {
  return emitPhilox(b, loc,
                    {index, stepOrDraw, constI32(b, loc, stream),
                     constI32(b, loc, static_cast<uint32_t>(domain))},
                    key);
}

Value mlir::snn::emitUniform(OpBuilder &b, Location loc, Value word) {
  Value top = arith::ShRUIOp::create(b, loc, word, constI32(b, loc, 8));
  Value f = arith::UIToFPOp::create(b, loc, b.getF32Type(), top);
  Value scale = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0x1p-24f));
  return arith::MulFOp::create(b, loc, f, scale);
}

Value mlir::snn::emitNormal(OpBuilder &b, Location loc, Value word0,
                            Value word1) {
  Value top0 = arith::ShRUIOp::create(b, loc, word0, constI32(b, loc, 8));
  Value plus1 = arith::AddIOp::create(b, loc, top0, constI32(b, loc, 1));
  Value scale = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0x1p-24f));
  Value u1 = arith::MulFOp::create(
      b, loc, arith::UIToFPOp::create(b, loc, b.getF32Type(), plus1), scale);
  Value u2 = emitUniform(b, loc, word1);
  Value minus2 = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(-2.0f));
  Value r = math::SqrtOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, minus2, math::LogOp::create(b, loc, u1)));
  Value twoPi = arith::ConstantOp::create(
      b, loc, b.getF32FloatAttr(6.28318530717958647692f));
  Value angle = arith::MulFOp::create(b, loc, twoPi, u2);
  return arith::MulFOp::create(b, loc, r, math::CosOp::create(b, loc, angle));
}
