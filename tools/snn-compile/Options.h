//===- Options.h - snn-compile's command-line options -----------*- C++ -*-===//

#ifndef SNN_TOOLS_SNNCOMPILE_OPTIONS_H
#define SNN_TOOLS_SNNCOMPILE_OPTIONS_H

#include "llvm/Support/CommandLine.h"

#include <cstdint>
#include <string>

namespace snncompile::opt {

extern llvm::cl::OptionCategory category;
extern llvm::cl::opt<std::string> input;
extern llvm::cl::opt<std::string> nirTimestep;
extern llvm::cl::opt<std::string> nirDiscretize;
extern llvm::cl::opt<std::string> target;
extern llvm::cl::opt<std::string> emit;
extern llvm::cl::opt<std::string> gpuArch;
extern llvm::cl::opt<std::string> cpu;
extern llvm::cl::opt<std::string> networkName;
extern llvm::cl::opt<std::string> outputDir;
extern llvm::cl::opt<bool> runIt;
extern llvm::cl::opt<int64_t> steps;
extern llvm::cl::opt<uint64_t> seed;
extern llvm::cl::opt<std::string> outDir;
extern llvm::cl::list<std::string> record;
extern llvm::cl::list<std::string> inputs;
extern llvm::cl::opt<std::string> loadFile;
extern llvm::cl::opt<std::string> summaryJson;
extern llvm::cl::opt<bool> eventDriven;
extern llvm::cl::opt<bool> fuse;
extern llvm::cl::opt<bool> hoistParameters;
extern llvm::cl::opt<int64_t> minParallelElements;
extern llvm::cl::opt<bool> parallelBatch;
extern llvm::cl::opt<bool> hoistTime;
extern llvm::cl::opt<bool> vectorize;
extern llvm::cl::opt<bool> fpStrict;
extern llvm::cl::opt<std::string> hlsPart;
extern llvm::cl::opt<std::string> hlsFixed;
extern llvm::cl::opt<int64_t> hlsUnroll;
extern llvm::cl::opt<double> hlsClock;

/// --threads K (registered by main: a library linked into the tool has an
/// option of that name, which this renames out of the way).
extern unsigned threads;
void registerThreadsOption();

/// --hls-fixed=W,I into `width` and `integer` (both 0 without it); false if
/// malformed or out of range.
bool parseFixedFormat(int &width, int &integer);

} // namespace snncompile::opt

#endif // SNN_TOOLS_SNNCOMPILE_OPTIONS_H
