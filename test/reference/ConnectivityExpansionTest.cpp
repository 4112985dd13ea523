//===- ConnectivityExpansionTest.cpp - synapse lists vs brute force -------===//
//
// The expansion helpers visit each output and gather its window with bounds
// checks. The tests compute the same layers the other way round: they pad
// the input with explicit zeros and correlate without any bounds check, and
// they find output sizes by sliding the window until it falls off, not by
// the size formula. Comparing the resulting matrices column by column (one
// unit input at a time) checks every weight's place.
//
//===----------------------------------------------------------------------===//

#include "test/reference/ReferenceSim.h"

#include <gtest/gtest.h>

#include <random>

using namespace snnref;

namespace {

using Matrix = std::vector<std::vector<double>>; // [post][pre]

/// The matrix a synapse list stands for (parallel synapses add up).
Matrix toMatrix(const std::vector<Synapse> &synapses, int64_t nPre, int64_t nPost) {
  Matrix m(size_t(nPost), std::vector<double>(size_t(nPre), 0.0));
  for (const Synapse &s : synapses) {
    EXPECT_GE(s.pre, 0);
    EXPECT_LT(s.pre, nPre);
    EXPECT_GE(s.post, 0);
    EXPECT_LT(s.post, nPost);
    EXPECT_EQ(s.delay, 1);
    m[size_t(s.post)][size_t(s.pre)] += s.weight;
  }
  return m;
}

/// An input image [C][H][W] with zeros added around each channel.
struct Padded {
  int64_t c, h, w; // padded sizes
  std::vector<double> data;
  double at(int64_t ch, int64_t y, int64_t x) const { return data[size_t((ch * h + y) * w + x)]; }
};

Padded pad(const std::vector<double> &flat, int64_t c, int64_t h, int64_t w, int64_t ph,
           int64_t pw) {
  Padded p{c, h + 2 * ph, w + 2 * pw, {}};
  p.data.assign(size_t(p.c * p.h * p.w), 0.0);
  for (int64_t ch = 0; ch < c; ++ch)
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x)
        p.data[size_t((ch * p.h + y + ph) * p.w + x + pw)] = flat[size_t((ch * h + y) * w + x)];
  return p;
}

/// How many window positions fit: slide until the window's last tap leaves.
int64_t positions(int64_t paddedSize, int64_t kernel, int64_t stride, int64_t dilation) {
  int64_t count = 0;
  while (count * stride + (kernel - 1) * dilation < paddedSize)
    ++count;
  return count;
}

/// Column j of a layer's matrix: the layer applied to unit input j.
template <typename Layer>
Matrix matrixByColumns(int64_t nPre, int64_t nPost, Layer layer) {
  Matrix m(size_t(nPost), std::vector<double>(size_t(nPre), 0.0));
  for (int64_t j = 0; j < nPre; ++j) {
    std::vector<double> unit(size_t(nPre), 0.0);
    unit[size_t(j)] = 1.0;
    std::vector<double> column = layer(unit);
    EXPECT_EQ(int64_t(column.size()), nPost);
    for (int64_t i = 0; i < nPost && i < int64_t(column.size()); ++i)
      m[size_t(i)][size_t(j)] = column[size_t(i)];
  }
  return m;
}

void expectSameMatrix(const Matrix &got, const Matrix &want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i)
    for (size_t j = 0; j < got[i].size(); ++j)
      EXPECT_NEAR(got[i][j], want[i][j], 1e-12) << "post " << i << ", pre " << j;
}

std::vector<double> randomValues(std::mt19937 &rng, size_t n) {
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<double> v(n);
  for (double &x : v)
    x = dist(rng);
  return v;
}

int64_t pick(std::mt19937 &rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

} // namespace

TEST(ConnectivityExpansion, DenseIsSourceMajor) {
  // [N_source, N_target]: w[i * N_target + j] joins source i to target j.
  std::vector<Synapse> s = denseSynapses(2, 3, {1, 2, 3, 4, 5, 6}, 2);
  ASSERT_EQ(s.size(), 6u);
  Matrix m = toMatrix({}, 2, 3);
  for (const Synapse &syn : s) {
    EXPECT_EQ(syn.delay, 2);
    m[size_t(syn.post)][size_t(syn.pre)] = syn.weight;
  }
  EXPECT_EQ(m[0][0], 1.0);
  EXPECT_EQ(m[2][0], 3.0);
  EXPECT_EQ(m[0][1], 4.0);
  EXPECT_EQ(m[2][1], 6.0);
}

TEST(ConnectivityExpansion, OneToOne) {
  std::vector<Synapse> shared = oneToOneSynapses(3, {0.5});
  ASSERT_EQ(shared.size(), 3u);
  for (int64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(shared[size_t(i)].pre, i);
    EXPECT_EQ(shared[size_t(i)].post, i);
    EXPECT_EQ(shared[size_t(i)].weight, 0.5);
  }
  std::vector<Synapse> own = oneToOneSynapses(3, {1, 2, 3}, 4);
  EXPECT_EQ(own[2].weight, 3.0);
  EXPECT_EQ(own[2].delay, 4);
}

TEST(ConnectivityExpansion, CsrFollowsRows) {
  // The example of the dialect reference: row 0 -> {0, 1}, row 1 -> {1}.
  std::vector<Synapse> s = csrSynapses({0, 2, 3}, {0, 1, 1}, {0.1, 0.2, 0.3});
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].pre, 0);
  EXPECT_EQ(s[0].post, 0);
  EXPECT_EQ(s[0].weight, 0.1);
  EXPECT_EQ(s[1].pre, 0);
  EXPECT_EQ(s[1].post, 1);
  EXPECT_EQ(s[1].weight, 0.2);
  EXPECT_EQ(s[2].pre, 1);
  EXPECT_EQ(s[2].post, 1);
  EXPECT_EQ(s[2].weight, 0.3);
  // An empty row contributes nothing.
  EXPECT_EQ(csrSynapses({0, 0, 1}, {2}, {1.0})[0].pre, 1);
}

TEST(ConnectivityExpansion, OutputSizesByHand) {
  Conv2d same;
  same.inH = same.inW = 28;
  same.kh = same.kw = 5;
  same.padH = same.padW = 2;
  EXPECT_EQ(same.outH(), 28);
  Conv2d strided;
  strided.inH = 7;
  strided.kh = 3;
  strided.strideH = 2;
  strided.padH = 1;
  EXPECT_EQ(strided.outH(), 4); // windows start at -1, 1, 3, 5
  Conv2d dilated;
  dilated.inW = 7;
  dilated.kw = 3;
  dilated.dilationW = 2;
  EXPECT_EQ(dilated.outW(), 3); // taps span 5 columns
  Pool2d pool; // stride defaults to the kernel
  pool.inH = 28;
  pool.inW = 27;
  pool.kh = pool.kw = 2;
  EXPECT_EQ(pool.outH(), 14);
  EXPECT_EQ(pool.outW(), 13);
}

TEST(ConnectivityExpansion, Conv2dMatchesPaddedCorrelation) {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 60; ++trial) {
    Conv2d g;
    g.groups = pick(rng, 1, 3);
    g.inChannels = g.groups * pick(rng, 1, 2);
    g.outChannels = g.groups * pick(rng, 1, 2);
    g.inH = pick(rng, 1, 7);
    g.inW = pick(rng, 1, 7);
    g.kh = pick(rng, 1, 3);
    g.kw = pick(rng, 1, 3);
    g.strideH = pick(rng, 1, 3);
    g.strideW = pick(rng, 1, 3);
    g.padH = pick(rng, 0, 2);
    g.padW = pick(rng, 0, 2);
    g.dilationH = pick(rng, 1, 2);
    g.dilationW = pick(rng, 1, 2);
    int64_t outH = positions(g.inH + 2 * g.padH, g.kh, g.strideH, g.dilationH);
    int64_t outW = positions(g.inW + 2 * g.padW, g.kw, g.strideW, g.dilationW);
    if (outH == 0 || outW == 0)
      continue; // the window does not fit; the dialect refuses such layers
    SCOPED_TRACE("trial " + std::to_string(trial));
    ASSERT_EQ(g.outH(), outH);
    ASSERT_EQ(g.outW(), outW);

    int64_t inPerGroup = g.inChannels / g.groups, outPerGroup = g.outChannels / g.groups;
    std::vector<double> w = randomValues(rng, size_t(g.outChannels * inPerGroup * g.kh * g.kw));
    auto kernel = [&](int64_t co, int64_t cl, int64_t ky, int64_t kx) {
      return w[size_t(((co * inPerGroup + cl) * g.kh + ky) * g.kw + kx)];
    };
    auto layer = [&](const std::vector<double> &x) {
      Padded p = pad(x, g.inChannels, g.inH, g.inW, g.padH, g.padW);
      std::vector<double> y;
      for (int64_t co = 0; co < g.outChannels; ++co)
        for (int64_t oy = 0; oy < outH; ++oy)
          for (int64_t ox = 0; ox < outW; ++ox) {
            double sum = 0.0;
            int64_t group = co / outPerGroup;
            for (int64_t cl = 0; cl < inPerGroup; ++cl)
              for (int64_t ky = 0; ky < g.kh; ++ky)
                for (int64_t kx = 0; kx < g.kw; ++kx)
                  sum += kernel(co, cl, ky, kx) *
                         p.at(group * inPerGroup + cl, oy * g.strideH + ky * g.dilationH,
                              ox * g.strideW + kx * g.dilationW);
            y.push_back(sum);
          }
      return y;
    };
    int64_t nPre = g.inChannels * g.inH * g.inW, nPost = g.outChannels * outH * outW;
    expectSameMatrix(toMatrix(conv2dSynapses(g, w), nPre, nPost),
                     matrixByColumns(nPre, nPost, layer));
  }
}

TEST(ConnectivityExpansion, Conv1dMatchesPaddedCorrelation) {
  std::mt19937 rng(99);
  for (int trial = 0; trial < 40; ++trial) {
    Conv1d g;
    g.groups = pick(rng, 1, 2);
    g.inChannels = g.groups * pick(rng, 1, 3);
    g.outChannels = g.groups * pick(rng, 1, 2);
    g.length = pick(rng, 1, 9);
    g.kernel = pick(rng, 1, 4);
    g.stride = pick(rng, 1, 3);
    g.padding = pick(rng, 0, 2);
    g.dilation = pick(rng, 1, 3);
    int64_t outL = positions(g.length + 2 * g.padding, g.kernel, g.stride, g.dilation);
    if (outL == 0)
      continue;
    SCOPED_TRACE("trial " + std::to_string(trial));
    ASSERT_EQ(g.outLength(), outL);
    int64_t inPerGroup = g.inChannels / g.groups, outPerGroup = g.outChannels / g.groups;
    std::vector<double> w = randomValues(rng, size_t(g.outChannels * inPerGroup * g.kernel));
    auto layer = [&](const std::vector<double> &x) {
      Padded p = pad(x, g.inChannels, 1, g.length, 0, g.padding);
      std::vector<double> y;
      for (int64_t co = 0; co < g.outChannels; ++co)
        for (int64_t o = 0; o < outL; ++o) {
          double sum = 0.0;
          for (int64_t cl = 0; cl < inPerGroup; ++cl)
            for (int64_t k = 0; k < g.kernel; ++k)
              sum += w[size_t((co * inPerGroup + cl) * g.kernel + k)] *
                     p.at((co / outPerGroup) * inPerGroup + cl, 0, o * g.stride + k * g.dilation);
          y.push_back(sum);
        }
      return y;
    };
    int64_t nPre = g.inChannels * g.length, nPost = g.outChannels * outL;
    expectSameMatrix(toMatrix(conv1dSynapses(g, w), nPre, nPost),
                     matrixByColumns(nPre, nPost, layer));
  }
}

TEST(ConnectivityExpansion, LocalMatchesPaddedCorrelation) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    Local g;
    g.inChannels = pick(rng, 1, 3);
    g.outChannels = pick(rng, 1, 3);
    g.inH = pick(rng, 1, 6);
    g.inW = pick(rng, 1, 6);
    g.kh = pick(rng, 1, 3);
    g.kw = pick(rng, 1, 3);
    g.strideH = pick(rng, 1, 2);
    g.strideW = pick(rng, 1, 2);
    g.padH = pick(rng, 0, 1);
    g.padW = pick(rng, 0, 1);
    int64_t outH = positions(g.inH + 2 * g.padH, g.kh, g.strideH, 1);
    int64_t outW = positions(g.inW + 2 * g.padW, g.kw, g.strideW, 1);
    if (outH == 0 || outW == 0)
      continue;
    SCOPED_TRACE("trial " + std::to_string(trial));
    std::vector<double> w =
        randomValues(rng, size_t(g.outChannels * outH * outW * g.inChannels * g.kh * g.kw));
    auto kernel = [&](int64_t co, int64_t oy, int64_t ox, int64_t ci, int64_t ky, int64_t kx) {
      return w[size_t(((((co * outH + oy) * outW + ox) * g.inChannels + ci) * g.kh + ky) * g.kw +
                      kx)];
    };
    auto layer = [&](const std::vector<double> &x) {
      Padded p = pad(x, g.inChannels, g.inH, g.inW, g.padH, g.padW);
      std::vector<double> y;
      for (int64_t co = 0; co < g.outChannels; ++co)
        for (int64_t oy = 0; oy < outH; ++oy)
          for (int64_t ox = 0; ox < outW; ++ox) {
            double sum = 0.0;
            for (int64_t ci = 0; ci < g.inChannels; ++ci)
              for (int64_t ky = 0; ky < g.kh; ++ky)
                for (int64_t kx = 0; kx < g.kw; ++kx)
                  sum += kernel(co, oy, ox, ci, ky, kx) *
                         p.at(ci, oy * g.strideH + ky, ox * g.strideW + kx);
            y.push_back(sum);
          }
      return y;
    };
    int64_t nPre = g.inChannels * g.inH * g.inW, nPost = g.outChannels * outH * outW;
    expectSameMatrix(toMatrix(localSynapses(g, w), nPre, nPost),
                     matrixByColumns(nPre, nPost, layer));
  }
}

TEST(ConnectivityExpansion, PoolingMatchesPaddedWindows) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 40; ++trial) {
    Pool2d g;
    g.channels = pick(rng, 1, 3);
    g.inH = pick(rng, 1, 8);
    g.inW = pick(rng, 1, 8);
    g.kh = pick(rng, 1, 3);
    g.kw = pick(rng, 1, 3);
    g.strideH = pick(rng, 0, 2); // 0: the kernel size
    g.strideW = pick(rng, 0, 2);
    g.padH = pick(rng, 0, g.kh / 2); // PyTorch allows at most half the kernel
    g.padW = pick(rng, 0, g.kw / 2);
    int64_t sh = g.strideH ? g.strideH : g.kh, sw = g.strideW ? g.strideW : g.kw;
    int64_t outH = positions(g.inH + 2 * g.padH, g.kh, sh, 1);
    int64_t outW = positions(g.inW + 2 * g.padW, g.kw, sw, 1);
    if (outH == 0 || outW == 0)
      continue;
    SCOPED_TRACE("trial " + std::to_string(trial));
    auto windowSums = [&](const std::vector<double> &x) {
      Padded p = pad(x, g.channels, g.inH, g.inW, g.padH, g.padW);
      std::vector<double> y;
      for (int64_t c = 0; c < g.channels; ++c)
        for (int64_t oy = 0; oy < outH; ++oy)
          for (int64_t ox = 0; ox < outW; ++ox) {
            double sum = 0.0;
            for (int64_t ky = 0; ky < g.kh; ++ky)
              for (int64_t kx = 0; kx < g.kw; ++kx)
                sum += p.at(c, oy * sh + ky, ox * sw + kx);
            y.push_back(sum);
          }
      return y;
    };
    auto windowMeans = [&](const std::vector<double> &x) {
      std::vector<double> y = windowSums(x);
      for (double &v : y)
        v /= double(g.kh * g.kw); // padding counts (count_include_pad=True)
      return y;
    };
    int64_t nPre = g.channels * g.inH * g.inW, nPost = g.channels * outH * outW;
    expectSameMatrix(toMatrix(sumPool2dSynapses(g), nPre, nPost),
                     matrixByColumns(nPre, nPost, windowSums));
    expectSameMatrix(toMatrix(avgPool2dSynapses(g), nPre, nPost),
                     matrixByColumns(nPre, nPost, windowMeans));
  }
}

TEST(ConnectivityExpansion, AvgPoolCountsPaddingByHand) {
  // A 3x3 image of ones, 2x2 windows, stride 2, padding 1: the windows start
  // at -1 and 1, so the top-left window holds one real pixel and three
  // padding zeros. PyTorch (count_include_pad=True) gives 1/4 there.
  Pool2d g;
  g.inH = g.inW = 3;
  g.kh = g.kw = 2;
  g.padH = g.padW = 1;
  ASSERT_EQ(g.outH(), 2);
  Matrix m = toMatrix(avgPool2dSynapses(g), 9, 4);
  std::vector<double> y(4, 0.0);
  for (size_t i = 0; i < 4; ++i)
    for (double w : m[i])
      y[i] += w;
  EXPECT_DOUBLE_EQ(y[0], 0.25); // pixel (0,0)
  EXPECT_DOUBLE_EQ(y[1], 0.5);  // pixels (0,1), (0,2)
  EXPECT_DOUBLE_EQ(y[2], 0.5);
  EXPECT_DOUBLE_EQ(y[3], 1.0); // pixels (1..2, 1..2)
}

TEST(ConnectivityExpansion, ChannelBiasRepeatsPerPosition) {
  EXPECT_EQ(channelBias({1.0, 2.0}, 3), (std::vector<double>{1, 1, 1, 2, 2, 2}));
}

TEST(ConnectivityExpansion, ConvLayerDeliversThroughTheSimulator) {
  // A spike image at step 0 reaches a conv layer at step 1; every step the
  // layer also receives its channel's bias.
  std::mt19937 rng(5);
  Conv2d g;
  g.inChannels = 2;
  g.outChannels = 3;
  g.inH = 5;
  g.inW = 4;
  g.kh = 3;
  g.kw = 2;
  g.padH = 1;
  int64_t nPre = 2 * 5 * 4, nPost = 3 * g.outH() * g.outW();
  std::vector<double> w = randomValues(rng, size_t(3 * 2 * 3 * 2));
  std::vector<double> image(static_cast<size_t>(nPre));
  for (double &x : image)
    x = pick(rng, 0, 1);
  std::vector<double> channel = {0.1, -0.2, 0.3};

  Network net(1.0);
  std::vector<double> silent(static_cast<size_t>(nPre), 0.0);
  net.population("image", "spike_source", nPre).external("spikes", {image, silent, silent});
  net.population("conv", "li", nPost).graded("v");
  net.projection("c", "image", "conv", conv2dSynapses(g, w))
      .bias(channelBias(channel, g.outH() * g.outW()));
  Recording rec = simulate(net, 3);

  Matrix m = toMatrix(conv2dSynapses(g, w), nPre, nPost);
  const Series &delivered = rec.projection("c").delivered;
  for (int64_t i = 0; i < nPost; ++i) {
    double bias = channel[size_t(i / (g.outH() * g.outW()))];
    double drive = 0.0;
    for (int64_t j = 0; j < nPre; ++j)
      drive += m[size_t(i)][size_t(j)] * image[size_t(j)];
    EXPECT_NEAR(delivered[0][size_t(i)], bias, 1e-12);
    EXPECT_NEAR(delivered[1][size_t(i)], bias + drive, 1e-12);
    EXPECT_NEAR(delivered[2][size_t(i)], bias, 1e-12);
  }
}
