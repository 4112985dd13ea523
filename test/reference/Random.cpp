//===- Random.cpp - Philox-4x32-10 and FNV-1a -----------------------------===//

#include "test/reference/Random.h"

namespace snnref {

namespace {

constexpr uint32_t kMultiplier0 = 0xD2511F53u;
constexpr uint32_t kMultiplier1 = 0xCD9E8D57u;
constexpr uint32_t kWeyl0 = 0x9E3779B9u;
constexpr uint32_t kWeyl1 = 0xBB67AE85u;

/// High and low halves of the 64-bit product of two 32-bit words.
void multiplyWide(uint32_t a, uint32_t b, uint32_t &high, uint32_t &low) {
  uint64_t product = uint64_t(a) * uint64_t(b);
  high = uint32_t(product >> 32);
  low = uint32_t(product);
}

} // namespace

Counter philox4x32_10(Counter x, Key key) {
  for (int round = 0; round < 10; ++round) {
    // The key advances by the Weyl constants before every round but the
    // first.
    if (round > 0) {
      key[0] += kWeyl0;
      key[1] += kWeyl1;
    }
    uint32_t high0, low0, high1, low1;
    multiplyWide(kMultiplier0, x[0], high0, low0);
    multiplyWide(kMultiplier1, x[2], high1, low1);
    x = Counter{high1 ^ x[1] ^ key[0], low1, high0 ^ x[3] ^ key[1], low0};
  }
  return x;
}

uint32_t fnv1a32(const std::string &text) {
  uint32_t hash = 0x811C9DC5u;
  for (unsigned char byte : text) {
    hash ^= byte;
    hash *= 0x01000193u; // wraps modulo 2^32, as the scheme requires
  }
  return hash;
}

double uniformFromWord(uint32_t word) {
  // 2^-24 is exact in double and the 24-bit integer too, so this equals the
  // f32 value the targets compute.
  return double(word >> 8) * (1.0 / 16777216.0);
}

double modelUniform(uint64_t seed, uint32_t step, uint32_t index,
                    const std::string &stream) {
  Counter counter{index, step, fnv1a32(stream), uint32_t(Domain::Model)};
  Key key{uint32_t(seed), uint32_t(seed >> 32)};
  return uniformFromWord(philox4x32_10(counter, key)[0]);
}

} // namespace snnref
