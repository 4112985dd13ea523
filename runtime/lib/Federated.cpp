//===- Federated.cpp - aggregating federated clients' updates -------------===//
//
// snnrt_fed_*: weighted averaging and majority votes over signs or spike
// bitstreams; snnrt_secure_*: secure summation with pairwise additive
// masks modulo 2^32 over quantised updates. A pair's masks are a
// splitmix64 stream of the secret the two clients share, element i its
// i-th value, so both compute the same and the sum cancels exactly.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cmath>

using snnrt::fail;

namespace {

snnrt_status checkArgs(const char *who, const void *updates, int64_t clients,
                       int64_t n, const void *out) {
  if (!updates || !out)
    return fail(SNNRT_ERR_ARGUMENT, std::string(who) + ": null argument");
  if (clients < 1 || n < 0)
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + ": needs at least one client and n >= 0");
  return SNNRT_OK;
}

} // namespace

snnrt_status snnrt_fed_average(const float *const *updates,
                               const double *weights, int64_t clients,
                               int64_t n, float *out) {
  const char *who = "snnrt_fed_average";
  if (snnrt_status st = checkArgs(who, updates, clients, n, out))
    return st;
  if (!weights)
    return fail(SNNRT_ERR_ARGUMENT, std::string(who) + ": null weights");
  double total = 0;
  for (int64_t c = 0; c < clients; ++c) {
    if (!(weights[c] >= 0) || !std::isfinite(weights[c]) || !updates[c])
      return fail(SNNRT_ERR_ARGUMENT,
                  std::string(who) + ": client " + std::to_string(c) +
                      " has a negative or non-finite weight, or no update");
    total += weights[c];
  }
  if (!(total > 0))
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + ": the clients' weights sum to 0");
  for (int64_t i = 0; i < n; ++i) {
    double sum = 0;
    for (int64_t c = 0; c < clients; ++c)
      sum += weights[c] * double(updates[c][i]);
    out[i] = float(sum / total);
  }
  return SNNRT_OK;
}

snnrt_status snnrt_fed_sign_vote(const float *const *updates, int64_t clients,
                                 int64_t n, float scale, float *out) {
  if (snnrt_status st =
          checkArgs("snnrt_fed_sign_vote", updates, clients, n, out))
    return st;
  for (int64_t i = 0; i < n; ++i) {
    int64_t votes = 0;
    for (int64_t c = 0; c < clients; ++c)
      votes += (updates[c][i] > 0) - (updates[c][i] < 0);
    out[i] = votes > 0 ? scale : votes < 0 ? -scale : 0.0f;
  }
  return SNNRT_OK;
}

snnrt_status snnrt_fed_bit_vote(const uint8_t *const *bits, int64_t clients,
                                int64_t n, uint8_t *out) {
  if (snnrt_status st = checkArgs("snnrt_fed_bit_vote", bits, clients, n, out))
    return st;
  for (int64_t i = 0; i < n; ++i) {
    int64_t ones = 0;
    for (int64_t c = 0; c < clients; ++c)
      ones += bits[c][i] != 0;
    out[i] = 2 * ones > clients;
  }
  return SNNRT_OK;
}

snnrt_status snnrt_secure_mask(int64_t client, int64_t clients,
                               const uint64_t *secrets, const float *update,
                               int64_t n, double scale, uint32_t *masked) {
  const char *who = "snnrt_secure_mask";
  if (snnrt_status st = checkArgs(who, update, clients, n, masked))
    return st;
  if (!secrets || client < 0 || client >= clients)
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + ": client " + std::to_string(client) +
                    " is not one of 0.." + std::to_string(clients - 1) +
                    ", or no secrets");
  if (!(scale > 0) || !std::isfinite(scale))
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + ": scale must be positive and finite");
  // The sum of all clients' values must fit a signed 32-bit integer.
  double limit = 2147483647.0 / double(clients);
  for (int64_t i = 0; i < n; ++i) {
    double q = std::nearbyint(double(update[i]) * scale);
    if (!(std::fabs(q) < limit))
      return fail(SNNRT_ERR_ARGUMENT,
                  std::string(who) + ": value " + std::to_string(i) + " (" +
                      std::to_string(update[i]) + ") times scale " +
                      std::to_string(scale) + " does not fit 2^31 / " +
                      std::to_string(clients) + " clients");
    masked[i] = uint32_t(int32_t(q));
  }
  for (int64_t d = 0; d < clients; ++d) {
    if (d == client)
      continue;
    uint64_t state = secrets[d];
    for (int64_t i = 0; i < n; ++i) {
      uint32_t mask = uint32_t(snnrt::splitmix64(state) >> 32);
      masked[i] = client < d ? masked[i] + mask : masked[i] - mask;
    }
  }
  return SNNRT_OK;
}

snnrt_status snnrt_secure_sum(const uint32_t *const *masked, int64_t clients,
                              int64_t n, double scale, float *sum) {
  const char *who = "snnrt_secure_sum";
  if (snnrt_status st = checkArgs(who, masked, clients, n, sum))
    return st;
  if (!(scale > 0) || !std::isfinite(scale))
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + ": scale must be positive and finite");
  for (int64_t i = 0; i < n; ++i) {
    uint32_t total = 0;
    for (int64_t c = 0; c < clients; ++c)
      total += masked[c][i];
    sum[i] = float(double(int32_t(total)) / scale);
  }
  return SNNRT_OK;
}
