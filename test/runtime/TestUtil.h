//===- TestUtil.h - shared helpers of the runtime tests ---------*- C++ -*-===//

#ifndef SNNRT_TEST_TESTUTIL_H
#define SNNRT_TEST_TESTUTIL_H

#include "snnrt/Network.h"

#include "gtest/gtest.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace snnrt::test {

/// nets/<net>/lib<net>.so, compiled at build time from Inputs/<net>.mlir.
inline std::string netLib(const std::string &net) {
  return std::string(SNNRT_TEST_NET_DIR) + "/" + net + "/lib" + net + ".so";
}

/// A fresh directory removed when the test ends.
class TempDir {
public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "snnrt-test-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()))
      dir = buf.data();
  }
  ~TempDir() {
    std::error_code ec;
    if (!dir.empty())
      std::filesystem::remove_all(dir, ec);
  }
  std::string path(const std::string &name) const { return dir + "/" + name; }

private:
  std::string dir;
};

inline void writeBytes(const std::string &path, const std::string &bytes) {
  std::FILE *f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr) << path;
  ASSERT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
  std::fclose(f);
}

inline std::string readBytes(const std::string &path) {
  std::string out;
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    out.append(buf, n);
  std::fclose(f);
  return out;
}

/// A .npy file by hand: `dict` is the header's text (padded here so the
/// data starts at a multiple of 64), `major` the format version.
inline std::string npyBytes(const std::string &dict, const std::string &data,
                            int major = 1) {
  size_t prefix = major == 1 ? 10 : 12;
  std::string text = dict;
  size_t total = prefix + text.size() + 1;
  text.append((64 - total % 64) % 64, ' ');
  text += '\n';
  std::string out("\x93NUMPY", 6);
  out += char(major);
  out += char(0);
  size_t n = text.size();
  out += char(n & 0xff);
  out += char((n >> 8) & 0xff);
  if (major != 1) {
    out += char((n >> 16) & 0xff);
    out += char((n >> 24) & 0xff);
  }
  return out + text + data;
}

/// The steps at which neuron 0 of batch entry 0 spiked in `rec`.
inline std::vector<int64_t> spikeSteps(const Recording &rec) {
  std::vector<int64_t> steps;
  for (int64_t t = 0; t < rec.shape[0]; ++t)
    if (rec.at(t, 0, 0) > 0.5f)
      steps.push_back(t);
  return steps;
}

/// nets/<net>/lib<net>.so, loaded; a test failure if it does not load.
inline Network loadOrDie(const std::string &net) {
  auto loaded = Network::load(netLib(net));
  EXPECT_TRUE(loaded) << loaded.message();
  return loaded ? std::move(*loaded) : Network();
}

/// A monitor's recording of the last run, copied.
inline std::vector<float> recordingOf(const Network &net,
                                      const std::string &mon) {
  auto rec = net.monitor(mon);
  EXPECT_TRUE(rec) << rec.message();
  if (!rec)
    return {};
  return std::vector<float>(rec->data, rec->data + rec->size());
}

/// The drive network from init: spikes on steps 10, 21 and 32 of 40.
inline void expectDriveRuns(Network &net) {
  ASSERT_TRUE(net.init());
  Status st = net.run(40);
  ASSERT_TRUE(st) << st.message();
  auto spk = net.monitor("spk");
  ASSERT_TRUE(spk) << spk.message();
  EXPECT_EQ(spikeSteps(*spk), (std::vector<int64_t>{10, 21, 32}));
}

/// The message of a failed status, for EXPECT_THAT-free checks.
inline bool mentions(const std::string &message, const std::string &part) {
  return message.find(part) != std::string::npos;
}

} // namespace snnrt::test

#endif // SNNRT_TEST_TESTUTIL_H
