//===- Plan.cpp - the buffers a network's functions take ------------------===//
//
// Which buffers a network has (state, parameters, weights, inputs, scratch,
// monitors; docs/schedule.md lists them), their shapes and initial values,
// and where each name a model region reads comes from: a buffer or a
// constant.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Schedule/Connectivity.h"
#include "compiler/Transforms/Schedule/Scheduler.h"
#include "dialects/snn/IR/SNNModels.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::sched;

/// A model's declared value of `entry`, or the part's override of it.
static Attribute valueOf(NamedAttribute entry, DictionaryAttr overrides) {
  if (overrides)
    if (Attribute o = overrides.get(entry.getName()))
      return o;
  return entry.getValue();
}

//===----------------------------------------------------------------------===//
// Planning
//===----------------------------------------------------------------------===//

void Scheduler::addBuffer(StringRef name, StringRef role,
                          ArrayRef<int64_t> shape, Attribute init,
                          bool dynamicFirst, Type elementType) {
  assert(!bufferIndex.count(name) && "buffer names are unique by construction");
  SmallVector<int64_t> dims(shape);
  if (dynamicFirst)
    dims.insert(dims.begin(), ShapedType::kDynamic);
  if (!elementType)
    elementType = Float32Type::get(net.getContext());
  bufferIndex[name] = buffers.size();
  Buffer buffer;
  buffer.name = name.str();
  buffer.role = role.str();
  buffer.type = MemRefType::get(dims, elementType);
  buffer.init = init;
  buffers.push_back(std::move(buffer));
}

LogicalResult Scheduler::addValue(Operation *part, Part &p, StringRef prefix,
                                  StringRef name, Attribute value,
                                  StringRef role, int64_t size, bool perBatch) {
  std::string bufName = (prefix + "." + name).str();
  bool isState = role == "state";
  if (!isState && !perBatch) {
    if (std::optional<float> s = scalarOf(value)) {
      p.names[name] = Source{"", *s};
      return success();
    }
  }
  if (!scalarOf(value) && !isa<DenseFPElementsAttr>(value) &&
      !isRandomInit(value))
    return fail(part, "") << "'" << name << "' given as " << value
                          << " is not lowered yet";
  // A parameter drawn at init differs between batch entries (each has its
  // own seed), so it gets the batch dimension.
  SmallVector<int64_t> shape;
  if (perBatch || isRandomInit(value))
    shape.push_back(batch);
  shape.push_back(size);
  addBuffer(bufName, role, shape, value);
  buffers.back().stream = (prefix + "/" + name).str();
  p.names[name] = Source{bufName, 0};
  return success();
}

LogicalResult Scheduler::planPopulation(PopulationOp pop, NeuronModelOp model) {
  Part &p = parts[pop.getSymName()];
  p.size = pop.getNumNeurons();
  StringRef prefix = pop.getSymName();
  DictionaryAttr overrides = pop.getParamsAttr();
  if (model.getParamsAttr())
    for (NamedAttribute param : model.getParamsAttr()) {
      Attribute v = valueOf(param, overrides);
      bool perEntry = llvm::is_contained(stringList(pop.getPerEntryAttr()),
                                         param.getName().getValue());
      if (failed(addValue(pop, p, prefix, param.getName().getValue(), v,
                          "parameter", p.size, perEntry)))
        return failure();
      // Every entry's own copy, set from the same value (data of one entry
      // is broadcast like per-entry weights').
      if (perEntry)
        buffers.back().persistent = true;
    }
  DictionaryAttr init = pop.getInitAttr();
  if (model.getStateAttr())
    for (NamedAttribute var : model.getStateAttr()) {
      Attribute v = valueOf(var, init);
      if (failed(addValue(pop, p, prefix, var.getName().getValue(), v, "state",
                          p.size, /*perBatch=*/true)))
        return failure();
      // Learned state (an adaptive threshold) survives resets of the
      // state between samples.
      if (llvm::is_contained(stringList(model.getPersistentAttr()),
                             var.getName().getValue())) {
        buffers.back().role = "weight";
        buffers.back().persistent = true;
      }
    }
  for (StringRef port : stringList(model.getInputsAttr())) {
    std::string name = (prefix + ".port." + port).str();
    addBuffer(name, "scratch", {batch, p.size}, nullptr);
    p.names[port] = Source{name, 0};
  }
  for (StringRef ext : stringList(model.getExternalAttr())) {
    std::string name = (prefix + "." + ext).str();
    addBuffer(name, "input", {batch, p.size}, nullptr);
    p.names[ext] = Source{name, 0};
  }
  if (!model.getThreshold().empty()) {
    // 0 or 1 in a byte (u8; DESIGN.md §2.4).
    std::string name = (prefix + ".spike").str();
    addBuffer(name, "state", {batch, p.size}, nullptr, false,
              IntegerType::get(net.getContext(), 8));
    p.names["spike"] = Source{name, 0};
    // Spikes per neuron since init (exact in f32 up to 2^24 spikes).
    addBuffer((prefix + ".spike_count").str(), "state", {batch, p.size},
              nullptr);
  }
  return success();
}

LogicalResult Scheduler::planProjection(ProjectionOp proj) {
  auto src = cast<PopulationOp>(
      SymbolTable::lookupSymbolIn(net, proj.getSourceAttr().getAttr()));
  auto dst = cast<PopulationOp>(
      SymbolTable::lookupSymbolIn(net, proj.getTargetAttr().getAttr()));
  StringRef prefix = proj.getSymName();
  Attribute conn = proj.getConnectivity();
  std::optional<SparseRows> rows;
  if (!isa<DenseConnectivityAttr, OneToOneAttr>(conn)) {
    uint64_t seed = 0;
    if (auto s = net->getAttrOfType<IntegerAttr>("connect_seed"))
      seed = s.getValue().getZExtValue();
    rows = realizeSparse(conn, src.getShape(), dst.getShape(), seed, prefix);
    if (!rows)
      return fail(proj, "") << "projection @" << prefix << ": " << conn
                            << " connectivity is not lowered yet";
  } else if ((proj.getDelayAttr() && !isa<IntegerAttr>(proj.getDelayAttr())) ||
             proj.getPlasticityAttr()) {
    // A delay per synapse, or a plasticity rule: delivered like compressed
    // rows so each synapse can pick its own ring slot or run on_pre. Dense rows
    // are full, in the weight matrix's row-major order (synapse k = i * N_dst +
    // j); one_to_one has synapse i in row i.
    bool dense = isa<DenseConnectivityAttr>(conn);
    int64_t nSrc = src.getNumNeurons(),
            perRow = dense ? dst.getNumNeurons() : 1;
    rows.emplace();
    for (int64_t i = 0; i <= nSrc; ++i)
      rows->indptr.push_back(static_cast<int32_t>(i * perRow));
    for (int64_t i = 0; i < nSrc; ++i)
      for (int64_t j = 0; j < perRow; ++j)
        rows->indices.push_back(static_cast<int32_t>(dense ? j : i));
  }
  if (rows) {
    sparse[prefix.str()] = std::move(*rows);
  }
  Part &p = parts[prefix];
  p.size = dst.getNumNeurons();
  if (failed(planDelay(proj, src.getNumNeurons(), p.size)))
    return failure();
  // Weights.
  Attribute weight = proj.getWeightAttr();
  if (!weight)
    weight = FloatAttr::get(Float32Type::get(net.getContext()), 1.0);
  std::optional<SmallVector<int64_t>> wShape =
      cast<ConnectivityAttr>(conn).getWeightShape(src.getShape(),
                                                  dst.getShape());
  SmallVector<int64_t> flatShape;
  bool pooling = !cast<ConnectivityAttr>(conn).hasWeights();
  if (isa<DenseConnectivityAttr>(conn))
    flatShape = {src.getNumNeurons(), dst.getNumNeurons()};
  else if (pooling)
    flatShape = {1};
  else if (sparse.count(prefix.str()) &&
           !sparse[prefix.str()].weightIndex.empty())
    flatShape = {numElements(*wShape)}; // a shared or untied kernel
  else if (sparse.count(prefix.str()))
    flatShape = {static_cast<int64_t>(sparse[prefix.str()].indices.size())};
  else
    flatShape = {dst.getNumNeurons()};
  if (pooling) {
    // Pooling's fixed weight: 1 (sum) or one over the window (average).
    double w = 1.0;
    if (auto avg = dyn_cast<AvgPool2dAttr>(conn))
      w = 1.0 / static_cast<double>(avg.getKernel()[0] * avg.getKernel()[1]);
    weight = FloatAttr::get(Float32Type::get(net.getContext()), w);
  }
  if (!scalarOf(weight) && !isa<DenseFPElementsAttr>(weight) &&
      !isRandomInit(weight))
    return fail(proj, "") << "projection @" << prefix << ": weight " << weight
                          << " is not lowered yet";
  // Per-entry weights: a [batch, ...] buffer, one network per entry.
  if (proj.getPerEntry())
    flatShape.insert(flatShape.begin(), batch);
  addBuffer((prefix + ".w").str(), pooling ? "parameter" : "weight", flatShape,
            weight);
  buffers.back().stream = (prefix + "/w").str();
  buffers.back().persistent = proj.getPerEntry();
  if (Attribute bias = proj.getBiasAttr()) {
    if (!scalarOf(bias) && !isa<DenseFPElementsAttr>(bias))
      return fail(proj, "") << "projection @" << prefix << ": bias " << bias
                            << " is not lowered yet (use a number or data)";
    // One value per target neuron, or per output channel (conv).
    int64_t biasSize = numElements(cast<ConnectivityAttr>(conn).getBiasShape(
        src.getShape(), dst.getShape()));
    addBuffer((prefix + ".b").str(), "parameter", {biasSize}, bias);
  }
  // What arrives accumulates in `<proj>.in`, unless the synapse model
  // starts by adding it to a state variable: then straight into that.
  std::optional<std::string> direct;
  if (auto ref = proj.getSynapseAttr())
    if (!proj.getBiasAttr())
      direct = directState(cast<SynapseModelOp>(lookupModel(net, ref)));
  projInput[prefix] = (prefix + "." + (direct ? *direct : "in")).str();
  if (!direct)
    addBuffer((prefix + ".in").str(), "scratch", {batch, p.size}, nullptr);

  // The synapse model's state and parameters, and the port it feeds.
  auto postModel = cast<NeuronModelOp>(lookupModel(net, dst.getModelAttr()));
  StringRef port;
  if (proj.getPortAttr())
    port = proj.getPortAttr().getValue();
  if (auto ref = proj.getSynapseAttr()) {
    auto syn = cast<SynapseModelOp>(lookupModel(net, ref));
    if (port.empty() && syn.getTargetAttr())
      port = syn.getTargetAttr().getValue();
    DictionaryAttr overrides = proj.getSynapseParamsAttr();
    if (syn.getParamsAttr())
      for (NamedAttribute param : syn.getParamsAttr()) {
        Attribute v = valueOf(param, overrides);
        if (failed(addValue(proj, p, prefix, param.getName().getValue(), v,
                            "parameter", p.size, false)))
          return failure();
      }
    if (syn.getStateAttr())
      for (NamedAttribute var : syn.getStateAttr())
        if (failed(addValue(proj, p, prefix, var.getName().getValue(),
                            var.getValue(), "state", p.size, true)))
          return failure();
  }
  if (port.empty())
    port = stringList(postModel.getInputsAttr()).front();
  projPort[prefix] = (dst.getSymName() + ".port." + port).str();
  if (proj.getPlasticityAttr())
    return planPlasticity(proj, src, dst);
  return success();
}

/// Every buffer of the network, in the order the functions take them: the
/// seeds and the step, shared draws, modulators, populations, projections,
/// event lists, mechanisms, monitors.
LogicalResult Scheduler::plan() {
  // One seed per batch entry keys every random draw; the step counter
  // persists across run calls.
  Type i64 = IntegerType::get(net.getContext(), 64);
  addBuffer("seed", "seed", {batch}, nullptr, false, i64);
  addBuffer("step", "state", {1}, nullptr, false, i64);
  planSharedDraws();
  // Third factors the host writes (before each step, or once): one value
  // per batch entry, or one per neuron of the population that reads it.
  for (auto mod : net.getBodyBlock().getOps<ModulatorOp>()) {
    modulatorBuffers.insert(mod.getSymName());
    int64_t n =
        mod.getShapeAttr() ? numElements(mod.getShapeAttr().asArrayRef()) : 0;
    if (n)
      addBuffer(mod.getSymName(), "input", {batch, n}, nullptr);
    else
      addBuffer(mod.getSymName(), "input", {batch}, nullptr);
  }
  for (auto pop : net.getBodyBlock().getOps<PopulationOp>())
    if (failed(planPopulation(
            pop, cast<NeuronModelOp>(lookupModel(net, pop.getModelAttr())))))
      return failure();
  for (auto proj : net.getBodyBlock().getOps<ProjectionOp>())
    if (failed(planProjection(proj)))
      return failure();
  for (auto proj : net.getBodyBlock().getOps<ProjectionOp>())
    planEvents(proj);
  planMechanisms();
  return planMonitors();
}
