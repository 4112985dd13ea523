//===- Cuda.h - the runtime's CUDA layer ------------------------*- C++ -*-===//
//
// Networks compiled with `snn-compile --target=cuda --emit=lib` launch their
// kernels through the `mgpu*` functions libsnnrt exports (Cuda.cpp), which
// call the CUDA driver API. The driver (`libcuda.so.1`, or the file named by
// SNNRT_CUDA_DRIVER) is loaded with dlopen when a CUDA network is first
// loaded, never at link time: without one, loading the network fails with
// the reason, and nothing else of the runtime needs it. docs/cuda.md.
//
//===----------------------------------------------------------------------===//

#ifndef SNNRT_LIB_CUDA_H
#define SNNRT_LIB_CUDA_H

#include <cstddef>
#include <string>

namespace snnrt::cuda {

/// Loads the driver and makes a context on device 0 (once it works; a
/// failure is retried at the next call). False with the reason in `why`.
bool available(std::string &why);

/// Memory the host and the kernels both reach (cuMemAllocManaged), zeroed;
/// null on failure.
void *allocManaged(size_t bytes);
void freeManaged(void *p);

/// The first failure of an mgpu* call since the last take (the generated
/// code cannot check them), or "".
std::string takeError();

} // namespace snnrt::cuda

#endif // SNNRT_LIB_CUDA_H
