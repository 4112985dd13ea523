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

#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/CpuObject.h"
#include "compiler/Target/JitNetwork.h"
#include "compiler/Transforms/Passes.h"
#include "dialects/snn/IR/SNNOps.h"
#include "compiler/Target/Npy.h"
#include "dialects/snn/IR/SNNDialect.h"
#include "snnrt/snnrt.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
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
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>
#include <numeric>

using namespace llvm;

static cl::OptionCategory category("snn-compile options");
static cl::opt<std::string> input(cl::Positional, cl::Required,
                                  cl::desc("<network.mlir>"), cl::cat(category));
static cl::opt<std::string> target("target", cl::init("cpu"),
                                   cl::desc("Target: cpu (cuda and hls are "
                                            "not available yet)"),
                                   cl::cat(category));
static cl::opt<std::string>
    emit("emit", cl::init("lib"),
         cl::desc("What to write to -o DIR: mlir (the LLVM dialect module), "
                  "llvm (LLVM IR), asm, obj (object file and C header), lib "
                  "(object, header and shared library; the default)"),
         cl::cat(category));
static cl::opt<std::string>
    cpu("cpu", cl::init("host"),
        cl::desc("CPU to compile for: host (this machine) or an LLVM CPU "
                 "name, e.g. x86-64 for a portable baseline"),
        cl::cat(category));
static cl::opt<std::string> outputDir("o", cl::init("."),
                                      cl::desc("Output directory for --emit"),
                                      cl::cat(category));
static cl::opt<bool> runIt("run", cl::desc("Compile in-process and simulate"),
                           cl::cat(category));
static cl::opt<int64_t> steps("steps", cl::init(1000),
                              cl::desc("Steps to simulate with --run"),
                              cl::cat(category));
static cl::opt<uint64_t>
    seed("seed", cl::init(1),
         cl::desc("Seed of batch entry 0; entry b uses seed + b"),
         cl::cat(category));
static cl::opt<std::string> outDir("out", cl::init(""),
                                   cl::desc("Directory for recordings (.npy)"),
                                   cl::cat(category));
static cl::list<std::string>
    record("record", cl::desc("Monitor to write to --out (default: all)"),
           cl::cat(category));
static cl::list<std::string>
    inputs("input",
           cl::desc("NAME=FILE.npy: set input buffer NAME (e.g. in.rate) "
                    "from a float32 .npy file of shape [batch, N] or [N] "
                    "(the same for every batch entry), held for every step"),
           cl::cat(category));
static cl::opt<std::string> summaryJson("summary-json", cl::init(""),
                                        cl::desc("Write the summary as JSON"),
                                        cl::cat(category));

static int fail(const Twine &message) {
  errs() << "snn-compile: " << message << "\n";
  return 1;
}

/// Writes `text` to DIR/name.
static int writeText(StringRef name, StringRef text) {
  SmallString<128> path(outputDir);
  sys::path::append(path, name);
  std::string error;
  auto file = mlir::openOutputFile(path, &error);
  if (!file)
    return fail(error);
  file->os() << text;
  file->keep();
  outs() << "wrote " << path << "\n";
  return 0;
}

static int emitStage(StringRef source) {
  mlir::MLIRContext ctx;
  mlir::DialectRegistry registry;
  registry.insert<mlir::snn::SNNDialect, mlir::arith::ArithDialect,
                  mlir::math::MathDialect, mlir::func::FuncDialect,
                  mlir::scf::SCFDialect, mlir::linalg::LinalgDialect,
                  mlir::memref::MemRefDialect, mlir::LLVM::LLVMDialect>();
  mlir::snn::registerPipelineDialects(registry);
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  ctx.appendDialectRegistry(registry);
  auto module = mlir::parseSourceString<mlir::ModuleOp>(source, &ctx, input);
  if (!module)
    return 1; // the parser reported where
  SmallVector<mlir::snn::NetworkOp> nets(module->getOps<mlir::snn::NetworkOp>());
  if (nets.size() != 1)
    return fail("the input must hold exactly one snn.network, it has " +
                Twine(nets.size()));
  mlir::snn::NetworkDescription net;
  net.name = nets.front().getSymName().str();
  net.dt = nets.front().getDt().convertToFloat();
  net.batch = nets.front().getBatch();
  net.source = sys::path::filename(input).str();

  mlir::PassManager schedule(&ctx);
  schedule.addPass(mlir::snn::createSNNSchedule());
  if (failed(schedule.run(*module)))
    return 1;
  auto run = module->lookupSymbol<mlir::func::FuncOp>(net.name + "_run");
  auto buffers = mlir::snn::describeBuffers(run);
  if (!buffers)
    return fail(toString(buffers.takeError()));
  net.buffers = std::move(*buffers);
  mlir::PassManager lower(&ctx);
  mlir::snn::buildScheduledToLLVMPipeline(lower);
  if (failed(lower.run(*module)))
    return 1;

  if (auto ec = sys::fs::create_directories(outputDir))
    return fail("cannot create '" + outputDir + "': " + ec.message());
  if (emit == "mlir") {
    std::string text;
    raw_string_ostream os(text);
    module->print(os);
    return writeText(net.name + ".llvm.mlir", text);
  }
  LLVMContext llvmCtx;
  auto llvmModule = mlir::snn::buildCpuModule(*module, net, llvmCtx);
  if (!llvmModule)
    return fail(toString(llvmModule.takeError()));
  if (emit == "llvm") {
    std::string text;
    raw_string_ostream os(text);
    (*llvmModule)->print(os, nullptr);
    return writeText(net.name + ".ll", text);
  }
  SmallString<128> path(outputDir);
  if (emit == "asm") {
    sys::path::append(path, net.name + ".s");
    if (Error err = mlir::snn::emitObject(**llvmModule, cpu, path, true))
      return fail(toString(std::move(err)));
    outs() << "wrote " << path << "\n";
    return 0;
  }
  // obj, lib (the default): the object and the header; lib adds the .so.
  sys::path::append(path, net.name + ".o");
  if (Error err = mlir::snn::emitObject(**llvmModule, cpu, path, false))
    return fail(toString(std::move(err)));
  outs() << "wrote " << path << "\n";
  if (int rc = writeText(net.name + ".h", mlir::snn::generateHeader(net)))
    return rc;
  if (emit == "obj")
    return 0;
  SmallString<128> lib(outputDir);
  sys::path::append(lib, "lib" + net.name + ".so");
  if (Error err = mlir::snn::linkSharedLibrary(path, lib))
    return fail(toString(std::move(err)));
  outs() << "wrote " << lib << "\n";
  return 0;
}

/// --input NAME=FILE.npy: copies the file into input buffer NAME.
static int bindInput(mlir::snn::JitNetwork &net, StringRef spec) {
  auto [name, file] = spec.split('=');
  if (name.empty() || file.empty())
    return fail("--input " + spec + ": expected NAME=FILE.npy");
  auto it = llvm::find_if(net.buffers(),
                          [&](const auto &b) { return b.name == name; });
  if (it == net.buffers().end())
    return fail("--input " + spec + ": the network has no buffer '" + name +
                "'");
  if (it->role != "input")
    return fail("--input " + spec + ": '" + name + "' is a " + it->role +
                " buffer, not an input");
  snnrt_array array;
  if (snnrt_npy_read(file.str().c_str(), &array) != SNNRT_OK)
    return fail("--input " + spec + ": " + snnrt_last_error());
  auto done = llvm::make_scope_exit([&] { snnrt_array_free(&array); });
  if (array.dtype != SNNRT_F32)
    return fail("--input " + spec + ": the file holds int64, not float32");
  int64_t n = it->shape.back(), batch = it->shape.front();
  int64_t elements = snnrt_array_elements(&array);
  bool perEntry = elements == batch * n &&
                  (array.rank == 2 || (array.rank == 1 && batch == 1));
  bool shared = array.rank == 1 && elements == n;
  if (!perEntry && !shared)
    return fail("--input " + spec + ": '" + name + "' needs shape [" +
                Twine(batch) + ", " + Twine(n) + "] or [" + Twine(n) +
                "], the file has " + Twine(elements) + " values in " +
                Twine(array.rank) + " dimensions");
  std::vector<float> *dst = *net.f32(name);
  const float *src = static_cast<const float *>(array.data);
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t i = 0; i < n; ++i)
      (*dst)[b * n + i] = src[shared ? i : b * n + i];
  return 0;
}

static int simulate(StringRef source) {
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  auto jit = mlir::snn::JitNetwork::compile(source, "", input);
  if (!jit)
    return fail(toString(jit.takeError()));
  double compileSeconds =
      std::chrono::duration<double>(clock::now() - t0).count();
  mlir::snn::JitNetwork &net = **jit;
  std::vector<uint64_t> seeds;
  for (int64_t b = 0; b < net.batch(); ++b)
    seeds.push_back(seed + b);
  if (Error err = net.init(seeds))
    return fail(toString(std::move(err)));
  for (const std::string &spec : inputs)
    if (int rc = bindInput(net, spec))
      return rc;
  // Run in chunks so recordings stream to disk instead of filling memory; a
  // chunk is a multiple of every monitor's period so rows stay aligned.
  int64_t period = 1;
  for (const auto &buffer : net.buffers())
    if (buffer.role == "monitor")
      period = std::lcm(period, buffer.every);
  int64_t chunk = period * std::max<int64_t>(1, 1000 / period);
  std::vector<std::pair<std::string, std::unique_ptr<mlir::snn::NpyWriter>>>
      writers;
  if (!outDir.empty()) {
    for (const std::string &name : record)
      if (llvm::none_of(net.buffers(), [&](const auto &b) {
            return b.role == "monitor" && b.name == name;
          }))
        return fail("--record " + name + ": the network has no monitor @" +
                    name);
    if (auto ec = sys::fs::create_directories(outDir))
      return fail("cannot create '" + outDir + "': " + ec.message());
    for (const auto &buffer : net.buffers()) {
      if (buffer.role != "monitor" ||
          (!record.empty() && !llvm::is_contained(record, buffer.name)))
        continue;
      SmallString<128> path(outDir);
      sys::path::append(path, buffer.name + ".npy");
      std::vector<int64_t> shape = buffer.shape;
      shape[0] = (steps + buffer.every - 1) / buffer.every;
      auto w = mlir::snn::NpyWriter::create(path, shape);
      if (!w)
        return fail(toString(w.takeError()));
      writers.emplace_back(buffer.name, std::move(*w));
    }
  }
  double simSeconds = 0;
  for (int64_t done = 0; done < steps; done += chunk) {
    int64_t n = std::min(chunk, steps - done);
    auto t1 = clock::now();
    if (Error err = net.run(n))
      return fail(toString(std::move(err)));
    simSeconds += std::chrono::duration<double>(clock::now() - t1).count();
    for (auto &[name, writer] : writers)
      writer->append(**net.f32(name));
  }
  for (auto &[name, writer] : writers)
    if (Error err = writer->close())
      return fail(toString(std::move(err)));

  json::Array pops;
  outs() << formatv("network @{0}: {1} steps of {2} ms, batch {3}\n",
                    net.networkName(), steps.getValue(), net.dt(),
                    net.batch());
  for (const auto &pop : net.populations()) {
    double spikes = 0;
    if (pop.spiking) {
      auto counts = net.f32(pop.name + ".spike_count");
      if (!counts)
        return fail(toString(counts.takeError()));
      for (float c : **counts)
        spikes += c;
    }
    double seconds = steps * net.dt() * 1e-3;
    double rate = seconds > 0 ? spikes / (pop.size * net.batch() * seconds) : 0;
    outs() << formatv("  @{0,-16} {1,8} neurons {2,12:f0} spikes {3,10:f2} Hz{4}\n",
                      pop.name, pop.size, spikes, rate,
                      pop.spiking ? "" : "  (graded)");
    pops.push_back(json::Object{{"name", pop.name},
                                {"size", pop.size},
                                {"spikes", spikes},
                                {"rate_hz", rate}});
  }
  outs() << formatv("compile {0:f3} s, simulation {1:f3} s\n", compileSeconds,
                    simSeconds);

  if (!summaryJson.empty()) {
    json::Object summary{{"compile_seconds", compileSeconds},
                         {"simulation_seconds", simSeconds},
                         {"steps", steps.getValue()},
                         {"dt", net.dt()},
                         {"populations", std::move(pops)}};
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
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "snn-compile: compile snn networks for a target, or compile and run "
      "them\n");
  if (target != "cpu")
    return fail("--target=" + target + " is not available yet (only cpu)");
  auto buffer = MemoryBuffer::getFileOrSTDIN(input);
  if (!buffer)
    return fail("cannot read '" + input + "': " + buffer.getError().message());
  StringRef source = (*buffer)->getBuffer();
  if (runIt) {
    if (steps < 0)
      return fail("--steps must not be negative");
    return simulate(source);
  }
  if (!llvm::is_contained({"mlir", "llvm", "asm", "obj", "lib"},
                          StringRef(emit)))
    return fail("--emit=" + emit + " is not one of mlir, llvm, asm, obj, lib");
  return emitStage(source);
}
