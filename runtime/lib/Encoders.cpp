//===- Encoders.cpp - intensities to spike trains -------------------------===//
//
// Rate codes draw from snnrt/Philox.h in the encoder domain (docs/random.md):
// key = the batch entry's seed, counter = (element, step, fnv1a32(input
// buffer name), 3). Compiled code, CUDA and a host program thus draw the
// same spikes for the same seed, whoever encodes. The latency code is
// deterministic and matches the prelude's @latency source.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"
#include "snnrt/Philox.h"

#include <cmath>

using namespace snnrt;

namespace {

snnrt_status checkCommon(const char *fn, const float *intensity, int64_t batch,
                         int64_t n, int64_t steps, const float *out) {
  if (batch < 0 || n < 0 || steps < 0)
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(fn) + ": negative size (batch " +
                    std::to_string(batch) + ", n " + std::to_string(n) +
                    ", steps " + std::to_string(steps) + ")");
  if (n > UINT32_MAX)
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(fn) + ": more elements per entry (" +
                    std::to_string(n) + ") than a 32-bit counter numbers");
  int64_t shape[3] = {steps, batch, n};
  if (checkedElements(shape, 3, 4) < 0)
    return fail(SNNRT_ERR_ARGUMENT, std::string(fn) + ": output too large");
  if (batch * n > 0 && (!intensity || (steps > 0 && !out)))
    return fail(SNNRT_ERR_ARGUMENT, std::string(fn) + ": null input or output");
  for (int64_t k = 0; k < batch * n; ++k)
    if (!(intensity[k] >= 0.0f && intensity[k] <= 1.0f))
      return fail(
          SNNRT_ERR_ARGUMENT,
          std::string(fn) + ": intensity[" + std::to_string(k) + "] (entry " +
              std::to_string(k / n) + ", element " + std::to_string(k % n) +
              ") = " + std::to_string(intensity[k]) + " is outside [0, 1]");
  return SNNRT_OK;
}

/// Spikes where the encoder-domain uniform is below p[b * n + i].
snnrt_status drawSpikes(const char *fn, const std::vector<float> &p,
                        int64_t batch, int64_t n, const uint64_t *seeds,
                        const char *streamName, int64_t firstStep,
                        int64_t steps, float *out) {
  if (batch > 0 && !seeds)
    return fail(SNNRT_ERR_ARGUMENT, std::string(fn) + ": null seeds");
  if (!streamName)
    return fail(SNNRT_ERR_ARGUMENT, std::string(fn) +
                                        ": null stream name (give the input "
                                        "buffer's name)");
  if (firstStep < 0 || firstStep + steps - 1 > int64_t(UINT32_MAX))
    return fail(SNNRT_ERR_ARGUMENT, std::string(fn) + ": steps " +
                                        std::to_string(firstStep) + ".." +
                                        std::to_string(firstStep + steps) +
                                        " are outside the 32-bit step counter");
  uint32_t stream = snnrt_fnv1a32(streamName);
  for (int64_t t = 0; t < steps; ++t)
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t i = 0; i < n; ++i) {
        uint32_t x[4];
        snnrt_draw(seeds[b], static_cast<uint32_t>(i),
                   static_cast<uint32_t>(firstStep + t), stream,
                   SNNRT_DOMAIN_ENCODER, x);
        out[(t * batch + b) * n + i] =
            snnrt_uniform_f32(x[0]) < p[b * n + i] ? 1.0f : 0.0f;
      }
  return SNNRT_OK;
}

} // namespace

extern "C" {

snnrt_status snnrt_encode_bernoulli(const float *intensity, int64_t batch,
                                    int64_t n, const uint64_t *seeds,
                                    const char *stream_name, int64_t first_step,
                                    int64_t steps, float *out) {
  const char *fn = "snnrt_encode_bernoulli";
  if (snnrt_status st = checkCommon(fn, intensity, batch, n, steps, out))
    return st;
  std::vector<float> p(intensity, intensity + batch * n);
  return drawSpikes(fn, p, batch, n, seeds, stream_name, first_step, steps,
                    out);
}

snnrt_status snnrt_encode_poisson(const float *intensity, int64_t batch,
                                  int64_t n, const uint64_t *seeds,
                                  const char *stream_name, float max_rate_hz,
                                  float dt_ms, int64_t first_step,
                                  int64_t steps, float *out) {
  const char *fn = "snnrt_encode_poisson";
  if (snnrt_status st = checkCommon(fn, intensity, batch, n, steps, out))
    return st;
  if (!(max_rate_hz >= 0.0f) || !std::isfinite(max_rate_hz) ||
      !(dt_ms > 0.0f) || !std::isfinite(dt_ms))
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(fn) + ": max rate " + std::to_string(max_rate_hz) +
                    " Hz and dt " + std::to_string(dt_ms) +
                    " ms must be finite, the rate >= 0 and dt > 0");
  // The same arithmetic as the prelude's @poisson: (rate * dt) * 1e-3.
  std::vector<float> p(static_cast<size_t>(batch * n));
  for (int64_t k = 0; k < batch * n; ++k)
    p[k] = (intensity[k] * max_rate_hz) * dt_ms * 1.0e-3f;
  return drawSpikes(fn, p, batch, n, seeds, stream_name, first_step, steps,
                    out);
}

snnrt_status snnrt_encode_latency(const float *intensity, int64_t batch,
                                  int64_t n, float t_max_ms, float threshold,
                                  float dt_ms, int64_t steps, float *out) {
  const char *fn = "snnrt_encode_latency";
  if (snnrt_status st = checkCommon(fn, intensity, batch, n, steps, out))
    return st;
  if (!(t_max_ms >= 0.0f) || !std::isfinite(t_max_ms) || !(dt_ms > 0.0f) ||
      !std::isfinite(dt_ms) || !std::isfinite(threshold))
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(fn) + ": t_max " + std::to_string(t_max_ms) +
                    " ms, dt " + std::to_string(dt_ms) + " ms and threshold " +
                    std::to_string(threshold) +
                    " must be finite, t_max >= 0 and dt > 0");
  for (int64_t k = 0; k < steps * batch * n; ++k)
    out[k] = 0.0f;
  for (int64_t k = 0; k < batch * n; ++k) {
    if (!(intensity[k] > threshold))
      continue;
    // @latency fires in the first step n with (n + 1/2) dt > t_fire.
    float tFire = t_max_ms * (1.0f - intensity[k]);
    int64_t step = static_cast<int64_t>(std::floor(tFire / dt_ms + 0.5f));
    if (step < steps)
      out[step * batch * n + k] = 1.0f;
  }
  return SNNRT_OK;
}

} // extern "C"
