//===- SharedDrawsTest.cpp - one stimulus for every batch entry -----------===//
//
// `shared_draws` on a population makes every batch entry take the random
// numbers entry 0 draws there (keyed by entry 0's seed), drawn once per
// step for the whole batch. Here a batch of 3 has two Poisson populations
// with different rates per entry: @common with shared draws, @own without.
// Each entry must match the reference simulator (test/reference, double
// precision) run with that entry's rates, @common drawn from entry 0's
// seed and @own from the entry's own: @common's spikes spike for spike,
// @own's too, and the LIF neurons they drive in v within a tolerance. Run
// through the default (vectorised) kernels, fp-strict ones and the CUDA
// kernels' CPU form. A new init with other seeds, and a reset of the
// state, key the shared draws by the new entry 0's seed.
//
//===----------------------------------------------------------------------===//

#include "test/numeric/Harness.h"

#include "llvm/ADT/StringExtras.h"

using namespace snn::numeric;
using mlir::snn::JitOptions;

namespace {

const int64_t kBatch = 3, kIn = 6, kHid = 4, kSteps = 200;
const double kDt = 1.0;

std::string network() {
  return llvm::formatv(R"(snn.network @sd dt {0} batch {1} {{
  snn.population @common {2} model @poisson shared_draws
  snn.population @own {2} model @poisson
  snn.population @hid {3} model @lif {{tau_m = 10.0, r = 10.0, v_th = 1.0}
  snn.projection @ch @common -> @hid connect #snn.dense weight 0.12
  snn.projection @oh @own -> @hid connect #snn.dense weight 0.08
  snn.monitor @common_spk spikes of @common
  snn.monitor @own_spk spikes of @own
  snn.monitor @hid_spk spikes of @hid
  snn.monitor @hid_v "v" of @hid
})",
                       kDt, kBatch, kIn, kHid)
      .str();
}

/// Entry e's rate of input i (Hz): the entries differ, so the spikes of
/// @common differ between entries even where their draws are the same.
double rateOf(int64_t e, int64_t i) {
  return 40.0 + 25.0 * double(i) + 60.0 * double(e);
}

void setRates(JitNetwork &jit) {
  for (const char *pop : {"common.rate", "own.rate"}) {
    auto rates = jit.f32(pop);
    ASSERT_TRUE(bool(rates)) << llvm::toString(rates.takeError());
    for (int64_t e = 0; e < kBatch; ++e)
      for (int64_t i = 0; i < kIn; ++i)
        (**rates)[size_t(e * kIn + i)] = float(rateOf(e, i));
  }
}

/// The reference run of entry `e`: @common keyed by `shared`, @own by
/// `own`.
snnref::Recording reference(int64_t e, uint64_t shared, uint64_t own,
                            int64_t steps) {
  std::vector<double> rates;
  for (int64_t i = 0; i < kIn; ++i)
    rates.push_back(rateOf(e, i));
  snnref::Network net(kDt);
  net.population("common", "poisson", kIn)
      .external("rate", {rates})
      .philoxSeed(shared);
  net.population("own", "poisson", kIn)
      .external("rate", {rates})
      .philoxSeed(own);
  snnref::Population &hid = net.population("hid", "lif", kHid);
  hid.param("tau_m", {10.0}).param("r", {10.0}).param("v_th", {1.0});
  net.projection(
      "ch", "common", "hid",
      snnref::denseSynapses(kIn, kHid, std::vector<double>(kIn * kHid, 0.12)));
  net.projection(
      "oh", "own", "hid",
      snnref::denseSynapses(kIn, kHid, std::vector<double>(kIn * kHid, 0.08)));
  return snnref::simulate(net, steps);
}

/// Entry `e`'s recordings ([steps, batch, n]) against the reference: spikes
/// exactly, v within 1e-4, each neuron until the reference's margin comes
/// within 1e-5 of zero (where f32 and double may round apart). Returns the
/// spikes of @common compared.
int64_t expectEntry(JitNetwork &jit, const snnref::Recording &ref, int64_t e,
                    int64_t steps) {
  int64_t commonSpikes = 0;
  for (auto [pop, n] :
       {std::pair{"common", kIn}, {"own", kIn}, {"hid", kHid}}) {
    auto spk = jit.f32(std::string(pop) + "_spk");
    EXPECT_TRUE(bool(spk)) << llvm::toString(spk.takeError());
    if (!spk)
      return 0;
    EXPECT_EQ((*spk)->size(), size_t(steps * kBatch * n));
    std::vector<float> *v = nullptr;
    if (std::string(pop) == "hid") {
      auto r = jit.f32("hid_v");
      EXPECT_TRUE(bool(r)) << llvm::toString(r.takeError());
      if (!r)
        return 0;
      v = *r;
    }
    const snnref::PopulationTrace &trace = ref.population(pop);
    for (int64_t i = 0; i < n; ++i)
      for (int64_t t = 0; t < steps; ++t) {
        if (std::fabs(trace.margin[t][i]) < 1e-5)
          break;
        size_t at = size_t((t * kBatch + e) * n + i);
        int got = (**spk)[at] > 0.5f, want = trace.spikes[t][i];
        if (got != want) {
          ADD_FAILURE() << pop << " of entry " << e << ", neuron " << i
                        << ", step " << t << ": spike " << got << ", reference "
                        << want;
          return commonSpikes;
        }
        if (std::string(pop) == "common")
          commonSpikes += want;
        if (v) {
          double w = trace.state.at("v")[t][i];
          if (std::fabs((*v)[at] - w) > 1e-4 + 1e-4 * std::fabs(w)) {
            ADD_FAILURE() << "hid v of entry " << e << ", neuron " << i
                          << ", step " << t << ": " << (*v)[at]
                          << ", reference " << w;
            return commonSpikes;
          }
        }
      }
  }
  return commonSpikes;
}

void everyEntryTakesEntryZerosDraws(JitOptions options) {
  auto jit = compileOrFail(network(), options);
  ASSERT_TRUE(jit);
  const std::vector<uint64_t> seeds = {21, 22, 23};
  ASSERT_FALSE(bool(jit->init(seeds)));
  setRates(*jit);
  ASSERT_FALSE(bool(jit->run(kSteps)));
  for (int64_t e = 0; e < kBatch; ++e) {
    snnref::Recording ref = reference(e, seeds[0], seeds[size_t(e)], kSteps);
    EXPECT_GT(expectEntry(*jit, ref, e, kSteps), 100) << "entry " << e;
  }
  // Without shared draws each entry would draw from its own seed: entry
  // 1's @common spikes are not those (the check above can fail).
  snnref::Recording own = reference(1, seeds[1], seeds[1], kSteps);
  auto spk = jit->f32("common_spk");
  ASSERT_TRUE(bool(spk));
  int64_t differ = 0;
  for (int64_t t = 0; t < kSteps; ++t)
    for (int64_t i = 0; i < kIn; ++i)
      differ += ((**spk)[size_t((t * kBatch + 1) * kIn + i)] > 0.5f) !=
                bool(own.population("common").spikes[t][i]);
  EXPECT_GT(differ, 20);

  // New seeds: init copies the new entry 0's seed; the step counter starts
  // again at 0, as in the reference.
  const std::vector<uint64_t> reseeded = {7, 8, 9};
  ASSERT_FALSE(bool(jit->init(reseeded)));
  setRates(*jit);
  ASSERT_FALSE(bool(jit->run(50)));
  for (int64_t e = 0; e < kBatch; ++e)
    expectEntry(*jit, reference(e, reseeded[0], reseeded[size_t(e)], 50), e,
                50);
  // The shared seed is state: a reset of the state copies entry 0's seed
  // again (here after the host wrote another), and leaves the step alone.
  auto seedBuf = jit->i64("seed");
  auto shared = jit->i64("shared_seed");
  ASSERT_TRUE(bool(seedBuf) && bool(shared));
  EXPECT_EQ((**shared)[0], 7);
  (**seedBuf)[0] = 99;
  ASSERT_FALSE(bool(jit->reset(/*state=*/1)));
  EXPECT_EQ((**shared)[0], 99);
}

TEST(SharedDraws, EveryEntryTakesEntryZerosDraws) {
  everyEntryTakesEntryZerosDraws(JitOptions{});
}

TEST(SharedDraws, EveryEntryTakesEntryZerosDrawsFpStrict) {
  JitOptions options;
  options.fpStrict = true;
  everyEntryTakesEntryZerosDraws(options);
}

TEST(SharedDraws, EveryEntryTakesEntryZerosDrawsInCudaKernels) {
  JitOptions options;
  options.gpuForm = true;
  everyEntryTakesEntryZerosDraws(options);
}

} // namespace
