//===- Random.h - the counter-based generator of docs/random.md -----------===//
//
// Written from docs/random.md and the Philox paper (Salmon et al., SC 2011),
// independently of the compiler's and runtime's generators, so that a
// mistake in theirs shows up as a mismatch rather than being shared.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TEST_REFERENCE_RANDOM_H
#define SNN_TEST_REFERENCE_RANDOM_H

#include <array>
#include <cstdint>
#include <string>

namespace snnref {

using Counter = std::array<uint32_t, 4>;
using Key = std::array<uint32_t, 2>;

/// Philox-4x32 with 10 rounds: 128 random bits for one counter and key.
Counter philox4x32_10(Counter counter, Key key);

/// 32-bit FNV-1a of the bytes of `text`; names a random stream.
uint32_t fnv1a32(const std::string &text);

/// The draw domains of docs/random.md (counter word c3).
enum class Domain : uint32_t { Model = 0, Init = 1, Connectivity = 2, Encoder = 3 };

/// Uniform in [0, 1) from the top 24 bits of one output word.
double uniformFromWord(uint32_t word);

/// The uniform a model region draws at run time: counter
/// (index, step, fnv1a32(stream), Domain::Model), key = seed (low word first).
/// The step counter is 32 bits wide, as in docs/random.md.
double modelUniform(uint64_t seed, uint32_t step, uint32_t index,
                    const std::string &stream);

} // namespace snnref

#endif // SNN_TEST_REFERENCE_RANDOM_H
