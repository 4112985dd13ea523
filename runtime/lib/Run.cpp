//===- Run.cpp - seeds, init, inputs, running, monitors -------------------===//
//
// Monitors: compiled code writes row t / every of a monitor's recorder at
// the steps t of a call with t % every == 0, t counted from the start of
// the call. A run is split into calls whose lengths are multiples of every
// monitor's `every`, so rows land where one long call would put them, and a
// kept monitor's calls write straight into its recording.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"
#include "snnrt/SpikeBits.h"

#include <algorithm>
#include <cstring>

using namespace snnrt;

namespace {

const int64_t kAutoChunkBytes = int64_t(64) << 20;

snnrt_status needNetwork(const snnrt_network *net, const char *fn) {
  if (!net)
    return fail(SNNRT_ERR_ARGUMENT, std::string(fn) + ": null network");
  return SNNRT_OK;
}

snnrt_status needInit(const snnrt_network *net, const char *what) {
  if (!net->initialized)
    return fail(SNNRT_ERR_STATE, std::string(what) + " on network @" +
                                     net->name +
                                     " before snnrt_init (init sets every "
                                     "buffer, so call it first)");
  return SNNRT_OK;
}

std::string describe(const Buffer &b) {
  return b.role + " '" + b.name + "' (" + dtypeName(b.dtype) + " " +
         shapeString(b.shape, b.rank) + ")";
}

std::string listRole(const snnrt_network *net, const char *role) {
  std::string s;
  for (const Buffer &b : net->buffers)
    if (b.role == role)
      s += (s.empty() ? "" : ", ") + b.name;
  return s.empty() ? std::string("none") : s;
}

/// Copies `data` (`dtype`, `shape`) into `b`, checking both; `source`
/// names where the data came from. Inputs also accept one batch entry's
/// shape, copied into every entry.
snnrt_status copyInto(Buffer &b, snnrt_dtype dtype, const void *data,
                      int32_t rank, const int64_t *shape,
                      const std::string &source) {
  if (rank < 0 || rank > SNNRT_MAX_RANK || (rank > 0 && !shape))
    return fail(SNNRT_ERR_ARGUMENT, source + ": bad rank " +
                                        std::to_string(rank) + " for " +
                                        describe(b));
  if (dtype != b.dtype)
    return fail(SNNRT_ERR_DTYPE,
                source + " is " + dtypeName(dtype) + " ('" + npyDescr(dtype) +
                    "'), but " + describe(b) + " holds " + dtypeName(b.dtype));
  bool same = rank == b.rank;
  for (int i = 0; same && i < rank; ++i)
    same = shape[i] == b.shape[i];
  bool perEntry = b.role == "input" && b.rank >= 2 && rank == b.rank - 1;
  for (int i = 0; perEntry && i < rank; ++i)
    perEntry = shape[i] == b.shape[i + 1];
  if (!same && !perEntry) {
    std::string hint = b.role == "input" && b.rank >= 2
                           ? " (give " + shapeString(b.shape, b.rank) +
                                 ", or " +
                                 shapeString(b.shape + 1, b.rank - 1) +
                                 " for every batch entry)"
                           : "";
    return fail(SNNRT_ERR_SHAPE,
                source + " has shape " + shapeString(shape, rank) +
                    ", which does not fit " + describe(b) + hint);
  }
  if (b.elements > 0 && !data)
    return fail(SNNRT_ERR_ARGUMENT, source + ": null data for " + describe(b));
  if (same) {
    std::memcpy(b.storage.data(), data, b.bytes());
  } else {
    size_t entry = b.bytes() / static_cast<size_t>(b.shape[0]);
    for (int64_t e = 0; e < b.shape[0]; ++e)
      std::memcpy(static_cast<char *>(b.storage.data()) + e * entry, data,
                  entry);
  }
  return SNNRT_OK;
}

snnrt_status inputBuffer(snnrt_network *net, const char *name, Buffer *&b) {
  if (snnrt_status st = net->lookup(name, b))
    return st;
  if (b->role != "input")
    return fail(SNNRT_ERR_NAME, "'" + b->name + "' of network @" + net->name +
                                    " is not an input (its role is " + b->role +
                                    "); inputs: " + listRole(net, "input"));
  return SNNRT_OK;
}

snnrt_status monitorBuffer(const snnrt_network *net, const char *name,
                           Buffer *&b) {
  if (snnrt_status st = const_cast<snnrt_network *>(net)->lookup(name, b))
    return st;
  if (!b->isMonitor())
    return fail(SNNRT_ERR_NAME, "'" + b->name + "' of network @" + net->name +
                                    " is not a monitor (its role is " +
                                    b->role +
                                    "); monitors: " + listRole(net, "monitor"));
  return SNNRT_OK;
}

/// The kept monitor `name` for a call of `fn` with outputs `out` and
/// `shape`, which gets the recording's [rows, batch, neurons].
snnrt_status keptMonitor(const snnrt_network *net, const char *name,
                         const void *out, int64_t shape[3], const char *fn,
                         Buffer *&b) {
  if (snnrt_status st = needNetwork(net, fn))
    return st;
  if (!out || !shape)
    return fail(SNNRT_ERR_ARGUMENT, std::string(fn) + ": null output");
  if (snnrt_status st = monitorBuffer(net, name, b))
    return st;
  if (!b->keep)
    return fail(SNNRT_ERR_STATE, "monitor '" + b->name +
                                     "' is not being kept (see "
                                     "snnrt_set_recording)");
  shape[0] = b->rows;
  shape[1] = b->shape[1];
  shape[2] = b->shape[1] ? b->elements / b->shape[1] : 0;
  return SNNRT_OK;
}

/// Rows a monitor records in a call of `steps` steps.
int64_t rowsFor(const Buffer &b, int64_t steps) {
  return (steps + b.every - 1) / b.every;
}

/// Recordings for a run of `steps` (kept monitors) and scratch recorders
/// (each monitor's `scratchRecorder`) for `scratchSteps` (the others). A
/// kept monitor's last recording of the same size is reused (it is valid
/// only until the next run), as is a large enough scratch recorder; the
/// recordings of the last run are left as they were on failure.
snnrt_status allocateRecorders(snnrt_network *net, int64_t steps,
                               int64_t scratchSteps,
                               std::vector<Block> &recordings) {
  recordings.clear();
  recordings.resize(net->buffers.size());
  for (size_t i = 0; i < net->buffers.size(); ++i) {
    Buffer &b = net->buffers[i];
    if (!b.isMonitor())
      continue;
    int64_t rows = rowsFor(b, b.keep ? steps : scratchSteps);
    int64_t shape[2] = {rows, static_cast<int64_t>(b.recordedRowBytes())};
    int64_t n = checkedElements(shape, 2, 1);
    size_t bytes = static_cast<size_t>(n);
    if (n >= 0 && b.keep && b.recording.bytes() == bytes) {
      recordings[i] = std::move(b.recording); // rows stay until commit
      continue;
    }
    if (n >= 0 && !b.keep && b.scratchRecorder.bytes() >= bytes)
      continue;
    Block &block = b.keep ? recordings[i] : b.scratchRecorder;
    if (n < 0 || !block.allocate(bytes, net->cuda)) {
      // Give the recordings taken for reuse back.
      for (size_t j = 0; j < i; ++j) {
        Buffer &earlier = net->buffers[j];
        if (earlier.isMonitor() && earlier.keep && !earlier.recording.ok())
          earlier.recording = std::move(recordings[j]);
      }
      return fail(SNNRT_ERR_MEMORY,
                  "cannot allocate " + std::to_string(rows) + " rows of " +
                      std::to_string(b.elements) + " floats for monitor '" +
                      b.name + "' (" + std::to_string(steps) +
                      " steps; record fewer steps per run or turn the "
                      "monitor off with snnrt_set_recording)");
    }
  }
  return SNNRT_OK;
}

void commitRecordings(snnrt_network *net, int64_t steps,
                      std::vector<Block> &recordings) {
  for (size_t i = 0; i < net->buffers.size(); ++i) {
    Buffer &b = net->buffers[i];
    if (!b.isMonitor())
      continue;
    b.unpacked = Block();
    if (b.keep) {
      b.recording = std::move(recordings[i]);
      b.rows = rowsFor(b, steps);
    } else {
      b.recording = Block();
      b.rows = 0;
    }
  }
}

/// The steps one call of <net>_run gets: a multiple of lcmEvery.
int64_t chunkFor(const snnrt_network *net, int64_t steps) {
  int64_t l = net->lcmEvery;
  if (net->chunkSteps > 0)
    return std::max<int64_t>(l, net->chunkSteps / l * l);
  // Only monitors that are not kept need scratch proportional to the chunk.
  int64_t bytesPerBlock = 0;
  for (const Buffer &b : net->buffers)
    if (b.isMonitor() && !b.keep)
      bytesPerBlock += (l / b.every) * b.recordedRowBytes();
  if (bytesPerBlock == 0)
    return std::max<int64_t>(l, (steps + l - 1) / l * l);
  return std::max<int64_t>(1, kAutoChunkBytes / bytesPerBlock) * l;
}

} // namespace

snnrt_status Buffer::floatRecording(const float *&out) {
  if (!bits) {
    out = static_cast<const float *>(recording.data());
    return SNNRT_OK;
  }
  if (!unpacked.ok()) {
    int64_t n = shape[rank - 1];
    int64_t groups = rows * (elements / n);
    if (!unpacked.allocate(static_cast<size_t>(rows * elements) * 4))
      return fail(SNNRT_ERR_MEMORY,
                  "cannot allocate " + std::to_string(rows) + " rows of " +
                      std::to_string(elements) +
                      " floats to unpack the spikes of monitor '" + name +
                      "' (read them as bits with snnrt_monitor_bits)");
    snnrt_unpack_spike_bits(static_cast<const uint64_t *>(recording.data()),
                            groups, n, static_cast<float *>(unpacked.data()));
  }
  out = static_cast<const float *>(unpacked.data());
  return SNNRT_OK;
}

extern "C" {

snnrt_status snnrt_set_seeds(snnrt_network *net, const uint64_t *seeds,
                             size_t count) {
  if (snnrt_status st = needNetwork(net, "snnrt_set_seeds"))
    return st;
  if (static_cast<int64_t>(count) != net->batch)
    return fail(SNNRT_ERR_SHAPE,
                "network @" + net->name + " has " + std::to_string(net->batch) +
                    " batch entries but " + std::to_string(count) +
                    " seeds were given");
  if (count && !seeds)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_set_seeds: null seeds");
  auto *dst =
      static_cast<int64_t *>(net->buffers[net->seedIndex].storage.data());
  for (size_t i = 0; i < count; ++i)
    dst[i] = static_cast<int64_t>(seeds[i]);
  return SNNRT_OK;
}

snnrt_status snnrt_get_seeds(const snnrt_network *net, uint64_t *seeds,
                             size_t count) {
  if (snnrt_status st = needNetwork(net, "snnrt_get_seeds"))
    return st;
  if (static_cast<int64_t>(count) != net->batch || (count && !seeds))
    return fail(SNNRT_ERR_SHAPE,
                "network @" + net->name + " has " + std::to_string(net->batch) +
                    " batch entries; room for " + std::to_string(count) +
                    " seeds was given");
  auto *src =
      static_cast<const int64_t *>(net->buffers[net->seedIndex].storage.data());
  for (size_t i = 0; i < count; ++i)
    seeds[i] = static_cast<uint64_t>(src[i]);
  return SNNRT_OK;
}

snnrt_status snnrt_init(snnrt_network *net) {
  if (snnrt_status st = needNetwork(net, "snnrt_init"))
    return st;
  net->init(net->state.data());
  net->initialized = true;
  return net->deviceStatus("init");
}

snnrt_status snnrt_reset(snnrt_network *net) {
  if (snnrt_status st = needNetwork(net, "snnrt_reset"))
    return st;
  // Everything back as after init, the step number included; init keeps the
  // seeds (it never writes them) so the network redraws the same values.
  return snnrt_init(net);
}

snnrt_status snnrt_reset_roles(snnrt_network *net, uint32_t roles) {
  if (snnrt_status st = needNetwork(net, "snnrt_reset_roles"))
    return st;
  if (snnrt_status st = needInit(net, "resetting roles"))
    return st;
  if (!net->reset)
    return fail(SNNRT_ERR_SYMBOL,
                "'" + net->path + "' has no symbol '" + net->name +
                    "_reset'; recompile it with this snn-compile");
  if (roles & ~uint32_t(SNNRT_RESET_ALL))
    return fail(SNNRT_ERR_ARGUMENT,
                "snnrt_reset_roles: unknown role bits in " +
                    std::to_string(roles));
  net->reset(net->state.data(), roles);
  return net->deviceStatus("reset");
}

snnrt_status snnrt_set_input(snnrt_network *net, const char *name,
                             snnrt_dtype dtype, const void *data, int32_t rank,
                             const int64_t *shape) {
  if (snnrt_status st = needNetwork(net, "snnrt_set_input"))
    return st;
  Buffer *b = nullptr;
  if (snnrt_status st = inputBuffer(net, name, b))
    return st;
  if (snnrt_status st = needInit(net, "setting an input"))
    return st;
  return copyInto(*b, dtype, data, rank, shape, "the data");
}

snnrt_status snnrt_set_input_npy(snnrt_network *net, const char *name,
                                 const char *path) {
  if (snnrt_status st = needNetwork(net, "snnrt_set_input_npy"))
    return st;
  if (!path)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_set_input_npy: null path");
  Buffer *b = nullptr;
  if (snnrt_status st = inputBuffer(net, name, b))
    return st;
  if (snnrt_status st = needInit(net, "setting an input"))
    return st;
  NpyHeader header;
  Block data;
  if (snnrt_status st = readNpy(path, header, data))
    return st;
  return copyInto(*b, header.dtype, data.data(),
                  static_cast<int32_t>(header.shape.size()),
                  header.shape.data(), std::string("'") + path + "'");
}

snnrt_status snnrt_write_buffer(snnrt_network *net, const char *name,
                                snnrt_dtype dtype, const void *data,
                                int32_t rank, const int64_t *shape) {
  if (snnrt_status st = needNetwork(net, "snnrt_write_buffer"))
    return st;
  Buffer *b = nullptr;
  if (snnrt_status st = net->lookup(name, b))
    return st;
  if (b->isMonitor())
    return fail(SNNRT_ERR_NAME,
                "'" + b->name + "' is a monitor: the network writes it");
  if (snnrt_status st = needInit(net, "writing a buffer"))
    return st;
  return copyInto(*b, dtype, data, rank, shape, "the data");
}

snnrt_status snnrt_read_buffer(const snnrt_network *net, const char *name,
                               const void **data, snnrt_buffer_desc *desc) {
  if (snnrt_status st = needNetwork(net, "snnrt_read_buffer"))
    return st;
  if (!data)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_read_buffer: null output");
  Buffer *b = nullptr;
  if (snnrt_status st = const_cast<snnrt_network *>(net)->lookup(name, b))
    return st;
  if (b->isMonitor())
    return fail(SNNRT_ERR_NAME, "'" + b->name +
                                    "' is a monitor: read it with "
                                    "snnrt_monitor");
  *data = b->storage.data();
  if (desc)
    b->fillDesc(*desc);
  return SNNRT_OK;
}

snnrt_status snnrt_weight_convergence_groups(const snnrt_network *net,
                                             const char *name, int64_t groups,
                                             double *out) {
  const char *who = "snnrt_weight_convergence";
  const void *data = nullptr;
  snnrt_buffer_desc desc;
  if (snnrt_status st = snnrt_read_buffer(net, name, &data, &desc))
    return st;
  if (!out)
    return fail(SNNRT_ERR_ARGUMENT, std::string(who) + ": null output");
  if (desc.dtype != SNNRT_F32)
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + ": '" + name + "' is not float32");
  int64_t n = 1;
  for (int32_t r = 0; r < desc.rank; ++r)
    n *= desc.shape[r];
  if (groups < 1 || n % groups != 0)
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + ": '" + name + "' has " +
                    std::to_string(n) + " elements, not a multiple of " +
                    std::to_string(groups) + " groups");
  const float *w = static_cast<const float *>(data);
  int64_t size = n / groups;
  for (int64_t g = 0; g < groups; ++g) {
    double sum = 0;
    for (int64_t k = g * size; k < (g + 1) * size; ++k)
      sum += double(w[k]) * (1.0 - double(w[k]));
    out[g] = size ? sum / double(size) : 0.0;
  }
  return SNNRT_OK;
}

snnrt_status snnrt_weight_convergence(const snnrt_network *net,
                                      const char *name, double *out) {
  return snnrt_weight_convergence_groups(net, name, 1, out);
}

snnrt_status snnrt_run(snnrt_network *net, int64_t steps) {
  if (snnrt_status st = needNetwork(net, "snnrt_run"))
    return st;
  if (steps < 0 || steps > (int64_t(1) << 62))
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_run: step count " +
                                        std::to_string(steps) +
                                        " is negative or absurdly large");
  if (snnrt_status st = needInit(net, "running"))
    return st;
  int64_t chunk = std::min(chunkFor(net, steps), std::max<int64_t>(steps, 1));
  // Round up so a last, shorter chunk still fits.
  chunk = (chunk + net->lcmEvery - 1) / net->lcmEvery * net->lcmEvery;
  std::vector<Block> recordings;
  if (snnrt_status st = allocateRecorders(net, steps, chunk, recordings))
    return st;
  for (int64_t done = 0; done < steps;) {
    int64_t n = std::min(chunk, steps - done);
    for (size_t i = 0; i < net->buffers.size(); ++i) {
      const Buffer &b = net->buffers[i];
      if (!b.isMonitor())
        continue;
      net->recorder[b.field] =
          b.keep ? static_cast<char *>(recordings[i].data()) +
                       (done / b.every) * b.recordedRowBytes()
                 : b.scratchRecorder.data();
    }
    if (snnrt_status st = net->runSteps(n))
      return st;
    done += n;
  }
  commitRecordings(net, steps, recordings);
  return SNNRT_OK;
}

snnrt_status snnrt_run_sequence(snnrt_network *net, const char *name,
                                const float *sequence, int64_t steps) {
  if (snnrt_status st = needNetwork(net, "snnrt_run_sequence"))
    return st;
  Buffer *in = nullptr;
  if (snnrt_status st = inputBuffer(net, name, in))
    return st;
  if (steps < 0)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_run_sequence: negative step count " +
                                        std::to_string(steps));
  if (in->dtype != SNNRT_F32)
    return fail(SNNRT_ERR_DTYPE,
                "snnrt_run_sequence: " + describe(*in) + " is not float32");
  if (steps > 0 && !sequence)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_run_sequence: null sequence");
  if (snnrt_status st = needInit(net, "running"))
    return st;
  std::vector<Block> recordings;
  if (snnrt_status st = allocateRecorders(net, steps, 1, recordings))
    return st;
  // A one-step call always records (its t is 0): rows that are not due go
  // to a scratch row.
  std::vector<Block> spare(net->buffers.size());
  for (size_t i = 0; i < net->buffers.size(); ++i)
    if (net->buffers[i].isMonitor() &&
        !spare[i].allocate(net->buffers[i].recordedRowBytes(), net->cuda))
      return fail(SNNRT_ERR_MEMORY, "cannot allocate a row for monitor '" +
                                        net->buffers[i].name + "'");
  for (int64_t t = 0; t < steps; ++t) {
    std::memcpy(in->storage.data(), sequence + t * in->elements, in->bytes());
    for (size_t i = 0; i < net->buffers.size(); ++i) {
      const Buffer &b = net->buffers[i];
      if (!b.isMonitor())
        continue;
      bool due = b.keep && t % b.every == 0;
      net->recorder[b.field] =
          due ? static_cast<char *>(recordings[i].data()) +
                    (t / b.every) * b.recordedRowBytes()
              : spare[i].data();
    }
    if (snnrt_status st = net->runSteps(1))
      return st;
  }
  commitRecordings(net, steps, recordings);
  return SNNRT_OK;
}

snnrt_status snnrt_monitor(const snnrt_network *net, const char *name,
                           const float **data, int64_t shape[3]) {
  Buffer *b = nullptr;
  if (snnrt_status st = keptMonitor(net, name, data, shape, "snnrt_monitor", b))
    return st;
  return b->floatRecording(*data);
}

snnrt_status snnrt_monitor_bits(const snnrt_network *net, const char *name,
                                const uint64_t **words, int64_t shape[3]) {
  Buffer *b = nullptr;
  if (snnrt_status st =
          keptMonitor(net, name, words, shape, "snnrt_monitor_bits", b))
    return st;
  if (!b->bits)
    return fail(SNNRT_ERR_DTYPE, "monitor '" + b->name +
                                     "' records float32 values, not spikes "
                                     "as bits; read it with snnrt_monitor");
  *words = static_cast<const uint64_t *>(b->recording.data());
  return SNNRT_OK;
}

snnrt_status snnrt_set_recording(snnrt_network *net, const char *name,
                                 int enabled) {
  if (snnrt_status st = needNetwork(net, "snnrt_set_recording"))
    return st;
  Buffer *b = nullptr;
  if (snnrt_status st = monitorBuffer(net, name, b))
    return st;
  b->keep = enabled != 0;
  if (!b->keep) {
    b->recording = Block();
    b->unpacked = Block();
    b->rows = 0;
  }
  return SNNRT_OK;
}

snnrt_status snnrt_network::deviceStatus(const char *what) {
  if (!cuda)
    return SNNRT_OK;
  std::string e = cuda::takeError();
  if (e.empty())
    return SNNRT_OK;
  return fail(SNNRT_ERR_DEVICE, "network @" + name + ": " + what + ": " + e);
}

snnrt_status snnrt_network::runSteps(int64_t steps) {
  // The count is a property of the calling thread in OpenMP: set it on the
  // thread that runs.
  if (ompSetNumThreads && threads > 0)
    ompSetNumThreads(threads);
  run(state.data(), steps, recorder.data());
  return deviceStatus("running");
}

snnrt_status snnrt_network::callState(snnrt::InitFn fn) {
  if (ompSetNumThreads && threads > 0)
    ompSetNumThreads(threads);
  fn(state.data());
  return deviceStatus("a training step");
}

snnrt_status snnrt_set_threads(snnrt_network *net, int threads) {
  if (snnrt_status st = needNetwork(net, "snnrt_set_threads"))
    return st;
  if (threads < 1)
    return fail(SNNRT_ERR_ARGUMENT,
                "snnrt_set_threads: " + std::to_string(threads) +
                    " threads (give at least 1)");
  if (threads > 1 && !net->ompSetNumThreads)
    return fail(SNNRT_ERR_ARGUMENT,
                "snnrt_set_threads: network '" + net->name +
                    "' was compiled without threads, so it runs on one; "
                    "compile it with snn-compile --threads=K");
  net->threads = threads;
  return SNNRT_OK;
}

int snnrt_threads(const snnrt_network *net) {
  if (!net || !net->ompSetNumThreads)
    return 1;
  return net->threads > 0 ? net->threads : net->ompGetMaxThreads();
}

snnrt_status snnrt_set_chunk_steps(snnrt_network *net, int64_t steps) {
  if (snnrt_status st = needNetwork(net, "snnrt_set_chunk_steps"))
    return st;
  if (steps < 0)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_set_chunk_steps: negative count " +
                                        std::to_string(steps));
  net->chunkSteps = steps;
  return SNNRT_OK;
}

} // extern "C"
