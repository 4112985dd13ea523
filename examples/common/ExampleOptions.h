//===- ExampleOptions.h - the command lines of the example programs ------===//
//
// The example programs take options as "--name value" pairs, a few flags
// without a value, and --help. `forEachOption` walks them and hands each
// to the program; `count` reads a value that must be a whole number;
// `TrainingOptions` takes the options the training examples share.
// `usage(why)` prints the program's help after `why` and exits.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_EXAMPLES_COMMON_EXAMPLEOPTIONS_H
#define SNN_EXAMPLES_COMMON_EXAMPLEOPTIONS_H

#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string>

namespace snn_examples {

using Usage = void (*)(const char *why);

/// Calls take(name, value) for every option of argv, with value "" for the
/// `flags`; --help and -h call usage(about), a missing value usage too.
template <typename Take>
void forEachOption(int argc, char **argv, const char *about, Usage usage,
                   std::initializer_list<const char *> flags, Take take) {
  for (int i = 1; i < argc; ++i) {
    std::string name = argv[i];
    if (name == "--help" || name == "-h")
      usage(about);
    bool flag = false;
    for (const char *f : flags)
      flag |= name == f;
    if (flag) {
      take(name, std::string());
      continue;
    }
    if (i + 1 >= argc)
      usage(("option " + name + " needs a value").c_str());
    take(name, std::string(argv[++i]));
  }
}

/// `value` as a whole number of at least `min`, or usage() naming `name`.
inline int64_t count(const std::string &name, const std::string &value,
                     Usage usage, int64_t min = 0) {
  char *end = nullptr;
  long long n = std::strtoll(value.c_str(), &end, 10);
  if (value.empty() || !end || *end != '\0' || n < min)
    usage((name + " takes a whole number of at least " + std::to_string(min) +
           ", not '" + value + "'")
              .c_str());
  return n;
}

/// The options the Fashion-MNIST training examples share: --seed (initial
/// weights and shuffling), --threads (OpenMP) and --data (the IDX files).
struct TrainingOptions {
  uint64_t seed = 1;
  int threads = 2;
  std::string data = "/usr/share/datasets/fashion-mnist";

  /// Takes option `name` if it is one of these; false otherwise.
  bool take(const std::string &name, const std::string &value, Usage usage) {
    if (name == "--seed")
      seed = uint64_t(count(name, value, usage, 1));
    else if (name == "--threads")
      threads = int(count(name, value, usage, 1));
    else if (name == "--data")
      data = value;
    else
      return false;
    return true;
  }
};

} // namespace snn_examples

#endif // SNN_EXAMPLES_COMMON_EXAMPLEOPTIONS_H
