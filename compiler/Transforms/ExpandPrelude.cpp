//===- ExpandPrelude.cpp - copy used prelude models into the module -------===//

#include "compiler/Transforms/Passes.h"
#include "dialects/snn/IR/SNNModels.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNEXPANDPRELUDE
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;
using namespace mlir::snn;

namespace {
struct ExpandPrelude : mlir::snn::impl::SNNExpandPreludeBase<ExpandPrelude> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    // Models referenced by any network and found only in the prelude, in
    // the order networks first use them (keeps the output stable).
    llvm::SetVector<Operation *> needed;
    module.walk([&](NetworkOp network) {
      auto want = [&](FlatSymbolRefAttr ref) {
        if (!ref || symbols.lookup(ref.getValue()))
          return;
        if (Operation *model = lookupModel(network, ref))
          if (isPreludeModel(model))
            needed.insert(model);
      };
      for (Operation &part : network.getBodyBlock()) {
        if (auto pop = dyn_cast<PopulationOp>(part)) {
          want(pop.getModelAttr());
        } else if (auto proj = dyn_cast<ProjectionOp>(part)) {
          want(proj.getSynapseAttr());
          want(proj.getPlasticityAttr());
        }
      }
    });
    // Models go before the first network, in the order they were needed.
    OpBuilder builder(module.getContext());
    Operation *firstNetwork = nullptr;
    for (Operation &op : module.getBody()->getOperations())
      if (isa<NetworkOp>(op)) {
        firstNetwork = &op;
        break;
      }
    if (firstNetwork)
      builder.setInsertionPoint(firstNetwork);
    else
      builder.setInsertionPointToEnd(module.getBody());
    for (Operation *model : needed)
      symbols.insert(builder.clone(*model), builder.getInsertionPoint());
  }
};
} // namespace
