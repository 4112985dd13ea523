//===- Pipelines.h - snn-to-<target> pipelines ------------------*- C++ -*-===//

#ifndef SNN_PIPELINES_PIPELINES_H
#define SNN_PIPELINES_PIPELINES_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::snn {

/// The HLS kernels' neuron loops do this many neurons at once unless told
/// otherwise (snn-to-hls{unroll}, snn-compile and snn-translate
/// --hls-unroll).
inline constexpr int64_t kDefaultHLSUnroll = 4;

/// What `snn-to-cpu` does beyond the plain lowering. Each optimisation can
/// be turned off, which is how bench/ measures what it contributes:
/// `snn-opt --pass-pipeline='builtin.module(snn-to-cpu{fuse=false})'`,
/// `snn-compile --fuse=false`.
struct CPUPipelineOptions : public PassPipelineOptions<CPUPipelineOptions> {
  Option<bool> eventDriven{
      *this, "event-driven",
      llvm::cl::desc("Deliver from compact lists of the sources that fired "
                     "(--snn-event-driven)"),
      llvm::cl::init(true)};
  Option<bool> fuse{
      *this, "fuse",
      llvm::cl::desc("Merge each population's elementwise kernels into one "
                     "loop (--snn-fuse)"),
      llvm::cl::init(true)};
  Option<bool> hoistParameters{
      *this, "hoist-parameters",
      llvm::cl::desc("Compute what kernels derive from parameters alone "
                     "(exp(-dt/tau) of time constant buffers) once per run "
                     "instead of every step (--snn-hoist-parameters)"),
      llvm::cl::init(true)};
  Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Vectorise elementwise kernels in tiles of 16 "
                     "(--snn-vectorize)"),
      llvm::cl::init(true)};
  Option<bool> threads{
      *this, "threads",
      llvm::cl::desc("Run the tiles of large kernels on OpenMP threads "
                     "(libomp)"),
      llvm::cl::init(false)};
  Option<int64_t> batchSlices{
      *this, "batch-slices",
      llvm::cl::desc("With threads and K >= 2: a batched network's run "
                     "gives each thread a slice of the batch entries for "
                     "the whole time loop, one parallel region per call, "
                     "in up to K equal slices (--snn-schedule{batch-slices}"
                     "); 0 parallelises kernels instead"),
      llvm::cl::init(0)};
  Option<bool> hoistTime{
      *this, "hoist-time",
      llvm::cl::desc("Training: compute feed-forward products for all steps "
                     "at once, between one time loop per stage "
                     "(--snn-hoist-time)"),
      llvm::cl::init(true)};
  Option<bool> fpStrict{
      *this, "fp-strict",
      llvm::cl::desc("Compute as the HLS target's C++ does, bit for bit: "
                     "no fused multiply-adds, math functions as "
                     "--snn-kernel-math's arith code, scalar code in the "
                     "plain loops' summation order (turns vectorize and "
                     "threads off)"),
      llvm::cl::init(false)};
  Option<int64_t> minParallelElements{
      *this, "min-parallel-elements",
      llvm::cl::desc("With threads: kernels of fewer elements (batch times "
                     "neurons) stay sequential, because a parallel region "
                     "per step costs more than it saves on them"),
      llvm::cl::init(65536)};
};

/// What `snn-to-cuda` does: the kernels of every step as CUDA grids, then
/// NVVM and PTX (docs/cuda.md).
struct CUDAPipelineOptions : public PassPipelineOptions<CUDAPipelineOptions> {
  Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("The GPU architecture the code is for (sm_80, sm_90, ...)"),
      llvm::cl::init("sm_80")};
  Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What the kernels become: isa (PTX text), bin (a cubin "
                     "through the CUDA toolkit's ptxas) or fatbin"),
      llvm::cl::init("isa")};
  Option<int64_t> blockSize{
      *this, "block-size", llvm::cl::desc("Threads per block"),
      llvm::cl::init(256)};
  Option<bool> fuse{
      *this, "fuse",
      llvm::cl::desc("Merge each population's kernels into one (--snn-fuse): "
                     "fewer launches per step"),
      llvm::cl::init(true)};
  Option<bool> cpuForm{
      *this, "cpu-form",
      llvm::cl::desc("Instead of NVVM: run the grids as loops over blocks "
                     "and threads on the host (--snn-gpu-to-loops) and lower "
                     "to LLVM for the CPU, to test the kernels without a GPU"),
      llvm::cl::init(false)};
};

/// What `snn-to-hls` does: the network's init and step as C++ functions
/// through EmitC (docs/hls.md).
struct HLSPipelineOptions : public PassPipelineOptions<HLSPipelineOptions> {
  Option<bool> fuse{
      *this, "fuse",
      llvm::cl::desc("Merge each population's kernels into one loop "
                     "(--snn-fuse)"),
      llvm::cl::init(true)};
  Option<bool> fixedPoint{
      *this, "fixed-point",
      llvm::cl::desc("For a fixed-point snn_real: math functions as calls "
                     "of snn_hls.h (not --snn-kernel-math's float bit "
                     "tricks), uniform draws from the random bits as a "
                     "fraction (--snn-hls-loops{fixed-point})"),
      llvm::cl::init(false)};
  Option<int64_t> unroll{
      *this, "unroll",
      llvm::cl::desc("Innermost loops of a static trip count this divides "
                     "do that many iterations at once "
                     "(--snn-hls-loops{unroll}); snn-compile partitions "
                     "the state arrays to match"),
      llvm::cl::init(kDefaultHLSUnroll)};
};

/// snn dialect -> `@<net>_init` and `@<net>_step` in the EmitC dialect over
/// static arrays, with HLS pragmas: what `mlir-translate --mlir-to-cpp`
/// (emitc::translateToCpp) prints as C++.
void buildSNNToHLSPipeline(OpPassManager &pm,
                           const HLSPipelineOptions &options = {});

/// snn dialect -> the step's kernels as `gpu.launch` grids -> NVVM and PTX
/// (a `gpu.binary` per function), with the host code lowered to LLVM and
/// calling `mgpu*` (the runtime's CUDA layer).
void buildSNNToCUDAPipeline(OpPassManager &pm,
                            const CUDAPipelineOptions &options = {});

/// The part of `snn-to-cuda` after scheduling (--snn-schedule and, for
/// training, --snn-generate-adjoint without --snn-hoist-time).
void buildScheduledToCUDAPipeline(OpPassManager &pm,
                                  const CUDAPipelineOptions &options = {});

/// Scheduled functions -> their kernels as `gpu.launch` grids (the part of
/// `snn-to-cuda` before NVVM).
void buildKernelsToGPUPipeline(OpPassManager &pm,
                               const CUDAPipelineOptions &options = {});

/// snn dialect -> LLVM dialect for the host CPU: schedule, linalg to loops,
/// then the upstream conversions to LLVM. What comes out translates with
/// `mlir-translate --mlir-to-llvmir`.
void buildSNNToCPUPipeline(OpPassManager &pm,
                           const CPUPipelineOptions &options = {});

/// The start of `snn-to-cpu`: --snn-schedule, and for a network that
/// declares training --snn-hoist-time (unless turned off) and
/// --snn-generate-adjoint.
void buildSchedulePipeline(OpPassManager &pm,
                           const CPUPipelineOptions &options = {});

/// The part of `snn-to-cpu` after `--snn-schedule`: scheduled functions
/// (linalg on memrefs) to the LLVM dialect.
void buildScheduledToLLVMPipeline(OpPassManager &pm,
                                  const CPUPipelineOptions &options = {});

/// Registers what serialising NVVM to PTX needs: the NVVM target attribute,
/// the LLVM IR translations, and LLVM's NVPTX backend (nothing when the
/// CUDA target is not built).
void registerCUDATarget(DialectRegistry &registry);

/// Whether this build has the CUDA target (CMake's SNN_ENABLE_CUDA): NVVM
/// and PTX. Without it, `snn-to-cuda` stops at the grids, which
/// --snn-gpu-to-loops still runs on the CPU.
bool cudaTargetBuilt();

/// Registers the dialects and interface implementations the pipelines use
/// (linalg's tiling interface, value bounds) in `registry`: every tool that
/// runs a pipeline calls this.
void registerPipelineDialects(DialectRegistry &registry);

/// Registers `snn-to-cpu` (and later targets) with the pass registry.
void registerSNNPipelines();

} // namespace mlir::snn

#endif // SNN_PIPELINES_PIPELINES_H
