//===- NirExport.h - snn networks as NIR graphs -----------------*- C++ -*-===//
//
// The bytes of a NIR file (HDF5) describing an snn network, for what NIR can
// express; docs/nir.md, Export.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_COMPILER_IMPORT_NIREXPORT_H
#define SNN_COMPILER_IMPORT_NIREXPORT_H

#include "dialects/snn/IR/SNNOps.h"

#include "llvm/Support/Error.h"

#include <string>

namespace mlir::snn {

/// Errors name the op NIR cannot express.
llvm::Expected<std::string> exportNir(NetworkOp network);

} // namespace mlir::snn

#endif // SNN_COMPILER_IMPORT_NIREXPORT_H
