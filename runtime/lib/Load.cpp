//===- Load.cpp - load a compiled network and allocate its buffers --------===//
//
// dlopen lib<net>.so, look up <net>_describe/_init/_run, check the describe
// table (it comes from a file we did not write: every count, rank and field
// index is validated before it is used to size or index anything) and
// allocate every buffer it lists.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <memory>
#include <set>
#include <sys/stat.h>

using namespace snnrt;

void Buffer::fillDesc(snnrt_buffer_desc &d) const {
  d.name = name.c_str();
  d.role = role.c_str();
  d.dtype = dtype;
  d.rank = rank;
  for (int i = 0; i < 4; ++i)
    d.shape[i] = shape[i];
  d.every = every;
  d.elements = elements;
}

const Buffer *snnrt_network::find(const char *n) const {
  auto it = byName.find(std::string_view(n));
  return it == byName.end() ? nullptr : &buffers[it->second];
}

Buffer *snnrt_network::find(const char *n) {
  auto it = byName.find(std::string_view(n));
  return it == byName.end() ? nullptr : &buffers[it->second];
}

snnrt_status snnrt_network::lookup(const char *n, Buffer *&out) {
  if (!n)
    return fail(SNNRT_ERR_ARGUMENT, "null buffer name");
  out = find(n);
  if (out)
    return SNNRT_OK;
  std::string known;
  for (const Buffer &b : buffers)
    known += (known.empty() ? "" : ", ") + b.name;
  return fail(SNNRT_ERR_NAME, "network @" + name + " has no buffer named '" +
                                  n + "' (it has: " + known + ")");
}

namespace {

std::string baseName(const std::string &path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// "libdrive.so" -> "drive"; empty if the name is not of that form.
std::string nameFromFile(const std::string &path) {
  std::string base = baseName(path);
  if (base.size() <= 6 || base.compare(0, 3, "lib") != 0)
    return "";
  size_t so = base.find(".so");
  if (so == std::string::npos || so <= 3)
    return "";
  return base.substr(3, so - 3);
}

int64_t gcd(int64_t a, int64_t b) {
  while (b) {
    int64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/// Builds the network's buffers from the describe table, checking it.
snnrt_status readTable(snnrt_network &net, const snn_buffer_info *info,
                       size_t count) {
  const std::string where = net.path + ": " + net.name + "_describe ";
  if (!info || count == 0)
    return fail(SNNRT_ERR_LOAD, where + "returned an empty table");
  if (count > (1u << 20))
    return fail(SNNRT_ERR_LOAD, where + "returned " + std::to_string(count) +
                                    " buffers, more than any network has");
  std::set<std::string> names;
  std::vector<Buffer> buffers(count);
  size_t stateFields = 0, recorderFields = 0;
  for (size_t i = 0; i < count; ++i) {
    const snn_buffer_info &in = info[i];
    const std::string entry = where + "entry " + std::to_string(i);
    if (!in.name || !*in.name || !in.role || !*in.role)
      return fail(SNNRT_ERR_LOAD, entry + " has no name or role");
    Buffer &b = buffers[i];
    b.name = in.name;
    b.role = in.role;
    b.monitor = b.role == "monitor";
    const std::string what = where + "buffer '" + b.name + "'";
    if (!names.insert(b.name).second)
      return fail(SNNRT_ERR_LOAD, what + " is listed twice");
    if (in.dtype < 0 || in.dtype > 3)
      return fail(SNNRT_ERR_LOAD, what + " has dtype code " +
                                      std::to_string(in.dtype) +
                                      " (0 float32, 1 int64, 2 spike bits, "
                                      "3 uint8)");
    b.dtype = in.dtype == 1   ? SNNRT_I64
              : in.dtype == 3 ? SNNRT_U8
                              : SNNRT_F32;
    b.bits = in.dtype == 2;
    if (b.bits && b.role != "monitor")
      return fail(SNNRT_ERR_LOAD,
                  what + " is recorded as spike bits but is not a monitor");
    if (in.rank < 1 || in.rank > 4)
      return fail(SNNRT_ERR_LOAD, what + " has rank " +
                                      std::to_string(in.rank) +
                                      " (1 to 4 expected)");
    b.rank = in.rank;
    for (int d = 0; d < 4; ++d)
      b.shape[d] = d < in.rank ? in.shape[d] : 0;
    b.field = in.field;
    if (b.isMonitor()) {
      if (b.dtype != SNNRT_F32 || b.rank < 2 || b.shape[0] != 0)
        return fail(SNNRT_ERR_LOAD,
                    what + " is a monitor but not float32 [0, ...]: " +
                        dtypeName(b.dtype) + " " +
                        shapeString(b.shape, b.rank));
      if (in.every < 1 || in.every > (int64_t(1) << 30))
        return fail(SNNRT_ERR_LOAD,
                    what + " has every = " + std::to_string(in.every));
      b.every = in.every;
      b.elements = checkedElements(b.shape + 1, b.rank - 1, 4);
      ++recorderFields;
    } else {
      b.elements = checkedElements(b.shape, b.rank, dtypeSize(b.dtype));
      ++stateFields;
    }
    bool positive = true;
    for (int d = b.isMonitor() ? 1 : 0; d < b.rank; ++d)
      positive = positive && b.shape[d] > 0;
    if (!positive || b.elements < 0 || b.elements > (int64_t(1) << 40))
      return fail(SNNRT_ERR_LOAD,
                  what + " has shape " + shapeString(b.shape, b.rank));
  }
  // Fields must number each struct's pointers 0..k-1 exactly once.
  std::vector<int> stateSeen(stateFields, 0), recorderSeen(recorderFields, 0);
  for (const Buffer &b : buffers) {
    std::vector<int> &seen = b.isMonitor() ? recorderSeen : stateSeen;
    if (b.field < 0 || static_cast<size_t>(b.field) >= seen.size() ||
        seen[b.field]++)
      return fail(SNNRT_ERR_LOAD, where + "buffer '" + b.name + "' has field " +
                                      std::to_string(b.field) +
                                      ", out of range or shared");
  }
  int seed = -1, step = -1;
  for (size_t i = 0; i < count; ++i) {
    if (buffers[i].role == "seed")
      seed = static_cast<int>(i);
    if (buffers[i].name == "step")
      step = static_cast<int>(i);
  }
  if (seed < 0 || buffers[seed].dtype != SNNRT_I64 || buffers[seed].rank != 1)
    return fail(SNNRT_ERR_LOAD, where + "lists no int64 [batch] seed buffer");
  if (step < 0 || buffers[step].dtype != SNNRT_I64 ||
      buffers[step].elements != 1)
    return fail(SNNRT_ERR_LOAD, where + "lists no int64 [1] 'step' buffer");

  net.state.assign(stateFields, nullptr);
  net.recorder.assign(recorderFields, nullptr);
  net.lcmEvery = 1;
  for (Buffer &b : buffers) {
    if (b.isMonitor()) {
      int64_t l = net.lcmEvery / gcd(net.lcmEvery, b.every) * b.every;
      net.lcmEvery = l > (int64_t(1) << 30) ? (int64_t(1) << 30) : l;
      continue;
    }
    if (!b.storage.allocate(b.bytes(), net.cuda))
      return fail(SNNRT_ERR_MEMORY, "cannot allocate " +
                                        std::to_string(b.bytes()) +
                                        " bytes for buffer '" + b.name + "'");
    net.state[b.field] = b.storage.data();
  }
  net.batch = buffers[seed].shape[0];
  auto *seeds = static_cast<int64_t *>(buffers[seed].storage.data());
  for (int64_t e = 0; e < net.batch; ++e)
    seeds[e] = 1 + e;
  net.seedIndex = seed;
  net.stepIndex = step;
  net.buffers = std::move(buffers);
  // Views of the names the buffers own, which stay put: the list is not
  // changed after loading.
  for (size_t i = 0; i < net.buffers.size(); ++i)
    net.byName.emplace(net.buffers[i].name, i);
  return SNNRT_OK;
}

} // namespace

extern "C" {

snnrt_status snnrt_load(const char *library_path, const char *name,
                        snnrt_network **out) {
  if (!library_path || !out)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_load: null library path or output");
  *out = nullptr;
  std::string path = library_path;
  std::string net = name && *name ? std::string(name) : nameFromFile(path);
  if (net.empty())
    return fail(SNNRT_ERR_ARGUMENT,
                "cannot tell the network's name from '" + path +
                    "' (not lib<name>.so); pass the name explicitly");
  struct stat file;
  if (::stat(path.c_str(), &file) != 0)
    return fail(SNNRT_ERR_LOAD, "cannot load '" + path + "': no such file");
  // A bare file name would make dlopen search the library path instead of
  // the current directory.
  std::string open = path.find('/') == std::string::npos ? "./" + path : path;
  void *handle = ::dlopen(open.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = ::dlerror();
    return fail(SNNRT_ERR_LOAD,
                "cannot load '" + path + "': " + (why ? why : "dlopen failed"));
  }
  auto n = std::make_unique<snnrt_network>();
  n->name = net;
  n->path = path;
  n->handle = handle;
  auto symbol = [&](const char *suffix, void *&fn) -> snnrt_status {
    std::string s = net + suffix;
    ::dlerror();
    fn = ::dlsym(handle, s.c_str());
    if (!fn)
      return fail(SNNRT_ERR_SYMBOL,
                  "'" + path + "' has no symbol '" + s +
                      "' (is the network named @" + net +
                      "? pass its name if the file is named otherwise)");
    return SNNRT_OK;
  };
  void *describe = nullptr, *init = nullptr, *run = nullptr;
  snnrt_status st = symbol("_describe", describe);
  if (!st)
    st = symbol("_init", init);
  if (!st)
    st = symbol("_run", run);
  // A CUDA network: its modules loaded (or failed to) as it was opened.
  if (!st) {
    auto *target = static_cast<const char *>(
        ::dlsym(handle, (net + "_target").c_str()));
    n->cuda = target && std::strcmp(target, "cuda") == 0;
    std::string why, loadError = cuda::takeError();
    if (n->cuda && !cuda::available(why)) {
      // The CPU build snn-compile writes beside it: lib<net>.cpu.so.
      std::string cpu = path.size() > 3 && path.compare(path.size() - 3, 3,
                                                        ".so") == 0
                            ? path.substr(0, path.size() - 3) + ".cpu.so"
                            : "";
      struct stat cpuFile;
      bool haveCpu = !cpu.empty() && ::stat(cpu.c_str(), &cpuFile) == 0;
      const char *fallback = std::getenv("SNNRT_CUDA_FALLBACK");
      if (haveCpu && fallback && *fallback && std::strcmp(fallback, "0")) {
        ::dlclose(handle);
        std::fprintf(stderr,
                     "snnrt: network @%s: %s; running its CPU build %s\n",
                     net.c_str(), why.c_str(), cpu.c_str());
        return snnrt_load(cpu.c_str(), net.c_str(), out);
      }
      st = fail(SNNRT_ERR_LOAD,
                "network @" + net + " ('" + path +
                    "') was compiled for CUDA, and " + why +
                    (haveCpu ? "; set SNNRT_CUDA_FALLBACK=1 to run its CPU "
                               "build " + cpu + " instead"
                             : "; compile it with --target=cpu to run it on "
                               "the CPU"));
    }
    else if (n->cuda && !loadError.empty())
      st = fail(SNNRT_ERR_LOAD, "network @" + net + " ('" + path +
                                    "'): loading its kernels: " + loadError);
  }
  if (!st) {
    n->init = reinterpret_cast<InitFn>(init);
    n->run = reinterpret_cast<RunFn>(run);
    n->reset = reinterpret_cast<ResetFn>(
        ::dlsym(handle, (net + "_reset").c_str()));
    n->trainStep = reinterpret_cast<InitFn>(
        ::dlsym(handle, (net + "_train_step").c_str()));
    n->forward = reinterpret_cast<InitFn>(
        ::dlsym(handle, (net + "_forward").c_str()));
    // Found only in the library's own dependencies: a library compiled
    // without threads does not link libomp.
    n->ompSetNumThreads = reinterpret_cast<void (*)(int)>(
        ::dlsym(handle, "omp_set_num_threads"));
    n->ompGetMaxThreads =
        reinterpret_cast<int (*)()>(::dlsym(handle, "omp_get_max_threads"));
    size_t count = 0;
    const snn_buffer_info *info =
        reinterpret_cast<DescribeFn>(describe)(&count);
    st = readTable(*n, info, count);
  }
  if (st) {
    ::dlclose(handle);
    return st;
  }
  *out = n.release();
  return SNNRT_OK;
}

void snnrt_free(snnrt_network *net) {
  if (!net)
    return;
  void *handle = net->handle;
  delete net;
  if (handle)
    ::dlclose(handle);
}

const char *snnrt_name(const snnrt_network *net) {
  return net ? net->name.c_str() : "";
}

int64_t snnrt_batch(const snnrt_network *net) { return net ? net->batch : 0; }

int64_t snnrt_step(const snnrt_network *net) {
  if (!net || net->stepIndex < 0)
    return 0;
  return *static_cast<const int64_t *>(
      net->buffers[net->stepIndex].storage.data());
}

size_t snnrt_buffer_count(const snnrt_network *net) {
  return net ? net->buffers.size() : 0;
}

snnrt_status snnrt_buffer_at(const snnrt_network *net, size_t index,
                             snnrt_buffer_desc *out) {
  if (!net || !out)
    return fail(SNNRT_ERR_ARGUMENT, "snnrt_buffer_at: null network or output");
  if (index >= net->buffers.size())
    return fail(SNNRT_ERR_ARGUMENT, "buffer index " + std::to_string(index) +
                                        " is past the " +
                                        std::to_string(net->buffers.size()) +
                                        " buffers of @" + net->name);
  net->buffers[index].fillDesc(*out);
  return SNNRT_OK;
}

snnrt_status snnrt_find_buffer(const snnrt_network *net, const char *name,
                               snnrt_buffer_desc *out) {
  if (!net || !out)
    return fail(SNNRT_ERR_ARGUMENT,
                "snnrt_find_buffer: null network or output");
  Buffer *b = nullptr;
  if (snnrt_status st = const_cast<snnrt_network *>(net)->lookup(name, b))
    return st;
  b->fillDesc(*out);
  return SNNRT_OK;
}

} // extern "C"
