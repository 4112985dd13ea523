//===- PerEntryWeightsTest.cpp - one network per batch entry --------------===//
//
// A projection with `per_entry` weights holds a weight tensor for every
// batch entry, so a batch of B runs B different networks of one structure
// (neuroevolution's individuals). The batched run must give each entry
// exactly what that entry's network gives run alone: the batch-1 network
// with shared weights, seeded like the entry (its random initial weights
// are then the entry's, drawn from the same seed), the same inputs. Dense
// (each entry's own matrix: a batched vector-matrix product), sparse
// (compressed rows) and one_to_one projections, the weights from random
// initialisers and from data; the CPU target in fp-strict mode on both
// sides, so the dense products sum in the same order, and the comparison
// is bit for bit. The batch-1 network is itself checked against the
// reference simulator elsewhere (CompiledVsReferenceTest).
//
//===----------------------------------------------------------------------===//

#include "test/numeric/Harness.h"

#include "llvm/ADT/StringExtras.h"

#include <cstring>

using namespace snn::numeric;
using mlir::snn::JitOptions;

namespace {

const int64_t kBatch = 3, kIn = 20, kHid = 8, kSteps = 200;
const std::vector<uint64_t> kSeeds = {11, 12, 13};

/// The network, with `batch` entries and per_entry weights, or batch 1 and
/// shared ones. `hoData` gives @ho data weights ("" for a random
/// initializer).
std::string network(int64_t batch, bool perEntry, const std::string &hoData) {
  std::string each = perEntry ? " per_entry" : "";
  std::string ho = hoData.empty() ? "#snn.uniform<0.5, 1.5>" : hoData;
  return llvm::formatv(R"(snn.network @pe dt 1.0 batch {0} {{
  snn.population @in {1} model @poisson
  snn.population @hid {2} model @lif {{tau_m = 10.0, v_th = 1.0, v_reset = 0.0, r = 10.0}
  snn.population @out {2} model @lif {{tau_m = 10.0, v_th = 1.0, v_reset = 0.0, r = 10.0}
  snn.projection @ih @in -> @hid connect #snn.dense weight #snn.uniform<0.0, 0.3>{3}
  snn.projection @hh @hid -> @hid connect #snn.fixed_probability<0.5> weight #snn.normal<0.0, 0.3>{3}
  snn.projection @ho @hid -> @out connect #snn.one_to_one weight {4}{3}
  snn.monitor @hid_spikes spikes of @hid
  snn.monitor @out_spikes spikes of @out
  snn.monitor @hid_v "v" of @hid
  snn.monitor @ih_w "w" of @ih every 50
})",
                       batch, kIn, kHid, each, ho)
      .str();
}

/// Entry e's input rates (Hz): different per entry.
float rate(int64_t e, int64_t i) {
  return static_cast<float>(40.0 + 15.0 * e + 3.0 * i);
}

std::unique_ptr<JitNetwork> compileStrict(const std::string &source) {
  JitOptions options;
  options.fpStrict = true;
  return compileOrFail(source, options);
}

/// Runs `jit` for kSteps with entries' seeds `seeds` and rates of entries
/// `first`.. (one per batch entry).
void run(JitNetwork &jit, const std::vector<uint64_t> &seeds, int64_t first) {
  ASSERT_FALSE(bool(jit.init(seeds)));
  auto rates = jit.f32("in.rate");
  ASSERT_TRUE(bool(rates));
  for (size_t e = 0; e < seeds.size(); ++e)
    for (int64_t i = 0; i < kIn; ++i)
      (**rates)[e * kIn + i] = rate(first + int64_t(e), i);
  ASSERT_FALSE(bool(jit.run(kSteps)));
}

/// Row block `e` of a recording [rows, batch, n] against a batch-1 one.
void expectEntry(JitNetwork &batched, JitNetwork &alone, const std::string &buf,
                 int64_t e, int64_t batch = kBatch, int64_t *nonzero = nullptr) {
  auto got = batched.f32(buf);
  auto want = alone.f32(buf);
  ASSERT_TRUE(bool(got) && bool(want)) << buf;
  size_t n = (*want)->size();
  ASSERT_EQ((*got)->size(), n * size_t(batch)) << buf;
  // One row of the batch-1 buffer: a recorded step, or the whole state.
  size_t rowLength = 0;
  for (const auto &info : alone.buffers())
    if (info.name == buf)
      rowLength = static_cast<size_t>(info.logicalShape().back());
  ASSERT_GT(rowLength, 0u) << buf;
  size_t rows = n / rowLength, differ = 0;
  for (size_t r = 0; r < rows; ++r)
    for (size_t k = 0; k < rowLength; ++k) {
      float g = (**got)[(r * size_t(batch) + e) * rowLength + k];
      float w = (**want)[r * rowLength + k];
      if (std::memcmp(&g, &w, sizeof g) != 0 && differ++ == 0)
        ADD_FAILURE() << buf << " of entry " << e << ": row " << r
                      << ", element " << k << ": " << g << " batched, " << w
                      << " alone";
      if (nonzero && w != 0.0f)
        ++*nonzero;
    }
  EXPECT_EQ(differ, 0u) << buf << " of entry " << e;
}

void expectBatchedEqualsAlone(const std::string &hoBatched,
                              const std::vector<std::string> &hoAlone) {
  auto batched = compileStrict(network(kBatch, true, hoBatched));
  ASSERT_TRUE(batched);
  run(*batched, kSeeds, 0);
  int64_t spikes = 0;
  for (int64_t e = 0; e < kBatch; ++e) {
    SCOPED_TRACE("entry " + std::to_string(e));
    auto alone = compileStrict(network(1, false, hoAlone[e]));
    ASSERT_TRUE(alone);
    run(*alone, {kSeeds[e]}, e);
    for (const char *buf : {"hid_spikes", "hid_v", "ih_w", "hid.v", "out.v"})
      expectEntry(*batched, *alone, buf, e);
    expectEntry(*batched, *alone, "out_spikes", e, kBatch, &spikes);
  }
  // The networks spike (the comparison is not of silent networks).
  EXPECT_GT(spikes, 50);
}

TEST(PerEntryWeights, RandomInitialWeightsEachEntryAsItsOwnNetwork) {
  expectBatchedEqualsAlone("", {"", "", ""});
}

TEST(PerEntryWeights, DataGivesEveryEntryItsOwn) {
  // [batch, 8]: entry e's one_to_one weights 0.6 + 0.1 e + 0.05 j.
  std::vector<std::string> rows, alone;
  for (int64_t e = 0; e < kBatch; ++e) {
    std::vector<std::string> row;
    for (int64_t j = 0; j < kHid; ++j)
      row.push_back(llvm::formatv("{0:f2}", 0.6 + 0.1 * e + 0.05 * j).str());
    rows.push_back("[" + llvm::join(row, ", ") + "]");
    alone.push_back("dense<[" + llvm::join(row, ", ") + "]> : tensor<8xf32>");
  }
  expectBatchedEqualsAlone(
      "dense<[" + llvm::join(rows, ", ") + "]> : tensor<3x8xf32>", alone);
}

TEST(PerEntryWeights, DataShapedAsTheConnectivityIsCopiedToEveryEntry) {
  std::string same =
      "dense<[0.9, 1.0, 1.1, 1.2, 0.8, 0.7, 1.3, 1.0]> : tensor<8xf32>";
  expectBatchedEqualsAlone(same, {same, same, same});
}

// A convolution's kernel per entry: the compressed rows read weight
// [entry, weight_index[synapse]].
TEST(PerEntryWeights, ConvolutionKernelsPerEntry) {
  auto source = [](int64_t batch, bool perEntry) {
    return llvm::formatv(R"(snn.network @pc dt 1.0 batch {0} {{
  snn.population @img [1, 6, 6] model @poisson
  snn.population @c [2, 4, 4] model @lif {{tau_m = 10.0, r = 10.0}
  snn.projection @k @img -> @c connect #snn.conv2d<in_channels = 1, out_channels = 2, kernel = [3, 3]> weight #snn.uniform<0.0, 0.4>{1}
  snn.monitor @c_spk spikes of @c
  snn.monitor @c_v "v" of @c
})",
                         batch, perEntry ? " per_entry" : "")
        .str();
  };
  auto batched = compileStrict(source(2, true));
  ASSERT_TRUE(batched);
  auto setRates = [](JitNetwork &jit, const std::vector<uint64_t> &seeds,
                     int64_t first) {
    ASSERT_FALSE(bool(jit.init(seeds)));
    auto rates = jit.f32("img.rate");
    ASSERT_TRUE(bool(rates));
    for (size_t e = 0; e < seeds.size(); ++e)
      for (int64_t i = 0; i < 36; ++i)
        (**rates)[e * 36 + i] = float(80 + 30 * (first + int64_t(e)) + 2 * i);
    ASSERT_FALSE(bool(jit.run(150)));
  };
  setRates(*batched, {21, 22}, 0);
  int64_t spikes = 0;
  for (int64_t e = 0; e < 2; ++e) {
    SCOPED_TRACE("entry " + std::to_string(e));
    auto alone = compileStrict(source(1, false));
    ASSERT_TRUE(alone);
    setRates(*alone, {uint64_t(21 + e)}, e);
    expectEntry(*batched, *alone, "c_v", e, 2);
    expectEntry(*batched, *alone, "c_spk", e, 2, &spikes);
  }
  EXPECT_GT(spikes, 20);
}

TEST(PerEntryWeights, VerifierNamesWhatIsNotLowered) {
  std::string plastic = R"(snn.network @n dt 1.0 batch 2 {
  snn.population @a 2 model @poisson
  snn.population @b 2 model @lif
  snn.projection @p @a -> @b connect #snn.dense weight 0.5 per_entry plasticity @stdp_pair
})";
  auto jit = JitNetwork::compile(plastic);
  ASSERT_FALSE(bool(jit));
  EXPECT_NE(llvm::toString(jit.takeError())
                .find("per_entry weights are not lowered with plasticity yet"),
            std::string::npos);
}

} // namespace
