//===- CudaTarget.cpp - snn-compile --target=cuda ---------------------------===//

#include "tools/snn-compile/CudaTarget.h"
#include "tools/snn-compile/Output.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/Target/CpuObject.h"
#include "compiler/Target/NetworkABI.h"
#include "snnrt/snnrt.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ToolOutputFile.h"

#include <dlfcn.h>

using namespace llvm;

using snncompile::fail;

int snncompile::emitCuda(mlir::ModuleOp module,
                         mlir::snn::NetworkDescription &net, StringRef kind,
                         StringRef dir, StringRef arch, bool announce) {
  if (!arch.starts_with("sm_"))
    return fail("--gpu-arch=" + arch + ": expected sm_<NN>, e.g. sm_80");
  StringRef network = net.name;
  mlir::snn::CPUPipelineOptions schedule;
  schedule.hoistTime = false;
  mlir::PassManager pm(module.getContext());
  mlir::snn::buildSchedulePipeline(pm, schedule);
  if (failed(pm.run(module)))
    return 1; // the diagnostics name the op
  net.trains = bool(
      module.lookupSymbol<mlir::func::FuncOp>(net.name + "_train_step"));
  auto buffers = mlir::snn::describeBuffers(
      module.lookupSymbol<mlir::func::FuncOp>(net.name + "_run"));
  if (!buffers)
    return fail(toString(buffers.takeError()));
  net.buffers = std::move(*buffers);
  mlir::snn::CUDAPipelineOptions options;
  options.chip = arch.str();
  options.format = "isa";
  mlir::PassManager lower(module.getContext());
  mlir::snn::buildScheduledToCUDAPipeline(lower, options);
  if (failed(lower.run(module)))
    return 1;
  if (auto ec = sys::fs::create_directories(dir))
    return fail("cannot create '" + dir + "': " + ec.message());
  auto write = [&](StringRef name, function_ref<void(raw_ostream &)> print,
                   std::string *where = nullptr) {
    return snncompile::writeOutput(dir, name, print, announce, where);
  };

  if (kind == "mlir")
    return write(network.str() + ".cuda.mlir",
                 [&](raw_ostream &os) { module.print(os); });

  // The kernels: one PTX module per gpu.binary, and its cubin.
  auto ptxas = sys::findProgramByName("ptxas");
  if (!ptxas && announce)
    outs() << "ptxas not found on PATH: no cubins (the driver compiles the "
              "PTX when it loads it)\n";
  for (auto binary : module.getOps<mlir::gpu::BinaryOp>()) {
    for (mlir::Attribute a : binary.getObjects()) {
      auto object = cast<mlir::gpu::ObjectAttr>(a);
      std::string ptxPath;
      if (int rc = write(binary.getSymName().str() + ".ptx",
                         [&](raw_ostream &os) { os << object.getObject().getValue(); },
                         &ptxPath))
        return rc;
      if (!ptxas)
        continue;
      SmallString<128> cubin(dir);
      sys::path::append(cubin, binary.getSymName() + ".cubin");
      std::string archFlag = ("-arch=" + arch).str();
      std::string cubinPath = cubin.str().str();
      SmallVector<StringRef> args = {*ptxas, archFlag, "-o", cubinPath, ptxPath};
      std::string error;
      if (sys::ExecuteAndWait(*ptxas, args, std::nullopt, {}, 0, 0, &error) != 0)
        return fail("ptxas could not assemble " + ptxPath +
                    (error.empty() ? "" : ": " + error));
      if (announce)
        outs() << "wrote " << cubinPath << "\n";
    }
  }
  // The host code: the time loop, scalar code, and the launches, which call
  // the runtime's mgpu* functions with the PTX embedded; with the entry
  // points of the ABI and `<net>_target` = "cuda" (the runtime then
  // allocates managed memory and needs a driver).
  LLVMContext llvmCtx;
  auto llvmModule = mlir::snn::buildCpuModule(module, net, llvmCtx);
  if (!llvmModule)
    return fail(toString(llvmModule.takeError()));
  auto *marker = ConstantDataArray::getString(llvmCtx, "cuda");
  new GlobalVariable(**llvmModule, marker->getType(), /*isConstant=*/true,
                     GlobalValue::ExternalLinkage, marker,
                     network + "_target");
  if (kind == "ptx")
    return write(network.str() + ".host.ll", [&](raw_ostream &os) {
      (*llvmModule)->print(os, nullptr);
    });
  SmallString<128> object(dir);
  sys::path::append(object, network + ".o");
  if (Error err = mlir::snn::emitObject(**llvmModule, "host", object, false))
    return fail(toString(std::move(err)));
  if (announce)
    outs() << "wrote " << object << "\n";
  if (int rc = write(network.str() + ".h", [&](raw_ostream &os) {
        os << mlir::snn::generateHeader(net);
      }))
    return rc;
  // libsnnrt provides the mgpu* functions: the one this tool runs with.
  Dl_info self;
  if (!::dladdr(reinterpret_cast<void *>(&snnrt_last_error), &self) ||
      !self.dli_fname)
    return fail("cannot find libsnnrt.so to link the CUDA library with");
  SmallString<128> lib(dir);
  sys::path::append(lib, "lib" + network + ".so");
  if (Error err = mlir::snn::linkSharedLibrary(object, lib, false,
                                               self.dli_fname))
    return fail(toString(std::move(err)));
  if (announce)
    outs() << "wrote " << lib << "\n";
  return 0;
}
