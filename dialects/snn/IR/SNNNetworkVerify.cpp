//===- SNNNetworkVerify.cpp - verifier of snn.network ---------------------===//
//
// Everything that can be wrong between the parts of a network: names that
// do not resolve, parameters a model does not have, shapes that do not fit
// the connectivity, values out of range. Every message starts with the kind
// and name of the offending part ("projection @ee: ...").
//
//===----------------------------------------------------------------------===//

#include "dialects/snn/IR/SNNModels.h"
#include "dialects/snn/IR/SNNOps.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::snn;

namespace {

constexpr int64_t kMaxNeurons = (int64_t(1) << 31) - 1;

std::string listOrNone(ArrayRef<StringRef> names) {
  return names.empty() ? std::string("none") : llvm::join(names, ", ");
}

/// Checks the parts of one network. `err(op)` starts a diagnostic at `op`
/// with its kind and name.
class NetworkVerifier {
public:
  explicit NetworkVerifier(NetworkOp network) : network(network) {}

  LogicalResult verify();

private:
  InFlightDiagnostic err(Operation *op) {
    StringRef kind = op->getName().stripDialect();
    auto sym = op->getAttrOfType<StringAttr>(SymbolTable::getSymbolAttrName());
    return op->emitError() << kind << " @" << (sym ? sym.getValue() : "?")
                           << ": ";
  }

  /// The model `ref` names, which must be of kind `ModelT`.
  template <typename ModelT>
  FailureOr<ModelT> model(Operation *user, FlatSymbolRefAttr ref,
                          StringRef expectedKind) {
    Operation *found = lookupModel(network, ref);
    if (!found)
      return err(user) << "unknown " << expectedKind << " " << ref
                       << " (not defined in the module nor in the prelude)";
    auto typed = dyn_cast<ModelT>(found);
    if (!typed)
      return err(user) << ref << " is a " << modelKind(found) << ", not a "
                       << expectedKind;
    return typed;
  }

  FailureOr<PopulationOp> population(Operation *user, FlatSymbolRefAttr ref,
                                     StringRef role) {
    auto pop = dyn_cast_or_null<PopulationOp>(
        SymbolTable::lookupSymbolIn(network, ref.getAttr()));
    if (!pop)
      return err(user) << "unknown " << role << " population " << ref;
    return pop;
  }

  LogicalResult checkValue(Operation *op, StringRef what, StringRef name,
                           Attribute value,
                           std::optional<SmallVector<int64_t>> shape);
  LogicalResult checkOverrides(Operation *op, DictionaryAttr overrides,
                               DictionaryAttr declared, StringRef modelDesc,
                               StringRef what, ArrayRef<int64_t> shape);
  LogicalResult checkDelay(ProjectionOp proj,
                           std::optional<SmallVector<int64_t>> synapseShape);
  LogicalResult checkReads(ProjectionOp proj, Operation *model, StringRef side,
                           const llvm::StringSet<> &names);

  LogicalResult verifyPopulation(PopulationOp pop);
  LogicalResult verifyProjection(ProjectionOp proj);
  LogicalResult verifySynapse(ProjectionOp proj, NeuronModelOp post);
  LogicalResult verifyPlasticity(ProjectionOp proj, PopulationOp src,
                                 PopulationOp dst);
  LogicalResult verifyMonitor(MonitorOp mon);
  LogicalResult verifySpikeFilter(SpikeFilterOp filter);
  LogicalResult verifyHomeostasis(HomeostasisOp h);
  LogicalResult verifySynapticScaling(SynapticScalingOp scaling);
  LogicalResult verifyStructural(StructuralPlasticityOp sp);
  /// The spiking population a population mechanism acts on.
  FailureOr<std::pair<PopulationOp, NeuronModelOp>>
  spikingTarget(Operation *mechanism, FlatSymbolRefAttr ref);

  NetworkOp network;
};

/// Names a neuron model exposes to other models: its parameters, its state
/// and `spike`.
llvm::StringSet<> neuronVariables(NeuronModelOp model) {
  llvm::StringSet<> names;
  for (StringRef n : dictKeys(model.getParamsAttr()))
    names.insert(n);
  for (StringRef n : dictKeys(model.getStateAttr()))
    names.insert(n);
  names.insert("spike");
  return names;
}

} // namespace

LogicalResult NetworkVerifier::checkValue(
    Operation *op, StringRef what, StringRef name, Attribute value,
    std::optional<SmallVector<int64_t>> shape) {
  bool tau = isTimeConstant(name);
  auto positive = [&](double v) -> LogicalResult {
    if (tau && !(v > 0.0))
      return err(op) << "time constant '" << name << "' = " << formatReal(v)
                     << " must be positive";
    return success();
  };
  if (auto f = dyn_cast<FloatAttr>(value))
    return positive(f.getValueAsDouble());
  if (auto i = dyn_cast<IntegerAttr>(value))
    return positive(static_cast<double>(i.getInt()));
  if (auto c = dyn_cast<ConstantAttr>(value))
    return positive(c.getValue().convertToDouble());
  if (auto u = dyn_cast<UniformAttr>(value)) {
    if (!(u.getLow().convertToDouble() <= u.getHigh().convertToDouble()))
      return err(op) << what << " '" << name << "': #snn.uniform low "
                     << formatReal(u.getLow().convertToDouble())
                     << " exceeds high "
                     << formatReal(u.getHigh().convertToDouble());
    return positive(u.getLow().convertToDouble());
  }
  if (auto n = dyn_cast<NormalAttr>(value)) {
    if (!(n.getStd().convertToDouble() >= 0.0))
      return err(op) << what << " '" << name
                     << "': #snn.normal standard deviation "
                     << formatReal(n.getStd().convertToDouble())
                     << " must not be negative";
    if (tau)
      return err(op) << "time constant '" << name
                     << "' cannot come from #snn.normal, which may draw "
                        "non-positive values; use #snn.uniform";
    return success();
  }
  if (auto data = dyn_cast<DenseFPElementsAttr>(value)) {
    if (!shape)
      return err(op) << what << " '" << name
                     << "': data needs a known shape, but this connectivity "
                        "draws its synapses at init; use an initializer";
    ArrayRef<int64_t> got = data.getType().getShape();
    bool flatMatch = got.size() == 1 && got[0] == numElements(*shape);
    if (got != ArrayRef<int64_t>(*shape) && !flatMatch)
      return err(op) << what << " '" << name << "': data has shape "
                     << formatShape(got) << ", expected " << formatShape(*shape);
    if (tau)
      for (const APFloat &v : data.getValues<APFloat>())
        if (failed(positive(v.convertToDouble())))
          return failure();
    return success();
  }
  return err(op) << what << " '" << name
                 << "' must be a number, an initializer (#snn.constant, "
                    "#snn.uniform, #snn.normal) or dense f32 data, got "
                 << value;
}

LogicalResult NetworkVerifier::checkOverrides(Operation *op,
                                              DictionaryAttr overrides,
                                              DictionaryAttr declared,
                                              StringRef modelDesc,
                                              StringRef what,
                                              ArrayRef<int64_t> shape) {
  if (!overrides)
    return success();
  SmallVector<StringRef> known = dictKeys(declared);
  for (NamedAttribute entry : overrides) {
    StringRef name = entry.getName().getValue();
    if (!llvm::is_contained(known, name))
      return err(op) << "unknown " << what << " '" << name << "' of "
                     << modelDesc << " (" << what << "s: " << listOrNone(known)
                     << ")";
    if (failed(checkValue(op, what, name, entry.getValue(),
                          SmallVector<int64_t>(shape))))
      return failure();
  }
  return success();
}

LogicalResult NetworkVerifier::verifyPopulation(PopulationOp pop) {
  ArrayRef<int64_t> shape = pop.getShape();
  if (shape.empty() || llvm::any_of(shape, [](int64_t d) { return d <= 0; }))
    return err(pop) << "sizes must be positive, got " << formatShape(shape);
  // Neuron indices are 32-bit in generated code.
  int64_t total = 1;
  for (int64_t d : shape)
    if (llvm::MulOverflow(total, d, total) || total > kMaxNeurons)
      return err(pop) << "shape " << formatShape(shape)
                      << " has more neurons than a population may have ("
                      << kMaxNeurons << ")";
  FailureOr<NeuronModelOp> m =
      model<NeuronModelOp>(pop, pop.getModelAttr(), "neuron_model");
  if (failed(m))
    return failure();
  std::string desc = "neuron_model @" + pop.getModel().str();
  if (pop.getParamsAttr())
    for (NamedAttribute entry : pop.getParamsAttr())
      if (llvm::is_contained(dictKeys(m->getStateAttr()),
                             entry.getName().getValue()))
        return err(pop) << "'" << entry.getName().getValue()
                        << "' is a state variable of " << desc
                        << "; give its initial value in 'init'";
  if (failed(checkOverrides(pop, pop.getParamsAttr(), m->getParamsAttr(), desc,
                            "parameter", shape)) ||
      failed(checkOverrides(pop, pop.getInitAttr(), m->getStateAttr(), desc,
                            "state variable", shape)))
    return failure();
  if (ArrayAttr perEntry = pop.getPerEntryAttr()) {
    SmallVector<StringRef> params = dictKeys(m->getParamsAttr());
    llvm::StringSet<> seen;
    for (StringRef name : stringList(perEntry)) {
      if (!llvm::is_contained(params, name))
        return err(pop) << "per_entry '" << name << "' is not a parameter of "
                        << desc << " (parameters: " << listOrNone(params)
                        << ")";
      if (!seen.insert(name).second)
        return err(pop) << "per_entry lists '" << name << "' twice";
    }
  }
  if (pop.getSharedDraws()) {
    bool draws = false;
    m->walk([&](Operation *op) {
      draws |= isa<RandomUniformOp, RandomNormalOp>(op);
    });
    if (!draws)
      return err(pop) << "shared_draws, but " << desc
                      << " draws no random numbers; remove 'shared_draws'";
  }
  if (auto graded = pop.getGradedAttr()) {
    SmallVector<StringRef> state = dictKeys(m->getStateAttr());
    if (!llvm::is_contained(state, graded.getValue()))
      return err(pop) << "graded output '" << graded.getValue()
                      << "' is not a state variable of " << desc
                      << " (state: " << listOrNone(state) << ")";
  } else if (m->getThreshold().empty()) {
    return err(pop) << desc
                    << " has no threshold and never spikes; make the "
                       "population graded (graded \"<state variable>\")";
  }
  return success();
}

LogicalResult NetworkVerifier::checkDelay(
    ProjectionOp proj, std::optional<SmallVector<int64_t>> synapseShape) {
  Attribute delay = proj.getDelayAttr();
  if (!delay)
    return success();
  if (auto i = dyn_cast<IntegerAttr>(delay)) {
    if (i.getInt() < 1)
      return err(proj) << "delay " << i.getInt()
                       << " must be at least 1 step";
    return success();
  }
  if (auto u = dyn_cast<UniformIntAttr>(delay)) {
    if (u.getLow() < 1)
      return err(proj) << "delay #snn.uniform_int low " << u.getLow()
                       << " must be at least 1 step";
    if (u.getLow() > u.getHigh())
      return err(proj) << "delay #snn.uniform_int low " << u.getLow()
                       << " exceeds high " << u.getHigh();
    return success();
  }
  if (auto data = dyn_cast<DenseIntElementsAttr>(delay)) {
    if (!synapseShape)
      return err(proj) << "per-synapse delay data needs connectivity with a "
                          "known synapse count; use #snn.uniform_int";
    ArrayRef<int64_t> got = data.getType().getShape();
    if (got != ArrayRef<int64_t>(*synapseShape) &&
        !(got.size() == 1 && got[0] == numElements(*synapseShape)))
      return err(proj) << "delay data has shape " << formatShape(got)
                       << ", expected " << formatShape(*synapseShape);
    for (const APInt &v : data.getValues<APInt>())
      if (v.getSExtValue() < 1)
        return err(proj) << "delay " << v.getSExtValue()
                         << " must be at least 1 step";
    return success();
  }
  return err(proj) << "delay must be an integer number of steps, "
                      "#snn.uniform_int or integer data, got "
                   << delay;
}

LogicalResult NetworkVerifier::checkReads(ProjectionOp proj, Operation *model,
                                          StringRef side,
                                          const llvm::StringSet<> &names) {
  bool pre = side == "pre";
  WalkResult walk = model->walk([&](Operation *op) {
    StringRef name;
    if (auto g = dyn_cast<GetPreOp>(op); g && pre)
      name = g.getName();
    else if (auto g = dyn_cast<GetPostOp>(op); g && !pre)
      name = g.getName();
    else
      return WalkResult::advance();
    if (names.contains(name))
      return WalkResult::advance();
    SmallVector<StringRef> known;
    for (auto &n : names)
      known.push_back(n.getKey());
    llvm::sort(known);
    err(proj) << modelKind(model) << " @"
              << SymbolTable::getSymbolName(model).getValue() << " reads " << side << "synaptic '" << name
              << "', which the " << side
              << "synaptic population does not have (known: "
              << llvm::join(known, ", ") << ")";
    return WalkResult::interrupt();
  });
  return failure(walk.wasInterrupted());
}

LogicalResult NetworkVerifier::verifySynapse(ProjectionOp proj,
                                             NeuronModelOp post) {
  std::string postDesc = "neuron_model @" + post.getSymName().str();
  SmallVector<StringRef> inputs = stringList(post.getInputsAttr());
  StringRef port;
  if (proj.getPortAttr())
    port = proj.getPortAttr().getValue();
  if (auto ref = proj.getSynapseAttr()) {
    FailureOr<SynapseModelOp> syn =
        model<SynapseModelOp>(proj, ref, "synapse_model");
    if (failed(syn) ||
        failed(checkOverrides(proj, proj.getSynapseParamsAttr(),
                              syn->getParamsAttr(),
                              "synapse_model @" + syn->getSymName().str(),
                              "parameter", {})) ||
        failed(checkReads(proj, *syn, "post", neuronVariables(post))))
      return failure();
    if (port.empty() && syn->getTargetAttr())
      port = syn->getTargetAttr().getValue();
  } else if (proj.getSynapseParamsAttr()) {
    return err(proj) << "synapse parameters given without a synapse model";
  }
  if (port.empty()) {
    if (inputs.size() != 1)
      return err(proj) << postDesc << " has inputs [" << listOrNone(inputs)
                       << "]; say which one this projection feeds with "
                          "port \"<name>\"";
    return success();
  }
  if (!llvm::is_contained(inputs, port))
    return err(proj) << "port '" << port << "' is not an input of " << postDesc
                     << " (inputs: " << listOrNone(inputs) << ")";
  return success();
}

LogicalResult NetworkVerifier::verifyPlasticity(ProjectionOp proj,
                                                PopulationOp src,
                                                PopulationOp dst) {
  auto ref = proj.getPlasticityAttr();
  if (!ref) {
    if (proj.getPlasticityParamsAttr() || proj.getModulatorsAttr())
      return err(proj) << "plasticity parameters or modulators given without "
                          "a plasticity model";
    return success();
  }
  FailureOr<PlasticityModelOp> rule =
      model<PlasticityModelOp>(proj, ref, "plasticity_model");
  if (failed(rule))
    return failure();
  std::string desc = "plasticity_model @" + rule->getSymName().str();
  if (failed(checkOverrides(proj, proj.getPlasticityParamsAttr(),
                            rule->getParamsAttr(), desc, "parameter", {})))
    return failure();
  if (!ConnectivityAttr(proj.getConnectivity()).hasWeights())
    return err(proj) << "a plasticity model needs learnable weights, which "
                     << proj.getConnectivity() << " does not have";
  // The neuron models were verified with their populations; a failure there
  // was already reported.
  auto preModel = dyn_cast_or_null<NeuronModelOp>(
      lookupModel(network, src.getModelAttr()));
  auto postModel = dyn_cast_or_null<NeuronModelOp>(
      lookupModel(network, dst.getModelAttr()));
  if (!preModel || !postModel)
    return failure();
  llvm::StringSet<> preNames = neuronVariables(preModel);
  for (StringRef n : dictKeys(rule->getPreStateAttr()))
    preNames.insert(n);
  llvm::StringSet<> postNames = neuronVariables(postModel);
  for (StringRef n : dictKeys(rule->getPostStateAttr()))
    postNames.insert(n);
  if (failed(checkReads(proj, *rule, "pre", preNames)) ||
      failed(checkReads(proj, *rule, "post", postNames)))
    return failure();

  DictionaryAttr binding = proj.getModulatorsAttr();
  SmallVector<StringRef> declared = stringList(rule->getModulatorsAttr());
  if (binding)
    for (NamedAttribute entry : binding) {
      if (!llvm::is_contained(declared, entry.getName().getValue()))
        return err(proj) << desc << " has no modulator '"
                         << entry.getName().getValue() << "' (modulators: "
                         << listOrNone(declared) << ")";
      if (!isa<FlatSymbolRefAttr>(entry.getValue()))
        return err(proj) << "modulator '" << entry.getName().getValue()
                         << "' must be bound to a symbol (@name)";
    }
  for (StringRef name : declared) {
    FlatSymbolRefAttr target =
        FlatSymbolRefAttr::get(proj.getContext(), name);
    if (binding)
      if (auto bound = binding.getAs<FlatSymbolRefAttr>(name))
        target = bound;
    auto mod = dyn_cast_or_null<ModulatorOp>(
        SymbolTable::lookupSymbolIn(network, target.getAttr()));
    if (!mod)
      return err(proj) << desc << " reads modulator '" << name
                       << "', but the network has no snn.modulator " << target;
    if (auto shape = mod.getShapeAttr())
      if (numElements(shape.asArrayRef()) != dst.getNumNeurons())
        return err(proj) << "modulator " << target << " has shape "
                         << formatShape(shape.asArrayRef())
                         << "; a per-neuron modulator must match the "
                            "target population's "
                         << dst.getNumNeurons() << " neurons";
  }
  return success();
}

LogicalResult NetworkVerifier::verifyProjection(ProjectionOp proj) {
  FailureOr<PopulationOp> src =
      population(proj, proj.getSourceAttr(), "source");
  FailureOr<PopulationOp> dst =
      population(proj, proj.getTargetAttr(), "target");
  if (failed(src) || failed(dst))
    return failure();
  ArrayRef<int64_t> srcShape = src->getShape(), dstShape = dst->getShape();
  auto conn = cast<ConnectivityAttr>(proj.getConnectivity());
  if (failed(conn.verifyFit(srcShape, dstShape,
                            [&] { return err(proj); })))
    return failure();
  std::optional<SmallVector<int64_t>> weightShape =
      conn.getWeightShape(srcShape, dstShape);
  if (FloatAttr norm = proj.getNormalizeAttr()) {
    if (!isa<DenseConnectivityAttr>(proj.getConnectivity()))
      return err(proj) << "normalize is lowered for #snn.dense projections "
                          "only for now, not "
                       << proj.getConnectivity();
    if (!(norm.getValueAsDouble() > 0))
      return err(proj) << "normalize must be a positive column sum, not "
                       << norm.getValueAsDouble();
  }
  if (proj.getPerEntry()) {
    if (!conn.hasWeights())
      return err(proj) << proj.getConnectivity()
                       << " has fixed weights; remove 'per_entry'";
    if (proj.getPlasticityAttr() || proj.getNormalizeAttr())
      return err(proj) << "per_entry weights are not lowered with "
                       << (proj.getPlasticityAttr() ? "plasticity" : "normalize")
                       << " yet";
  }
  if (Attribute weight = proj.getWeightAttr()) {
    if (!conn.hasWeights())
      return err(proj) << proj.getConnectivity()
                       << " has fixed weights; remove 'weight'";
    // Per-entry data may also give every entry its own: [batch, ...].
    auto data = dyn_cast<DenseFPElementsAttr>(weight);
    bool everyEntry = false;
    if (proj.getPerEntry() && data && weightShape) {
      SmallVector<int64_t> batched = {static_cast<int64_t>(network.getBatch())};
      batched.append(weightShape->begin(), weightShape->end());
      everyEntry = data.getType().getShape() == ArrayRef<int64_t>(batched);
    }
    if (!everyEntry &&
        failed(checkValue(proj, "weight", "w", weight, weightShape)))
      return failure();
  }
  if (Attribute bias = proj.getBiasAttr())
    if (failed(checkValue(proj, "bias", "b", bias,
                          conn.getBiasShape(srcShape, dstShape))))
      return failure();
  if (failed(checkDelay(proj, weightShape)))
    return failure();
  auto postModel = dyn_cast_or_null<NeuronModelOp>(
      lookupModel(network, dst->getModelAttr()));
  if (!postModel)
    return failure(); // reported with the population
  return success(succeeded(verifySynapse(proj, postModel)) &&
                 succeeded(verifyPlasticity(proj, *src, *dst)));
}

FailureOr<std::pair<PopulationOp, NeuronModelOp>>
NetworkVerifier::spikingTarget(Operation *mechanism, FlatSymbolRefAttr ref) {
  FailureOr<PopulationOp> pop = population(mechanism, ref, "target");
  if (failed(pop))
    return failure();
  auto model = dyn_cast_or_null<NeuronModelOp>(
      lookupModel(network, pop->getModelAttr()));
  if (!model || model.getThreshold().empty() || pop->getGradedAttr()) {
    err(mechanism) << "@" << pop->getSymName()
                   << " does not spike: this mechanism needs a neuron model "
                      "with a threshold";
    return failure();
  }
  return std::make_pair(*pop, model);
}

LogicalResult NetworkVerifier::verifyHomeostasis(HomeostasisOp h) {
  auto target = spikingTarget(h, h.getTargetAttr());
  if (failed(target))
    return failure();
  auto [pop, model] = *target;
  if (!model.getStateAttr() || !model.getStateAttr().get(h.getVariable()))
    return err(h) << "'" << h.getVariable()
                  << "' is not a state variable of @" << model.getSymName();
  if (h.getTargetRate().convertToFloat() < 0 || h.getRate().convertToFloat() < 0)
    return err(h) << "target_rate and rate must not be negative";
  if (h.getMinAttr() && h.getMaxAttr() &&
      h.getMinAttr().getValueAsDouble() > h.getMaxAttr().getValueAsDouble())
    return err(h) << "min is above max";
  return success();
}

LogicalResult NetworkVerifier::verifySynapticScaling(SynapticScalingOp scaling) {
  if (failed(spikingTarget(scaling, scaling.getTargetAttr())))
    return failure();
  if (!(scaling.getTau().convertToFloat() > 0) ||
      !(scaling.getTargetRate().convertToFloat() > 0))
    return err(scaling) << "tau and target_rate must be positive";
  if (!(scaling.getMin().convertToFloat() > 0) ||
      scaling.getMin().convertToFloat() > scaling.getMax().convertToFloat())
    return err(scaling) << "needs 0 < min <= max";
  if (network.getBatch() != 1)
    return err(scaling) << "is lowered for batch 1 only (the weights it "
                           "scales are shared by the batch entries)";
  return success();
}

LogicalResult NetworkVerifier::verifyStructural(StructuralPlasticityOp sp) {
  auto proj = dyn_cast_or_null<ProjectionOp>(
      SymbolTable::lookupSymbolIn(network, sp.getTargetAttr().getAttr()));
  if (!proj)
    return err(sp) << sp.getTargetAttr() << " is not a projection of @"
                   << network.getSymName();
  auto conn = cast<ConnectivityAttr>(proj.getConnectivity());
  if (!conn.hasWeights() ||
      isa<Conv1dAttr, Conv2dAttr, LocalAttr>(proj.getConnectivity()))
    return err(sp) << "@" << proj.getSymName() << " ("
                   << proj.getConnectivity()
                   << ") has no synapse-by-synapse weights to prune and grow";
  if (!(sp.getPruneThreshold().convertToFloat() >= 0) ||
      !(sp.getGrowthRate().convertToFloat() >= 0) ||
      sp.getEveryAttr().getInt() < 1)
    return err(sp) << "needs prune_threshold >= 0, growth_rate >= 0 and "
                      "every >= 1";
  if (sp.getGrowMin().convertToFloat() > sp.getGrowMax().convertToFloat())
    return err(sp) << "grow_min is above grow_max";
  if (network.getBatch() != 1)
    return err(sp) << "is lowered for batch 1 only";
  return success();
}

LogicalResult NetworkVerifier::verifySpikeFilter(SpikeFilterOp filter) {
  auto target = spikingTarget(filter, filter.getTargetAttr());
  if (failed(target))
    return failure();
  auto [pop, model] = *target;
  // Signed: the getter reads the attribute unsigned.
  int64_t k = filter.getKAttr().getInt();
  if (k < 1 || k > pop.getNumNeurons())
    return err(filter) << "k = " << k << " must be between 1 and "
                       << "the " << pop.getNumNeurons()
                       << " neurons of @" << pop.getSymName();
  StringRef by = filter.getBy();
  if (!model.getStateAttr() || !model.getStateAttr().get(by))
    return err(filter) << "by '" << by << "' is not a state variable of @"
                       << model.getSymName();
  if (std::optional<int64_t> radius = filter.getRadius()) {
    if (pop.getShape().size() != 3)
      return err(filter) << "radius needs a population shaped [C, H, W]; @"
                         << pop.getSymName() << " is "
                         << formatShape(pop.getShape());
    if (*radius < 0)
      return err(filter) << "radius " << *radius << " must not be negative";
  }
  if (filter.getLosers() != "keep" && filter.getLosers() != "reset")
    return err(filter) << "losers must be \"keep\" or \"reset\", not \""
                       << filter.getLosers() << "\"";
  for (auto other : network.getBodyBlock().getOps<SpikeFilterOp>())
    if (other != filter && other.getTarget() == filter.getTarget() &&
        other->isBeforeInBlock(filter))
      return err(filter) << "@" << pop.getSymName()
                         << " already has spike filter @" << other.getSymName();
  return success();
}

LogicalResult NetworkVerifier::verifyMonitor(MonitorOp mon) {
  // Signed reads: the I64Attr getters read unsigned.
  if (mon.getEveryAttr().getInt() < 1)
    return err(mon) << "'every' = " << mon.getEveryAttr().getInt()
                    << " must be at least 1 step";
  Operation *target =
      SymbolTable::lookupSymbolIn(network, mon.getTargetAttr().getAttr());
  StringRef var = mon.getVariable();
  if (auto pop = dyn_cast_or_null<PopulationOp>(target)) {
    auto m = dyn_cast_or_null<NeuronModelOp>(
        lookupModel(network, pop.getModelAttr()));
    if (!m)
      return failure(); // reported with the population
    if (var == "spikes") {
      if (pop.getGradedAttr())
        return err(mon) << "population @" << pop.getSymName()
                        << " is graded and does not spike; monitor \""
                        << pop.getGradedAttr().getValue() << "\" instead";
      return success();
    }
    SmallVector<StringRef> state = dictKeys(m.getStateAttr());
    if (!llvm::is_contained(state, var))
      return err(mon) << "population @" << pop.getSymName()
                      << " (neuron_model @" << m.getSymName()
                      << ") has no state variable '" << var
                      << "' (state: " << listOrNone(state) << ", or spikes)";
    return success();
  }
  if (auto proj = dyn_cast_or_null<ProjectionOp>(target)) {
    SmallVector<StringRef> vars = {"w"};
    if (auto ref = proj.getPlasticityAttr())
      if (auto rule =
              dyn_cast_or_null<PlasticityModelOp>(lookupModel(network, ref)))
        llvm::append_range(vars, dictKeys(rule.getSynapseStateAttr()));
    if (auto ref = proj.getSynapseAttr())
      if (auto syn = dyn_cast_or_null<SynapseModelOp>(lookupModel(network, ref)))
        llvm::append_range(vars, dictKeys(syn.getStateAttr()));
    if (!llvm::is_contained(vars, var))
      return err(mon) << "projection @" << proj.getSymName()
                      << " has no variable '" << var
                      << "' (variables: " << listOrNone(vars) << ")";
    return success();
  }
  return err(mon) << "unknown population or projection "
                  << mon.getTargetAttr();
}

LogicalResult NetworkVerifier::verify() {
  auto err0 = [&]() {
    return network.emitError() << "network @" << network.getSymName() << ": ";
  };
  if (!(network.getDt().convertToFloat() > 0.0f))
    return err0() << "dt = " << formatReal(network.getDt().convertToFloat())
                  << " ms must be positive";
  if (network.getBatchAttr().getInt() < 1)
    return err0() << "batch = " << network.getBatchAttr().getInt()
                  << " must be at least 1";
  bool ok = true;
  for (Operation &op : network.getBodyBlock()) {
    if (!isa<PopulationOp, ProjectionOp, MonitorOp, ModulatorOp,
             SpikeFilterOp, HomeostasisOp, SynapticScalingOp,
             StructuralPlasticityOp, TrainOp>(op)) {
      op.emitError() << "network @" << network.getSymName()
                     << ": may hold only populations, projections, monitors, "
                        "modulators, population mechanisms (spike_filter, "
                        "homeostasis, synaptic_scaling, "
                        "structural_plasticity) and train, not '"
                     << op.getName() << "'";
      ok = false;
    }
  }
  // Populations first: projections and monitors rely on their models.
  for (auto pop : network.getBodyBlock().getOps<PopulationOp>())
    ok &= succeeded(verifyPopulation(pop));
  if (!ok)
    return failure();
  for (auto proj : network.getBodyBlock().getOps<ProjectionOp>())
    ok &= succeeded(verifyProjection(proj));
  for (auto mon : network.getBodyBlock().getOps<MonitorOp>())
    ok &= succeeded(verifyMonitor(mon));
  for (auto filter : network.getBodyBlock().getOps<SpikeFilterOp>())
    ok &= succeeded(verifySpikeFilter(filter));
  for (auto h : network.getBodyBlock().getOps<HomeostasisOp>())
    ok &= succeeded(verifyHomeostasis(h));
  for (auto scaling : network.getBodyBlock().getOps<SynapticScalingOp>())
    ok &= succeeded(verifySynapticScaling(scaling));
  for (auto sp : network.getBodyBlock().getOps<StructuralPlasticityOp>())
    ok &= succeeded(verifyStructural(sp));
  for (auto mod : network.getBodyBlock().getOps<ModulatorOp>())
    if (auto shape = mod.getShapeAttr())
      if (shape.empty() ||
          llvm::any_of(shape.asArrayRef(),
                       [](int64_t d) { return d <= 0 || d > kMaxNeurons; })) {
        err(mod) << "sizes must be positive and fit 32 bits, got "
                 << formatShape(shape.asArrayRef());
        ok = false;
      }
  return success(ok);
}

LogicalResult NetworkOp::verifyRegions() {
  return NetworkVerifier(*this).verify();
}
