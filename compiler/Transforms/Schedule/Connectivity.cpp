//===- Connectivity.cpp - sparse connectivity drawn at compile time -------===//

#include "compiler/Transforms/Schedule/Connectivity.h"
#include "dialects/snn/IR/SNNAttrs.h"

#include "snnrt/Philox.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::snn;

static SparseRows fromRows(std::vector<std::vector<int32_t>> &rows) {
  SparseRows csr;
  csr.indptr.push_back(0);
  for (auto &row : rows) {
    std::sort(row.begin(), row.end());
    csr.indices.insert(csr.indices.end(), row.begin(), row.end());
    csr.indptr.push_back(static_cast<int32_t>(csr.indices.size()));
  }
  return csr;
}

/// Rows of (target, weight index) pairs, each row sorted by target.
static SparseRows
fromWeightedRows(std::vector<std::vector<std::pair<int32_t, int32_t>>> &rows) {
  SparseRows csr;
  csr.indptr.push_back(0);
  for (auto &row : rows) {
    std::sort(row.begin(), row.end());
    for (auto [target, w] : row) {
      csr.indices.push_back(target);
      csr.weightIndex.push_back(w);
    }
    csr.indptr.push_back(static_cast<int32_t>(csr.indices.size()));
  }
  return csr;
}

namespace {
/// The geometry of a 2-D window connectivity; 1-D windows use h = 1.
struct Window {
  int64_t inC, inH, inW, outC, outH, outW;
  int64_t kh, kw, sh, sw, ph, pw, dh, dw, groups;
};
} // namespace

/// Every (source, target, kernel tap) of a window connectivity; `weight`
/// maps a tap (out channel, in channel within the group, ky, kx, oy, ox) to
/// a weight index. Channel pairing: conv pairs channels within groups;
/// pooling (`sameChannel`) pairs channel c with c only.
template <typename WeightFn>
static SparseRows windowRows(const Window &g, bool sameChannel,
                             WeightFn weight) {
  std::vector<std::vector<std::pair<int32_t, int32_t>>> rows(g.inC * g.inH *
                                                             g.inW);
  int64_t inPerGroup = g.inC / g.groups, outPerGroup = g.outC / g.groups;
  for (int64_t co = 0; co < g.outC; ++co)
    for (int64_t oy = 0; oy < g.outH; ++oy)
      for (int64_t ox = 0; ox < g.outW; ++ox) {
        int64_t target = (co * g.outH + oy) * g.outW + ox;
        int64_t firstIn = sameChannel ? co : (co / outPerGroup) * inPerGroup;
        int64_t numIn = sameChannel ? 1 : inPerGroup;
        for (int64_t c = 0; c < numIn; ++c)
          for (int64_t ky = 0; ky < g.kh; ++ky)
            for (int64_t kx = 0; kx < g.kw; ++kx) {
              int64_t y = oy * g.sh - g.ph + ky * g.dh;
              int64_t x = ox * g.sw - g.pw + kx * g.dw;
              if (y < 0 || y >= g.inH || x < 0 || x >= g.inW)
                continue; // a tap on the zero padding
              int64_t ci = firstIn + c;
              int64_t source = (ci * g.inH + y) * g.inW + x;
              rows[source].push_back(
                  {static_cast<int32_t>(target),
                   static_cast<int32_t>(weight(co, c, ci, ky, kx, oy, ox))});
            }
      }
  return fromWeightedRows(rows);
}

std::optional<SparseRows> mlir::snn::realizeSparse(Attribute conn,
                                                   llvm::ArrayRef<int64_t> src,
                                                   llvm::ArrayRef<int64_t> dst,
                                                   uint64_t seed,
                                                   llvm::StringRef projection) {
  int64_t nSrc = numElements(src), nDst = numElements(dst);
  if (auto c = dyn_cast<Conv1dAttr>(conn)) {
    Window g{src[0], 1, src[1], dst[0], 1, dst[1], 1, c.getKernel(), 1,
             c.getStride(), 0, c.getPadding(), 1, c.getDilation(),
             c.getGroups()};
    int64_t inPerGroup = c.getInChannels() / c.getGroups();
    return windowRows(g, false,
                      [&](int64_t co, int64_t c, int64_t, int64_t,
                          int64_t kx, int64_t, int64_t) {
                        return (co * inPerGroup + c) * g.kw + kx;
                      });
  }
  if (auto c = dyn_cast<Conv2dAttr>(conn)) {
    auto [sh, sw] = c.strideOrDefault();
    auto [ph, pw] = c.paddingOrDefault();
    auto [dh, dw] = c.dilationOrDefault();
    Window g{src[0], src[1], src[2], dst[0], dst[1], dst[2], c.getKernel()[0],
             c.getKernel()[1], sh, sw, ph, pw, dh, dw, c.getGroups()};
    int64_t inPerGroup = c.getInChannels() / c.getGroups();
    return windowRows(g, false,
                      [&](int64_t co, int64_t c, int64_t, int64_t ky,
                          int64_t kx, int64_t, int64_t) {
                        return ((co * inPerGroup + c) * g.kh + ky) * g.kw + kx;
                      });
  }
  if (auto c = dyn_cast<LocalAttr>(conn)) {
    auto [sh, sw] = c.strideOrDefault();
    auto [ph, pw] = c.paddingOrDefault();
    Window g{src[0], src[1], src[2], dst[0], dst[1], dst[2], c.getKernel()[0],
             c.getKernel()[1], sh, sw, ph, pw, 1, 1, 1};
    // Untied kernels: [C_out, H_out, W_out, C_in, kh, kw].
    return windowRows(g, false,
                      [&](int64_t co, int64_t, int64_t ci, int64_t ky,
                          int64_t kx, int64_t oy, int64_t ox) {
                        return ((((co * g.outH + oy) * g.outW + ox) * g.inC +
                                 ci) *
                                    g.kh +
                                ky) *
                                   g.kw +
                               kx;
                      });
  }
  auto pool = [&](ArrayRef<int64_t> kernel, std::array<int64_t, 2> stride,
                  std::array<int64_t, 2> padding) {
    Window g{src[0], src[1], src[2], dst[0], dst[1], dst[2], kernel[0],
             kernel[1], stride[0], stride[1], padding[0], padding[1], 1, 1, 1};
    return windowRows(g, true, [](int64_t, int64_t, int64_t, int64_t, int64_t,
                                  int64_t, int64_t) { return 0; });
  };
  if (auto c = dyn_cast<SumPool2dAttr>(conn))
    return pool(c.getKernel(), c.strideOrDefault(), c.paddingOrDefault());
  if (auto c = dyn_cast<AvgPool2dAttr>(conn))
    return pool(c.getKernel(), c.strideOrDefault(), c.paddingOrDefault());
  std::string name = (projection + "/connect").str();
  uint32_t stream = snnrt_fnv1a32_n(name.data(), name.size());
  if (auto p = dyn_cast<FixedProbabilityAttr>(conn)) {
    // Row i, target j: word j % 4 of draw j / 4 decides the pair.
    float prob = static_cast<float>(p.getP().convertToDouble());
    std::vector<std::vector<int32_t>> rows(nSrc);
    for (int64_t i = 0; i < nSrc; ++i) {
      uint32_t words[4];
      for (int64_t j = 0; j < nDst; ++j) {
        if (j % 4 == 0)
          snnrt_draw(seed, static_cast<uint32_t>(i), static_cast<uint32_t>(j / 4),
                     stream, SNNRT_DOMAIN_CONNECT, words);
        if (snnrt_uniform_f32(words[j % 4]) < prob)
          rows[i].push_back(static_cast<int32_t>(j));
      }
    }
    return fromRows(rows);
  }
  if (auto k = dyn_cast<FixedInDegreeAttr>(conn)) {
    // Target j picks k distinct sources with Floyd's algorithm; draw d
    // chooses among the first nSrc - k + d + 1 sources.
    std::vector<std::vector<int32_t>> rows(nSrc);
    int64_t degree = k.getK();
    std::vector<char> chosen(nSrc);
    std::vector<int32_t> picked;
    for (int64_t j = 0; j < nDst; ++j) {
      picked.clear();
      for (int64_t d = 0; d < degree; ++d) {
        int64_t r = nSrc - degree + d;
        uint32_t words[4];
        snnrt_draw(seed, static_cast<uint32_t>(j), static_cast<uint32_t>(d),
                   stream, SNNRT_DOMAIN_CONNECT, words);
        int64_t t = snnrt_uniform_int(words[0], 0, r);
        int64_t pick = chosen[t] ? r : t;
        chosen[pick] = 1;
        picked.push_back(static_cast<int32_t>(pick));
      }
      for (int32_t i : picked) {
        chosen[i] = 0;
        rows[i].push_back(static_cast<int32_t>(j));
      }
    }
    return fromRows(rows);
  }
  if (auto csr = dyn_cast<CSRAttr>(conn)) {
    // As written: the verifier checked it; rows keep their given order,
    // since weight and delay data follow it.
    SparseRows rows;
    for (int64_t v : csr.getIndptr())
      rows.indptr.push_back(static_cast<int32_t>(v));
    for (int64_t v : csr.getIndices())
      rows.indices.push_back(static_cast<int32_t>(v));
    return rows;
  }
  return std::nullopt;
}

std::vector<int32_t> mlir::snn::drawDelays(size_t n, int64_t lo, int64_t hi,
                                           uint64_t seed,
                                           llvm::StringRef stream) {
  uint32_t id = snnrt_fnv1a32_n(stream.data(), stream.size());
  std::vector<int32_t> out(n);
  for (size_t k = 0; k < n; ++k) {
    uint32_t words[4];
    snnrt_draw(seed, static_cast<uint32_t>(k), 0, id, SNNRT_DOMAIN_CONNECT,
               words);
    out[k] = static_cast<int32_t>(snnrt_uniform_int(words[0], lo, hi));
  }
  return out;
}
