//===- NirLinks.cpp - what NIR's links do to a shape ----------------------===//
//
// Shapes through Affine, Linear, Scale, Delay and Flatten, and the
// geometry of convolutions and pooling checked and written as snn
// connectivity (docs/nir.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/NirLinks.h"
#include "compiler/Import/NirText.h"

#include "llvm/Support/FormatVariadic.h"

#include <array>
#include <cmath>

using namespace mlir::snn::nir;
using namespace mlir::snn::nir::text;

/// An integer pair field (a scalar means both), or `fallback`.
static llvm::Expected<std::array<int64_t, 2>>
pairField(const Node &n, llvm::StringRef name, const char *field,
          int64_t fallback, llvm::StringRef file) {
  auto it = n.arrays.find(field);
  if (it == n.arrays.end())
    return std::array<int64_t, 2>{fallback, fallback};
  const Array &a = it->second;
  for (double v : a.data)
    if (!(std::fabs(v) < 1e9) || v != std::floor(v))
      return llvm::createStringError(file + ": node '" + name + "': '" +
                                     field + "' must hold whole numbers");
  if (a.size() == 1)
    return std::array<int64_t, 2>{int64_t(a.data[0]), int64_t(a.data[0])};
  if (a.size() == 2)
    return std::array<int64_t, 2>{int64_t(a.data[0]), int64_t(a.data[1])};
  return llvm::createStringError(file + ": node '" + name + "': '" + field +
                                 "' needs 1 or 2 values");
}

llvm::Expected<std::pair<std::vector<int64_t>, std::string>>
mlir::snn::nir::linkOutput(const Node &n, llvm::StringRef name, bool pass,
                           llvm::ArrayRef<int64_t> in, llvm::StringRef file) {
  auto fail = [&](const llvm::Twine &what) -> llvm::Error {
    return llvm::createStringError(file + ": node '" + name + "': " + what);
  };
  auto weight = [&] { return numbers(n, "weight", name, file); };
  llvm::StringRef type = n.type;
  std::vector<int64_t> inShape(in.begin(), in.end());
  if (type == "Affine" || type == "Linear") {
    auto w = weight();
    if (!w)
      return w.takeError();
    if ((*w)->shape.size() != 2)
      return fail("weight must be [out, in]");
    return std::make_pair(std::vector<int64_t>{(*w)->shape[0]}, std::string());
  }
  if (type == "Scale" || type == "Delay" || pass)
    return std::make_pair(inShape, std::string());
  // Flatten changes no value and no order (populations are row-major):
  // a dense map after it sees the flat size anyway, and a window before
  // the next population keeps the [C, H, W] it needs.
  if (type == "Flatten")
    return std::make_pair(inShape, std::string());
  bool conv = type == "Conv1d" || type == "Conv2d";
  size_t spatial = type == "Conv1d" ? 1 : 2;
  if (in.size() != spatial + 1)
    return fail("NIR " + type + " needs a [C" +
                               (spatial == 1 ? ", L" : ", H, W") +
                               "] input; it gets " + shapeText(inShape));
  auto stride = pairField(n, name, "stride", conv ? 1 : -1, file);
  if (!stride)
    return stride.takeError();
  auto dilation = pairField(n, name, "dilation", 1, file);
  if (!dilation)
    return dilation.takeError();
  // Conv1d's fields are single numbers.
  if (spatial == 1)
    for (const char *field : {"stride", "dilation", "padding"})
      if (auto it = n.arrays.find(field);
          it != n.arrays.end() && it->second.size() != 1)
        return fail(llvm::Twine("NIR Conv1d's '") + field +
                                   "' is one number");
  std::array<int64_t, 2> kernel{1, 1}, padding{0, 0};
  int64_t channels = in[0], outChannels = in[0], groups = 1;
  if (conv) {
    auto w = weight();
    if (!w)
      return w.takeError();
    const Array &W = **w;
    if (W.shape.size() != spatial + 2)
      return fail("weight must be [C_out, C_in / groups, kernel]");
    outChannels = W.shape[0];
    kernel = {W.shape[2], spatial == 2 ? W.shape[3] : 1};
    if (auto g = n.arrays.find("groups"); g != n.arrays.end()) {
      if (g->second.size() != 1 || !(g->second.data[0] >= 1) ||
          g->second.data[0] != std::floor(g->second.data[0]) ||
          g->second.data[0] > double(channels))
        return fail("'groups' must be one whole number from 1 to "
                               "the input channels");
      groups = int64_t(g->second.data[0]);
    }
    if (W.shape[1] * groups != channels)
      return fail("weight takes " + llvm::Twine(W.shape[1] * groups) +
                                 " input channels; its input has " +
                                 llvm::Twine(channels));
  } else {
    auto k = pairField(n, name, "kernel_size", -1, file);
    if (!k)
      return k.takeError();
    kernel = *k;
    if (kernel[0] < 1)
      return fail("needs 'kernel_size'");
    if ((*stride)[0] < 1)
      *stride = kernel;
  }
  if (auto it = n.strings.find("padding"); it != n.strings.end()) {
    if (it->second == "same") {
      for (size_t d = 0; d < spatial; ++d) {
        int64_t total = (*dilation)[d] * (kernel[d] - 1);
        if (total % 2 || (*stride)[d] != 1)
          return fail("padding \"same\" with an even kernel or a "
                                 "stride is asymmetric; snn pads both sides "
                                 "equally");
        padding[d] = total / 2;
      }
    } else if (it->second != "valid") {
      return fail("padding '" + it->second +
                                 "' (NIR has \"same\", \"valid\" or numbers)");
    }
  } else {
    auto p = pairField(n, name, "padding", 0, file);
    if (!p)
      return p.takeError();
    padding = *p;
  }
  for (size_t d = 0; d < spatial; ++d)
    if (kernel[d] < 1 || (*stride)[d] < 1 || (*dilation)[d] < 1 ||
        padding[d] < 0)
      return fail("needs kernel, stride and dilation of at least "
                             "1 and padding of at least 0");
  std::vector<int64_t> out{outChannels};
  for (size_t d = 0; d < spatial; ++d) {
    int64_t size = (in[d + 1] + 2 * padding[d] - (*dilation)[d] * (kernel[d] - 1) -
                    1) / (*stride)[d] + 1;
    if (size < 1)
      return fail("its window does not fit its input " +
                                 shapeText(inShape));
    out.push_back(size);
  }
  auto list = [&](const std::array<int64_t, 2> &v) {
    return spatial == 1 ? std::to_string(v[0])
                        : "[" + std::to_string(v[0]) + ", " +
                              std::to_string(v[1]) + "]";
  };
  std::string attr;
  if (conv)
    attr = llvm::formatv("#snn.{0}<in_channels = {1}, out_channels = {2}, "
                         "kernel = {3}, stride = {4}, padding = {5}, "
                         "dilation = {6}, groups = {7}>",
                         type == "Conv1d" ? "conv1d" : "conv2d", channels,
                         outChannels, list(kernel), list(*stride),
                         list(padding), list(*dilation), groups)
               .str();
  else
    attr = llvm::formatv("#snn.{0}<kernel = {1}, stride = {2}, padding = {3}>",
                         type == "SumPool2d" ? "sum_pool2d" : "avg_pool2d",
                         list(kernel), list(*stride), list(padding))
               .str();
  return std::make_pair(out, attr);
}

