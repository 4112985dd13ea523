//===- SNNOps.h - snn operations --------------------------------*- C++ -*-===//

#ifndef SNN_IR_SNNOPS_H
#define SNN_IR_SNNOPS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/snn/IR/SNNAttrs.h"
#include "dialects/snn/IR/SNNDialect.h"

namespace mlir::snn::OpTrait {
/// Ops that read or write a model's named values make sense only inside a
/// neuron, synapse or plasticity model.
LogicalResult verifyInModel(Operation *op);

template <typename ConcreteType>
class InModel : public mlir::OpTrait::TraitBase<ConcreteType, InModel> {
public:
  static LogicalResult verifyTrait(Operation *op) { return verifyInModel(op); }
};
} // namespace mlir::snn::OpTrait

namespace mlir::snn {
/// The surrogate derivatives a spike may stand for in training
/// (`snn.train surrogate`, `snn.get_post_surrogate`).
inline bool isSurrogateName(llvm::StringRef name) {
  return name == "fast_sigmoid" || name == "superspike" || name == "arctan" ||
         name == "triangle";
}
inline constexpr const char *kSurrogateNames =
    "fast_sigmoid, superspike, arctan, triangle";
} // namespace mlir::snn

#define GET_OP_CLASSES
#include "dialects/snn/IR/SNNOps.h.inc"

#endif // SNN_IR_SNNOPS_H
