//===- Mechanisms.cpp - population-level mechanisms of the reference -----===//

#include "test/reference/Mechanisms.h"
#include "test/reference/Random.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace snnref {

std::vector<bool> winners(const std::vector<double> &margins,
                          const std::vector<double> &by, int64_t k,
                          int64_t radius, int64_t height, int64_t width) {
  size_t n = margins.size();
  std::vector<int64_t> crossed;
  for (size_t i = 0; i < n; ++i)
    if (margins[i] > 0)
      crossed.push_back(int64_t(i));
  std::sort(crossed.begin(), crossed.end(), [&](int64_t a, int64_t b) {
    return by[size_t(a)] != by[size_t(b)] ? by[size_t(a)] > by[size_t(b)] : a < b;
  });
  std::vector<bool> wins(n, false), silenced(n, false);
  int64_t won = 0;
  for (int64_t i : crossed) {
    if (won == k)
      break;
    if (silenced[size_t(i)])
      continue;
    wins[size_t(i)] = true;
    ++won;
    if (radius < 0)
      continue;
    int64_t plane = height * width;
    int64_t y = (i % plane) / width, x = (i % plane) % width;
    for (size_t j = 0; j < n; ++j) {
      int64_t yj = (int64_t(j) % plane) / width, xj = (int64_t(j) % plane) % width;
      if (std::abs(yj - y) <= radius && std::abs(xj - x) <= radius)
        silenced[j] = true;
    }
  }
  return wins;
}

double homeostasis(double x, double spike, double targetRate, double rate,
                   double dt, double lo, double hi) {
  x += rate * (spike - targetRate * dt / 1000);
  return std::min(std::max(x, lo), hi);
}

double scalingFactor(double &estimate, const std::vector<uint8_t> &spikes,
                     double dt, double targetRate, double tau, double lo,
                     double hi) {
  double fired = 0;
  for (uint8_t s : spikes)
    fired += s;
  double now = fired / double(spikes.size()) * 1000 / dt;
  estimate = estimate < 0 ? now : estimate + dt / tau * (now - estimate);
  if (!(estimate > 0))
    return 1.0;
  return std::min(std::max(targetRate / estimate, lo), hi);
}

void rewire(std::vector<double> &w, const std::vector<size_t> &capacity,
            int64_t step, const std::string &name, uint64_t seed, double prune,
            double growthRate, double lo, double hi) {
  int64_t pruned = 0;
  for (size_t k : capacity)
    if (std::fabs(w[k]) < prune) {
      w[k] = 0.0;
      ++pruned;
    }
  int64_t quota = std::max<int64_t>(
      1, int64_t(float(growthRate) * float(capacity.size())));
  int64_t need = std::min(pruned, quota), left = 0;
  for (size_t k : capacity)
    left += w[k] == 0.0;
  for (size_t k : capacity) {
    if (w[k] != 0.0)
      continue;
    double u = modelUniform(seed, uint32_t(step), uint32_t(k), name + "/select");
    if (u * double(left) < double(need)) {
      double v = modelUniform(seed, uint32_t(step), uint32_t(k), name + "/value");
      w[k] = lo + (hi - lo) * v;
      --need;
    }
    --left;
  }
}

} // namespace snnref
