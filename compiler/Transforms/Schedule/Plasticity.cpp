//===- Plasticity.cpp - plasticity rules on the CPU ------------------------===//
//
// A projection with `plasticity @rule` (docs/plasticity.md): the rule's pre
// and post state are [batch, N] buffers, its synapse state one value per
// stored synapse; `on_pre` runs inside delivery for each arriving spike
// (emitSparseDelivery calls emitSynapseRegion); pre_spike/post_spike run
// right after their population's neurons (emitRuleSpikes, where --snn-fuse
// joins them to the population's loop); then emitLearning runs
// on_pre_spike over the rows of the pre neurons that spiked, on_post over
// the columns of the post neurons that spiked (a compressed-column index
// built here), synapse_dynamics, the rule's decay and bounds, then pre/post
// dynamics.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/Schedule/Scheduler.h"
#include "compiler/Transforms/SpikeValues.h"
#include "dialects/snn/IR/SNNModels.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::sched;

static std::vector<std::pair<StringRef, Attribute>> entries(DictionaryAttr d) {
  std::vector<std::pair<StringRef, Attribute>> out;
  if (d)
    for (NamedAttribute a : d)
      out.push_back({a.getName().getValue(), a.getValue()});
  return out;
}

LogicalResult Scheduler::planPlasticity(ProjectionOp proj, PopulationOp src,
                                        PopulationOp dst) {
  StringRef prefix = proj.getSymName();
  auto rule = cast<PlasticityModelOp>(lookupModel(net, proj.getPlasticityAttr()));
  auto fails = [&](const Twine &why) {
    return fail(proj, "") << "projection @" << prefix << ": plasticity @"
                          << rule.getSymName() << " " << why;
  };
  if (src.getGradedAttr())
    return fails("needs a spiking source; @" + src.getSymName() +
                 " is graded");
  auto rows = sparse.find(prefix.str());
  if (rows == sparse.end())
    return fails("needs synapses by rows (dense, one_to_one, compressed "
                 "rows or windows)");

  RulePlan r;
  r.rule = rule;
  // The network modulator each of the rule's modulators reads: the
  // projection's binding, or the one of the same name.
  for (StringRef name : stringList(rule.getModulatorsAttr())) {
    std::string target = name.str();
    if (DictionaryAttr binding = proj.getModulatorsAttr())
      if (auto bound = binding.getAs<FlatSymbolRefAttr>(name))
        target = bound.getValue().str();
    r.modulators[name.str()] = target;
  }
  r.source = src.getSymName().str();
  r.target = dst.getSymName().str();
  // Parameters: the rule's defaults, overridden by the projection's.
  DictionaryAttr overrides = proj.getPlasticityParamsAttr();
  for (auto [name, value] : entries(rule.getParamsAttr())) {
    Attribute v = value;
    if (overrides)
      if (Attribute o = overrides.get(name))
        v = o;
    std::optional<float> c = scalarOf(v);
    if (!c)
      return fails("parameter '" + name + "' must be a number for now");
    r.params[name.str()] = *c;
  }
  if (overrides)
    for (auto [name, value] : entries(overrides))
      if (!r.params.count(name.str()))
        return fails("has no parameter '" + name + "'");
  if (ArrayAttr bounds = rule.getBoundsAttr()) {
    SmallVector<StringRef> names = stringList(bounds);
    float lo = r.params[names[0].str()], hi = r.params[names[1].str()];
    if (lo > hi)
      return fails("has bounds " + names[0] + " = " + std::to_string(lo) + " above " +
                   names[1] + " = " + std::to_string(hi));
    r.bounds = {lo, hi};
  }
  if (StringAttr decay = rule.getDecayAttr())
    r.decay = r.params[decay.getValue().str()];
  // The rule's state: per pre neuron, per post neuron, per synapse.
  int64_t nnz = static_cast<int64_t>(rows->second.indices.size());
  auto side = [&](StringRef which, DictionaryAttr state, int64_t n,
                  bool perBatch) -> LogicalResult {
    Part &p = parts[(prefix + "." + which).str()];
    p.size = n;
    for (auto &[name, c] : r.params)
      p.names[name] = Source{"", c};
    for (auto [name, value] : entries(state)) {
      if (!scalarOf(value))
        return fails(("initial " + which + " state '" + name +
                      "' must be a number for now")
                         .str());
      std::string buffer = (prefix + "." + which + "." + name).str();
      if (perBatch)
        addBuffer(buffer, "state", {batch, n}, value);
      else
        addBuffer(buffer, "state", {n}, value);
      p.names[name] = Source{buffer, 0};
    }
    return success();
  };
  // Synapse state is per entry too when there is a batch (an eligibility
  // trace follows its entry's spikes); the weights stay shared, and the
  // entries' changes add up in `<proj>.dw` (reduced at the end of the step).
  if (failed(side("pre", rule.getPreStateAttr(), src.getNumNeurons(), true)) ||
      failed(side("post", rule.getPostStateAttr(), dst.getNumNeurons(),
                  true)) ||
      failed(side("syn", rule.getSynapseStateAttr(), nnz, batch > 1)))
    return failure();
  // Each side's dynamics run in its population's loop, right after its
  // spike region (emitRuleStep), unless they draw random numbers (their
  // streams are named by region). The step's synapse regions read the
  // values between the two: `<state buffer>.after_spikes`.
  for (bool pre : {true, false}) {
    Region &dynamics = pre ? rule.getPreDynamics() : rule.getPostDynamics();
    Region &spike = pre ? rule.getPreSpike() : rule.getPostSpike();
    if (dynamics.empty())
      continue;
    RegionUses uses;
    uses.add(dynamics);
    uses.add(spike);
    if (uses.random)
      continue;
    const Part &p = parts[(prefix + (pre ? ".pre" : ".post")).str()];
    for (StringRef name : uses.writes) {
      auto it = p.names.find(name);
      if (it == p.names.end() || it->second.buffer.empty())
        continue; // not rule state: the region's emission reports it
      std::string after = it->second.buffer + ".after_spikes";
      addBuffer(after, "scratch", {batch, p.size}, nullptr);
      r.afterSpikes[it->second.buffer] = after;
    }
    (pre ? r.stepPre : r.stepPost) = true;
  }
  // snn.arrived in the learning regions: the spikes that arrive this step
  // are in the delay ring, or (delay 1) kept from delivery in pre_last.
  {
    RegionUses uses;
    uses.add(rule.getOnPreSpike());
    uses.add(rule.getOnPost());
    uses.add(rule.getSynapseDynamics());
    r.readsArrived = uses.readsArrived;
    auto delay = delays.find(prefix.str());
    if (r.readsArrived && (delay == delays.end() || !delay->second.sourceRing))
      addBuffer((prefix + ".pre_last").str(), "state",
                {batch, src.getNumNeurons()}, nullptr, false,
                IntegerType::get(net.getContext(), 8));
  }
  // snn.get_post_surrogate: the target's threshold kernel keeps this
  // step's margin in `<target>.margin`, where the synapse regions read it.
  {
    RegionUses uses;
    for (Region *region : {&rule.getOnPre(), &rule.getOnPreSpike(),
                           &rule.getOnPost(), &rule.getSynapseDynamics()})
      uses.add(*region);
    if (uses.readsSurrogate) {
      auto model = cast<NeuronModelOp>(lookupModel(net, dst.getModelAttr()));
      if (model.getThreshold().empty())
        return fails("reads the post neuron's surrogate derivative, but @" +
                     dst.getSymName() + "'s model @" + model.getSymName() +
                     " has no threshold");
      std::string margin = (dst.getSymName() + ".margin").str();
      if (!marginKept.contains(dst.getSymName())) {
        if (bufferIndex.count(margin))
          return fails("reads the post neuron's surrogate derivative, but @" +
                       dst.getSymName() +
                       " has a variable named 'margin' already");
        addBuffer(margin, "state", {batch, dst.getNumNeurons()}, nullptr);
        marginKept.insert(dst.getSymName());
      }
    }
  }
  // A shared kernel (conv2d, conv1d) or untied windows (local): synapse k
  // changes weight element weightIndex[k], and the changes of every
  // position add up in `<proj>.dw` too before they are applied.
  r.shared = !rows->second.weightIndex.empty();
  // A clamp written inside the rule's synapse regions bounds each
  // position's change, not their sum (docs/plasticity.md): say so.
  if (r.shared) {
    bool clamps = false;
    for (Region *region : {&rule.getOnPre(), &rule.getOnPreSpike(),
                           &rule.getOnPost(), &rule.getSynapseDynamics()})
      region->walk([&](SetOp set) {
        clamps |= set.getName() == "w" &&
                  isa_and_nonnull<arith::MaximumFOp, arith::MinimumFOp,
                                  arith::MaxNumFOp, arith::MinNumFOp>(
                      set.getValue().getDefiningOp());
      });
    if (clamps)
      proj.emitWarning()
          << "plasticity @" << rule.getSymName()
          << " clamps w inside its regions, but the kernel of "
          << proj.getConnectivity()
          << " is shared by its positions: each position's change is "
             "clamped, not their sum, so a kernel entry can run past the "
             "bound (docs/plasticity.md); prefer a rule with declared "
             "bounds";
  }
  r.weights = r.shared
                  ? static_cast<int64_t>(
                        cast<MemRefType>(buffers[bufferIndex[(prefix + ".w").str()]]
                                             .type)
                            .getNumElements())
                  : nnz;
  if (r.accumulates(batch))
    addBuffer((prefix + ".dw").str(), "scratch", {r.weights}, nullptr);
  StringRef reduction = proj.getReduction().value_or("sum");
  if (reduction != "sum" && reduction != "mean")
    return fails("has reduction \"" + reduction +
                 "\"; the entries' updates are reduced by \"sum\" or "
                 "\"mean\"");
  r.mean = reduction == "mean";
  // A monitor of a synapse state variable names it on the projection.
  for (auto [name, value] : entries(rule.getSynapseStateAttr())) {
    if (parts[prefix].names.count(name))
      return fails("has synapse state '" + name +
                   "', a name the projection's synapse model also uses");
    parts[prefix].names[name] = Source{(prefix + ".syn." + name).str(), 0};
  }
  // Each synapse's source, and the synapses of each target in ascending
  // order (the compressed columns on_post walks).
  const SparseRows &csr = rows->second;
  int64_t nDst = dst.getNumNeurons();
  r.synPre.resize(nnz);
  for (size_t i = 0; i + 1 < csr.indptr.size(); ++i)
    for (int32_t k = csr.indptr[i]; k < csr.indptr[i + 1]; ++k)
      r.synPre[k] = static_cast<int32_t>(i);
  r.colptr.assign(nDst + 1, 0);
  for (int32_t j : csr.indices)
    ++r.colptr[j + 1];
  for (int64_t j = 0; j < nDst; ++j)
    r.colptr[j + 1] += r.colptr[j];
  r.colsyn.resize(nnz);
  std::vector<int32_t> fill(r.colptr.begin(), r.colptr.end() - 1);
  for (int32_t k = 0; k < nnz; ++k)
    r.colsyn[fill[csr.indices[k]]++] = k;
  rules[prefix.str()] = std::move(r);
  return success();
}

/// The value of `name` for the pre (or post) neuron `idx` of batch entry
/// `e`: the rule's own state first, then the neuron's spike (as f32) or
/// its model's variables.
Value Scheduler::neuronValue(OpBuilder &b, Location loc, StringRef proj,
                             bool pre, StringRef name, Value e, Value idx) {
  const RulePlan &r = rules[proj.str()];
  const Part &side = parts[(proj + (pre ? ".pre" : ".post")).str()];
  const std::string &pop = pre ? r.source : r.target;
  auto load = [&](const std::string &buffer) -> Value {
    Value v = buf(buffer);
    auto type = cast<MemRefType>(v.getType());
    Value x = type.getRank() == 2
                  ? memref::LoadOp::create(b, loc, v, ValueRange{e, idx})
                  : memref::LoadOp::create(b, loc, v, ValueRange{idx});
    return asF32(b, loc, x);
  };
  auto it = side.names.find(name);
  if (it != side.names.end() && !it->second.buffer.empty()) {
    auto after = r.afterSpikes.find(it->second.buffer);
    return load(learning && after != r.afterSpikes.end() ? after->second
                                                          : it->second.buffer);
  }
  if (name == "spike")
    return load(pop + ".spike");
  auto var = parts[pop].names.find(name);
  if (var == parts[pop].names.end())
    return {};
  return var->second.buffer.empty() ? constF32(b, loc, var->second.constant)
                                    : load(var->second.buffer);
}

Value Scheduler::clampToBounds(OpBuilder &b, Location loc, StringRef proj,
                               Value v) {
  const RulePlan &r = rules[proj.str()];
  Value lo = constF32(b, loc, r.bounds->first);
  Value hi = constF32(b, loc, r.bounds->second);
  return arith::MinimumFOp::create(b, loc,
                                   arith::MaximumFOp::create(b, loc, v, lo), hi);
}

/// Inlines one of the rule's synapse regions for synapse `k` (weight in
/// `w[k]`, a 1-D view) between pre neuron `i` and post neuron `j` of entry
/// `e`, storing what it sets (the weight clamped to the rule's bounds when
/// `clamp` is set and it has some); `sent` gets what `snn.deliver` passed
/// (or the weight after the region).
LogicalResult Scheduler::emitSynapseRegion(OpBuilder &b, Location loc,
                                           ProjectionOp proj, Region &region,
                                           StringRef regionName, Value w,
                                           Value e, Value i, Value j, Value k,
                                           Value *sent, bool clamp) {
  StringRef prefix = proj.getSymName();
  RulePlan &r = rules[prefix.str()];
  std::string what =
      ("plasticity @" + r.rule.getSymName() + " " + regionName).str();
  RegionUses uses;
  uses.add(region);
  RegionInliner inl(b, dt);
  for (auto &[name, c] : r.params)
    inl.values[name] = constF32(b, loc, c);
  // The weight element of synapse k (its kernel entry for windows).
  Value wAt = k;
  if (r.shared) {
    Value index = constI32Array(
        b, loc,
        ("snn.csr." + net.getSymName() + "." + prefix + ".weight_index").str(),
        sparse[prefix.str()].weightIndex);
    wAt = arith::IndexCastOp::create(
        b, loc, b.getIndexType(),
        memref::LoadOp::create(b, loc, index, ValueRange{k}));
  }
  Value wOld = memref::LoadOp::create(b, loc, w, ValueRange{wAt});
  inl.values["w"] = wOld;
  if (uses.readsSurrogate) {
    Value margin = buf((r.target + ".margin"));
    inl.postMargin = memref::LoadOp::create(b, loc, margin, ValueRange{e, j});
    inl.networkSurrogate = networkSurrogate();
  }
  if (uses.readsArrived)
    inl.arrived = regionName == "on_pre"
                      ? constF32(b, loc, 1.0f)
                      : arrivalAt(b, loc, prefix, e, i, k);
  const Part &syn = parts[(prefix + ".syn").str()];
  // Synapse state: one value per synapse, per entry with a batch.
  auto synAt = [&](Value buffer) -> SmallVector<Value> {
    if (cast<MemRefType>(buffer.getType()).getRank() == 2)
      return {e, k};
    return {k};
  };
  for (auto &entry : syn.names)
    if (!entry.second.buffer.empty() && uses.reads.count(entry.first())) {
      Value sb = buf(entry.second.buffer);
      inl.values[entry.first()] = memref::LoadOp::create(b, loc, sb, synAt(sb));
    }
  // A modulator: the entry's value, or the post neuron's.
  for (StringRef name : uses.modulators) {
    Value m = buf(r.modulators[name.str()]);
    inl.modulators[name] =
        cast<MemRefType>(m.getType()).getRank() == 2
            ? memref::LoadOp::create(b, loc, m, ValueRange{e, j})
            : memref::LoadOp::create(b, loc, m, ValueRange{e});
  }
  for (auto [names, pre, idx] :
       {std::tuple{&uses.preReads, true, i}, std::tuple{&uses.postReads, false, j}})
    for (StringRef name : *names) {
      Value v = neuronValue(b, loc, prefix, pre, name, e, idx);
      if (!v)
        return fail(proj, "") << what << ": the " << (pre ? "pre" : "post")
                              << " neuron has no value '" << name << "'";
      (pre ? inl.pre : inl.post)[name] = v;
    }
  SmallVector<Value> none;
  if (failed(inl.inlineRegion(region, what, none)))
    return failure();
  if (clamp && r.bounds && !r.accumulates(batch) && uses.writes.count("w"))
    inl.values["w"] = clampToBounds(b, loc, prefix, inl.values["w"]);
  for (StringRef name : uses.writes) {
    if (name == "w" && r.accumulates(batch)) {
      // Every entry's (and position's) change, from the weight of the
      // step's start, adds up in `<proj>.dw`; emitLearning applies the
      // reduced sum.
      Value dw = buf((prefix + ".dw").str());
      Value change = arith::SubFOp::create(b, loc, inl.values["w"], wOld);
      Value acc = memref::LoadOp::create(b, loc, dw, ValueRange{wAt});
      memref::StoreOp::create(b, loc, arith::AddFOp::create(b, loc, acc, change),
                              dw, ValueRange{wAt});
      continue;
    }
    if (name == "w") {
      memref::StoreOp::create(b, loc, inl.values["w"], w, ValueRange{k});
      continue;
    }
    auto it = syn.names.find(name);
    if (it == syn.names.end() || it->second.buffer.empty())
      return fail(proj, "") << what << ": '" << name
                            << "' is not the weight or a synapse state "
                               "variable (neuron regions set pre and post "
                               "state)";
    Value sb = buf(it->second.buffer);
    memref::StoreOp::create(b, loc, inl.values[name], sb, synAt(sb));
  }
  if (sent)
    *sent = inl.sent ? inl.sent : inl.values["w"];
  return success();
}

/// The modulators a rule's neuron region reads, as "__mod_<name>" inputs:
/// the entry's value, or the neuron's own (a per-neuron modulator must have
/// one value per neuron of this side).
LogicalResult Scheduler::ruleModulators(
    ProjectionOp proj, bool pre, const RegionUses &uses, StringRef region,
    SmallVectorImpl<std::pair<std::string, std::string>> &extra) {
  RulePlan &r = rules[proj.getSymName().str()];
  int64_t n = parts[(proj.getSymName() + (pre ? ".pre" : ".post")).str()].size;
  for (StringRef m : uses.modulators) {
    std::string buffer = r.modulators[m.str()];
    auto type = cast<MemRefType>(buffers[bufferIndex[buffer]].type);
    if (type.getRank() == 2 && type.getShape()[1] != n)
      return fail(proj, "") << "plasticity @" << r.rule.getSymName()
                            << " of @" << proj.getSymName() << ": " << region
                            << " reads modulator @" << buffer << " of "
                            << type.getShape()[1] << " values, but the "
                            << (pre ? "source" : "target") << " has " << n
                            << " neurons";
    extra.push_back({("__mod_" + m).str(), buffer});
  }
  return success();
}

/// A side's spike region and then its dynamics, in one elementwise kernel
/// right after its population (so in the population's loop once fused):
/// where the neuron spiked the spike region's values, else the state; what
/// that gives goes to `<buffer>.after_spikes` for the step's synapse
/// regions, and the dynamics' result to the state, as at the step's end.
/// Neuron regions read only their own state, parameters and modulators,
/// none of which the rest of the step changes, so running the dynamics
/// here gives what they would give after the synapse regions.
LogicalResult Scheduler::emitRuleStep(OpBuilder &b, ProjectionOp proj,
                                      bool pre) {
  StringRef prefix = proj.getSymName();
  RulePlan &r = rules[prefix.str()];
  Region &spike = pre ? r.rule.getPreSpike() : r.rule.getPostSpike();
  Region &dynamics = pre ? r.rule.getPreDynamics() : r.rule.getPostDynamics();
  Location loc = proj.getLoc();
  std::string partName = (prefix + (pre ? ".pre" : ".post")).str();
  const Part &p = parts[partName];
  std::string what =
      ("plasticity @" + r.rule.getSymName() + " of @" + prefix).str();
  RegionUses uses;
  uses.add(spike);
  uses.add(dynamics);
  SmallVector<std::pair<std::string, std::string>> ins, outs;
  llvm::StringMap<float> constants;
  splitUses(p, uses, ins, outs, constants);
  if (failed(ruleModulators(proj, pre, uses,
                            pre ? "pre_dynamics" : "post_dynamics", ins)))
    return failure();
  ins.push_back({"__spike", (pre ? r.source : r.target) + ".spike"});
  SmallVector<std::string> written;
  for (StringRef name : uses.writes) {
    auto it = r.afterSpikes.find(p.names.lookup(name).buffer);
    if (it == r.afterSpikes.end())
      return fail(proj, "") << what << ": '" << name
                            << "' is not the rule's state on this side";
    written.push_back(name.str());
    outs.push_back({"__after_" + name.str(), it->second});
  }
  return kernel(
      b, loc, p.size, ins, outs,
      [&](OpBuilder &nb, Location nl, llvm::StringMap<Value> &elems,
          SmallVectorImpl<Value> &yields) -> LogicalResult {
        RegionInliner inl(nb, dt);
        seed(inl, nb, nl, elems, constants);
        SmallVector<Value> none;
        if (!spike.empty()) {
          if (failed(inl.inlineRegion(spike, what, none)))
            return failure();
          Value fired = isNonZero(nb, nl, elems["__spike"]);
          for (const std::string &name : written)
            inl.values[name] = arith::SelectOp::create(
                nb, nl, fired, inl.values[name], elems[name]);
        }
        llvm::StringMap<Value> after;
        for (const std::string &name : written)
          after[name] = inl.values[name];
        if (failed(inl.inlineRegion(dynamics, what, none)))
          return failure();
        for (auto &o : outs)
          yields.push_back(StringRef(o.first).starts_with("__after_")
                               ? after[StringRef(o.first).drop_front(8)]
                               : inl.values[o.first]);
        return success();
      });
}

Value Scheduler::arrivalAt(OpBuilder &b, Location loc, StringRef proj, Value e,
                          Value i, Value k) {
  auto delay = delays.find(proj.str());
  if (delay == delays.end() || !delay->second.sourceRing) {
    Value last = buf((proj + ".pre_last").str());
    return asF32(b, loc, memref::LoadOp::create(b, loc, last, ValueRange{e, i}));
  }
  // The spikes of step t - d are in slot (t - d) mod D of the ring (D the
  // ring's depth; with one delay for the projection, D = d).
  const DelayPlan &plan = delay->second;
  Value depth = arith::ConstantIndexOp::create(b, loc, plan.max);
  Value back = depth;
  if (!plan.perSynapse.empty()) {
    Value delays = constI32Array(
        b, loc, ("snn.delay." + net.getSymName() + "." + proj).str(),
        plan.perSynapse);
    back = arith::SubIOp::create(
        b, loc, depth,
        arith::IndexCastOp::create(
            b, loc, b.getIndexType(),
            memref::LoadOp::create(b, loc, delays, ValueRange{k})));
  }
  Value slot = arith::RemUIOp::create(
      b, loc, arith::AddIOp::create(b, loc, stepIndex, back), depth);
  Value ring = buf((proj + ".pre_ring").str());
  return asF32(b, loc,
               memref::LoadOp::create(b, loc, ring, ValueRange{slot, e, i}));
}

/// One of the rule's neuron regions as an elementwise kernel over the pre
/// or post neurons; a spike region takes effect where that neuron spiked.
LogicalResult Scheduler::emitRuleNeurons(OpBuilder &b, ProjectionOp proj,
                                         bool pre, Region &region,
                                         StringRef name, bool onSpike) {
  if (region.empty())
    return success();
  StringRef prefix = proj.getSymName();
  RulePlan &r = rules[prefix.str()];
  Location loc = proj.getLoc();
  std::string what =
      ("plasticity @" + r.rule.getSymName() + " of @" + prefix).str();
  RegionUses uses;
  uses.add(region);
  std::string partName = (prefix + (pre ? ".pre" : ".post")).str();
  std::string spike = (pre ? r.source : r.target) + ".spike";
  SmallVector<std::pair<std::string, std::string>> extra;
  if (failed(ruleModulators(proj, pre, uses, name, extra)))
    return failure();
  if (onSpike)
    extra.push_back({"__spike", spike});
  return regionKernel(
      b, loc, parts[partName], partName, region, name, what, extra, {},
      [&](OpBuilder &nb, Location nl, RegionInliner &inl,
          llvm::StringMap<Value> &elems, ArrayRef<Value>,
          ArrayRef<std::pair<std::string, std::string>> outs,
          SmallVectorImpl<Value> &yields) {
        Value fired = onSpike ? isNonZero(nb, nl, elems["__spike"]) : Value();
        for (auto &o : outs)
          yields.push_back(fired ? arith::SelectOp::create(
                                       nb, nl, fired, inl.values[o.first],
                                       elems[o.first])
                                 : inl.values[o.first]);
        return success();
      });
}

/// The rule's pre_spike (post_spike) right after the neurons of its source
/// (target): only that population's spikes of the step matter, and next to
/// its kernels --snn-fuse puts the trace jump into the population's loop.
LogicalResult Scheduler::emitRuleSpikes(OpBuilder &b, ProjectionOp proj,
                                        PopulationOp pop) {
  RulePlan &r = rules[proj.getSymName().str()];
  for (bool pre : {true, false}) {
    if ((pre ? r.source : r.target) != pop.getSymName())
      continue;
    if (pre ? r.stepPre : r.stepPost) {
      if (failed(emitRuleStep(b, proj, pre)))
        return failure();
      continue;
    }
    if (failed(emitRuleNeurons(b, proj, pre,
                               pre ? r.rule.getPreSpike() : r.rule.getPostSpike(),
                               pre ? "pre_spike" : "post_spike", true)))
      return failure();
  }
  return success();
}

LogicalResult Scheduler::emitLearning(OpBuilder &b, ProjectionOp proj) {
  StringRef prefix = proj.getSymName();
  RulePlan &r = rules[prefix.str()];
  PlasticityModelOp rule = r.rule;
  Location loc = proj.getLoc();
  // (pre_spike and post_spike ran after their populations: emitRuleSpikes.)

  Value w = flat(b, loc, buf((prefix + ".w").str()));
  Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
  Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
  // Element `idx` of a constant i32 array, as an index.
  auto at = [&](OpBuilder &ob, Value array, Value idx) -> Value {
    return arith::IndexCastOp::create(
        ob, loc, ob.getIndexType(),
        memref::LoadOp::create(ob, loc, array, ValueRange{idx}));
  };
  std::string base = ("snn.plasticity." + net.getSymName() + "." + prefix).str();
  Value synPre = constI32Array(b, loc, base + ".pre", r.synPre);
  LogicalResult status = success();
  bool batched = batch > 1;
  bool accumulated = r.accumulates(batch);
  // One synapse region for synapse k (pre i, post j) of entry e, in a loop
  // body.
  auto synapse = [&](OpBuilder &sb, Region &region, StringRef name, Value e,
                     Value i, Value j, Value k, bool clamp) {
    if (failed(emitSynapseRegion(sb, loc, proj, region, name, w, e, i, j, k,
                                 nullptr, clamp)))
      status = failure();
    scf::YieldOp::create(sb, loc);
  };
  // Weight k clamped to the bounds, in a loop body.
  auto clampAt = [&](OpBuilder &cb, Value k) {
    Value wk = memref::LoadOp::create(cb, loc, w, ValueRange{k});
    memref::StoreOp::create(cb, loc, clampToBounds(cb, loc, prefix, wk), w,
                            ValueRange{k});
    scf::YieldOp::create(cb, loc);
  };
  // `body(e)` for every batch entry: inline for batch 1, else a loop.
  auto entries = [&](function_ref<void(OpBuilder &, Value)> body) {
    if (!batched) {
      body(b, c0);
      return;
    }
    scf::ForOp::create(b, loc, c0, arith::ConstantIndexOp::create(b, loc, batch),
                       c1, ValueRange{},
                       [&](OpBuilder &eb, Location, Value e, ValueRange) {
                         body(eb, e);
                         scf::YieldOp::create(eb, loc);
                       });
  };
  // `body(n, c)` for c in [ptr[n], ptr[n + 1]) of each neuron n of entry e
  // that spiked this step in `spikes` (its compressed row or column).
  // The buffers written per synapse: a loop whose iterations walk
  // disjoint synapses writes each element from one iteration only. A
  // kernel shared by positions (a plastic convolution) is not written per
  // synapse: its synapses' changes add up in `<proj>.dw` at their kernel
  // entry (an accumulation, atomic on a device), and only the pass over
  // every weight element writes `w` and `dw` per element.
  StringAttr wName = b.getStringAttr((prefix + ".w").str());
  StringAttr dwName = b.getStringAttr((prefix + ".dw").str());
  SmallVector<Attribute> perSynapse, perWeight = {wName};
  if (accumulated)
    perWeight.push_back(dwName);
  if (!r.shared)
    perSynapse.assign(perWeight);
  if (DictionaryAttr synState = rule.getSynapseStateAttr())
    for (NamedAttribute v : synState)
      perSynapse.push_back(
          b.getStringAttr((prefix + ".syn." + v.getName().getValue()).str()));
  ArrayAttr disjoint = b.getArrayAttr(perSynapse);
  ArrayAttr disjointWeights = r.shared ? b.getArrayAttr(perWeight) : disjoint;
  auto spiking = [&](OpBuilder &ob, Value e, Value spikes, Value ptr,
                     int64_t count,
                     function_ref<void(OpBuilder &, Value, Value)> body) {
    auto neurons = scf::ForOp::create(
        ob, loc, c0, arith::ConstantIndexOp::create(ob, loc, count), c1,
        ValueRange{}, [&](OpBuilder &nb, Location, Value n, ValueRange) {
          Value fired = isNonZero(
              nb, loc, memref::LoadOp::create(nb, loc, spikes, ValueRange{e, n}));
          scf::IfOp::create(nb, loc, fired, [&](OpBuilder &tb, Location) {
            Value lo = at(tb, ptr, n);
            Value hi = at(tb, ptr, arith::AddIOp::create(tb, loc, n, c1));
            scf::ForOp::create(tb, loc, lo, hi, c1, ValueRange{},
                               [&](OpBuilder &cb, Location, Value c,
                                   ValueRange) { body(cb, n, c); });
            scf::YieldOp::create(tb, loc);
          });
          scf::YieldOp::create(nb, loc);
        });
    neurons->setAttr(mlir::snn::kDisjointAttr, disjoint);
  };
  int64_t nnz = static_cast<int64_t>(r.synPre.size());
  // `body(k)` for every synapse (n = nnz) or weight element (n = weights).
  auto loop = [&](OpBuilder &ob, int64_t n, ArrayAttr written,
                  function_ref<void(OpBuilder &, Value)> body) {
    auto each = scf::ForOp::create(
        ob, loc, c0, arith::ConstantIndexOp::create(ob, loc, n), c1,
        ValueRange{}, [&](OpBuilder &kb, Location, Value k, ValueRange) {
          body(kb, k);
        });
    each->setAttr(mlir::snn::kDisjointAttr, written);
  };
  auto everySynapse = [&](OpBuilder &ob,
                          function_ref<void(OpBuilder &, Value)> body) {
    loop(ob, nnz, disjoint, body);
  };
  auto everyWeight = [&](OpBuilder &ob,
                         function_ref<void(OpBuilder &, Value)> body) {
    loop(ob, r.weights, disjointWeights, body);
  };
  // (Named values, not a structured binding: the lambdas capture them.)
  std::pair<Value, Value> csr = sparseArrays(b, loc, prefix);
  Value indptr = csr.first, targets = csr.second;
  Value preSpikes = buf(r.source + ".spike");
  int64_t nSrc = static_cast<int64_t>(sparse[prefix.str()].indptr.size()) - 1;
  // Without a pass over every synapse, the bounds apply to the synapses
  // the events changed: on_post's column right after it, on_pre_spike's
  // rows after on_post (a synapse in both is clamped once both ran, as
  // BindsNET clamps after both updates). With a batch the entries' updates
  // go into `<proj>.dw` and are applied, reduced, in one pass over every
  // synapse, which then clamps.
  bool eventClamp = r.bounds && !r.densePass() && !accumulated;
  Value colptr, colsyn;
  int64_t nDst = static_cast<int64_t>(r.colptr.size()) - 1;
  if (!rule.getOnPost().empty()) {
    colptr = constI32Array(b, loc, base + ".colptr", r.colptr);
    colsyn = constI32Array(b, loc, base + ".colsyn", r.colsyn);
  }
  entries([&](OpBuilder &eb, Value e) {
    // on_pre_spike: the synapses (compressed rows) of each pre neuron that
    // spiked this step.
    if (!rule.getOnPreSpike().empty())
      spiking(eb, e, preSpikes, indptr, nSrc,
              [&](OpBuilder &kb, Value i, Value k) {
                synapse(kb, rule.getOnPreSpike(), "on_pre_spike", e, i,
                        at(kb, targets, k), k, false);
              });
    // on_post: the synapses (compressed columns) of each post neuron that
    // spiked this step.
    if (!rule.getOnPost().empty())
      spiking(eb, e, buf(r.target + ".spike"), colptr, nDst,
              [&](OpBuilder &cb, Value j, Value c) {
                Value k = at(cb, colsyn, c);
                synapse(cb, rule.getOnPost(), "on_post", e, at(cb, synPre, k),
                        j, k, eventClamp);
              });
    if (eventClamp && !rule.getOnPreSpike().empty())
      spiking(eb, e, preSpikes, indptr, nSrc,
              [&](OpBuilder &kb, Value, Value k) { clampAt(kb, k); });
    // synapse_dynamics: every synapse.
    if (!rule.getSynapseDynamics().empty())
      everySynapse(eb, [&](OpBuilder &kb, Value k) {
        synapse(kb, rule.getSynapseDynamics(), "synapse_dynamics", e,
                at(kb, synPre, k), at(kb, targets, k), k, false);
      });
  });
  // The entries' (and positions') updates, reduced (BindsNET's
  // `reduction`: sum or mean over the entries; summed over positions).
  if (accumulated) {
    Value dw = buf((prefix + ".dw").str());
    Value zero = constF32(b, loc, 0.0f);
    Value share = constF32(b, loc, r.mean ? 1.0f / batch : 1.0f);
    everyWeight(b, [&](OpBuilder &kb, Value k) {
      Value wk = memref::LoadOp::create(kb, loc, w, ValueRange{k});
      Value d = memref::LoadOp::create(kb, loc, dw, ValueRange{k});
      if (r.mean)
        d = arith::MulFOp::create(kb, loc, d, share);
      memref::StoreOp::create(kb, loc, arith::AddFOp::create(kb, loc, wk, d), w,
                              ValueRange{k});
      memref::StoreOp::create(kb, loc, zero, dw, ValueRange{k});
      scf::YieldOp::create(kb, loc);
    });
  }
  // The decay and then the bounds: every synapse.
  if (r.decay != 0) {
    Value keep = constF32(b, loc, 1.0f - r.decay);
    everyWeight(b, [&](OpBuilder &kb, Value k) {
      Value wk = memref::LoadOp::create(kb, loc, w, ValueRange{k});
      memref::StoreOp::create(kb, loc, arith::MulFOp::create(kb, loc, wk, keep),
                              w, ValueRange{k});
      scf::YieldOp::create(kb, loc);
    });
  }
  if (r.bounds && (r.densePass() || accumulated))
    everyWeight(b, clampAt);
  if (failed(status))
    return failure();
  // Dynamics that could not run in the population's loop (emitRuleStep).
  return success(
      (r.stepPre || succeeded(emitRuleNeurons(b, proj, true,
                                              rule.getPreDynamics(),
                                              "pre_dynamics", false))) &&
      (r.stepPost || succeeded(emitRuleNeurons(b, proj, false,
                                               rule.getPostDynamics(),
                                               "post_dynamics", false))));
}
