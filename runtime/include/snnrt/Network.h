//===- snnrt/Network.h - the snnc runtime, C++ API ------------*- C++ -*-===//
//
// A thin, header-only layer over snnrt.h: RAII for networks and arrays, and
// results that carry the error message. No exceptions (the project builds
// with -fno-exceptions) and no LLVM: a failing call returns a Status (or a
// Result<T> holding one) whose message() says what is wrong.
//
//   auto net = snnrt::Network::load("build/nets/libdrive.so");
//   if (!net) { fprintf(stderr, "%s\n", net.message().c_str()); return 1; }
//   net->init();
//   net->run(40);
//   auto spk = net->monitor("spk"); // spk->shape == {40, 1, 1}
//
//===----------------------------------------------------------------------===//

#ifndef SNNRT_NETWORK_H
#define SNNRT_NETWORK_H

#include "snnrt/snnrt.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace snnrt {

/// Success, or a status code and its message.
class Status {
public:
  Status() = default;
  Status(snnrt_status code, std::string message)
      : code_(code), message_(std::move(message)) {}
  /// The status of a C call, with snnrt_last_error() if it failed.
  static Status fromC(snnrt_status code) {
    return code == SNNRT_OK ? Status() : Status(code, snnrt_last_error());
  }
  bool ok() const { return code_ == SNNRT_OK; }
  explicit operator bool() const { return ok(); }
  snnrt_status code() const { return code_; }
  const std::string &message() const { return message_; }

private:
  snnrt_status code_ = SNNRT_OK;
  std::string message_;
};

/// A value, or the Status saying why there is none.
template <typename T> class Result {
public:
  Result(T value) : value_(std::move(value)), has_(true) {}
  Result(Status status) : status_(std::move(status)) {}
  bool ok() const { return has_; }
  explicit operator bool() const { return has_; }
  const Status &status() const { return status_; }
  const std::string &message() const { return status_.message(); }
  T &operator*() { return value_; }
  const T &operator*() const { return value_; }
  T *operator->() { return &value_; }
  const T *operator->() const { return &value_; }
  T &value() { return value_; }

private:
  T value_{};
  Status status_;
  bool has_ = false;
};

/// An owned array (from .npy or IDX files).
class Array {
public:
  Array() {
    raw_.data = nullptr;
    raw_.rank = 0;
    raw_.dtype = SNNRT_F32;
  }
  explicit Array(snnrt_array raw) : raw_(raw) {}
  Array(Array &&o) noexcept : raw_(o.raw_) { o.raw_.data = nullptr; }
  Array &operator=(Array &&o) noexcept {
    if (this != &o) {
      snnrt_array_free(&raw_);
      raw_ = o.raw_;
      o.raw_.data = nullptr;
    }
    return *this;
  }
  Array(const Array &) = delete;
  Array &operator=(const Array &) = delete;
  ~Array() { snnrt_array_free(&raw_); }

  snnrt_dtype dtype() const { return raw_.dtype; }
  std::vector<int64_t> shape() const {
    return std::vector<int64_t>(raw_.shape, raw_.shape + raw_.rank);
  }
  int64_t elements() const { return snnrt_array_elements(&raw_); }
  const float *f32() const {
    return raw_.dtype == SNNRT_F32 ? static_cast<const float *>(raw_.data)
                                   : nullptr;
  }
  const int64_t *i64() const {
    return raw_.dtype == SNNRT_I64 ? static_cast<const int64_t *>(raw_.data)
                                   : nullptr;
  }
  const uint8_t *u8() const {
    return raw_.dtype == SNNRT_U8 ? static_cast<const uint8_t *>(raw_.data)
                                  : nullptr;
  }
  const void *data() const { return raw_.data; }

private:
  snnrt_array raw_;
};

inline Result<Array> readNpy(const std::string &path) {
  snnrt_array a;
  if (snnrt_status st = snnrt_npy_read(path.c_str(), &a))
    return Status::fromC(st);
  return Array(a);
}

inline Status writeNpy(const std::string &path,
                       const std::vector<int64_t> &shape, const float *data) {
  return Status::fromC(snnrt_npy_write(path.c_str(), SNNRT_F32,
                                       static_cast<int32_t>(shape.size()),
                                       shape.data(), data));
}

inline Status writeNpy(const std::string &path,
                       const std::vector<int64_t> &shape, const int64_t *data) {
  return Status::fromC(snnrt_npy_write(path.c_str(), SNNRT_I64,
                                       static_cast<int32_t>(shape.size()),
                                       shape.data(), data));
}

/// IDX images as float32 [count, rows, cols] in [0, 1].
inline Result<Array> readIdxImages(const std::string &path) {
  snnrt_array a;
  if (snnrt_status st = snnrt_idx_read_images(path.c_str(), &a))
    return Status::fromC(st);
  return Array(a);
}

/// IDX labels as int64 [count].
inline Result<Array> readIdxLabels(const std::string &path) {
  snnrt_array a;
  if (snnrt_status st = snnrt_idx_read_labels(path.c_str(), &a))
    return Status::fromC(st);
  return Array(a);
}

/// Where a spike train is drawn from: one seed per batch entry and the name
/// of the input buffer it is meant for (docs/random.md).
struct EncoderKey {
  std::vector<uint64_t> seeds;
  std::string stream;
  int64_t firstStep = 0;
};

/// Bernoulli rate code: intensity [seeds.size(), n] to [steps, batch, n].
inline Result<std::vector<float>>
encodeBernoulli(const std::vector<float> &intensity, const EncoderKey &key,
                int64_t steps) {
  int64_t batch = static_cast<int64_t>(key.seeds.size());
  int64_t n = batch ? static_cast<int64_t>(intensity.size()) / batch : 0;
  if (n * batch != static_cast<int64_t>(intensity.size()))
    return Status(SNNRT_ERR_SHAPE,
                  "encodeBernoulli: " + std::to_string(intensity.size()) +
                      " intensities do not split into " +
                      std::to_string(batch) + " batch entries");
  std::vector<float> out(
      static_cast<size_t>(steps > 0 ? steps * batch * n : 0));
  if (snnrt_status st = snnrt_encode_bernoulli(
          intensity.data(), batch, n, key.seeds.data(), key.stream.c_str(),
          key.firstStep, steps, out.data()))
    return Status::fromC(st);
  return out;
}

/// Poisson rate code: p = intensity * maxRateHz * dtMs / 1000 per step.
inline Result<std::vector<float>>
encodePoisson(const std::vector<float> &intensity, const EncoderKey &key,
              float maxRateHz, float dtMs, int64_t steps) {
  int64_t batch = static_cast<int64_t>(key.seeds.size());
  int64_t n = batch ? static_cast<int64_t>(intensity.size()) / batch : 0;
  if (n * batch != static_cast<int64_t>(intensity.size()))
    return Status(SNNRT_ERR_SHAPE,
                  "encodePoisson: " + std::to_string(intensity.size()) +
                      " intensities do not split into " +
                      std::to_string(batch) + " batch entries");
  std::vector<float> out(
      static_cast<size_t>(steps > 0 ? steps * batch * n : 0));
  if (snnrt_status st = snnrt_encode_poisson(
          intensity.data(), batch, n, key.seeds.data(), key.stream.c_str(),
          maxRateHz, dtMs, key.firstStep, steps, out.data()))
    return Status::fromC(st);
  return out;
}

/// Latency code: intensity [batch, n] to [steps, batch, n], one spike each.
inline Result<std::vector<float>>
encodeLatency(const std::vector<float> &intensity, int64_t batch, float tMaxMs,
              float threshold, float dtMs, int64_t steps) {
  int64_t n = batch ? static_cast<int64_t>(intensity.size()) / batch : 0;
  if (batch < 0 || n * batch != static_cast<int64_t>(intensity.size()))
    return Status(SNNRT_ERR_SHAPE,
                  "encodeLatency: " + std::to_string(intensity.size()) +
                      " intensities do not split into " +
                      std::to_string(batch) + " batch entries");
  std::vector<float> out(
      static_cast<size_t>(steps > 0 ? steps * batch * n : 0));
  if (snnrt_status st =
          snnrt_encode_latency(intensity.data(), batch, n, tMaxMs, threshold,
                               dtMs, steps, out.data()))
    return Status::fromC(st);
  return out;
}

/// One buffer of a network.
struct BufferInfo {
  std::string name;
  std::string role;
  snnrt_dtype dtype = SNNRT_F32;
  std::vector<int64_t> shape; // monitors: rows (0) first
  int64_t every = 1;
  int64_t elements = 0;
};

/// A monitor's recording of the last run: [rows, batch, neurons].
struct Recording {
  const float *data = nullptr;
  std::vector<int64_t> shape;
  int64_t size() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
  /// Row r, entry b, neuron i.
  float at(int64_t r, int64_t b, int64_t i) const {
    return data[(r * shape[1] + b) * shape[2] + i];
  }
};

/// A loaded network; owns its buffers. Move-only.
class Network {
public:
  /// Loads lib<name>.so; `name` empty takes it from the file name.
  static Result<Network> load(const std::string &library,
                              const std::string &name = "") {
    snnrt_network *raw = nullptr;
    if (snnrt_status st = snnrt_load(
            library.c_str(), name.empty() ? nullptr : name.c_str(), &raw))
      return Status::fromC(st);
    return Network(raw);
  }

  Network() = default;
  Network(Network &&o) noexcept : net_(o.net_) { o.net_ = nullptr; }
  Network &operator=(Network &&o) noexcept {
    if (this != &o) {
      snnrt_free(net_);
      net_ = o.net_;
      o.net_ = nullptr;
    }
    return *this;
  }
  Network(const Network &) = delete;
  Network &operator=(const Network &) = delete;
  ~Network() { snnrt_free(net_); }

  std::string name() const { return snnrt_name(net_); }
  int64_t batch() const { return snnrt_batch(net_); }
  int64_t step() const { return snnrt_step(net_); }

  std::vector<BufferInfo> buffers() const {
    std::vector<BufferInfo> out;
    for (size_t i = 0, e = snnrt_buffer_count(net_); i < e; ++i) {
      snnrt_buffer_desc d;
      if (snnrt_buffer_at(net_, i, &d) == SNNRT_OK)
        out.push_back(toInfo(d));
    }
    return out;
  }
  Result<BufferInfo> buffer(const std::string &name) const {
    snnrt_buffer_desc d;
    if (snnrt_status st = snnrt_find_buffer(net_, name.c_str(), &d))
      return Status::fromC(st);
    return toInfo(d);
  }

  Status setSeeds(const std::vector<uint64_t> &seeds) {
    return Status::fromC(snnrt_set_seeds(net_, seeds.data(), seeds.size()));
  }
  std::vector<uint64_t> seeds() const {
    std::vector<uint64_t> s(static_cast<size_t>(batch()));
    snnrt_get_seeds(net_, s.data(), s.size());
    return s;
  }
  Status init() { return Status::fromC(snnrt_init(net_)); }
  Status reset() { return Status::fromC(snnrt_reset(net_)); }
  /// Resets only the given SNNRT_RESET_* roles (the compiled <net>_reset).
  Status resetRoles(uint32_t roles) {
    return Status::fromC(snnrt_reset_roles(net_, roles));
  }

  /// `shape` empty: the buffer's shape, or one batch entry's if `data`
  /// holds that many values (copied into every entry).
  Status setInput(const std::string &name, const std::vector<float> &data,
                  std::vector<int64_t> shape = {}) {
    int64_t n = static_cast<int64_t>(data.size());
    if (shape.empty()) {
      snnrt_buffer_desc d;
      if (snnrt_status st = snnrt_find_buffer(net_, name.c_str(), &d))
        return Status::fromC(st);
      shape.assign(d.shape, d.shape + d.rank);
      int64_t perEntry = d.rank > 1 && d.shape[0] ? d.elements / d.shape[0] : 0;
      if (n == perEntry && n != d.elements)
        shape.erase(shape.begin());
      else if (n != d.elements)
        shape = {n}; // does not fit: the C API says why
    }
    int64_t want = 1;
    for (int64_t dim : shape)
      want *= dim;
    if (want != n)
      return Status(SNNRT_ERR_SHAPE,
                    "setInput: " + std::to_string(n) +
                        " values do not fill the shape given for input '" +
                        name + "'");
    return setInput(name, data.data(), shape);
  }
  Status setInput(const std::string &name, const float *data,
                  const std::vector<int64_t> &shape) {
    return Status::fromC(snnrt_set_input(net_, name.c_str(), SNNRT_F32, data,
                                         static_cast<int32_t>(shape.size()),
                                         shape.data()));
  }
  Status setInputFromNpy(const std::string &name, const std::string &path) {
    return Status::fromC(snnrt_set_input_npy(net_, name.c_str(), path.c_str()));
  }
  Status write(const std::string &name, const float *data,
               const std::vector<int64_t> &shape) {
    return Status::fromC(snnrt_write_buffer(net_, name.c_str(), SNNRT_F32, data,
                                            static_cast<int32_t>(shape.size()),
                                            shape.data()));
  }
  Status write(const std::string &name, const int64_t *data,
               const std::vector<int64_t> &shape) {
    return Status::fromC(snnrt_write_buffer(net_, name.c_str(), SNNRT_I64, data,
                                            static_cast<int32_t>(shape.size()),
                                            shape.data()));
  }
  /// A float32 buffer's contents, copied.
  Result<std::vector<float>> read(const std::string &name) const {
    const void *data = nullptr;
    snnrt_buffer_desc d;
    if (snnrt_status st = snnrt_read_buffer(net_, name.c_str(), &data, &d))
      return Status::fromC(st);
    if (d.dtype != SNNRT_F32)
      return Status(SNNRT_ERR_DTYPE,
                    "buffer '" + name + "' is int64, not float32");
    const float *f = static_cast<const float *>(data);
    return std::vector<float>(f, f + d.elements);
  }

  Status run(int64_t steps) { return Status::fromC(snnrt_run(net_, steps)); }
  Status runSequence(const std::string &input, const std::vector<float> &seq,
                     int64_t steps) {
    snnrt_buffer_desc d;
    if (snnrt_status st = snnrt_find_buffer(net_, input.c_str(), &d))
      return Status::fromC(st);
    if (steps < 0 || static_cast<int64_t>(seq.size()) != steps * d.elements)
      return Status(SNNRT_ERR_SHAPE,
                    "runSequence: " + std::to_string(seq.size()) +
                        " values are not " + std::to_string(steps) +
                        " steps of input '" + input + "' (" +
                        std::to_string(d.elements) + " each)");
    return Status::fromC(
        snnrt_run_sequence(net_, input.c_str(), seq.data(), steps));
  }
  Result<Recording> monitor(const std::string &name) const {
    Recording r;
    int64_t shape[3];
    if (snnrt_status st = snnrt_monitor(net_, name.c_str(), &r.data, shape))
      return Status::fromC(st);
    r.shape.assign(shape, shape + 3);
    return r;
  }
  Status setRecording(const std::string &monitor, bool enabled) {
    return Status::fromC(snnrt_set_recording(net_, monitor.c_str(), enabled));
  }
  Status setChunkSteps(int64_t steps) {
    return Status::fromC(snnrt_set_chunk_steps(net_, steps));
  }

  Status saveNpz(const std::string &path) const {
    return Status::fromC(snnrt_save_npz(net_, path.c_str()));
  }
  Status loadNpz(const std::string &path) {
    return Status::fromC(snnrt_load_npz(net_, path.c_str()));
  }
  Status saveNpy(const std::string &name, const std::string &path) const {
    return Status::fromC(snnrt_save_npy(net_, name.c_str(), path.c_str()));
  }

  snnrt_network *c() { return net_; }

private:
  explicit Network(snnrt_network *net) : net_(net) {}
  static BufferInfo toInfo(const snnrt_buffer_desc &d) {
    BufferInfo b;
    b.name = d.name;
    b.role = d.role;
    b.dtype = d.dtype;
    b.shape.assign(d.shape, d.shape + d.rank);
    b.every = d.every;
    b.elements = d.elements;
    return b;
  }
  snnrt_network *net_ = nullptr;
};

} // namespace snnrt

#endif // SNNRT_NETWORK_H
