//===- Pipelines.cpp - snn-to-<target> pipelines --------------------------===//

#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ArithToEmitC/ArithToEmitC.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/ConvertToEmitC/ConvertToEmitCPass.h"
#include "mlir/Conversion/FuncToEmitC/FuncToEmitC.h"
#include "mlir/Conversion/MemRefToEmitC/MemRefToEmitC.h"
#include "mlir/Conversion/SCFToEmitC/SCFToEmitC.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Affine/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#if SNN_ENABLE_CUDA
#include "mlir/Dialect/GPU/Pipelines/Passes.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "llvm/Support/TargetSelect.h"
#endif
#include "mlir/Dialect/Linalg/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/MemRef/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Dialect/Vector/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#ifndef SNN_ENABLE_CUDA
#define SNN_ENABLE_CUDA 0
#endif

using namespace mlir;

void mlir::snn::buildSNNToCPUPipeline(OpPassManager &pm,
                                      const CPUPipelineOptions &options) {
  buildSchedulePipeline(pm, options);
  buildScheduledToLLVMPipeline(pm, options);
}

void mlir::snn::buildSchedulePipeline(OpPassManager &pm,
                                      const CPUPipelineOptions &options) {
  SNNScheduleOptions schedule;
  if (options.threads && !options.fpStrict)
    schedule.batchSlices = options.batchSlices;
  pm.addPass(createSNNSchedule(schedule));
  if (options.hoistTime)
    pm.addPass(createSNNHoistTime());
  pm.addPass(createSNNGenerateAdjoint());
}

void mlir::snn::buildScheduledToLLVMPipeline(
    OpPassManager &pm, const CPUPipelineOptions &options) {
  pm.addPass(createCanonicalizerPass());
  if (options.eventDriven)
    pm.addNestedPass<func::FuncOp>(createSNNEventDriven());
  bool strict = options.fpStrict;
  {
    SNNLowerProductsOptions products;
    products.parallel = options.threads && !strict;
    products.contract = !strict;
    pm.addNestedPass<func::FuncOp>(createSNNLowerProducts(products));
  }
  if (options.fuse)
    pm.addNestedPass<func::FuncOp>(createSNNFuse());
  if (options.hoistParameters)
    pm.addNestedPass<func::FuncOp>(createSNNHoistParameters());
  if (!strict && (options.vectorize || options.threads)) {
    SNNVectorizeOptions vectorize;
    vectorize.parallel = options.threads;
    vectorize.vectors = options.vectorize;
    vectorize.minParallelElements = options.minParallelElements;
    pm.addNestedPass<func::FuncOp>(createSNNVectorize(vectorize));
    if (options.eventDriven && options.vectorize)
      pm.addNestedPass<func::FuncOp>(createSNNFuseEventLists());
  }
  pm.addPass(createCanonicalizerPass());
  bool threads = options.threads && !strict;
  if (threads)
    pm.addNestedPass<func::FuncOp>(createForallToParallelLoopPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  // Math as polynomials (not a libm call per vector lane), scalar code
  // alike so that vectorising a kernel changes no result; fp-strict
  // refuses what has no such form, the default leaves it to libm.
  SNNKernelMathOptions math;
  math.everywhere = true;
  math.libmFallback = !strict;
  pm.addNestedPass<func::FuncOp>(createSNNKernelMath(math));
  pm.addNestedPass<func::FuncOp>(vector::createLowerVectorMaskPass());
  // The parallel tiles become OpenMP worksharing loops (libomp).
  if (threads)
    pm.addPass(createConvertSCFToOpenMPPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Before scf-to-cf: the OpenMP lowering wraps loop bodies in
  // memref.alloca_scope, which must still hold a single block here.
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  if (threads)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::snn::buildKernelsToGPUPipeline(OpPassManager &pm,
                                          const CUDAPipelineOptions &options) {
  // (Before canonicalisation, which folds a batch of one's loop away.)
  pm.addNestedPass<func::FuncOp>(createSNNRowsToParallel());
  pm.addPass(createCanonicalizerPass());
  if (options.fuse)
    pm.addNestedPass<func::FuncOp>(createSNNFuse());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  SNNParallelToGPUOptions grid;
  grid.blockSize = options.blockSize;
  pm.addNestedPass<func::FuncOp>(createSNNParallelToGPU(grid));
  pm.addNestedPass<func::FuncOp>(createSNNKernelMath());
  pm.addPass(createCanonicalizerPass());
}

void mlir::snn::buildSNNToCUDAPipeline(OpPassManager &pm,
                                       const CUDAPipelineOptions &options) {
  CPUPipelineOptions schedule;
  schedule.hoistTime = false;
  buildSchedulePipeline(pm, schedule);
  buildScheduledToCUDAPipeline(pm, options);
}

void mlir::snn::buildScheduledToCUDAPipeline(
    OpPassManager &pm, const CUDAPipelineOptions &options) {
  buildKernelsToGPUPipeline(pm, options);
  if (options.cpuForm) {
    pm.addNestedPass<func::FuncOp>(createSNNGPUToLoops());
    CPUPipelineOptions plain;
    plain.eventDriven = false;
    plain.fuse = false;
    plain.vectorize = false;
    buildScheduledToLLVMPipeline(pm, plain);
    return;
  }
#if SNN_ENABLE_CUDA
  // The kernels' inner loops (a product's sum) as branches first: the NVVM
  // pipeline lowers index types before it would lower them.
  pm.addPass(createSCFToControlFlowPass());
  // The host's vector code (spike monitors pack their bits 64 at a time).
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addNestedPass<func::FuncOp>(createGpuAsyncRegionPass());
  gpu::GPUToNVVMPipelineOptions nvvm;
  nvvm.cubinChip = options.chip;
  // sm_90 needs PTX 8.0; every supported chip accepts it.
  nvvm.cubinFeatures = "+ptx80";
  nvvm.cubinFormat = options.format;
  gpu::buildLowerToNVVMPassPipeline(pm, nvvm);
#endif
}

void mlir::snn::buildSNNToHLSPipeline(OpPassManager &pm,
                                      const HLSPipelineOptions &options) {
  SNNScheduleOptions schedule;
  schedule.stepFunction = true;
  pm.addPass(createSNNSchedule(schedule));
  pm.addPass(createSNNHLSKernels());
  pm.addPass(createCanonicalizerPass());
  if (options.fuse)
    pm.addNestedPass<func::FuncOp>(createSNNFuse());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToAffineLoopsPass());
  pm.addPass(createLowerAffinePass());
  // C arrays do not reshape: loads and stores through collapsed or
  // expanded views, or through a delay ring's slot of this step (a subview
  // at an offset computed from the step, which affine loads could not
  // take), index the buffer itself. (The folded indices are affine
  // expressions, lowered again.)
  pm.addPass(memref::createFoldMemRefAliasOpsPass());
  pm.addPass(createLowerAffinePass());
  // (floordivsi and ceildivsi, from affine maps, have no C operator.)
  pm.addPass(arith::createArithExpandOpsPass());
  pm.addPass(createCanonicalizerPass());
  if (!options.fixedPoint) {
    SNNKernelMathOptions math;
    math.everywhere = true;
    pm.addNestedPass<func::FuncOp>(createSNNKernelMath(math));
  }
  SNNHLSLoopsOptions loops;
  loops.fixedPoint = options.fixedPoint;
  loops.unroll = options.unroll;
  pm.addPass(createSNNHLSLoops(loops));
  pm.addPass(createConvertToEmitC());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

bool mlir::snn::cudaTargetBuilt() { return SNN_ENABLE_CUDA; }

void mlir::snn::registerCUDATarget(DialectRegistry &registry) {
#if SNN_ENABLE_CUDA
  registry.insert<gpu::GPUDialect, NVVM::NVVMDialect>();
  // The dialects' conversions to LLVM and NVVM (the NVVM pipeline lowers
  // kernels through these interfaces), and the NVVM target.
  registerAllExtensions(registry);
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
  // gpu.binary's offloading handler: embeds the PTX in the host code.
  gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(registry);
  LLVMInitializeNVPTXTargetInfo();
  LLVMInitializeNVPTXTarget();
  LLVMInitializeNVPTXTargetMC();
  LLVMInitializeNVPTXAsmPrinter();
#else
  (void)registry;
#endif
}

void mlir::snn::registerPipelineDialects(DialectRegistry &registry) {
  registry.insert<affine::AffineDialect, vector::VectorDialect,
                  omp::OpenMPDialect, emitc::EmitCDialect>();
  // What --convert-to-emitc converts (snn-to-hls).
  registerConvertArithToEmitCInterface(registry);
  registerConvertFuncToEmitCInterface(registry);
  registerConvertMemRefToEmitCInterface(registry);
  registerConvertSCFToEmitCInterface(registry);
  registerOpenMPDialectTranslation(registry);
  linalg::registerTilingInterfaceExternalModels(registry);
  affine::registerValueBoundsOpInterfaceExternalModels(registry);
  arith::registerValueBoundsOpInterfaceExternalModels(registry);
  linalg::registerValueBoundsOpInterfaceExternalModels(registry);
  memref::registerValueBoundsOpInterfaceExternalModels(registry);
  scf::registerValueBoundsOpInterfaceExternalModels(registry);
  vector::registerValueBoundsOpInterfaceExternalModels(registry);
}

void mlir::snn::registerSNNPipelines() {
  PassPipelineRegistration<CPUPipelineOptions>(
      "snn-to-cpu",
      "Lower snn networks to the LLVM dialect for the host CPU (schedule, "
      "loops, LLVM)",
      buildSNNToCPUPipeline);
  PassPipelineRegistration<HLSPipelineOptions>(
      "snn-to-hls",
      "Lower snn networks to HLS-ready C++ through EmitC: init and one step "
      "over static arrays, innermost loops pipelined (print with "
      "mlir-translate --mlir-to-cpp)",
      buildSNNToHLSPipeline);
  if (cudaTargetBuilt())
    PassPipelineRegistration<CUDAPipelineOptions>(
      "snn-to-cuda",
      "Lower snn networks to CUDA: the kernels of every step as grids, NVVM, "
      "PTX (or a cubin through ptxas), host code calling the runtime's "
      "mgpu* layer",
      buildSNNToCUDAPipeline);
}
