//===- snn-compile.cpp - compile and run snn networks ---------------------===//
//
//   snn-compile net.mlir --target=cpu [--emit=mlir|llvm|asm|obj|lib] -o DIR
//   snn-compile net.mlir --run --steps N [--seed S] [--out DIR]
//               [--input NAME=FILE.npy]... [--record MONITOR]...
//               [--summary-json FILE]
//
// It chains registered pipelines only (snn-to-cpu); `snn-opt` reproduces
// every step it takes.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/NirImport.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/CpuObject.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/snn/IR/SNNOps.h"
#include "compiler/Target/Npy.h"
#include "tools/snn-compile/CudaTarget.h"
#include "tools/snn-compile/HlsTarget.h"
#include "tools/snn-compile/Options.h"
#include "tools/snn-compile/Output.h"
#include "tools/snn-compile/TrainOptions.h"
#include "dialects/snn/IR/SNNDialect.h"
#include "snnrt/snnrt.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>
#include <map>
#include <numeric>

using namespace llvm;

using namespace snncompile::opt;
using snncompile::fail;
using snncompile::failRuntime;

/// What --run reports per population.
struct PopulationSummary {
  std::string name;
  int64_t size = 0;
  bool spiking = true; // false for graded populations
};

/// Parses `source`, schedules its one network and lowers it through
/// snn-to-cpu (with the optimisations asked for), or snn-to-cuda with
/// `cuda`, then writes what `kind` names into `dir`: mlir, llvm, asm, obj
/// or lib (CUDA: mlir, ptx or lib).
static int compileTo(StringRef source, StringRef kind, StringRef dir,
                     mlir::snn::NetworkDescription &net,
                     std::vector<PopulationSummary> *pops, bool announce,
                     bool cuda = false,
                     const mlir::snn::HLSReference *hls = nullptr,
                     bool strict = false) {
  mlir::MLIRContext ctx;
  mlir::DialectRegistry registry;
  registry.insert<mlir::snn::SNNDialect, mlir::arith::ArithDialect,
                  mlir::math::MathDialect, mlir::func::FuncDialect,
                  mlir::scf::SCFDialect, mlir::linalg::LinalgDialect,
                  mlir::memref::MemRefDialect, mlir::LLVM::LLVMDialect>();
  mlir::snn::registerPipelineDialects(registry);
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  if (cuda)
    mlir::snn::registerCUDATarget(registry);
  ctx.appendDialectRegistry(registry);
  // Diagnostics point into the input as file:line:col.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(MemoryBuffer::getMemBuffer(source, input),
                               SMLoc());
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &ctx);
  auto module = mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &ctx);
  if (!module)
    return 1; // the parser reported where
  SmallVector<mlir::snn::NetworkOp> nets(module->getOps<mlir::snn::NetworkOp>());
  if (!networkName.empty()) {
    // Keep the chosen network; the others are not compiled.
    std::string names;
    mlir::snn::NetworkOp chosen;
    for (mlir::snn::NetworkOp n : nets) {
      names += (names.empty() ? "@" : ", @") + n.getSymName().str();
      if (n.getSymName() == networkName)
        chosen = n;
    }
    if (!chosen)
      return fail("--network=" + networkName + ": the input has no snn.network @" +
                  networkName + " (it has " + (names.empty() ? "none" : names) +
                  ")");
    for (mlir::snn::NetworkOp n : nets)
      if (n != chosen)
        n.erase();
    nets = {chosen};
  }
  if (nets.size() != 1)
    return fail("the input must hold exactly one snn.network, it has " +
                Twine(nets.size()) + " (choose one with --network=NAME)");
  {
    std::string error;
    if (failed(snncompile::applyTrainOptions(nets.front(), error)))
      return fail(error);
  }
  net.name = nets.front().getSymName().str();
  net.dt = nets.front().getDt().convertToFloat();
  net.batch = nets.front().getBatch();
  net.source = sys::path::filename(input).str();
  if (pops)
    for (auto pop : nets.front().getBodyBlock().getOps<mlir::snn::PopulationOp>())
      pops->push_back({pop.getSymName().str(), pop.getNumNeurons(),
                       !pop.getGradedAttr()});

  if (cuda)
    return snncompile::emitCuda(*module, net, kind, dir, gpuArch, announce);
  if (hls) {
    mlir::snn::HLSProjectOptions options;
    options.part = hlsPart;
    options.clockNs = hlsClock;
    options.source = net.source;
    options.unroll = hlsUnroll;
    if (!parseFixedFormat(options.fixedWidth, options.fixedInt))
      return fail("--hls-fixed=" + hlsFixed +
                  ": expected W,I with 2 <= W <= 32 and 1 <= I <= W");
    return snncompile::emitHls(*module, net, dir, announce, *hls, options);
  }
  auto write = [&](StringRef name, function_ref<void(raw_ostream &)> print) {
    return snncompile::writeOutput(dir, name, print, announce);
  };
  mlir::snn::CPUPipelineOptions options;
  options.eventDriven = eventDriven;
  options.fuse = fuse;
  options.hoistParameters = hoistParameters;
  options.vectorize = vectorize;
  options.threads = threads > 1;
  options.minParallelElements = minParallelElements;
  options.batchSlices = parallelBatch ? int64_t(threads) : 0;
  options.hoistTime = hoistTime;
  options.fpStrict = strict || fpStrict;
  mlir::PassManager schedule(&ctx);
  mlir::snn::buildSchedulePipeline(schedule, options);
  if (failed(schedule.run(*module)))
    return 1;
  net.trains = bool(
      module->lookupSymbol<mlir::func::FuncOp>(net.name + "_train_step"));
  auto run = module->lookupSymbol<mlir::func::FuncOp>(net.name + "_run");
  auto buffers = mlir::snn::describeBuffers(run);
  if (!buffers)
    return fail(toString(buffers.takeError()));
  net.buffers = std::move(*buffers);
  if (net.trains && announce) {
    // What training adds, by role (docs/training.md): the tape is what the
    // backward pass keeps and recomputes, and `checkpoint` shrinks it.
    std::map<std::string, double> bytes;
    for (const mlir::snn::BufferInfo &b : net.buffers)
      bytes[b.role] += double(b.numElements()) * double(b.elementBytes());
    outs() << formatv("training memory: tape {0:f1} MB, gradients {1:f1} MB, "
                      "optimiser {2:f1} MB, weights {3:f1} MB\n",
                      bytes["tape"] / 1048576, bytes["gradient"] / 1048576,
                      bytes["optimizer"] / 1048576, bytes["weight"] / 1048576);
  }
  mlir::PassManager lower(&ctx);
  mlir::snn::buildScheduledToLLVMPipeline(lower, options);
  if (failed(lower.run(*module)))
    return 1;

  if (auto ec = sys::fs::create_directories(dir))
    return fail("cannot create '" + dir + "': " + ec.message());
  if (kind == "mlir")
    return write(net.name + ".llvm.mlir",
                 [&](raw_ostream &os) { module->print(os); });
  LLVMContext llvmCtx;
  auto llvmModule = mlir::snn::buildCpuModule(*module, net, llvmCtx);
  if (!llvmModule)
    return fail(toString(llvmModule.takeError()));
  if (kind == "llvm")
    return write(net.name + ".ll", [&](raw_ostream &os) {
      (*llvmModule)->print(os, nullptr);
    });
  SmallString<128> path(dir);
  if (kind == "asm") {
    sys::path::append(path, net.name + ".s");
    if (Error err = mlir::snn::emitObject(**llvmModule, cpu, path, true))
      return fail(toString(std::move(err)));
    if (announce)
      outs() << "wrote " << path << "\n";
    return 0;
  }
  // obj, lib (the default): the object and the header; lib adds the .so.
  sys::path::append(path, net.name + ".o");
  if (Error err = mlir::snn::emitObject(**llvmModule, cpu, path, false))
    return fail(toString(std::move(err)));
  if (announce)
    outs() << "wrote " << path << "\n";
  if (int rc = write(net.name + ".h", [&](raw_ostream &os) {
        os << mlir::snn::generateHeader(net);
      }))
    return rc;
  if (kind == "obj")
    return 0;
  SmallString<128> lib(dir);
  sys::path::append(lib, "lib" + net.name + ".so");
  if (Error err = mlir::snn::linkSharedLibrary(path, lib, threads > 1))
    return fail(toString(std::move(err)));
  if (announce)
    outs() << "wrote " << lib << "\n";
  return 0;
}

/// Reports a failed runtime call with the runtime's message.
/// --target=hls: the CPU target, fp-strict, records --steps steps from
/// --seed and the --input files; then the HLS project and its testbench.
static int compileHls(StringRef source) {
  SmallString<128> scratch;
  if (auto ec = sys::fs::createUniqueDirectory("snn-compile", scratch))
    return fail("cannot create a scratch directory: " + ec.message());
  llvm::scope_exit removeScratch([&] { sys::fs::remove_directories(scratch); });
  mlir::snn::NetworkDescription cpuNet;
  if (int rc = compileTo(source, "lib", scratch, cpuNet, nullptr, false,
                         false, nullptr, /*strict=*/true))
    return rc;
  SmallString<128> lib(scratch);
  sys::path::append(lib, "lib" + cpuNet.name + ".so");
  mlir::snn::HLSReference reference;
  if (int rc = snncompile::recordHLSReference(lib, cpuNet, loadFile, inputs,
                                              steps, seed, reference))
    return rc;
  mlir::snn::NetworkDescription net;
  return compileTo(source, "project", outputDir, net, nullptr, true, false,
                   &reference);
}

/// --run: compiles the network into a shared library in a scratch
/// directory, loads it with libsnnrt and simulates.
static int simulate(StringRef source) {
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  SmallString<128> dir;
  if (auto ec = sys::fs::createUniqueDirectory("snn-compile", dir))
    return fail("cannot create a scratch directory: " + ec.message());
  llvm::scope_exit removeDir([&] { sys::fs::remove_directories(dir); });
  mlir::snn::NetworkDescription desc;
  std::vector<PopulationSummary> pops;
  if (int rc = compileTo(source, "lib", dir, desc, &pops, false))
    return rc;
  SmallString<128> lib(dir);
  sys::path::append(lib, "lib" + desc.name + ".so");
  snnrt_network *net = nullptr;
  if (snnrt_load(lib.c_str(), desc.name.c_str(), &net) != SNNRT_OK)
    return failRuntime("");
  llvm::scope_exit freeNet([&] { snnrt_free(net); });
  double compileSeconds =
      std::chrono::duration<double>(clock::now() - t0).count();
  if (snnrt_set_threads(net, static_cast<int>(threads)) != SNNRT_OK)
    return failRuntime("");

  if (int rc = snncompile::startRun(net, desc.batch, seed, loadFile, inputs))
    return rc;
  // Run in chunks so recordings stream to disk instead of filling memory; a
  // chunk is a multiple of every monitor's period so rows stay aligned.
  int64_t period = 1;
  for (const auto &buffer : desc.buffers)
    if (buffer.role == "monitor")
      period = std::lcm(period, buffer.every);
  int64_t chunk = period * std::max<int64_t>(1, 1000 / period);
  if (snnrt_set_chunk_steps(net, chunk) != SNNRT_OK)
    return failRuntime("");
  std::vector<std::pair<std::string, std::unique_ptr<mlir::snn::NpyWriter>>>
      writers;
  if (!outDir.empty()) {
    for (const std::string &name : record)
      if (llvm::none_of(desc.buffers, [&](const auto &b) {
            return b.role == "monitor" && b.name == name;
          }))
        return fail("--record " + name + ": the network has no monitor @" +
                    name);
    if (auto ec = sys::fs::create_directories(outDir))
      return fail("cannot create '" + outDir + "': " + ec.message());
  }
  for (const auto &buffer : desc.buffers) {
    if (buffer.role != "monitor")
      continue;
    bool wanted = !outDir.empty() &&
                  (record.empty() || llvm::is_contained(record, buffer.name));
    if (!wanted) {
      if (snnrt_set_recording(net, buffer.name.c_str(), 0) != SNNRT_OK)
        return failRuntime("");
      continue;
    }
    SmallString<128> path(outDir);
    sys::path::append(path, buffer.name + ".npy");
    std::vector<int64_t> shape = buffer.logicalShape();
    shape[0] = (steps + buffer.every - 1) / buffer.every;
    auto w = mlir::snn::NpyWriter::create(path, shape);
    if (!w)
      return fail(toString(w.takeError()));
    writers.emplace_back(buffer.name, std::move(*w));
  }
  double simSeconds = 0;
  for (int64_t done = 0; done < steps; done += chunk) {
    int64_t n = std::min(chunk, steps - done);
    auto t1 = clock::now();
    if (snnrt_run(net, n) != SNNRT_OK)
      return failRuntime("");
    simSeconds += std::chrono::duration<double>(clock::now() - t1).count();
    for (auto &[name, writer] : writers) {
      const float *rows;
      int64_t shape[3];
      if (snnrt_monitor(net, name.c_str(), &rows, shape) != SNNRT_OK)
        return failRuntime("");
      writer->append(ArrayRef<float>(rows, shape[0] * shape[1] * shape[2]));
    }
  }
  for (auto &[name, writer] : writers)
    if (Error err = writer->close())
      return fail(toString(std::move(err)));

  json::Array popsJson;
  outs() << formatv("network @{0}: {1} steps of {2} ms, batch {3}\n",
                    desc.name, steps.getValue(), desc.dt, desc.batch);
  for (const auto &pop : pops) {
    double spikes = 0;
    if (pop.spiking) {
      const void *data;
      snnrt_buffer_desc counts;
      std::string name = pop.name + ".spike_count";
      if (snnrt_read_buffer(net, name.c_str(), &data, &counts) != SNNRT_OK)
        return failRuntime("");
      for (int64_t i = 0; i < counts.elements; ++i)
        spikes += static_cast<const float *>(data)[i];
    }
    double seconds = steps * desc.dt * 1e-3;
    double rate =
        seconds > 0 ? spikes / (pop.size * desc.batch * seconds) : 0;
    outs() << formatv("  @{0,-16} {1,8} neurons {2,12:f0} spikes {3,10:f2} Hz{4}\n",
                      pop.name, pop.size, spikes, rate,
                      pop.spiking ? "" : "  (graded)");
    popsJson.push_back(json::Object{{"name", pop.name},
                                    {"size", pop.size},
                                    {"spikes", spikes},
                                    {"rate_hz", rate}});
  }
  outs() << formatv("compile {0:f3} s, simulation {1:f3} s, {2} thread{3}\n",
                    compileSeconds, simSeconds, threads,
                    threads > 1 ? "s" : "");

  if (!summaryJson.empty()) {
    json::Object summary{{"compile_seconds", compileSeconds},
                         {"simulation_seconds", simSeconds},
                         {"steps", steps.getValue()},
                         {"threads", threads},
                         {"dt", desc.dt},
                         {"populations", std::move(popsJson)}};
    std::error_code ec;
    raw_fd_ostream os(summaryJson, ec);
    if (ec)
      return fail("cannot write '" + summaryJson + "': " + ec.message());
    os << formatv("{0:2}", json::Value(std::move(summary))) << "\n";
  }
  return 0;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  registerThreadsOption();
  cl::HideUnrelatedOptions({&category, &snncompile::trainOptionCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "snn-compile: compile snn networks for a target, or compile and run "
      "them\n");
  if (target != "cpu" && target != "cuda" && target != "hls")
    return fail("--target=" + target + " is not one of cpu, cuda, hls");
  if (target == "cuda" && !mlir::snn::cudaTargetBuilt())
    return fail("--target=cuda: this snn-compile was built without the CUDA "
                "target (CMake option SNN_ENABLE_CUDA=OFF)");
  if (emit.empty())
    emit = target == "cuda" ? "ptx" : target == "hls" ? "project" : "lib";
  auto buffer = MemoryBuffer::getFileOrSTDIN(input);
  if (!buffer)
    return fail("cannot read '" + input + "': " + buffer.getError().message());
  StringRef source = (*buffer)->getBuffer();
  // A NIR graph is imported first (the network it describes, as text).
  std::string imported;
  if (StringRef(input).ends_with(".nir")) {
    if (nirTimestep.empty())
      return fail(input + ": a NIR graph needs --dt with a unit, e.g. --dt 0.1ms");
    auto dt = mlir::snn::parseTimestep(nirTimestep);
    if (!dt)
      return fail("--dt: " + toString(dt.takeError()));
    auto euler = mlir::snn::parseDiscretization(nirDiscretize);
    if (!euler)
      return fail(toString(euler.takeError()));
    auto text = mlir::snn::nirToSnnText(source, input,
                                        mlir::snn::NirImportOptions{*dt, *euler});
    if (!text)
      return fail(toString(text.takeError()));
    imported = std::move(*text);
    source = imported;
  } else if (!nirTimestep.empty()) {
    return fail("--dt is for .nir inputs; an snn network states its own dt");
  }
  if (threads < 1)
    return fail("--threads must be at least 1");
  if (minParallelElements < 1)
    return fail("--min-parallel-elements must be at least 1");
  if (target != "cpu" && runIt)
    return fail("--run simulates on the CPU; --target=" + target +
                " writes code for another target (docs/" + target + ".md)");
  if (runIt) {
    if (steps < 0)
      return fail("--steps must not be negative");
    return simulate(source);
  }
  if (target == "cuda" &&
      !llvm::is_contained({"mlir", "ptx", "lib"}, StringRef(emit)))
    return fail("--emit=" + emit +
                " is not one of mlir, ptx, lib for --target=cuda");
  if (target == "cpu" &&
      !llvm::is_contained({"mlir", "llvm", "asm", "obj", "lib"},
                          StringRef(emit)))
    return fail("--emit=" + emit + " is not one of mlir, llvm, asm, obj, lib");
  if (target == "hls") {
    if (emit != "project")
      return fail("--emit=" + emit + ": --target=hls writes a project (its "
                  "only --emit)");
    if (steps < 1)
      return fail("--steps must be at least 1 for --target=hls (the steps "
                  "the testbench compares)");
    if (hlsUnroll < 1)
      return fail("--hls-unroll must be at least 1");
    int width, integer;
    if (!parseFixedFormat(width, integer))
      return fail("--hls-fixed=" + hlsFixed +
                  ": expected W,I with 2 <= W <= 32 and 1 <= I <= W");
    return compileHls(source);
  }
  mlir::snn::NetworkDescription net;
  if (target == "cuda" && emit == "lib") {
    // The CPU build beside it, lib<net>.cpu.so, for machines without a
    // driver (libsnnrt runs it when SNNRT_CUDA_FALLBACK is set).
    SmallString<128> scratch;
    if (auto ec = sys::fs::createUniqueDirectory("snn-compile", scratch))
      return fail("cannot create a scratch directory: " + ec.message());
    llvm::scope_exit removeScratch([&] { sys::fs::remove_directories(scratch); });
    mlir::snn::NetworkDescription cpuNet;
    if (int rc = compileTo(source, "lib", scratch, cpuNet, nullptr, false))
      return rc;
    if (auto ec = sys::fs::create_directories(outputDir))
      return fail("cannot create '" + outputDir + "': " + ec.message());
    SmallString<128> from(scratch), to(outputDir);
    sys::path::append(from, "lib" + cpuNet.name + ".so");
    sys::path::append(to, "lib" + cpuNet.name + ".cpu.so");
    if (auto ec = sys::fs::copy_file(from, to))
      return fail("cannot write '" + to + "': " + ec.message());
    outs() << "wrote " << to << "\n";
  }
  return compileTo(source, emit, outputDir, net, nullptr, true,
                   target == "cuda");
}
