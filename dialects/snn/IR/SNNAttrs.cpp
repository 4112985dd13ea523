//===- SNNAttrs.cpp - snn attributes --------------------------------------===//
//
// Initializer and connectivity attributes. Connectivity kinds check that they
// fit the populations they join; the projection's verifier prefixes their
// messages with its own name.
//
//===----------------------------------------------------------------------===//

#include "dialects/snn/IR/SNNAttrs.h"
#include "dialects/snn/IR/SNNDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"

#include <charconv>
#include <cmath>
#include <string>

using namespace mlir;
using namespace mlir::snn;

#include "dialects/snn/IR/SNNInterfaces.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/snn/IR/SNNAttrs.cpp.inc"

void SNNDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/snn/IR/SNNAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Parameter parsing and printing
//===----------------------------------------------------------------------===//

FailureOr<llvm::APFloat> mlir::snn::parseReal(AsmParser &parser) {
  double value;
  if (parser.parseFloat(value))
    return failure();
  return llvm::APFloat(value);
}

/// Shortest decimal form that parses back to the same value, always with a
/// decimal point, which MLIR's lexer needs to read a real (`20.0`, `0.1`,
/// `1.0e-05`, `3.0e+38`).
template <typename T>
static std::string shortest(T value) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), value);
  std::string text(buf, res.ptr);
  if (std::isfinite(value) && text.find('.') == std::string::npos) {
    size_t e = text.find('e');
    text.insert(e == std::string::npos ? text.size() : e, ".0");
  }
  return text;
}

template <typename T>
static void printShortest(AsmPrinter &printer, T value) {
  if (!std::isfinite(value)) {
    // The parser reads neither `inf` nor `nan` as a literal; the hexadecimal
    // form of the bits of a double does.
    printer.printFloat(llvm::APFloat(static_cast<double>(value)));
    return;
  }
  printer.getStream() << shortest(value);
}

std::string mlir::snn::formatReal(double value) { return shortest(value); }
std::string mlir::snn::formatReal(float value) { return shortest(value); }

void mlir::snn::printReal(AsmPrinter &printer, const llvm::APFloat &value) {
  printShortest(printer, value.convertToDouble());
}

void mlir::snn::printRealF32(AsmPrinter &printer, float value) {
  printShortest(printer, value);
}

FailureOr<SmallVector<int64_t>> mlir::snn::parseIntList(AsmParser &parser) {
  SmallVector<int64_t> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        int64_t v;
        if (parser.parseInteger(v))
          return failure();
        values.push_back(v);
        return success();
      }))
    return failure();
  return values;
}

void mlir::snn::printIntList(AsmPrinter &printer, ArrayRef<int64_t> values) {
  printer << '[';
  llvm::interleaveComma(values, printer);
  printer << ']';
}

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

int64_t mlir::snn::numElements(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string mlir::snn::formatShape(ArrayRef<int64_t> shape) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(shape, os);
  os << "]";
  return s;
}

/// Output size of a strided, padded, dilated window along one axis, or a
/// value < 1 when the window does not fit.
static int64_t windowOutput(int64_t in, int64_t kernel, int64_t stride,
                            int64_t padding, int64_t dilation) {
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t room = in + 2 * padding - span;
  if (room < 0)
    return 0;
  return room / stride + 1;
}

static std::array<int64_t, 2> pairOr(ArrayRef<int64_t> v,
                                     std::array<int64_t, 2> dflt) {
  if (v.size() == 2)
    return {v[0], v[1]};
  return dflt;
}

/// Checks a list parameter that must hold two entries (or be absent when it
/// has a default), each at least `min`.
/// Window parameters beyond this are certainly mistakes, and bounding them
/// keeps the shape arithmetic far from overflow.
constexpr int64_t kMaxWindowParam = int64_t(1) << 31;

static LogicalResult checkPair(ArrayRef<int64_t> v, StringRef name,
                               bool optional, int64_t min,
                               function_ref<InFlightDiagnostic()> emitError) {
  if (v.empty() && optional)
    return success();
  if (v.size() != 2)
    return emitError() << name << " must have two entries [h, w], got "
                       << v.size();
  if (v[0] < min || v[1] < min)
    return emitError() << name << " entries must be at least " << min
                       << ", got " << formatShape(v);
  if (v[0] > kMaxWindowParam || v[1] > kMaxWindowParam)
    return emitError() << name << " entries must be at most "
                       << kMaxWindowParam << ", got " << formatShape(v);
  return success();
}

/// Shared check of 2-D window geometry (conv2d, local, pooling): source and
/// target are [C, H, W] and the target's spatial size is what the window
/// gives.
static LogicalResult
checkWindow2d(StringRef kind, ArrayRef<int64_t> src, ArrayRef<int64_t> dst,
              int64_t inCh, int64_t outCh, ArrayRef<int64_t> kernel,
              std::array<int64_t, 2> stride, std::array<int64_t, 2> padding,
              std::array<int64_t, 2> dilation,
              function_ref<InFlightDiagnostic()> emitError) {
  if (src.size() != 3 || dst.size() != 3)
    return emitError() << kind << " joins populations of shape [C, H, W]; got "
                       << formatShape(src) << " -> " << formatShape(dst);
  if (src[0] != inCh)
    return emitError() << kind << " expects " << inCh
                       << " input channels, the source has " << src[0];
  if (dst[0] != outCh)
    return emitError() << kind << " produces " << outCh
                       << " output channels, the target has " << dst[0];
  int64_t h = windowOutput(src[1], kernel[0], stride[0], padding[0], dilation[0]);
  int64_t w = windowOutput(src[2], kernel[1], stride[1], padding[1], dilation[1]);
  if (h < 1 || w < 1)
    return emitError() << kind << " window " << formatShape(kernel)
                       << " does not fit the source " << formatShape(src);
  if (dst[1] != h || dst[2] != w)
    return emitError() << kind << " output shape is "
                       << formatShape({outCh, h, w}) << ", the target has "
                       << formatShape(dst);
  return success();
}

//===----------------------------------------------------------------------===//
// Connectivity kinds
//===----------------------------------------------------------------------===//

LogicalResult
DenseConnectivityAttr::verifyFit(ArrayRef<int64_t>, ArrayRef<int64_t>,
                                 function_ref<InFlightDiagnostic()>) const {
  return success();
}
std::optional<SmallVector<int64_t>>
DenseConnectivityAttr::getWeightShape(ArrayRef<int64_t> src,
                                      ArrayRef<int64_t> dst) const {
  return SmallVector<int64_t>{numElements(src), numElements(dst)};
}

LogicalResult
OneToOneAttr::verifyFit(ArrayRef<int64_t> src, ArrayRef<int64_t> dst,
                        function_ref<InFlightDiagnostic()> emitError) const {
  if (numElements(src) != numElements(dst))
    return emitError() << "one_to_one needs populations of the same size; got "
                       << numElements(src) << " -> " << numElements(dst);
  return success();
}
std::optional<SmallVector<int64_t>>
OneToOneAttr::getWeightShape(ArrayRef<int64_t>, ArrayRef<int64_t> dst) const {
  return SmallVector<int64_t>{numElements(dst)};
}

LogicalResult FixedProbabilityAttr::verifyFit(
    ArrayRef<int64_t>, ArrayRef<int64_t>,
    function_ref<InFlightDiagnostic()> emitError) const {
  double p = getP().convertToDouble();
  if (!(p >= 0.0 && p <= 1.0))
    return emitError() << "fixed_probability p = " << formatReal(p)
                       << " is outside [0, 1]";
  return success();
}
std::optional<SmallVector<int64_t>>
FixedProbabilityAttr::getWeightShape(ArrayRef<int64_t>,
                                     ArrayRef<int64_t>) const {
  return std::nullopt;
}

LogicalResult
FixedInDegreeAttr::verifyFit(ArrayRef<int64_t> src, ArrayRef<int64_t>,
                             function_ref<InFlightDiagnostic()> emitError) const {
  if (getK() < 1)
    return emitError() << "fixed_in_degree k = " << getK()
                       << " must be at least 1";
  if (getK() > numElements(src))
    return emitError() << "fixed_in_degree k = " << getK()
                       << " exceeds the source size " << numElements(src);
  return success();
}
std::optional<SmallVector<int64_t>>
FixedInDegreeAttr::getWeightShape(ArrayRef<int64_t>,
                                  ArrayRef<int64_t> dst) const {
  return SmallVector<int64_t>{numElements(dst), getK()};
}

LogicalResult
CSRAttr::verifyFit(ArrayRef<int64_t> src, ArrayRef<int64_t> dst,
                   function_ref<InFlightDiagnostic()> emitError) const {
  ArrayRef<int64_t> ptr = getIndptr(), idx = getIndices();
  int64_t rows = numElements(src), cols = numElements(dst);
  if (static_cast<int64_t>(ptr.size()) != rows + 1)
    return emitError() << "csr indptr has " << ptr.size()
                       << " entries; the source has " << rows
                       << " neurons, so it needs " << rows + 1;
  if (ptr.front() != 0)
    return emitError() << "csr indptr must start at 0";
  for (size_t i = 1; i < ptr.size(); ++i)
    if (ptr[i] < ptr[i - 1])
      return emitError() << "csr indptr decreases at row " << i - 1;
  if (ptr.back() != static_cast<int64_t>(idx.size()))
    return emitError() << "csr indptr ends at " << ptr.back() << " but there are "
                       << idx.size() << " indices";
  for (size_t i = 0; i < idx.size(); ++i)
    if (idx[i] < 0 || idx[i] >= cols)
      return emitError() << "csr index " << idx[i] << " (entry " << i
                         << ") is outside the target's " << cols << " neurons";
  return success();
}
std::optional<SmallVector<int64_t>>
CSRAttr::getWeightShape(ArrayRef<int64_t>, ArrayRef<int64_t>) const {
  return SmallVector<int64_t>{static_cast<int64_t>(getIndices().size())};
}

LogicalResult
Conv1dAttr::verifyFit(ArrayRef<int64_t> src, ArrayRef<int64_t> dst,
                      function_ref<InFlightDiagnostic()> emitError) const {
  if (getInChannels() < 1 || getOutChannels() < 1 || getKernel() < 1 ||
      getStride() < 1 || getDilation() < 1 || getGroups() < 1 ||
      getPadding() < 0)
    return emitError() << "conv1d channels, kernel, stride, dilation and "
                          "groups must be positive and padding non-negative";
  for (int64_t v : {getInChannels(), getOutChannels(), getKernel(),
                    getStride(), getDilation(), getGroups(), getPadding()})
    if (v > kMaxWindowParam)
      return emitError() << "conv1d parameters must be at most "
                         << kMaxWindowParam << ", got " << v;
  if (getInChannels() % getGroups() || getOutChannels() % getGroups())
    return emitError() << "conv1d groups = " << getGroups()
                       << " must divide in_channels and out_channels";
  if (src.size() != 2 || dst.size() != 2)
    return emitError() << "conv1d joins populations of shape [C, L]; got "
                       << formatShape(src) << " -> " << formatShape(dst);
  if (src[0] != getInChannels())
    return emitError() << "conv1d expects " << getInChannels()
                       << " input channels, the source has " << src[0];
  if (dst[0] != getOutChannels())
    return emitError() << "conv1d produces " << getOutChannels()
                       << " output channels, the target has " << dst[0];
  int64_t l = windowOutput(src[1], getKernel(), getStride(), getPadding(),
                           getDilation());
  if (l < 1)
    return emitError() << "conv1d kernel " << getKernel()
                       << " does not fit the source " << formatShape(src);
  if (dst[1] != l)
    return emitError() << "conv1d output shape is "
                       << formatShape({getOutChannels(), l}) << ", the target has "
                       << formatShape(dst);
  return success();
}
std::optional<SmallVector<int64_t>>
Conv1dAttr::getWeightShape(ArrayRef<int64_t>, ArrayRef<int64_t>) const {
  return SmallVector<int64_t>{getOutChannels(), getInChannels() / getGroups(),
                              getKernel()};
}
SmallVector<int64_t> Conv1dAttr::getBiasShape(ArrayRef<int64_t>,
                                              ArrayRef<int64_t>) const {
  return {getOutChannels()};
}

std::array<int64_t, 2> Conv2dAttr::strideOrDefault() const {
  return pairOr(getStride(), {1, 1});
}
std::array<int64_t, 2> Conv2dAttr::paddingOrDefault() const {
  return pairOr(getPadding(), {0, 0});
}
std::array<int64_t, 2> Conv2dAttr::dilationOrDefault() const {
  return pairOr(getDilation(), {1, 1});
}

LogicalResult
Conv2dAttr::verifyFit(ArrayRef<int64_t> src, ArrayRef<int64_t> dst,
                      function_ref<InFlightDiagnostic()> emitError) const {
  if (getInChannels() < 1 || getOutChannels() < 1 || getGroups() < 1)
    return emitError() << "conv2d channels and groups must be positive";
  if (getInChannels() > kMaxWindowParam || getOutChannels() > kMaxWindowParam)
    return emitError() << "conv2d channels must be at most " << kMaxWindowParam;
  if (getInChannels() % getGroups() || getOutChannels() % getGroups())
    return emitError() << "conv2d groups = " << getGroups()
                       << " must divide in_channels and out_channels";
  if (failed(checkPair(getKernel(), "conv2d kernel", false, 1, emitError)) ||
      failed(checkPair(getStride(), "conv2d stride", true, 1, emitError)) ||
      failed(checkPair(getPadding(), "conv2d padding", true, 0, emitError)) ||
      failed(checkPair(getDilation(), "conv2d dilation", true, 1, emitError)))
    return failure();
  return checkWindow2d("conv2d", src, dst, getInChannels(), getOutChannels(),
                       getKernel(), strideOrDefault(), paddingOrDefault(),
                       dilationOrDefault(), emitError);
}
std::optional<SmallVector<int64_t>>
Conv2dAttr::getWeightShape(ArrayRef<int64_t>, ArrayRef<int64_t>) const {
  return SmallVector<int64_t>{getOutChannels(), getInChannels() / getGroups(),
                              getKernel()[0], getKernel()[1]};
}
SmallVector<int64_t> Conv2dAttr::getBiasShape(ArrayRef<int64_t>,
                                              ArrayRef<int64_t>) const {
  return {getOutChannels()};
}

std::array<int64_t, 2> LocalAttr::strideOrDefault() const {
  return pairOr(getStride(), {1, 1});
}
std::array<int64_t, 2> LocalAttr::paddingOrDefault() const {
  return pairOr(getPadding(), {0, 0});
}

LogicalResult
LocalAttr::verifyFit(ArrayRef<int64_t> src, ArrayRef<int64_t> dst,
                     function_ref<InFlightDiagnostic()> emitError) const {
  if (getInChannels() < 1 || getOutChannels() < 1)
    return emitError() << "local channels must be positive";
  if (getInChannels() > kMaxWindowParam || getOutChannels() > kMaxWindowParam)
    return emitError() << "local channels must be at most " << kMaxWindowParam;
  if (failed(checkPair(getKernel(), "local kernel", false, 1, emitError)) ||
      failed(checkPair(getStride(), "local stride", true, 1, emitError)) ||
      failed(checkPair(getPadding(), "local padding", true, 0, emitError)))
    return failure();
  return checkWindow2d("local", src, dst, getInChannels(), getOutChannels(),
                       getKernel(), strideOrDefault(), paddingOrDefault(),
                       {1, 1}, emitError);
}
std::optional<SmallVector<int64_t>>
LocalAttr::getWeightShape(ArrayRef<int64_t>, ArrayRef<int64_t> dst) const {
  return SmallVector<int64_t>{dst[0],         dst[1],         dst[2],
                              getInChannels(), getKernel()[0], getKernel()[1]};
}

template <typename PoolAttr>
static LogicalResult verifyPool(PoolAttr attr, StringRef kind,
                                ArrayRef<int64_t> src, ArrayRef<int64_t> dst,
                                function_ref<InFlightDiagnostic()> emitError) {
  if (failed(checkPair(attr.getKernel(), (kind + " kernel").str(), false, 1,
                       emitError)) ||
      failed(checkPair(attr.getStride(), (kind + " stride").str(), true, 1,
                       emitError)) ||
      failed(checkPair(attr.getPadding(), (kind + " padding").str(), true, 0,
                       emitError)))
    return failure();
  int64_t channels = src.empty() ? 0 : src[0];
  return checkWindow2d(kind, src, dst, channels, channels, attr.getKernel(),
                       attr.strideOrDefault(), attr.paddingOrDefault(), {1, 1},
                       emitError);
}

#define SNN_DEFINE_POOL(Attr, kind)                                            \
  std::array<int64_t, 2> Attr::strideOrDefault() const {                      \
    return pairOr(getStride(), pairOr(getKernel(), {1, 1}));                   \
  }                                                                            \
  std::array<int64_t, 2> Attr::paddingOrDefault() const {                     \
    return pairOr(getPadding(), {0, 0});                                       \
  }                                                                            \
  LogicalResult Attr::verifyFit(ArrayRef<int64_t> src, ArrayRef<int64_t> dst,  \
                                function_ref<InFlightDiagnostic()> emitError)  \
      const {                                                                  \
    return verifyPool(*this, kind, src, dst, emitError);                       \
  }                                                                            \
  std::optional<SmallVector<int64_t>> Attr::getWeightShape(                    \
      ArrayRef<int64_t>, ArrayRef<int64_t>) const {                            \
    return SmallVector<int64_t>{};                                             \
  }                                                                            \
  bool Attr::hasWeights() const { return false; }

SNN_DEFINE_POOL(SumPool2dAttr, "sum_pool2d")
SNN_DEFINE_POOL(AvgPool2dAttr, "avg_pool2d")
#undef SNN_DEFINE_POOL
