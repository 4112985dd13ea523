//===- FakeCudaDriver.cpp - a CUDA driver API double for the tests --------===//
//
// The driver functions libsnnrt's CUDA layer calls, on the host: managed
// memory is calloc'd, modules are the PTX text they are given, functions
// their names, streams counted ones that must be live when a kernel is
// queued on them, and a launch is recorded (function, grid, block, parameter
// count), not run: the kernels themselves are tested on the CPU elsewhere
// (test/numeric/CudaKernelsOnCpuTest.cpp). With FAKE_CUDA_FAIL_LAUNCH set,
// launches fail as a device would report it. The tests read the record
// through fake_cuda_*.
//
//===----------------------------------------------------------------------===//

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Launch {
  std::string function;
  unsigned grid[3], block[3];
};

std::vector<Launch> launches;
std::vector<std::string *> functions;
int modules = 0, allocations = 0;
// Streams: created so far, and which are live (created, not destroyed).
size_t streamsCreated = 0;
std::vector<int *> liveStreams;
bool isLive(void *s) {
  for (int *l : liveStreams)
    if (l == s)
      return true;
  return false;
}
size_t allocated = 0;

} // namespace

extern "C" {

__attribute__((visibility("default"))) int cuInit(unsigned) { return 0; }
__attribute__((visibility("default"))) int cuDeviceGet(int *d, int) {
  *d = 0;
  return 0;
}
__attribute__((visibility("default"))) int cuDevicePrimaryCtxRetain(void **c,
                                                                    int) {
  static int context;
  *c = &context;
  return 0;
}
__attribute__((visibility("default"))) int cuCtxSetCurrent(void *) {
  return 0;
}
/// A module is its PTX: it must look like what ptxas takes.
__attribute__((visibility("default"))) int cuModuleLoadData(void **m,
                                                            const void *data) {
  const char *ptx = static_cast<const char *>(data);
  if (!std::strstr(ptx, ".version") || !std::strstr(ptx, ".entry"))
    return 218; // CUDA_ERROR_INVALID_PTX
  ++modules;
  *m = const_cast<void *>(data);
  return 0;
}
__attribute__((visibility("default"))) int cuModuleUnload(void *) {
  --modules;
  return 0;
}
__attribute__((visibility("default"))) int
cuModuleGetFunction(void **f, void *m, const char *name) {
  // The entry must be in the module's PTX.
  std::string entry = std::string(".entry ") + name + "(";
  if (!std::strstr(static_cast<const char *>(m), entry.c_str()))
    return 500; // CUDA_ERROR_NOT_FOUND
  functions.push_back(new std::string(name));
  *f = functions.back();
  return 0;
}
__attribute__((visibility("default"))) int
cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
               unsigned by, unsigned bz, unsigned, void *stream, void **params,
               void **) {
  if (std::getenv("FAKE_CUDA_FAIL_LAUNCH"))
    return 719; // CUDA_ERROR_LAUNCH_FAILED
  if (!params)
    return 1; // CUDA_ERROR_INVALID_VALUE
  if (stream && !isLive(stream))
    return 400; // CUDA_ERROR_INVALID_HANDLE
  launches.push_back({*static_cast<std::string *>(f), {gx, gy, gz}, {bx, by, bz}});
  return 0;
}
__attribute__((visibility("default"))) int cuStreamCreate(void **s, unsigned) {
  liveStreams.push_back(new int(0));
  ++streamsCreated;
  *s = liveStreams.back();
  return 0;
}
__attribute__((visibility("default"))) int cuStreamSynchronize(void *s) {
  return isLive(s) ? 0 : 400; // CUDA_ERROR_INVALID_HANDLE
}
__attribute__((visibility("default"))) int cuStreamDestroy_v2(void *s) {
  for (size_t i = 0; i < liveStreams.size(); ++i)
    if (liveStreams[i] == s) {
      delete liveStreams[i];
      liveStreams.erase(liveStreams.begin() + long(i));
      return 0;
    }
  return 400; // CUDA_ERROR_INVALID_HANDLE
}
__attribute__((visibility("default"))) int
cuMemAllocManaged(unsigned long long *p, size_t bytes, unsigned) {
  void *m = std::malloc(bytes);
  if (!m)
    return 2; // CUDA_ERROR_OUT_OF_MEMORY
  ++allocations;
  allocated += bytes;
  *p = reinterpret_cast<uintptr_t>(m);
  return 0;
}
__attribute__((visibility("default"))) int cuMemsetD8_v2(unsigned long long p,
                                                         unsigned char v,
                                                         size_t n) {
  std::memset(reinterpret_cast<void *>(static_cast<uintptr_t>(p)), v, n);
  return 0;
}
__attribute__((visibility("default"))) int cuMemFree_v2(unsigned long long p) {
  std::free(reinterpret_cast<void *>(static_cast<uintptr_t>(p)));
  --allocations;
  return 0;
}
__attribute__((visibility("default"))) int cuGetErrorName(int r,
                                                          const char **name) {
  *name = r == 719   ? "CUDA_ERROR_LAUNCH_FAILED"
          : r == 218 ? "CUDA_ERROR_INVALID_PTX"
          : r == 500 ? "CUDA_ERROR_NOT_FOUND"
                     : "CUDA_ERROR_UNKNOWN";
  return 0;
}

// What the tests read.
__attribute__((visibility("default"))) size_t fake_cuda_launch_count() {
  return launches.size();
}
__attribute__((visibility("default"))) const char *
fake_cuda_launch(size_t i, unsigned *grid, unsigned *block) {
  for (int d = 0; d < 3; ++d) {
    grid[d] = launches[i].grid[d];
    block[d] = launches[i].block[d];
  }
  return launches[i].function.c_str();
}
__attribute__((visibility("default"))) size_t fake_cuda_streams_created() {
  return streamsCreated;
}
__attribute__((visibility("default"))) size_t fake_cuda_streams_live() {
  return liveStreams.size();
}
__attribute__((visibility("default"))) int fake_cuda_modules() {
  return modules;
}
__attribute__((visibility("default"))) int fake_cuda_allocations() {
  return allocations;
}

} // extern "C"
