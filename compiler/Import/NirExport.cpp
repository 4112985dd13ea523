//===- NirExport.cpp - snn networks as NIR graphs -------------------------===//
//
// The inverse of NirImport.cpp for what NIR can express (docs/nir.md,
// Export): populations of the NIR-shaped models become neuron nodes (a
// current source an Input, a relay nothing: its links join), projections
// their connectivity's node (and a Delay), monitors Output nodes. Anything
// NIR has no node for is an error naming the op.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/NirExport.h"
#include "compiler/Import/NirFile.h"

#include "dialects/snn/IR/SNNAttrs.h"
#include "dialects/snn/IR/SNNModels.h"

#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>
#include <map>

using namespace mlir;
using namespace mlir::snn;
using nir::Array;
using nir::Graph;
using nir::Node;

namespace {

class Exporter {
public:
  explicit Exporter(NetworkOp net) : net(net), dt(net.getDt().convertToFloat()) {}

  llvm::Expected<Graph> run();

private:
  llvm::Error fail(Operation *op, const llvm::Twine &what) {
    std::string name;
    if (auto sym = op->getAttrOfType<StringAttr>("sym_name"))
      name = sym.getValue().str();
    return llvm::createStringError(op->getName().getStringRef() + " @" + name +
                                   ": " + what);
  }
  /// A model parameter of population `pop` for every neuron: its override
  /// (a scalar or data) or the model's default.
  llvm::Expected<std::vector<double>> param(PopulationOp pop, StringRef name);
  llvm::Expected<std::vector<double>> values(Operation *op, Attribute value,
                                             int64_t n, StringRef what);
  llvm::Error population(PopulationOp pop);
  llvm::Error projection(ProjectionOp proj);
  llvm::Error monitor(MonitorOp mon);
  /// The node name standing for a population's output (a relay passes its
  /// input's link on).
  std::string source(StringRef population);

  NetworkOp net;
  float dt;
  Graph graph;
  std::map<std::string, std::string> relayInput; // relay -> the link into it
  std::map<std::string, PopulationOp> pops;
  llvm::StringSet<> used; // node names taken
  /// `base`, or `base_2`, ... : a name no node has.
  std::string fresh(const std::string &base) {
    std::string name = base;
    for (int k = 2; used.count(name); ++k)
      name = base + "_" + std::to_string(k);
    used.insert(name);
    return name;
  }
};

Array floats(std::vector<double> data, std::vector<int64_t> shape) {
  return Array{std::move(shape), std::move(data), false};
}
Array ints(std::vector<int64_t> values) {
  Array a;
  a.shape = {static_cast<int64_t>(values.size())};
  a.data.assign(values.begin(), values.end());
  a.integer = true;
  return a;
}
Array scalarInt(int64_t v) {
  Array a;
  a.data = {double(v)};
  a.integer = true;
  return a;
}

llvm::Expected<std::vector<double>>
Exporter::values(Operation *op, Attribute value, int64_t n, StringRef what) {
  std::vector<double> out;
  if (auto f = dyn_cast<FloatAttr>(value))
    out.assign(size_t(n), f.getValueAsDouble());
  else if (auto i = dyn_cast<IntegerAttr>(value))
    out.assign(size_t(n), double(i.getInt()));
  else if (auto c = dyn_cast<ConstantAttr>(value))
    out.assign(size_t(n), c.getValue().convertToDouble());
  else if (auto d = dyn_cast<DenseElementsAttr>(value)) {
    if (d.isSplat()) {
      out.assign(size_t(n), d.getSplatValue<APFloat>().convertToDouble());
    } else {
      for (const APFloat &v : d.getValues<APFloat>())
        out.push_back(v.convertToDouble());
    }
  } else {
    return fail(op, what + " is an initializer (" + llvm::Twine(n) +
                        " values drawn at init); NIR needs the values");
  }
  if (int64_t(out.size()) != n)
    return fail(op, what + " has " + llvm::Twine(out.size()) + " values, not " +
                        llvm::Twine(n));
  return out;
}

llvm::Expected<std::vector<double>> Exporter::param(PopulationOp pop,
                                                    StringRef name) {
  Attribute value;
  if (DictionaryAttr params = pop.getParamsAttr())
    value = params.get(name);
  if (!value) {
    Operation *model = lookupModel(net, pop.getModelAttr());
    if (auto defaults = model->getAttrOfType<DictionaryAttr>("params"))
      value = defaults.get(name);
  }
  if (!value)
    return fail(pop, "no value for '" + name + "'");
  return values(pop, value, pop.getNumNeurons(), ("'" + name + "'").str());
}

llvm::Error Exporter::population(PopulationOp pop) {
  StringRef model = pop.getModel();
  std::vector<int64_t> shape(pop.getShape().begin(), pop.getShape().end());
  Node n;
  n.name = pop.getSymName().str();
  // Parameters into NIR fields, each scaled; `seconds` divides ms by 1000.
  llvm::Error err = llvm::Error::success();
  auto put = [&](const char *field, StringRef snnName, double scale) {
    if (err)
      return;
    auto v = param(pop, snnName);
    if (!v) {
      err = v.takeError();
      return;
    }
    for (double &x : *v)
      x *= scale;
    n.arrays[field] = floats(std::move(*v), shape);
  };
  const double seconds = 1e-3;
  bool graded = pop.getGraded().has_value();
  if (pop.getInitAttr() && !pop.getInitAttr().empty())
    return fail(pop, "has initial values (init); a NIR graph starts from "
                     "rest");
  // NIR's LIF and Threshold emit spikes; a graded one has no node.
  if (graded && (model == "lif" || model == "heaviside"))
    return fail(pop, "emits its graded '" + *pop.getGraded() +
                         "'; NIR's node for @" + model + " emits spikes");
  // A graded IF or CubaLIF is NIR's I or CubaLI, which have no threshold.
  auto noThreshold = [&](const char *node) -> llvm::Error {
    if (!graded)
      return llvm::Error::success();
    auto th = param(pop, "v_th");
    if (!th)
      return th.takeError();
    if (llvm::any_of(*th, [](double v) { return v < 1e38; }))
      return fail(pop, llvm::Twine("is graded with a threshold; NIR's ") +
                           node + " has none");
    return llvm::Error::success();
  };
  if (model == "current_source") {
    n.type = "Input";
    n.arrays["shape"] = ints(shape);
  } else if (model == "relay") {
    return llvm::Error::success(); // its links join (source())
  } else if (model == "lif") {
    auto ref = param(pop, "t_ref");
    if (!ref)
      return ref.takeError();
    if (llvm::any_of(*ref, [](double t) { return t != 0.0; }))
      return fail(pop, "has a refractory period (t_ref); NIR's LIF has none");
    n.type = "LIF";
    put("tau", "tau_m", seconds);
    put("r", "r", 1.0);
    put("v_leak", "v_rest", 1.0);
    put("v_threshold", "v_th", 1.0);
    put("v_reset", "v_reset", 1.0);
  } else if (model == "li") {
    n.type = "LI";
    put("tau", "tau_m", seconds);
    put("r", "r", 1.0);
    put("v_leak", "v_rest", 1.0);
  } else if (model == "if") {
    if (auto e = noThreshold("I"))
      return e;
    n.type = graded ? "I" : "IF";
    put("r", "r", 1000.0); // snn's r is per ms, NIR's R per second
    if (!graded) {
      put("v_threshold", "v_th", 1.0);
      put("v_reset", "v_reset", 1.0);
    }
  } else if (model == "cuba_lif") {
    if (auto e = noThreshold("CubaLI"))
      return e;
    n.type = graded ? "CubaLI" : "CubaLIF";
    put("tau_mem", "tau_m", seconds);
    put("tau_syn", "tau_syn", seconds);
    put("r", "r", 1.0);
    put("v_leak", "v_rest", 1.0);
    if (!graded) {
      put("v_threshold", "v_th", 1.0);
      put("v_reset", "v_reset", 1.0);
    }
    // cuba_lif adds what arrives to i; NIR's synapse moves I by
    // (1 - exp(-dt/tau_syn)) w_in S: w_in undoes that factor.
    auto tau = param(pop, "tau_syn");
    if (!tau)
      return tau.takeError();
    std::vector<double> w;
    for (double t : *tau)
      w.push_back(1.0 / (1.0 - std::exp(-double(dt) / t)));
    n.arrays["w_in"] = floats(std::move(w), shape);
  } else if (model == "heaviside") {
    n.type = "Threshold";
    put("threshold", "threshold", 1.0);
  } else {
    return fail(pop, "model @" + model +
                         " has no NIR node (NIR has LIF, LI, IF, I, CubaLIF, "
                         "CubaLI, Threshold; inputs are @current_source)");
  }
  if (err)
    return err;
  graph.nodes.push_back(std::move(n));
  return llvm::Error::success();
}

std::string Exporter::source(StringRef population) {
  auto it = relayInput.find(population.str());
  if (it != relayInput.end())
    return it->second;
  // A relay no projection feeds (yet) has no node to stand for it.
  return pops[population.str()].getModel() == "relay" ? "" : population.str();
}

llvm::Error Exporter::projection(ProjectionOp proj) {
  if (proj.getSynapse())
    return fail(proj, "has a synapse model; NIR delivers straight into the "
                      "neuron (a CubaLIF holds its current)");
  if (proj.getPlasticity())
    return fail(proj, "learns (plasticity); NIR graphs do not");
  if (proj.getNormalize())
    return fail(proj, "normalizes its weights per sample; NIR graphs do not");
  PopulationOp src = pops[proj.getSource().str()];
  PopulationOp dst = pops[proj.getTarget().str()];
  int64_t nSrc = src.getNumNeurons(), nDst = dst.getNumNeurons();
  Node n;
  n.name = proj.getSymName().str();
  Attribute conn = proj.getConnectivity();
  Attribute weight = proj.getWeightAttr();
  Attribute one = FloatAttr::get(Float32Type::get(proj.getContext()), 1.0);
  auto weights = [&](int64_t count) {
    return values(proj, weight ? weight : one, count, "weight");
  };
  std::vector<double> bias;
  if (Attribute b = proj.getBiasAttr()) {
    int64_t width = nDst;
    if (auto c = dyn_cast<Conv2dAttr>(conn))
      width = c.getOutChannels();
    if (auto c = dyn_cast<Conv1dAttr>(conn))
      width = c.getOutChannels();
    auto v = values(proj, b, width, "bias");
    if (!v)
      return v.takeError();
    bias = std::move(*v);
  }
  if (isa<DenseConnectivityAttr>(conn)) {
    auto w = weights(nSrc * nDst);
    if (!w)
      return w.takeError();
    // snn's [source, target] rows as NIR's (out, in).
    std::vector<double> t(size_t(nSrc * nDst));
    for (int64_t i = 0; i < nSrc; ++i)
      for (int64_t j = 0; j < nDst; ++j)
        t[size_t(j * nSrc + i)] = (*w)[size_t(i * nDst + j)];
    n.type = bias.empty() ? "Linear" : "Affine";
    n.arrays["weight"] = floats(std::move(t), {nDst, nSrc});
    if (!bias.empty())
      n.arrays["bias"] = floats(bias, {nDst});
  } else if (isa<OneToOneAttr>(conn)) {
    if (!bias.empty())
      return fail(proj, "a one-to-one projection with a bias has no NIR node");
    auto w = weights(nDst);
    if (!w)
      return w.takeError();
    n.type = "Scale";
    n.arrays["scale"] = floats(std::move(*w), {nDst});
  } else if (auto c = dyn_cast<Conv2dAttr>(conn)) {
    int64_t perGroup = c.getInChannels() / c.getGroups();
    int64_t kh = c.getKernel()[0], kw = c.getKernel()[1];
    auto w = weights(c.getOutChannels() * perGroup * kh * kw);
    if (!w)
      return w.takeError();
    n.type = "Conv2d";
    n.arrays["weight"] =
        floats(std::move(*w), {c.getOutChannels(), perGroup, kh, kw});
    n.arrays["bias"] = floats(bias.empty() ? std::vector<double>(
                                                 size_t(c.getOutChannels()), 0.0)
                                           : bias,
                              {c.getOutChannels()});
    auto pair = [](std::array<int64_t, 2> v) {
      return ints({v[0], v[1]});
    };
    n.arrays["stride"] = pair(c.strideOrDefault());
    n.arrays["padding"] = pair(c.paddingOrDefault());
    n.arrays["dilation"] = pair(c.dilationOrDefault());
    n.arrays["groups"] = scalarInt(c.getGroups());
    auto in = src.getShape();
    n.arrays["input_shape"] = ints({in[1], in[2]});
  } else if (auto c = dyn_cast<Conv1dAttr>(conn)) {
    int64_t perGroup = c.getInChannels() / c.getGroups();
    auto w = weights(c.getOutChannels() * perGroup * c.getKernel());
    if (!w)
      return w.takeError();
    n.type = "Conv1d";
    n.arrays["weight"] =
        floats(std::move(*w), {c.getOutChannels(), perGroup, c.getKernel()});
    n.arrays["bias"] = floats(bias.empty() ? std::vector<double>(
                                                 size_t(c.getOutChannels()), 0.0)
                                           : bias,
                              {c.getOutChannels()});
    n.arrays["stride"] = scalarInt(c.getStride());
    n.arrays["padding"] = scalarInt(c.getPadding());
    n.arrays["dilation"] = scalarInt(c.getDilation());
    n.arrays["groups"] = scalarInt(c.getGroups());
    n.arrays["input_shape"] = scalarInt(src.getShape()[1]);
  } else if (isa<SumPool2dAttr, AvgPool2dAttr>(conn)) {
    if (!bias.empty())
      return fail(proj, "is a pooling with a bias; NIR's pooling has none");
    bool sum = isa<SumPool2dAttr>(conn);
    auto kernel = sum ? cast<SumPool2dAttr>(conn).getKernel()
                      : cast<AvgPool2dAttr>(conn).getKernel();
    auto stride = sum ? cast<SumPool2dAttr>(conn).strideOrDefault()
                      : cast<AvgPool2dAttr>(conn).strideOrDefault();
    auto padding = sum ? cast<SumPool2dAttr>(conn).paddingOrDefault()
                       : cast<AvgPool2dAttr>(conn).paddingOrDefault();
    n.type = sum ? "SumPool2d" : "AvgPool2d";
    n.arrays["kernel_size"] = ints({kernel[0], kernel[1]});
    n.arrays["stride"] = ints({stride[0], stride[1]});
    n.arrays["padding"] = ints({padding[0], padding[1]});
  } else {
    std::string text;
    llvm::raw_string_ostream(text) << conn;
    return fail(proj, "connectivity " + llvm::Twine(text) +
                          " has no NIR node (NIR has dense, one-to-one, "
                          "conv1d, conv2d and pooling maps)");
  }
  // A delay beyond snn's one step: a Delay node (seconds) after the map,
  // one per target element, or before it, one per source element.
  std::vector<int64_t> perTarget, perSource;
  if (Attribute d = proj.getDelayAttr()) {
    if (auto steps = dyn_cast<IntegerAttr>(d)) {
      perTarget.assign(size_t(nDst), steps.getInt());
    } else if (auto data = dyn_cast<DenseIntElementsAttr>(d)) {
      std::vector<int64_t> k;
      for (const APInt &v : data.getValues<APInt>())
        k.push_back(v.getSExtValue());
      if (isa<OneToOneAttr>(conn)) {
        perTarget = k;
      } else if (isa<DenseConnectivityAttr>(conn) &&
                 int64_t(k.size()) == nSrc * nDst) {
        bool byTarget = true, bySource = true;
        for (int64_t i = 0; i < nSrc; ++i)
          for (int64_t j = 0; j < nDst; ++j) {
            byTarget &= k[size_t(i * nDst + j)] == k[size_t(j)];
            bySource &= k[size_t(i * nDst + j)] == k[size_t(i * nDst)];
          }
        for (int64_t e = 0; byTarget && e < nDst; ++e)
          perTarget.push_back(k[size_t(e)]);
        for (int64_t e = 0; !byTarget && bySource && e < nSrc; ++e)
          perSource.push_back(k[size_t(e * nDst)]);
      }
      if (perTarget.empty() && perSource.empty())
        return fail(proj, "has delays per synapse that are neither one per "
                          "target nor one per source; NIR's Delay holds one "
                          "per element");
    } else {
      return fail(proj, "draws its delays at init; NIR needs the values");
    }
  }
  auto delayNode = [&](const std::vector<int64_t> &steps, llvm::ArrayRef<int64_t> shape,
                       const std::string &name) {
    Node delay;
    delay.name = name;
    delay.type = "Delay";
    std::vector<double> seconds;
    for (int64_t k : steps)
      seconds.push_back(double(k - 1) * dt * 1e-3);
    delay.arrays["delay"] =
        floats(std::move(seconds), std::vector<int64_t>(shape.begin(), shape.end()));
    return delay;
  };
  auto delayed = [](const std::vector<int64_t> &steps) {
    return llvm::any_of(steps, [](int64_t k) { return k > 1; });
  };
  if ((delayed(perTarget) || delayed(perSource)) &&
      isa<Conv1dAttr, Conv2dAttr, SumPool2dAttr, AvgPool2dAttr>(conn))
    return fail(proj, "delays a window map; snnc imports no Delay next to a "
                      "convolution or pooling");
  std::string last = source(proj.getSource());
  if (last.empty())
    return fail(proj, "leaves relay @" + proj.getSource() +
                          ", which nothing feeds");
  if (isa<DenseConnectivityAttr>(conn) && src.getShape().size() > 1) {
    // NIR's maps type-check shapes: a dense map takes a flat input.
    Node flatten;
    flatten.name = fresh(proj.getSymName().str() + ".flatten");
    flatten.type = "Flatten";
    flatten.arrays["input_type"] = ints(
        std::vector<int64_t>(src.getShape().begin(), src.getShape().end()));
    flatten.arrays["start_dim"] = scalarInt(0);
    flatten.arrays["end_dim"] = scalarInt(-1);
    graph.edges.emplace_back(last, flatten.name);
    last = flatten.name;
    graph.nodes.push_back(std::move(flatten));
  }
  if (delayed(perSource)) {
    Node delay = delayNode(perSource, src.getShape(),
                           fresh(proj.getSymName().str() + ".delay"));
    graph.edges.emplace_back(last, delay.name);
    last = delay.name;
    graph.nodes.push_back(std::move(delay));
  }
  graph.edges.emplace_back(last, n.name);
  last = n.name;
  graph.nodes.push_back(std::move(n));
  if (delayed(perTarget)) {
    Node delay = delayNode(perTarget, dst.getShape(),
                           fresh(proj.getSymName().str() + ".delay"));
    graph.edges.emplace_back(last, delay.name);
    last = delay.name;
    graph.nodes.push_back(std::move(delay));
  }
  if (dst.getModel() == "relay") {
    if (!relayInput.emplace(dst.getSymName().str(), last).second)
      return fail(proj, "is a second input of relay @" + dst.getSymName() +
                            "; NIR joins links one to one");
  }
  else
    graph.edges.emplace_back(last, dst.getSymName().str());
  return llvm::Error::success();
}

llvm::Error Exporter::monitor(MonitorOp mon) {
  auto it = pops.find(mon.getTarget().str());
  if (it == pops.end())
    return fail(mon, "records a projection; NIR's Output records layers");
  PopulationOp pop = it->second;
  StringRef var = mon.getVariable();
  bool graded = pop.getGraded().has_value();
  if (!(var == "spikes" && !graded) && !(graded && var == *pop.getGraded()))
    return fail(mon, "records '" + var + "' of @" + pop.getSymName() +
                         "; NIR's Output is a layer's output (its spikes, "
                         "or its graded value)");
  if (mon.getEvery() != 1)
    return fail(mon, "records every " + llvm::Twine(mon.getEvery()) +
                         " steps; NIR's Output is every step");
  std::string from = source(pop.getSymName());
  if (from.empty())
    return fail(mon, "records relay @" + pop.getSymName() +
                         ", which nothing feeds");
  Node n;
  n.name = mon.getSymName().str();
  n.type = "Output";
  n.arrays["shape"] = ints(std::vector<int64_t>(pop.getShape().begin(),
                                                pop.getShape().end()));
  graph.edges.emplace_back(from, n.name);
  graph.nodes.push_back(std::move(n));
  return llvm::Error::success();
}

llvm::Expected<Graph> Exporter::run() {
  if (net.getBatch() != 1)
    return fail(net, "has batch " + llvm::Twine(net.getBatch()) +
                         "; a NIR graph describes one network");
  // Symbols name the nodes: HDF5 group names, so no '/' and not '.'.
  for (Operation &op : net.getBodyBlock())
    if (auto sym = op.getAttrOfType<StringAttr>("sym_name")) {
      if (sym.getValue().contains('/') || sym.getValue() == "." ||
          sym.getValue().empty())
        return fail(&op, "has a name NIR cannot store (an HDF5 group name: "
                         "no '/')");
      used.insert(sym.getValue());
    }
  for (PopulationOp pop : net.getBodyBlock().getOps<PopulationOp>()) {
    pops[pop.getSymName().str()] = pop;
    if (auto err = population(pop))
      return std::move(err);
  }
  // Projections into relays first, each once what feeds its source is
  // known, so the links out of a relay know what they continue.
  std::vector<ProjectionOp> pending;
  for (ProjectionOp proj : net.getBodyBlock().getOps<ProjectionOp>())
    if (pops[proj.getTarget().str()].getModel() == "relay")
      pending.push_back(proj);
  while (!pending.empty()) {
    auto ready = llvm::find_if(pending, [&](ProjectionOp proj) {
      return !source(proj.getSource()).empty();
    });
    if (ready == pending.end())
      return fail(pending.front(), "leaves relay @" + pending.front().getSource() +
                                       ", which nothing feeds");
    if (auto err = projection(*ready))
      return std::move(err);
    pending.erase(ready);
  }
  for (ProjectionOp proj : net.getBodyBlock().getOps<ProjectionOp>())
    if (pops[proj.getTarget().str()].getModel() != "relay")
      if (auto err = projection(proj))
        return std::move(err);
  for (Operation &op : net.getBodyBlock()) {
    if (auto mon = dyn_cast<MonitorOp>(op)) {
      if (auto err = monitor(mon))
        return std::move(err);
    } else if (!isa<PopulationOp, ProjectionOp>(op)) {
      return fail(&op, "has no NIR counterpart");
    }
  }
  return std::move(graph);
}

} // namespace

llvm::Expected<std::string> mlir::snn::exportNir(NetworkOp net) {
  auto graph = Exporter(net).run();
  if (!graph)
    return graph.takeError();
  return nir::writeGraph(*graph);
}
