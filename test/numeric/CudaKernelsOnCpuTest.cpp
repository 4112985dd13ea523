//===- CudaKernelsOnCpuTest.cpp - the CUDA kernels, run on the CPU --------===//
//
// The CUDA target maps every kernel of a step to a grid of 1-D blocks
// (--snn-parallel-to-gpu, `snn-to-cuda`); --snn-gpu-to-loops runs those
// grids as loops over blocks and threads on the host. That CPU form of the
// CUDA kernels must compute what the CPU target computes, on the examples'
// networks: the COBA network (sparse delivery, conductances, refractory
// periods), the STDP network (plasticity), the Fashion-MNIST classifier
// (training: forward, backward and Adam), and delays.
//
// Tolerance: the CPU target fuses multiply-adds in its products and
// vectorises its kernels (another exp); the CPU form does neither. So
// spikes must agree but for a few near the threshold (at most 0.5% of the
// spike count differs), and each state variable and weight within 1e-3 of
// its scale (the largest magnitude it takes).
//
//===----------------------------------------------------------------------===//

#include "test/numeric/Harness.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <cmath>

using mlir::snn::JitNetwork;
using mlir::snn::JitOptions;
using snn::numeric::compileOrFail;

namespace {

std::string example(const std::string &name) {
  std::string path = std::string(SNN_SOURCE_DIR) + "/examples/" + name;
  auto file = llvm::MemoryBuffer::getFile(path);
  EXPECT_TRUE(bool(file)) << "cannot read " << path;
  return file ? (*file)->getBuffer().str() : "";
}

std::unique_ptr<JitNetwork> compile(const std::string &source, bool gpuForm) {
  JitOptions options;
  options.gpuForm = gpuForm;
  return compileOrFail(source, options);
}

/// Compares every f32 buffer of the two networks (state, weights,
/// monitors, gradients ...): spike monitors by count of differing spikes,
/// the rest within 1e-3 of their scale.
void expectSame(JitNetwork &cpu, JitNetwork &gpu) {
  int compared = 0;
  for (const auto &info : cpu.buffers()) {
    if (info.role == "scratch" || info.role == "tape")
      continue;
    auto a = cpu.f32(info.name), b = gpu.f32(info.name);
    if (!a || !b) {
      llvm::consumeError(a.takeError());
      llvm::consumeError(b.takeError());
      continue;
    }
    ASSERT_EQ((*a)->size(), (*b)->size()) << info.name;
    const std::vector<float> &x = **a, &y = **b;
    if (info.isU8 || info.bits > 0) {
      size_t differ = 0, spikes = 0;
      for (size_t i = 0; i < x.size(); ++i) {
        differ += x[i] != y[i];
        spikes += x[i] != 0;
      }
      EXPECT_LE(differ, 1 + spikes / 200)
          << info.name << ": " << differ << " of " << spikes << " spikes";
    } else {
      double scale = 0;
      for (float v : x)
        scale = std::max(scale, std::fabs(double(v)));
      double worst = 0;
      size_t nonFinite = 0;
      for (size_t i = 0; i < x.size(); ++i) {
        nonFinite += !std::isfinite(x[i]) || !std::isfinite(y[i]);
        worst = std::max(worst, std::fabs(double(x[i]) - double(y[i])));
      }
      // (std::max passes a NaN over: count those first.)
      EXPECT_EQ(nonFinite, 0u) << info.name;
      EXPECT_LE(worst, 1e-3 * std::max(scale, 1.0)) << info.name;
    }
    ++compared;
  }
  EXPECT_GT(compared, 2);
}

/// Compiles `source` both ways, runs both from `seeds` for `steps` steps
/// with input rates `rate(i)` (Hz) in `in.rate`, and compares them. Gives
/// the CPU target's network (null on a failure), for more checks.
std::unique_ptr<JitNetwork>
runBothAndCompare(const std::string &source, const std::vector<uint64_t> &seeds,
                  int64_t steps, float (*rate)(size_t)) {
  auto cpu = compile(source, false), gpu = compile(source, true);
  if (!cpu || !gpu)
    return nullptr;
  for (JitNetwork *n : {cpu.get(), gpu.get()}) {
    if (n->init(seeds)) {
      ADD_FAILURE() << "init failed";
      return nullptr;
    }
    std::vector<float> &rates = **n->f32("in.rate");
    for (size_t i = 0; i < rates.size(); ++i)
      rates[i] = rate(i);
    if (n->run(steps)) {
      ADD_FAILURE() << "run failed";
      return nullptr;
    }
  }
  expectSame(*cpu, *gpu);
  return cpu;
}

TEST(CudaKernelsOnCpu, Coba) {
  std::string source = example("coba/net.mlir");
  auto cpu = compile(source, false), gpu = compile(source, true);
  ASSERT_TRUE(cpu && gpu);
  for (JitNetwork *n : {cpu.get(), gpu.get()}) {
    ASSERT_FALSE(bool(n->init({3})));
    ASSERT_FALSE(bool(n->run(300)));
  }
  expectSame(*cpu, *gpu);
}

TEST(CudaKernelsOnCpu, StdpFeedforward) {
  std::string source = example("stdp_feedforward/net.mlir");
  auto cpu = compile(source, false), gpu = compile(source, true);
  ASSERT_TRUE(cpu && gpu);
  for (JitNetwork *n : {cpu.get(), gpu.get()}) {
    ASSERT_FALSE(bool(n->init({5})));
    std::vector<float> &rates = **n->f32("input.rate");
    for (size_t i = 0; i < rates.size(); ++i)
      rates[i] = 10.0f + 40.0f * static_cast<float>(i % 10);
    ASSERT_FALSE(bool(n->run(500)));
  }
  expectSame(*cpu, *gpu);
}

// Training: three steps of forward, backward and Adam on a batch of 128
// rate-coded images (intensities in [0, 1)).
TEST(CudaKernelsOnCpu, FashionMnistTraining) {
  std::string source = example("fashion_mnist/net.mlir");
  auto cpu = compile(source, false), gpu = compile(source, true);
  ASSERT_TRUE(cpu && gpu);
  for (JitNetwork *n : {cpu.get(), gpu.get()}) {
    std::vector<uint64_t> seeds(n->batch());
    for (size_t e = 0; e < seeds.size(); ++e)
      seeds[e] = 11 + e;
    ASSERT_FALSE(bool(n->init(seeds)));
    std::vector<float> &x = **n->f32("in.p");
    for (size_t i = 0; i < x.size(); ++i)
      x[i] = static_cast<float>((i * 2654435761u) % 1000) / 1000.0f;
    std::vector<int64_t> &labels = **n->i64("train.label");
    for (size_t e = 0; e < labels.size(); ++e)
      labels[e] = static_cast<int64_t>(e % 10);
    for (int step = 0; step < 3; ++step)
      ASSERT_FALSE(bool(n->trainStep()));
  }
  expectSame(*cpu, *gpu);
}

// Delays: per-synapse delays on sparse rows and a constant delay on a
// dense projection park what arrives in rings, which the kernels add into
// atomically.
TEST(CudaKernelsOnCpu, Delays) {
  std::string source = R"(snn.network @delays dt 1.0 batch 2 {
  snn.population @in 40 model @poisson
  snn.population @out 20 model @lif {tau_m = 5.0}
  snn.projection @sparse @in -> @out connect #snn.fixed_probability<0.3>
      weight 0.4 delay #snn.uniform_int<1, 4>
  snn.projection @dense @in -> @out connect #snn.dense weight 0.05 delay 3
  snn.monitor @spk spikes of @out
})";
  runBothAndCompare(source, {2, 9}, 200, [](size_t i) {
    return 100.0f + 10.0f * static_cast<float>(i % 7);
  });
}

// Per-entry weights: every entry its own dense matrix, compressed rows and
// one_to_one weights (the row delivery's kernels read entry e's weights);
// per-entry neuron parameters (drawn per entry, and declared per_entry).
TEST(CudaKernelsOnCpu, PerEntryWeights) {
  std::string source = R"(snn.network @pe dt 1.0 batch 3 {
  snn.population @in 30 model @poisson
  snn.population @hid 12 model @lif {tau_m = #snn.uniform<8.0, 14.0>, r = 10.0}
  snn.population @out 12 model @lif {tau_m = 10.0, r = 10.0, v_th = 1.0} per_entry ["tau_m", "v_th"]
  snn.projection @ih @in -> @hid connect #snn.dense weight #snn.uniform<0.0, 0.3> per_entry
  snn.projection @hh @hid -> @hid connect #snn.fixed_probability<0.4> weight #snn.normal<0.0, 0.3> per_entry
  snn.projection @ho @hid -> @out connect #snn.one_to_one weight #snn.uniform<0.5, 1.5> per_entry
  snn.monitor @spk spikes of @hid
  snn.monitor @out_spk spikes of @out
})";
  runBothAndCompare(source, {4, 5, 6}, 200, [](size_t i) {
    return 60.0f + 5.0f * static_cast<float>(i % 11);
  });
}

// Plasticity in a batch: entries share the weights, their changes add up
// in `dw` and apply once per step; the rules' loops over rows, columns and
// every synapse run as kernels (a synapse's own writes), the entries in
// turn. A Tsodyks-Markram synapse keeps state per synapse.
TEST(CudaKernelsOnCpu, BatchedPlasticity) {
  std::string source = R"(snn.network @plastic dt 1.0 batch 3 {
  snn.population @in 30 model @poisson
  snn.population @out 12 model @lif {tau_m = 8.0}
  snn.projection @pp @in -> @out connect #snn.dense
      weight #snn.uniform<0.0, 0.3> plasticity @postpre {nu_post = 0.01}
  snn.projection @sp @in -> @out connect #snn.fixed_probability<0.4>
      weight 0.2 plasticity @stdp_pair
  snn.projection @tm @in -> @out connect #snn.fixed_probability<0.3>
      weight 0.3 plasticity @tsodyks_markram
  snn.monitor @spk spikes of @out
})";
  runBothAndCompare(source, {4, 5, 6}, 300, [](size_t i) {
    return 40.0f + 15.0f * static_cast<float>(i % 9);
  });
}

// A plastic convolution: the kernel is shared by positions, so the rule's
// kernels (on_pre in the delivery, on_post over the columns of the targets
// that fired) add every synapse's change into the kernel entry's `dw`
// atomically, and one kernel over the entries applies them. Alone and in a
// batch of 2 (whose entries' changes add up too). That the rule's loops
// become parallel ones is test/Transforms/snn-rows-to-parallel.mlir's.
TEST(CudaKernelsOnCpu, PlasticConvolution) {
  for (int batch : {1, 2}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    std::string source = R"(snn.network @pconv dt 1.0 batch )" +
                         std::to_string(batch) + R"( {
  snn.population @in [1, 12, 12] model @poisson
  snn.population @maps [4, 10, 10] model @lif {tau_m = 8.0, r = 4.0}
  snn.projection @conv @in -> @maps
      connect #snn.conv2d<in_channels = 1, out_channels = 4, kernel = [3, 3]>
      weight #snn.uniform<0.1, 0.5>
      plasticity @postpre {nu_pre = 0.0002, nu_post = 0.0003, w_min = 0.0, w_max = 1.0}
  snn.monitor @spk spikes of @maps
  snn.monitor @kernel "w" of @conv every 50
})";
    std::vector<uint64_t> seeds = {7, 8};
    seeds.resize(size_t(batch));
    auto cpu = runBothAndCompare(source, seeds, 300, [](size_t i) {
      return 30.0f + 10.0f * static_cast<float>(i % 7);
    });
    ASSERT_TRUE(cpu);
    // The maps fire and the kernel learns (the comparison is not of a
    // silent or frozen network): its entries moved from the first sample,
    // mostly short of the bound.
    float spikes = 0;
    for (float c : **cpu->f32("maps.spike_count"))
      spikes += c;
    EXPECT_GT(spikes, 500.0f);
    const std::vector<float> &kernel = **cpu->f32("kernel");
    size_t entries = 36, moved = 0;
    ASSERT_EQ(kernel.size(), 6 * entries);
    for (size_t k = 0; k < entries; ++k)
      moved += std::fabs(kernel[5 * entries + k] - kernel[k]) > 1e-3f;
    EXPECT_GT(moved, entries / 2);
  }
}

// Training through compressed rows: a convolution, sum pooling and a sparse
// projection; their adjoints run as kernels too (each entry and source its
// own element of the source's adjoint, atomic adds into the gradients).
TEST(CudaKernelsOnCpu, ConvolutionTraining) {
  std::string source = R"(snn.network @convnet dt 1.0 batch 4 {
  snn.population @in [1, 8, 8] model @poisson
  snn.population @maps [2, 6, 6] model @lif {tau_m = 5.0}
  snn.population @pooled [2, 3, 3] model @lif {tau_m = 2.0, v_th = 0.3}
  snn.population @out 3 model @li {tau_m = 4.0} graded "v"
  snn.projection @conv @in -> @maps
      connect #snn.conv2d<in_channels = 1, out_channels = 2, kernel = [3, 3]>
      weight #snn.uniform<0.0, 1.5>
  snn.projection @pool @maps -> @pooled connect #snn.sum_pool2d<kernel = [2, 2]>
  snn.projection @po @pooled -> @out connect #snn.fixed_probability<0.7>
      weight #snn.uniform<-1.0, 1.0>
  snn.train loss "ce_final" of @out steps 10 optimizer "adam"
      surrogate "fast_sigmoid" trainable [@conv, @po]
})";
  auto cpu = compile(source, false), gpu = compile(source, true);
  ASSERT_TRUE(cpu && gpu);
  for (JitNetwork *n : {cpu.get(), gpu.get()}) {
    ASSERT_FALSE(bool(n->init({1, 2, 3, 4})));
    std::vector<float> &rates = **n->f32("in.rate");
    for (size_t i = 0; i < rates.size(); ++i)
      rates[i] = 200.0f + 50.0f * static_cast<float>(i % 11);
    std::vector<int64_t> &labels = **n->i64("train.label");
    for (size_t e = 0; e < labels.size(); ++e)
      labels[e] = static_cast<int64_t>(e % 3);
    for (int step = 0; step < 3; ++step)
      ASSERT_FALSE(bool(n->trainStep()));
  }
  expectSame(*cpu, *gpu);
  // The gradients were not all zero: the comparison saw training.
  double g = 0;
  for (float v : **cpu->f32("conv.w.grad"))
    g = std::max(g, std::fabs(double(v)));
  EXPECT_GT(g, 0.0);
}

} // namespace
