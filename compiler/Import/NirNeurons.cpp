//===- NirNeurons.cpp - NIR's neuron nodes as snn populations -------------===//
//
// Each neuron node's parameters converted (seconds to ms, the Euler form's
// time constants) onto its snn model (docs/nir.md), and the factor a
// CubaLI(F) applies to its input.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/NirNeurons.h"
#include "compiler/Import/NirText.h"

#include <cmath>
#include <optional>
#include <tuple>

using namespace mlir::snn::nir;
using namespace mlir::snn::nir::text;

/// The scale that marks a time constant (seconds to ms, and the Euler
/// form's conversion).
static constexpr double kTimeConstant = -1.0;

llvm::Expected<std::string>
mlir::snn::nir::populationLine(const Node &n, llvm::StringRef name,
                               llvm::StringRef symbol,
                               llvm::ArrayRef<int64_t> shape,
                               const NirImportOptions &options,
                               llvm::StringRef file) {
  auto fail = [&](const llvm::Twine &what) -> llvm::Error {
    return llvm::createStringError(file + ": node '" + name + "': " + what);
  };
  double dt = options.dtMs;
  int64_t size = product(shape);
  // A parameter per neuron (a single value is broadcast), or `fallback`.
  auto values = [&](const char *field, double scale,
                    std::optional<double> fallback) -> llvm::Expected<std::string> {
    if (!n.arrays.count(field) && fallback)
      return number(*fallback);
    auto found = numbers(n, field, name, file);
    if (!found)
      return found.takeError();
    const Array *a = *found;
    std::vector<double> v(a->data);
    if (v.size() == 1)
      v.assign(static_cast<size_t>(size), v[0]);
    for (double &x : v) {
      if (scale != kTimeConstant) {
        x *= scale;
        continue;
      }
      // Seconds to ms; for the Euler form, the time constant whose exact
      // decay over a step is Euler's 1 - dt / tau.
      x *= 1000.0;
      if (!(x > 0))
        return fail(llvm::Twine("'") + field + "' must be positive");
      if (options.euler) {
        if (!(x > dt))
          return fail(llvm::Twine("'") + field + "' = " + readable(x) +
                      " ms is not above the step (" + readable(dt) +
                      " ms): the Euler form 1 - dt/tau has no decay to match");
        x = -dt / std::log1p(-dt / x);
      }
    }
    return paramText(v);
  };
  std::string model, params, graded;
  auto add = [&](const char *snnName, const char *nirName, double scale,
                 std::optional<double> fallback) -> llvm::Error {
    auto text = values(nirName, scale, fallback);
    if (!text)
      return text.takeError();
    params += (params.empty() ? "" : ", ") + std::string(snnName) + " = " + *text;
    return llvm::Error::success();
  };
  llvm::Error err = llvm::Error::success();
  auto all = [&](std::initializer_list<std::tuple<const char *, const char *,
                                                  double, std::optional<double>>>
                     list) {
    for (auto [s, nirName, scale, fallback] : list)
      if (!err)
        err = add(s, nirName, scale, fallback);
  };
  // Seconds to ms; NIR's I and IF integrate R I per second.
  if (n.type == "Input") {
    model = "current_source";
    graded = "i";
  } else if (n.type == "LIF") {
    model = "lif";
    all({{"tau_m", "tau", kTimeConstant, std::nullopt},
         {"r", "r", 1.0, 1.0},
         {"v_rest", "v_leak", 1.0, 0.0},
         {"v_th", "v_threshold", 1.0, std::nullopt},
         {"v_reset", "v_reset", 1.0, 0.0}});
  } else if (n.type == "LI") {
    model = "li";
    graded = "v";
    all({{"tau_m", "tau", kTimeConstant, std::nullopt},
         {"r", "r", 1.0, 1.0},
         {"v_rest", "v_leak", 1.0, 0.0}});
  } else if (n.type == "IF" || n.type == "I") {
    model = "if";
    all({{"r", "r", 1.0 / 1000.0, std::nullopt}});
    if (n.type == "IF") {
      all({{"v_th", "v_threshold", 1.0, std::nullopt},
           {"v_reset", "v_reset", 1.0, 0.0}});
    } else {
      graded = "v";
      params += ", v_th = 3.0e38";
    }
  } else if (n.type == "Threshold") {
    model = "heaviside";
    all({{"threshold", "threshold", 1.0, std::nullopt}});
  } else if (n.type == "Relay") {
    model = "relay";
    graded = "v";
  } else if (n.type == "CubaLIF" || n.type == "CubaLI") {
    model = "cuba_lif";
    all({{"tau_m", "tau_mem", kTimeConstant, std::nullopt},
         {"tau_syn", "tau_syn", kTimeConstant, std::nullopt},
         {"r", "r", 1.0, 1.0},
         {"v_rest", "v_leak", 1.0, 0.0}});
    if (n.type == "CubaLIF") {
      all({{"v_th", "v_threshold", 1.0, std::nullopt},
           {"v_reset", "v_reset", 1.0, 0.0}});
    } else {
      graded = "v";
      params += ", v_th = 3.0e38";
    }
  }
  if (err)
    return std::move(err);
  std::string line = "  snn.population " + symbol.str() + " " +
                     shapeText(shape) + " model @" + model;
  if (!params.empty())
    line += " {" + params + "}";
  if (!graded.empty())
    line += " graded \"" + graded + "\"";
  return line + "\n";
}

/// The factor each target neuron of a CubaLI(F) applies to what arrives:
/// its continuous synapse tau_syn dI/dt = -I + w_in S, with S held over a
/// step, moves I by (1 - exp(-dt/tau_syn)) w_in S (by dt/tau_syn w_in S in
/// the Euler form), and cuba_lif adds what it receives to I.
std::vector<double> mlir::snn::nir::inputScale(const Node &n, int64_t size,
                                               double dtMs, bool euler) {
  std::vector<double> out(static_cast<size_t>(size), 1.0);
  if (n.type != "CubaLIF" && n.type != "CubaLI")
    return out;
  const Array &tau = n.arrays.at("tau_syn");
  auto w = n.arrays.find("w_in");
  for (int64_t j = 0; j < size; ++j) {
    double t = tau.data[tau.data.size() == 1 ? 0 : size_t(j)] * 1000.0;
    double win = w == n.arrays.end()
                     ? 1.0
                     : w->second.data[w->second.data.size() == 1 ? 0 : size_t(j)];
    out[size_t(j)] = (euler ? dtMs / t : 1.0 - std::exp(-dtMs / t)) * win;
  }
  return out;
}

