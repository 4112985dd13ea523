//===- CpuObject.cpp - object file, shared library and C header -----------===//

#include "compiler/Target/CpuObject.h"
#include "dialects/snn/IR/SNNAttrs.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

#include <mutex>

using namespace llvm;
using namespace mlir::snn;

static Error fail(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

namespace {
/// Builds the C entry points around the `_mlir_ciface_` functions, which
/// take one memref descriptor per buffer.
class EntryPoints {
public:
  EntryPoints(Module &m, const NetworkDescription &net)
      : m(m), net(net), ctx(m.getContext()), b(ctx) {}

  Error build() {
    Function *init = m.getFunction("_mlir_ciface_" + net.name + "_init");
    Function *run = m.getFunction("_mlir_ciface_" + net.name + "_run");
    Function *reset = m.getFunction("_mlir_ciface_" + net.name + "_reset");
    if (!init || !run || !reset)
      return fail("the lowered module has no _mlir_ciface_ entry points for @" +
                  net.name);
    // The functions MLIR generated keep to the module: only the C entry
    // points below (which reuse the names <net>_init and <net>_run) are
    // exported.
    for (StringRef suffix :
         {"_init", "_run", "_reset", "_train_step", "_forward"}) {
      for (std::string name : {net.name + suffix.str(),
                               "_mlir_ciface_" + net.name + suffix.str()}) {
        Function *f = m.getFunction(name);
        if (!f)
          continue;
        f->setName("snn.impl." + name);
        f->setLinkage(GlobalValue::InternalLinkage);
      }
    }
    buildStateCall(init, "_init", /*withRoles=*/false);
    buildRun(run);
    buildStateCall(reset, "_reset", /*withRoles=*/true);
    if (net.trains) {
      Function *train = m.getFunction("snn.impl._mlir_ciface_" + net.name +
                                      "_train_step");
      Function *forward =
          m.getFunction("snn.impl._mlir_ciface_" + net.name + "_forward");
      if (!train || !forward)
        return fail("the lowered module has no training entry points for @" +
                    net.name);
      buildStateCall(train, "_train_step", /*withRoles=*/false);
      buildStateCall(forward, "_forward", /*withRoles=*/false);
    }
    buildDescribe();
    return Error::success();
  }

private:
  /// A descriptor {allocated, aligned, offset, sizes[r], strides[r]} for a
  /// row-major buffer at `data`, on the stack; `rows` overrides dim 0.
  Value *descriptor(const BufferInfo &info, Value *data, Value *rows) {
    unsigned rank = info.shape.size();
    Type *i64 = b.getInt64Ty();
    auto *arr = ArrayType::get(i64, rank);
    auto *type = StructType::get(ctx, {b.getPtrTy(), b.getPtrTy(), i64, arr, arr});
    Value *desc = b.CreateAlloca(type);
    b.CreateStore(data, b.CreateStructGEP(type, desc, 0));
    b.CreateStore(data, b.CreateStructGEP(type, desc, 1));
    b.CreateStore(b.getInt64(0), b.CreateStructGEP(type, desc, 2));
    // Strides from the innermost dimension out; dim 0's stride never
    // depends on the number of rows.
    std::vector<Value *> sizes(rank), strides(rank);
    int64_t stride = 1;
    for (unsigned r = rank; r-- > 0;) {
      strides[r] = b.getInt64(stride);
      sizes[r] = (r == 0 && rows) ? rows : b.getInt64(info.shape[r]);
      stride *= info.shape[r];
    }
    for (unsigned r = 0; r < rank; ++r) {
      b.CreateStore(sizes[r], b.CreateInBoundsGEP(type, desc,
                                                  {b.getInt32(0), b.getInt32(3),
                                                   b.getInt32(r)}));
      b.CreateStore(strides[r], b.CreateInBoundsGEP(
                                    type, desc,
                                    {b.getInt32(0), b.getInt32(4),
                                     b.getInt32(r)}));
    }
    return desc;
  }

  /// Loads field `index` (a pointer) of a struct of pointers.
  Value *field(Value *structPtr, unsigned index) {
    Value *slot = b.CreateConstInBoundsGEP1_64(b.getPtrTy(), structPtr, index);
    return b.CreateLoad(b.getPtrTy(), slot);
  }

  /// `<net><suffix>(state[, roles])`: passes every state buffer (and the
  /// role mask, for reset) to `target`.
  void buildStateCall(Function *target, StringRef suffix, bool withRoles) {
    SmallVector<Type *> params = {b.getPtrTy()};
    if (withRoles)
      params.push_back(b.getInt32Ty());
    auto *type = FunctionType::get(b.getVoidTy(), params, false);
    Function *f = Function::Create(type, GlobalValue::ExternalLinkage,
                                   net.name + suffix.str(), m);
    b.SetInsertPoint(BasicBlock::Create(ctx, "entry", f));
    std::vector<Value *> args;
    if (withRoles)
      args.push_back(f->getArg(1));
    unsigned stateField = 0;
    for (const BufferInfo &info : net.buffers)
      if (info.role != "monitor")
        args.push_back(descriptor(info, field(f->getArg(0), stateField++),
                                  nullptr));
    b.CreateCall(target, args);
    b.CreateRetVoid();
  }

  void buildRun(Function *target) {
    auto *type = FunctionType::get(
        b.getVoidTy(), {b.getPtrTy(), b.getInt64Ty(), b.getPtrTy()}, false);
    Function *f = Function::Create(type, GlobalValue::ExternalLinkage,
                                   net.name + "_run", m);
    b.SetInsertPoint(BasicBlock::Create(ctx, "entry", f));
    Value *steps = f->getArg(1);
    std::vector<Value *> args = {steps};
    unsigned stateField = 0, recorderField = 0;
    for (const BufferInfo &info : net.buffers) {
      if (info.role != "monitor") {
        args.push_back(descriptor(info, field(f->getArg(0), stateField++),
                                  nullptr));
        continue;
      }
      // ceil(steps / every) rows, as the caller sized them.
      Value *rows = b.CreateUDiv(
          b.CreateAdd(steps, b.getInt64(info.every - 1)),
          b.getInt64(info.every));
      args.push_back(descriptor(info, field(f->getArg(2), recorderField++),
                                rows));
    }
    b.CreateCall(target, args);
    b.CreateRetVoid();
  }

  /// `snn_buffer_info` records: {name, role, dtype, rank, shape[4], every,
  /// field}; `field` indexes the state or (for monitors) the recorder struct.
  /// Shapes are logical: a spike monitor's last dimension is its neurons.
  void buildDescribe() {
    Type *i32 = b.getInt32Ty(), *i64 = b.getInt64Ty();
    auto *shapeTy = ArrayType::get(i64, 4);
    auto *infoTy = StructType::get(
        ctx, {b.getPtrTy(), b.getPtrTy(), i32, i32, shapeTy, i64, i32});
    std::vector<Constant *> records;
    unsigned stateField = 0, recorderField = 0;
    for (const BufferInfo &info : net.buffers) {
      std::vector<Constant *> dims;
      std::vector<int64_t> shape = info.logicalShape();
      for (unsigned r = 0; r < 4; ++r)
        dims.push_back(ConstantInt::get(i64, r < shape.size() ? shape[r] : 0));
      bool monitor = info.role == "monitor";
      records.push_back(ConstantStruct::get(
          infoTy,
          {stringConstant(info.name), stringConstant(info.role),
           ConstantInt::get(i32, info.dtypeCode()),
           ConstantInt::get(i32, info.shape.size()),
           ConstantArray::get(shapeTy, dims), ConstantInt::get(i64, info.every),
           ConstantInt::get(i32, monitor ? recorderField++ : stateField++)}));
    }
    auto *tableTy = ArrayType::get(infoTy, records.size());
    auto *table = new GlobalVariable(m, tableTy, /*isConstant=*/true,
                                     GlobalValue::PrivateLinkage,
                                     ConstantArray::get(tableTy, records),
                                     "snn.describe." + net.name);
    auto *type = FunctionType::get(b.getPtrTy(), {b.getPtrTy()}, false);
    Function *f = Function::Create(type, GlobalValue::ExternalLinkage,
                                   net.name + "_describe", m);
    b.SetInsertPoint(BasicBlock::Create(ctx, "entry", f));
    Value *count = f->getArg(0);
    BasicBlock *store = BasicBlock::Create(ctx, "store", f);
    BasicBlock *done = BasicBlock::Create(ctx, "done", f);
    b.CreateCondBr(b.CreateIsNull(count), done, store);
    b.SetInsertPoint(store);
    b.CreateStore(b.getInt64(records.size()), count);
    b.CreateBr(done);
    b.SetInsertPoint(done);
    b.CreateRet(table);
  }

  Constant *stringConstant(StringRef s) {
    return b.CreateGlobalString(s, "snn.str", 0, &m);
  }

  Module &m;
  const NetworkDescription &net;
  LLVMContext &ctx;
  IRBuilder<> b;
};
} // namespace

void mlir::snn::dropBufferAttributes(ModuleOp lowered) {
  for (auto fn : lowered.getOps<mlir::LLVM::LLVMFuncOp>())
    for (unsigned i = 0, e = fn.getNumArguments(); i < e; ++i)
      if (mlir::DictionaryAttr attrs = fn.getArgAttrDict(i)) {
        SmallVector<mlir::NamedAttribute> kept;
        for (mlir::NamedAttribute attr : attrs)
          if (!attr.getName().getValue().starts_with("snn."))
            kept.push_back(attr);
        fn.setArgAttrs(i, kept);
      }
}

Expected<std::unique_ptr<Module>>
mlir::snn::buildCpuModule(ModuleOp lowered, const NetworkDescription &net,
                          LLVMContext &context) {
  dropBufferAttributes(lowered);
  std::unique_ptr<Module> m =
      mlir::translateModuleToLLVMIR(lowered, context, net.name);
  if (!m)
    return fail("cannot translate @" + net.name + " to LLVM IR");
  if (Error err = EntryPoints(*m, net).build())
    return std::move(err);
  return m;
}

static std::string upper(StringRef s) {
  std::string out;
  for (char c : s)
    out += isAlnum(c) ? toUpper(c) : '_';
  return out;
}

static std::string shapeComment(const BufferInfo &info) {
  std::string s = "[";
  std::vector<int64_t> shape = info.logicalShape();
  for (size_t i = 0; i < shape.size(); ++i) {
    s += i ? ", " : "";
    s += (info.role == "monitor" && i == 0)
             ? std::string(info.every == 1 ? "steps"
                                           : formatv("ceil(steps / {0})",
                                                     info.every)
                                                 .str())
             : std::to_string(shape[i]);
  }
  s += "]";
  if (info.bits)
    s += formatv(" as bits: {0} word{1} per batch entry and step, neuron i "
                 "in bit i % 64 of word i / 64",
                 info.shape.back(), info.shape.back() == 1 ? "" : "s")
             .str();
  return s;
}

std::string mlir::snn::generateHeader(const NetworkDescription &net) {
  std::string n = net.name, N = upper(net.name);
  std::string out;
  raw_string_ostream os(out);
  os << "/* Generated by snn-compile from " << net.source
     << "; do not edit.\n"
     << " *\n"
     << " * Every buffer is allocated by the caller, row-major, and passed by\n"
     << " * the named pointers of " << n << "_state (and, for monitors, of\n"
     << " * " << n << "_recorder). Fill `seed` (one per batch entry) before\n"
     << " * " << n << "_init. A monitor recording every k steps needs\n"
     << " * ceil(steps / k) rows for a call of " << n
     << "_run(state, steps, rec). */\n";
  os << "#ifndef SNN_NETWORK_" << N << "_H\n#define SNN_NETWORK_" << N
     << "_H\n\n#include <stddef.h>\n#include <stdint.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  os << "#define " << N << "_BATCH " << net.batch << "\n";
  os << "#define " << N << "_DT_MS " << formatReal(net.dt) << "\n\n";
  os << "/* Elements of each state buffer, and of one recorded step of each\n"
     << " * monitor (" << N << "_REC_*; uint64_t words for spike bits). */\n";
  for (const BufferInfo &info : net.buffers) {
    int64_t count = 1;
    for (size_t i = info.role == "monitor" ? 1 : 0; i < info.shape.size(); ++i)
      count *= info.shape[i];
    os << "#define " << N << (info.role == "monitor" ? "_REC_" : "_")
       << upper(info.cName()) << "_SIZE " << count << "\n";
  }
  os << "\ntypedef struct " << n << "_state {\n";
  for (const BufferInfo &info : net.buffers)
    if (info.role != "monitor")
      os << "  " << info.cType() << " *" << info.cName()
         << "; /* " << info.role << " \"" << info.name << "\" "
         << shapeComment(info) << " */\n";
  os << "} " << n << "_state;\n\n";
  os << "typedef struct " << n << "_recorder {\n";
  bool anyMonitor = false;
  for (const BufferInfo &info : net.buffers)
    if (info.role == "monitor") {
      anyMonitor = true;
      os << "  " << info.cType() << " *" << info.cName()
         << "; /* monitor \"" << info.name
         << "\" " << shapeComment(info) << " */\n";
    }
  if (!anyMonitor)
    os << "  char unused; /* the network has no monitors */\n";
  os << "} " << n << "_recorder;\n\n";
  os << "#ifndef SNN_RESET_ROLES_DEFINED\n#define SNN_RESET_ROLES_DEFINED\n"
     << "/* Roles <net>_reset sets back to their initial values; scratch is\n"
     << " * always cleared, seeds and the step number never. */\n"
     << "enum {\n  SNN_RESET_STATE = 1,\n  SNN_RESET_WEIGHTS = 2,\n"
     << "  SNN_RESET_PARAMETERS = 4,\n  SNN_RESET_INPUTS = 8,\n"
     << "  SNN_RESET_ALL = 15\n};\n#endif\n\n";
  os << "#ifndef SNN_BUFFER_INFO_DEFINED\n#define SNN_BUFFER_INFO_DEFINED\n"
     << "/* What <net>_describe lists for every buffer; `field` indexes the\n"
     << " * state struct, or the recorder struct for monitors; dimension 0 of\n"
     << " * a monitor (its rows) is 0. Shapes are logical: a spike monitor of\n"
     << " * n neurons lists n, and records ceil(n / 64) words per batch entry\n"
     << " * and step. */\n"
     << "typedef struct snn_buffer_info {\n"
     << "  const char *name;\n  const char *role;\n"
     << "  int32_t dtype; /* 0 float32, 1 int64, 2 spike bits (uint64_t "
     << "words), 3 uint8 */\n"
     << "  int32_t rank;\n  int64_t shape[4];\n  int64_t every;\n"
     << "  int32_t field;\n} snn_buffer_info;\n#endif\n\n";
  os << "const snn_buffer_info *" << n << "_describe(size_t *count);\n";
  os << "void " << n << "_init(" << n << "_state *state);\n";
  os << "void " << n << "_run(" << n << "_state *state, int64_t steps, " << n
     << "_recorder *recorder);\n";
  os << "/* Between samples: `roles` is a mask of SNN_RESET_* values. */\n";
  os << "void " << n << "_reset(" << n << "_state *state, uint32_t roles);\n";
  if (net.trains)
    os << "/* Training (docs/training.md): one step of the optimiser on the\n"
       << " * inputs and train.label or train.target (forward, backward,\n"
       << " * update), and the forward pass alone (train.loss, train.logits).\n"
       << " * Neither resets the state. */\n"
       << "void " << n << "_train_step(" << n << "_state *state);\n"
       << "void " << n << "_forward(" << n << "_state *state);\n";
  os << "\n";
  os << "#ifdef __cplusplus\n}\n#endif\n\n#endif\n";
  return out;
}

Error mlir::snn::emitObject(Module &module, StringRef cpu, StringRef path,
                            bool assembly) {
  static std::once_flag once;
  std::call_once(once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
  });
  std::string tripleName = sys::getProcessTriple();
  Triple triple(tripleName);
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return fail("no target for " + tripleName + ": " + error);
  std::string cpuName =
      cpu == "host" ? sys::getHostCPUName().str() : cpu.str();
  std::string features;
  if (cpu == "host") {
    StringMap<bool> hostFeatures = sys::getHostCPUFeatures();
    for (auto &f : hostFeatures)
      features += (features.empty() ? "" : ",") +
                  std::string(f.second ? "+" : "-") + f.first().str();
  }
  TargetOptions options;
  // Constructors (a CUDA network loads its kernel modules in them) in
  // .init_array, which the dynamic loader runs; .ctors needs crtbegin.o.
  options.UseInitArray = true;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, cpuName, features, options, Reloc::PIC_, std::nullopt,
      CodeGenOptLevel::Aggressive));
  if (!tm)
    return fail("cannot create a target machine for " + cpuName);
  module.setDataLayout(tm->createDataLayout());
  module.setTargetTriple(triple);
  // The LLVM optimisation pipeline (O3: inlining, vectorisation) before
  // code generation, as the JIT runs it too.
  if (Error err = mlir::makeOptimizingTransformer(3, 0, tm.get())(&module))
    return err;
  std::error_code ec;
  ToolOutputFile out(path, ec, sys::fs::OF_None);
  if (ec)
    return fail("cannot write '" + path + "': " + ec.message());
  legacy::PassManager pm;
  if (tm->addPassesToEmitFile(pm, out.os(), nullptr,
                              assembly ? CodeGenFileType::AssemblyFile
                                       : CodeGenFileType::ObjectFile))
    return fail("the target cannot emit this file type");
  pm.run(module);
  out.keep();
  return Error::success();
}

Error mlir::snn::linkSharedLibrary(StringRef object, StringRef path,
                                   bool openmp, StringRef runtime) {
  auto lld = sys::findProgramByName("ld.lld");
  if (!lld)
    lld = sys::findProgramByName("ld.lld", {"/usr/lib/llvm-22/bin"});
  if (!lld)
    return fail("cannot find ld.lld to link '" + path +
                "' (install lld-22, or use --emit=obj)");
  std::string err;
  SmallVector<StringRef> args = {*lld, "-shared", "-o", path, object, "-lm",
                                 "-L/usr/lib/x86_64-linux-gnu",
                                 "-L/lib/x86_64-linux-gnu"};
  // Code with OpenMP loops calls libomp (__kmpc_*), found where the build
  // found it, at run time too.
  std::string rpath =
      ("-rpath=" + sys::path::parent_path(SNN_OMP_LIBRARY)).str();
  if (openmp) {
    if (!sys::fs::exists(SNN_OMP_LIBRARY))
      return fail("cannot link '" + path + "' with threads: " +
                  SNN_OMP_LIBRARY + " does not exist (install libomp-22-dev)");
    args.push_back(SNN_OMP_LIBRARY);
    args.push_back(rpath);
  }
  std::string runtimeRpath =
      ("-rpath=" + sys::path::parent_path(runtime)).str();
  if (!runtime.empty()) {
    args.push_back(runtime);
    args.push_back(runtimeRpath);
  }
  int rc = sys::ExecuteAndWait(*lld, args, std::nullopt, {}, 0, 0, &err);
  if (rc != 0)
    return fail("ld.lld failed to link '" + path + "'" +
                (err.empty() ? "" : ": " + err));
  return Error::success();
}
