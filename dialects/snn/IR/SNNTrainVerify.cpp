//===- SNNTrainVerify.cpp - verifier of snn.train --------------------------===//
//
// What can be wrong in a training declaration: an unknown loss, optimiser or
// surrogate, an optimiser setting out of range or meant for the other
// optimiser, a readout that does not fit the loss, a trainable name that is
// not a projection with weights. Every message starts with "train: ".
//
//===----------------------------------------------------------------------===//

#include "dialects/snn/IR/SNNModels.h"
#include "dialects/snn/IR/SNNOps.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::snn;

namespace {

/// The settings each optimiser takes, and the range each must be in.
struct Setting {
  const char *name;
  bool sgd, adam;
  double min;      // the smallest allowed value
  bool minOpen;    // whether `min` itself is excluded
  double max;      // the largest allowed value (exclusive when below 1e30)
};

constexpr Setting kSettings[] = {
    {"lr", true, true, 0.0, true, 1e30},
    {"momentum", true, false, 0.0, false, 1.0},
    {"beta1", false, true, 0.0, false, 1.0},
    {"beta2", false, true, 0.0, false, 1.0},
    {"eps", false, true, 0.0, true, 1e30},
    {"weight_decay", true, true, 0.0, false, 1e30},
    {"clip", true, true, 0.0, false, 1e30},
    {"ewc", true, true, 0.0, false, 1e30},
};

} // namespace

LogicalResult TrainOp::verify() {
  auto err = [&]() { return emitError() << "train: "; };
  auto net = (*this)->getParentOfType<NetworkOp>();
  unsigned count = 0;
  for (auto other : net.getBodyBlock().getOps<TrainOp>()) {
    (void)other;
    ++count;
  }
  if (count > 1)
    return err() << "network @" << net.getSymName()
                 << " declares training more than once";

  // The loss and the population it reads.
  StringRef loss = getLoss();
  bool onSpikes = loss == "ce_count" || loss == "mse_rate";
  bool onGraded = loss == "ce_final" || loss == "ce_max" || loss == "mse_trace";
  if (!onSpikes && !onGraded)
    return err() << "unknown loss \"" << loss
                 << "\" (ce_count, ce_final, ce_max, mse_rate, mse_trace)";
  auto pop = dyn_cast_or_null<PopulationOp>(
      SymbolTable::lookupSymbolIn(net, getReadoutAttr().getAttr()));
  if (!pop)
    return err() << "the loss reads " << getReadoutAttr()
                 << ", which is not a population of network @"
                 << net.getSymName();
  if (onSpikes) {
    if (pop.getGradedAttr())
      return err() << "loss \"" << loss << "\" counts spikes, but @"
                   << pop.getSymName() << " is graded (use ce_final, ce_max "
                   << "or mse_trace)";
    auto model =
        dyn_cast_or_null<NeuronModelOp>(lookupModel(net, pop.getModelAttr()));
    if (model && model.getThreshold().empty())
      return err() << "loss \"" << loss << "\" counts spikes, but @"
                   << pop.getSymName() << " (neuron_model @"
                   << model.getSymName() << ") never spikes";
  } else if (!pop.getGradedAttr()) {
    return err() << "loss \"" << loss << "\" reads a graded output, but @"
                 << pop.getSymName() << " spikes (declare it `graded \"v\"`, "
                 << "or use ce_count or mse_rate)";
  }
  // The integer settings as signed numbers (the getters read them
  // unsigned, so -2 would pass as a huge count).
  int64_t steps = getStepsAttr().getInt();
  int64_t checkpoint = getCheckpointAttr().getInt();
  int64_t truncate = getTruncateAttr().getInt();
  if (steps < 1)
    return err() << "steps = " << steps << " must be at least 1";

  // The optimiser and its settings.
  StringRef opt = getOptimizer();
  if (opt != "sgd" && opt != "adam")
    return err() << "unknown optimizer \"" << opt << "\" (sgd, adam)";
  if (DictionaryAttr params = getOptimizerParamsAttr())
    for (NamedAttribute p : params) {
      StringRef name = p.getName().getValue();
      const Setting *s = nullptr;
      for (const Setting &k : kSettings)
        if (name == k.name)
          s = &k;
      if (!s || !(opt == "sgd" ? s->sgd : s->adam)) {
        SmallVector<StringRef> known;
        for (const Setting &k : kSettings)
          if (opt == "sgd" ? k.sgd : k.adam)
            known.push_back(k.name);
        return err() << "optimizer \"" << opt << "\" has no setting '" << name
                     << "' (" << llvm::join(known, ", ") << ")";
      }
      auto f = dyn_cast<FloatAttr>(p.getValue());
      if (!f)
        return err() << "optimizer setting '" << name
                     << "' must be a number, got " << p.getValue();
      double v = f.getValueAsDouble();
      bool below = s->minOpen ? !(v > s->min) : !(v >= s->min);
      bool above = s->max < 1e30 ? !(v < s->max) : !std::isfinite(v);
      if (below || above)
        return err() << "optimizer setting '" << name << "' = "
                     << formatReal(v) << " must be "
                     << (s->minOpen ? "above " : "at least ")
                     << formatReal(s->min)
                     << (s->max < 1e30 ? " and below " + formatReal(s->max)
                                       : std::string(" and finite"));
    }

  // The surrogate.
  StringRef sur = getSurrogate();
  if (!isSurrogateName(sur))
    return err() << "unknown surrogate \"" << sur << "\" (" << kSurrogateNames
                 << ")";
  if (!(getSlope().convertToFloat() > 0.0f) ||
      !std::isfinite(getSlope().convertToFloat()))
    return err() << "slope = " << formatReal(getSlope().convertToFloat())
                 << " must be positive";

  // Per-entry weights have no adjoint yet (the backward pass reads one
  // weight tensor for the batch).
  for (auto proj : net.getBodyBlock().getOps<ProjectionOp>())
    if (proj.getPerEntry())
      return err() << "projection @" << proj.getSymName()
                   << " has per_entry weights, which training does not "
                      "differentiate yet";
  // Nor draws shared by the batch (drawn in kernels of their own, which
  // the adjoint generator does not take yet).
  for (auto pop : net.getBodyBlock().getOps<PopulationOp>())
    if (pop.getSharedDraws())
      return err() << "population @" << pop.getSymName()
                   << " has shared_draws, which training does not support "
                      "yet";

  // What is trained.
  if (getTrainable().empty())
    return err() << "nothing is trainable: list the projections whose "
                    "weights training changes";
  llvm::StringSet<> seen;
  for (Attribute a : getTrainable()) {
    auto ref = cast<FlatSymbolRefAttr>(a);
    Operation *part = SymbolTable::lookupSymbolIn(net, ref.getAttr());
    if (part && !seen.insert(ref.getValue()).second)
      return err() << ref << " is listed twice";
    // A population trains its parameters given per neuron (time
    // constants, thresholds): one value per neuron, shared by the batch.
    if (auto pop = dyn_cast_or_null<PopulationOp>(part)) {
      bool perNeuron = false;
      if (DictionaryAttr params = pop.getParamsAttr())
        for (NamedAttribute p : params) {
          if (!isa<DenseFPElementsAttr>(p.getValue()))
            continue;
          if (llvm::is_contained(stringList(pop.getPerEntryAttr()),
                                 p.getName().getValue()))
            return err() << "population " << ref << " has '"
                         << p.getName().getValue()
                         << "' per_entry, which training does not support "
                            "yet; train a population whose parameters all "
                            "entries share";
          perNeuron = true;
        }
      if (!perNeuron)
        return err() << "population " << ref
                     << " has no parameter given per neuron to train; "
                        "give the ones to train one value per neuron "
                        "(e.g. tau_m = dense<20.0> : tensor<"
                     << pop.getNumNeurons() << "xf32>)";
      continue;
    }
    auto proj = dyn_cast_or_null<ProjectionOp>(part);
    if (!proj)
      return err() << ref << " is neither a projection nor a population "
                   << "of network @" << net.getSymName();
    if (!cast<ConnectivityAttr>(proj.getConnectivity()).hasWeights())
      return err() << "projection " << ref
                   << " pools with fixed weights and has nothing to train";
    if (proj.getPlasticityAttr())
      return err() << "projection " << ref << " already learns by its "
                   << "plasticity rule " << proj.getPlasticityAttr()
                   << "; a weight cannot follow both";
  }

  if (checkpoint < 1 || checkpoint > steps)
    return err() << "checkpoint = " << checkpoint
                 << " must be between 1 and steps (" << steps << ")";
  if (truncate < 0)
    return err() << "truncate = " << truncate
                 << " must be 0 (no truncation) or a number of steps";
  if (ArrayAttr seq = getSequenceAttr())
    for (Attribute a : seq) {
      auto ref = cast<FlatSymbolRefAttr>(a);
      auto src = dyn_cast_or_null<PopulationOp>(
          SymbolTable::lookupSymbolIn(net, ref.getAttr()));
      if (!src)
        return err() << "sequence: " << ref
                     << " is not a population of network @"
                     << net.getSymName();
      auto model = dyn_cast_or_null<NeuronModelOp>(
          lookupModel(net, src.getModelAttr()));
      if (model && stringList(model.getExternalAttr()).empty())
        return err() << "sequence: @" << src.getSymName()
                     << " (neuron_model @" << model.getSymName()
                     << ") reads no external input";
    }
  if (getReset() != "detached" && getReset() != "attached")
    return err() << "reset \"" << getReset()
                 << "\" must be \"detached\" or \"attached\"";
  return success();
}
