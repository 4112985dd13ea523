//===- Output.cpp - snn-compile's messages and output files ---------------===//

#include "tools/snn-compile/Output.h"

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
