//===- Connectivity.h - every connectivity kind as a list of synapses -----===//
//
// The simulator only knows explicit synapse lists; these helpers expand each
// connectivity kind of the dialect into one. Populations are flattened
// row-major, [C, H, W] for the 2-D kinds and [C, L] for conv1d, as
// docs/dialect-syntax.md states. Every helper gives all synapses one `delay`;
// edit the list for per-synapse delays.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TEST_REFERENCE_CONNECTIVITY_H
#define SNN_TEST_REFERENCE_CONNECTIVITY_H

#include "test/reference/Types.h"

namespace snnref {

/// All to all; `weights` is [nSource, nTarget] row-major (row = pre neuron).
std::vector<Synapse> denseSynapses(int64_t nSource, int64_t nTarget,
                                   const std::vector<double> &weights,
                                   int64_t delay = 1);

/// Neuron i to neuron i; `weights` has one value, or one per neuron.
std::vector<Synapse> oneToOneSynapses(int64_t n, const std::vector<double> &weights,
                                      int64_t delay = 1);

/// Row i (pre neuron i) reaches indices[indptr[i] .. indptr[i+1]); one weight
/// per stored synapse, in the same order.
std::vector<Synapse> csrSynapses(const std::vector<int64_t> &indptr,
                                 const std::vector<int64_t> &indices,
                                 const std::vector<double> &weights,
                                 int64_t delay = 1);

/// 2-D convolution with a shared kernel: source [inChannels, inH, inW],
/// target [outChannels, outH(), outW()], weights
/// [outChannels, inChannels / groups, kh, kw]. Fields default as in the
/// dialect (stride 1, padding 0, dilation 1, groups 1).
struct Conv2d {
  int64_t inChannels = 1, outChannels = 1;
  int64_t inH = 1, inW = 1;
  int64_t kh = 1, kw = 1;
  int64_t strideH = 1, strideW = 1;
  int64_t padH = 0, padW = 0;
  int64_t dilationH = 1, dilationW = 1;
  int64_t groups = 1;
  int64_t outH() const;
  int64_t outW() const;
};
std::vector<Synapse> conv2dSynapses(const Conv2d &conv, const std::vector<double> &weights,
                                    int64_t delay = 1);

/// 1-D convolution: source [inChannels, length], target
/// [outChannels, outLength()], weights [outChannels, inChannels / groups, kernel].
struct Conv1d {
  int64_t inChannels = 1, outChannels = 1;
  int64_t length = 1;
  int64_t kernel = 1;
  int64_t stride = 1, padding = 0, dilation = 1, groups = 1;
  int64_t outLength() const;
};
std::vector<Synapse> conv1dSynapses(const Conv1d &conv, const std::vector<double> &weights,
                                    int64_t delay = 1);

/// Locally connected (conv2d geometry without dilation or groups, untied
/// kernels): weights [outChannels, outH, outW, inChannels, kh, kw].
struct Local {
  int64_t inChannels = 1, outChannels = 1;
  int64_t inH = 1, inW = 1;
  int64_t kh = 1, kw = 1;
  int64_t strideH = 1, strideW = 1;
  int64_t padH = 0, padW = 0;
  int64_t outH() const;
  int64_t outW() const;
};
std::vector<Synapse> localSynapses(const Local &local, const std::vector<double> &weights,
                                   int64_t delay = 1);

/// Pooling window, channel by channel: source [channels, inH, inW], target
/// [channels, outH(), outW()]. A stride of 0 means the kernel size (the
/// dialect's default).
struct Pool2d {
  int64_t channels = 1;
  int64_t inH = 1, inW = 1;
  int64_t kh = 1, kw = 1;
  int64_t strideH = 0, strideW = 0;
  int64_t padH = 0, padW = 0;
  int64_t outH() const;
  int64_t outW() const;
};
/// Every input in the window with weight 1.
std::vector<Synapse> sumPool2dSynapses(const Pool2d &pool, int64_t delay = 1);
/// Weight 1 / (kh * kw) for every window, however much of it lies in the
/// padding: PyTorch's AvgPool2d with count_include_pad=True (its default).
/// Padding positions are zeros, so they add no synapse.
std::vector<Synapse> avgPool2dSynapses(const Pool2d &pool, int64_t delay = 1);

/// A per-output-channel bias (conv1d, conv2d, local) expanded to one value
/// per target neuron: each channel's value repeated `positionsPerChannel`
/// times.
std::vector<double> channelBias(const std::vector<double> &perChannel,
                                int64_t positionsPerChannel);

} // namespace snnref

#endif // SNN_TEST_REFERENCE_CONNECTIVITY_H
