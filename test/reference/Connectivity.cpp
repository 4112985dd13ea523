//===- Connectivity.cpp - expansion of connectivity kinds -----------------===//
//
// Each output neuron is visited once and gathers its window, skipping
// positions that fall in the zero padding: a padded input is zero, so the
// synapse would carry nothing.
//
//===----------------------------------------------------------------------===//

#include "test/reference/Connectivity.h"

namespace snnref {

namespace {

void require(bool ok, const std::string &message) {
  if (!ok)
    fatal(message);
}

void requireWeights(const char *kind, const std::vector<double> &weights, int64_t expected) {
  require(int64_t(weights.size()) == expected,
          std::string(kind) + ": expected " + std::to_string(expected) + " weights, got " +
              std::to_string(weights.size()));
}

/// Output size of a window sweep, as PyTorch's Conv2d documents it (floor).
int64_t sweepSize(const char *kind, int64_t in, int64_t kernel, int64_t stride,
                  int64_t padding, int64_t dilation) {
  require(in > 0 && kernel > 0 && stride > 0 && padding >= 0 && dilation > 0,
          std::string(kind) + ": sizes, kernel, stride and dilation must be positive, "
                              "padding non-negative");
  int64_t span = in + 2 * padding - dilation * (kernel - 1) - 1;
  require(span >= 0, std::string(kind) + ": the window is larger than the padded input");
  return span / stride + 1;
}

bool inside(int64_t i, int64_t size) { return i >= 0 && i < size; }

int64_t poolStride(int64_t stride, int64_t kernel) { return stride == 0 ? kernel : stride; }

std::vector<Synapse> pool2d(const char *kind, const Pool2d &pool, double weight,
                            int64_t delay) {
  int64_t sh = poolStride(pool.strideH, pool.kh), sw = poolStride(pool.strideW, pool.kw);
  int64_t outH = pool.outH(), outW = pool.outW();
  require(pool.channels > 0, std::string(kind) + ": channels must be positive");
  std::vector<Synapse> synapses;
  for (int64_t c = 0; c < pool.channels; ++c)
    for (int64_t oy = 0; oy < outH; ++oy)
      for (int64_t ox = 0; ox < outW; ++ox)
        for (int64_t ky = 0; ky < pool.kh; ++ky)
          for (int64_t kx = 0; kx < pool.kw; ++kx) {
            int64_t iy = oy * sh - pool.padH + ky, ix = ox * sw - pool.padW + kx;
            if (!inside(iy, pool.inH) || !inside(ix, pool.inW))
              continue;
            synapses.push_back({(c * pool.inH + iy) * pool.inW + ix,
                                (c * outH + oy) * outW + ox, weight, delay});
          }
  return synapses;
}

} // namespace

std::vector<Synapse> denseSynapses(int64_t nSource, int64_t nTarget,
                                   const std::vector<double> &weights, int64_t delay) {
  requireWeights("dense", weights, nSource * nTarget);
  std::vector<Synapse> synapses;
  for (int64_t pre = 0; pre < nSource; ++pre)
    for (int64_t post = 0; post < nTarget; ++post)
      synapses.push_back({pre, post, weights[pre * nTarget + post], delay});
  return synapses;
}

std::vector<Synapse> oneToOneSynapses(int64_t n, const std::vector<double> &weights,
                                      int64_t delay) {
  require(weights.size() == 1 || int64_t(weights.size()) == n,
          "one_to_one: expected 1 or " + std::to_string(n) + " weights");
  std::vector<Synapse> synapses;
  for (int64_t i = 0; i < n; ++i)
    synapses.push_back({i, i, weights.size() == 1 ? weights[0] : weights[i], delay});
  return synapses;
}

std::vector<Synapse> csrSynapses(const std::vector<int64_t> &indptr,
                                 const std::vector<int64_t> &indices,
                                 const std::vector<double> &weights, int64_t delay) {
  require(!indptr.empty() && indptr.front() == 0 &&
              indptr.back() == int64_t(indices.size()),
          "csr: indptr must start at 0 and end at the number of indices");
  requireWeights("csr", weights, int64_t(indices.size()));
  std::vector<Synapse> synapses;
  for (size_t row = 0; row + 1 < indptr.size(); ++row) {
    require(indptr[row] <= indptr[row + 1], "csr: indptr must not decrease");
    for (int64_t k = indptr[row]; k < indptr[row + 1]; ++k)
      synapses.push_back({int64_t(row), indices[k], weights[k], delay});
  }
  return synapses;
}

int64_t Conv2d::outH() const {
  return sweepSize("conv2d", inH, kh, strideH, padH, dilationH);
}
int64_t Conv2d::outW() const {
  return sweepSize("conv2d", inW, kw, strideW, padW, dilationW);
}

std::vector<Synapse> conv2dSynapses(const Conv2d &conv, const std::vector<double> &weights,
                                    int64_t delay) {
  require(conv.groups > 0 && conv.inChannels % conv.groups == 0 &&
              conv.outChannels % conv.groups == 0,
          "conv2d: groups must divide in_channels and out_channels");
  int64_t inPerGroup = conv.inChannels / conv.groups;
  int64_t outPerGroup = conv.outChannels / conv.groups;
  requireWeights("conv2d", weights, conv.outChannels * inPerGroup * conv.kh * conv.kw);
  int64_t outH = conv.outH(), outW = conv.outW();

  std::vector<Synapse> synapses;
  for (int64_t co = 0; co < conv.outChannels; ++co) {
    int64_t firstInput = (co / outPerGroup) * inPerGroup;
    for (int64_t oy = 0; oy < outH; ++oy)
      for (int64_t ox = 0; ox < outW; ++ox) {
        int64_t post = (co * outH + oy) * outW + ox;
        for (int64_t cl = 0; cl < inPerGroup; ++cl)
          for (int64_t ky = 0; ky < conv.kh; ++ky)
            for (int64_t kx = 0; kx < conv.kw; ++kx) {
              int64_t iy = oy * conv.strideH - conv.padH + ky * conv.dilationH;
              int64_t ix = ox * conv.strideW - conv.padW + kx * conv.dilationW;
              if (!inside(iy, conv.inH) || !inside(ix, conv.inW))
                continue;
              int64_t pre = ((firstInput + cl) * conv.inH + iy) * conv.inW + ix;
              double w = weights[((co * inPerGroup + cl) * conv.kh + ky) * conv.kw + kx];
              synapses.push_back({pre, post, w, delay});
            }
      }
  }
  return synapses;
}

int64_t Conv1d::outLength() const {
  return sweepSize("conv1d", length, kernel, stride, padding, dilation);
}

std::vector<Synapse> conv1dSynapses(const Conv1d &conv, const std::vector<double> &weights,
                                    int64_t delay) {
  // A [C, L] population is a [C, 1, L] image, and [C_out, C_in/g, k] weights
  // are [C_out, C_in/g, 1, k] in the same memory order.
  Conv2d as2d;
  as2d.inChannels = conv.inChannels;
  as2d.outChannels = conv.outChannels;
  as2d.inH = 1;
  as2d.inW = conv.length;
  as2d.kh = 1;
  as2d.kw = conv.kernel;
  as2d.strideW = conv.stride;
  as2d.padW = conv.padding;
  as2d.dilationW = conv.dilation;
  as2d.groups = conv.groups;
  return conv2dSynapses(as2d, weights, delay);
}

int64_t Local::outH() const { return sweepSize("local", inH, kh, strideH, padH, 1); }
int64_t Local::outW() const { return sweepSize("local", inW, kw, strideW, padW, 1); }

std::vector<Synapse> localSynapses(const Local &local, const std::vector<double> &weights,
                                   int64_t delay) {
  int64_t outH = local.outH(), outW = local.outW();
  requireWeights("local", weights,
                 local.outChannels * outH * outW * local.inChannels * local.kh * local.kw);
  std::vector<Synapse> synapses;
  for (int64_t co = 0; co < local.outChannels; ++co)
    for (int64_t oy = 0; oy < outH; ++oy)
      for (int64_t ox = 0; ox < outW; ++ox) {
        int64_t post = (co * outH + oy) * outW + ox;
        for (int64_t ci = 0; ci < local.inChannels; ++ci)
          for (int64_t ky = 0; ky < local.kh; ++ky)
            for (int64_t kx = 0; kx < local.kw; ++kx) {
              int64_t iy = oy * local.strideH - local.padH + ky;
              int64_t ix = ox * local.strideW - local.padW + kx;
              if (!inside(iy, local.inH) || !inside(ix, local.inW))
                continue;
              // The kernel of output position (co, oy, ox) is its own
              // [inChannels, kh, kw] block.
              int64_t kernel = post * local.inChannels * local.kh * local.kw;
              double w = weights[kernel + (ci * local.kh + ky) * local.kw + kx];
              synapses.push_back({(ci * local.inH + iy) * local.inW + ix, post, w, delay});
            }
      }
  return synapses;
}

int64_t Pool2d::outH() const {
  return sweepSize("pool2d", inH, kh, poolStride(strideH, kh), padH, 1);
}
int64_t Pool2d::outW() const {
  return sweepSize("pool2d", inW, kw, poolStride(strideW, kw), padW, 1);
}

std::vector<Synapse> sumPool2dSynapses(const Pool2d &pool, int64_t delay) {
  return pool2d("sum_pool2d", pool, 1.0, delay);
}

std::vector<Synapse> avgPool2dSynapses(const Pool2d &pool, int64_t delay) {
  require(pool.kh > 0 && pool.kw > 0, "avg_pool2d: kernel must be positive");
  return pool2d("avg_pool2d", pool, 1.0 / double(pool.kh * pool.kw), delay);
}

std::vector<double> channelBias(const std::vector<double> &perChannel,
                                int64_t positionsPerChannel) {
  std::vector<double> bias;
  for (double value : perChannel)
    bias.insert(bias.end(), size_t(positionsPerChannel), value);
  return bias;
}

} // namespace snnref
