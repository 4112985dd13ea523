//===- TrainOptions.h - snn-compile's --train-* options ---------*- C++ -*-===//
//
// Options that override a network's `snn.train` declaration
// (docs/training.md) without editing the file: --train-steps,
// --train-loss, --train-optimizer, --train-lr, ... Declared in
// TrainOptions.cpp, in their own --help category.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TOOLS_SNNCOMPILE_TRAINOPTIONS_H
#define SNN_TOOLS_SNNCOMPILE_TRAINOPTIONS_H

#include "dialects/snn/IR/SNNOps.h"

#include <string>

namespace llvm::cl {
class OptionCategory;
} // namespace llvm::cl

namespace snncompile {

/// The --help group of the --train-* options.
llvm::cl::OptionCategory &trainOptionCategory();

/// Applies the --train-* options given on the command line to the network's
/// `snn.train`, then verifies it. Fails with a message (in `error`) when an
/// option is given but the network declares no training, or when the
/// result is not a valid declaration (the verifier's message).
mlir::LogicalResult applyTrainOptions(mlir::snn::NetworkOp net,
                                      std::string &error);

} // namespace snncompile

#endif // SNN_TOOLS_SNNCOMPILE_TRAINOPTIONS_H
