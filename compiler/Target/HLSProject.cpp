//===- HLSProject.cpp - the C++ project of the HLS target -----------------===//

#include "compiler/Target/HLSProject.h"

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

namespace {

llvm::Error fail(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// A buffer as a kernel argument.
struct KernelArg {
  std::string name;  // "exc.v"
  std::string role;  // state, weight, ...
  std::string id;    // "exc_v": the C identifier
  std::string cType; // "float"
  std::vector<int64_t> shape;
  int64_t elements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
  /// "[1][3200]"
  std::string dims() const {
    std::string s;
    for (int64_t d : shape)
      s += "[" + std::to_string(d) + "]";
    return s;
  }
  bool isSpike() const { return cType == "int8_t"; }
  int64_t elementBytes() const {
    return cType == "int64_t" || cType == "double" ? 8
           : cType == "int8_t" || cType == "bool"  ? 1
           : cType == "int16_t"                    ? 2
                                                   : 4;
  }
  /// "&b_exc_v[0][0]": the first element, as a flat pointer.
  std::string first(llvm::StringRef prefix) const {
    std::string s = "&" + prefix.str() + id;
    for (size_t d = 0; d < shape.size(); ++d)
      s += "[0]";
    return s;
  }
};

std::string cIdentifier(llvm::StringRef name) {
  BufferInfo info;
  info.name = name.str();
  return info.cName();
}

llvm::Expected<std::string> cTypeOf(Type type) {
  if (type.isF32())
    return std::string("float");
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

std::string argumentList(llvm::ArrayRef<KernelArg> args,
                         llvm::StringRef prefix = "") {
  std::string s;
  for (const KernelArg &a : args)
    s += (s.empty() ? "" : ", ") + prefix.str() + a.id;
  return s;
}

/// The m_axi bundle of a buffer: weights, spikes, or the rest of the state.
llvm::StringRef bundleOf(const KernelArg &a) {
  if (a.role == "weight")
    return "weights";
  if (a.isSpike())
    return "spikes";
  return "state";
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

const char *kSupportHeader = R"(// snn_hls.h - what the C++ of snnc's HLS target needs beside <math.h>.
// Generated by snn-compile --target=hls (docs/hls.md).
#ifndef SNN_HLS_H
#define SNN_HLS_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// SNN_PRAGMA(HLS ...) is the directive `#pragma HLS ...` where an HLS tool
// synthesises the code (it defines __SYNTHESIS__), and nothing for a C++
// compiler, which would warn about a pragma it does not know.
#if defined(__SYNTHESIS__)
#define SNN_PRAGMA(x) _Pragma(#x)
#else
#define SNN_PRAGMA(x)
#endif

// The bits of a float as an integer and back (the kernels' polynomial math
// functions read and set exponents this way).
static inline int32_t snn_bits_f32_to_i32(float x) {
  int32_t i;
  memcpy(&i, &x, sizeof i);
  return i;
}
static inline float snn_bits_i32_to_f32(int32_t i) {
  float x;
  memcpy(&x, &i, sizeof x);
  return x;
}
static inline int64_t snn_bits_f64_to_i64(double x) {
  int64_t i;
  memcpy(&i, &x, sizeof i);
  return i;
}
static inline double snn_bits_i64_to_f64(int64_t i) {
  double x;
  memcpy(&x, &i, sizeof x);
  return x;
}

#endif // SNN_HLS_H
)";

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

  Writer out(dir, wrote);
  std::string generated = llvm::formatv(
      "Generated by snn-compile --target=hls{0} (docs/hls.md).\n",
      options.source.empty() ? "" : " from " + options.source);
  std::string header = "// " + generated;
  std::string guard = "SNN_HLS_" + llvm::StringRef(cIdentifier(net)).upper() + "_H";

  if (auto err = out.file("snn_hls.h", [&](llvm::raw_ostream &os) {
        os << kSupportHeader;
      }))
    return err;

  // <net>.h: the two top functions.
  if (auto err = out.file((net + ".h").str(), [&](llvm::raw_ostream &os) {
        os << "// The HLS kernel of network @" << net << ".\n" << header;
        os << "#ifndef " << guard << "\n#define " << guard << "\n\n";
        os << "#include <stddef.h>\n#include <stdint.h>\n\n";
        os << "// Writes every buffer's initial value; `seed` holds one seed "
              "per batch entry.\n";
        os << "void " << initName << "(" << parameterList(*initArgs) << ");\n\n";
        os << "// One step of the network: delivery, synapses, neurons, "
              "plasticity.\n// Buffers are m_axi ports (bundles weights, "
              "spikes and state), control\n// is s_axilite.\n";
        os << "void " << stepName << "(" << parameterList(*stepArgs) << ");\n\n";
        os << "#endif // " << guard << "\n";
      }))
    return err;

  // <net>.cpp: the kernels and the top functions with their interfaces.
  auto top = [&](llvm::raw_ostream &os, llvm::StringRef name,
                 llvm::ArrayRef<KernelArg> args) {
    os << "void " << name << "(" << parameterList(args) << ") {\n";
    for (const KernelArg &a : args)
      os << "  SNN_PRAGMA(HLS INTERFACE m_axi port=" << a.id
         << " offset=slave bundle=" << bundleOf(a)
         << " depth=" << a.elements() << ")\n";
    os << "  SNN_PRAGMA(HLS INTERFACE s_axilite port=return bundle=control)\n";
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
    if (size_t(arg->elements()) * arg->elementBytes() != b.bytes.size())
      return fail("buffer '" + b.name + "': " + llvm::Twine(b.bytes.size()) +
                  " bytes recorded, the kernel's holds " +
                  llvm::Twine(arg->elements() * arg->elementBytes()));
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
  auto tb = [&](llvm::raw_ostream &os) {
    os << "// C simulation testbench of network @" << net << ".\n" << header;
    os << R"(//
// Runs the kernel as the CPU target ran the network: the same seeds, the
// recorded inputs (data/replay.*, set after init), )" << ref.steps << R"( steps. After each step it compares every monitored
// buffer due that step with the CPU target's recording (data/monitor.*),
// and after the last the state and weights (data/final.*): bit for bit, or
// within SNN_TB_TOLERANCE when that is defined above 0. Prints what
// differs and PASS or FAIL; exits with 0 only on PASS.
//
// Usage: <net>_tb [DATA_DIR]   (default: data)

#include ")" << net << R"(.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#ifndef SNN_TB_TOLERANCE
#define SNN_TB_TOLERANCE 0.0
#endif

static const long kSteps = )" << ref.steps << R"(;

// The kernel's buffers.
)";
    for (const KernelArg &a : *stepArgs)
      os << "static " << a.cType << " b_" << a.id << a.dims() << ";\n";
    os << R"(
static const char *dataDir = "data";

static FILE *openData(const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dataDir, name);
  FILE *f = fopen(path, "rb");
  if (!f)
    fprintf(stderr, "cannot open %s\n", path);
  return f;
}

// Reads exactly `bytes` bytes of `f` into `to`.
static int readExactly(FILE *f, const char *name, void *to, size_t bytes) {
  if (fread(to, 1, bytes, f) != bytes) {
    fprintf(stderr, "%s: fewer bytes than the kernel's buffer holds\n", name);
    return 0;
  }
  return 1;
}

// A whole file into `to`, which must be exactly its size.
static int load(const char *name, void *to, size_t bytes) {
  FILE *f = openData(name);
  if (!f)
    return 0;
  int ok = readExactly(f, name, to, bytes);
  char extra;
  if (ok && fread(&extra, 1, 1, f) == 1) {
    fprintf(stderr, "%s: more bytes than the kernel's buffer holds\n", name);
    ok = 0;
  }
  fclose(f);
  return ok;
}

static inline int sameFloat(float got, float want) {
  if (SNN_TB_TOLERANCE > 0)
    return fabs((double)got - (double)want) <= SNN_TB_TOLERANCE ||
           (got != got && want != want);
  return memcmp(&got, &want, sizeof got) == 0;
}

// Compares `n` values; prints the first difference. Returns the number of
// differences.
static inline long compareFloats(const char *what, long step, const float *got,
                          const float *want, long n) {
  long bad = 0;
  for (long i = 0; i < n; ++i)
    if (!sameFloat(got[i], want[i]) && bad++ == 0)
      printf("%s: step %ld, element %ld: %.9g (%a), CPU target %.9g (%a)\n",
             what, step, i, got[i], got[i], want[i], want[i]);
  return bad;
}

// Spikes (0 or 1 per neuron) against a recording of 0.0 and 1.0.
static inline long compareSpikes(const char *what, long step, const int8_t *got,
                          const float *want, long n) {
  long bad = 0;
  for (long i = 0; i < n; ++i)
    if ((got[i] != 0) != (want[i] != 0.0f) && bad++ == 0)
      printf("%s: step %ld, neuron %ld: %s, CPU target %s\n", what, step, i,
             got[i] ? "spike" : "no spike", want[i] != 0.0f ? "spike" : "none");
  return bad;
}

template <typename T>
static inline long compareExact(const char *what, const T *got, const T *want,
                         long n) {
  long bad = 0;
  for (long i = 0; i < n; ++i)
    if (got[i] != want[i] && bad++ == 0)
      printf("%s: element %ld: %lld, CPU target %lld\n", what, i,
             (long long)got[i], (long long)want[i]);
  return bad;
}

static void step() {
  )" << stepName << "(" << argumentList(*stepArgs, "b_") << R"();
}

int main(int argc, char **argv) {
  if (argc > 1)
    dataDir = argv[1];
  long differences = 0;
  if (!load("seed.bin", b_seed, sizeof b_seed))
    return 2;
  )" << initName << "(";
    {
      std::string list;
      for (const KernelArg &a : *initArgs)
        list += (list.empty() ? "b_" : ", b_") + a.id;
      os << list;
    }
    os << ");\n";
    for (const RecordedBuffer *b : replayed) {
      std::string id = cIdentifier(b->name);
      os << "  if (!load(\"replay." << id << ".bin\", b_" << id
         << ", sizeof b_" << id << "))\n    return 2;\n";
    }
    // Monitors: a file each, read a row at a time.
    unsigned m = 0;
    for (const auto &[info, values] : ref.monitors) {
      const KernelArg &src = *byName.lookup(info.source);
      os << "  static float want" << m << "[" << src.elements() << "];\n";
      os << "  long differences" << m << " = 0, rows" << m << " = 0;\n";
      os << "  FILE *monitor" << m << " = openData(\"monitor."
         << cIdentifier(info.name) << ".bin\");\n";
      os << "  if (!monitor" << m << ")\n    return 2;\n";
      ++m;
    }
    os << "  for (long t = 0; t < kSteps; ++t) {\n    step();\n";
    m = 0;
    for (const auto &[info, values] : ref.monitors) {
      const KernelArg &src = *byName.lookup(info.source);
      std::string what = "\"" + info.name + " (" + src.name + ")\"";
      os << "    if (t % " << info.every << " == 0) {\n";
      os << "      if (!readExactly(monitor" << m << ", " << what << ", want"
         << m << ", sizeof want" << m << "))\n        return 2;\n";
      os << "      differences" << m << " += "
         << (src.isSpike() ? "compareSpikes" : "compareFloats") << "(" << what
         << ", t, " << src.first("b_") << ", want" << m << ", "
         << src.elements() << ");\n";
      os << "      ++rows" << m << ";\n    }\n";
      ++m;
    }
    os << "  }\n";
    m = 0;
    for (const auto &[info, values] : ref.monitors) {
      os << "  fclose(monitor" << m << ");\n";
      os << "  printf(\"monitor " << info.name << ": %ld steps compared, "
         << "%ld values differ\\n\", rows" << m << ", differences" << m
         << ");\n";
      os << "  differences += differences" << m << ";\n";
      ++m;
    }
    for (const RecordedBuffer &b : ref.finals) {
      const KernelArg *a = byName.lookup(b.name);
      if (!a)
        continue;
      std::string first = a->first("b_");
      os << "  {\n    static " << a->cType << " want[" << a->elements()
         << "];\n    if (!load(\"final." << a->id
         << ".bin\", want, sizeof want))\n      return 2;\n";
      os << "    long bad = ";
      if (a->cType == "float")
        os << "compareFloats(\"" << a->name << " after the last step\", kSteps, "
           << first << ", want, " << a->elements() << ");\n";
      else
        os << "compareExact(\"" << a->name << " after the last step\", "
           << first << ", want, " << a->elements() << ");\n";
      os << "    printf(\"final " << a->name
         << ": %ld values differ\\n\", bad);\n    differences += bad;\n  }\n";
    }
    os << R"(  printf("%s: %ld values differ from the CPU target (tolerance %g)\n",
         differences ? "FAIL" : "PASS", differences, (double)SNN_TB_TOLERANCE);
  return differences ? 1 : 0;
}
)";
  };
  if (auto err = out.file((net + "_tb.cpp").str(), tb))
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
