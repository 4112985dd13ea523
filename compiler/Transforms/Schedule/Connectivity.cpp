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

std::optional<SparseRows> mlir::snn::realizeSparse(Attribute conn,
                                                   int64_t nSrc, int64_t nDst,
                                                   uint64_t seed,
                                                   llvm::StringRef projection) {
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
