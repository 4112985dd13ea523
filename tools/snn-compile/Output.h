//===- Output.h - snn-compile's messages and output files -------*- C++ -*-===//

#ifndef SNN_TOOLS_SNNCOMPILE_OUTPUT_H
#define SNN_TOOLS_SNNCOMPILE_OUTPUT_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace snncompile {

/// Prints "snn-compile: <message>" to stderr; returns the exit code 1.
int fail(const llvm::Twine &message);

/// Writes `dir`/`name` with `print`, announcing "wrote <path>" when
/// `announce`; `path` (if given) receives the file's path. Returns the exit
/// code (1 with the reason printed when the file cannot be written).
int writeOutput(llvm::StringRef dir, llvm::StringRef name,
                llvm::function_ref<void(llvm::raw_ostream &)> print,
                bool announce, std::string *path = nullptr);

} // namespace snncompile

#endif // SNN_TOOLS_SNNCOMPILE_OUTPUT_H
