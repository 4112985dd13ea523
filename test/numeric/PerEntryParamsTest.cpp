//===- PerEntryParamsTest.cpp - neurons of their own per batch entry ------===//
//
// `per_entry ["tau_m", "v_th"]` on a population gives every batch entry its
// own copy of those parameters ([batch, N] buffers), so neuroevolution can
// evolve neuron parameters as genes. A batch whose entries were given
// different parameters must give each entry exactly what the batch-1
// network gives with that entry's parameters written in as per-neuron data
// (shared buffers, no per_entry), the same seed and inputs, bit for bit:
// in fp-strict mode (the same math functions, the same order), and in the
// default mode, where the batched network's kernels over these narrow
// populations (12 inputs, 6 hidden neurons) become loops over every
// entry's neurons whose vector tiles span entries (gathered seeds and
// per-neuron values, vectorised random draws, polynomial exp on vectors)
// while the batch-1 network's stay tiles of one entry. Resets of the state
// leave the parameters alone; a reset of the parameters restores the
// declared values.
//
//===----------------------------------------------------------------------===//

#include "test/numeric/Harness.h"

#include "llvm/ADT/StringExtras.h"

#include <cstring>

using namespace snn::numeric;
using mlir::snn::JitOptions;

namespace {

const int64_t kBatch = 3, kIn = 12, kHid = 6, kSteps = 150;
const std::vector<uint64_t> kSeeds = {21, 22, 23};

/// Entry e's time constant of hidden neuron j (ms) and threshold.
float tauOf(int64_t e, int64_t j) { return 6.0f + 4.0f * float(e) + 1.5f * float(j); }
float thresholdOf(int64_t e) { return 0.8f + 0.25f * float(e); }

std::string list(const std::vector<float> &values) {
  std::vector<std::string> parts;
  for (float v : values)
    parts.push_back(llvm::formatv("{0:e9}", v).str());
  return "[" + llvm::join(parts, ", ") + "]";
}

/// `params` overrides @hid's parameters; `perEntry` is the per_entry clause.
/// The batched network's weights are per entry too (each drawn from the
/// entry's seed, as the batch-1 network draws its own).
std::string network(int64_t batch, const std::string &params,
                    const std::string &perEntry) {
  std::string weights = batch > 1 ? " per_entry" : "";
  return llvm::formatv(R"(snn.network @pp dt 1.0 batch {0} {{
  snn.population @in {1} model @poisson
  snn.population @hid {2} model @lif {{{3}, v_reset = 0.0, r = 10.0}{4}
  snn.population @out 2 model @lif {{tau_m = 10.0, v_th = 1.0, r = 10.0}
  snn.projection @ih @in -> @hid connect #snn.dense weight #snn.uniform<0.0, 0.3>{5}
  snn.projection @ho @hid -> @out connect #snn.dense weight #snn.uniform<0.2, 0.8>{5}
  snn.monitor @hid_spikes spikes of @hid
  snn.monitor @hid_v "v" of @hid
})",
                       batch, kIn, kHid, params, perEntry, weights)
      .str();
}

std::unique_ptr<JitNetwork> compile(const std::string &source,
                                    bool strict = true) {
  JitOptions options;
  options.fpStrict = strict;
  return compileOrFail(source, options);
}

void setRates(JitNetwork &jit, int64_t entries) {
  auto rates = jit.f32("in.rate");
  ASSERT_TRUE(bool(rates));
  for (int64_t e = 0; e < entries; ++e)
    for (int64_t i = 0; i < kIn; ++i)
      (**rates)[size_t(e * kIn + i)] = 60.0f + 5.0f * float(i);
}

/// Entry `e` of buffer `buf` (rows of [rows, batch, n] or the state
/// [batch, n]) equals the batch-1 network's, bit for bit.
void expectEntry(JitNetwork &batched, JitNetwork &alone, const std::string &buf,
                 int64_t e, int64_t &nonzero) {
  auto got = batched.f32(buf);
  auto want = alone.f32(buf);
  ASSERT_TRUE(bool(got) && bool(want)) << buf;
  size_t n = (*want)->size(), row = size_t(kHid), differ = 0;
  ASSERT_EQ((*got)->size(), n * size_t(kBatch)) << buf;
  for (size_t r = 0; r < n / row; ++r)
    for (size_t k = 0; k < row; ++k) {
      float g = (**got)[(r * size_t(kBatch) + size_t(e)) * row + k];
      float w = (**want)[r * row + k];
      if (std::memcmp(&g, &w, sizeof g) != 0 && differ++ == 0)
        ADD_FAILURE() << buf << " of entry " << e << ": row " << r
                      << ", element " << k << ": " << g << " batched, " << w
                      << " alone";
      nonzero += w != 0.0f;
    }
  EXPECT_EQ(differ, 0u) << buf << " of entry " << e;
}

void everyEntryRunsItsOwnNeurons(bool strict) {
  auto batched = compile(
      network(kBatch, "tau_m = 10.0, v_th = 1.0", R"( per_entry ["tau_m", "v_th"])"),
      strict);
  ASSERT_TRUE(batched);
  ASSERT_FALSE(bool(batched->init(kSeeds)));
  auto tau = batched->f32("hid.tau_m");
  auto vth = batched->f32("hid.v_th");
  ASSERT_TRUE(bool(tau) && bool(vth));
  ASSERT_EQ((*tau)->size(), size_t(kBatch * kHid));
  // Every entry starts from the declared values.
  for (size_t k = 0; k < (*tau)->size(); ++k) {
    ASSERT_EQ((**tau)[k], 10.0f) << k;
    ASSERT_EQ((**vth)[k], 1.0f) << k;
  }
  for (int64_t e = 0; e < kBatch; ++e)
    for (int64_t j = 0; j < kHid; ++j) {
      (**tau)[size_t(e * kHid + j)] = tauOf(e, j);
      (**vth)[size_t(e * kHid + j)] = thresholdOf(e);
    }
  setRates(*batched, kBatch);
  // A reset of the state between samples keeps them.
  ASSERT_FALSE(bool(batched->reset(/*state=*/1)));
  EXPECT_EQ((**tau)[size_t(2 * kHid + 1)], tauOf(2, 1));
  ASSERT_FALSE(bool(batched->run(kSteps)));

  int64_t nonzero = 0;
  std::vector<int64_t> spikesPerEntry;
  for (int64_t e = 0; e < kBatch; ++e) {
    SCOPED_TRACE("entry " + std::to_string(e));
    std::vector<float> taus, thresholds;
    for (int64_t j = 0; j < kHid; ++j) {
      taus.push_back(tauOf(e, j));
      thresholds.push_back(thresholdOf(e));
    }
    std::string params =
        llvm::formatv("tau_m = dense<{0}> : tensor<{2}xf32>, v_th = "
                      "dense<{1}> : tensor<{2}xf32>",
                      list(taus), list(thresholds), kHid)
            .str();
    auto alone = compile(network(1, params, ""), strict);
    ASSERT_TRUE(alone);
    ASSERT_FALSE(bool(alone->init({kSeeds[size_t(e)]})));
    setRates(*alone, 1);
    ASSERT_FALSE(bool(alone->run(kSteps)));
    expectEntry(*batched, *alone, "hid_v", e, nonzero);
    int64_t active = 0;
    expectEntry(*batched, *alone, "hid.spike_count", e, active);
    auto counts = alone->f32("hid.spike_count");
    ASSERT_TRUE(bool(counts));
    float spikes = 0;
    for (float c : **counts)
      spikes += c;
    spikesPerEntry.push_back(int64_t(spikes));
  }
  EXPECT_GT(nonzero, 100);
  // The entries' neurons differ, and so does what they do: slower, higher
  // thresholds fire less.
  EXPECT_GT(spikesPerEntry[0], spikesPerEntry[2] + 10);

  // A reset of the parameters restores the declared values.
  ASSERT_FALSE(bool(batched->reset(/*parameters=*/4)));
  EXPECT_EQ((**tau)[size_t(2 * kHid + 1)], 10.0f);
  EXPECT_EQ((**vth)[size_t(kHid)], 1.0f);
}

TEST(PerEntryParams, EveryEntryRunsItsOwnNeurons) {
  everyEntryRunsItsOwnNeurons(/*strict=*/true);
}

TEST(PerEntryParams, EveryEntryRunsItsOwnNeuronsInVectorTiles) {
  everyEntryRunsItsOwnNeurons(/*strict=*/false);
}

TEST(PerEntryParams, DataIsEveryEntrysStart) {
  // Per-neuron data given with per_entry starts every entry from it.
  std::vector<float> taus;
  for (int64_t j = 0; j < kHid; ++j)
    taus.push_back(tauOf(0, j));
  auto jit = compile(network(
      kBatch,
      llvm::formatv("tau_m = dense<{0}> : tensor<{1}xf32>, v_th = 1.0",
                    list(taus), kHid)
          .str(),
      R"( per_entry ["tau_m"])"));
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init(kSeeds)));
  auto tau = jit->f32("hid.tau_m");
  ASSERT_TRUE(bool(tau));
  ASSERT_EQ((*tau)->size(), size_t(kBatch * kHid));
  for (int64_t e = 0; e < kBatch; ++e)
    for (int64_t j = 0; j < kHid; ++j)
      EXPECT_EQ((**tau)[size_t(e * kHid + j)], taus[size_t(j)]);
}

} // namespace
