//===- DataTest.cpp - IDX files -------------------------------------------===//
//
// Small IDX files written here, plain and gzipped; the real Fashion-MNIST
// is checked only where Debian's dataset-fashion-mnist is installed.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <sys/stat.h>
#include <zlib.h>

using namespace snnrt;
using namespace snnrt::test;

namespace {

/// An IDX file: magic (type 0x08 unless given), big-endian dims, data.
std::string idx(const std::vector<uint32_t> &dims, const std::string &data,
                int type = 0x08) {
  std::string s;
  s += char(0);
  s += char(0);
  s += char(type);
  s += char(dims.size());
  for (uint32_t d : dims) {
    s += char(d >> 24);
    s += char((d >> 16) & 0xff);
    s += char((d >> 8) & 0xff);
    s += char(d & 0xff);
  }
  return s + data;
}

void writeGzip(const std::string &path, const std::string &bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())),
            static_cast<int>(bytes.size()));
  ASSERT_EQ(gzclose(f), Z_OK);
}

/// Three 2x2 images: 0..255 in steps.
std::string pixels() {
  std::string p;
  for (int i = 0; i < 12; ++i)
    p += char(i == 11 ? 255 : i * 20);
  return p;
}

TEST(Idx, ReadsImagesScaledToOneAndLabels) {
  TempDir tmp;
  writeBytes(tmp.path("images"), idx({3, 2, 2}, pixels()));
  writeBytes(tmp.path("labels"), idx({3}, std::string("\x07\x00\x09", 3)));
  auto images = readIdxImages(tmp.path("images"));
  ASSERT_TRUE(images) << images.message();
  EXPECT_EQ(images->shape(), (std::vector<int64_t>{3, 2, 2}));
  EXPECT_EQ(images->f32()[0], 0.0f);
  EXPECT_FLOAT_EQ(images->f32()[5], 100.0f / 255.0f);
  EXPECT_EQ(images->f32()[11], 1.0f);
  auto labels = readIdxLabels(tmp.path("labels"));
  ASSERT_TRUE(labels) << labels.message();
  EXPECT_EQ(labels->shape(), (std::vector<int64_t>{3}));
  EXPECT_EQ(std::vector<int64_t>(labels->i64(), labels->i64() + 3),
            (std::vector<int64_t>{7, 0, 9}));
}

TEST(Idx, ReadsGzipAndFindsTheGzNextToAMissingPlainFile) {
  TempDir tmp;
  writeGzip(tmp.path("images.gz"), idx({3, 2, 2}, pixels()));
  auto direct = readIdxImages(tmp.path("images.gz"));
  ASSERT_TRUE(direct) << direct.message();
  auto implied = readIdxImages(tmp.path("images"));
  ASSERT_TRUE(implied) << implied.message();
  EXPECT_EQ(std::vector<float>(implied->f32(), implied->f32() + 12),
            std::vector<float>(direct->f32(), direct->f32() + 12));
  EXPECT_EQ(direct->f32()[11], 1.0f);
}

TEST(Idx, MalformedFilesAreRejectedNamingTheFault) {
  TempDir tmp;
  struct Case {
    const char *name;
    std::string bytes;
    bool images;
    const char *fault;
  } cases[] = {
      {"truncated-data", idx({3, 2, 2}, pixels().substr(0, 10)), true,
       "truncated"},
      {"trailing-data", idx({3, 2, 2}, pixels() + "xy"), true, "trailing"},
      {"truncated-header", idx({3, 2, 2}, "").substr(0, 9), true,
       "truncated IDX header"},
      {"tiny", std::string("\0\0", 2), true, "truncated"},
      {"magic", "P5\n28 28\n255\n" + pixels(), true, "not an IDX file"},
      {"float", idx({3}, std::string(12, '\0'), 0x0D), false, "float"},
      {"rank", idx({12}, pixels()), true, "rank 1"},
      {"labels-rank", idx({3, 2, 2}, pixels()), false, "rank 3"},
  };
  for (const Case &c : cases) {
    std::string file = tmp.path(c.name);
    writeBytes(file, c.bytes);
    auto a = c.images ? readIdxImages(file) : readIdxLabels(file);
    ASSERT_FALSE(a) << c.name;
    EXPECT_EQ(a.status().code(), SNNRT_ERR_FORMAT) << c.name;
    EXPECT_TRUE(mentions(a.message(), file)) << c.name << ": " << a.message();
    EXPECT_TRUE(mentions(a.message(), c.fault))
        << c.name << ": " << a.message();
  }
  auto missing = readIdxLabels(tmp.path("missing"));
  EXPECT_EQ(missing.status().code(), SNNRT_ERR_FILE);
  EXPECT_TRUE(mentions(missing.message(), "missing")) << missing.message();
}

TEST(Idx, TruncatedGzipIsDetected) {
  TempDir tmp;
  // Enough pixels that the compressed stream is long enough to cut.
  std::string many;
  for (int i = 0; i < 100 * 28 * 28; ++i)
    many += char((i * 7919) % 251);
  writeGzip(tmp.path("whole.gz"), idx({100, 28, 28}, many));
  std::string gz = readBytes(tmp.path("whole.gz"));
  ASSERT_GT(gz.size(), 200u);
  writeBytes(tmp.path("cut.gz"), gz.substr(0, gz.size() / 2));
  auto a = readIdxImages(tmp.path("cut.gz"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.status().code(), SNNRT_ERR_FORMAT);
  EXPECT_TRUE(mentions(a.message(), "cut.gz")) << a.message();
  // Only the gzip trailer (CRC and length) missing is still an error.
  writeBytes(tmp.path("notrailer.gz"), gz.substr(0, gz.size() - 8));
  auto b = readIdxImages(tmp.path("notrailer.gz"));
  ASSERT_FALSE(b);
  EXPECT_TRUE(mentions(b.message(), "notrailer.gz")) << b.message();
}

TEST(Idx, FashionMnistFromDebian) {
  const std::string dir = "/usr/share/datasets/fashion-mnist";
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0)
    GTEST_SKIP() << dir << " is absent (Debian package dataset-fashion-mnist)";
  struct Split {
    const char *prefix;
    int64_t count;
  } splits[] = {{"train", 60000}, {"t10k", 10000}};
  for (const Split &s : splits) {
    auto images = readIdxImages(dir + "/" + s.prefix + "-images-idx3-ubyte");
    ASSERT_TRUE(images) << images.message();
    EXPECT_EQ(images->shape(), (std::vector<int64_t>{s.count, 28, 28}));
    auto labels = readIdxLabels(dir + "/" + s.prefix + "-labels-idx1-ubyte");
    ASSERT_TRUE(labels) << labels.message();
    EXPECT_EQ(labels->shape(), (std::vector<int64_t>{s.count}));
    std::vector<int64_t> perClass(10, 0);
    for (int64_t i = 0; i < s.count; ++i) {
      ASSERT_GE(labels->i64()[i], 0);
      ASSERT_LT(labels->i64()[i], 10);
      ++perClass[labels->i64()[i]];
    }
    // Fashion-MNIST is balanced: count / 10 of each class.
    for (int64_t n : perClass)
      EXPECT_EQ(n, s.count / 10);
    float lo = 1, hi = 0;
    for (int64_t i = 0; i < s.count * 28 * 28; ++i) {
      lo = std::min(lo, images->f32()[i]);
      hi = std::max(hi, images->f32()[i]);
    }
    EXPECT_EQ(lo, 0.0f);
    EXPECT_EQ(hi, 1.0f);
  }
}

} // namespace
