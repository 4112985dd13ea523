//===- Internal.h - what the runtime's sources share ------------*- C++ -*-===//
//
// Not installed: the network object behind snnrt_network, the ABI structs of
// compiled code, error reporting and the .npy codec the loader and the .npz
// code share. Plain C++17; exceptions are off, so every allocation that can
// be large goes through calloc and is checked.
//
//===----------------------------------------------------------------------===//

#ifndef SNNRT_LIB_INTERNAL_H
#define SNNRT_LIB_INTERNAL_H

#include "Cuda.h"
#include "snnrt/snnrt.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// The table entry of `<net>_describe` (docs/abi.md); the generated headers
// define the same struct under the same guard.
#ifndef SNN_BUFFER_INFO_DEFINED
#define SNN_BUFFER_INFO_DEFINED
typedef struct snn_buffer_info {
  const char *name;
  const char *role;
  int32_t dtype; /* 0 float32, 1 int64, 2 spike bits, 3 uint8 */
  int32_t rank;
  int64_t shape[4];
  int64_t every;
  int32_t field;
} snn_buffer_info;
#endif

namespace snnrt {

/// splitmix64: the next value of the stream `state` seeds (the runtime's
/// own random numbers: neuroevolution, secure summation's masks).
inline uint64_t splitmix64(uint64_t &state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Records `message` as this thread's last error and returns `status`.
snnrt_status fail(snnrt_status status, const std::string &message);

/// Zeroed heap memory that frees itself; `ok()` is false when the
/// allocation failed.
class Block {
public:
  Block() = default;
  explicit Block(size_t bytes) { allocate(bytes); }
  Block(const Block &) = delete;
  Block &operator=(const Block &) = delete;
  Block(Block &&o) noexcept : ptr(o.ptr), size(o.size), managed(o.managed) {
    o.ptr = nullptr;
    o.size = 0;
  }
  Block &operator=(Block &&o) noexcept {
    if (this != &o) {
      free();
      ptr = o.ptr;
      size = o.size;
      managed = o.managed;
      o.ptr = nullptr;
      o.size = 0;
    }
    return *this;
  }
  ~Block() { free(); }
  /// Zeroed memory of at least one byte, so a zero-sized buffer still has
  /// an address to hand to compiled code, aligned to a cache line
  /// (kAlignment): threads that each own a slice of a batch then never
  /// write the same line (false sharing). `cudaManaged`: memory the host
  /// and CUDA kernels both reach (a CUDA network's buffers; Cuda.h), zeroed.
  bool allocate(size_t bytes, bool cudaManaged = false) {
    free();
    managed = cudaManaged;
    if (managed) {
      ptr = cuda::allocManaged(bytes);
    } else {
      size_t rounded = (bytes + kAlignment) / kAlignment * kAlignment;
      ptr = std::aligned_alloc(kAlignment, rounded);
      if (ptr)
        std::memset(ptr, 0, rounded);
    }
    size = ptr ? bytes : 0;
    return ptr != nullptr;
  }
  static constexpr size_t kAlignment = 64;
  /// Hands the memory (from aligned_alloc, for std::free; not for managed
  /// blocks) to the caller.
  void *release() {
    void *p = ptr;
    ptr = nullptr;
    size = 0;
    return p;
  }
  void *data() const { return ptr; }
  size_t bytes() const { return size; }
  bool ok() const { return ptr != nullptr; }

private:
  void free() {
    if (managed)
      cuda::freeManaged(ptr);
    else
      std::free(ptr);
    ptr = nullptr;
  }
  void *ptr = nullptr;
  size_t size = 0;
  bool managed = false;
};

inline size_t dtypeSize(snnrt_dtype t) {
  return t == SNNRT_I64 ? 8 : t == SNNRT_U8 ? 1 : 4;
}
inline const char *dtypeName(snnrt_dtype t) {
  return t == SNNRT_I64 ? "int64" : t == SNNRT_U8 ? "uint8" : "float32";
}
inline const char *npyDescr(snnrt_dtype t) {
  return t == SNNRT_I64 ? "<i8" : t == SNNRT_U8 ? "|u1" : "<f4";
}

/// "[2, 3]"
std::string shapeString(const int64_t *shape, int rank);
inline std::string shapeString(const std::vector<int64_t> &s) {
  return shapeString(s.data(), static_cast<int>(s.size()));
}

/// Product of `shape`, or -1 when a dimension is negative or the product
/// (times `elementBytes`) passes 2^62.
int64_t checkedElements(const int64_t *shape, int rank, size_t elementBytes);

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

/// The header of a .npy file, parsed.
struct NpyHeader {
  snnrt_dtype dtype = SNNRT_F32;
  std::vector<int64_t> shape;
  size_t dataOffset = 0; // bytes before the data
  int64_t elements = 0;
};

/// Parses and validates the header at the start of `bytes` (`size` of them;
/// more may follow). `what` names the file in messages.
snnrt_status parseNpyHeader(const unsigned char *bytes, size_t size,
                            const std::string &what, NpyHeader &out);

/// The header of a C-order array (version 1.0, padded to 64 bytes).
std::string npyHeader(snnrt_dtype dtype, const int64_t *shape, int rank);

/// Reads a whole file into `out`; `what` names it in messages.
snnrt_status readFile(const std::string &path, Block &out);

/// Reads a .npy file: header checked, data exactly as long as the shape.
snnrt_status readNpy(const std::string &path, NpyHeader &header, Block &data);

//===----------------------------------------------------------------------===//
// The network
//===----------------------------------------------------------------------===//

struct Buffer {
  std::string name;
  std::string role;
  snnrt_dtype dtype = SNNRT_F32;
  int32_t rank = 0;
  int64_t shape[4] = {0, 0, 0, 0};
  int64_t every = 1;
  int32_t field = 0;
  int64_t elements = 0; // monitors: one row
  // Spike monitors the compiled code records as bits: each of a row's
  // elements / n groups of n = shape[rank - 1] neurons takes ceil(n / 64)
  // uint64 words. The API still hands out float32 (unpacked on request).
  bool bits = false;
  // role == "monitor", kept at load: every run asks it of every buffer.
  bool monitor = false;
  bool isMonitor() const { return monitor; }
  size_t bytes() const {
    return static_cast<size_t>(elements) * dtypeSize(dtype);
  }
  /// Bytes of one row as compiled code records it.
  size_t recordedRowBytes() const {
    if (!bits)
      return static_cast<size_t>(elements) * 4;
    int64_t n = shape[rank - 1];
    return static_cast<size_t>(elements / n * ((n + 63) / 64)) * 8;
  }
  /// The state buffer itself (not monitors).
  Block storage;
  /// Monitors: the recording of the last run, `rows` rows of `elements`.
  Block recording;
  int64_t rows = 0;
  bool keep = true;
  // Where a monitor that is not kept records; reused by later runs (a fresh
  // block per run would fault in and zero its pages every time).
  Block scratchRecorder;
  // Spike bits of the last run unpacked to float32, made by the first
  // snnrt_monitor or snnrt_save_npy after that run.
  Block unpacked;
  /// The recording of the last run as float32 (unpacking bits once).
  snnrt_status floatRecording(const float *&out);
  void fillDesc(snnrt_buffer_desc &d) const;
};

using DescribeFn = const snn_buffer_info *(*)(size_t *);
using InitFn = void (*)(void *state);
using RunFn = void (*)(void *state, int64_t steps, void *recorder);
using ResetFn = void (*)(void *state, uint32_t roles);

} // namespace snnrt

struct snnrt_network {
  snnrt_network() = default;
  // byName views the buffers' names: a copy would view the original's.
  snnrt_network(const snnrt_network &) = delete;
  snnrt_network &operator=(const snnrt_network &) = delete;

  std::string name;
  std::string path;
  void *handle = nullptr;
  /// Compiled for CUDA (`<net>_target` is "cuda"): its buffers are in
  /// managed memory and its kernels run on the device.
  bool cuda = false;
  snnrt::InitFn init = nullptr;
  snnrt::RunFn run = nullptr;
  snnrt::ResetFn reset = nullptr; // absent in libraries built before resets
  // Networks that declare training (docs/training.md); null otherwise.
  snnrt::InitFn trainStep = nullptr;
  snnrt::InitFn forward = nullptr;
  std::vector<snnrt::Buffer> buffers;
  /// Index of `buffers` by name (find), filled once they are loaded.
  std::unordered_map<std::string_view, size_t> byName;
  std::vector<void *> state;    // the <net>_state struct, by field
  std::vector<void *> recorder; // the <net>_recorder struct, by field
  int seedIndex = -1;
  int stepIndex = -1;
  int64_t batch = 1;
  bool initialized = false;
  int64_t chunkSteps = 0; // 0: automatic
  int64_t lcmEvery = 1;
  // libomp's, when the library was compiled with threads (it then depends
  // on libomp); null for sequential code.
  void (*ompSetNumThreads)(int) = nullptr;
  int (*ompGetMaxThreads)() = nullptr;
  int threads = 0; // 0: libomp's default (OMP_NUM_THREADS, or every core)

  /// Calls the compiled run, with the thread count asked for.
  /// Runs compiled code; a CUDA network's failed loads or launches during
  /// the call are SNNRT_ERR_DEVICE.
  snnrt_status runSteps(int64_t steps);
  /// Calls a compiled function of the state (train_step, forward), with
  /// the thread count asked for.
  snnrt_status callState(snnrt::InitFn fn);
  /// SNNRT_ERR_DEVICE naming the first CUDA failure since the last check.
  snnrt_status deviceStatus(const char *what);

  const snnrt::Buffer *find(const char *name) const;
  snnrt::Buffer *find(const char *name);
  /// Looks `name` up, failing with a message that lists what exists.
  snnrt_status lookup(const char *name, snnrt::Buffer *&out);
};

#endif // SNNRT_LIB_INTERNAL_H
