//===- Npy.cpp - .npy files -----------------------------------------------===//
//
// numpy's format: "\x93NUMPY", a version byte pair, the header's length
// (2 bytes little-endian in version 1.0, 4 in 2.0 and 3.0), then a Python
// dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and ending in a newline, then the raw data. We accept
// what the runtime can hold — '<f4' and '<i8', C order — and reject the rest
// with the file and the fault in the message.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

using namespace snnrt;

namespace {

/// A cursor over the header's dict literal.
class DictParser {
public:
  DictParser(const std::string &text, const std::string &what)
      : s(text), what(what) {}

  snnrt_status parse(NpyHeader &out) {
    bool haveDescr = false, haveOrder = false, haveShape = false;
    std::string descr;
    bool fortran = false;
    skip();
    if (!eat('{'))
      return malformed("it does not start with '{'");
    for (;;) {
      skip();
      if (eat('}'))
        break;
      std::string key;
      if (!string(key))
        return malformed("expected a quoted key");
      skip();
      if (!eat(':'))
        return malformed("expected ':' after '" + key + "'");
      skip();
      if (key == "descr") {
        if (haveDescr)
          return malformed("'descr' appears twice");
        haveDescr = true;
        if (!string(descr))
          return malformed("'descr' is not a quoted string");
      } else if (key == "fortran_order") {
        if (haveOrder)
          return malformed("'fortran_order' appears twice");
        haveOrder = true;
        if (word("True"))
          fortran = true;
        else if (word("False"))
          fortran = false;
        else
          return malformed("'fortran_order' is neither True nor False");
      } else if (key == "shape") {
        if (haveShape)
          return malformed("'shape' appears twice");
        haveShape = true;
        if (snnrt_status st = tuple(out.shape))
          return st;
      } else {
        return malformed("unexpected key '" + key + "'");
      }
      skip();
      if (eat(','))
        continue;
      if (eat('}'))
        break;
      return malformed("expected ',' or '}' after the value of '" + key + "'");
    }
    skip();
    if (pos != s.size())
      return malformed("text after the closing '}'");
    if (!haveDescr || !haveOrder || !haveShape)
      return malformed(std::string("missing key '") +
                       (!haveDescr   ? "descr"
                        : !haveOrder ? "fortran_order"
                                     : "shape") +
                       "'");
    if (descr == "<f4")
      out.dtype = SNNRT_F32;
    else if (descr == "<i8")
      out.dtype = SNNRT_I64;
    else if (descr == "|u1" || descr == "<u1")
      out.dtype = SNNRT_U8;
    else
      return fail(SNNRT_ERR_FORMAT,
                  what + ": dtype '" + descr +
                      "' is not supported (only '<f4' float32, '<i8' "
                      "int64, little-endian, and '|u1' uint8)");
    if (fortran)
      return fail(SNNRT_ERR_FORMAT,
                  what + ": fortran_order is True; only C-order (row-major) "
                         "arrays are supported");
    if (out.shape.size() > SNNRT_MAX_RANK)
      return fail(SNNRT_ERR_FORMAT,
                  what + ": shape " + shapeString(out.shape) + " has rank " +
                      std::to_string(out.shape.size()) + ", more than " +
                      std::to_string(SNNRT_MAX_RANK));
    out.elements =
        checkedElements(out.shape.data(), static_cast<int>(out.shape.size()),
                        dtypeSize(out.dtype));
    if (out.elements < 0)
      return fail(SNNRT_ERR_FORMAT,
                  what + ": shape " + shapeString(out.shape) + " is too large");
    return SNNRT_OK;
  }

private:
  snnrt_status malformed(const std::string &why) {
    return fail(SNNRT_ERR_FORMAT, what + ": malformed .npy header (" + why +
                                      " at offset " + std::to_string(pos) +
                                      "): " + printable());
  }
  std::string printable() const {
    std::string t;
    for (char c : s.substr(0, 120))
      t += (c >= 32 && c < 127) ? c : '?';
    return t;
  }
  void skip() {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' ||
                              s[pos] == '\n' || s[pos] == '\r'))
      ++pos;
  }
  bool eat(char c) {
    if (pos < s.size() && s[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool word(const char *w) {
    size_t n = std::strlen(w);
    if (s.compare(pos, n, w) != 0)
      return false;
    pos += n;
    return true;
  }
  bool string(std::string &out) {
    if (pos >= s.size() || (s[pos] != '\'' && s[pos] != '"'))
      return false;
    char quote = s[pos++];
    size_t end = s.find(quote, pos);
    if (end == std::string::npos)
      return false;
    out = s.substr(pos, end - pos);
    pos = end + 1;
    return true;
  }
  snnrt_status tuple(std::vector<int64_t> &shape) {
    if (!eat('('))
      return malformed("'shape' is not a tuple");
    for (;;) {
      skip();
      if (eat(')'))
        return SNNRT_OK;
      if (pos >= s.size() || s[pos] < '0' || s[pos] > '9')
        return malformed("'shape' holds something other than a "
                         "non-negative integer");
      int64_t v = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (v > (INT64_MAX - 9) / 10)
          return malformed("a dimension of 'shape' is too large");
        v = v * 10 + (s[pos++] - '0');
      }
      eat('L'); // Python 2 longs
      shape.push_back(v);
      skip();
      if (eat(','))
        continue;
      if (eat(')'))
        return SNNRT_OK;
      return malformed("expected ',' or ')' in 'shape'");
    }
  }

  const std::string &s;
  const std::string &what;
  size_t pos = 0;
};

uint32_t le32(const unsigned char *p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 |
         uint32_t(p[3]) << 24;
}

std::string systemError() { return std::strerror(errno); }

} // namespace

namespace {

/// Checks the magic and the version and finds where the data starts
/// (`total`: magic, version, length and dict). Needs the first 12 bytes
/// (10 for version 1.0) or the whole file if shorter.
snnrt_status npyPreamble(const unsigned char *b, size_t size,
                         const std::string &what, size_t &total) {
  static const unsigned char magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (size < 6 || std::memcmp(b, magic, 6) != 0)
    return fail(SNNRT_ERR_FORMAT,
                what + ": not a .npy file (it does not start with the magic "
                       "\"\\x93NUMPY\")");
  if (size < 8)
    return fail(SNNRT_ERR_FORMAT, what + ": truncated .npy header (" +
                                      std::to_string(size) + " bytes)");
  int major = b[6], minor = b[7];
  size_t lengthBytes;
  if (major == 1 && minor == 0)
    lengthBytes = 2;
  else if ((major == 2 || major == 3) && minor == 0)
    lengthBytes = 4;
  else
    return fail(SNNRT_ERR_FORMAT, what + ": .npy version " +
                                      std::to_string(major) + "." +
                                      std::to_string(minor) +
                                      " is not supported (1.0, 2.0, 3.0 are)");
  if (size < 8 + lengthBytes)
    return fail(SNNRT_ERR_FORMAT, what + ": truncated .npy header (" +
                                      std::to_string(size) + " bytes)");
  size_t headerLength =
      lengthBytes == 2 ? size_t(b[8]) | size_t(b[9]) << 8 : le32(b + 8);
  total = 8 + lengthBytes + headerLength;
  return SNNRT_OK;
}

} // namespace

snnrt_status snnrt::parseNpyHeader(const unsigned char *b, size_t size,
                                   const std::string &what, NpyHeader &out) {
  size_t total = 0;
  if (snnrt_status st = npyPreamble(b, size, what, total))
    return st;
  if (total > size)
    return fail(SNNRT_ERR_FORMAT,
                what + ": truncated .npy header (it ends at byte " +
                    std::to_string(total) + ", there are " +
                    std::to_string(size) + ")");
  size_t offset = b[6] == 1 ? 10 : 12;
  std::string text(reinterpret_cast<const char *>(b + offset), total - offset);
  out = NpyHeader();
  if (snnrt_status st = DictParser(text, what).parse(out))
    return st;
  out.dataOffset = total;
  return SNNRT_OK;
}

std::string snnrt::npyHeader(snnrt_dtype dtype, const int64_t *shape,
                             int rank) {
  std::string dict = std::string("{'descr': '") + npyDescr(dtype) +
                     "', 'fortran_order': False, 'shape': (";
  for (int i = 0; i < rank; ++i)
    dict += std::to_string(shape[i]) + (rank == 1      ? ","
                                        : i + 1 < rank ? ", "
                                                       : "");
  dict += "), }";
  // Magic, version and length take 10 bytes; the data starts on a 64-byte
  // boundary, as numpy writes it.
  size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += char(dict.size() & 0xff);
  out += char((dict.size() >> 8) & 0xff);
  return out + dict;
}

namespace {

/// An open file that closes itself.
struct File {
  std::FILE *f = nullptr;
  ~File() {
    if (f)
      std::fclose(f);
  }
};

snnrt_status openForReading(const std::string &path, File &file, size_t &size) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return fail(SNNRT_ERR_FILE, "cannot open '" + path + "': " + systemError());
  if (S_ISDIR(st.st_mode))
    return fail(SNNRT_ERR_FILE,
                "cannot read '" + path + "': it is a directory");
  file.f = std::fopen(path.c_str(), "rb");
  if (!file.f)
    return fail(SNNRT_ERR_FILE, "cannot open '" + path + "': " + systemError());
  size = static_cast<size_t>(st.st_size);
  return SNNRT_OK;
}

} // namespace

snnrt_status snnrt::readFile(const std::string &path, Block &out) {
  File file;
  size_t size = 0;
  if (snnrt_status st = openForReading(path, file, size))
    return st;
  if (!out.allocate(size))
    return fail(SNNRT_ERR_MEMORY, "cannot allocate " + std::to_string(size) +
                                      " bytes to read '" + path + "'");
  if (size && std::fread(out.data(), 1, size, file.f) != size)
    return fail(SNNRT_ERR_FILE,
                "cannot read '" + path + "': " +
                    (std::ferror(file.f) ? systemError() : "short read"));
  return SNNRT_OK;
}

snnrt_status snnrt::readNpy(const std::string &path, NpyHeader &header,
                            Block &data) {
  File file;
  size_t size = 0;
  if (snnrt_status st = openForReading(path, file, size))
    return st;
  // The header first (its length is in the first 12 bytes), then the data
  // straight into its own block.
  std::vector<unsigned char> head(size < 12 ? size : 12);
  if (std::fread(head.data(), 1, head.size(), file.f) != head.size())
    return fail(SNNRT_ERR_FILE, "cannot read '" + path + "'");
  size_t total = 0;
  if (snnrt_status st = npyPreamble(head.data(), head.size(), path, total))
    return st;
  if (total > size)
    return fail(SNNRT_ERR_FORMAT,
                path + ": truncated .npy header (it ends at byte " +
                    std::to_string(total) + ", the file has " +
                    std::to_string(size) + " bytes)");
  size_t got = head.size();
  head.resize(total);
  if (total > got &&
      std::fread(head.data() + got, 1, total - got, file.f) != total - got)
    return fail(SNNRT_ERR_FILE, "cannot read '" + path + "'");
  if (snnrt_status st = parseNpyHeader(head.data(), total, path, header))
    return st;
  size_t want = static_cast<size_t>(header.elements) * dtypeSize(header.dtype);
  size_t have = size - header.dataOffset;
  if (have != want)
    return fail(SNNRT_ERR_FORMAT,
                path + ": shape " + shapeString(header.shape) + " of '" +
                    npyDescr(header.dtype) + "' needs " + std::to_string(want) +
                    " bytes of data, the file has " + std::to_string(have) +
                    (have < want ? " (truncated)" : ""));
  if (!data.allocate(want))
    return fail(SNNRT_ERR_MEMORY, "cannot allocate " + std::to_string(want) +
                                      " bytes to read '" + path + "'");
  if (want && std::fread(data.data(), 1, want, file.f) != want)
    return fail(SNNRT_ERR_FILE, "cannot read '" + path + "'");
  return SNNRT_OK;
}

extern "C" {

snnrt_status snnrt_npy_read(const char *path, snnrt_array *out) {
  if (!path || !out)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_npy_read: null path or output");
  NpyHeader header;
  Block data;
  if (snnrt_status st = readNpy(path, header, data))
    return st;
  out->dtype = header.dtype;
  out->rank = static_cast<int32_t>(header.shape.size());
  for (int i = 0; i < SNNRT_MAX_RANK; ++i)
    out->shape[i] = i < out->rank ? header.shape[i] : 0;
  out->data = data.release();
  return SNNRT_OK;
}

snnrt_status snnrt_npy_write(const char *path, snnrt_dtype dtype, int32_t rank,
                             const int64_t *shape, const void *data) {
  if (!path || (rank > 0 && !shape))
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_npy_write: null path or shape");
  if (dtype != SNNRT_F32 && dtype != SNNRT_I64 && dtype != SNNRT_U8)
    return fail(SNNRT_ERR_ARGUMENT,
                "snnrt_npy_write: unknown dtype " + std::to_string(int(dtype)));
  if (rank < 0 || rank > SNNRT_MAX_RANK)
    return fail(SNNRT_ERR_ARGUMENT,
                "snnrt_npy_write: rank " + std::to_string(rank) +
                    " is outside 0.." + std::to_string(SNNRT_MAX_RANK));
  int64_t n = checkedElements(shape, rank, dtypeSize(dtype));
  if (n < 0)
    return fail(SNNRT_ERR_SHAPE, "snnrt_npy_write: shape " +
                                     shapeString(shape, rank) +
                                     " is negative or too large");
  if (n > 0 && !data)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_npy_write: null data");
  std::string header = npyHeader(dtype, shape, rank);
  std::FILE *f = std::fopen(path, "wb");
  if (!f)
    return fail(SNNRT_ERR_FILE,
                std::string("cannot write '") + path + "': " + systemError());
  size_t bytes = static_cast<size_t>(n) * dtypeSize(dtype);
  bool ok = std::fwrite(header.data(), 1, header.size(), f) == header.size() &&
            (bytes == 0 || std::fwrite(data, 1, bytes, f) == bytes);
  ok = (std::fclose(f) == 0) && ok;
  if (!ok)
    return fail(SNNRT_ERR_FILE,
                std::string("cannot write '") + path + "': " + systemError());
  return SNNRT_OK;
}

} // extern "C"
