//===- SNNDialect.cpp - the snn dialect -----------------------------------===//

#include "dialects/snn/IR/SNNDialect.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Verifier.h"
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
    // The first lookup can come from the verifier running on several
    // threads (a module with two networks): verifying the whole prelude
    // here would wait on the same thread pool from inside call_once, which
    // deadlocks. So it is parsed without the verifier, and each model is
    // verified on its own (sequentially: models hold no isolated ops).
    ParserConfig config(getContext(), /*verifyAfterParse=*/false);
    prelude = parseSourceString<ModuleOp>(kPreludeSource, config,
                                          "snn-prelude.mlir");
    bool ok = static_cast<bool>(prelude);
    if (ok)
      for (Operation &model : prelude->getBody()->getOperations())
        ok &= succeeded(mlir::verify(&model));
    // The prelude is part of the binary and tested; failing to parse it is
    // a build defect, not a user error.
    if (!ok)
      llvm::report_fatal_error("the built-in snn prelude does not parse");
  });
  return *prelude;
}
