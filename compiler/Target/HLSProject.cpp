//===- HLSProject.cpp - the C++ project of the HLS target -----------------===//

#include "compiler/Target/HLSProject.h"
#include "compiler/Target/HLSKernelArgs.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Target/Cpp/CppEmitter.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::snn;
using mlir::snn::hls::KernelArg;
using mlir::snn::hls::argumentList;
using mlir::snn::hls::cIdentifier;

namespace {

llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}


} // namespace

std::string hls::cIdentifier(llvm::StringRef name) {
  BufferInfo info;
  info.name = name.str();
  return info.cName();
}

namespace {

llvm::Expected<std::string> cTypeOf(Type type) {
  if (type.isF32())
    return std::string("snn_real");
  if (type.isF64())
    return std::string("double");
  if (type.isInteger(1))
    return std::string("bool");
  for (unsigned width : {8u, 16u, 32u, 64u})
    if (type.isInteger(width))
      return "int" + std::to_string(width) + "_t";
  if (isa<emitc::SizeTType, IndexType>(type))
    return std::string("size_t");
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type;
  return fail("an HLS kernel buffer of element type " + s +
              " has no C type here");
}

llvm::Expected<std::vector<KernelArg>> kernelArgs(emitc::FuncOp fn) {
  std::vector<KernelArg> args;
  for (unsigned i = 0, e = fn.getNumArguments(); i < e; ++i) {
    auto name = fn.getArgAttrOfType<StringAttr>(i, "snn.buffer");
    auto role = fn.getArgAttrOfType<StringAttr>(i, "snn.role");
    auto array = dyn_cast<emitc::ArrayType>(fn.getArgument(i).getType());
    if (!name || !role || !array)
      return fail("argument " + llvm::Twine(i) + " of @" + fn.getSymName() +
                  " is not a named buffer array");
    KernelArg arg;
    arg.name = name.str();
    arg.role = role.str();
    arg.id = cIdentifier(arg.name);
    auto cType = cTypeOf(array.getElementType());
    if (!cType)
      return cType.takeError();
    arg.cType = *cType;
    arg.shape.assign(array.getShape().begin(), array.getShape().end());
    args.push_back(std::move(arg));
  }
  return args;
}

std::string parameterList(llvm::ArrayRef<KernelArg> args) {
  std::string s;
  for (const KernelArg &a : args)
    s += (s.empty() ? "" : ", ") + a.cType + " " + a.id + a.dims();
  return s;
}

} // namespace

std::string hls::argumentList(llvm::ArrayRef<KernelArg> args,
                              llvm::StringRef prefix) {
  std::string s;
  for (const KernelArg &a : args)
    s += (s.empty() ? "" : ", ") + prefix.str() + a.id;
  return s;
}

namespace {

/// `text` with every occurrence of the identifier `word` replaced.
std::string replaceWord(llvm::StringRef text, llvm::StringRef word,
                        llvm::StringRef by) {
  auto isIdent = [](char c) { return llvm::isAlnum(c) || c == '_'; };
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t at = text.find(word, i);
    if (at == llvm::StringRef::npos) {
      out += text.substr(i);
      break;
    }
    size_t end = at + word.size();
    bool whole = (at == 0 || !isIdent(text[at - 1])) &&
                 (end == text.size() || !isIdent(text[end]));
    out += text.substr(i, at - i);
    out += whole ? by : word;
    i = end;
  }
  return out;
}

/// The interface of a buffer of the top functions: weights and spikes are
/// m_axi ports (bundles `weights` and `spikes`); the rest of the state is
/// on-chip memory (a bram port), partitioned cyclically along its last
/// dimension by `unroll` to feed the unrolled neuron loops.
void printInterface(llvm::raw_ostream &os, const KernelArg &a,
                    int64_t unroll) {
  if (a.role == "weight" || a.isSpike()) {
    os << "  SNN_PRAGMA(HLS INTERFACE mode=m_axi port=" << a.id
       << " offset=slave bundle=" << (a.isSpike() ? "spikes" : "weights")
       << " depth=" << a.elements() << ")\n";
    return;
  }
  os << "  SNN_PRAGMA(HLS INTERFACE mode=bram port=" << a.id
     << " storage_type=ram_2p)\n";
  if (unroll > 1 && a.shape.back() >= unroll)
    os << "  SNN_PRAGMA(HLS ARRAY_PARTITION variable=" << a.id
       << " type=cyclic factor=" << unroll << " dim=" << a.shape.size()
       << ")\n";
}

class Writer {
public:
  Writer(llvm::StringRef dir, llvm::function_ref<void(llvm::StringRef)> wrote)
      : dir(dir), wrote(wrote) {}

  llvm::Error file(llvm::StringRef name,
                   llvm::function_ref<void(llvm::raw_ostream &)> print) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, name);
    if (auto ec = llvm::sys::fs::create_directories(
            llvm::sys::path::parent_path(path)))
      return fail("cannot create " + llvm::sys::path::parent_path(path) +
                  ": " + ec.message());
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec)
      return fail("cannot write " + path + ": " + ec.message());
    print(os);
    os.close();
    if (os.has_error())
      return fail("cannot write " + path + ": " + os.error().message());
    wrote(path);
    return llvm::Error::success();
  }

  llvm::Error bytes(llvm::StringRef name, const void *data, size_t size) {
    return file(name, [&](llvm::raw_ostream &os) {
      os.write(static_cast<const char *>(data), size);
    });
  }

private:
  std::string dir;
  llvm::function_ref<void(llvm::StringRef)> wrote;
};


} // namespace

llvm::Error mlir::snn::writeHLSProject(
    ModuleOp module, llvm::StringRef net, const HLSReference &ref,
    const HLSProjectOptions &options, llvm::StringRef dir,
    llvm::function_ref<void(llvm::StringRef)> wrote) {
  std::string initName = (net + "_init").str(), stepName = (net + "_step").str();
  auto initFn = module.lookupSymbol<emitc::FuncOp>(initName);
  auto stepFn = module.lookupSymbol<emitc::FuncOp>(stepName);
  if (!initFn || !stepFn)
    return fail("the module has no emitc functions @" + initName + " and @" +
                stepName + " (run snn-to-hls first)");
  auto initArgs = kernelArgs(initFn);
  if (!initArgs)
    return initArgs.takeError();
  auto stepArgs = kernelArgs(stepFn);
  if (!stepArgs)
    return stepArgs.takeError();

  // The kernels become static functions the top functions call.
  MLIRContext *ctx = module.getContext();
  SymbolTable symbols(module);
  for (emitc::FuncOp fn : {initFn, stepFn}) {
    std::string kernel = (fn.getSymName() + "_kernel").str();
    if (failed(symbols.rename(fn, StringAttr::get(ctx, kernel))))
      return fail("cannot rename @" + fn.getSymName());
    fn.setSpecifiersAttr(ArrayAttr::get(ctx, {StringAttr::get(ctx, "static")}));
  }
  std::string kernels;
  {
    llvm::raw_string_ostream os(kernels);
    if (failed(emitc::translateToCpp(module, os)))
      return fail("cannot print the kernels as C++ (emitc)");
  }
  // The network's f32 values are snn_real (snn_hls.h: float, or the fixed
  // point format); EmitC prints them as float.
  kernels = replaceWord(kernels, "float", "snn_real");

  Writer out(dir, wrote);
  std::string generated = llvm::formatv(
      "Generated by snn-compile --target=hls{0} (docs/hls.md).\n",
      options.source.empty() ? "" : " from " + options.source);
  std::string header = "// " + generated;
  std::string guard = "SNN_HLS_" + llvm::StringRef(cIdentifier(net)).upper() + "_H";

  if (auto err = out.file("snn_hls.h", [&](llvm::raw_ostream &os) {
        os << hlsSupportHeader(options.fixedWidth, options.fixedInt);
      }))
    return err;

  // <net>.h: the two top functions.
  if (auto err = out.file((net + ".h").str(), [&](llvm::raw_ostream &os) {
        os << "// The HLS kernel of network @" << net << ".\n" << header;
        os << "#ifndef " << guard << "\n#define " << guard << "\n\n";
        os << "#include \"snn_hls.h\"\n\n";
        os << "// Writes every buffer's initial value; `seed` holds one seed "
              "per batch entry.\n";
        os << "void " << initName << "(" << parameterList(*initArgs) << ");\n\n";
        os << "// One step of the network: delivery, synapses, neurons, "
              "plasticity.\n// Weights and spikes are m_axi ports (bundles "
              "weights and spikes), the\n// rest of the state on-chip "
              "memory (bram ports), control s_axilite.\n";
        os << "void " << stepName << "(" << parameterList(*stepArgs) << ");\n\n";
        os << "#endif // " << guard << "\n";
      }))
    return err;

  // <net>.cpp: the kernels and the top functions with their interfaces.
  auto top = [&](llvm::raw_ostream &os, llvm::StringRef name,
                 llvm::ArrayRef<KernelArg> args) {
    os << "void " << name << "(" << parameterList(args) << ") {\n";
    for (const KernelArg &a : args)
      printInterface(os, a, options.unroll);
    os << "  SNN_PRAGMA(HLS INTERFACE mode=s_axilite port=return "
          "bundle=control)\n";
    os << "  " << name << "_kernel(" << argumentList(args) << ");\n}\n";
  };
  if (auto err = out.file((net + ".cpp").str(), [&](llvm::raw_ostream &os) {
        os << "// The HLS kernel of network @" << net << ".\n" << header;
        os << "// Plain C++14 over static arrays: no dynamic memory, no "
              "recursion, no\n// standard containers. Every innermost loop "
              "is pipelined.\n\n";
        os << "#include \"" << net << ".h\"\n#include \"snn_hls.h\"\n\n";
        os << kernels << "\n";
        top(os, initName, *initArgs);
        os << "\n";
        top(os, stepName, *stepArgs);
      }))
    return err;

  // data/: what the CPU target started from and recorded.
  auto dataName = [](llvm::StringRef kind, llvm::StringRef buffer) {
    return ("data/" + kind + "." + cIdentifier(buffer) + ".bin").str();
  };
  if (auto err = out.bytes("data/seed.bin", ref.seed.bytes.data(),
                           ref.seed.bytes.size()))
    return err;
  llvm::StringMap<const KernelArg *> byName;
  for (const KernelArg &a : *stepArgs)
    byName[a.name] = &a;
  std::vector<const RecordedBuffer *> replayed;
  for (const RecordedBuffer &b : ref.inputs) {
    const KernelArg *arg = byName.lookup(b.name);
    if (!arg)
      continue;
    if (size_t(arg->elements()) * arg->recordedBytes() != b.bytes.size())
      return fail("buffer '" + b.name + "': " + llvm::Twine(b.bytes.size()) +
                  " bytes recorded, the kernel's holds " +
                  llvm::Twine(arg->elements() * arg->recordedBytes()));
    replayed.push_back(&b);
    if (auto err = out.bytes(dataName("replay", b.name), b.bytes.data(),
                             b.bytes.size()))
      return err;
  }
  for (const auto &[info, values] : ref.monitors)
    if (auto err = out.bytes(dataName("monitor", info.name), values.data(),
                             values.size() * sizeof(float)))
      return err;
  for (const RecordedBuffer &b : ref.finals)
    if (byName.count(b.name))
      if (auto err = out.bytes(dataName("final", b.name), b.bytes.data(),
                               b.bytes.size()))
        return err;

  // The testbench.
  for (const KernelArg &a : *initArgs)
    if (!byName.count(a.name))
      return fail("@" + initName + " takes buffer '" + a.name + "', which @" +
                  stepName + " does not");
  for (const auto &[info, values] : ref.monitors)
    if (!byName.count(info.source))
      return fail("monitor '" + info.name + "' records buffer '" +
                  info.source + "', which the kernel does not have");
  if (auto err = out.file((net + "_tb.cpp").str(), [&](llvm::raw_ostream &os) {
        hls::printTestbench(os, net, header, *initArgs, *stepArgs, replayed,
                            ref, options.fixedWidth > 0);
      }))
    return err;

  // Vitis HLS and g++.
  if (auto err = out.file("run_hls.tcl", [&](llvm::raw_ostream &os) {
        os << "# Vitis HLS: C simulation and synthesis of @" << net
           << "'s step.\n# " << generated
           << "# vitis_hls -f run_hls.tcl\n";
        os << "open_project -reset " << net << "_hls\n";
        os << "set_top " << stepName << "\n";
        os << "add_files " << net
           << ".cpp -cflags \"-std=c++14 -ffp-contract=off\"\n";
        os << "add_files -tb " << net
           << "_tb.cpp -cflags \"-std=c++14 -ffp-contract=off\"\n";
        os << "add_files -tb data\n";
        os << "open_solution -reset solution1 -flow_target vitis\n";
        os << "set_part {" << options.part << "}\n";
        os << "create_clock -period " << llvm::format("%g", options.clockNs)
           << " -name default\n";
        os << "csim_design -argv data\n";
        os << "csynth_design\n";
        os << "exit\n";
      }))
    return err;
  return out.file("Makefile", [&](llvm::raw_ostream &os) {
    os << "# C simulation with g++: make csim\n# " << generated;
    os << "CXX ?= g++\n";
    os << "CXXFLAGS ?= -std=c++14 -O2 -Wall -Werror -ffp-contract=off\n\n";
    os << "csim: " << net << "_tb\n\t./" << net << "_tb data\n\n";
    os << net << "_tb: " << net << ".cpp " << net << "_tb.cpp " << net
       << ".h snn_hls.h\n";
    os << "\t$(CXX) $(CXXFLAGS) -o $@ " << net << ".cpp " << net
       << "_tb.cpp -lm\n\n";
    os << ".PHONY: csim\n";
  });
}
