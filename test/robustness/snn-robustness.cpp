//===- snn-robustness.cpp - feed mutated inputs to snn-opt ----------------===//
//
// Bad input must end in a diagnostic and an exit code, never in a signal.
// This driver makes truncated and mutated copies of the given files with a
// fixed seed, runs snn-opt on each, and fails if any run was killed by a
// signal or hung. Offending inputs are kept for reproduction.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <random>
#include <string>
#include <vector>

using namespace llvm;

static cl::list<std::string> inputs(cl::Positional, cl::OneOrMore,
                                    cl::desc("<input .mlir files>"));
static cl::opt<std::string> snnOpt("snn-opt", cl::Required,
                                   cl::desc("Path of the snn-opt binary"));
static cl::opt<unsigned> seed("seed", cl::init(1),
                              cl::desc("Seed of the mutations"));
static cl::opt<unsigned> mutantsPerFile("count", cl::init(40),
                               cl::desc("Mutants per input file"));
static cl::opt<unsigned> timeout("timeout", cl::init(30),
                                 cl::desc("Seconds before a run counts as hung"));
static cl::list<std::string> passes(
    "pass", cl::desc("snn-opt flag to run on the odd mutants (repeatable; "
                     "default --snn-expand-prelude)"));
static cl::opt<std::string> keepDir(
    "keep", cl::init(""),
    cl::desc("Directory for inputs that crashed (default: a temp directory)"));

namespace {

/// Replacement text that tends to reach corner cases of parsers and
/// verifiers: extreme numbers, stray punctuation, other keywords.
const char *const kInteresting[] = {
    "0",  "-1", "1e40", "-1e40", "0x7FC00000", "99999999999999999999",
    "nan", "{",  "}",    "[",     "]",          "<",
    ">",  "@",  "%",    "\"",    ":",          "=",
    ",",  "f32", "i1",  "tensor<0xf32>", "#snn.dense", "snn.yield",
    "snn.get \"v\" : f32", "->", "model", "connect", "^bb1:", "//",
};

std::string mutate(const std::string &text, std::mt19937_64 &rng) {
  auto pick = [&](size_t n) {
    return n == 0 ? size_t(0) : std::uniform_int_distribution<size_t>(0, n - 1)(rng);
  };
  std::string out = text;
  switch (pick(7)) {
  case 0: // truncate
    out.resize(pick(out.size() + 1));
    break;
  case 1: { // delete a span
    size_t at = pick(out.size()), len = 1 + pick(40);
    out.erase(at, len);
    break;
  }
  case 2: { // overwrite one character
    if (!out.empty())
      out[pick(out.size())] = static_cast<char>(32 + pick(95));
    break;
  }
  case 3: { // insert an interesting token
    const char *tok = kInteresting[pick(std::size(kInteresting))];
    out.insert(pick(out.size() + 1), std::string(" ") + tok + " ");
    break;
  }
  case 4: { // replace a number with an interesting token
    std::vector<size_t> digits;
    for (size_t i = 0; i < out.size(); ++i)
      if (isDigit(out[i]) && (i == 0 || !isAlnum(out[i - 1])))
        digits.push_back(i);
    if (digits.empty())
      break;
    size_t at = digits[pick(digits.size())], end = at;
    while (end < out.size() && (isDigit(out[end]) || out[end] == '.'))
      ++end;
    out.replace(at, end - at, kInteresting[pick(6)]);
    break;
  }
  case 5: { // duplicate or drop a line
    SmallVector<StringRef> lines;
    StringRef(text).split(lines, '\n');
    size_t i = pick(lines.size());
    bool dup = pick(2);
    out.clear();
    for (size_t j = 0; j < lines.size(); ++j) {
      if (j == i && !dup)
        continue;
      out += lines[j].str() + "\n";
      if (j == i && dup)
        out += lines[j].str() + "\n";
    }
    break;
  }
  case 6: { // swap two symbol names (@a <-> @b)
    std::vector<std::pair<size_t, size_t>> syms;
    for (size_t i = 0; i < out.size(); ++i)
      if (out[i] == '@') {
        size_t e = i + 1;
        while (e < out.size() && (isAlnum(out[e]) || out[e] == '_'))
          ++e;
        syms.push_back({i, e});
      }
    if (syms.size() < 2)
      break;
    auto a = syms[pick(syms.size())], b = syms[pick(syms.size())];
    std::string nameB = out.substr(b.first, b.second - b.first);
    out.replace(a.first, a.second - a.first, nameB);
    break;
  }
  }
  return out;
}

} // namespace

int main(int argc, char **argv) {
  cl::ParseCommandLineOptions(argc, argv,
                              "Runs snn-opt on mutated copies of its inputs "
                              "and fails if any run ends by a signal.\n");
  SmallString<128> dir;
  if (keepDir.empty()) {
    if (std::error_code ec = sys::fs::createUniqueDirectory("snn-robustness", dir)) {
      errs() << "snn-robustness: cannot create a temp directory: "
             << ec.message() << "\n";
      return 2;
    }
  } else {
    dir = keepDir;
    sys::fs::create_directories(dir);
  }

  std::mt19937_64 rng(seed);
  unsigned runs = 0, crashes = 0, rejected = 0;
  for (const std::string &input : inputs) {
    auto buffer = MemoryBuffer::getFile(input);
    if (!buffer) {
      errs() << "snn-robustness: cannot read '" << input
             << "': " << buffer.getError().message() << "\n";
      return 2;
    }
    std::string text = (*buffer)->getBuffer().str();
    for (unsigned i = 0; i < mutantsPerFile; ++i) {
      std::string mutant = mutate(text, rng);
      if (i % 3 == 0) // stack a second mutation now and then
        mutant = mutate(mutant, rng);
      SmallString<128> path(dir);
      sys::path::append(path, sys::path::stem(input) + "-" + Twine(i) + ".mlir");
      {
        std::error_code ec;
        raw_fd_ostream os(path, ec);
        if (ec) {
          errs() << "snn-robustness: cannot write '" << path << "'\n";
          return 2;
        }
        os << mutant;
      }
      // Alternate between plain parsing/verification and a pass.
      std::string flag;
      if (i % 2)
        flag = passes.empty() ? "--snn-expand-prelude"
                              : passes[(i / 2) % passes.size()];
      SmallVector<StringRef> args = {snnOpt, path, "-o", "/dev/null"};
      if (!flag.empty())
        args.push_back(flag);
      std::string err;
      std::optional<StringRef> redirects[] = {StringRef(""), StringRef(""),
                                              StringRef("")};
      int rc = sys::ExecuteAndWait(snnOpt, args, std::nullopt, redirects,
                                   timeout, 0, &err);
      ++runs;
      if (rc == -1) {
        errs() << "snn-robustness: cannot run '" << snnOpt << "': " << err
               << "\n";
        return 2;
      }
      if (rc < 0) {
        ++crashes;
        errs() << "CRASH or HANG: " << path << " (" << err << ")\n";
        continue;
      }
      if (rc != 0)
        ++rejected;
      sys::fs::remove(path);
    }
  }
  outs() << "snn-robustness: " << runs << " runs, " << rejected
         << " rejected with a diagnostic, " << crashes
         << " ended by a signal or timeout\n";
  if (crashes == 0 && keepDir.empty())
    sys::fs::remove_directories(dir);
  return crashes == 0 ? 0 : 1;
}
