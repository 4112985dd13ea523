//===- Output.cpp - snn-compile's messages, output files, runs ---------===//

#include "tools/snn-compile/Output.h"

#include "snnrt/snnrt.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace llvm;

int snncompile::fail(const Twine &message) {
  errs() << "snn-compile: " << message << "\n";
  return 1;
}

int snncompile::writeOutput(StringRef dir, StringRef name,
                            function_ref<void(raw_ostream &)> print,
                            bool announce, std::string *path) {
  SmallString<128> file(dir);
  sys::path::append(file, name);
  std::string error;
  auto out = mlir::openOutputFile(file, &error);
  if (!out)
    return fail(error);
  print(out->os());
  out->keep();
  if (announce)
    outs() << "wrote " << file << "\n";
  if (path)
    *path = file.str().str();
  return 0;
}

int snncompile::failRuntime(const Twine &context) {
  return fail(context + snnrt_last_error());
}

int snncompile::bindInput(snnrt_network *net, StringRef spec) {
  auto [name, file] = spec.split('=');
  if (name.empty() || file.empty())
    return fail("--input " + spec + ": expected NAME=FILE.npy");
  snnrt_buffer_desc desc;
  std::string nameStr = name.str(), fileStr = file.str();
  if (snnrt_find_buffer(net, nameStr.c_str(), &desc) != SNNRT_OK)
    return fail("--input " + spec + ": the network has no buffer '" + name +
                "'");
  if (StringRef(desc.role) != "input")
    return fail("--input " + spec + ": '" + name + "' is a " + desc.role +
                " buffer, not an input");
  if (snnrt_set_input_npy(net, nameStr.c_str(), fileStr.c_str()) != SNNRT_OK)
    return failRuntime("--input " + spec + ": ");
  return 0;
}

int snncompile::startRun(snnrt_network *net, int64_t batch, uint64_t seed,
                         StringRef load, ArrayRef<std::string> inputs) {
  std::vector<uint64_t> seeds;
  for (int64_t b = 0; b < batch; ++b)
    seeds.push_back(seed + b);
  if (snnrt_set_seeds(net, seeds.data(), seeds.size()) != SNNRT_OK ||
      snnrt_init(net) != SNNRT_OK)
    return failRuntime("");
  std::string loadPath = load.str();
  if (!load.empty() && snnrt_load_npz(net, loadPath.c_str()) != SNNRT_OK)
    return failRuntime("--load " + load + ": ");
  for (const std::string &spec : inputs)
    if (int rc = bindInput(net, spec))
      return rc;
  return 0;
}
