//===- NpyTest.cpp - .npy reading and writing -----------------------------===//

#include "TestUtil.h"

using namespace snnrt;
using namespace snnrt::test;

namespace {

const std::string kF23 =
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

std::string floats(std::initializer_list<float> values) {
  std::string s;
  for (float v : values)
    s.append(reinterpret_cast<const char *>(&v), 4);
  return s;
}

TEST(Npy, WritesNumpysHeader) {
  TempDir tmp;
  std::vector<float> data = {1, 2, 3, 4, 5, 6};
  ASSERT_TRUE(writeNpy(tmp.path("a.npy"), {2, 3}, data.data()));
  std::string bytes = readBytes(tmp.path("a.npy"));
  ASSERT_EQ(bytes.size() % 64, 24u); // the data starts on a 64-byte boundary
  EXPECT_EQ(bytes, npyBytes(kF23, floats({1, 2, 3, 4, 5, 6})));
  // Rank 1 is written as Python writes a 1-tuple.
  ASSERT_TRUE(writeNpy(tmp.path("b.npy"), {3}, data.data()));
  EXPECT_TRUE(mentions(readBytes(tmp.path("b.npy")), "'shape': (3,), }"));
}

TEST(Npy, RoundTripsFloatAndInt) {
  TempDir tmp;
  std::vector<float> f = {0.5f, -1.0f, 3.25f, 7.0f};
  std::vector<int64_t> i = {1, -2, int64_t(1) << 40};
  ASSERT_TRUE(writeNpy(tmp.path("f.npy"), {2, 1, 2}, f.data()));
  ASSERT_TRUE(writeNpy(tmp.path("i.npy"), {3}, i.data()));
  auto rf = readNpy(tmp.path("f.npy"));
  ASSERT_TRUE(rf) << rf.message();
  EXPECT_EQ(rf->dtype(), SNNRT_F32);
  EXPECT_EQ(rf->shape(), (std::vector<int64_t>{2, 1, 2}));
  EXPECT_EQ(std::vector<float>(rf->f32(), rf->f32() + 4), f);
  auto ri = readNpy(tmp.path("i.npy"));
  ASSERT_TRUE(ri) << ri.message();
  EXPECT_EQ(ri->dtype(), SNNRT_I64);
  EXPECT_EQ(std::vector<int64_t>(ri->i64(), ri->i64() + 3), i);
}

TEST(Npy, AcceptsWhatNumpyMayWrite) {
  TempDir tmp;
  struct Case {
    const char *name;
    std::string bytes;
    std::vector<int64_t> shape;
  } cases[] = {
      {"reordered",
       npyBytes("{'shape': (2, 3), 'fortran_order': False, "
                "'descr': '<f4'}",
                std::string(24, '\0')),
       {2, 3}},
      {"version2", npyBytes(kF23, std::string(24, '\0'), 2), {2, 3}},
      {"version3", npyBytes(kF23, std::string(24, '\0'), 3), {2, 3}},
      {"scalar",
       npyBytes("{'descr': '<f4', 'fortran_order': False, "
                "'shape': ()}",
                std::string(4, '\0')),
       {}},
      {"empty",
       npyBytes("{'descr': '<f4', 'fortran_order': False, "
                "'shape': (0, 5)}",
                ""),
       {0, 5}},
      {"double-quotes",
       npyBytes("{\"descr\": \"<f4\", \"fortran_order\": "
                "False, \"shape\": (2,3)}",
                std::string(24, '\0')),
       {2, 3}},
  };
  for (const Case &c : cases) {
    std::string file = tmp.path(std::string(c.name) + ".npy");
    writeBytes(file, c.bytes);
    auto a = readNpy(file);
    ASSERT_TRUE(a) << c.name << ": " << a.message();
    EXPECT_EQ(a->shape(), c.shape) << c.name;
  }
}

TEST(Npy, RejectsAnythingElseNamingTheFileAndTheFault) {
  TempDir tmp;
  struct Case {
    const char *name;
    std::string bytes;
    const char *fault;
  } cases[] = {
      {"magic", "\x93NUMPX" + std::string(100, ' '), "magic"},
      {"empty", "", "magic"},
      {"version", npyBytes(kF23, std::string(24, '\0'), 4), "version 4.0"},
      {"f8",
       npyBytes("{'descr': '<f8', 'fortran_order': False, "
                "'shape': (3,), }",
                std::string(24, '\0')),
       "'<f8'"},
      {"big-endian",
       npyBytes("{'descr': '>f4', 'fortran_order': False, "
                "'shape': (3,), }",
                std::string(12, '\0')),
       "'>f4'"},
      {"i4",
       npyBytes("{'descr': '<i4', 'fortran_order': False, "
                "'shape': (3,), }",
                std::string(12, '\0')),
       "'<i4'"},
      {"fortran",
       npyBytes("{'descr': '<f4', 'fortran_order': True, "
                "'shape': (2, 3), }",
                std::string(24, '\0')),
       "fortran_order"},
      {"negative",
       npyBytes("{'descr': '<f4', 'fortran_order': False, "
                "'shape': (-2, 3), }",
                std::string(24, '\0')),
       "'shape'"},
      {"not-a-tuple",
       npyBytes("{'descr': '<f4', 'fortran_order': False, "
                "'shape': [2, 3], }",
                std::string(24, '\0')),
       "'shape'"},
      {"no-shape",
       npyBytes("{'descr': '<f4', 'fortran_order': False}",
                std::string(24, '\0')),
       "missing key 'shape'"},
      {"extra-key",
       npyBytes("{'descr': '<f4', 'fortran_order': False, "
                "'shape': (2, 3), 'x': 1}",
                std::string(24, '\0')),
       "unexpected key 'x'"},
      {"truncated-data", npyBytes(kF23, std::string(20, '\0')), "truncated"},
      {"trailing-data", npyBytes(kF23, std::string(28, '\0')),
       "needs 24 bytes"},
      {"truncated-header", npyBytes(kF23, "").substr(0, 40), "truncated"},
  };
  for (const Case &c : cases) {
    std::string file = tmp.path(std::string(c.name) + ".npy");
    writeBytes(file, c.bytes);
    auto a = readNpy(file);
    ASSERT_FALSE(a) << c.name;
    EXPECT_EQ(a.status().code(), SNNRT_ERR_FORMAT) << c.name;
    EXPECT_TRUE(mentions(a.message(), file)) << c.name << ": " << a.message();
    EXPECT_TRUE(mentions(a.message(), c.fault))
        << c.name << ": " << a.message();
  }
  auto missing = readNpy(tmp.path("missing.npy"));
  EXPECT_EQ(missing.status().code(), SNNRT_ERR_FILE);
  EXPECT_TRUE(mentions(missing.message(), "missing.npy")) << missing.message();
  auto dir = readNpy(tmp.path(""));
  EXPECT_EQ(dir.status().code(), SNNRT_ERR_FILE) << dir.message();
}

} // namespace
