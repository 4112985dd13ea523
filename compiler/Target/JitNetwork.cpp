//===- JitNetwork.cpp - compile a network and run it in-process -----------===//

#include "compiler/Target/JitNetwork.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Transforms/Passes.h"
#include "snnrt/SpikeBits.h"
#include "dialects/snn/IR/SNNDialect.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <functional>
#include <mutex>

using namespace mlir;
using namespace mlir::snn;

struct JitNetwork::Impl {
  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  /// The engine keeps a function_ref to this and calls it when it
  /// materialises code, possibly long after create(): it lives as long.
  std::function<llvm::Error(llvm::Module *)> optimize;
  std::unique_ptr<ExecutionEngine> engine;
};

JitNetwork::JitNetwork() : impl(std::make_unique<Impl>()) {}
JitNetwork::~JitNetwork() = default;

static llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<std::unique_ptr<JitNetwork>>
JitNetwork::compile(llvm::StringRef source, llvm::StringRef network,
                    llvm::StringRef sourceName, JitOptions jitOptions) {
  static std::once_flag targets;
  std::call_once(targets, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  std::unique_ptr<JitNetwork> jit(new JitNetwork());
  MLIRContext &ctx = jit->impl->context;
  DialectRegistry registry;
  registry.insert<SNNDialect, arith::ArithDialect, math::MathDialect,
                  func::FuncDialect, scf::SCFDialect, linalg::LinalgDialect,
                  memref::MemRefDialect, LLVM::LLVMDialect>();
  registerPipelineDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  ctx.appendDialectRegistry(registry);
  ctx.loadAllAvailableDialects();

  // Collect diagnostics into the error message.
  std::string diagnostics;
  // Collect diagnostics as "file:line:col: error: message" lines.
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
    llvm::raw_string_ostream os(diagnostics);
    if (auto loc = dyn_cast<FileLineColLoc>(d.getLocation()))
      os << loc.getFilename().getValue() << ":" << loc.getLine() << ":"
         << loc.getColumn() << ": ";
    else
      os << d.getLocation() << ": ";
    switch (d.getSeverity()) {
    case DiagnosticSeverity::Error:
      os << "error: ";
      break;
    case DiagnosticSeverity::Warning:
      os << "warning: ";
      break;
    case DiagnosticSeverity::Note:
      os << "note: ";
      break;
    case DiagnosticSeverity::Remark:
      os << "remark: ";
      break;
    }
    os << d << "\n";
    return success();
  });
  jit->impl->module = parseSourceString<ModuleOp>(source, &ctx, sourceName);
  if (!jit->impl->module)
    return fail("the network does not parse or verify:\n" + diagnostics);
  ModuleOp module = *jit->impl->module;

  // Which network.
  SmallVector<NetworkOp> nets(module.getOps<NetworkOp>());
  NetworkOp net;
  for (NetworkOp n : nets)
    if (network.empty() || n.getSymName() == network)
      net = n;
  if (!net || (network.empty() && nets.size() != 1))
    return fail(network.empty()
                    ? "the module must hold exactly one snn.network"
                    : "no snn.network @" + network + " in the module");
  jit->name = net.getSymName().str();
  jit->timestep = net.getDt().convertToFloat();
  jit->batchSize = net.getBatch();
  for (auto pop : net.getBodyBlock().getOps<PopulationOp>())
    jit->pops.push_back({pop.getSymName().str(), pop.getNumNeurons(),
                         !pop.getGradedAttr()});

  CPUPipelineOptions pipeline;
  pipeline.hoistTime = jitOptions.hoistTime && !jitOptions.gpuForm;
  pipeline.fpStrict = jitOptions.fpStrict;
  PassManager schedule(&ctx);
  buildSchedulePipeline(schedule, pipeline);
  if (failed(schedule.run(module)))
    return fail("cannot schedule the network:\n" + diagnostics);

  // The run function's arguments describe every buffer.
  auto runFn = module.lookupSymbol<func::FuncOp>(jit->name + "_run");
  auto infos = describeBuffers(runFn);
  if (!infos)
    return infos.takeError();
  jit->infos = std::move(*infos);
  for (unsigned i = 0; i < jit->infos.size(); ++i)
    jit->index[jit->infos[i].name] = i;
  jit->f32Data.resize(jit->infos.size());
  jit->i64Data.resize(jit->infos.size());
  jit->u8Data.resize(jit->infos.size());
  for (unsigned i = 0; i < jit->infos.size(); ++i) {
    int64_t n = 1;
    for (int64_t d : jit->infos[i].shape)
      n *= d;
    if (jit->infos[i].isI64)
      jit->i64Data[i].assign(n, 0);
    else if (jit->infos[i].isU8)
      jit->u8Data[i].assign(n, 0);
    else
      jit->f32Data[i].assign(n, 0.0f);
  }

  PassManager lower(&ctx);
  if (jitOptions.gpuForm) {
    CUDAPipelineOptions cuda;
    buildKernelsToGPUPipeline(lower, cuda);
    lower.addNestedPass<func::FuncOp>(createSNNGPUToLoops());
    // The rest as plain loops, as the CUDA host code has them.
    pipeline.eventDriven = false;
    pipeline.fuse = false;
    pipeline.vectorize = false;
  }
  buildScheduledToLLVMPipeline(lower, pipeline);
  if (failed(lower.run(module)))
    return fail("cannot lower the network:\n" + diagnostics);

  // Optimise for this machine's CPU (its vector width), as snn-compile
  // does for --cpu=host.
  auto tmBuilder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!tmBuilder)
    return fail("cannot describe the host CPU: " +
                llvm::toString(tmBuilder.takeError()));
  tmBuilder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto tm = tmBuilder->createTargetMachine();
  if (!tm)
    return fail("cannot create a target machine for the host: " +
                llvm::toString(tm.takeError()));
  jit->impl->optimize =
      makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0, tm->get());
  ExecutionEngineOptions options;
  options.transformer = jit->impl->optimize;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  auto engine = ExecutionEngine::create(module, options, std::move(*tm));
  if (!engine)
    return fail("cannot JIT the network: " +
                llvm::toString(engine.takeError()));
  jit->impl->engine = std::move(*engine);
  return jit;
}

llvm::Expected<std::vector<float> *> JitNetwork::f32(llvm::StringRef buffer) {
  auto it = index.find(buffer);
  if (it == index.end())
    return fail("network @" + name + " has no buffer '" + buffer + "'");
  if ((infos[it->second].isI64 && !infos[it->second].bits) ||
      infos[it->second].isU8)
    return fail("buffer '" + buffer + "' holds integers, not f32");
  return &f32Data[it->second];
}

llvm::Expected<std::vector<int64_t> *> JitNetwork::i64(llvm::StringRef buffer) {
  auto it = index.find(buffer);
  if (it == index.end())
    return fail("network @" + name + " has no buffer '" + buffer + "'");
  if (!infos[it->second].isI64 || infos[it->second].bits)
    return fail("buffer '" + buffer + "' does not hold int64");
  return &i64Data[it->second];
}

llvm::Expected<std::vector<uint8_t> *> JitNetwork::u8(llvm::StringRef buffer) {
  auto it = index.find(buffer);
  if (it == index.end())
    return fail("network @" + name + " has no buffer '" + buffer + "'");
  if (!infos[it->second].isU8)
    return fail("buffer '" + buffer + "' does not hold bytes");
  return &u8Data[it->second];
}

llvm::Error JitNetwork::trainStep() {
  if (!index.count("train.loss"))
    return fail("network @" + name + " declares no training (snn.train)");
  return call(name + "_train_step", /*withSteps=*/false, 0);
}

llvm::Error JitNetwork::forward() {
  if (!index.count("train.loss"))
    return fail("network @" + name + " declares no training (snn.train)");
  return call(name + "_forward", /*withSteps=*/false, 0);
}

llvm::Error JitNetwork::init(llvm::ArrayRef<uint64_t> seeds) {
  auto it = index.find("seed");
  std::vector<int64_t> &seed = i64Data[it->second];
  if (seeds.size() != seed.size())
    return fail("network @" + name + " has " + llvm::Twine(seed.size()) +
                " batch entries but " + llvm::Twine(seeds.size()) +
                " seeds were given");
  for (size_t i = 0; i < seeds.size(); ++i)
    seed[i] = static_cast<int64_t>(seeds[i]);
  return call(name + "_init", /*withSteps=*/false, 0);
}

llvm::Error JitNetwork::run(int64_t steps) {
  if (steps < 0)
    return fail("cannot run a negative number of steps");
  for (unsigned i = 0; i < infos.size(); ++i) {
    BufferInfo &info = infos[i];
    if (info.role != "monitor")
      continue;
    info.shape[0] = (steps + info.every - 1) / info.every;
    int64_t words = info.shape[0] * info.shape[1] * info.shape[2];
    if (info.bits)
      i64Data[i].assign(words, 0);
    else
      f32Data[i].assign(words, 0.0f);
  }
  if (llvm::Error err = call(name + "_run", /*withSteps=*/true, steps))
    return err;
  // Spike bits, unpacked for f32().
  for (unsigned i = 0; i < infos.size(); ++i) {
    const BufferInfo &info = infos[i];
    if (!info.bits)
      continue;
    int64_t rows = info.shape[0] * info.shape[1];
    std::vector<float> &out = f32Data[i];
    out.assign(rows * info.bits, 0.0f);
    snnrt_unpack_spike_bits(
        reinterpret_cast<const uint64_t *>(i64Data[i].data()), rows, info.bits,
        out.data());
  }
  return llvm::Error::success();
}

llvm::Error JitNetwork::reset(uint32_t roles) {
  return call(name + "_reset", /*withSteps=*/false, 0, roles);
}

llvm::Error JitNetwork::call(llvm::StringRef function, bool withSteps,
                             int64_t steps, std::optional<uint32_t> roles) {
  // Memref descriptors {allocated, aligned, offset, sizes[r], strides[r]},
  // laid out as int64 words, one per buffer the function takes.
  std::vector<std::vector<int64_t>> descriptors;
  std::vector<void *> descriptorPtrs;
  for (unsigned i = 0; i < infos.size(); ++i) {
    const BufferInfo &info = infos[i];
    if (!withSteps && info.role == "monitor")
      continue;
    size_t rank = info.shape.size();
    std::vector<int64_t> d(3 + 2 * rank);
    void *data = info.isI64  ? static_cast<void *>(i64Data[i].data())
                 : info.isU8 ? static_cast<void *>(u8Data[i].data())
                             : static_cast<void *>(f32Data[i].data());
    d[0] = d[1] = reinterpret_cast<int64_t>(data);
    d[2] = 0;
    int64_t stride = 1;
    for (size_t r = rank; r-- > 0;) {
      d[3 + r] = info.shape[r];
      d[3 + rank + r] = stride;
      stride *= info.shape[r];
    }
    descriptors.push_back(std::move(d));
  }
  for (auto &d : descriptors)
    descriptorPtrs.push_back(d.data());
  SmallVector<void *> args;
  uint32_t roleMask = roles.value_or(0);
  if (roles)
    args.push_back(&roleMask);
  if (withSteps)
    args.push_back(&steps);
  for (void *&p : descriptorPtrs)
    args.push_back(&p);
  return impl->engine->invokePacked(("_mlir_ciface_" + function).str(), args);
}
