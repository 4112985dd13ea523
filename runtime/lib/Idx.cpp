//===- Idx.cpp - IDX files (MNIST, Fashion-MNIST) -------------------------===//
//
// IDX: two zero bytes, a type code (0x08 unsigned byte, 0x09 signed byte,
// 0x0B short, 0x0C int, 0x0D float, 0x0E double), the rank, one big-endian
// 32-bit size per dimension, then the data. MNIST and Fashion-MNIST use
// unsigned bytes: images rank 3 (count, rows, cols), labels rank 1. Files
// are read through zlib's gz reader, which passes plain files through and
// decompresses .gz ones (Debian ships Fashion-MNIST gzipped).
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <zlib.h>

using namespace snnrt;

namespace {

/// The whole file, decompressed if it is gzip (`used`: the path read).
snnrt_status readMaybeGzip(const std::string &path, std::string &used,
                           std::vector<unsigned char> &out) {
  struct stat st;
  used = path;
  if (::stat(path.c_str(), &st) != 0) {
    std::string gz = path + ".gz";
    if (::stat(gz.c_str(), &st) != 0)
      return fail(SNNRT_ERR_FILE,
                  "cannot open '" + path + "': " + std::strerror(errno));
    used = gz;
  }
  if (S_ISDIR(st.st_mode))
    return fail(SNNRT_ERR_FILE,
                "cannot read '" + used + "': it is a directory");
  gzFile f = gzopen(used.c_str(), "rb");
  if (!f)
    return fail(SNNRT_ERR_FILE,
                "cannot open '" + used + "': " + std::strerror(errno));
  out.clear();
  // A cap keeps a corrupt or hostile .gz from growing the vector until the
  // allocation fails (which, without exceptions, would abort).
  const size_t piece = size_t(1) << 20, cap = size_t(4) << 30;
  for (;;) {
    size_t at = out.size();
    if (at >= cap) {
      gzclose(f);
      return fail(SNNRT_ERR_FORMAT, used + ": more than 4 GiB of data; not "
                                           "an IDX file this reader takes");
    }
    out.resize(at + piece);
    int n = gzread(f, out.data() + at, static_cast<unsigned>(piece));
    if (n < 0) {
      int code = 0;
      std::string why = gzerror(f, &code);
      gzclose(f);
      return fail(SNNRT_ERR_FORMAT, used + ": cannot decompress: " + why +
                                        " (corrupt gzip data)");
    }
    out.resize(at + static_cast<size_t>(n));
    if (n == 0)
      break;
  }
  int code = 0;
  const char *why = gzerror(f, &code);
  std::string message = why ? why : "";
  gzclose(f);
  // zlib reports a gzip stream cut short as Z_BUF_ERROR at the end.
  if (code != Z_OK && code != Z_STREAM_END)
    return fail(SNNRT_ERR_FORMAT,
                used + ": truncated or corrupt gzip data (" + message + ")");
  return SNNRT_OK;
}

const char *typeName(int code) {
  switch (code) {
  case 0x08:
    return "unsigned byte";
  case 0x09:
    return "signed byte";
  case 0x0B:
    return "short";
  case 0x0C:
    return "int";
  case 0x0D:
    return "float";
  case 0x0E:
    return "double";
  }
  return nullptr;
}

/// Parses an unsigned-byte IDX file of rank `rank` ("images"/"labels" in
/// `kind`), giving its dimensions and where the data starts.
snnrt_status parseIdx(const std::string &path, int rank, const char *kind,
                      std::vector<unsigned char> &bytes,
                      std::vector<int64_t> &dims, size_t &offset) {
  std::string used;
  if (snnrt_status st = readMaybeGzip(path, used, bytes))
    return st;
  const size_t size = bytes.size();
  const unsigned char *b = bytes.data();
  if (size < 4)
    return fail(SNNRT_ERR_FORMAT, used + ": truncated IDX file (" +
                                      std::to_string(size) +
                                      " bytes, not even a magic number)");
  if (b[0] != 0 || b[1] != 0 || !typeName(b[2]))
    return fail(SNNRT_ERR_FORMAT,
                used + ": not an IDX file (bad magic number " +
                    std::to_string(b[0]) + " " + std::to_string(b[1]) + " " +
                    std::to_string(b[2]) + " " + std::to_string(b[3]) + ")");
  if (b[2] != 0x08)
    return fail(SNNRT_ERR_FORMAT,
                used + ": IDX element type " + typeName(b[2]) +
                    " is not supported (only unsigned byte, 0x08)");
  if (b[3] != rank)
    return fail(SNNRT_ERR_FORMAT, used + ": IDX rank " + std::to_string(b[3]) +
                                      ", but " + kind + " files have rank " +
                                      std::to_string(rank));
  offset = 4 + 4 * static_cast<size_t>(rank);
  if (size < offset)
    return fail(SNNRT_ERR_FORMAT, used + ": truncated IDX header (" +
                                      std::to_string(size) + " bytes, " +
                                      std::to_string(offset) + " needed)");
  dims.clear();
  for (int d = 0; d < rank; ++d) {
    const unsigned char *p = b + 4 + 4 * d;
    dims.push_back(int64_t(p[0]) << 24 | int64_t(p[1]) << 16 |
                   int64_t(p[2]) << 8 | int64_t(p[3]));
  }
  int64_t n = checkedElements(dims.data(), rank, 4);
  if (n < 0)
    return fail(SNNRT_ERR_FORMAT, used + ": IDX dimensions " +
                                      shapeString(dims) + " are too large");
  size_t have = size - offset;
  if (have != static_cast<size_t>(n))
    return fail(SNNRT_ERR_FORMAT,
                used + ": IDX dimensions " + shapeString(dims) + " need " +
                    std::to_string(n) + " bytes of data, the file has " +
                    std::to_string(have) +
                    (have < static_cast<size_t>(n) ? " (truncated)"
                                                   : " (trailing bytes)"));
  return SNNRT_OK;
}

} // namespace

extern "C" {

snnrt_status snnrt_idx_read_images(const char *path, snnrt_array *out) {
  if (!path || !out)
    return fail(SNNRT_ERR_ARGUMENT,
                "snnrt_idx_read_images: null path or output");
  std::vector<unsigned char> bytes;
  std::vector<int64_t> dims;
  size_t offset = 0;
  if (snnrt_status st = parseIdx(path, 3, "image", bytes, dims, offset))
    return st;
  size_t n = bytes.size() - offset;
  Block data(n * sizeof(float));
  if (!data.ok())
    return fail(SNNRT_ERR_MEMORY,
                std::string("cannot allocate images of '") + path + "'");
  float *dst = static_cast<float *>(data.data());
  for (size_t i = 0; i < n; ++i)
    dst[i] = static_cast<float>(bytes[offset + i]) / 255.0f;
  out->dtype = SNNRT_F32;
  out->rank = 3;
  for (int d = 0; d < SNNRT_MAX_RANK; ++d)
    out->shape[d] = d < 3 ? dims[d] : 0;
  out->data = data.release();
  return SNNRT_OK;
}

snnrt_status snnrt_idx_read_labels(const char *path, snnrt_array *out) {
  if (!path || !out)
    return fail(SNNRT_ERR_ARGUMENT,
                "snnrt_idx_read_labels: null path or output");
  std::vector<unsigned char> bytes;
  std::vector<int64_t> dims;
  size_t offset = 0;
  if (snnrt_status st = parseIdx(path, 1, "label", bytes, dims, offset))
    return st;
  size_t n = bytes.size() - offset;
  Block data(n * sizeof(int64_t));
  if (!data.ok())
    return fail(SNNRT_ERR_MEMORY,
                std::string("cannot allocate labels of '") + path + "'");
  int64_t *dst = static_cast<int64_t *>(data.data());
  for (size_t i = 0; i < n; ++i)
    dst[i] = bytes[offset + i];
  out->dtype = SNNRT_I64;
  out->rank = 1;
  for (int d = 0; d < SNNRT_MAX_RANK; ++d)
    out->shape[d] = d < 1 ? dims[d] : 0;
  out->data = data.release();
  return SNNRT_OK;
}

} // extern "C"
