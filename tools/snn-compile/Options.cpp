//===- Options.cpp - snn-compile's command-line options -------------------===//

#include "tools/snn-compile/Options.h"

#include "compiler/Pipelines/Pipelines.h"

using namespace llvm;

namespace snncompile::opt {

cl::OptionCategory category("snn-compile options");
cl::opt<std::string> input(cl::Positional, cl::Required,
                                  cl::desc("<network.mlir or graph.nir>"),
                                  cl::cat(category));
cl::opt<std::string>
    nirTimestep("dt",
                cl::desc("For a .nir input (NIR, docs/nir.md): the step to "
                         "run it at, with its unit (0.1ms, 1e-4s)"),
                cl::cat(category));
cl::opt<std::string>
    nirDiscretize("discretize", cl::init("exact"),
                  cl::desc("For a .nir input: exact (default) or euler, the "
                           "discretisation of LI(F) and CubaLI(F) "
                           "(docs/nir.md)"),
                  cl::cat(category));
cl::opt<std::string>
    target("target", cl::init("cpu"),
           cl::desc("Target: cpu, or cuda (the kernels as PTX, cubins "
                    "through ptxas when the CUDA toolkit is installed, and "
                    "the host code as LLVM IR: docs/cuda.md), or hls (C++ "
                    "for high-level synthesis, a C simulation testbench "
                    "comparing it with the CPU target over --steps steps, "
                    "and a Vitis HLS script: docs/hls.md)"),
           cl::cat(category));
cl::opt<std::string>
    emit("emit", cl::init(""),
         cl::desc("What to write to -o DIR. cpu: mlir (the LLVM dialect "
                  "module), llvm (LLVM IR), asm, obj (object file and C "
                  "header), lib (object, header and shared library; the "
                  "default). cuda: mlir (after snn-to-cuda), ptx (the "
                  "default: PTX per kernel module, a cubin each when ptxas "
                  "is found, the host code as <net>.host.ll), lib (that, "
                  "and the host code compiled: object, header and a shared "
                  "library libsnnrt loads; it needs a CUDA driver to run). "
                  "hls: project (kernel, testbench, data, run_hls.tcl, "
                  "Makefile; the only kind)"),
         cl::cat(category));
cl::opt<std::string>
    gpuArch("gpu-arch", cl::init("sm_80"),
            cl::desc("--target=cuda: the GPU architecture (sm_80, sm_90, ...)"),
            cl::cat(category));
cl::opt<std::string>
    cpu("cpu", cl::init("host"),
        cl::desc("CPU to compile for: host (this machine) or an LLVM CPU "
                 "name, e.g. x86-64 for a portable baseline"),
        cl::cat(category));
cl::opt<std::string>
    networkName("network", cl::init(""),
                cl::desc("The snn.network to compile when the input holds "
                         "several (its name, without @)"),
                cl::value_desc("name"));
cl::opt<std::string> outputDir("o", cl::init("."),
                                      cl::desc("Output directory for --emit"),
                                      cl::cat(category));
cl::opt<bool> runIt("run",
                           cl::desc("Compile, load through the runtime "
                                    "(libsnnrt) and simulate"),
                           cl::cat(category));
cl::opt<int64_t> steps("steps", cl::init(1000),
                              cl::desc("Steps to simulate with --run"),
                              cl::cat(category));
cl::opt<uint64_t>
    seed("seed", cl::init(1),
         cl::desc("Seed of batch entry 0; entry b uses seed + b"),
         cl::cat(category));
cl::opt<std::string> outDir("out", cl::init(""),
                                   cl::desc("Directory for recordings (.npy)"),
                                   cl::cat(category));
cl::list<std::string>
    record("record", cl::desc("Monitor to write to --out (default: all)"),
           cl::cat(category));
cl::list<std::string>
    inputs("input",
           cl::desc("NAME=FILE.npy: set input buffer NAME (e.g. in.rate) "
                    "from a float32 .npy file of shape [batch, N] or [N] "
                    "(the same for every batch entry), held for every step"),
           cl::cat(category));
cl::opt<std::string> loadFile(
    "load",
    cl::desc("FILE.npz: after init, set the buffers from a checkpoint "
             "(snnrt_save_npz, e.g. snn-fashion-mnist's trained weights) "
             "before --input; --run and --target=hls"),
    cl::cat(category));
cl::opt<std::string> summaryJson("summary-json", cl::init(""),
                                        cl::desc("Write the summary as JSON"),
                                        cl::cat(category));
// The optimisations of snn-to-cpu, each on by default; turning one off shows
// what it contributes (bench/coba).
cl::opt<bool> eventDriven(
    "event-driven", cl::init(true),
    cl::desc("Deliver spikes from compact lists of the sources that fired "
             "(--snn-event-driven; --event-driven=false visits every source)"),
    cl::cat(category));
cl::opt<bool>
    fuse("fuse", cl::init(true),
         cl::desc("Merge each population's kernels into one loop "
                  "(--snn-fuse)"),
         cl::cat(category));
cl::opt<bool> hoistParameters(
    "hoist-parameters", cl::init(true),
    cl::desc("Compute what kernels derive from parameters alone (the decay "
             "factor exp(-dt/tau) of time constants given per neuron or per "
             "batch entry) once per run instead of every step "
             "(--snn-hoist-parameters)"),
    cl::cat(category));
// --threads K. A library linked into this tool registers an option of that
// name; main renames it out of the way and then creates this one.
unsigned threads = 1;
void registerThreadsOption() {
  auto &registered = cl::getRegisteredOptions();
  if (cl::Option *taken = registered.lookup("threads"))
    taken->setArgStr("llvm-threads");
  static cl::opt<unsigned, true> option(
      "threads", cl::location(threads), cl::init(1),
      cl::desc("Threads: with K > 1 a batched network's run gives each of "
               "K threads a slice of the batch entries (--parallel-batch), "
               "other code runs the tiles of large kernels on OpenMP "
               "threads (libomp), and --run uses K threads; results are the "
               "same for any K. A library built this way links libomp and "
               "takes its count from snnrt_set_threads or OMP_NUM_THREADS"),
      cl::cat(category));
}
cl::opt<bool> parallelBatch(
    "parallel-batch", cl::init(true),
    cl::desc("With --threads K > 1 and a batch: split the batch into up to "
             "K equal slices, each run through the whole time loop on its "
             "own thread, one parallel region per run call "
             "(--snn-schedule{batch-slices}); --parallel-batch=false "
             "parallelises large kernels step by step instead"),
    cl::cat(category));
cl::opt<int64_t> minParallelElements(
    "min-parallel-elements", cl::init(65536),
    cl::desc("With --threads: kernels of fewer elements (batch times "
             "neurons) stay sequential; a parallel region per kernel and "
             "step costs several microseconds"),
    cl::cat(category));
cl::opt<bool> hoistTime(
    "hoist-time", cl::init(true),
    cl::desc("Training: compute each feed-forward projection for all steps "
             "at once, one product over [T*B, N], between one time loop per "
             "stage (--snn-hoist-time); --hoist-time=false keeps one loop"),
    cl::cat(category));
cl::opt<bool> vectorize(
    "vectorize", cl::init(true),
    cl::desc("Vectorise the kernels in tiles of 16 neurons (--snn-vectorize)"),
    cl::cat(category));
cl::opt<bool> fpStrict(
    "fp-strict",
    cl::desc("cpu: compute as the HLS target's C++ does, bit for bit (no "
             "fused multiply-adds, the kernels' own math functions, scalar "
             "code in the plain loops' summation order); slower. "
             "--target=hls always records its reference this way"),
    cl::cat(category));
cl::opt<std::string>
    hlsPart("hls-part", cl::init("xcu250-figd2104-2L-e"),
            cl::desc("--target=hls: the FPGA part run_hls.tcl synthesises "
                     "for"),
            cl::cat(category));
cl::opt<std::string> hlsFixed(
    "hls-fixed",
    cl::desc("--target=hls: W,I makes the kernel's arithmetic fixed point, "
             "W bits of which I integer bits (sign included), with "
             "ap_fixed<W, I>'s default semantics (truncation, wrap-around; "
             "snn_hls.h); default: float"),
    cl::value_desc("W,I"), cl::cat(category));
cl::opt<int64_t> hlsUnroll(
    "hls-unroll", cl::init(mlir::snn::kDefaultHLSUnroll),
    cl::desc("--target=hls: neuron loops do this many neurons at once (HLS "
             "UNROLL), and the on-chip state arrays are partitioned "
             "cyclically to match (ARRAY_PARTITION); 1: neither"),
    cl::cat(category));
cl::opt<double>
    hlsClock("hls-clock", cl::init(4.0),
             cl::desc("--target=hls: the clock period in ns for run_hls.tcl"),
             cl::cat(category));

/// --hls-fixed=W,I into `width` and `integer` (both 0 without it); false if
/// malformed or out of range.
bool parseFixedFormat(int &width, int &integer) {
  width = integer = 0;
  if (hlsFixed.empty())
    return true;
  auto [w, i] = StringRef(hlsFixed).split(',');
  return !w.getAsInteger(10, width) && !i.getAsInteger(10, integer) &&
         width >= 2 && width <= 32 && integer >= 1 && integer <= width;
}

} // namespace snncompile::opt
