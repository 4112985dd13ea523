//===- snn-opt.cpp - the snn optimizer driver -----------------------------===//
//
// mlir-opt with the snn dialect, its passes, and the upstream dialects and
// passes its pipelines use.
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/snn/IR/SNNDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::snn::SNNDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::math::MathDialect,
                  mlir::scf::SCFDialect, mlir::linalg::LinalgDialect,
                  mlir::memref::MemRefDialect, mlir::LLVM::LLVMDialect>();
  mlir::snn::registerPipelineDialects(registry);
  mlir::snn::registerCUDATarget(registry);
  mlir::registerTransformsPasses();
  mlir::snn::registerSNNPasses();
  mlir::snn::registerSNNPipelines();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "snn-opt: the snn dialect and its passes\n", registry));
}
