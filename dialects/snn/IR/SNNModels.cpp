//===- SNNModels.cpp - finding models and their names ---------------------===//

#include "dialects/snn/IR/SNNModels.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::snn;

Operation *mlir::snn::lookupModel(NetworkOp network, FlatSymbolRefAttr ref) {
  if (!ref)
    return nullptr;
  if (Operation *scope = network->getParentOp())
    if (Operation *found = SymbolTable::lookupNearestSymbolFrom(scope, ref))
      return found;
  auto *dialect = network->getContext()->getLoadedDialect<SNNDialect>();
  return SymbolTable::lookupSymbolIn(dialect->getPrelude(), ref.getAttr());
}

bool mlir::snn::isPreludeModel(Operation *model) {
  auto *dialect = model->getContext()->getLoadedDialect<SNNDialect>();
  return model->getParentOp() == dialect->getPrelude().getOperation();
}

StringRef mlir::snn::modelKind(Operation *model) {
  return llvm::TypeSwitch<Operation *, StringRef>(model)
      .Case([](NeuronModelOp) { return "neuron_model"; })
      .Case([](SynapseModelOp) { return "synapse_model"; })
      .Case([](PlasticityModelOp) { return "plasticity_model"; })
      .Default([](Operation *op) { return op->getName().getStringRef(); });
}

SmallVector<StringRef> mlir::snn::dictKeys(DictionaryAttr dict) {
  SmallVector<StringRef> keys;
  if (dict)
    for (NamedAttribute entry : dict)
      keys.push_back(entry.getName().getValue());
  return keys;
}

SmallVector<StringRef> mlir::snn::stringList(ArrayAttr array) {
  SmallVector<StringRef> out;
  if (array)
    for (Attribute a : array)
      if (auto s = dyn_cast<StringAttr>(a))
        out.push_back(s.getValue());
  return out;
}
