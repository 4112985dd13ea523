//===- SNNModelVerify.cpp - verifiers of neuron, synapse, plasticity models ===//
//
// A model region may read the names its model declares and write only its
// state. What each region may read, write, yield and call is described by a
// RegionScope; one walker checks every region of every model kind against it.
// Names a region reads from *other* models (`snn.get_pre`, `snn.get_post`)
// are checked where the model is bound to populations: in the network
// verifier.
//
//===----------------------------------------------------------------------===//

#include "dialects/snn/IR/SNNModels.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>

using namespace mlir;
using namespace mlir::snn;

namespace {

/// What one region of a model may do.
struct RegionScope {
  StringRef region;
  /// Readable names and what each is ("parameter", "state variable", ...).
  llvm::StringMap<StringRef> readable;
  llvm::StringSet<> writable;
  /// Number of f32 values the region yields (0, or 1 for a margin/output).
  unsigned yields = 0;
  StringRef yieldMeaning;
  bool allowPre = false, allowPost = false, allowDeliver = false,
       allowDelivered = false, allowSurrogate = false, allowArrived = false;
  llvm::StringSet<> modulators;
  /// Names the model declares but this region cannot use with snn.get or
  /// snn.set, with a hint at where they can be used.
  llvm::StringMap<std::string> elsewhere;
};

/// Error prefix naming the model: "neuron_model @lif: ".
std::string who(Operation *model) {
  auto sym = model->getAttrOfType<StringAttr>(SymbolTable::getSymbolAttrName());
  return (modelKind(model) + " @" + (sym ? sym.getValue() : "?") + ": ").str();
}

std::string knownNames(const RegionScope &scope) {
  SmallVector<StringRef> names;
  for (auto &entry : scope.readable)
    names.push_back(entry.getKey());
  llvm::sort(names);
  if (names.empty())
    return "none";
  return llvm::join(names, ", ");
}

/// Collects declared names into one table, reporting a name declared twice.
class Declarations {
public:
  explicit Declarations(Operation *model) : model(model) {}

  LogicalResult addDict(DictionaryAttr dict, StringRef role,
                        bool checkValues = true) {
    if (!dict)
      return success();
    for (NamedAttribute entry : dict) {
      StringRef name = entry.getName().getValue();
      if (failed(add(name, role)))
        return failure();
      if (!checkValues)
        continue;
      auto value = dyn_cast<FloatAttr>(entry.getValue());
      if (!value)
        return model->emitError()
               << who(model) << role << " '" << name
               << "' must have a number as its default, got "
               << entry.getValue();
      if (isTimeConstant(name) && !(value.getValueAsDouble() > 0.0))
        return model->emitError()
               << who(model) << "time constant '" << name << "' = "
               << formatReal(value.getValueAsDouble()) << " must be positive";
    }
    return success();
  }

  LogicalResult addList(ArrayAttr list, StringRef role) {
    for (StringRef name : stringList(list))
      if (failed(add(name, role)))
        return failure();
    return success();
  }

  LogicalResult add(StringRef name, StringRef role) {
    auto [it, inserted] = roles.try_emplace(name, role);
    if (!inserted)
      return model->emitError() << who(model) << "'" << name
                                << "' is declared twice (as " << it->second
                                << " and as " << role << ")";
    return success();
  }

  /// Adds every declared name with role in `which` to the scope's readable
  /// names, and those in `writable` to its writable names.
  void expose(RegionScope &scope, ArrayRef<StringRef> which,
              ArrayRef<StringRef> writable) const {
    for (auto &entry : roles) {
      if (llvm::is_contained(which, entry.second))
        scope.readable[entry.getKey()] = entry.second;
      if (llvm::is_contained(writable, entry.second))
        scope.writable.insert(entry.getKey());
    }
  }

private:
  Operation *model;
  llvm::StringMap<StringRef> roles;
};

/// Ends a walk after reporting; the diagnostic is emitted when the
/// temporary it refers to goes out of scope.
WalkResult stop(const InFlightDiagnostic &) { return WalkResult::interrupt(); }

bool isAllowedDialect(Operation *op) {
  return isa<SNNDialect, arith::ArithDialect, math::MathDialect>(
             op->getDialect()) ||
         op->getName().getDialectNamespace() == "scf";
}

LogicalResult checkF32(Operation *model, Operation *op, Value v,
                       StringRef what) {
  if (v.getType().isF32())
    return success();
  return op->emitError() << who(model) << what << " must be f32, got "
                         << v.getType();
}

LogicalResult verifyRegion(Operation *model, Region &region,
                           const RegionScope &scope) {
  if (region.empty())
    return success();
  auto at = [&](Operation *op) {
    return op->emitError() << who(model) << "in '" << scope.region << "': ";
  };
  WalkResult walk = region.walk([&](Operation *op) -> WalkResult {
    if (!isAllowedDialect(op))
      return stop(at(op) << "'" << op->getName()
                    << "' is not allowed in a model region (use arith, math, "
                       "scf and snn ops)");
    if (auto get = dyn_cast<GetOp>(op)) {
      StringRef name = get.getName();
      if (!scope.readable.count(name)) {
        if (auto it = scope.elsewhere.find(name); it != scope.elsewhere.end())
          return stop(at(op) << "'" << name << "' is " << it->second);
        return stop(at(op) << "unknown name '" << name
                      << "' (known: " << knownNames(scope) << ")");
      }
    } else if (auto set = dyn_cast<SetOp>(op)) {
      StringRef name = set.getName();
      if (!scope.writable.contains(name)) {
        if (auto it = scope.elsewhere.find(name); it != scope.elsewhere.end())
          return stop(at(op) << "'" << name << "' is " << it->second);
        auto it = scope.readable.find(name);
        if (it == scope.readable.end())
          return stop(at(op) << "unknown name '" << name
                        << "' (known: " << knownNames(scope) << ")");
        return stop(at(op) << "cannot write " << it->second << " '" << name
                      << "'; only state can be written here");
      }
      if (failed(checkF32(model, op, set.getValue(), "the value written")))
        return WalkResult::interrupt();
    } else if (isa<GetPreOp>(op) && !scope.allowPre) {
      return stop(at(op) << "'snn.get_pre' reads presynaptic variables, which "
                       "this region does not have");
    } else if (isa<GetPostOp>(op) && !scope.allowPost) {
      return stop(at(op) << "'snn.get_post' reads postsynaptic variables, which "
                       "this region does not have");
    } else if (auto deliver = dyn_cast<DeliverOp>(op)) {
      if (!scope.allowDeliver)
        return stop(at(op) << "'snn.deliver' is only allowed in a plasticity "
                         "model's 'on_pre'");
      if (failed(checkF32(model, op, deliver.getValue(), "the value delivered")))
        return WalkResult::interrupt();
    } else if (isa<GetDeliveredOp>(op) && !scope.allowDelivered) {
      return stop(at(op) << "'snn.get_delivered' is only allowed in synapse models");
    } else if (isa<ArrivedOp>(op) && !scope.allowArrived) {
      return stop(at(op) << "'snn.arrived' is only allowed in a plasticity "
                       "model's synapse regions");
    } else if (auto sur = dyn_cast<GetPostSurrogateOp>(op)) {
      if (!scope.allowSurrogate)
        return stop(at(op) << "'snn.get_post_surrogate' is only allowed in a "
                         "plasticity model's synapse regions");
      if (sur.getSurrogateAttr() && !isSurrogateName(*sur.getSurrogate()))
        return stop(at(op) << "unknown surrogate \"" << *sur.getSurrogate()
                      << "\" (" << kSurrogateNames << ")");
      if (sur.getSlopeAttr()) {
        float k = sur.getSlopeAttr().getValueAsDouble();
        if (!(k > 0.0f) || !std::isfinite(k))
          return stop(at(op) << "surrogate slope " << formatReal(k)
                        << " must be positive");
      }
    } else if (auto mod = dyn_cast<GetModulatorOp>(op)) {
      if (!scope.modulators.contains(mod.getName()))
        return stop(at(op) << "unknown modulator '" << mod.getName()
                      << "'; declare it in the model's 'modulators'");
    } else if (auto yield = dyn_cast<YieldOp>(op)) {
      if (yield.getValues().size() != scope.yields)
        return stop(at(op) << "must yield " << scope.yields << " value"
                      << (scope.yields == 1 ? "" : "s")
                      << (scope.yieldMeaning.empty() ? "" : " (")
                      << scope.yieldMeaning
                      << (scope.yieldMeaning.empty() ? "" : ")") << ", got "
                      << yield.getValues().size());
      for (Value v : yield.getValues())
        if (failed(checkF32(model, op, v, "the value yielded")))
          return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

} // namespace

LogicalResult NeuronModelOp::verify() {
  Declarations decl(*this);
  if (failed(decl.addDict(getParamsAttr(), "parameter")) ||
      failed(decl.addDict(getStateAttr(), "state variable")) ||
      failed(decl.addList(getInputsAttr(), "input port")) ||
      failed(decl.addList(getExternalAttr(), "external value")) ||
      failed(decl.add("spike", "built-in")))
    return failure();
  for (StringRef n : stringList(getPersistentAttr()))
    if (!getStateAttr() || !getStateAttr().get(n))
      return emitError() << who(*this) << "persistent names '" << n
                         << "', which is not one of its state variables";
  auto scopeFor = [&](StringRef region) {
    RegionScope s;
    s.region = region;
    decl.expose(s, {"parameter", "state variable", "input port",
                    "external value"},
                {"state variable"});
    return s;
  };
  RegionScope update = scopeFor("update");
  RegionScope threshold = scopeFor("threshold");
  threshold.yields = 1;
  threshold.yieldMeaning = "the f32 margin; the neuron spikes where it is > 0";
  RegionScope reset = scopeFor("reset");
  return success(succeeded(verifyRegion(*this, getUpdate(), update)) &&
                 succeeded(verifyRegion(*this, getThreshold(), threshold)) &&
                 succeeded(verifyRegion(*this, getReset(), reset)));
}

LogicalResult SynapseModelOp::verify() {
  Declarations decl(*this);
  if (failed(decl.addDict(getParamsAttr(), "parameter")) ||
      failed(decl.addDict(getStateAttr(), "state variable")))
    return failure();
  if (getTargetAttr() && getTargetAttr().getValue().empty())
    return emitError() << who(*this) << "target port name is empty";
  auto scopeFor = [&](StringRef region) {
    RegionScope s;
    s.region = region;
    s.allowPost = true;
    s.allowDelivered = true;
    decl.expose(s, {"parameter", "state variable"}, {"state variable"});
    return s;
  };
  RegionScope dynamics = scopeFor("dynamics");
  RegionScope output = scopeFor("output");
  output.yields = 1;
  output.yieldMeaning = "the f32 added to the target's input port";
  if (getOutput().empty())
    return emitError() << who(*this) << "the 'output' region is required";
  return success(succeeded(verifyRegion(*this, getDynamics(), dynamics)) &&
                 succeeded(verifyRegion(*this, getOutput(), output)));
}

LogicalResult PlasticityModelOp::verify() {
  Declarations decl(*this);
  if (failed(decl.addDict(getParamsAttr(), "parameter")) ||
      failed(decl.addDict(getPreStateAttr(), "presynaptic state")) ||
      failed(decl.addDict(getPostStateAttr(), "postsynaptic state")) ||
      failed(decl.add("w", "the weight")) ||
      failed(decl.addDict(getSynapseStateAttr(), "synapse state")))
    return failure();
  llvm::StringSet<> modulators;
  for (StringRef m : stringList(getModulatorsAttr()))
    if (!modulators.insert(m).second)
      return emitError() << who(*this) << "modulator '" << m
                         << "' is declared twice";

  // bounds and decay name parameters.
  auto names = [&](StringRef attr, ArrayRef<StringRef> list) -> LogicalResult {
    for (StringRef n : list)
      if (!getParamsAttr() || !getParamsAttr().get(n))
        return emitError() << who(*this) << attr << " names '" << n
                           << "', which is not one of its parameters";
    return success();
  };
  if (ArrayAttr bounds = getBoundsAttr()) {
    SmallVector<StringRef> list = stringList(bounds);
    if (list.size() != 2)
      return emitError() << who(*this)
                         << "bounds takes two parameter names (the lower and "
                            "the upper bound), not "
                         << list.size();
    if (failed(names("bounds", list)))
      return failure();
  }
  if (StringAttr decay = getDecayAttr())
    if (failed(names("decay", {decay.getValue()})))
      return failure();

  enum Side { Pre, Post, Synapse };
  const char *preHint = "presynaptic state: read it with 'snn.get_pre'; it is "
                        "written in 'pre_dynamics' and 'pre_spike'";
  const char *postHint = "postsynaptic state: read it with 'snn.get_post'; it "
                         "is written in 'post_dynamics' and 'post_spike'";
  const char *synHint = "synapse state: it is used in 'on_pre', "
                        "'on_pre_spike', 'on_post' and 'synapse_dynamics'";
  auto scopeFor = [&](StringRef region, Side side) {
    RegionScope s;
    s.region = region;
    s.modulators = modulators;
    auto hint = [&](DictionaryAttr names, const char *text) {
      for (StringRef n : dictKeys(names))
        s.elsewhere[n] = text;
    };
    if (side != Pre)
      hint(getPreStateAttr(), preHint);
    if (side != Post)
      hint(getPostStateAttr(), postHint);
    if (side != Synapse) {
      hint(getSynapseStateAttr(), synHint);
      s.elsewhere["w"] = synHint;
    }
    switch (side) {
    case Pre:
      decl.expose(s, {"parameter", "presynaptic state"}, {"presynaptic state"});
      s.allowPre = true;
      break;
    case Post:
      decl.expose(s, {"parameter", "postsynaptic state"},
                  {"postsynaptic state"});
      s.allowPost = true;
      break;
    case Synapse:
      decl.expose(s, {"parameter", "the weight", "synapse state"},
                  {"the weight", "synapse state"});
      s.allowPre = s.allowPost = s.allowSurrogate = s.allowArrived = true;
      break;
    }
    return s;
  };
  RegionScope onPre = scopeFor("on_pre", Synapse);
  onPre.allowDeliver = true;
  return success(
      succeeded(verifyRegion(*this, getPreDynamics(),
                             scopeFor("pre_dynamics", Pre))) &&
      succeeded(verifyRegion(*this, getPreSpike(), scopeFor("pre_spike", Pre))) &&
      succeeded(verifyRegion(*this, getPostDynamics(),
                             scopeFor("post_dynamics", Post))) &&
      succeeded(
          verifyRegion(*this, getPostSpike(), scopeFor("post_spike", Post))) &&
      succeeded(verifyRegion(*this, getOnPre(), onPre)) &&
      succeeded(verifyRegion(*this, getOnPreSpike(),
                             scopeFor("on_pre_spike", Synapse))) &&
      succeeded(verifyRegion(*this, getOnPost(), scopeFor("on_post", Synapse))) &&
      succeeded(verifyRegion(*this, getSynapseDynamics(),
                             scopeFor("synapse_dynamics", Synapse))));
}
