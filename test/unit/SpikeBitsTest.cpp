//===- SpikeBitsTest.cpp - unpacking spike monitors' bits -----------------===//
//
// snnrt/SpikeBits.h reads the layout compiled code records spike monitors
// in (docs/abi.md): each group of n neurons in ceil(n / 64) words, neuron i
// at bit i % 64 of word i / 64. Words are packed here by hand from a known
// pattern, with a group that spans two words and one that does not fill
// its last word.
//
//===----------------------------------------------------------------------===//

#include "snnrt/SpikeBits.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

bool fired(int64_t g, int64_t i) { return (i * 7 + g) % 5 == 0; }

TEST(SpikeBits, UnpacksGroupsOfSeveralWords) {
  const int64_t groups = 3, n = 70, per = 2; // 70 neurons: two words each
  std::vector<uint64_t> words(groups * per, 0);
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t i = 0; i < n; ++i)
      if (fired(g, i))
        words[g * per + i / 64] |= uint64_t(1) << (i % 64);
  // Bits past neuron 69 of each group's second word are not neurons.
  words[per - 1] |= uint64_t(1) << 63;
  std::vector<float> out(groups * n, -1.0f);
  snnrt_unpack_spike_bits(words.data(), groups, n, out.data());
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t i = 0; i < n; ++i)
      ASSERT_EQ(out[g * n + i], fired(g, i) ? 1.0f : 0.0f)
          << "group " << g << ", neuron " << i;
}

} // namespace
