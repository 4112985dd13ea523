//===- main.cpp - neuroevolution of a spiking XOR network -----------------===//
//
// 64 individuals, the batch entries of one compiled network (per-entry
// weights and hidden-neuron time constants and thresholds), evolve with
// snnrt_evolution_*: each generation is one batched
// evaluation of everyone on the four XOR patterns (xor_task.h) and one
// step of the genetic algorithm. Prints the best and mean fitness per
// generation and how many patterns the best individual answers.
//
//   snn-neuroevolution [--generations N (100)] [--seed S (1)]
//
//===----------------------------------------------------------------------===//

#include "examples/common/ExampleOptions.h"
#include "xor_task.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

int fail(const char *what) {
  std::fprintf(stderr, "neuroevolution: %s: %s\n", what, snnrt_last_error());
  return 1;
}

[[noreturn]] void usage(const char *why) {
  std::fprintf(stderr,
               "neuroevolution: %s\n"
               "usage: snn-neuroevolution [--generations N] [--seed S]\n"
               "  --generations N  generations to breed (default 100)\n"
               "  --seed S         initial weights and the algorithm's "
               "random numbers (default 1)\n",
               why);
  std::exit(2);
}

} // namespace

int main(int argc, char **argv) {
  long generations = 100;
  uint64_t seed = 1;
  snn_examples::forEachOption(
      argc, argv,
      "evolves the weights and hidden neurons of a spiking XOR network: 64 "
      "individuals, each a batch entry of one compiled network",
      usage, {}, [&](const std::string &a, const std::string &v) {
        if (a == "--generations")
          generations = long(snn_examples::count(a, v, usage, 1));
        else if (a == "--seed")
          seed = uint64_t(snn_examples::count(a, v, usage, 1));
        else
          usage(("unknown option " + a).c_str());
      });

  snnrt_network *net = nullptr;
  if (snnrt_load(XOR_LIBRARY, "xor", &net) != SNNRT_OK)
    return fail("loading the network");
  int64_t batch = snnrt_batch(net);
  std::vector<uint64_t> seeds;
  for (int64_t b = 0; b < batch; ++b)
    seeds.push_back(seed * 1000 + uint64_t(b));
  if (snnrt_set_seeds(net, seeds.data(), seeds.size()) != SNNRT_OK ||
      snnrt_init(net) != SNNRT_OK)
    return fail("init");

  snnrt_evolution_options options;
  snnrt_evolution_options_default(&options);
  options.elite_fraction = 0.1;
  options.tournament = 3;
  options.crossover = 0.7;
  options.mutation_rate = 0.1;
  options.mutation_sigma = 0.3;
  options.lower = -3.0;
  options.upper = 3.0;
  options.seed = seed;
  // The weights, and the hidden neurons' time constants (ms) and
  // thresholds, each mutated on its own scale.
  const char *genes[] = {"ih.w", "ho.w", "hid.tau_m", "hid.v_th"};
  snnrt_evolution *evo = nullptr;
  if (snnrt_evolution_create(net, genes, 4, &options, &evo) != SNNRT_OK)
    return fail("snnrt_evolution_create");
  if (snnrt_evolution_set_gene(evo, "hid.tau_m", 1.0, 2.0, 50.0) != SNNRT_OK ||
      snnrt_evolution_set_gene(evo, "hid.v_th", 0.05, 0.2, 3.0) != SNNRT_OK) {
    snnrt_evolution_free(evo);
    return fail("snnrt_evolution_set_gene");
  }

  std::printf("XOR, %lld individuals (the batch), %lld steps per pattern; "
              "fitness at most 6\n",
              (long long)batch, (long long)xortask::kSteps);
  std::vector<double> fitness;
  std::vector<int> correct;
  int bestCorrect = 0;
  long firstSolved = 0;
  for (long g = 1; g <= generations; ++g) {
    if (!xortask::evaluate(net, fitness, &correct))
      return fail("evaluating");
    snnrt_evolution_report r;
    if (snnrt_evolution_step(evo, fitness.data(), &r) != SNNRT_OK)
      return fail("snnrt_evolution_step");
    bestCorrect = correct[size_t(r.best_entry)];
    if (bestCorrect == 4 && !firstSolved)
      firstSolved = g;
    std::printf("generation %3ld  best %.3f (%d/4 right)  mean %.3f\n", g,
                r.best, bestCorrect, r.mean);
  }
  // The neurons evolution settled on: the best's hidden time constants
  // and thresholds (their mean and range).
  for (const char *gene : {"hid.tau_m", "hid.v_th"}) {
    const void *data;
    snnrt_buffer_desc desc;
    if (snnrt_read_buffer(net, gene, &data, &desc) != SNNRT_OK)
      return fail("reading the parameters");
    // After the last step, entry 0 holds the best genome (the first elite).
    int64_t n = desc.elements / batch;
    const float *best = static_cast<const float *>(data);
    float lo = best[0], hi = best[0], sum = 0;
    for (int64_t j = 0; j < n; ++j) {
      lo = std::min(lo, best[j]);
      hi = std::max(hi, best[j]);
      sum += best[j];
    }
    std::printf("best individual's %s: mean %.2f, range [%.2f, %.2f]\n", gene,
                double(sum) / double(n), double(lo), double(hi));
  }
  // (Inputs are Poisson spikes, fresh every evaluation: a solution can
  // miss a pattern now and then.)
  if (firstSolved)
    std::printf("solved: the best individual first answered all four "
                "patterns in generation %ld (the last generation's best: "
                "%d/4)\n",
                firstSolved, bestCorrect);
  else
    std::printf("not solved in %ld generations\n", generations);
  snnrt_evolution_free(evo);
  snnrt_free(net);
  return 0;
}
