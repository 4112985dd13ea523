//===- NetworkTest.cpp - loading and running compiled networks ------------===//
//
// The networks (Inputs/*.mlir) are compiled by this build's snn-compile; the
// expected values come from closed forms (the driven LIF fires on steps 10,
// 21, 32) or from snnrt/Philox.h (the Poisson sources), never from an
// earlier run of the same code.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "snnrt/Philox.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace snnrt;
using namespace snnrt::test;

extern "C" int snnrt_test_c_api(const char *library, char *message,
                                size_t size);

namespace {

std::vector<float> concat(std::vector<float> a, const std::vector<float> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// Whether the @poisson source spikes at (seed, neuron, step) for `rate` Hz
/// and dt 1 ms, computed from snnrt/Philox.h as the prelude model does.
bool poissonSpike(uint64_t seed, uint32_t neuron, uint32_t step, float rate) {
  uint32_t x[4];
  snnrt_draw(seed, neuron, step, snnrt_fnv1a32("src/threshold/0"),
             SNNRT_DOMAIN_RUN, x);
  float p = (rate * 1.0f) * 1.0e-3f;
  return p - snnrt_uniform_f32(x[0]) > 0.0f;
}

//===----------------------------------------------------------------------===//
// Loading and describing
//===----------------------------------------------------------------------===//

TEST(Load, DescribesEveryBuffer) {
  Network net = loadOrDie("drive");
  EXPECT_EQ(net.name(), "drive");
  EXPECT_EQ(net.batch(), 1);
  auto buffers = net.buffers();
  ASSERT_EQ(buffers.size(), 15u);
  auto input = net.buffer("src.spikes");
  ASSERT_TRUE(input) << input.message();
  EXPECT_EQ(input->role, "input");
  EXPECT_EQ(input->shape, (std::vector<int64_t>{1, 1}));
  auto seed = net.buffer("seed");
  ASSERT_TRUE(seed);
  EXPECT_EQ(seed->dtype, SNNRT_I64);
  auto slow = net.buffer("v_slow");
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->role, "monitor");
  EXPECT_EQ(slow->every, 10);
  EXPECT_EQ(slow->shape, (std::vector<int64_t>{0, 1, 1}));
  EXPECT_EQ(net.seeds(), (std::vector<uint64_t>{1}));
}

TEST(Load, TakesTheNameGivenOrFromTheFile) {
  auto named = Network::load(netLib("pair"), "pair");
  ASSERT_TRUE(named) << named.message();
  EXPECT_EQ(named->batch(), 2);
  EXPECT_EQ(named->seeds(), (std::vector<uint64_t>{1, 2}));
}

TEST(Load, MissingLibraryIsAnError) {
  auto net = Network::load("/nonexistent/dir/libdrive.so");
  ASSERT_FALSE(net);
  EXPECT_EQ(net.status().code(), SNNRT_ERR_LOAD);
  EXPECT_TRUE(mentions(net.message(), "/nonexistent/dir/libdrive.so"))
      << net.message();
}

TEST(Load, WrongNetworkNameIsAMissingSymbol) {
  auto net = Network::load(netLib("drive"), "coba");
  ASSERT_FALSE(net);
  EXPECT_EQ(net.status().code(), SNNRT_ERR_SYMBOL);
  EXPECT_TRUE(mentions(net.message(), "coba_describe")) << net.message();
}

TEST(Load, NameNotInTheFileNameMustBeGiven) {
  TempDir tmp;
  std::string copy = tmp.path("drive-copy.so");
  writeBytes(copy, readBytes(netLib("drive")));
  auto unnamed = Network::load(copy);
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.status().code(), SNNRT_ERR_ARGUMENT);
  EXPECT_TRUE(mentions(unnamed.message(), "pass the name"))
      << unnamed.message();
  auto named = Network::load(copy, "drive");
  ASSERT_TRUE(named) << named.message();
  expectDriveRuns(*named);
}

TEST(Load, NotASharedLibraryIsAnError) {
  TempDir tmp;
  std::string fake = tmp.path("libfake.so");
  writeBytes(fake, "this is not an ELF file\n");
  auto net = Network::load(fake);
  ASSERT_FALSE(net);
  EXPECT_EQ(net.status().code(), SNNRT_ERR_LOAD);
  EXPECT_TRUE(mentions(net.message(), fake)) << net.message();
}

TEST(Load, TheSameLibraryTwiceGivesIndependentNetworks) {
  Network a = loadOrDie("drive");
  Network b = loadOrDie("drive");
  ASSERT_TRUE(a.init());
  ASSERT_TRUE(a.run(15));
  expectDriveRuns(b);
  EXPECT_EQ(a.step(), 15);
  EXPECT_EQ(b.step(), 40);
}

//===----------------------------------------------------------------------===//
// Threads
//===----------------------------------------------------------------------===//

/// 200 steps of @wide at rates rising from 0 to 500 Hz, on `threads`.
std::vector<float> wideSpikes(const std::string &lib, int threads) {
  auto loaded = Network::load(lib);
  EXPECT_TRUE(loaded) << loaded.message();
  if (!loaded)
    return {};
  Network net = std::move(*loaded);
  EXPECT_EQ(snnrt_set_threads(net.c(), threads), SNNRT_OK)
      << snnrt_last_error();
  EXPECT_EQ(snnrt_threads(net.c()), threads);
  EXPECT_TRUE(net.setSeeds({7}));
  EXPECT_TRUE(net.init());
  std::vector<float> rates(4096);
  for (size_t i = 0; i < rates.size(); ++i)
    rates[i] = 500.0f * static_cast<float>(i) / 4096.0f;
  EXPECT_TRUE(net.setInput("src.rate", rates));
  EXPECT_TRUE(net.run(200));
  return recordingOf(net, "spk");
}

TEST(Threads, ResultsDoNotDependOnTheThreadCount) {
  std::vector<float> sequential = wideSpikes(netLib("wide"), 1);
  std::string threaded =
      std::string(SNNRT_TEST_NET_DIR) + "/wide-threads/libwide.so";
  ASSERT_EQ(sequential.size(), 200u * 4096u);
  // Not trivially equal: a good share of the sources fired.
  double spikes = 0;
  for (float s : sequential)
    spikes += s;
  EXPECT_GT(spikes, 20000.0);
  EXPECT_EQ(wideSpikes(threaded, 1), sequential);
  EXPECT_EQ(wideSpikes(threaded, 2), sequential);
  EXPECT_EQ(wideSpikes(threaded, 3), sequential);
}

TEST(Threads, SequentialCodeRunsOnOneThreadOnly) {
  Network net = loadOrDie("wide");
  EXPECT_EQ(snnrt_threads(net.c()), 1);
  EXPECT_EQ(snnrt_set_threads(net.c(), 1), SNNRT_OK);
  EXPECT_EQ(snnrt_set_threads(net.c(), 2), SNNRT_ERR_ARGUMENT);
  EXPECT_STREQ(snnrt_last_error(),
               "snnrt_set_threads: network 'wide' was compiled without "
               "threads, so it runs on one; compile it with snn-compile "
               "--threads=K");
  EXPECT_EQ(snnrt_set_threads(net.c(), 0), SNNRT_ERR_ARGUMENT);
  EXPECT_STREQ(snnrt_last_error(),
               "snnrt_set_threads: 0 threads (give at least 1)");
}

TEST(CApi, RunsFromC) {
  char message[512] = {0};
  int spikes =
      snnrt_test_c_api(netLib("drive").c_str(), message, sizeof message);
  EXPECT_EQ(spikes, 3) << message;
}

//===----------------------------------------------------------------------===//
// Running
//===----------------------------------------------------------------------===//

TEST(Run, DrivenLifFiresAtTheClosedFormSteps) {
  Network net = loadOrDie("drive");
  expectDriveRuns(net);
  EXPECT_EQ(net.step(), 40);
  auto slow = net.monitor("v_slow");
  ASSERT_TRUE(slow) << slow.message();
  EXPECT_EQ(slow->shape, (std::vector<int64_t>{4, 1, 1}));
  // v at step 0: 1.5 (1 - exp(-1/10)).
  EXPECT_NEAR(slow->at(0, 0, 0), 1.5 * (1 - std::exp(-0.1)), 1e-5);
  auto count = net.read("n.spike_count");
  ASSERT_TRUE(count) << count.message();
  EXPECT_EQ((*count)[0], 3.0f);
}

TEST(Run, RunningBeforeInitIsAnError) {
  Network net = loadOrDie("drive");
  Status st = net.run(5);
  EXPECT_EQ(st.code(), SNNRT_ERR_STATE);
  EXPECT_TRUE(mentions(st.message(), "snnrt_init")) << st.message();
  EXPECT_EQ(net.setInput("src.spikes", {1.0f}).code(), SNNRT_ERR_STATE);
  expectDriveRuns(net);
}

TEST(Run, TwoCallsEqualOne) {
  Network one = loadOrDie("drive");
  ASSERT_TRUE(one.init());
  ASSERT_TRUE(one.run(40));
  Network two = loadOrDie("drive");
  ASSERT_TRUE(two.init());
  ASSERT_TRUE(two.run(15));
  std::vector<float> first = recordingOf(two, "spk");
  ASSERT_TRUE(two.run(25));
  EXPECT_EQ(concat(first, recordingOf(two, "spk")), recordingOf(one, "spk"));
  EXPECT_EQ(*two.read("n.v"), *one.read("n.v"));
  EXPECT_EQ(two.step(), 40);

  // A monitor every 10 steps records at steps 0, 10, ... of each call, so
  // calls that are multiples of 10 long sample where one call does.
  Network tens = loadOrDie("drive");
  ASSERT_TRUE(tens.init());
  ASSERT_TRUE(tens.run(20));
  std::vector<float> slow = recordingOf(tens, "v_slow");
  ASSERT_TRUE(tens.run(20));
  EXPECT_EQ(concat(slow, recordingOf(tens, "v_slow")),
            recordingOf(one, "v_slow"));
}

TEST(Run, InternalChunksEqualOneCall) {
  Network one = loadOrDie("pair");
  ASSERT_TRUE(one.init());
  ASSERT_TRUE(one.setInput("src.rate", {300.0f, 100.0f, 50.0f, 0.0f}));
  ASSERT_TRUE(one.run(50));
  Network chunked = loadOrDie("pair");
  // Rounded to a multiple of the monitors' every (1 and 3): 6 steps a call.
  ASSERT_TRUE(chunked.setChunkSteps(7));
  ASSERT_TRUE(chunked.init());
  ASSERT_TRUE(chunked.setInput("src.rate", {300.0f, 100.0f, 50.0f, 0.0f}));
  ASSERT_TRUE(chunked.run(50));
  EXPECT_EQ(recordingOf(chunked, "src_spk"), recordingOf(one, "src_spk"));
  EXPECT_EQ(recordingOf(chunked, "v"), recordingOf(one, "v"));
  EXPECT_EQ(chunked.monitor("v")->shape, (std::vector<int64_t>{17, 2, 3}));
  EXPECT_EQ(*chunked.read("n.v"), *one.read("n.v"));

  // A monitor that is not kept records into a chunk-sized scratch buffer.
  Network unkept = loadOrDie("pair");
  ASSERT_TRUE(unkept.setRecording("src_spk", false));
  ASSERT_TRUE(unkept.setChunkSteps(4));
  ASSERT_TRUE(unkept.init());
  ASSERT_TRUE(unkept.setInput("src.rate", {300.0f, 100.0f, 50.0f, 0.0f}));
  ASSERT_TRUE(unkept.run(50));
  EXPECT_EQ(recordingOf(unkept, "v"), recordingOf(one, "v"));
  EXPECT_EQ(*unkept.read("n.v"), *one.read("n.v"));
  auto gone = unkept.monitor("src_spk");
  ASSERT_FALSE(gone);
  EXPECT_TRUE(mentions(gone.message(), "src_spk")) << gone.message();
}

TEST(Run, SequenceDrivesASpikeArrayStepByStep) {
  Network net = loadOrDie("drive");
  ASSERT_TRUE(net.init());
  // Zero input: the same as a plain run, every-10 monitor included.
  ASSERT_TRUE(net.runSequence("src.spikes", std::vector<float>(40, 0.0f), 40));
  EXPECT_EQ(spikeSteps(*net.monitor("spk")),
            (std::vector<int64_t>{10, 21, 32}));
  Network plain = loadOrDie("drive");
  ASSERT_TRUE(plain.init());
  ASSERT_TRUE(plain.run(40));
  EXPECT_EQ(recordingOf(net, "v_slow"), recordingOf(plain, "v_slow"));

  // With weight 10, a source spike at step 3 arrives at step 4 and fires
  // the neuron at once; 11 steps of bias each fire it again after.
  ASSERT_TRUE(net.init());
  float w = 10.0f;
  ASSERT_TRUE(net.write("p.w", &w, {1}));
  std::vector<float> seq(40, 0.0f);
  seq[3] = 1.0f;
  ASSERT_TRUE(net.runSequence("src.spikes", seq, 40));
  EXPECT_EQ(spikeSteps(*net.monitor("spk")),
            (std::vector<int64_t>{4, 15, 26, 37}));
  EXPECT_EQ(net.monitor("v_slow")->shape, (std::vector<int64_t>{4, 1, 1}));

  Status bad = net.runSequence("src.spikes", seq, 41);
  EXPECT_EQ(bad.code(), SNNRT_ERR_SHAPE);
  expectDriveRuns(net);
}

TEST(Run, ResetReturnsToTheInitialState) {
  Network net = loadOrDie("pair");
  ASSERT_TRUE(net.init());
  std::vector<float> v0 = *net.read("n.v");
  ASSERT_TRUE(net.setInput("src.rate", {400.0f, 400.0f, 400.0f, 400.0f}));
  ASSERT_TRUE(net.run(30));
  std::vector<float> spikes = recordingOf(net, "src_spk");
  EXPECT_NE(*net.read("n.v"), v0);
  ASSERT_TRUE(net.reset());
  EXPECT_EQ(net.step(), 0);
  EXPECT_EQ(*net.read("n.v"), v0);
  // Reset re-runs init, so inputs are 0 again until bound.
  EXPECT_EQ(*net.read("src.rate"), std::vector<float>(8, 0.0f));
  ASSERT_TRUE(net.setInput("src.rate", {400.0f, 400.0f, 400.0f, 400.0f}));
  ASSERT_TRUE(net.run(30));
  EXPECT_EQ(recordingOf(net, "src_spk"), spikes);
}

TEST(Run, ResetRolesKeepsTheStepAndTheInputs) {
  Network net = loadOrDie("pair");
  ASSERT_TRUE(net.init());
  std::vector<float> v0 = *net.read("n.v");
  ASSERT_TRUE(net.setInput("src.rate", {400.0f, 400.0f, 400.0f, 400.0f}));
  ASSERT_TRUE(net.run(30));
  std::vector<float> first = recordingOf(net, "src_spk");
  ASSERT_TRUE(net.resetRoles(SNNRT_RESET_STATE));
  EXPECT_EQ(*net.read("n.v"), v0);
  // The step number and the bound rates survive a state reset.
  EXPECT_EQ(net.step(), 30);
  EXPECT_EQ(*net.read("src.rate"), std::vector<float>(8, 400.0f));
  // The next sample draws new numbers (the step keeps counting).
  ASSERT_TRUE(net.run(30));
  EXPECT_NE(recordingOf(net, "src_spk"), first);
  // Unknown role bits are refused, and the network still runs.
  auto bad = net.resetRoles(64);
  EXPECT_FALSE(bad);
  EXPECT_NE(bad.message().find("unknown role bits"), std::string::npos)
      << bad.message();
  ASSERT_TRUE(net.run(5));
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

TEST(Input, PoissonRatesFromMemoryMatchPhilox) {
  Network net = loadOrDie("pois");
  ASSERT_TRUE(net.setSeeds({42}));
  ASSERT_TRUE(net.init());
  std::vector<float> rates = {0.0f, 50.0f, 100.0f, 200.0f, 500.0f, 1000.0f};
  Status st = net.setInput("src.rate", rates);
  ASSERT_TRUE(st) << st.message();
  ASSERT_TRUE(net.run(200));
  auto spk = net.monitor("spk");
  ASSERT_TRUE(spk);
  ASSERT_EQ(spk->shape, (std::vector<int64_t>{200, 1, 6}));
  int mismatches = 0, spikes = 0;
  for (uint32_t t = 0; t < 200; ++t)
    for (uint32_t i = 0; i < 6; ++i) {
      bool want = poissonSpike(42, i, t, rates[i]);
      spikes += want;
      mismatches += (spk->at(t, 0, i) > 0.5f) != want;
    }
  EXPECT_EQ(mismatches, 0);
  EXPECT_GT(spikes, 300);
  // 1000 Hz at dt 1 ms: p = 1, a spike every step.
  for (int64_t t = 0; t < 200; ++t)
    EXPECT_EQ(spk->at(t, 0, 5), 1.0f);
}

TEST(Input, FromNpyEqualsFromMemory) {
  TempDir tmp;
  std::vector<float> rates = {10.0f, 20.0f, 30.0f, 40.0f, 50.0f, 600.0f};
  std::string file = tmp.path("rates.npy");
  ASSERT_TRUE(writeNpy(file, {1, 6}, rates.data()));
  Network a = loadOrDie("pois"), b = loadOrDie("pois");
  ASSERT_TRUE(a.init());
  ASSERT_TRUE(b.init());
  ASSERT_TRUE(a.setInput("src.rate", rates));
  Status st = b.setInputFromNpy("src.rate", file);
  ASSERT_TRUE(st) << st.message();
  EXPECT_EQ(*b.read("src.rate"), rates);
  ASSERT_TRUE(a.run(100));
  ASSERT_TRUE(b.run(100));
  EXPECT_EQ(recordingOf(a, "spk"), recordingOf(b, "spk"));
}

TEST(Input, OneEntryIsCopiedToEveryBatchEntry) {
  Network net = loadOrDie("pair");
  ASSERT_TRUE(net.init());
  ASSERT_TRUE(net.setInput("src.rate", {1.0f, 2.0f, 3.0f, 4.0f}));
  EXPECT_EQ(*net.read("src.rate"),
            (std::vector<float>{1, 2, 3, 4, 1, 2, 3, 4}));
  std::vector<float> both = {1, 2, 3, 4, 5, 6, 7, 8};
  ASSERT_TRUE(net.setInput("src.rate", both.data(), {2, 4}));
  EXPECT_EQ(*net.read("src.rate"), both);
}

TEST(Input, ErrorsNameWhatIsWrongAndLeaveTheNetworkUsable) {
  Network net = loadOrDie("drive");
  ASSERT_TRUE(net.init());

  Status unknown = net.setInput("src.spikez", {1.0f});
  EXPECT_EQ(unknown.code(), SNNRT_ERR_NAME);
  EXPECT_TRUE(mentions(unknown.message(), "'src.spikez'")) << unknown.message();
  EXPECT_TRUE(mentions(unknown.message(), "@drive")) << unknown.message();

  Status notInput = net.setInput("n.v", {1.0f});
  EXPECT_EQ(notInput.code(), SNNRT_ERR_NAME);
  EXPECT_TRUE(mentions(notInput.message(), "not an input"))
      << notInput.message();
  EXPECT_TRUE(mentions(notInput.message(), "src.spikes")) << notInput.message();

  float three[3] = {0, 0, 0};
  Status shape = net.setInput("src.spikes", three, {3});
  EXPECT_EQ(shape.code(), SNNRT_ERR_SHAPE);
  EXPECT_TRUE(mentions(shape.message(), "[3]")) << shape.message();
  EXPECT_TRUE(mentions(shape.message(), "src.spikes")) << shape.message();
  EXPECT_TRUE(mentions(shape.message(), "[1, 1]")) << shape.message();

  int64_t wide = 1, dims[2] = {1, 1};
  snnrt_status dtype =
      snnrt_set_input(net.c(), "src.spikes", SNNRT_I64, &wide, 2, dims);
  EXPECT_EQ(dtype, SNNRT_ERR_DTYPE);
  EXPECT_TRUE(mentions(snnrt_last_error(), "int64")) << snnrt_last_error();

  EXPECT_EQ(net.write("spk", three, {1, 1}).code(), SNNRT_ERR_NAME);
  auto mon = net.monitor("n.v");
  EXPECT_EQ(mon.status().code(), SNNRT_ERR_NAME);
  EXPECT_TRUE(mentions(mon.message(), "not a monitor")) << mon.message();
  EXPECT_EQ(net.monitor("nothing").status().code(), SNNRT_ERR_NAME);
  EXPECT_EQ(net.setSeeds({1, 2}).code(), SNNRT_ERR_SHAPE);
  EXPECT_EQ(net.run(-1).code(), SNNRT_ERR_ARGUMENT);

  expectDriveRuns(net);
}

TEST(Input, BadNpyFilesAreRejectedByName) {
  TempDir tmp;
  Network net = loadOrDie("pois");
  ASSERT_TRUE(net.init());
  std::vector<float> six(6, 0.0f);

  std::string magic = tmp.path("magic.npy");
  writeBytes(magic, "NUMPY not really");
  Status st = net.setInputFromNpy("src.rate", magic);
  EXPECT_EQ(st.code(), SNNRT_ERR_FORMAT);
  EXPECT_TRUE(mentions(st.message(), magic)) << st.message();
  EXPECT_TRUE(mentions(st.message(), "magic")) << st.message();

  std::string i64 = tmp.path("i64.npy");
  std::vector<int64_t> ints(6, 1);
  ASSERT_TRUE(writeNpy(i64, {1, 6}, ints.data()));
  st = net.setInputFromNpy("src.rate", i64);
  EXPECT_EQ(st.code(), SNNRT_ERR_DTYPE);
  EXPECT_TRUE(mentions(st.message(), i64)) << st.message();
  EXPECT_TRUE(mentions(st.message(), "src.rate")) << st.message();

  std::string shape = tmp.path("shape.npy");
  ASSERT_TRUE(writeNpy(shape, {2, 3}, six.data()));
  st = net.setInputFromNpy("src.rate", shape);
  EXPECT_EQ(st.code(), SNNRT_ERR_SHAPE);
  EXPECT_TRUE(mentions(st.message(), shape)) << st.message();
  EXPECT_TRUE(mentions(st.message(), "[2, 3]")) << st.message();

  st = net.setInputFromNpy("src.rate", tmp.path("absent.npy"));
  EXPECT_EQ(st.code(), SNNRT_ERR_FILE);
  EXPECT_TRUE(mentions(st.message(), "absent.npy")) << st.message();

  // After all that, the network still runs and the input is untouched.
  EXPECT_EQ(*net.read("src.rate"), six);
  ASSERT_TRUE(net.setInput("src.rate", std::vector<float>(6, 1000.0f)));
  ASSERT_TRUE(net.run(10));
  EXPECT_EQ(recordingOf(net, "spk"), std::vector<float>(60, 1.0f));
}

//===----------------------------------------------------------------------===//
// Seeds and batches
//===----------------------------------------------------------------------===//

TEST(Batch, EntriesWithTheSameSeedRunIdentically) {
  Network net = loadOrDie("pair");
  ASSERT_TRUE(net.setSeeds({5, 5}));
  ASSERT_TRUE(net.init());
  ASSERT_TRUE(net.setInput("src.rate", {300.0f, 200.0f, 100.0f, 50.0f}));
  ASSERT_TRUE(net.run(60));
  auto spk = net.monitor("src_spk");
  auto v = net.monitor("v");
  ASSERT_TRUE(spk && v);
  for (int64_t t = 0; t < 60; ++t)
    for (int64_t i = 0; i < 4; ++i)
      EXPECT_EQ(spk->at(t, 0, i), spk->at(t, 1, i));
  for (int64_t r = 0; r < 20; ++r)
    for (int64_t i = 0; i < 3; ++i)
      EXPECT_EQ(v->at(r, 0, i), v->at(r, 1, i));
}

TEST(Batch, DifferentSeedsDrawDifferently) {
  Network net = loadOrDie("pair");
  ASSERT_TRUE(net.setSeeds({5, 6}));
  ASSERT_TRUE(net.init());
  std::vector<float> v0 = *net.read("n.v");
  EXPECT_NE(std::vector<float>(v0.begin(), v0.begin() + 3),
            std::vector<float>(v0.begin() + 3, v0.end()));
  for (float x : v0) {
    EXPECT_GE(x, 0.0f);
    EXPECT_LT(x, 0.5f);
  }
  ASSERT_TRUE(net.setInput("src.rate", {300.0f, 300.0f, 300.0f, 300.0f}));
  ASSERT_TRUE(net.run(100));
  auto spk = net.monitor("src_spk");
  int differ = 0;
  for (int64_t t = 0; t < 100; ++t)
    for (int64_t i = 0; i < 4; ++i) {
      bool e0 = spk->at(t, 0, i) > 0.5f, e1 = spk->at(t, 1, i) > 0.5f;
      differ += e0 != e1;
      EXPECT_EQ(e0, poissonSpike(5, i, t, 300.0f));
      EXPECT_EQ(e1, poissonSpike(6, i, t, 300.0f));
    }
  EXPECT_GT(differ, 20);
}

TEST(Batch, SharedDrawsFollowEntryZerosSeed) {
  // Every entry draws entry 0's numbers; new seeds take effect at once,
  // without an init, as the entries' own draws do.
  Network net = loadOrDie("common");
  ASSERT_TRUE(net.setSeeds({5, 6, 7}));
  ASSERT_TRUE(net.init());
  const std::vector<float> rates = {300.0f, 200.0f, 100.0f, 50.0f};
  ASSERT_TRUE(net.setInput("src.rate", rates));
  int spikes = 0;
  for (uint64_t seed : {5, 9}) {
    uint32_t from = seed == 5 ? 0 : 60;
    if (seed == 9)
      ASSERT_TRUE(net.setSeeds({9, 6, 7}));
    ASSERT_TRUE(net.run(60));
    auto spk = net.monitor("spk");
    ASSERT_TRUE(spk);
    for (int64_t b = 0; b < 3; ++b)
      for (uint32_t t = 0; t < 60; ++t)
        for (uint32_t i = 0; i < 4; ++i) {
          bool want = poissonSpike(seed, i, from + t, rates[i]);
          spikes += want;
          EXPECT_EQ(spk->at(t, b, i) > 0.5f, want)
              << "seed " << seed << ", entry " << b << ", step " << from + t
              << ", neuron " << i;
        }
  }
  EXPECT_GT(spikes, 200);
}

//===----------------------------------------------------------------------===//
// Spike monitors (recorded as bits)
//===----------------------------------------------------------------------===//

TEST(SpikeBits, WordsHoldTheSpikesOfEachEntryAndStep) {
  Network net = loadOrDie("bits");
  const uint64_t seeds[3] = {5, 5, 9};
  ASSERT_TRUE(net.setSeeds({seeds[0], seeds[1], seeds[2]}));
  ASSERT_TRUE(net.init());
  // Rates rise with the neuron and the entry: some never fire, most do.
  std::vector<float> rates(3 * 70);
  for (int b = 0; b < 3; ++b)
    for (int i = 0; i < 70; ++i)
      rates[b * 70 + i] = 10.0f * static_cast<float>(i) + 50.0f * b;
  ASSERT_TRUE(net.setInput("src.rate", rates));
  ASSERT_TRUE(net.run(50));

  const uint64_t *words = nullptr;
  int64_t shape[3];
  ASSERT_EQ(snnrt_monitor_bits(net.c(), "spk", &words, shape), SNNRT_OK)
      << snnrt_last_error();
  ASSERT_EQ(std::vector<int64_t>(shape, shape + 3),
            (std::vector<int64_t>{50, 3, 70}));
  auto floats = net.monitor("spk");
  ASSERT_TRUE(floats) << floats.message();
  ASSERT_EQ(floats->shape, (std::vector<int64_t>{50, 3, 70}));
  int64_t spikes = 0;
  std::vector<float> counted(3 * 70, 0.0f);
  for (uint32_t t = 0; t < 50; ++t)
    for (int b = 0; b < 3; ++b) {
      const uint64_t *row = words + (t * 3 + b) * 2;
      // Neurons 64..69 use the low 6 bits of the second word only.
      EXPECT_EQ(row[1] >> 6, 0u) << "step " << t << " entry " << b;
      for (uint32_t i = 0; i < 70; ++i) {
        bool bit = (row[i / 64] >> (i % 64)) & 1;
        EXPECT_EQ(bit, poissonSpike(seeds[b], i, t, rates[b * 70 + i]))
            << "step " << t << " entry " << b << " neuron " << i;
        EXPECT_EQ(floats->at(t, b, i), bit ? 1.0f : 0.0f);
        counted[b * 70 + i] += bit;
        spikes += bit;
      }
    }
  EXPECT_GT(spikes, 1000);
  // The network's own spike counter agrees with the recording.
  EXPECT_EQ(*net.read("src.spike_count"), counted);

  // Every 3 steps: rows 0, 3, ..., 48 of the every-step recording.
  const uint64_t *every3 = nullptr;
  ASSERT_EQ(snnrt_monitor_bits(net.c(), "spk3", &every3, shape), SNNRT_OK);
  ASSERT_EQ(shape[0], 17);
  for (int64_t r = 0; r < 17; ++r)
    for (int64_t w = 0; w < 3 * 2; ++w)
      EXPECT_EQ(every3[r * 6 + w], words[r * 3 * 6 + w]) << "row " << r;

  // Saved as float32 .npy, like every other recording.
  TempDir tmp;
  std::string path = tmp.path("spk.npy");
  ASSERT_EQ(snnrt_save_npy(net.c(), "spk", path.c_str()), SNNRT_OK)
      << snnrt_last_error();
  snnrt_array saved;
  ASSERT_EQ(snnrt_npy_read(path.c_str(), &saved), SNNRT_OK);
  ASSERT_EQ(saved.dtype, SNNRT_F32);
  ASSERT_EQ(snnrt_array_elements(&saved), 50 * 3 * 70);
  EXPECT_EQ(0, std::memcmp(saved.data, floats->data, 50 * 3 * 70 * 4));
  snnrt_array_free(&saved);

  // The spike buffer itself holds bytes (u8, DESIGN.md §2.4): the spikes
  // of the last step, which the last recorded row also holds.
  const void *state = nullptr;
  snnrt_buffer_desc desc;
  ASSERT_EQ(snnrt_read_buffer(net.c(), "src.spike", &state, &desc), SNNRT_OK)
      << snnrt_last_error();
  EXPECT_EQ(desc.dtype, SNNRT_U8);
  const auto *bytes = static_cast<const uint8_t *>(state);
  for (int b = 0; b < 3; ++b)
    for (int i = 0; i < 70; ++i)
      EXPECT_EQ(bytes[b * 70 + i], floats->at(49, b, i) > 0.5f ? 1 : 0);
  // ... and goes to .npy as numpy's uint8 ('|u1').
  std::string spikePath = tmp.path("spike.npy");
  ASSERT_EQ(snnrt_save_npy(net.c(), "src.spike", spikePath.c_str()), SNNRT_OK);
  ASSERT_EQ(snnrt_npy_read(spikePath.c_str(), &saved), SNNRT_OK);
  EXPECT_EQ(saved.dtype, SNNRT_U8);
  EXPECT_EQ(0, std::memcmp(saved.data, bytes, 3 * 70));
  snnrt_array_free(&saved);
  EXPECT_NE(readBytes(spikePath).find("'descr': '|u1'"), std::string::npos);
}

TEST(SpikeBits, OnlySpikeMonitorsHaveBits) {
  Network net = loadOrDie("drive");
  ASSERT_TRUE(net.init());
  ASSERT_TRUE(net.run(20));
  const uint64_t *words = nullptr;
  int64_t shape[3];
  EXPECT_EQ(snnrt_monitor_bits(net.c(), "v_slow", &words, shape),
            SNNRT_ERR_DTYPE);
  EXPECT_STREQ(snnrt_last_error(),
               "monitor 'v_slow' records float32 values, not spikes as bits; "
               "read it with snnrt_monitor");
  EXPECT_EQ(snnrt_monitor_bits(net.c(), "n.v", &words, shape), SNNRT_ERR_NAME);
  ASSERT_EQ(snnrt_monitor_bits(net.c(), "spk", &words, shape), SNNRT_OK);
  EXPECT_EQ(shape[0], 20);
  // The network is still usable.
  EXPECT_TRUE(net.run(5));
}

} // namespace

namespace {

TEST(Convergence, MeanOfWTimesOneMinusW) {
  // @pair's 4 x 3 weights set to known values: the metric is the mean of
  // w (1 - w); all at 0 or 1 is 0 (converged), all at 0.5 is 0.25.
  snnrt_network *net = nullptr;
  ASSERT_EQ(snnrt_load(netLib("pair").c_str(), "pair", &net), SNNRT_OK)
      << snnrt_last_error();
  ASSERT_EQ(snnrt_init(net), SNNRT_OK);
  double c = -1;
  ASSERT_EQ(snnrt_weight_convergence(net, "p.w", &c), SNNRT_OK);
  EXPECT_NEAR(c, 0.4 * 0.6, 1e-7); // the initial 0.4
  float w[12] = {0, 1, 0, 1, 0.5f, 0.5f, 0.8f, 0.2f, 1, 1, 0, 0};
  int64_t shape[2] = {4, 3};
  ASSERT_EQ(snnrt_write_buffer(net, "p.w", SNNRT_F32, w, 2, shape), SNNRT_OK)
      << snnrt_last_error();
  ASSERT_EQ(snnrt_weight_convergence(net, "p.w", &c), SNNRT_OK);
  EXPECT_NEAR(c, (0.25 + 0.25 + 0.16 + 0.16) / 12, 1e-7);
  // Errors name what is wrong.
  EXPECT_EQ(snnrt_weight_convergence(net, "p.nope", &c), SNNRT_ERR_NAME);
  EXPECT_TRUE(mentions(snnrt_last_error(), "p.nope"));
  EXPECT_EQ(snnrt_weight_convergence(net, "seed", &c), SNNRT_ERR_ARGUMENT);
  EXPECT_TRUE(mentions(snnrt_last_error(), "not float32"));
  // Per group (the rows of the 4 x 3 buffer here): 0, 0.25 + 0 + ... .
  double rows[4];
  ASSERT_EQ(snnrt_weight_convergence_groups(net, "p.w", 4, rows), SNNRT_OK);
  EXPECT_NEAR(rows[0], 0.0, 1e-12);
  EXPECT_NEAR(rows[1], (0.0 + 0.25 + 0.25) / 3, 1e-7);
  EXPECT_NEAR(rows[2], (0.16 + 0.16 + 0.0) / 3, 1e-7);
  EXPECT_NEAR(rows[3], 0.0, 1e-12);
  EXPECT_EQ(snnrt_weight_convergence_groups(net, "p.w", 5, rows),
            SNNRT_ERR_ARGUMENT);
  EXPECT_TRUE(mentions(snnrt_last_error(), "not a multiple of 5 groups"));
  snnrt_free(net);
}

} // namespace
