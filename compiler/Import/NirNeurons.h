//===- NirNeurons.h - NIR's neuron nodes as snn populations -----*- C++ -*-===//

#ifndef SNN_COMPILER_IMPORT_NIRNEURONS_H
#define SNN_COMPILER_IMPORT_NIRNEURONS_H

#include "compiler/Import/NirFile.h"
#include "compiler/Import/NirImport.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <vector>

namespace mlir::snn::nir {

/// The `snn.population` line for node `n` (a neuron node, the graph's
/// Input, a Threshold, or a synthesized "Relay"), whose symbol is `symbol`
/// and whose shape is `shape`. Errors name `file`, the node and the field.
llvm::Expected<std::string> populationLine(const Node &n, llvm::StringRef name,
                                           llvm::StringRef symbol,
                                           llvm::ArrayRef<int64_t> shape,
                                           const NirImportOptions &options,
                                           llvm::StringRef file);

/// The factor each of the `size` target neurons of `n` applies to what
/// arrives: 1, except for a CubaLI(F) (docs/nir.md, CubaLIF's synapse).
std::vector<double> inputScale(const Node &n, int64_t size, double dtMs,
                               bool euler);

} // namespace mlir::snn::nir

#endif // SNN_COMPILER_IMPORT_NIRNEURONS_H
