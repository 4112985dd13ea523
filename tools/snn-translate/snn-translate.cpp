//===- snn-translate.cpp - formats in and out of the snn dialect ----------===//
//
// mlir-translate with snnc's translations:
//   snn-translate --import-nir net.nir --dt 0.1ms     NIR (HDF5) -> snn
//   snn-translate --export-nir net.mlir -o net.nir    snn -> NIR
//   snn-translate --mlir-to-hls-cpp net.mlir          snn -> HLS C++ kernels
// docs/nir.md says what is imported and how; docs/hls.md what the kernels
// are (snn-compile --target=hls writes them with a testbench and scripts).
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/NirExport.h"
#include "compiler/Import/NirImport.h"
#include "compiler/Pipelines/Pipelines.h"
#include "dialects/snn/IR/SNNDialect.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/Cpp/CppEmitter.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

static llvm::cl::opt<std::string>
    timestep("dt",
             llvm::cl::desc("The network's timestep for --import-nir, with "
                            "its unit: 0.1ms or 1e-4s (NIR is continuous-time, "
                            "in seconds)"),
             llvm::cl::value_desc("step"));

static llvm::cl::opt<std::string> discretize(
    "discretize", llvm::cl::init("exact"),
    llvm::cl::desc("For --import-nir: how LI(F) and CubaLI(F) step, exact "
                   "(the default: exact for inputs held over a step) or "
                   "euler (1 - dt/tau, the form snnTorch's and Norse's NIR "
                   "exports assume)"),
    llvm::cl::value_desc("exact|euler"));

static TranslateToMLIRRegistration importNirRegistration(
    "import-nir", "NIR graph (HDF5, neuromorphs/NIR) to an snn network",
    [](llvm::SourceMgr &sources, MLIRContext *context) -> OwningOpRef<Operation *> {
      const llvm::MemoryBuffer *input =
          sources.getMemoryBuffer(sources.getMainFileID());
      if (timestep.empty()) {
        emitError(UnknownLoc::get(context))
            << "--import-nir needs --dt with a unit, e.g. --dt 0.1ms";
        return nullptr;
      }
      auto dt = snn::parseTimestep(timestep);
      if (!dt) {
        emitError(UnknownLoc::get(context)) << "--dt: "
                                            << llvm::toString(dt.takeError());
        return nullptr;
      }
      auto euler = snn::parseDiscretization(discretize);
      if (!euler) {
        emitError(UnknownLoc::get(context)) << llvm::toString(euler.takeError());
        return nullptr;
      }
      OwningOpRef<ModuleOp> module =
          snn::importNir(input->getBuffer(), input->getBufferIdentifier(),
                         snn::NirImportOptions{*dt, *euler}, context);
      return OwningOpRef<Operation *>(module.release());
    },
    [](DialectRegistry &registry) { registry.insert<snn::SNNDialect>(); });

static TranslateFromMLIRRegistration exportNirRegistration(
    "export-nir", "snn network to a NIR graph (HDF5), for what NIR expresses",
    [](Operation *op, llvm::raw_ostream &output) -> LogicalResult {
      SmallVector<snn::NetworkOp> nets;
      op->walk([&](snn::NetworkOp n) { nets.push_back(n); });
      if (nets.size() != 1)
        return op->emitError() << "--export-nir needs one snn.network, the "
                                  "input has "
                               << nets.size();
      auto bytes = snn::exportNir(nets[0]);
      if (!bytes)
        return nets[0]->emitError() << llvm::toString(bytes.takeError());
      output << *bytes;
      return success();
    },
    [](DialectRegistry &registry) { registry.insert<snn::SNNDialect>(); });

static llvm::cl::opt<int64_t> hlsUnroll(
    "hls-unroll", llvm::cl::init(snn::kDefaultHLSUnroll),
    llvm::cl::desc("For --mlir-to-hls-cpp: neuron loops do this many neurons "
                   "at once (HLS UNROLL where it divides the trip count); 1: "
                   "none"),
    llvm::cl::value_desc("N"));

static TranslateFromMLIRRegistration hlsCppRegistration(
    "mlir-to-hls-cpp",
    "snn network to C++ kernels for high-level synthesis (the snn-to-hls "
    "pipeline, then EmitC's C++; float arithmetic)",
    [](Operation *op, llvm::raw_ostream &output) -> LogicalResult {
      auto module = dyn_cast<ModuleOp>(op);
      if (!module)
        return op->emitError() << "--mlir-to-hls-cpp needs a module";
      int64_t networks = 0;
      module.walk([&](snn::NetworkOp) { ++networks; });
      if (networks == 0)
        return op->emitError() << "--mlir-to-hls-cpp: the input has no "
                                  "snn.network";
      if (hlsUnroll < 1)
        return op->emitError() << "--hls-unroll must be at least 1, not "
                               << static_cast<long long>(hlsUnroll.getValue());
      PassManager pm(op->getContext());
      snn::HLSPipelineOptions options;
      options.unroll = hlsUnroll;
      snn::buildSNNToHLSPipeline(pm, options);
      if (failed(pm.run(module)))
        return failure(); // the diagnostics name the op
      output << "// Generated by snn-translate --mlir-to-hls-cpp (docs/hls.md).\n"
                "// snn_hls.h (SNN_PRAGMA, bit casts) is written by "
                "snn-compile --target=hls.\n"
                "#include \"snn_hls.h\"\n\n";
      return emitc::translateToCpp(module, output);
    },
    [](DialectRegistry &registry) {
      registry.insert<snn::SNNDialect>();
      snn::registerPipelineDialects(registry);
    });

int main(int argc, char **argv) {
  return failed(mlirTranslateMain(
      argc, argv, "snn-translate: NIR to and from snn, and snn to HLS C++\n"));
}
