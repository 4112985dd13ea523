//===- Random.h - Philox-4x32-10 as arith ops -------------------*- C++ -*-===//
//
// Generated code draws random numbers exactly as docs/random.md specifies
// (and as runtime/include/snnrt/Philox.h computes them on the host), so every
// target and the runtime agree bit for bit.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TRANSFORMS_SCHEDULE_RANDOM_H
#define SNN_TRANSFORMS_SCHEDULE_RANDOM_H

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringRef.h"

#include <array>
#include <cstdint>

namespace mlir::snn {

/// Counter word c3 (docs/random.md).
enum class RandomDomain : uint32_t { Run = 0, Init = 1, Connect = 2, Encoder = 3 };

/// FNV-1a (32 bit) of a stream name.
uint32_t streamId(llvm::StringRef name);

/// Philox-4x32-10 on i32 values: four output words.
std::array<Value, 4> emitPhilox(OpBuilder &b, Location loc,
                                std::array<Value, 4> counter,
                                std::array<Value, 2> key);

/// The key words of a 64-bit seed (an i64 value): low word first.
std::array<Value, 2> emitSeedKey(OpBuilder &b, Location loc, Value seed);

/// One draw: counter (index, stepOrDraw, stream, domain) under `key`.
std::array<Value, 4> emitDraw(OpBuilder &b, Location loc,
                              std::array<Value, 2> key, Value index,
                              Value stepOrDraw, uint32_t stream,
                              RandomDomain domain);

/// Uniform in [0, 1) as f32 from one word: (x >> 8) * 2^-24.
Value emitUniform(OpBuilder &b, Location loc, Value word);

/// Standard normal as f32 from two words (Box-Muller, cosine branch).
Value emitNormal(OpBuilder &b, Location loc, Value word0, Value word1);

} // namespace mlir::snn

#endif // SNN_TRANSFORMS_SCHEDULE_RANDOM_H
