//===- SNNModels.h - finding models and the names they declare --*- C++ -*-===//
//
// Networks refer to models by symbol. A model is found in the module that
// holds the network, and otherwise in the built-in prelude; the module's own
// definition wins. These helpers are shared by the verifier, the prelude
// expansion and the lowering.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_IR_SNNMODELS_H
#define SNN_IR_SNNMODELS_H

#include "dialects/snn/IR/SNNOps.h"

#include "llvm/ADT/StringRef.h"

namespace mlir::snn {

/// The model `ref` names, seen from `network`: the enclosing module's symbol
/// if there is one, else the prelude's. Null when neither defines it.
Operation *lookupModel(NetworkOp network, FlatSymbolRefAttr ref);

/// Whether `model` comes from the prelude rather than the user's module.
bool isPreludeModel(Operation *model);

/// "neuron_model", "synapse_model" or "plasticity_model".
StringRef modelKind(Operation *model);

/// Keys of a possibly absent dictionary / entries of a string array.
SmallVector<StringRef> dictKeys(DictionaryAttr dict);
SmallVector<StringRef> stringList(ArrayAttr array);

/// Whether a parameter name denotes a time constant (and so must be > 0).
inline bool isTimeConstant(StringRef name) { return name.starts_with("tau"); }

} // namespace mlir::snn

#endif // SNN_IR_SNNMODELS_H
