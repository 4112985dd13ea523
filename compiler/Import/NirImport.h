//===- NirImport.h - NIR graphs as snn networks -----------------*- C++ -*-===//
//
// Turns a NIR graph (NirFile.h) into an `snn.network`: neuron nodes and the
// graph's inputs become populations, the nodes between them (Affine,
// Linear, Scale, Conv1d, Conv2d, SumPool2d, AvgPool2d, Flatten, Delay)
// projections, the graph's outputs monitors. NIR is continuous-time in
// seconds; `dtMs` is the step the network runs at. docs/nir.md states the
// mapping and the conversion of every parameter.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_COMPILER_IMPORT_NIRIMPORT_H
#define SNN_COMPILER_IMPORT_NIRIMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace mlir::snn {

/// A timestep with its unit, "0.1ms" or "1e-4s", in ms; an error (naming
/// the text) when the unit is missing or the value is not positive.
llvm::Expected<double> parseTimestep(llvm::StringRef text);

struct NirImportOptions {
  double dtMs = 0; ///< the step the network runs at
  /// Discretise LI(F) and CubaLI(F) as forward Euler does
  /// (x' = (1 - dt/tau) x + ...), the form snnTorch's and Norse's exports
  /// assume, instead of exactly (docs/nir.md).
  bool euler = false;
};

/// Parses `--discretize`'s value: "exact" or "euler".
llvm::Expected<bool> parseDiscretization(llvm::StringRef text);

/// The network a NIR file (its bytes; `name` for errors) describes, as
/// snn dialect text, with the network called `network`.
llvm::Expected<std::string> nirToSnnText(llvm::StringRef bytes,
                                         llvm::StringRef name,
                                         const NirImportOptions &options,
                                         llvm::StringRef network = "net");

/// The same, parsed and verified into a module (errors as diagnostics).
OwningOpRef<ModuleOp> importNir(llvm::StringRef bytes, llvm::StringRef name,
                                const NirImportOptions &options,
                                MLIRContext *context);

} // namespace mlir::snn

#endif // SNN_COMPILER_IMPORT_NIRIMPORT_H
