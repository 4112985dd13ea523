//===- SNNDialect.h - the snn dialect ---------------------------*- C++ -*-===//

#ifndef SNN_IR_SNNDIALECT_H
#define SNN_IR_SNNDIALECT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OwningOpRef.h"

#include <mutex>

#include "dialects/snn/IR/SNNDialect.h.inc"

#endif // SNN_IR_SNNDIALECT_H
