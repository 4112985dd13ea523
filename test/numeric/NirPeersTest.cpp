//===- NirPeersTest.cpp - imported NIR graphs against their libraries -----===//
//
// NIR graphs exported by snnTorch, with the outputs snnTorch itself computed
// on fixed inputs, and graphs run by Norse's importer, with Norse's outputs
// (test/peers/record-nir-fixtures.sh, snntorch_nir.py and norse_nir.py;
// committed in test/fixtures/nir/{snntorch,norse}/). Each is imported as
// those libraries step (--dt 1e-4s --discretize=euler, docs/nir.md),
// compiled and run with the same inputs. snnc's projections each take a
// step, where the libraries pass a feed-forward chain within one: the
// output of a layered graph with k projections is theirs shifted by k
// steps.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/NirImport.h"
#include "test/numeric/Harness.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"

using namespace snn::numeric;

namespace {

std::vector<std::vector<double>> rowsOf(const llvm::json::Array *a) {
  std::vector<std::vector<double>> out;
  if (a)
    for (const llvm::json::Value &row : *a) {
      out.emplace_back();
      if (const llvm::json::Array *r = row.getAsArray())
        for (const llvm::json::Value &v : *r)
          out.back().push_back(v.getAsNumber().value_or(NAN));
    }
  return out;
}

/// Replays fixture `peer`/`name`: the imported network's output
/// population, `shift` steps later, must spike as the library's did and,
/// where the fixture has it, hold its membrane within `tolerance`.
void replay(const std::string &peer, const std::string &name, int64_t shift,
            double tolerance) {
  std::string dir =
      std::string(SNN_SOURCE_DIR) + "/test/fixtures/nir/" + peer + "/";
  auto graph = llvm::MemoryBuffer::getFile(dir + name + ".nir");
  auto json = llvm::MemoryBuffer::getFile(dir + name + ".json");
  ASSERT_TRUE(graph && json) << "cannot read the fixture " << name;
  auto parsed = llvm::json::parse((*json)->getBuffer());
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Object &fx = *parsed->getAsObject();
  auto input = rowsOf(fx.getArray("input"));
  auto spikes = rowsOf(fx.getArray("spikes"));
  auto membrane = rowsOf(fx.getArray("membrane"));
  int64_t steps = fx.getInteger("steps").value_or(0);
  ASSERT_GT(steps, 0);
  ASSERT_EQ(input.size(), size_t(steps));

  auto dt = mlir::snn::parseTimestep(fx.getString("dt").value_or("").str());
  ASSERT_TRUE(bool(dt)) << llvm::toString(dt.takeError());
  mlir::snn::NirImportOptions options{*dt, fx.getString("discretize") == "euler"};
  auto text = mlir::snn::nirToSnnText((*graph)->getBuffer(), name + ".nir", options);
  ASSERT_TRUE(bool(text)) << llvm::toString(text.takeError());
  // The output's population, and a monitor of its membrane beside the
  // Output's spikes.
  llvm::SmallVector<llvm::StringRef> match;
  ASSERT_TRUE(llvm::Regex("snn.monitor @output spikes of (@[^ \n]+)")
                  .match(*text, &match))
      << *text;
  std::string source = *text;
  source.insert(source.rfind('}'),
                "  snn.monitor @output_v \"v\" of " + match[1].str() + "\n");
  auto jit = compileOrFail(source);
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({1})));
  auto current = jit->f32("input.current");
  ASSERT_TRUE(bool(current)) << llvm::toString(current.takeError());
  int64_t spiked = 0;
  for (int64_t t = 0; t < steps + shift; ++t) {
    for (size_t i = 0; i < (*current)->size(); ++i)
      (**current)[i] = t < steps ? static_cast<float>(input[t][i]) : 0.0f;
    ASSERT_FALSE(bool(jit->run(1)));
    if (t < shift)
      continue;
    auto spk = jit->f32("output"), v = jit->f32("output_v");
    ASSERT_TRUE(spk && v);
    bool withMembrane = !membrane.empty();
    const auto &want = spikes[size_t(t - shift)];

    ASSERT_EQ((*spk)->size(), want.size());
    for (size_t j = 0; j < want.size(); ++j) {
      ASSERT_EQ((**spk)[j], want[j])
          << name << ": spike of output " << j << " at " << peer
          << "'s step " << t - shift;
      if (withMembrane)
        EXPECT_NEAR((**v)[j], membrane[size_t(t - shift)][j], tolerance)
            << name << ": membrane of output " << j << " at " << peer
            << "'s step " << t - shift;
      spiked += want[j] != 0.0;
    }
  }
  EXPECT_GT(spiked, 10) << peer << "'s outputs should spike";
}

// Linear -> Leaky -> Linear -> Leaky: two projections, a shift of two
// steps.
TEST(NirPeers, SnntorchFeedForward) {
  replay("snntorch", "feedforward", 2, 1e-5);
}

// RLeaky, exported as a cycle (the recurrent Affine on the LIF): snnTorch's
// recurrence takes a step, as snnc's projection does, so the shift stays
// two.
TEST(NirPeers, SnntorchRecurrent) { replay("snntorch", "recurrent", 2, 1e-5); }

// Synaptic, exported as CubaLIF (its w_in undoes the Euler input factor).
TEST(NirPeers, SnntorchSynaptic) { replay("snntorch", "synaptic", 2, 1e-5); }

// Conv2d -> Leaky on [2, 6, 6] -> Flatten -> Linear -> Leaky: the kernel
// as snnc's conv2d, Flatten a no-op on row-major populations.
TEST(NirPeers, SnntorchConvolutional) {
  replay("snntorch", "convolutional", 2, 1e-5);
}

// Graphs written with the nir package and run by Norse's own importer
// (norse.torch.from_nir, forward Euler, r = 1): LIF layers, and a CubaLIF
// (Norse: w_in x into a leaky synapse, r times it into the LIF). Norse
// returns spikes only.
TEST(NirPeers, NorseFeedForward) { replay("norse", "feedforward", 2, 0); }
TEST(NirPeers, NorseCubaLif) { replay("norse", "cuba", 2, 0); }
// A Norse network (Linear, LIFBoxCell, Linear, LIFBoxCell) exported by Norse
// itself.
TEST(NirPeers, NorseExported) { replay("norse", "exported", 2, 0); }

} // namespace
