//===- Cuda.cpp - the mgpu* functions over the CUDA driver API -------------===//
//
// What the host code of a CUDA network calls (MLIR's lowering of gpu ops):
// module load and unload, function lookup, launch, streams. Each goes to
// the driver API, loaded with dlopen at run time; the build needs no CUDA.
// A failure is recorded (the first one until taken) for the runtime to
// report after the call that made it; later calls do nothing harmful.
//
//===----------------------------------------------------------------------===//

#include "Cuda.h"
#include "snnrt/snnrt.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <mutex>

namespace {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = void *;
using CUmodule = void *;
using CUfunction = void *;
using CUstream = void *;

/// The driver functions the layer calls.
struct Driver {
  void *handle = nullptr;
  CUcontext context = nullptr;
  CUresult (*init)(unsigned);
  CUresult (*deviceGet)(CUdevice *, int);
  CUresult (*primaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*ctxSetCurrent)(CUcontext);
  CUresult (*moduleLoadData)(CUmodule *, const void *);
  CUresult (*moduleUnload)(CUmodule);
  CUresult (*moduleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*launchKernel)(CUfunction, unsigned, unsigned, unsigned,
                           unsigned, unsigned, unsigned, unsigned, CUstream,
                           void **, void **);
  CUresult (*streamCreate)(CUstream *, unsigned);
  CUresult (*streamSynchronize)(CUstream);
  CUresult (*streamDestroy)(CUstream);
  CUresult (*memAllocManaged)(CUdeviceptr *, size_t, unsigned);
  CUresult (*memFree)(CUdeviceptr);
  CUresult (*memsetD8)(CUdeviceptr, unsigned char, size_t);
  CUresult (*getErrorName)(CUresult, const char **);
};

std::mutex lock;
Driver driver;
bool ready = false;
std::string firstError;

void record(const std::string &what) {
  std::lock_guard<std::mutex> guard(lock);
  if (firstError.empty())
    firstError = what;
}

std::string errorName(CUresult r) {
  const char *name = nullptr;
  if (driver.getErrorName && driver.getErrorName(r, &name) == 0 && name)
    return name;
  return "CUDA error " + std::to_string(r);
}

/// Whether `r` is success; records the failure of `call` otherwise.
bool check(CUresult r, const char *call) {
  if (r == 0)
    return true;
  record(std::string(call) + " failed: " + errorName(r));
  return false;
}

bool load(std::string &why) {
  const char *path = std::getenv("SNNRT_CUDA_DRIVER");
  if (!path || !*path)
    path = "libcuda.so.1";
  void *h = ::dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    const char *e = ::dlerror();
    why = std::string("no CUDA driver could be loaded (") + (e ? e : path) +
          ")";
    return false;
  }
  Driver d;
  d.handle = h;
  bool missing = false;
  std::string names;
  auto sym = [&](auto &fn, const char *name) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
        ::dlsym(h, name));
    if (!fn) {
      missing = true;
      names += std::string(names.empty() ? "" : ", ") + name;
    }
  };
  sym(d.init, "cuInit");
  sym(d.deviceGet, "cuDeviceGet");
  sym(d.primaryCtxRetain, "cuDevicePrimaryCtxRetain");
  sym(d.ctxSetCurrent, "cuCtxSetCurrent");
  sym(d.moduleLoadData, "cuModuleLoadData");
  sym(d.moduleUnload, "cuModuleUnload");
  sym(d.moduleGetFunction, "cuModuleGetFunction");
  sym(d.launchKernel, "cuLaunchKernel");
  sym(d.streamCreate, "cuStreamCreate");
  sym(d.streamSynchronize, "cuStreamSynchronize");
  sym(d.streamDestroy, "cuStreamDestroy_v2");
  sym(d.memAllocManaged, "cuMemAllocManaged");
  sym(d.memFree, "cuMemFree_v2");
  sym(d.memsetD8, "cuMemsetD8_v2");
  sym(d.getErrorName, "cuGetErrorName");
  if (missing) {
    ::dlclose(h);
    why = std::string("the CUDA driver ") + path + " lacks " + names;
    return false;
  }
  driver = d;
  CUdevice device = 0;
  CUresult r = driver.init(0);
  if (r == 0)
    r = driver.deviceGet(&device, 0);
  if (r == 0)
    r = driver.primaryCtxRetain(&driver.context, device);
  if (r != 0) {
    why = "the CUDA driver found no usable device (" + errorName(r) + ")";
    driver = Driver();
    ::dlclose(h);
    return false;
  }
  return true;
}

/// The driver, ready and current on this thread; false (and the reason
/// recorded) without one.
bool current() {
  std::string why;
  if (!snnrt::cuda::available(why)) {
    record(why);
    return false;
  }
  return check(driver.ctxSetCurrent(driver.context), "cuCtxSetCurrent");
}

} // namespace

bool snnrt::cuda::available(std::string &why) {
  static std::mutex loading;
  std::lock_guard<std::mutex> guard(loading);
  if (!ready)
    ready = load(why);
  return ready;
}

void *snnrt::cuda::allocManaged(size_t bytes) {
  if (!current())
    return nullptr;
  CUdeviceptr p = 0;
  size_t n = bytes ? bytes : 1;
  // CU_MEM_ATTACH_GLOBAL: any stream, and the host.
  if (!check(driver.memAllocManaged(&p, n, 1), "cuMemAllocManaged") ||
      !check(driver.memsetD8(p, 0, n), "cuMemsetD8"))
    return nullptr;
  return reinterpret_cast<void *>(static_cast<uintptr_t>(p));
}

void snnrt::cuda::freeManaged(void *p) {
  if (p && current())
    check(driver.memFree(static_cast<CUdeviceptr>(
              reinterpret_cast<uintptr_t>(p))),
          "cuMemFree");
}

std::string snnrt::cuda::takeError() {
  std::lock_guard<std::mutex> guard(lock);
  std::string e;
  e.swap(firstError);
  return e;
}

// The functions the generated host code calls (their signatures are those
// MLIR's gpu-to-llvm lowering declares).
extern "C" {

SNNRT_API void *mgpuModuleLoad(void *data, size_t) {
  CUmodule m = nullptr;
  if (current())
    check(driver.moduleLoadData(&m, data), "cuModuleLoadData");
  return m;
}

/// PTX: the driver compiles it for the device it finds.
SNNRT_API void *mgpuModuleLoadJIT(void *data, int) {
  return mgpuModuleLoad(data, 0);
}

SNNRT_API void mgpuModuleUnload(void *module) {
  if (module && current())
    check(driver.moduleUnload(module), "cuModuleUnload");
}

SNNRT_API void *mgpuModuleGetFunction(void *module, const char *name) {
  CUfunction f = nullptr;
  if (!module) {
    record(std::string("kernel ") + name + ": its module did not load");
    return nullptr;
  }
  if (current())
    check(driver.moduleGetFunction(&f, module, name), "cuModuleGetFunction");
  return f;
}

SNNRT_API void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                                intptr_t gridZ, intptr_t blockX,
                                intptr_t blockY, intptr_t blockZ,
                                int32_t sharedBytes, void *stream,
                                void **params, void **extra, size_t) {
  if (!function) {
    record("a kernel launch without its function (the module did not load)");
    return;
  }
  if (current())
    check(driver.launchKernel(function, static_cast<unsigned>(gridX),
                              static_cast<unsigned>(gridY),
                              static_cast<unsigned>(gridZ),
                              static_cast<unsigned>(blockX),
                              static_cast<unsigned>(blockY),
                              static_cast<unsigned>(blockZ),
                              static_cast<unsigned>(sharedBytes), stream,
                              params, extra),
          "cuLaunchKernel");
}

SNNRT_API void *mgpuStreamCreate() {
  CUstream s = nullptr;
  if (current())
    check(driver.streamCreate(&s, 1 /* CU_STREAM_NON_BLOCKING */),
          "cuStreamCreate");
  return s;
}

SNNRT_API void mgpuStreamSynchronize(void *stream) {
  if (current())
    check(driver.streamSynchronize(stream), "cuStreamSynchronize");
}

SNNRT_API void mgpuStreamDestroy(void *stream) {
  if (stream && current())
    check(driver.streamDestroy(stream), "cuStreamDestroy");
}

} // extern "C"
