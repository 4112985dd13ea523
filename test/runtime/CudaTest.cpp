//===- CudaTest.cpp - loading and running a CUDA network ------------------===//
//
// A network compiled with `snn-compile --target=cuda --emit=lib`
// (nets/drive-cuda) through libsnnrt: without a CUDA driver, loading it
// fails with the reason and what to do; with the driver double
// (FakeCudaDriver.cpp, named by SNNRT_CUDA_DRIVER), its kernel modules
// load as the library opens, its buffers are managed memory, and every
// step launches the same kernels on grids of 256-thread blocks, on live
// streams the host waits for and destroys (one per step where a step is
// several kernels: Inputs/streams.mlir); a launch
// the device refuses is SNNRT_ERR_DEVICE naming the driver's error. The
// kernels' computation is checked on the CPU by
// test/numeric/CudaKernelsOnCpuTest.cpp.
//
//===----------------------------------------------------------------------===//

#include "snnrt/snnrt.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <dlfcn.h>
#include <string>
#include <vector>

namespace {

std::string cudaNet() {
  return std::string(SNNRT_TEST_NET_DIR) + "/drive-cuda/libdrive.so";
}

// Runs first in the binary (the driver, once loaded, stays).
TEST(Cuda, WithoutADriverLoadingSaysWhy) {
  ::setenv("SNNRT_CUDA_DRIVER", "/nonexistent/libcuda.so.1", 1);
  snnrt_network *net = nullptr;
  EXPECT_EQ(snnrt_load(cudaNet().c_str(), nullptr, &net), SNNRT_ERR_LOAD);
  EXPECT_EQ(net, nullptr);
  std::string why = snnrt_last_error();
  EXPECT_NE(why.find("network @drive"), std::string::npos) << why;
  EXPECT_NE(why.find("was compiled for CUDA, and no CUDA driver could be "
                     "loaded"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("/nonexistent/libcuda.so.1"), std::string::npos) << why;
  // snn-compile wrote the CPU build beside it: the message says how to
  // run that instead.
  EXPECT_NE(why.find("set SNNRT_CUDA_FALLBACK=1 to run its CPU build"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("libdrive.cpu.so"), std::string::npos) << why;
}

// With SNNRT_CUDA_FALLBACK set, the CPU build runs instead: the drive
// network's neuron fires on steps 10, 21, 32 (Inputs/drive.mlir).
TEST(Cuda, WithoutADriverTheCpuBuildCanRun) {
  ::setenv("SNNRT_CUDA_DRIVER", "/nonexistent/libcuda.so.1", 1);
  ::setenv("SNNRT_CUDA_FALLBACK", "1", 1);
  snnrt_network *net = nullptr;
  ASSERT_EQ(snnrt_load(cudaNet().c_str(), nullptr, &net), SNNRT_OK)
      << snnrt_last_error();
  ::unsetenv("SNNRT_CUDA_FALLBACK");
  ASSERT_EQ(snnrt_init(net), SNNRT_OK) << snnrt_last_error();
  ASSERT_EQ(snnrt_run(net, 33), SNNRT_OK) << snnrt_last_error();
  const float *spikes = nullptr;
  int64_t shape[3];
  ASSERT_EQ(snnrt_monitor(net, "spk", &spikes, shape), SNNRT_OK)
      << snnrt_last_error();
  std::vector<int> fired;
  for (int64_t t = 0; t < shape[0]; ++t)
    if (spikes[t] != 0)
      fired.push_back(static_cast<int>(t));
  EXPECT_EQ(fired, (std::vector<int>{10, 21, 32}));
  snnrt_free(net);
}

struct Fake {
  void *handle = ::dlopen(FAKE_CUDA_DRIVER, RTLD_NOW);
  template <typename F> F get(const char *name) {
    return reinterpret_cast<F>(::dlsym(handle, name));
  }
};

TEST(Cuda, KernelsLaunchThroughTheDriver) {
  ::setenv("SNNRT_CUDA_DRIVER", FAKE_CUDA_DRIVER, 1);
  ::unsetenv("FAKE_CUDA_FAIL_LAUNCH");
  snnrt_network *net = nullptr;
  ASSERT_EQ(snnrt_load(cudaNet().c_str(), nullptr, &net), SNNRT_OK)
      << snnrt_last_error();
  Fake fake;
  ASSERT_TRUE(fake.handle);
  auto count = fake.get<size_t (*)()>("fake_cuda_launch_count");
  auto launch =
      fake.get<const char *(*)(size_t, unsigned *, unsigned *)>("fake_cuda_launch");
  // The modules loaded as the library opened; the buffers are managed.
  EXPECT_GT(fake.get<int (*)()>("fake_cuda_modules")(), 0);
  EXPECT_GE(fake.get<int (*)()>("fake_cuda_allocations")(),
            static_cast<int>(snnrt_buffer_count(net)) - 2);

  ASSERT_EQ(snnrt_init(net), SNNRT_OK) << snnrt_last_error();
  EXPECT_GT(count(), 0u);
  // Each call launches a fixed number of kernels and each step as many
  // again (steps 1 to 6: no monitor sample due).
  ASSERT_EQ(snnrt_run(net, 1), SNNRT_OK) << snnrt_last_error();
  size_t launched[4];
  for (int64_t steps = 1; steps <= 3; ++steps) {
    size_t before = count();
    ASSERT_EQ(snnrt_run(net, steps), SNNRT_OK) << snnrt_last_error();
    launched[steps] = count() - before;
  }
  size_t perStep = launched[2] - launched[1];
  EXPECT_GT(perStep, 0u);
  EXPECT_EQ(launched[3] - launched[2], perStep);
  // (Kernels queue on streams the double checks are live; every one was
  // waited for and destroyed. Cuda.AStepsKernelsShareAStream counts them.)
  EXPECT_EQ(fake.get<size_t (*)()>("fake_cuda_streams_live")(), 0u);
  // The host code ran the time loop: the step counter is in managed
  // memory it reads and writes.
  EXPECT_EQ(snnrt_step(net), 7);
  for (size_t i = 0; i < count(); ++i) {
    unsigned grid[3], block[3];
    std::string name = launch(i, grid, block);
    EXPECT_EQ(name.rfind("drive_", 0), 0u) << name;
    EXPECT_EQ(block[0], 256u) << name;
    EXPECT_GE(grid[0], 1u) << name;
    EXPECT_EQ(grid[1] * grid[2] * block[1] * block[2], 1u) << name;
  }
  snnrt_free(net);
  EXPECT_EQ(fake.get<int (*)()>("fake_cuda_allocations")(), 0);
}

// A step of several kernels and no monitor: its kernels queue on one
// stream, which the host waits for once, before it updates the step
// counter (not a stream created, waited for and destroyed per launch).
TEST(Cuda, AStepsKernelsShareAStream) {
  ::setenv("SNNRT_CUDA_DRIVER", FAKE_CUDA_DRIVER, 1);
  ::unsetenv("FAKE_CUDA_FAIL_LAUNCH");
  snnrt_network *net = nullptr;
  std::string lib =
      std::string(SNNRT_TEST_NET_DIR) + "/streams-cuda/libstreams.so";
  ASSERT_EQ(snnrt_load(lib.c_str(), nullptr, &net), SNNRT_OK)
      << snnrt_last_error();
  Fake fake;
  auto launches = fake.get<size_t (*)()>("fake_cuda_launch_count");
  auto streams = fake.get<size_t (*)()>("fake_cuda_streams_created");
  ASSERT_EQ(snnrt_init(net), SNNRT_OK) << snnrt_last_error();
  ASSERT_EQ(snnrt_run(net, 1), SNNRT_OK) << snnrt_last_error();
  size_t launched[2], streamed[2];
  for (int k = 0; k < 2; ++k) {
    size_t l = launches(), s = streams();
    ASSERT_EQ(snnrt_run(net, 10 * (k + 1)), SNNRT_OK) << snnrt_last_error();
    launched[k] = launches() - l;
    streamed[k] = streams() - s;
  }
  // Ten more steps: that many more launches, and streams.
  size_t perStep = (launched[1] - launched[0]) / 10;
  size_t streamsPerStep = (streamed[1] - streamed[0]) / 10;
  EXPECT_GE(perStep, 2u);
  EXPECT_EQ(streamsPerStep, 1u);
  EXPECT_EQ(fake.get<size_t (*)()>("fake_cuda_streams_live")(), 0u);
  snnrt_free(net);
}

TEST(Cuda, AFailedLaunchIsADeviceError) {
  ::setenv("SNNRT_CUDA_DRIVER", FAKE_CUDA_DRIVER, 1);
  snnrt_network *net = nullptr;
  ASSERT_EQ(snnrt_load(cudaNet().c_str(), nullptr, &net), SNNRT_OK)
      << snnrt_last_error();
  ASSERT_EQ(snnrt_init(net), SNNRT_OK) << snnrt_last_error();
  ::setenv("FAKE_CUDA_FAIL_LAUNCH", "1", 1);
  EXPECT_EQ(snnrt_run(net, 2), SNNRT_ERR_DEVICE);
  std::string why = snnrt_last_error();
  EXPECT_NE(why.find("network @drive: running: cuLaunchKernel failed: "
                     "CUDA_ERROR_LAUNCH_FAILED"),
            std::string::npos)
      << why;
  ::unsetenv("FAKE_CUDA_FAIL_LAUNCH");
  EXPECT_EQ(snnrt_run(net, 1), SNNRT_OK) << snnrt_last_error();
  snnrt_free(net);
}

} // namespace
