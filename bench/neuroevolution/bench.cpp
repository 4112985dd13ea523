//===- bench.cpp - one generation batched against one run per individual ---===//
//
// bench/neuroevolution/README.md. Times the evaluation of one generation
// of 64 XOR individuals (examples/neuroevolution: four patterns of 40
// steps each, xor_task.h) two ways in the same process: one run of the
// network compiled with batch 64 and per-entry weights and neuron
// parameters, and 64 runs of the same network compiled with batch 1, each
// individual's genes written in before its run. Checks that both score
// every individual alike (the same genes, the same input spikes: the
// inputs are shared draws, entry 0's, so each individual's run is seeded
// with entry 0's seed), and
// prints the median times and their ratio. With LIB64T (the batch-64
// network compiled with --threads, its run split into slices of the batch
// over THREADS threads), also the time of that run, fed the same genes.
//
//   bench LIB64 LIB1 [generations [LIB64T THREADS]]
//
//===----------------------------------------------------------------------===//

#include "../../examples/neuroevolution/xor_task.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

int fail(const char *what) {
  std::fprintf(stderr, "bench: %s: %s\n", what, snnrt_last_error());
  return 1;
}

double seconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3 || argc == 5) {
    std::fprintf(stderr,
                 "usage: bench LIB64 LIB1 [generations [LIB64T THREADS]]\n");
    return 2;
  }
  int generations = argc > 3 ? std::atoi(argv[3]) : 20;
  snnrt_network *batched = nullptr, *single = nullptr, *threaded = nullptr;
  if (snnrt_load(argv[1], "xor", &batched) != SNNRT_OK ||
      snnrt_load(argv[2], "xor", &single) != SNNRT_OK)
    return fail("loading");
  int threads = argc > 5 ? std::atoi(argv[5]) : 0;
  if (threads && (snnrt_load(argv[4], "xor", &threaded) != SNNRT_OK ||
                  snnrt_set_threads(threaded, threads) != SNNRT_OK))
    return fail("loading the threaded library");
  const int64_t B = snnrt_batch(batched);
  if (snnrt_batch(single) != 1)
    return fail("the second library must have batch 1");
  std::vector<uint64_t> seeds;
  for (int64_t b = 0; b < B; ++b)
    seeds.push_back(100 + uint64_t(b));
  if (snnrt_set_seeds(batched, seeds.data(), seeds.size()) != SNNRT_OK ||
      snnrt_init(batched) != SNNRT_OK || snnrt_init(single) != SNNRT_OK)
    return fail("init");
  if (threaded &&
      (snnrt_set_seeds(threaded, seeds.data(), seeds.size()) != SNNRT_OK ||
       snnrt_init(threaded) != SNNRT_OK))
    return fail("init (threaded)");
  // The example's genes (weights and hidden-neuron parameters), each on
  // its scale as there (examples/neuroevolution/main.cpp).
  const char *genes[] = {"ih.w", "ho.w", "hid.tau_m", "hid.v_th"};
  const size_t kGenes = sizeof genes / sizeof genes[0];
  snnrt_evolution *evo = nullptr;
  if (snnrt_evolution_create(batched, genes, kGenes, nullptr, &evo) != SNNRT_OK ||
      snnrt_evolution_set_gene(evo, "hid.tau_m", 1.0, 2.0, 50.0) != SNNRT_OK ||
      snnrt_evolution_set_gene(evo, "hid.v_th", 0.05, 0.2, 3.0) != SNNRT_OK)
    return fail("snnrt_evolution_create");

  std::vector<double> tBatched, tSeparate, tThreaded, fitness, one, other;
  double worstGap = 0;
  for (int g = 0; g < generations; ++g) {
    // Both start each generation at the same step, so that the batch and
    // each individual's run draw the same input spikes.
    int64_t step = snnrt_step(batched);
    double t0 = seconds();
    if (!xortask::evaluate(batched, fitness))
      return fail("batched evaluation");
    tBatched.push_back(seconds() - t0);

    const float *rows[kGenes];
    snnrt_buffer_desc descs[kGenes];
    for (size_t k = 0; k < kGenes; ++k) {
      const void *data;
      if (snnrt_read_buffer(batched, genes[k], &data, &descs[k]) != SNNRT_OK)
        return fail("reading the genes");
      rows[k] = static_cast<const float *>(data);
    }
    if (threaded) {
      // The same genes, step and seeds, the entries split over threads.
      for (size_t k = 0; k < kGenes; ++k)
        if (snnrt_write_buffer(threaded, genes[k], SNNRT_F32, rows[k],
                               descs[k].rank, descs[k].shape) != SNNRT_OK)
          return fail("writing the genes (threaded)");
      int64_t at[1] = {1};
      if (snnrt_write_buffer(threaded, "step", SNNRT_I64, &step, 1, at) !=
          SNNRT_OK)
        return fail("setting the step (threaded)");
      double t = seconds();
      if (!xortask::evaluate(threaded, other))
        return fail("threaded evaluation");
      tThreaded.push_back(seconds() - t);
      for (size_t b = 0; b < fitness.size(); ++b)
        worstGap = std::max(worstGap, std::abs(other[b] - fitness[b]));
    }

    // One run per individual: its genes into the batch-1 network.
    for (size_t k = 0; k < kGenes; ++k)
      descs[k].shape[0] = 1; // one individual's
    double t1 = seconds();
    for (int64_t b = 0; b < B; ++b) {
      // Every individual sees the batch's inputs: entry 0's draws.
      uint64_t s = seeds[0];
      if (snnrt_set_seeds(single, &s, 1) != SNNRT_OK)
        return fail("seeding an individual");
      // (Resetting the state keeps the step counter: set it to the
      // batched run's.)
      int64_t at[1] = {1};
      if (snnrt_write_buffer(single, "step", SNNRT_I64, &step, 1, at) !=
          SNNRT_OK)
        return fail("setting the step");
      for (size_t k = 0; k < kGenes; ++k) {
        int64_t n = descs[k].elements / B;
        if (snnrt_write_buffer(single, genes[k], SNNRT_F32, rows[k] + b * n,
                               descs[k].rank, descs[k].shape) != SNNRT_OK)
          return fail("writing an individual's genes");
      }
      if (!xortask::evaluate(single, one))
        return fail("evaluating an individual");
      worstGap = std::max(worstGap, std::abs(one[0] - fitness[size_t(b)]));
    }
    tSeparate.push_back(seconds() - t1);
    if (snnrt_evolution_step(evo, fitness.data(), nullptr) != SNNRT_OK)
      return fail("snnrt_evolution_step");
  }
  double a = median(tBatched), s = median(tSeparate);
  std::printf("one generation of %lld individuals (4 patterns x %lld steps), "
              "median of %d\n",
              (long long)B, (long long)xortask::kSteps, generations);
  std::printf("  batched, one run:      %8.3f ms\n", a * 1e3);
  std::printf("  64 separate runs:      %8.3f ms\n", s * 1e3);
  std::printf("  batched is %.1fx faster (target: at least 8x)\n", s / a);
  if (threaded) {
    double t = median(tThreaded);
    std::printf("  batched, one run on %d threads (--threads %d): %8.3f ms\n",
                threads, threads, t * 1e3);
    std::printf("  batched on %d threads is %.1fx faster than the separate "
                "runs (target: at least 8x)\n",
                threads, s / t);
  }
  std::printf("  largest fitness difference between the two: %g\n", worstGap);
  snnrt_evolution_free(evo);
  snnrt_free(batched);
  snnrt_free(single);
  snnrt_free(threaded);
  return worstGap == 0 ? 0 : 1;
}
