//===- Evolution.cpp - a genetic algorithm over batch entries -------------===//
//
// snnrt_evolution_*: the batch entries of a network are the individuals of
// a genetic algorithm. The genome of entry b is row b of every gene buffer
// ([batch, ...]); the caller evaluates all of them in one run and passes a
// fitness per entry; a step ranks them, keeps the elites and breeds the
// rest by tournament selection, uniform crossover and Gaussian mutation
// with bounds, writing the new genomes back into the buffers. Its random
// numbers are its own (splitmix64, Box-Muller), the same on every machine
// for the same seed.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <algorithm>
#include <memory>
#include <cmath>
#include <numeric>

using snnrt::fail;

struct snnrt_evolution {
  snnrt_network *net = nullptr;
  snnrt_evolution_options options;
  struct Gene {
    std::string name;
    int32_t rank = 0;
    int64_t shape[4] = {0, 0, 0, 0};
    int64_t perEntry = 0; // floats of one entry
    // Mutation and bounds (the options' unless snnrt_evolution_set_gene).
    double sigma = 0, lower = 0, upper = 0;
  };
  std::vector<Gene> genes;
  int64_t batch = 0, genomeSize = 0, generation = 0;
  uint64_t state = 0;

  uint64_t next() { return snnrt::splitmix64(state); }
  /// Uniform in [0, 1), 53 bits.
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, n).
  int64_t below(int64_t n) { return int64_t(uniform() * double(n)); }
  double gaussian() {
    double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(1.0 - u1)) *
           std::cos(6.283185307179586 * u2);
  }
};

void snnrt_evolution_options_default(snnrt_evolution_options *o) {
  if (!o)
    return;
  o->elite_fraction = 0.1;
  o->tournament = 3;
  o->crossover = 0.9;
  o->mutation_rate = 0.05;
  o->mutation_sigma = 0.1;
  o->lower = -1e30;
  o->upper = 1e30;
  o->seed = 1;
}

/// A mutation's sigma and bounds; `who` begins the message.
static snnrt_status checkMutation(const std::string &who, double sigma,
                                  double lower, double upper) {
  if (!(sigma >= 0) || !std::isfinite(sigma))
    return fail(SNNRT_ERR_ARGUMENT, who + "mutation_sigma must be finite, >= 0");
  if (!(lower <= upper))
    return fail(SNNRT_ERR_ARGUMENT, who + "lower must not be above upper");
  return SNNRT_OK;
}

static snnrt_status checkOptions(const snnrt_evolution_options &o) {
  const char *who = "snnrt_evolution_create: ";
  if (!(o.elite_fraction >= 0 && o.elite_fraction <= 1))
    return fail(SNNRT_ERR_ARGUMENT, std::string(who) +
                                        "elite_fraction must be in [0, 1]");
  if (o.tournament < 1)
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + "tournament must be at least 1");
  if (!(o.crossover >= 0 && o.crossover <= 1) ||
      !(o.mutation_rate >= 0 && o.mutation_rate <= 1))
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) +
                    "crossover and mutation_rate are probabilities in [0, 1]");
  return checkMutation(who, o.mutation_sigma, o.lower, o.upper);
}

snnrt_status snnrt_evolution_create(snnrt_network *net,
                                    const char *const *genes, size_t count,
                                    const snnrt_evolution_options *options,
                                    snnrt_evolution **out) {
  const char *who = "snnrt_evolution_create: ";
  if (!net || !out || (count && !genes))
    return fail(SNNRT_ERR_ARGUMENT, std::string(who) + "null argument");
  *out = nullptr;
  if (count == 0)
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + "no gene buffers: name the per-entry "
                                   "weights or parameters the algorithm "
                                   "evolves");
  auto evo = std::make_unique<snnrt_evolution>();
  evo->net = net;
  if (options)
    evo->options = *options;
  else
    snnrt_evolution_options_default(&evo->options);
  if (snnrt_status st = checkOptions(evo->options))
    return st;
  evo->batch = snnrt_batch(net);
  evo->state = evo->options.seed;
  for (size_t g = 0; g < count; ++g) {
    const void *data;
    snnrt_buffer_desc desc;
    if (!genes[g])
      return fail(SNNRT_ERR_ARGUMENT, std::string(who) + "null gene name");
    if (snnrt_status st = snnrt_read_buffer(net, genes[g], &data, &desc))
      return st;
    std::string name = genes[g];
    if (desc.dtype != SNNRT_F32)
      return fail(SNNRT_ERR_ARGUMENT, std::string(who) + "gene '" + name +
                                          "' is not float32");
    if (desc.rank < 2 || desc.shape[0] != evo->batch)
      return fail(SNNRT_ERR_ARGUMENT,
                  std::string(who) + "gene '" + name +
                      "' is shared by the batch, not one per entry (its "
                      "first dimension is not the batch, " +
                      std::to_string(evo->batch) +
                      "): declare the projection's weights or the "
                      "population's parameters per_entry");
    for (const auto &other : evo->genes)
      if (other.name == name)
        return fail(SNNRT_ERR_ARGUMENT,
                    std::string(who) + "gene '" + name + "' is named twice");
    snnrt_evolution::Gene gene;
    gene.name = name;
    gene.rank = desc.rank;
    std::copy(desc.shape, desc.shape + desc.rank, gene.shape);
    gene.perEntry = desc.elements / evo->batch;
    gene.sigma = evo->options.mutation_sigma;
    gene.lower = evo->options.lower;
    gene.upper = evo->options.upper;
    evo->genomeSize += gene.perEntry;
    evo->genes.push_back(std::move(gene));
  }
  *out = evo.release();
  return SNNRT_OK;
}

void snnrt_evolution_free(snnrt_evolution *evo) { delete evo; }

snnrt_status snnrt_evolution_set_gene(snnrt_evolution *evo, const char *gene,
                                      double mutation_sigma, double lower,
                                      double upper) {
  const char *who = "snnrt_evolution_set_gene: ";
  if (!evo || !gene)
    return fail(SNNRT_ERR_ARGUMENT, std::string(who) + "null argument");
  if (snnrt_status st = checkMutation(
          std::string(who) + "gene '" + gene + "': ", mutation_sigma, lower,
          upper))
    return st;
  std::string known;
  for (auto &g : evo->genes) {
    if (g.name == gene) {
      g.sigma = mutation_sigma;
      g.lower = lower;
      g.upper = upper;
      return SNNRT_OK;
    }
    known += (known.empty() ? "" : ", ") + g.name;
  }
  return fail(SNNRT_ERR_NAME, std::string(who) + "'" + gene +
                                       "' is not a gene of this algorithm "
                                       "(genes: " + known + ")");
}

snnrt_status snnrt_evolution_step(snnrt_evolution *evo, const double *fitness,
                                  snnrt_evolution_report *report) {
  const char *who = "snnrt_evolution_step: ";
  if (!evo || !fitness)
    return fail(SNNRT_ERR_ARGUMENT, std::string(who) + "null argument");
  const int64_t B = evo->batch, G = evo->genomeSize;
  for (int64_t b = 0; b < B; ++b)
    if (!std::isfinite(fitness[b]))
      return fail(SNNRT_ERR_ARGUMENT, std::string(who) + "the fitness of entry " +
                                          std::to_string(b) +
                                          " is not a finite number");
  // The genomes as they are: entry b's is row b of every gene, in order.
  snnrt::Block oldBlock(size_t(B * G) * sizeof(float)),
      nextBlock(size_t(B * G) * sizeof(float));
  if (!oldBlock.ok() || !nextBlock.ok())
    return fail(SNNRT_ERR_MEMORY,
                std::string(who) + "out of memory for the genomes (" +
                    std::to_string(B) + " x " + std::to_string(G) + ")");
  float *old = static_cast<float *>(oldBlock.data());
  float *next = static_cast<float *>(nextBlock.data());
  int64_t offset = 0;
  for (const auto &gene : evo->genes) {
    const void *data;
    if (snnrt_status st =
            snnrt_read_buffer(evo->net, gene.name.c_str(), &data, nullptr))
      return st;
    const float *w = static_cast<const float *>(data);
    for (int64_t b = 0; b < B; ++b)
      std::copy(w + b * gene.perEntry, w + (b + 1) * gene.perEntry,
                old + b * G + offset);
    offset += gene.perEntry;
  }
  // Rank, best first (ties: the lower entry first).
  std::vector<int64_t> order(static_cast<size_t>(B));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return fitness[a] != fitness[b] ? fitness[a] > fitness[b] : a < b;
  });
  const snnrt_evolution_options &o = evo->options;
  auto tournament = [&]() {
    int64_t best = evo->below(B);
    for (int64_t k = 1; k < o.tournament; ++k) {
      int64_t c = evo->below(B);
      if (fitness[c] > fitness[best])
        best = c;
    }
    return best;
  };
  int64_t elites = int64_t(std::floor(o.elite_fraction * double(B) + 1e-9));
  for (int64_t child = 0; child < B; ++child) {
    float *genome = next + child * G;
    if (child < elites) {
      const float *e = old + order[size_t(child)] * G;
      std::copy(e, e + G, genome);
      continue;
    }
    const float *a = old + tournament() * G;
    if (evo->uniform() < o.crossover) {
      const float *b = old + tournament() * G;
      for (int64_t i = 0; i < G; ++i)
        genome[i] = evo->uniform() < 0.5 ? a[i] : b[i];
    } else {
      std::copy(a, a + G, genome);
    }
    int64_t i = 0;
    for (const auto &gene : evo->genes)
      for (int64_t end = i + gene.perEntry; i < end; ++i) {
        double v = genome[i];
        if (o.mutation_rate > 0 && evo->uniform() < o.mutation_rate)
          v += gene.sigma * evo->gaussian();
        genome[i] = float(std::min(std::max(v, gene.lower), gene.upper));
      }
  }
  // Back into the buffers (the old genomes' memory holds each gene's rows).
  offset = 0;
  for (const auto &gene : evo->genes) {
    for (int64_t b = 0; b < B; ++b)
      std::copy(next + b * G + offset, next + b * G + offset + gene.perEntry,
                old + b * gene.perEntry);
    if (snnrt_status st =
            snnrt_write_buffer(evo->net, gene.name.c_str(), SNNRT_F32, old,
                               gene.rank, gene.shape))
      return st;
    offset += gene.perEntry;
  }
  ++evo->generation;
  if (report) {
    report->generation = evo->generation;
    report->best = fitness[order[0]];
    report->best_entry = order[0];
    report->mean = std::accumulate(fitness, fitness + B, 0.0) / double(B);
  }
  return SNNRT_OK;
}
