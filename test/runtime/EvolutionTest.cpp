//===- EvolutionTest.cpp - the genetic algorithm's mechanics --------------===//
//
// snnrt_evolution_* on Inputs/evo.mlir (8 individuals: per-entry weights
// @w, 6 x 4, and @d, 4; per-entry time constants of @out, 4; a shared
// projection). The genomes are set by hand
// and the fitness given, so each mechanism is checked against what it must
// do: elites kept best first, tournaments of the whole population always
// pick the best, Gaussian mutation's rate and standard deviation, bounds,
// genes of their own scale (neuron parameters), uniform crossover taking
// each gene from one of the two parents, the
// same seed giving the same generation, and the errors.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <cmath>

using namespace snnrt;
using namespace snnrt::test;

namespace {

const int64_t kBatch = 8, kW = 24, kD = 4, kGenome = kW + kD;
const char *kGenes[] = {"w.w", "d.w"};

/// Entry b's genome: its @w row then its @d row.
std::vector<std::vector<float>> genomes(Network &net) {
  std::vector<float> w = *net.read("w.w"), d = *net.read("d.w");
  std::vector<std::vector<float>> g(kBatch);
  for (int64_t b = 0; b < kBatch; ++b) {
    g[b].assign(w.begin() + b * kW, w.begin() + (b + 1) * kW);
    g[b].insert(g[b].end(), d.begin() + b * kD, d.begin() + (b + 1) * kD);
  }
  return g;
}

void setGenomes(Network &net, const std::vector<std::vector<float>> &g) {
  std::vector<float> w, d;
  for (const auto &row : g) {
    w.insert(w.end(), row.begin(), row.begin() + kW);
    d.insert(d.end(), row.begin() + kW, row.end());
  }
  ASSERT_TRUE(net.write("w.w", w.data(), {kBatch, 6, 4}));
  ASSERT_TRUE(net.write("d.w", d.data(), {kBatch, 4}));
}

/// Entry b's genes all equal to `value(b)`.
std::vector<std::vector<float>> constantGenomes(float (*value)(int64_t)) {
  std::vector<std::vector<float>> g(kBatch);
  for (int64_t b = 0; b < kBatch; ++b)
    g[b].assign(kGenome, value(b));
  return g;
}

Network ready() {
  Network net = loadOrDie("evo");
  EXPECT_TRUE(net.init());
  return net;
}

snnrt_evolution *create(Network &net, const snnrt_evolution_options &o) {
  snnrt_evolution *evo = nullptr;
  EXPECT_EQ(snnrt_evolution_create(net.c(), kGenes, 2, &o, &evo), SNNRT_OK)
      << snnrt_last_error();
  return evo;
}

const double kFitness[kBatch] = {0.3, 0.9, 0.1, 0.5, 0.8, 0.2, 0.7, 0.4};

TEST(Evolution, ElitesAreKeptBestFirstAndTheReportIsRight) {
  Network net = ready();
  setGenomes(net, constantGenomes([](int64_t b) { return float(b); }));
  snnrt_evolution_options o;
  snnrt_evolution_options_default(&o);
  o.elite_fraction = 0.25; // 2 of 8
  snnrt_evolution *evo = create(net, o);
  ASSERT_NE(evo, nullptr);
  snnrt_evolution_report r;
  ASSERT_EQ(snnrt_evolution_step(evo, kFitness, &r), SNNRT_OK);
  auto g = genomes(net);
  EXPECT_EQ(g[0], std::vector<float>(kGenome, 1.0f)); // fitness 0.9
  EXPECT_EQ(g[1], std::vector<float>(kGenome, 4.0f)); // fitness 0.8
  EXPECT_EQ(r.generation, 1);
  EXPECT_EQ(r.best_entry, 1);
  EXPECT_DOUBLE_EQ(r.best, 0.9);
  EXPECT_NEAR(r.mean, 3.9 / 8, 1e-12);
  snnrt_evolution_free(evo);
}

TEST(Evolution, ATournamentOfEveryoneAlwaysPicksTheBest) {
  Network net = ready();
  setGenomes(net, constantGenomes([](int64_t b) { return float(b); }));
  snnrt_evolution_options o;
  snnrt_evolution_options_default(&o);
  o.elite_fraction = 0;
  o.mutation_rate = 0;
  // A tournament of k entries drawn with replacement misses the best with
  // probability (7/8)^k: 1e-16 for k = 280, over the 16 picks of a step.
  o.tournament = 280;
  snnrt_evolution *evo = create(net, o);
  ASSERT_NE(evo, nullptr);
  ASSERT_EQ(snnrt_evolution_step(evo, kFitness, nullptr), SNNRT_OK);
  for (const auto &genome : genomes(net))
    EXPECT_EQ(genome, std::vector<float>(kGenome, 1.0f));
  snnrt_evolution_free(evo);
}

TEST(Evolution, MutationHasItsRateAndStandardDeviation) {
  Network net = ready();
  snnrt_evolution_options o;
  snnrt_evolution_options_default(&o);
  o.elite_fraction = 0;
  o.crossover = 0;
  o.mutation_rate = 0.3;
  o.mutation_sigma = 0.05;
  snnrt_evolution *evo = create(net, o);
  ASSERT_NE(evo, nullptr);
  // Every genome 0.5: a child's gene moved by the noise alone. Over many
  // generations: the fraction of changed genes and their spread.
  double changed = 0, total = 0, sum = 0, squares = 0;
  std::vector<double> flat(kBatch, 0.0);
  for (int gen = 0; gen < 200; ++gen) {
    setGenomes(net, constantGenomes([](int64_t) { return 0.5f; }));
    ASSERT_EQ(snnrt_evolution_step(evo, flat.data(), nullptr), SNNRT_OK);
    for (const auto &genome : genomes(net))
      for (float v : genome) {
        total += 1;
        if (v != 0.5f) {
          changed += 1;
          sum += v - 0.5;
          squares += (v - 0.5) * (v - 0.5);
        }
      }
  }
  // 44800 genes: the rate within 4 binomial standard deviations (0.0087),
  // the mean of the noise within 4 standard errors, the deviation within 3%.
  EXPECT_NEAR(changed / total, 0.3, 4 * std::sqrt(0.3 * 0.7 / total));
  double mean = sum / changed, sd = std::sqrt(squares / changed - mean * mean);
  EXPECT_NEAR(mean, 0.0, 4 * 0.05 / std::sqrt(changed));
  EXPECT_NEAR(sd, 0.05, 0.05 * 0.03);
  snnrt_evolution_free(evo);
}

TEST(Evolution, GenesStayWithinTheBounds) {
  Network net = ready();
  snnrt_evolution_options o;
  snnrt_evolution_options_default(&o);
  o.elite_fraction = 0;
  o.mutation_rate = 1;
  o.mutation_sigma = 5;
  o.lower = -0.5;
  o.upper = 0.25;
  snnrt_evolution *evo = create(net, o);
  ASSERT_NE(evo, nullptr);
  int atLower = 0, atUpper = 0;
  for (int gen = 0; gen < 5; ++gen) {
    ASSERT_EQ(snnrt_evolution_step(evo, kFitness, nullptr), SNNRT_OK);
    for (const auto &genome : genomes(net))
      for (float v : genome) {
        EXPECT_GE(v, -0.5f);
        EXPECT_LE(v, 0.25f);
        atLower += v == -0.5f;
        atUpper += v == 0.25f;
      }
  }
  // Noise of 5 pushes most genes past a bound.
  EXPECT_GT(atLower, 100);
  EXPECT_GT(atUpper, 100);
  snnrt_evolution_free(evo);
}

TEST(Evolution, NeuronParametersMutateOnTheirOwnScale) {
  // A population's per-entry time constants as genes beside weights: each
  // gene its own sigma and bounds (snnrt_evolution_set_gene).
  Network net = ready();
  snnrt_evolution_options o;
  snnrt_evolution_options_default(&o);
  o.elite_fraction = 0;
  o.crossover = 0;
  o.mutation_rate = 1;
  o.mutation_sigma = 0.05;
  o.lower = -1;
  o.upper = 1;
  const char *genes[] = {"w.w", "out.tau_m"};
  snnrt_evolution *evo = nullptr;
  ASSERT_EQ(snnrt_evolution_create(net.c(), genes, 2, &o, &evo), SNNRT_OK)
      << snnrt_last_error();
  ASSERT_EQ(snnrt_evolution_set_gene(evo, "out.tau_m", 2.0, 5.0, 30.0),
            SNNRT_OK);
  std::vector<double> flat(kBatch, 0.0);
  double tauSum = 0, tauSquares = 0, tauCount = 0, wSquares = 0, wCount = 0;
  for (int gen = 0; gen < 100; ++gen) {
    std::vector<float> w(size_t(kW * kBatch), 0.5f), tau(size_t(4 * kBatch), 15.0f);
    ASSERT_TRUE(net.write("w.w", w.data(), {kBatch, 6, 4}));
    ASSERT_TRUE(net.write("out.tau_m", tau.data(), {kBatch, 4}));
    ASSERT_EQ(snnrt_evolution_step(evo, flat.data(), nullptr), SNNRT_OK);
    std::vector<float> wNext = *net.read("w.w"), tauNext = *net.read("out.tau_m");
    for (float v : wNext) {
      ASSERT_GE(v, -1.0f);
      ASSERT_LE(v, 1.0f);
      wSquares += (v - 0.5) * (v - 0.5);
      wCount += 1;
    }
    for (float v : tauNext) {
      ASSERT_GE(v, 5.0f);
      ASSERT_LE(v, 30.0f);
      tauSum += v - 15.0;
      tauSquares += (v - 15.0) * (v - 15.0);
      tauCount += 1;
    }
  }
  // 3200 time constants moved by noise of sd 2 (bounds 5 sd away), 19200
  // weights by the options' 0.05: each spread within 5% of its own.
  double tauMean = tauSum / tauCount;
  EXPECT_NEAR(tauMean, 0.0, 4 * 2.0 / std::sqrt(tauCount));
  EXPECT_NEAR(std::sqrt(tauSquares / tauCount - tauMean * tauMean), 2.0, 0.1);
  EXPECT_NEAR(std::sqrt(wSquares / wCount), 0.05, 0.0025);
  // A gene that is not one, and bad settings, are errors naming it.
  EXPECT_EQ(snnrt_evolution_set_gene(evo, "d.w", 1.0, 0.0, 1.0), SNNRT_ERR_NAME);
  EXPECT_NE(std::string(snnrt_last_error())
                .find("'d.w' is not a gene of this algorithm (genes: w.w, "
                      "out.tau_m)"),
            std::string::npos)
      << snnrt_last_error();
  EXPECT_EQ(snnrt_evolution_set_gene(evo, "out.tau_m", 1.0, 30.0, 5.0),
            SNNRT_ERR_ARGUMENT);
  EXPECT_EQ(snnrt_evolution_set_gene(evo, "out.tau_m", -1.0, 5.0, 30.0),
            SNNRT_ERR_ARGUMENT);
  snnrt_evolution_free(evo);
}

TEST(Evolution, UniformCrossoverTakesEachGeneFromAParent) {
  Network net = ready();
  snnrt_evolution_options o;
  snnrt_evolution_options_default(&o);
  o.elite_fraction = 0;
  o.crossover = 1;
  o.mutation_rate = 0;
  o.tournament = 1; // parents uniformly at random
  snnrt_evolution *evo = create(net, o);
  ASSERT_NE(evo, nullptr);
  int mixed = 0;
  double fraction = 0;
  for (int gen = 0; gen < 50; ++gen) {
    // Half the population all 0, half all 1.
    setGenomes(net, constantGenomes([](int64_t b) { return b < 4 ? 0.f : 1.f; }));
    ASSERT_EQ(snnrt_evolution_step(evo, kFitness, nullptr), SNNRT_OK);
    for (const auto &genome : genomes(net)) {
      int ones = 0;
      for (float v : genome) {
        ASSERT_TRUE(v == 0.0f || v == 1.0f);
        ones += v == 1.0f;
      }
      if (ones > 0 && ones < kGenome) {
        ++mixed;
        fraction += double(ones) / kGenome;
      }
    }
  }
  // A child of a 0 and a 1 parent (half the children) takes each gene from
  // either with probability 1/2: about 200 such children, 14 of 28 ones.
  EXPECT_GT(mixed, 150);
  EXPECT_NEAR(fraction / mixed, 0.5, 0.03);
  snnrt_evolution_free(evo);
}

TEST(Evolution, TheSameSeedBreedsTheSameGeneration) {
  std::vector<std::vector<float>> first;
  for (int run = 0; run < 2; ++run) {
    Network net = ready();
    snnrt_evolution_options o;
    snnrt_evolution_options_default(&o);
    o.seed = 42;
    snnrt_evolution *evo = create(net, o);
    ASSERT_NE(evo, nullptr);
    ASSERT_EQ(snnrt_evolution_step(evo, kFitness, nullptr), SNNRT_OK);
    if (run == 0)
      first = genomes(net);
    else
      EXPECT_EQ(genomes(net), first);
    snnrt_evolution_free(evo);
  }
}

TEST(Evolution, Errors) {
  Network net = ready();
  snnrt_evolution *evo = nullptr;
  const char *shared[] = {"shared.w"};
  EXPECT_EQ(snnrt_evolution_create(net.c(), shared, 1, nullptr, &evo),
            SNNRT_ERR_ARGUMENT);
  EXPECT_NE(std::string(snnrt_last_error())
                .find("gene 'shared.w' is shared by the batch"),
            std::string::npos);
  const char *missing[] = {"nope.w"};
  EXPECT_EQ(snnrt_evolution_create(net.c(), missing, 1, nullptr, &evo),
            SNNRT_ERR_NAME);
  snnrt_evolution_options o;
  snnrt_evolution_options_default(&o);
  o.tournament = 0;
  EXPECT_EQ(snnrt_evolution_create(net.c(), kGenes, 2, &o, &evo),
            SNNRT_ERR_ARGUMENT);
  EXPECT_EQ(snnrt_evolution_create(net.c(), kGenes, 0, nullptr, &evo),
            SNNRT_ERR_ARGUMENT);
  ASSERT_EQ(snnrt_evolution_create(net.c(), kGenes, 2, nullptr, &evo),
            SNNRT_OK);
  double fitness[kBatch] = {0, 0, 0, NAN, 0, 0, 0, 0};
  EXPECT_EQ(snnrt_evolution_step(evo, fitness, nullptr), SNNRT_ERR_ARGUMENT);
  EXPECT_NE(std::string(snnrt_last_error()).find("entry 3"), std::string::npos);
  snnrt_evolution_free(evo);
}

} // namespace
