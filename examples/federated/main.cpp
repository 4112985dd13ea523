//===- main.cpp - federated learning on non-IID Fashion-MNIST -------------===//
//
// Five clients, each holding two of Fashion-MNIST's ten classes, train
// their own copies of one compiled network; per round every client starts
// from the global weights, trains locally, and sends its update (weights
// after minus before); the aggregator combines them into the global
// weights by weighted averaging (FedAvg, weights the clients' sample
// counts), by the same through secure summation (the aggregator sees only
// the sum of quantised, masked updates), or by a majority vote over the
// updates' signs. Prints the global network's test accuracy per round.
//
//   snn-federated [--aggregate average|secure|sign] [--rounds N (5)]
//                 [--batches N (10)] [--eval-batches N] [--seed S]
//                 [--threads N] [--data DIR]
//
//===----------------------------------------------------------------------===//

#include "examples/common/ExampleOptions.h"
#include "examples/common/FashionMnistData.h"
#include "snnrt/snnrt.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

constexpr int kClients = 5;
const char *kWeights[] = {"ih.w", "ho.w"};

struct Options : snn_examples::TrainingOptions {
  std::string aggregate = "average";
  int64_t rounds = 5, batches = 10, evalBatches = 0;
};

[[noreturn]] void usage(const char *why) {
  std::fprintf(
      stderr,
      "federated: %s\n"
      "usage: snn-federated [--aggregate average|secure|sign] [--rounds N] "
      "[--batches N] [--seed S] [--threads N] [--data DIR]\n"
      "  --aggregate A  average (FedAvg), secure (the same through secure "
      "summation) or sign (majority vote over signs); default average\n"
      "  --rounds N     rounds of local training and aggregation (default 5)\n"
      "  --batches N    local minibatches of 128 per client and round "
      "(default 10)\n"
      "  --eval-batches N  test minibatches per evaluation (default: all)\n"
      "  --seed S       initial weights and shuffling (default 1)\n"
      "  --threads N    OpenMP threads (default 2)\n"
      "  --data DIR     Fashion-MNIST IDX files\n",
      why);
  std::exit(2);
}

void check(snnrt_status st) {
  if (st != SNNRT_OK) {
    std::fprintf(stderr, "federated: %s\n", snnrt_last_error());
    std::exit(1);
  }
}

/// All trainable weights of `net`, flat, in kWeights' order.
std::vector<float> readWeights(snnrt_network *net) {
  std::vector<float> all;
  for (const char *name : kWeights) {
    const void *data;
    snnrt_buffer_desc d;
    check(snnrt_read_buffer(net, name, &data, &d));
    const float *w = static_cast<const float *>(data);
    all.insert(all.end(), w, w + d.elements);
  }
  return all;
}

void writeWeights(snnrt_network *net, const std::vector<float> &all) {
  size_t at = 0;
  for (const char *name : kWeights) {
    snnrt_buffer_desc d;
    check(snnrt_find_buffer(net, name, &d));
    check(snnrt_write_buffer(net, name, SNNRT_F32, all.data() + at, d.rank,
                             d.shape));
    at += size_t(d.elements);
  }
}

/// Client k's samples: those of classes 2k and 2k + 1 (non-IID).
struct Shard {
  std::vector<float> inputs;
  std::vector<int64_t> labels;
  Shard(const snnrt_dataset &all, int k) {
    for (int64_t i = 0; i < all.count; ++i)
      if (all.labels[i] / 2 == k) {
        inputs.insert(inputs.end(), all.inputs + i * all.features,
                      all.inputs + (i + 1) * all.features);
        labels.push_back(all.labels[i]);
      }
  }
  snnrt_dataset data() const {
    return {inputs.data(), labels.data(), int64_t(labels.size()), 784};
  }
};

} // namespace

int main(int argc, char **argv) {
  Options o;
  snn_examples::forEachOption(
      argc, argv, "federated learning of a spiking classifier",
      usage, {}, [&](const std::string &a, const std::string &v) {
        if (a == "--aggregate") {
          if (v != "average" && v != "secure" && v != "sign")
            usage(("--aggregate " + v + ": expected average, secure or sign")
                      .c_str());
          o.aggregate = v;
        } else if (a == "--rounds")
          o.rounds = snn_examples::count(a, v, usage, 1);
        else if (a == "--batches")
          o.batches = snn_examples::count(a, v, usage, 1);
        else if (a == "--eval-batches")
          o.evalBatches = snn_examples::count(a, v, usage, 1);
        else if (!o.take(a, v, usage))
          usage(("unknown option " + a).c_str());
      });
  snn_examples::FashionMnist fmnist;
  check(fmnist.read(o.data));
  snnrt_dataset test = fmnist.sets[1];

  // The clients, each its own copy of the network, and the global model.
  std::vector<snnrt_network *> clients(kClients);
  std::vector<Shard> shards;
  for (int k = 0; k < kClients; ++k) {
    check(snnrt_load(CLIENT_LIBRARY, "client", &clients[k]));
    check(snnrt_set_threads(clients[k], o.threads));
    std::vector<uint64_t> seeds(size_t(snnrt_batch(clients[k])));
    for (size_t i = 0; i < seeds.size(); ++i)
      seeds[i] = o.seed * 1000 + i + 100 * uint64_t(k);
    check(snnrt_set_seeds(clients[k], seeds.data(), seeds.size()));
    check(snnrt_init(clients[k]));
    shards.emplace_back(fmnist.sets[0], k);
  }
  std::vector<float> global = readWeights(clients[0]);
  size_t n = global.size();
  // Pairwise secrets for secure summation (a key agreement would give each
  // pair its own; here they are derived from the seed).
  auto secret = [&](int a, int b) {
    return o.seed * 0x9E3779B97F4A7C15ull + uint64_t(std::min(a, b)) * 1000003 +
           uint64_t(std::max(a, b));
  };

  std::printf("federated: %d clients, two classes each; %lld local "
              "minibatches per round; aggregation: %s\n",
              kClients, (long long)o.batches, o.aggregate.c_str());
  for (int64_t round = 1; round <= o.rounds; ++round) {
    std::vector<std::vector<float>> updates(kClients);
    std::vector<double> counts(kClients);
    for (int k = 0; k < kClients; ++k) {
      writeWeights(clients[k], global);
      snnrt_train_options t;
      snnrt_train_options_default(&t);
      t.epochs = round; // train.epoch counts the rounds done
      t.shuffle_seed = o.seed + uint64_t(k);
      t.max_batches = o.batches;
      t.progress = 0;
      snnrt_dataset d = shards[k].data();
      check(snnrt_train(clients[k], &d, nullptr, &t, nullptr));
      updates[k] = readWeights(clients[k]);
      for (size_t i = 0; i < n; ++i)
        updates[k][i] -= global[i];
      counts[k] = double(d.count);
    }
    std::vector<const float *> parts;
    for (auto &u : updates)
      parts.push_back(u.data());
    std::vector<float> step(n);
    if (o.aggregate == "average") {
      check(snnrt_fed_average(parts.data(), counts.data(), kClients,
                              int64_t(n), step.data()));
    } else if (o.aggregate == "sign") {
      check(snnrt_fed_sign_vote(parts.data(), kClients, int64_t(n), 2e-3f,
                                step.data()));
    } else {
      // Each client sends its update weighted by its share of the samples,
      // quantised and masked; the sum is the weighted average.
      double total = 0;
      for (double c : counts)
        total += c;
      std::vector<std::vector<uint32_t>> masked(kClients,
                                                std::vector<uint32_t>(n));
      std::vector<const uint32_t *> sent;
      for (int k = 0; k < kClients; ++k) {
        std::vector<float> weighted(n);
        for (size_t i = 0; i < n; ++i)
          weighted[i] = float(double(updates[k][i]) * counts[k] / total);
        std::vector<uint64_t> secrets(kClients);
        for (int d = 0; d < kClients; ++d)
          secrets[d] = secret(k, d);
        check(snnrt_secure_mask(k, kClients, secrets.data(), weighted.data(),
                                int64_t(n), double(1 << 24),
                                masked[k].data()));
        sent.push_back(masked[k].data());
      }
      check(snnrt_secure_sum(sent.data(), kClients, int64_t(n),
                             double(1 << 24), step.data()));
    }
    for (size_t i = 0; i < n; ++i)
      global[i] += step[i];
    writeWeights(clients[0], global);
    double acc = 0;
    check(snnrt_evaluate(clients[0], &test, "in.p", o.evalBatches, nullptr,
                         &acc));
    std::printf("round %2lld: global test accuracy %.3f\n", (long long)round,
                acc);
  }
  for (snnrt_network *c : clients)
    snnrt_free(c);
  fmnist.free();
  return 0;
}
