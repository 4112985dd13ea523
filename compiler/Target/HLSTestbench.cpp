//===- HLSTestbench.cpp - the HLS project's C simulation testbench --------===//

#include "compiler/Target/HLSKernelArgs.h"

#include "llvm/ADT/StringMap.h"

#include <algorithm>

using namespace mlir::snn;
using namespace mlir::snn::hls;

void hls::printTestbench(llvm::raw_ostream &os, llvm::StringRef net,
                         llvm::StringRef header,
                         llvm::ArrayRef<KernelArg> initArgs,
                         llvm::ArrayRef<KernelArg> stepArgs,
                         llvm::ArrayRef<const RecordedBuffer *> replayed,
                         const HLSReference &ref, bool fixedPoint) {
  llvm::StringMap<const KernelArg *> byName;
  for (const KernelArg &a : stepArgs)
    byName[a.name] = &a;
  os << "// C simulation testbench of network @" << net << ".\n" << header;
  os << R"(//
// Runs the kernel as the CPU target ran the network: the same seeds, the
// recorded inputs (data/replay.*, set after init), )" << ref.steps << R"( steps. After each step it compares every monitored
// buffer due that step with the CPU target's recording (data/monitor.*),
// and after the last the state and weights (data/final.*): bit for bit, or
// within SNN_TB_TOLERANCE when that is defined above 0 (fixed point: the
// kernel's snn_real values converted to float). Prints the first
// difference and the largest of each buffer, and PASS or FAIL; exits with
// 0 only on PASS.
//
// Usage: <net>_tb [DATA_DIR [OUT_DIR]]   (DATA_DIR default: data)
// With OUT_DIR, the kernel's state and weights after the last step are
// written there as final.<buffer>.bin (float32 for its real values).

#include ")" << net << R"(.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#ifndef SNN_TB_TOLERANCE
#define SNN_TB_TOLERANCE 0.0
#endif
// With SNN_TB_STATISTICS (the default of fixed-point projects), the
// comparison is statistical instead: each spike monitor's spike count over
// the run, the mean of each recorded row and of each weight buffer after
// the last step, within SNN_TB_RELATIVE of the CPU target's (relative);
// the final state is shown, not judged. The largest difference of single
// values is still printed.
#ifndef SNN_TB_STATISTICS
#define SNN_TB_STATISTICS )" << (fixedPoint ? 1 : 0) << R"(
#endif
#ifndef SNN_TB_RELATIVE
#define SNN_TB_RELATIVE 0.05
#endif

static const long kSteps = )" << ref.steps << R"(;

// The kernel's buffers.
)";
  for (const KernelArg &a : stepArgs)
    os << "static " << a.cType << " b_" << a.id << a.dims() << ";\n";
  os << R"(
static const char *dataDir = "data";
static const char *outDir = 0;

// With OUT_DIR: the kernel's buffer `id` after the last step.
static inline void writeFinal(const char *id, const void *data, size_t bytes) {
  if (!outDir)
    return;
  char path[4096];
  snprintf(path, sizeof path, "%s/final.%s.bin", outDir, id);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, bytes, f) != bytes)
    fprintf(stderr, "cannot write %s\n", path);
  if (f)
    fclose(f);
}
static inline void writeFinalReals(const char *id, const snn_real *data,
                                   long n) {
  static float values[)" << [&] {
    int64_t most = 1;
    for (const KernelArg &a : stepArgs)
      most = std::max(most, a.elements());
    return most;
  }() << R"(];
  for (long i = 0; i < n; ++i)
    values[i] = snn_to_float(data[i]);
  writeFinal(id, values, n * sizeof(float));
}

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

// A file of float32 values into `n` snn_real values (exact for float).
static inline int loadReal(const char *name, snn_real *to, long n) {
  FILE *f = openData(name);
  if (!f)
    return 0;
  int ok = 1;
  for (long i = 0; ok && i < n; ++i) {
    float x;
    ok = readExactly(f, name, &x, sizeof x);
    to[i] = snn_real(x);
  }
  char extra;
  if (ok && fread(&extra, 1, 1, f) == 1) {
    fprintf(stderr, "%s: more values than the kernel's buffer holds\n", name);
    ok = 0;
  }
  fclose(f);
  return ok;
}

static double largest = 0; // the largest difference of the last comparisons

static inline int sameFloat(float got, float want) {
  if (got == got && want == want) {
    double d = fabs((double)got - (double)want);
    largest = d > largest ? d : largest;
  }
  if (SNN_TB_TOLERANCE > 0)
    return fabs((double)got - (double)want) <= SNN_TB_TOLERANCE ||
           (got != got && want != want);
  return memcmp(&got, &want, sizeof got) == 0;
}

// Compares `n` values; prints the first difference. Returns the number of
// differences.
static inline long compareReals(const char *what, long step,
                                const snn_real *got, const float *want,
                                long n) {
  long bad = 0;
  for (long i = 0; i < n; ++i) {
    float g = snn_to_float(got[i]);
    if (!sameFloat(g, want[i]) && bad++ == 0)
      printf("%s: step %ld, element %ld: %.9g (%a), CPU target %.9g (%a)\n",
             what, step, i, g, g, want[i], want[i]);
  }
  return bad;
}

// Spikes (0 or 1 per neuron) against a recording of 0.0 and 1.0.
static inline long compareSpikes(const char *what, long step,
                                 const int8_t *got, const float *want,
                                 long n) {
  long bad = 0;
  for (long i = 0; i < n; ++i)
    if ((got[i] != 0) != (want[i] != 0.0f) && bad++ == 0)
      printf("%s: step %ld, neuron %ld: %s, CPU target %s\n", what, step, i,
             got[i] ? "spike" : "no spike", want[i] != 0.0f ? "spike" : "none");
  return bad;
}

static inline int withinRelative(double got, double want) {
  return fabs(got - want) <= SNN_TB_RELATIVE * fabs(want) + 1e-12;
}

// Values: one by one, or with statistics their means. Returns the number of
// differences (with statistics: 1 if the means differ).
static inline long checkReals(const char *what, long step, const snn_real *got,
                              const float *want, long n) {
  if (!SNN_TB_STATISTICS)
    return compareReals(what, step, got, want, n);
  double sumGot = 0, sumWant = 0;
  for (long i = 0; i < n; ++i) {
    float g = snn_to_float(got[i]);
    sameFloat(g, want[i]); // the largest difference
    sumGot += g;
    sumWant += want[i];
  }
  if (withinRelative(sumGot / n, sumWant / n))
    return 0;
  printf("%s: step %ld: mean %.9g, CPU target %.9g\n", what, step,
         sumGot / n, sumWant / n);
  return 1;
}

// Spikes: one by one, or with statistics counted into the totals only.
static inline long checkSpikes(const char *what, long step, const int8_t *got,
                               const float *want, long n, long *gotTotal,
                               long *wantTotal) {
  for (long i = 0; i < n; ++i) {
    *gotTotal += got[i] != 0;
    *wantTotal += want[i] != 0.0f;
  }
  return SNN_TB_STATISTICS ? 0 : compareSpikes(what, step, got, want, n);
}

// With statistics: the spike counts. Returns 1 if they differ.
static inline long checkCount(const char *what, long got, long want) {
  printf("%s: %ld spikes, CPU target %ld\n", what, got, want);
  return SNN_TB_STATISTICS && !withinRelative((double)got, (double)want);
}

template <typename T>
static inline long compareExact(const char *what, const T *got,
                                const T *want, long n) {
  long bad = 0;
  for (long i = 0; i < n; ++i)
    if (got[i] != want[i] && bad++ == 0)
      printf("%s: element %ld: %lld, CPU target %lld\n", what, i,
             (long long)got[i], (long long)want[i]);
  return bad;
}

static void step() {
  )" << net << "_step" << "(" << argumentList(stepArgs, "b_") << R"();
}

int main(int argc, char **argv) {
  if (argc > 1)
    dataDir = argv[1];
  if (argc > 2)
    outDir = argv[2];
  long differences = 0;
  if (!load("seed.bin", b_seed, sizeof b_seed))
    return 2;
  )" << net << "_init" << "(";
  {
    std::string list;
    for (const KernelArg &a : initArgs)
      list += (list.empty() ? "b_" : ", b_") + a.id;
    os << list;
  }
  os << ");\n";
  for (const RecordedBuffer *b : replayed) {
    const KernelArg &a = *byName.lookup(b->name);
    if (a.isReal())
      os << "  if (!loadReal(\"replay." << a.id << ".bin\", " << a.first("b_")
         << ", " << a.elements() << "))\n    return 2;\n";
    else
      os << "  if (!load(\"replay." << a.id << ".bin\", b_" << a.id
         << ", sizeof b_" << a.id << "))\n    return 2;\n";
  }
  // Monitors: a file each, read a row at a time.
  unsigned m = 0;
  for (const auto &[info, values] : ref.monitors) {
    const KernelArg &src = *byName.lookup(info.source);
    os << "  static float want" << m << "[" << src.elements() << "];\n";
    os << "  long differences" << m << " = 0, rows" << m << " = 0;\n";
    if (src.isSpike())
      os << "  long spikes" << m << " = 0, wantSpikes" << m << " = 0;\n";
    os << "  double largest" << m << " = 0;\n";
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
    os << "      largest = largest" << m << ";\n";
    os << "      differences" << m << " += "
       << (src.isSpike() ? "checkSpikes" : "checkReals") << "(" << what
       << ", t, " << src.first("b_") << ", want" << m << ", "
       << src.elements();
    if (src.isSpike())
      os << ", &spikes" << m << ", &wantSpikes" << m;
    os << ");\n";
    os << "      largest" << m << " = largest;\n";
    os << "      ++rows" << m << ";\n    }\n";
    ++m;
  }
  os << "  }\n";
  m = 0;
  for (const auto &[info, values] : ref.monitors) {
    const KernelArg &src = *byName.lookup(info.source);
    os << "  fclose(monitor" << m << ");\n";
    if (src.isSpike())
      os << "  differences" << m << " += checkCount(\"monitor " << info.name
         << "\", spikes" << m << ", wantSpikes" << m << ");\n";
    os << "  printf(\"monitor " << info.name << ": %ld steps compared, "
       << "%ld values differ, largest difference %g\\n\", rows" << m
       << ", differences" << m << ", largest" << m << ");\n";
    os << "  differences += differences" << m << ";\n";
    ++m;
  }
  for (const RecordedBuffer &b : ref.finals) {
    const KernelArg *a = byName.lookup(b.name);
    if (!a)
      continue;
    std::string first = a->first("b_");
    os << "  {\n    static " << (a->isReal() ? "float" : a->cType) << " want["
       << a->elements() << "];\n    if (!load(\"final." << a->id
       << ".bin\", want, sizeof want))\n      return 2;\n";
    os << "    largest = 0;\n    long bad = ";
    if (a->isReal())
      os << "checkReals(\"" << a->name << " after the last step\", kSteps, "
         << first << ", want, " << a->elements() << ");\n";
    else
      // (Spikes are the spike monitors' business with statistics.)
      os << (a->isSpike() ? "SNN_TB_STATISTICS ? 0 : " : "")
         << "compareExact(\"" << a->name << " after the last step\", "
         << first << ", want, " << a->elements() << ");\n";
    if (a->isReal())
      os << "    writeFinalReals(\"" << a->id << "\", " << first << ", "
         << a->elements() << ");\n";
    else
      os << "    writeFinal(\"" << a->id << "\", b_" << a->id << ", sizeof b_"
         << a->id << ");\n";
    os << "    printf(\"final " << a->name
       << ": %ld values differ, largest difference %g\\n\", bad, "
          "largest);\n";
    // With statistics, a snapshot of the state after the last step is
    // shown, not judged: in a chaotic network the means at one instant
    // fluctuate with which neurons fired just before it; the monitors'
    // series and the weights are judged.
    if (a->role == "weight")
      os << "    differences += bad;\n  }\n";
    else
      os << "    differences += SNN_TB_STATISTICS ? 0 : bad;\n  }\n";
  }
  os << R"(  if (SNN_TB_STATISTICS)
    printf("%s: %ld statistics differ from the CPU target by more than %g "
           "(relative)\n", differences ? "FAIL" : "PASS", differences,
           (double)SNN_TB_RELATIVE);
  else
    printf("%s: %ld values differ from the CPU target (tolerance %g)\n",
           differences ? "FAIL" : "PASS", differences,
           (double)SNN_TB_TOLERANCE);
  return differences ? 1 : 0;
}
)";
}
