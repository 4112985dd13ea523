//===- Connectivity.h - sparse connectivity drawn at compile time -*- C++ -*-===//
//
// Random connectivity (fixed_probability, fixed_in_degree) is drawn when the
// network is compiled, from the network's `connect_seed` attribute (default
// 0) with the connect domain of docs/random.md. The synapse count is then
// known statically, which event-driven loops, memory planning and the HLS
// target (static shapes) all need. Explicit CSR is taken as written.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TRANSFORMS_SCHEDULE_CONNECTIVITY_H
#define SNN_TRANSFORMS_SCHEDULE_CONNECTIVITY_H

#include "mlir/IR/Attributes.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mlir::snn {

/// Synapses in compressed sparse rows: row i (source neuron i) reaches
/// targets indices[indptr[i] .. indptr[i+1]), in increasing order.
struct SparseRows {
  std::vector<int32_t> indptr, indices;
  /// For window kinds, which weight each stored synapse uses: an index into
  /// the shared kernel (conv), into the untied kernels (local), or 0 for the
  /// single fixed weight of pooling. Empty: synapse k uses weight k.
  std::vector<int32_t> weightIndex;
};

/// The rows of `conn` from a source of shape `src` to a target of shape
/// `dst` (populations flattened row-major), or nullopt when `conn` is dense
/// or one_to_one. `projection` names the stream ("<projection>/connect").
std::optional<SparseRows> realizeSparse(Attribute conn,
                                        llvm::ArrayRef<int64_t> src,
                                        llvm::ArrayRef<int64_t> dst,
                                        uint64_t seed,
                                        llvm::StringRef projection);

/// Per-synapse delays drawn uniformly from [lo, hi] (whole steps) for `n`
/// synapses, on the stream `stream` of the connect domain.
std::vector<int32_t> drawDelays(size_t n, int64_t lo, int64_t hi,
                                uint64_t seed, llvm::StringRef stream);

} // namespace mlir::snn

#endif // SNN_TRANSFORMS_SCHEDULE_CONNECTIVITY_H
