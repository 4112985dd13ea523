//===- SNNDialect.cpp - the snn dialect -----------------------------------===//

#include "dialects/snn/IR/SNNDialect.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/ErrorHandling.h"

using namespace mlir;
using namespace mlir::snn;

#include "dialects/snn/IR/SNNDialect.cpp.inc"

namespace {
// The prelude's text, embedded at build time from dialects/snn/prelude.
#include "dialects/snn/prelude/Prelude.inc"
} // namespace

void SNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/snn/IR/SNNOps.cpp.inc"
      >();
  registerAttributes();
}

ModuleOp SNNDialect::getPrelude() {
  std::call_once(preludeOnce, [&] {
    ParserConfig config(getContext());
    prelude = parseSourceString<ModuleOp>(kPreludeSource, config,
                                          "snn-prelude.mlir");
    // The prelude is part of the binary and tested; failing to parse it is
    // a build defect, not a user error.
    if (!prelude)
      llvm::report_fatal_error("the built-in snn prelude does not parse");
  });
  return *prelude;
}
