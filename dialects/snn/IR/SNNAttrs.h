//===- SNNAttrs.h - snn attributes ------------------------------*- C++ -*-===//

#ifndef SNN_IR_SNNATTRS_H
#define SNN_IR_SNNATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/SmallVector.h"

#include <array>
#include <optional>
#include <string>

namespace mlir::snn {
/// Parameter parsers and printers shared by the attribute definitions.
FailureOr<llvm::APFloat> parseReal(AsmParser &parser);
void printReal(AsmPrinter &printer, const llvm::APFloat &value);
/// Prints the shortest decimal form that reads back as the same float.
void printRealF32(AsmPrinter &printer, float value);
/// The shortest decimal form of `value`, for messages (`0.02`, `-5.0`).
std::string formatReal(double value);
std::string formatReal(float value);

/// Number of elements of a shape (1 for a scalar).
int64_t numElements(ArrayRef<int64_t> shape);
/// A shape as messages print it: `[32, 28, 28]`.
std::string formatShape(ArrayRef<int64_t> shape);
FailureOr<SmallVector<int64_t>> parseIntList(AsmParser &parser);
void printIntList(AsmPrinter &printer, ArrayRef<int64_t> values);
} // namespace mlir::snn

#include "dialects/snn/IR/SNNInterfaces.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/snn/IR/SNNAttrs.h.inc"

#endif // SNN_IR_SNNATTRS_H
