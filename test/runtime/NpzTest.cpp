//===- NpzTest.cpp - a network's state as .npz ----------------------------===//
//
// Save, load, and every way an archive can be wrong. Malformed archives are
// written here with libzip.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <algorithm>
#include <zip.h>

using namespace snnrt;
using namespace snnrt::test;

namespace {

TEST(Npz, SaveThenLoadRestoresARunExactly) {
  TempDir tmp;
  std::string file = tmp.path("state.npz");
  Network net = loadOrDie("pair");
  ASSERT_TRUE(net.setSeeds({11, 12}));
  ASSERT_TRUE(net.init());
  ASSERT_TRUE(net.setInput("src.rate", {300.0f, 200.0f, 100.0f, 50.0f}));
  ASSERT_TRUE(net.run(21));
  Status st = net.saveNpz(file);
  ASSERT_TRUE(st) << st.message();
  ASSERT_TRUE(net.run(30));
  std::vector<float> spikes = recordingOf(net, "src_spk");
  std::vector<float> v = recordingOf(net, "v");
  std::vector<float> state = *net.read("n.v");

  // Into the same network after it moved on, and into a fresh one whose
  // seeds differ: both continue exactly as the original did.
  ASSERT_TRUE(net.run(7));
  st = net.loadNpz(file);
  ASSERT_TRUE(st) << st.message();
  EXPECT_EQ(net.step(), 21);
  ASSERT_TRUE(net.run(30));
  EXPECT_EQ(recordingOf(net, "src_spk"), spikes);
  EXPECT_EQ(recordingOf(net, "v"), v);

  Network fresh = loadOrDie("pair");
  st = fresh.loadNpz(file);
  ASSERT_TRUE(st) << st.message();
  EXPECT_EQ(fresh.seeds(), (std::vector<uint64_t>{11, 12}));
  ASSERT_TRUE(fresh.run(30));
  EXPECT_EQ(recordingOf(fresh, "src_spk"), spikes);
  EXPECT_EQ(*fresh.read("n.v"), state);
}

TEST(Npz, EntriesAreNpyFilesNamedAfterBuffers) {
  TempDir tmp;
  std::string file = tmp.path("state.npz");
  Network net = loadOrDie("drive");
  ASSERT_TRUE(net.init());
  ASSERT_TRUE(net.run(12));
  ASSERT_TRUE(net.saveNpz(file));
  int error = 0;
  zip_t *z = zip_open(file.c_str(), ZIP_RDONLY, &error);
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(zip_get_num_entries(z, 0), 13); // 15 buffers less 2 monitors
  zip_stat_t st;
  ASSERT_EQ(zip_stat(z, "n.v.npy", 0, &st), 0);
  std::string bytes(st.size, '\0');
  zip_file_t *f = zip_fopen(z, "n.v.npy", 0);
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(zip_fread(f, bytes.data(), st.size), (zip_int64_t)st.size);
  zip_fclose(f);
  zip_close(z);
  EXPECT_EQ(bytes.substr(0, 6), "\x93NUMPY");
  EXPECT_TRUE(mentions(bytes, "'descr': '<f4'"));
  EXPECT_TRUE(mentions(bytes, "'shape': (1, 1)"));
  EXPECT_EQ(bytes.size() % 64, 4u);
}

/// Writes an .npz with the given entries (name, bytes), deflated as
/// np.savez_compressed writes them.
void writeZip(const std::string &path,
              const std::vector<std::pair<std::string, std::string>> &entries) {
  int error = 0;
  zip_t *z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(z, nullptr);
  for (const auto &[name, bytes] : entries) {
    zip_source_t *src = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    zip_int64_t index = zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE);
    ASSERT_GE(index, 0);
    ASSERT_EQ(zip_set_file_compression(z, index, ZIP_CM_DEFLATE, 9), 0);
  }
  ASSERT_EQ(zip_close(z), 0);
}

/// Every entry of an .npz, read back.
std::vector<std::pair<std::string, std::string>>
readZip(const std::string &path) {
  std::vector<std::pair<std::string, std::string>> out;
  int error = 0;
  zip_t *z = zip_open(path.c_str(), ZIP_RDONLY, &error);
  EXPECT_NE(z, nullptr);
  if (!z)
    return out;
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(z, i, 0, &st);
    std::string bytes(st.size, '\0');
    zip_file_t *f = zip_fopen_index(z, i, 0);
    zip_fread(f, bytes.data(), st.size);
    zip_fclose(f);
    out.push_back({st.name, bytes});
  }
  zip_close(z);
  return out;
}

TEST(Npz, ReadsDeflatedEntries) {
  TempDir tmp;
  Network net = loadOrDie("drive");
  ASSERT_TRUE(net.init());
  ASSERT_TRUE(net.run(5));
  ASSERT_TRUE(net.saveNpz(tmp.path("stored.npz")));
  writeZip(tmp.path("deflated.npz"), readZip(tmp.path("stored.npz")));
  ASSERT_TRUE(net.init());
  Status st = net.loadNpz(tmp.path("deflated.npz"));
  ASSERT_TRUE(st) << st.message();
  EXPECT_EQ(net.step(), 5);
  ASSERT_TRUE(net.run(35));
  // Steps 5..39 of the closed-form run: spikes at 10, 21, 32.
  EXPECT_EQ(spikeSteps(*net.monitor("spk")), (std::vector<int64_t>{5, 16, 27}));
}

TEST(Npz, BadArchivesAreRejectedAndChangeNothing) {
  TempDir tmp;
  Network net = loadOrDie("drive");
  ASSERT_TRUE(net.init());
  ASSERT_TRUE(net.run(5));
  std::string good = tmp.path("good.npz");
  ASSERT_TRUE(net.saveNpz(good));
  auto entries = readZip(good);
  ASSERT_EQ(entries.size(), 13u);
  std::vector<float> v = *net.read("n.v");

  auto expectRejected =
      [&](const std::string &name,
          const std::vector<std::pair<std::string, std::string>> &e,
          snnrt_status code, const std::string &part) {
        std::string file = tmp.path(name);
        writeZip(file, e);
        Status st = net.loadNpz(file);
        EXPECT_EQ(st.code(), code) << name << ": " << st.message();
        EXPECT_TRUE(mentions(st.message(), file)) << st.message();
        EXPECT_TRUE(mentions(st.message(), part)) << st.message();
        EXPECT_EQ(*net.read("n.v"), v) << name;
        EXPECT_EQ(net.step(), 5) << name;
      };
  auto replace = [&](const std::string &entry, const std::string &bytes) {
    auto e = entries;
    for (auto &[n, b] : e)
      if (n == entry)
        b = bytes;
    return e;
  };
  // n.v as the wrong shape, the wrong dtype, not .npy at all.
  expectRejected(
      "shape.npz",
      replace("n.v.npy", npyBytes("{'descr': '<f4', 'fortran_order': False, "
                                  "'shape': (2, 3), }",
                                  std::string(24, '\0'))),
      SNNRT_ERR_SHAPE, "[2, 3]");
  expectRejected(
      "dtype.npz",
      replace("n.v.npy", npyBytes("{'descr': '<i8', 'fortran_order': False, "
                                  "'shape': (1, 1), }",
                                  std::string(8, '\0'))),
      SNNRT_ERR_DTYPE, "n.v");
  expectRejected("magic.npz", replace("n.v.npy", "garbage"), SNNRT_ERR_FORMAT,
                 "magic");
  // A missing state buffer, an unknown entry.
  auto missing = entries;
  missing.erase(std::remove_if(missing.begin(), missing.end(),
                               [](auto &e) { return e.first == "n.v.npy"; }),
                missing.end());
  expectRejected("missing.npz", missing, SNNRT_ERR_FORMAT, "'n.v'");
  auto extra = entries;
  extra.push_back({"exc.v.npy", entries[0].second});
  expectRejected("extra.npz", extra, SNNRT_ERR_NAME, "exc.v");

  // Not a zip file; no file.
  std::string text = tmp.path("text.npz");
  writeBytes(text, "not a zip archive at all");
  Status st = net.loadNpz(text);
  EXPECT_EQ(st.code(), SNNRT_ERR_FORMAT) << st.message();
  EXPECT_TRUE(mentions(st.message(), text)) << st.message();
  st = net.loadNpz(tmp.path("absent.npz"));
  EXPECT_EQ(st.code(), SNNRT_ERR_FILE) << st.message();
  st = net.saveNpz(tmp.path("no/such/dir/x.npz"));
  EXPECT_EQ(st.code(), SNNRT_ERR_FILE) << st.message();

  // A .npz of another network is refused by name.
  Network pois = loadOrDie("pois");
  ASSERT_TRUE(pois.init());
  std::string other = tmp.path("pois.npz");
  ASSERT_TRUE(pois.saveNpz(other));
  st = net.loadNpz(other);
  EXPECT_EQ(st.code(), SNNRT_ERR_NAME) << st.message();
  EXPECT_TRUE(mentions(st.message(), "src.rate")) << st.message();

  // The good file still loads, and the network still runs.
  ASSERT_TRUE(net.loadNpz(good));
  expectDriveRuns(net);
}

TEST(Npz, MonitorsSaveAsNpy) {
  TempDir tmp;
  Network net = loadOrDie("drive");
  ASSERT_TRUE(net.init());
  ASSERT_TRUE(net.run(40));
  std::string file = tmp.path("spk.npy");
  ASSERT_TRUE(net.saveNpy("spk", file));
  auto arr = readNpy(file);
  ASSERT_TRUE(arr) << arr.message();
  EXPECT_EQ(arr->shape(), (std::vector<int64_t>{40, 1, 1}));
  EXPECT_EQ(arr->f32()[21], 1.0f);
  ASSERT_TRUE(net.saveNpy("step", tmp.path("step.npy")));
  auto step = readNpy(tmp.path("step.npy"));
  ASSERT_TRUE(step);
  EXPECT_EQ(step->i64()[0], 40);
}

} // namespace
