//===- NirImport.cpp - NIR graphs as snn networks -------------------------===//
//
// docs/nir.md is the specification: which node becomes what, and how NIR's
// continuous parameters (seconds) become the discrete models' (ms). The
// network is written as dialect text and parsed, so the dialect's verifier
// checks what the import made.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/NirImport.h"
#include "compiler/Import/NirFile.h"
#include "compiler/Import/NirLinks.h"
#include "compiler/Import/NirNeurons.h"
#include "compiler/Import/NirText.h"

#include "mlir/Parser/Parser.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <numeric>
#include <set>

using namespace mlir;
using namespace mlir::snn;
using nir::Array;
using nir::Graph;
using nir::Node;
using namespace mlir::snn::nir::text;

llvm::Expected<double> mlir::snn::parseTimestep(llvm::StringRef text) {
  llvm::StringRef t = text.trim();
  double scale = 0;
  if (t.consume_back("ms"))
    scale = 1.0;
  else if (t.consume_back("s"))
    scale = 1000.0;
  else
    return llvm::createStringError(
        "timestep '" + text + "' needs a unit: ms or s (e.g. 0.1ms, 1e-4s)");
  double value = 0;
  if (t.trim().getAsDouble(value) || !(value > 0) || !std::isfinite(value))
    return llvm::createStringError("timestep '" + text +
                                   "' is not a positive number");
  return value * scale;
}

llvm::Expected<bool> mlir::snn::parseDiscretization(llvm::StringRef text) {
  if (text == "exact")
    return false;
  if (text == "euler")
    return true;
  return llvm::createStringError("--discretize=" + text +
                                 " is not one of exact, euler");
}

namespace {

enum class Kind { Population, Link, Output };

/// A node of the flattened graph: nested graphs inlined, their Input and
/// Output nodes turned into links that pass values through.
struct Flat {
  const Node *node = nullptr;
  std::string name; // unique: nested nodes are "<graph>.<node>"
  Kind kind = Kind::Link;
  bool pass = false; // a nested graph's Input or Output
  std::vector<size_t> inputs;
};

bool isNeuron(llvm::StringRef type) {
  return llvm::is_contained(
      {"LIF", "LI", "IF", "I", "CubaLIF", "CubaLI", "Threshold"}, type);
}
bool isWeighted(llvm::StringRef type) {
  return llvm::is_contained({"Affine", "Linear", "Scale", "Conv1d", "Conv2d",
                             "SumPool2d", "AvgPool2d"},
                            type);
}
bool isLink(llvm::StringRef type) {
  return isWeighted(type) || type == "Flatten" || type == "Delay";
}

class Importer {
public:
  Importer(llvm::StringRef file, const NirImportOptions &options)
      : file(file.str()), dt(options.dtMs), options(options) {}

  llvm::Expected<std::string> run(const Graph &g, llvm::StringRef network);

private:
  llvm::Error fail(const std::string &node, const llvm::Twine &what) const {
    return llvm::createStringError(file + ": node '" + node + "': " + what);
  }
  /// Inlines `g` (nested graphs as "<prefix><name>."), returning the
  /// flattened indices of its Input and Output nodes.
  llvm::Error flatten(const Graph &g, const std::string &prefix, bool top,
                      std::vector<size_t> &inputs, std::vector<size_t> &outputs);
  llvm::Expected<std::vector<int64_t>> shapeOf(size_t index);
  /// What a link makes of a value of shape `in`: its output shape, and for
  /// a window (conv, pool) the connectivity attribute.
  llvm::Expected<std::pair<std::vector<int64_t>, std::string>>
  linkOutput(const Flat &link, llvm::ArrayRef<int64_t> in);
  /// The links from a population into `index` along its edge `from`, and
  /// the population they start at.
  llvm::Expected<std::pair<size_t, std::vector<size_t>>> chainInto(size_t from);
  llvm::Error population(size_t index);
  llvm::Error projection(size_t source, const std::vector<size_t> &chain,
                         size_t target);
  llvm::Error output(size_t index);
  llvm::Expected<const Array *> required(const Flat &f, const char *name) const {
    return nir::numbers(*f.node, name, f.name, file);
  }

  /// A relay population after `links` from population `source` (two
  /// weighted nodes with no neurons between them), named `name`.
  llvm::Expected<size_t> relay(size_t source, const std::vector<size_t> &links,
                               const std::string &name);
  /// Projections from `source` along `chain` into `target`, through relay
  /// populations where two weighted nodes meet.
  llvm::Error connect(size_t source, const std::vector<size_t> &chain,
                      size_t target);

  std::string file;
  double dt;
  NirImportOptions options;
  std::vector<Flat> flat;
  std::deque<Node> relays; // the nodes of the relay populations
  llvm::StringSet<> projectionNames; // weighted nodes named by a projection
  std::map<size_t, std::vector<int64_t>> shapes; // populations
  std::set<size_t> inferring;                     // shapeOf's recursion
  std::string body;
  llvm::StringSet<> names;
};

/// A symbol for a NIR name: bare when MLIR allows it, quoted otherwise.
std::string symbol(llvm::StringRef name) {
  bool bare = !name.empty() &&
              (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name)
    bare &= std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
            c == '.';
  if (bare)
    return "@" + name.str();
  std::string quoted = "@\"";
  for (char c : name) {
    if (c == '"' || c == '\\')
      quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}



llvm::Error Importer::flatten(const Graph &g, const std::string &prefix,
                              bool top, std::vector<size_t> &inputs,
                              std::vector<size_t> &outputs) {
  std::map<std::string, size_t> local;
  // A nested graph's own ports, by its name in `g`.
  std::map<std::string, std::pair<std::vector<size_t>, std::vector<size_t>>>
      ports;
  for (const Node &n : g.nodes) {
    std::string name = prefix + n.name;
    if (!names.insert(name).second)
      return fail(name, "a nested graph's node has the name of another node");
    for (const auto &[field, a] : n.arrays)
      if (llvm::any_of(a.data, [](double v) { return !std::isfinite(v); }))
        return fail(name, "'" + field + "' holds a value that is not finite");
    if (n.type == "NIRGraph") {
      auto &p = ports[n.name];
      if (auto err = flatten(*n.graph, name + ".", false, p.first, p.second))
        return err;
      continue;
    }
    Flat f;
    f.node = &n;
    f.name = name;
    if (n.type == "Input") {
      f.kind = top ? Kind::Population : Kind::Link;
      f.pass = !top;
      inputs.push_back(flat.size());
    } else if (n.type == "Output") {
      f.kind = top ? Kind::Output : Kind::Link;
      f.pass = !top;
      outputs.push_back(flat.size());
    } else if (isNeuron(n.type)) {
      f.kind = Kind::Population;
    } else if (isLink(n.type)) {
      f.kind = Kind::Link;
    } else {
      return fail(name, "NIR type '" + n.type +
                            "' is not imported (the importer knows Input, "
                            "Output, Affine, Linear, Scale, Conv1d, Conv2d, "
                            "SumPool2d, AvgPool2d, Flatten, Delay, LI, LIF, "
                            "CubaLI, CubaLIF, I, IF, Threshold and nested "
                            "graphs)");
    }
    local[n.name] = flat.size();
    flat.push_back(std::move(f));
  }
  auto endpoint = [&](const std::string &name, bool source,
                      size_t &index) -> llvm::Error {
    if (auto it = local.find(name); it != local.end()) {
      index = it->second;
      return llvm::Error::success();
    }
    auto sub = ports.find(name);
    if (sub == ports.end())
      return llvm::createStringError(file + ": an edge names '" + prefix +
                                     name + "', which is not a node");
    const std::vector<size_t> &list =
        source ? sub->second.second : sub->second.first;
    if (list.size() != 1)
      return fail(prefix + name,
                  llvm::Twine("a nested graph joined by an edge needs one ") +
                      (source ? "Output" : "Input") + " node, it has " +
                      llvm::Twine(list.size()));
    index = list[0];
    return llvm::Error::success();
  };
  for (const auto &[from, to] : g.edges) {
    size_t a = 0, b = 0;
    if (auto err = endpoint(from, true, a))
      return err;
    if (auto err = endpoint(to, false, b))
      return err;
    flat[b].inputs.push_back(a);
  }
  return llvm::Error::success();
}

llvm::Expected<std::pair<std::vector<int64_t>, std::string>>
Importer::linkOutput(const Flat &link, llvm::ArrayRef<int64_t> in) {
  return nir::linkOutput(*link.node, link.name, link.pass, in, file);
}

llvm::Expected<std::pair<size_t, std::vector<size_t>>>
Importer::chainInto(size_t from) {
  std::vector<size_t> chain;
  std::set<size_t> seen;
  while (flat[from].kind == Kind::Link) {
    if (!seen.insert(from).second)
      return fail(flat[from].name, "is on a cycle without neurons");
    if (flat[from].inputs.size() != 1)
      return fail(flat[from].name,
                  "has " + llvm::Twine(flat[from].inputs.size()) +
                      " incoming edges; a node between populations takes one");
    chain.insert(chain.begin(), from);
    from = flat[from].inputs[0];
  }
  if (flat[from].kind != Kind::Population)
    return fail(flat[from].name, "an Output feeds another node");
  return std::make_pair(from, chain);
}

llvm::Expected<size_t> Importer::relay(size_t source,
                                       const std::vector<size_t> &links,
                                       const std::string &name) {
  std::vector<int64_t> shape = shapes[source];
  for (size_t l : links) {
    auto out = linkOutput(flat[l], shape);
    if (!out)
      return out.takeError();
    shape = out->first;
  }
  std::string unique = name;
  for (int k = 2; names.count(unique); ++k)
    unique = name + "_" + std::to_string(k);
  names.insert(unique);
  Node &node = relays.emplace_back();
  node.name = unique;
  node.type = "Relay";
  Flat f;
  f.node = &node;
  f.name = unique;
  f.kind = Kind::Population;
  size_t index = flat.size();
  flat.push_back(std::move(f));
  shapes[index] = shape;
  if (auto err = population(index))
    return std::move(err);
  return index;
}

llvm::Expected<std::vector<int64_t>> Importer::shapeOf(size_t index) {
  if (auto it = shapes.find(index); it != shapes.end())
    return it->second;
  const Flat &f = flat[index];
  const Node &n = *f.node;
  if (n.type == "Input") {
    auto shape = required(f, "shape");
    if (!shape)
      return shape.takeError();
    std::vector<int64_t> s;
    double count = 1;
    for (double d : (*shape)->data) {
      count *= d;
      if (!(d >= 1) || d != std::floor(d) || !(count < 2147483648.0))
        return fail(f.name, "'shape' must be whole numbers of at least 1, "
                            "fewer than 2^31 neurons in all");
      s.push_back(static_cast<int64_t>(d));
    }
    if (s.empty())
      return fail(f.name, "'shape' is empty");
    return shapes[index] = s;
  }
  // A neuron layer has the shape of its parameters, or, when they are
  // single values, of what its first input delivers.
  const Array *widest = nullptr;
  for (const auto &[name, a] : n.arrays)
    if (a.size() == 0)
      return fail(f.name, "'" + name + "' is empty");
  for (const auto &[name, a] : n.arrays)
    if (a.size() > 1) {
      if (widest && widest->size() != a.size())
        return fail(f.name, "its parameters have " +
                                llvm::Twine(widest->size()) + " and " +
                                llvm::Twine(a.size()) + " values");
      widest = &a;
    }
  if (widest)
    return shapes[index] = widest->shape;
  auto none = [&] {
    return fail(f.name, "single-valued parameters and no input to take the "
                        "layer's size from");
  };
  if (!inferring.insert(index).second)
    return none();
  // The first input that gives a size: a dense map gives its own whatever
  // feeds it; otherwise the source's shape through the links (a source
  // still being sized, on a cycle, is skipped).
  for (size_t in : std::vector<size_t>(f.inputs)) {
    auto chain = chainInto(in);
    if (!chain)
      return chain.takeError();
    std::optional<std::vector<int64_t>> s;
    size_t from = 0;
    for (size_t i = 0; i < chain->second.size(); ++i) {
      llvm::StringRef type = flat[chain->second[i]].node->type;
      if (type == "Affine" || type == "Linear")
        from = i;
    }
    llvm::StringRef first;
    if (!chain->second.empty())
      first = flat[chain->second[from]].node->type;
    if (first == "Affine" || first == "Linear") {
      s = std::vector<int64_t>{};
    } else {
      from = 0;
      if (inferring.count(chain->first))
        continue;
      auto shape = shapeOf(chain->first);
      if (!shape)
        return shape.takeError();
      s = *shape;
    }
    for (size_t i = from; i < chain->second.size(); ++i) {
      auto out = linkOutput(flat[chain->second[i]], *s);
      if (!out)
        return out.takeError();
      s = out->first;
    }
    return shapes[index] = *s;
  }
  return none();
}

llvm::Error Importer::population(size_t index) {
  auto shape = shapeOf(index);
  if (!shape)
    return shape.takeError();
  auto line = nir::populationLine(*flat[index].node, flat[index].name,
                                  symbol(flat[index].name), *shape, options,
                                  file);
  if (!line)
    return line.takeError();
  body += *line;
  return llvm::Error::success();
}

llvm::Error Importer::projection(size_t source, const std::vector<size_t> &chain,
                                 size_t target) {
  const Flat &dst = flat[target];
  std::vector<int64_t> shape = shapes[source];
  int64_t nSrc = product(shape), nDst = product(shapes[target]);
  const Flat *weighted = nullptr;
  const Flat *delay = nullptr;
  bool delayBefore = false;
  std::string window; // a conv or pool link's connectivity
  for (size_t i : chain) {
    const Flat &l = flat[i];
    llvm::StringRef type = l.node->type;
    auto out = linkOutput(l, shape);
    if (!out)
      return out.takeError();
    shape = out->first;
    if (!out->second.empty())
      window = out->second;
    if (isWeighted(type)) {
      assert(!weighted && "run() splits chains at weighted nodes");
      weighted = &l;
    } else if (type == "Delay") {
      if (delay)
        return fail(l.name, "a second Delay between two populations");
      delay = &l;
      delayBefore = !weighted;
    }
  }
  if (product(shape) != nDst)
    return fail(dst.name, "receives " + shapeText(shape) + " from '" +
                              flat[source].name + "' but has " +
                              llvm::Twine(nDst) + " neurons");
  std::string name = weighted ? weighted->name
                              : flat[source].name + "_to_" + dst.name;
  std::string connect, weight, bias;
  std::vector<double> scale = nir::inputScale(*dst.node, nDst, dt, options.euler);
  auto scaled = [&](int64_t j, double v) { return v * scale[size_t(j)]; };
  if (!weighted) {
    if (nSrc != nDst)
      return fail(dst.name, "receives " + llvm::Twine(nSrc) + " values from '" +
                                flat[source].name + "' but has " +
                                llvm::Twine(nDst) + " neurons");
    std::vector<double> w(static_cast<size_t>(nDst));
    for (int64_t j = 0; j < nDst; ++j)
      w[size_t(j)] = scaled(j, 1.0);
    connect = "#snn.one_to_one";
    weight = paramText(w);
  } else {
    const Node &n = *weighted->node;
    llvm::StringRef type = n.type;
    if (type == "Affine" || type == "Linear") {
      auto wa = required(*weighted, "weight");
      if (!wa)
        return wa.takeError();
      const Array &W = **wa;
      if (W.shape.size() != 2 || W.shape[1] != nSrc || W.shape[0] != nDst)
        return fail(weighted->name,
                    "weight is " + shapeText(W.shape) + "; between '" +
                        flat[source].name + "' (" + llvm::Twine(nSrc) +
                        ") and '" + dst.name + "' (" + llvm::Twine(nDst) +
                        ") it must be [" + llvm::Twine(nDst) + ", " +
                        llvm::Twine(nSrc) + "]");
      // NIR's (out, in) is snn's [N_source, N_target] transposed.
      std::vector<double> w(static_cast<size_t>(nSrc * nDst));
      for (int64_t i = 0; i < nSrc; ++i)
        for (int64_t j = 0; j < nDst; ++j)
          w[size_t(i * nDst + j)] = scaled(j, W.data[size_t(j * nSrc + i)]);
      connect = "#snn.dense";
      weight = dataText(w); // row-major, flat
      if (type == "Affine") {
        auto b = required(*weighted, "bias");
        if (!b)
          return b.takeError();
        if ((*b)->size() != nDst)
          return fail(weighted->name, "bias has " + llvm::Twine((*b)->size()) +
                                          " values for " + llvm::Twine(nDst) +
                                          " outputs");
        std::vector<double> bv((*b)->data);
        for (int64_t j = 0; j < nDst; ++j)
          bv[size_t(j)] = scaled(j, bv[size_t(j)]);
        bias = paramText(bv);
      }
    } else if (type == "Scale") {
      auto s = required(*weighted, "scale");
      if (!s)
        return s.takeError();
      if ((*s)->size() != nDst || nSrc != nDst)
        return fail(weighted->name, "scale has " + llvm::Twine((*s)->size()) +
                                        " values between " + llvm::Twine(nSrc) +
                                        " and " + llvm::Twine(nDst) + " neurons");
      std::vector<double> w((*s)->data);
      for (int64_t j = 0; j < nDst; ++j)
        w[size_t(j)] = scaled(j, w[size_t(j)]);
      connect = "#snn.one_to_one";
      weight = paramText(w);
    } else {
      // A window: one kernel for all positions, so a CubaLI(F) target's
      // input factor must be one value.
      if (!llvm::all_equal(scale))
        return fail(dst.name, "a CubaLI(F) fed through NIR " + n.type +
                                  " needs the same tau_syn and w_in for all "
                                  "neurons");
      connect = window;
      if (type == "Conv1d" || type == "Conv2d") {
        const Array &W = n.arrays.at("weight");
        std::vector<double> w(W.data);
        for (double &v : w)
          v *= scale[0];
        weight = dataText(w);
        if (auto b = n.arrays.find("bias"); b != n.arrays.end()) {
          std::vector<double> bv(b->second.data);
          for (double &v : bv)
            v *= scale[0];
          if (llvm::any_of(bv, [](double v) { return v != 0.0; }))
            bias = dataText(bv);
        }
      } else {
        weight.clear(); // pooling has no weights
        if (scale[0] != 1.0)
          return fail(dst.name, "a CubaLI(F) right after NIR " + n.type +
                                    " is not imported yet (its input factor "
                                    "needs weights)");
      }
    }
  }
  std::string delays;
  if (delay && !window.empty())
    return fail(delay->name, "a Delay next to a convolution or pooling is not "
                             "imported yet");
  if (delay) {
    auto d = required(*delay, "delay");
    if (!d)
      return d.takeError();
    int64_t width = delayBefore ? nSrc : nDst;
    if ((*d)->size() != width && (*d)->size() != 1)
      return fail(delay->name, "has " + llvm::Twine((*d)->size()) +
                                   " delays for " + llvm::Twine(width) +
                                   " values");
    // One step of latency is every projection's; NIR's delay adds to it.
    std::vector<int64_t> steps;
    for (double s : (*d)->data) {
      double exact = s * 1000.0 / dt;
      if (!(exact >= -1e-6) || !(exact < 1e6))
        return fail(delay->name, "a delay of " + readable(s * 1000.0) +
                                     " ms is not between 0 and a million "
                                     "steps of " + readable(dt) + " ms");
      int64_t k = static_cast<int64_t>(std::llround(exact));
      if (std::fabs(exact - double(k)) > 1e-6 || k < 0)
        return fail(delay->name, "a delay of " + readable(s * 1000.0) +
                                     " ms is not a whole number of " +
                                     readable(dt) + " ms steps");
      steps.push_back(1 + k);
    }
    auto at = [&](int64_t e) {
      return steps.size() == 1 ? steps[0] : steps[size_t(e)];
    };
    std::string text;
    if (connect == "#snn.one_to_one") {
      for (int64_t j = 0; j < nDst; ++j)
        text += (j ? ", " : "") + std::to_string(at(j));
      delays = "dense<[" + text + "]> : tensor<" + std::to_string(nDst) + "xi64>";
    } else {
      for (int64_t i = 0; i < nSrc; ++i)
        for (int64_t j = 0; j < nDst; ++j)
          text += (i || j ? ", " : "") +
                  std::to_string(at(delayBefore ? i : j));
      delays = "dense<[" + text + "]> : tensor<" +
               std::to_string(nSrc * nDst) + "xi64>";
    }
  }
  // A projection takes its weighted node's name (reserved for it), once;
  // other names are made unique.
  std::string projName = name;
  if (!weighted || !projectionNames.insert(name).second)
    for (int k = 2; names.count(projName); ++k)
      projName = name + "_" + std::to_string(k);
  names.insert(projName);
  body += "  snn.projection " + symbol(projName) + " " +
          symbol(flat[source].name) + " -> " + symbol(dst.name) + " connect " +
          connect;
  if (!weight.empty())
    body += " weight " + weight;
  if (!bias.empty())
    body += " bias " + bias;
  if (!delays.empty())
    body += " delay " + delays;
  body += "\n";
  return llvm::Error::success();
}

llvm::Error Importer::connect(size_t source, const std::vector<size_t> &chain,
                              size_t target) {
  // One weighted node per projection: a relay population between two with
  // no neurons between them.
  std::vector<size_t> links;
  bool weighted = false;
  for (size_t l : chain) {
    if (isWeighted(flat[l].node->type) && weighted) {
      auto r = relay(source, links, flat[l].name + ".in");
      if (!r)
        return r.takeError();
      if (auto err = projection(source, links, *r))
        return err;
      source = *r;
      links.clear();
      weighted = false;
    }
    weighted |= isWeighted(flat[l].node->type);
    links.push_back(l);
  }
  return projection(source, links, target);
}

llvm::Error Importer::output(size_t index) {
  if (flat[index].inputs.size() != 1)
    return fail(flat[index].name, "an Output needs one incoming edge, it has " +
                                      llvm::Twine(flat[index].inputs.size()));
  auto chain = chainInto(flat[index].inputs[0]);
  if (!chain)
    return chain.takeError();
  size_t from = chain->first;
  bool computes = llvm::any_of(chain->second, [&](size_t l) {
    return isWeighted(flat[l].node->type) || flat[l].node->type == "Delay";
  });
  if (computes) {
    // What the links compute is recorded from a relay population.
    auto r = relay(from, chain->second, flat[index].name + ".value");
    if (!r)
      return r.takeError();
    if (auto err = connect(from, chain->second, *r))
      return err;
    from = *r;
  }
  const Flat &f = flat[index];
  llvm::StringRef type = flat[from].node->type;
  bool graded = llvm::is_contained({"LI", "I", "CubaLI", "Input", "Relay"}, type);
  body += "  snn.monitor " + symbol(f.name) + " " +
          (graded ? std::string(type == "Input" ? "\"i\"" : "\"v\"")
                  : std::string("spikes")) +
          " of " + symbol(flat[from].name) + "\n";
  return llvm::Error::success();
}

llvm::Expected<std::string> Importer::run(const Graph &g,
                                          llvm::StringRef network) {
  std::vector<size_t> inputs, outputs;
  if (auto err = flatten(g, "", true, inputs, outputs))
    return std::move(err);
  for (size_t i = 0; i < flat.size(); ++i)
    if (flat[i].kind == Kind::Population) {
      if (auto err = population(i))
        return std::move(err);
    }
  // Every edge into a population: the links back to the population it
  // starts from are one projection.
  for (size_t t = 0; t < flat.size(); ++t) {
    if (flat[t].kind != Kind::Population)
      continue;
    if (flat[t].node->type == "Input" && !flat[t].inputs.empty())
      return fail(flat[t].name, "the graph's Input has incoming edges");
    // (A copy: relay() adds to `flat`.)
    std::vector<size_t> inputs = flat[t].inputs;
    for (size_t from : inputs) {
      auto chain = chainInto(from);
      if (!chain)
        return chain.takeError();
      if (auto err = connect(chain->first, chain->second, t))
        return std::move(err);
    }
  }
  for (size_t o : outputs)
    if (flat[o].kind == Kind::Output)
      if (auto err = output(o))
        return std::move(err);
  return "// Imported from " + file + " (NIR) at dt " + number(dt) +
         " ms; docs/nir.md.\nsnn.network " + symbol(network) + " dt " +
         number(dt) + " {\n" + body + "}\n";
}

} // namespace

llvm::Expected<std::string>
mlir::snn::nirToSnnText(llvm::StringRef bytes, llvm::StringRef name,
                        const NirImportOptions &options,
                        llvm::StringRef network) {
  auto graph = nir::readGraph(bytes, name);
  if (!graph)
    return graph.takeError();
  return Importer(name, options).run(*graph, network);
}

OwningOpRef<ModuleOp> mlir::snn::importNir(llvm::StringRef bytes,
                                           llvm::StringRef name,
                                           const NirImportOptions &options,
                                           MLIRContext *context) {
  auto text = nirToSnnText(bytes, name, options);
  if (!text) {
    emitError(UnknownLoc::get(context)) << llvm::toString(text.takeError());
    return nullptr;
  }
  return parseSourceString<ModuleOp>(*text, ParserConfig(context),
                                     name.str() + " (imported)");
}
