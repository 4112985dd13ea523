//===- bench.cpp - snnc's products against OpenBLAS -----------------------===//
//
// Times the products of products.mlir (compiled by run.sh) and OpenBLAS's
// cblas_sgemm on the same data (spikes as float 0/1), both on the given
// threads, and prints milliseconds per call, the best of several repeats.
// The spikes fire with probability 0.29 (Fashion-MNIST's mean intensity);
// the results are compared, to check that both compute the same product.
//
//===----------------------------------------------------------------------===//

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

extern "C" {
// The C interface of a 2-D memref argument (MLIR's calling convention).
struct Desc2 {
  void *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
};
void _mlir_ciface_nn(Desc2 *s, Desc2 *w, Desc2 *c);
void _mlir_ciface_tn(Desc2 *s, Desc2 *d, Desc2 *dw);
void _mlir_ciface_nn_hoisted(Desc2 *s, Desc2 *w, Desc2 *c);
void openblas_set_num_threads(int);
}

namespace {

template <typename T> Desc2 desc(std::vector<T> &v, int64_t rows, int64_t cols) {
  return {v.data(), v.data(), 0, {rows, cols}, {cols, 1}};
}

template <typename F> double bestMs(int repeats, int calls, F f) {
  double best = 1e30;
  f(); // warm-up
  for (int r = 0; r < repeats; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i)
      f();
    double ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - t0)
                    .count() /
                calls;
    best = std::min(best, ms);
  }
  return best;
}

double maxRelDiff(const std::vector<float> &a, const std::vector<float> &b) {
  double m = 0, scale = 1e-6;
  for (float x : b)
    scale = std::max(scale, double(std::fabs(x)));
  for (size_t i = 0; i < a.size(); ++i)
    m = std::max(m, double(std::fabs(a[i] - b[i])));
  return m / scale;
}

/// Times `ours` (which adds into a zeroed result) and `blas` (which
/// overwrites it), `calls` calls per repeat, and prints both, their ratio
/// and how far apart their results are.
template <typename Ours, typename Blas>
void compare(const char *label, int calls, int64_t size, Ours ours, Blas blas) {
  std::vector<float> a(size), b(size);
  double oursMs = bestMs(5, calls, [&] {
    std::fill(a.begin(), a.end(), 0.0f);
    ours(a);
  });
  double blasMs = bestMs(5, calls, [&] { blas(b); });
  std::printf("%-34s %10.3f %10.3f %8.2f   (max rel. diff %.1e)\n", label,
              oursMs, blasMs, blasMs / oursMs, maxRelDiff(a, b));
}

} // namespace

int main(int argc, char **argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 2;
  openblas_set_num_threads(threads);
  const int64_t B = 128, T = 25, K = 784, N = 256;
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  std::vector<int8_t> s(T * B * K);
  std::vector<float> sf(T * B * K);
  for (size_t i = 0; i < s.size(); ++i) {
    s[i] = u(rng) < 0.29f;
    sf[i] = s[i];
  }
  std::vector<float> w(K * N), d(B * N);
  for (float &x : w)
    x = u(rng) - 0.5f;
  for (float &x : d)
    x = (u(rng) - 0.5f) * 1e-3f;

  std::printf("products of examples/fashion_mnist (batch %lld, %lld-%lld), "
              "%d threads, ms per call (best of 5)\n",
              (long long)B, (long long)K, (long long)N, threads);
  std::printf("%-34s %10s %10s %8s\n", "product", "snnc", "OpenBLAS",
              "ratio");
  // nn, one step.
  compare("C += S W, one step [128, 784]", 50, B * N,
          [&](std::vector<float> &c) {
            Desc2 ds = desc(s, B, K), dw = desc(w, K, N), dc = desc(c, B, N);
            _mlir_ciface_nn(&ds, &dw, &dc);
          },
          [&](std::vector<float> &c) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, N, K,
                        1.0f, sf.data(), K, w.data(), N, 0.0f, c.data(), N);
          });
  // tn, one step.
  compare("dW += S^T dI, one step", 50, K * N,
          [&](std::vector<float> &g) {
            Desc2 ds = desc(s, B, K), dd = desc(d, B, N), dg = desc(g, K, N);
            _mlir_ciface_tn(&ds, &dd, &dg);
          },
          [&](std::vector<float> &g) {
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, K, N, B, 1.0f,
                        sf.data(), K, d.data(), N, 0.0f, g.data(), N);
          });
  // nn over all 25 steps at once.
  compare("C += S W, 25 steps [3200, 784]", 4, T * B * N,
          [&](std::vector<float> &c) {
            Desc2 ds = desc(s, T * B, K), dw = desc(w, K, N),
                  dc = desc(c, T * B, N);
            _mlir_ciface_nn_hoisted(&ds, &dw, &dc);
          },
          [&](std::vector<float> &c) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, T * B, N, K,
                        1.0f, sf.data(), K, w.data(), N, 0.0f, c.data(), N);
          });
  return 0;
}
