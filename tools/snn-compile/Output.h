//===- Output.h - snn-compile's messages and output files -------*- C++ -*-===//

#ifndef SNN_TOOLS_SNNCOMPILE_OUTPUT_H
#define SNN_TOOLS_SNNCOMPILE_OUTPUT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

typedef struct snnrt_network snnrt_network;

namespace snncompile {

/// Prints "snn-compile: <message>" to stderr; returns the exit code 1.
int fail(const llvm::Twine &message);

/// Writes `dir`/`name` with `print`, announcing "wrote <path>" when
/// `announce`; `path` (if given) receives the file's path. Returns the exit
/// code (1 with the reason printed when the file cannot be written).
int writeOutput(llvm::StringRef dir, llvm::StringRef name,
                llvm::function_ref<void(llvm::raw_ostream &)> print,
                bool announce, std::string *path = nullptr);

/// fail() with the runtime's last error after `context`.
int failRuntime(const llvm::Twine &context);

/// --input NAME=FILE.npy: copies the file into input buffer NAME of a
/// loaded network. Returns the exit code.
int bindInput(snnrt_network *net, llvm::StringRef spec);

/// The start of a run of a loaded network: entry b seeded with `seed` + b,
/// init, the checkpoint `load` (if not empty), then `inputs`
/// (NAME=FILE.npy each). Returns the exit code.
int startRun(snnrt_network *net, int64_t batch, uint64_t seed,
             llvm::StringRef load, llvm::ArrayRef<std::string> inputs);

} // namespace snncompile

#endif // SNN_TOOLS_SNNCOMPILE_OUTPUT_H
