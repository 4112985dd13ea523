//===- Npz.cpp - a network's state as .npz (libzip) -----------------------===//
//
// An .npz is a zip archive of .npy files; numpy's np.load(path)[key] reads
// entry "<key>.npy". We write one entry per buffer (monitors excepted),
// stored uncompressed as np.savez does, and read stored or deflated ones
// (np.savez_compressed). Loading is all or nothing: every entry is read and
// checked against its buffer before any buffer changes.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cstring>
#include <zip.h>

using namespace snnrt;

namespace {

std::string zipMessage(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string s = zip_error_strerror(&error);
  zip_error_fini(&error);
  return s;
}

struct Archive {
  zip_t *z = nullptr;
  ~Archive() {
    if (z)
      zip_discard(z);
  }
};

/// One entry read and checked, waiting to be copied into its buffer.
struct Pending {
  Buffer *buffer = nullptr;
  Block bytes;
  size_t offset = 0;
};

} // namespace

extern "C" {

snnrt_status snnrt_save_npz(const snnrt_network *net, const char *path) {
  if (!net || !path)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_save_npz: null network or path");
  int code = 0;
  Archive a;
  a.z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!a.z)
    return fail(SNNRT_ERR_FILE, std::string("cannot write '") + path +
                                    "': " + zipMessage(code));
  // libzip reads the fragments when the archive is closed, so the headers
  // and fragment lists live until then (reserved: no reallocation moves a
  // header under libzip's feet).
  std::vector<std::string> headers;
  std::vector<std::vector<zip_buffer_fragment_t>> fragments;
  headers.reserve(net->buffers.size());
  fragments.reserve(net->buffers.size());
  for (const Buffer &b : net->buffers) {
    // The training tape is recomputed by every train step.
    if (b.isMonitor() || b.role == "tape")
      continue;
    headers.push_back(npyHeader(b.dtype, b.shape, b.rank));
    const std::string &h = headers.back();
    fragments.push_back(
        {{reinterpret_cast<zip_uint8_t *>(const_cast<char *>(h.data())),
          h.size()},
         {static_cast<zip_uint8_t *>(b.storage.data()), b.bytes()}});
    zip_source_t *src = zip_source_buffer_fragment(a.z, fragments.back().data(),
                                                   b.bytes() ? 2 : 1, 0);
    std::string entry = b.name + ".npy";
    zip_int64_t index = src ? zip_file_add(a.z, entry.c_str(), src,
                                           ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8)
                            : -1;
    if (index < 0) {
      if (src)
        zip_source_free(src);
      return fail(SNNRT_ERR_FILE, std::string("cannot write '") + path +
                                      "' (entry " + entry +
                                      "): " + zip_strerror(a.z));
    }
    zip_set_file_compression(a.z, static_cast<zip_uint64_t>(index),
                             ZIP_CM_STORE, 0);
  }
  if (zip_close(a.z) != 0)
    return fail(SNNRT_ERR_FILE, std::string("cannot write '") + path +
                                    "': " + zip_strerror(a.z));
  a.z = nullptr;
  return SNNRT_OK;
}

snnrt_status snnrt_load_npz(snnrt_network *net, const char *path) {
  if (!net || !path)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_load_npz: null network or path");
  const std::string file = path;
  int code = 0;
  Archive a;
  a.z = zip_open(path, ZIP_RDONLY, &code);
  if (!a.z)
    return fail(code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS ? SNNRT_ERR_FORMAT
                                                              : SNNRT_ERR_FILE,
                "cannot read '" + file + "' as .npz: " + zipMessage(code));
  zip_int64_t count = zip_get_num_entries(a.z, 0);
  std::vector<Pending> pending;
  std::vector<bool> seen(net->buffers.size(), false);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(a.z, static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_NAME) || !(st.valid & ZIP_STAT_SIZE))
      return fail(SNNRT_ERR_FORMAT, file + ": cannot read entry " +
                                        std::to_string(i) + ": " +
                                        zip_strerror(a.z));
    std::string entry = st.name;
    const std::string what = file + " entry '" + entry + "'";
    if (entry.size() < 5 || entry.compare(entry.size() - 4, 4, ".npy") != 0)
      return fail(SNNRT_ERR_FORMAT, what + " is not a .npy file");
    std::string name = entry.substr(0, entry.size() - 4);
    Buffer *b = net->find(name.c_str());
    if (!b || b->isMonitor())
      return fail(SNNRT_ERR_NAME,
                  what + ": network @" + net->name + " has no " +
                      (b ? "state buffer (it is a monitor)" : "buffer") +
                      " named '" + name + "'");
    size_t index = static_cast<size_t>(b - net->buffers.data());
    if (seen[index])
      return fail(SNNRT_ERR_FORMAT, what + " appears twice");
    seen[index] = true;
    // A header is at most a few kilobytes; refuse to allocate for an entry
    // far larger than its buffer.
    if (st.size > b->bytes() + (size_t(1) << 20))
      return fail(SNNRT_ERR_SHAPE, what + " holds " + std::to_string(st.size) +
                                       " bytes, far more than buffer '" +
                                       b->name + "' (" +
                                       std::to_string(b->bytes()) + ")");
    Pending p;
    p.buffer = b;
    if (!p.bytes.allocate(static_cast<size_t>(st.size)))
      return fail(SNNRT_ERR_MEMORY, "cannot allocate memory for " + what);
    zip_file_t *f = zip_fopen_index(a.z, static_cast<zip_uint64_t>(i), 0);
    if (!f)
      return fail(SNNRT_ERR_FORMAT,
                  "cannot open " + what + ": " + zip_strerror(a.z));
    zip_int64_t got = st.size ? zip_fread(f, p.bytes.data(), st.size) : 0;
    std::string why = got < 0 ? zip_file_strerror(f) : "";
    zip_fclose(f);
    if (got < 0 || static_cast<zip_uint64_t>(got) != st.size)
      return fail(SNNRT_ERR_FORMAT, "cannot read " + what + ": " +
                                        (got < 0 ? why : "short read"));
    NpyHeader header;
    if (snnrt_status s =
            parseNpyHeader(static_cast<const unsigned char *>(p.bytes.data()),
                           p.bytes.bytes(), what, header))
      return s;
    if (header.dtype != b->dtype)
      return fail(SNNRT_ERR_DTYPE, what + " is '" + npyDescr(header.dtype) +
                                       "' but buffer '" + b->name + "' is " +
                                       dtypeName(b->dtype) + " ('" +
                                       npyDescr(b->dtype) + "')");
    bool same = static_cast<int>(header.shape.size()) == b->rank;
    for (int d = 0; same && d < b->rank; ++d)
      same = header.shape[d] == b->shape[d];
    if (!same)
      return fail(SNNRT_ERR_SHAPE, what + " has shape " +
                                       shapeString(header.shape) +
                                       " but buffer '" + b->name + "' is " +
                                       shapeString(b->shape, b->rank));
    if (p.bytes.bytes() - header.dataOffset != b->bytes())
      return fail(SNNRT_ERR_FORMAT,
                  what + " has " +
                      std::to_string(p.bytes.bytes() - header.dataOffset) +
                      " bytes of data; shape " + shapeString(header.shape) +
                      " needs " + std::to_string(b->bytes()));
    p.offset = header.dataOffset;
    pending.push_back(std::move(p));
  }
  for (size_t i = 0; i < net->buffers.size(); ++i) {
    const Buffer &b = net->buffers[i];
    if (!seen[i] && !b.isMonitor() && b.role != "scratch" && b.role != "tape")
      return fail(SNNRT_ERR_FORMAT, file + " has no entry '" + b.name +
                                        ".npy' for " + b.role + " buffer '" +
                                        b.name + "' of network @" + net->name);
  }
  for (Pending &p : pending)
    std::memcpy(p.buffer->storage.data(),
                static_cast<const char *>(p.bytes.data()) + p.offset,
                p.buffer->bytes());
  net->initialized = true;
  return SNNRT_OK;
}

snnrt_status snnrt_save_npy(const snnrt_network *net, const char *name,
                            const char *path) {
  if (!net || !path)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_save_npy: null network or path");
  Buffer *b = nullptr;
  if (snnrt_status st = const_cast<snnrt_network *>(net)->lookup(name, b))
    return st;
  if (!b->isMonitor())
    return snnrt_npy_write(path, b->dtype, b->rank, b->shape,
                           b->storage.data());
  if (!b->keep)
    return fail(SNNRT_ERR_STATE, "monitor '" + b->name +
                                     "' is not being kept (see "
                                     "snnrt_set_recording)");
  int64_t shape[4];
  shape[0] = b->rows;
  for (int d = 1; d < b->rank; ++d)
    shape[d] = b->shape[d];
  const float *data = nullptr;
  if (snnrt_status st = b->floatRecording(data))
    return st;
  return snnrt_npy_write(path, SNNRT_F32, b->rank, shape, data);
}

} // extern "C"
