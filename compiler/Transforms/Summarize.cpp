//===- Summarize.cpp - print a summary of each network --------------------===//

#include "compiler/Transforms/Passes.h"
#include "dialects/snn/IR/SNNModels.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ToolOutputFile.h"
#include "mlir/Support/FileUtilities.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNSUMMARIZE
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;
using namespace mlir::snn;

namespace {

/// Synapses a window connectivity applies a kernel tap at, summed over the
/// output positions: taps that fall into the padding do not count.
int64_t windowTaps(int64_t in, int64_t out, int64_t kernel, int64_t stride,
                   int64_t padding, int64_t dilation) {
  int64_t taps = 0;
  for (int64_t o = 0; o < out; ++o)
    for (int64_t k = 0; k < kernel; ++k) {
      int64_t i = o * stride - padding + k * dilation;
      taps += (i >= 0 && i < in);
    }
  return taps;
}

/// Number of synapses (expected value for random connectivity).
double synapseCount(Attribute conn, ArrayRef<int64_t> src,
                    ArrayRef<int64_t> dst) {
  double nSrc = numElements(src), nDst = numElements(dst);
  if (isa<DenseConnectivityAttr>(conn))
    return nSrc * nDst;
  if (isa<OneToOneAttr>(conn))
    return nDst;
  if (auto p = dyn_cast<FixedProbabilityAttr>(conn))
    return p.getP().convertToDouble() * nSrc * nDst;
  if (auto k = dyn_cast<FixedInDegreeAttr>(conn))
    return double(k.getK()) * nDst;
  if (auto csr = dyn_cast<CSRAttr>(conn))
    return csr.getIndices().size();
  if (auto c = dyn_cast<Conv1dAttr>(conn))
    return double(c.getOutChannels()) * (c.getInChannels() / c.getGroups()) *
           windowTaps(src[1], dst[1], c.getKernel(), c.getStride(),
                      c.getPadding(), c.getDilation());
  auto taps2d = [&](ArrayRef<int64_t> kernel, std::array<int64_t, 2> stride,
                    std::array<int64_t, 2> padding,
                    std::array<int64_t, 2> dilation) {
    return double(windowTaps(src[1], dst[1], kernel[0], stride[0], padding[0],
                             dilation[0])) *
           windowTaps(src[2], dst[2], kernel[1], stride[1], padding[1],
                      dilation[1]);
  };
  if (auto c = dyn_cast<Conv2dAttr>(conn))
    return double(c.getOutChannels()) * (c.getInChannels() / c.getGroups()) *
           taps2d(c.getKernel(), c.strideOrDefault(), c.paddingOrDefault(),
                  c.dilationOrDefault());
  if (auto c = dyn_cast<LocalAttr>(conn))
    return double(c.getOutChannels()) * c.getInChannels() *
           taps2d(c.getKernel(), c.strideOrDefault(), c.paddingOrDefault(),
                  {1, 1});
  if (auto c = dyn_cast<SumPool2dAttr>(conn))
    return double(src[0]) * taps2d(c.getKernel(), c.strideOrDefault(),
                                   c.paddingOrDefault(), {1, 1});
  if (auto c = dyn_cast<AvgPool2dAttr>(conn))
    return double(src[0]) * taps2d(c.getKernel(), c.strideOrDefault(),
                                   c.paddingOrDefault(), {1, 1});
  return 0;
}

/// `32x28x28`, as the population table prints shapes.
std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return s;
}

std::string humanBytes(double bytes) {
  const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 4) {
    bytes /= 1024.0;
    ++u;
  }
  return llvm::formatv("{0:f1} {1}", bytes, units[u]).str();
}

struct Summarize : mlir::snn::impl::SNNSummarizeBase<Summarize> {
  using SNNSummarizeBase::SNNSummarizeBase;

  void runOnOperation() override {
    std::string error;
    auto file = openOutputFile(outputFile, &error);
    if (!file) {
      getOperation().emitError() << "snn-summarize: " << error;
      return signalPassFailure();
    }
    llvm::raw_ostream &os = file->os();
    for (NetworkOp net : getOperation().getOps<NetworkOp>())
      summarize(net, os);
    file->keep();
    markAllAnalysesPreserved();
  }

  void summarize(NetworkOp net, llvm::raw_ostream &os) {
    os << "network @" << net.getSymName() << ": dt = "
       << formatReal(net.getDt().convertToFloat()) << " ms, batch "
       << net.getBatch() << "\n";
    int64_t neurons = 0;
    os << "  populations:\n";
    for (auto pop : net.getBodyBlock().getOps<PopulationOp>()) {
      neurons += pop.getNumNeurons();
      os << llvm::formatv("    @{0,-16} {1,10} neurons  {2,-16} model @{3}\n",
                          pop.getSymName(), pop.getNumNeurons(),
                          "[" + shapeStr(pop.getShape()) + "]",
                          pop.getModel());
      if (auto graded = pop.getGradedAttr())
        os << "      graded output \"" << graded.getValue() << "\"\n";
      if (ArrayAttr perEntry = pop.getPerEntryAttr()) {
        os << "      per entry:";
        for (StringRef name : stringList(perEntry))
          os << " " << name;
        os << "\n";
      }
      if (pop.getSharedDraws())
        os << "      random draws shared by the batch (entry 0's)\n";
    }
    double synapses = 0;
    bool anyRandom = false;
    auto projections = net.getBodyBlock().getOps<ProjectionOp>();
    if (!projections.empty())
      os << "  projections:\n";
    for (auto proj : projections) {
      auto src = dyn_cast_or_null<PopulationOp>(
          SymbolTable::lookupSymbolIn(net, proj.getSourceAttr().getAttr()));
      auto dst = dyn_cast_or_null<PopulationOp>(
          SymbolTable::lookupSymbolIn(net, proj.getTargetAttr().getAttr()));
      if (!src || !dst)
        continue; // the verifier has reported it
      Attribute conn = proj.getConnectivity();
      double n = synapseCount(conn, src.getShape(), dst.getShape());
      bool random = isa<FixedProbabilityAttr>(conn);
      anyRandom |= random;
      synapses += n;
      std::string kind;
      llvm::raw_string_ostream ks(kind);
      conn.print(ks);
      os << llvm::formatv("    @{0,-16} @{1} -> @{2}  {3}\n", proj.getSymName(),
                          src.getSymName(), dst.getSymName(), kind);
      os << llvm::formatv("      {0}{1:f0} synapses", random ? "~" : "", n);
      if (ConnectivityAttr(conn).hasWeights()) {
        bool shared = isa<Conv1dAttr, Conv2dAttr>(conn);
        double bytes =
            4.0 *
            (shared ? double(numElements(*ConnectivityAttr(conn).getWeightShape(
                          src.getShape(), dst.getShape())))
                    : n);
        // Per-entry weights: a copy for every batch entry.
        if (proj.getPerEntry())
          bytes *= double(net.getBatch());
        os << ", weights " << humanBytes(bytes)
           << (shared ? " (shared kernel)" : "")
           << (proj.getPerEntry() ? " (one copy per batch entry)" : "");
      }
      if (auto syn = proj.getSynapseAttr())
        os << ", synapse " << syn;
      if (auto rule = proj.getPlasticityAttr())
        os << ", plasticity " << rule;
      os << "\n";
    }
    for (auto mon : net.getBodyBlock().getOps<MonitorOp>())
      os << "  monitor @" << mon.getSymName() << ": " << mon.getVariable()
         << " of @" << mon.getTarget() << " every " << mon.getEvery()
         << " step" << (mon.getEvery() == 1 ? "" : "s") << "\n";
    os << llvm::formatv("  total: {0} neurons, {1}{2:f0} synapses\n", neurons,
                        anyRandom ? "~" : "", synapses);
  }
};

} // namespace
