//===- Schedule.cpp - a network as init and run functions -----------------===//
//
// --snn-schedule turns each snn.network into two functions over the buffers
// that hold its state:
//
//   func.func @<net>_init(<buffers>)              initial values
//   func.func @<net>_run(%steps: index, <buffers>, <recorders>)
//
// `run` holds the time loop. One step follows DESIGN.md section 2.4:
// delivery (a matmul or an elementwise product per projection), synaptic
// dynamics and outputs summed into the input ports, then per population the
// update, threshold and reset kernels, then monitors. Every model region
// becomes the body of a linalg.generic over [batch, neurons].
//
// The schedule works on buffers (memrefs) rather than tensors: a network's
// state persists across calls and is updated in place every step, which is
// what one-shot bufferization of a tensor time loop cannot express without
// copies (see docs/schedule.md).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/SpikeValues.h"
#include "compiler/Transforms/Schedule/Connectivity.h"
#include "compiler/Transforms/Schedule/Kernels.h"
#include "compiler/Transforms/Schedule/Scheduler.h"
#include "compiler/Transforms/Schedule/Random.h"
#include "dialects/snn/IR/SNNModels.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <map>

namespace mlir::snn {
#define GEN_PASS_DEF_SNNSCHEDULE
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;
using namespace mlir::snn;

using namespace mlir::snn::sched;

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
  buffers.push_back({name.str(), role.str(), MemRefType::get(dims, elementType),
                     init, ""});
}

LogicalResult Scheduler::addValue(Operation *part, Part &p, StringRef prefix,
                                  StringRef name, Attribute value,
                                  StringRef role, int64_t size, bool perBatch) {
  std::string bufName = (prefix + "." + name).str();
  bool isState = role == "state";
  if (!isState) {
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

LogicalResult Scheduler::planPopulation(PopulationOp pop,
                                        NeuronModelOp model) {
  Part &p = parts[pop.getSymName()];
  p.size = pop.getNumNeurons();
  StringRef prefix = pop.getSymName();
  DictionaryAttr overrides = pop.getParamsAttr();
  if (model.getParamsAttr())
    for (NamedAttribute param : model.getParamsAttr()) {
      Attribute v = param.getValue();
      if (overrides)
        if (Attribute o = overrides.get(param.getName()))
          v = o;
      if (failed(addValue(pop, p, prefix, param.getName().getValue(), v,
                          "parameter", p.size, /*perBatch=*/false)))
        return failure();
    }
  DictionaryAttr init = pop.getInitAttr();
  if (model.getStateAttr())
    for (NamedAttribute var : model.getStateAttr()) {
      Attribute v = var.getValue();
      if (init)
        if (Attribute o = init.get(var.getName()))
          v = o;
      if (failed(addValue(pop, p, prefix, var.getName().getValue(), v, "state",
                          p.size, /*perBatch=*/true)))
        return failure();
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
    // rows so each synapse can pick its own ring slot or run on_pre. Dense rows are full, in the weight
    // matrix's row-major order (synapse k = i * N_dst + j); one_to_one has
    // synapse i in row i.
    bool dense = isa<DenseConnectivityAttr>(conn);
    int64_t nSrc = src.getNumNeurons(), perRow = dense ? dst.getNumNeurons() : 1;
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
  addBuffer((prefix + ".w").str(), pooling ? "parameter" : "weight",
            flatShape, weight);
  buffers.back().stream = (prefix + "/w").str();
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
        Attribute v = param.getValue();
        if (overrides)
          if (Attribute o = overrides.get(param.getName()))
            v = o;
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

/// Delays longer than one step park what is delivered in a ring of
/// `[max delay, batch, N_dst]` slots: what leaves at step t with delay d
/// lands in slot (t - 1 + d) mod D, and step t reads (and clears) slot
/// t mod D. Per-synapse delays are drawn at compile time like connectivity.
LogicalResult Scheduler::plan() {
  // One seed per batch entry keys every random draw; the step counter
  // persists across run calls.
  Type i64 = IntegerType::get(net.getContext(), 64);
  addBuffer("seed", "seed", {batch}, nullptr, false, i64);
  addBuffer("step", "state", {1}, nullptr, false, i64);
  // Third factors the host writes (before each step, or once): one value
  // per batch entry, or one per neuron of the population that reads it.
  for (auto mod : net.getBodyBlock().getOps<ModulatorOp>()) {
    int64_t n = mod.getShapeAttr() ? numElements(mod.getShapeAttr().asArrayRef())
                                   : 0;
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
  for (auto mon : net.getBodyBlock().getOps<MonitorOp>()) {
    auto pop = dyn_cast<PopulationOp>(
        SymbolTable::lookupSymbolIn(net, mon.getTargetAttr().getAttr()));
    if (!pop) {
      // A projection's weights (one row of all of them, shared by the
      // batch) or a synapse state variable ([batch, targets]).
      std::string source = monitorSource(mon);
      if (source.empty() || !bufferIndex.count(source))
        return fail(mon, "") << "monitor @" << mon.getSymName() << ": '"
                             << mon.getVariable() << "' of projection "
                             << mon.getTargetAttr()
                             << " is not lowered yet";
      MemRefType type = buffers[bufferIndex.lookup(source)].type;
      bool weights = mon.getVariable() == "w";
      addBuffer(mon.getSymName(), "monitor",
                {weights ? 1 : batch,
                 weights ? type.getNumElements() : type.getShape().back()},
                nullptr, /*dynamicFirst=*/true);
      buffers.back().every = mon.getEvery();
      continue;
    }
    // Spikes are recorded as bits: a row of 4000 neurons is 63 words, not
    // 4000 floats, which is most of what recording costs.
    int64_t n = pop.getNumNeurons();
    bool bits = mon.getVariable() == "spikes";
    addBuffer(mon.getSymName(), "monitor",
              {batch, bits ? static_cast<int64_t>(llvm::divideCeil(n, 64)) : n}, nullptr,
              /*dynamicFirst=*/true,
              bits ? Type(IntegerType::get(net.getContext(), 64)) : Type());
    buffers.back().every = mon.getEvery();
    buffers.back().bits = bits ? n : 0;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

LogicalResult
Scheduler::kernel(OpBuilder &b, Location loc, int64_t size,
                  ArrayRef<std::pair<std::string, std::string>> ins,
                  ArrayRef<std::pair<std::string, std::string>> outs,
                  BodyFn body) {
  MLIRContext *ctx = b.getContext();
  SmallVector<Value> inBufs, outBufs;
  SmallVector<AffineMap> maps;
  auto mapFor = [&](Value v) {
    // [batch, n] buffers are indexed by both loops, [n] parameter buffers
    // by the neuron loop only, the [batch] seeds by the batch loop.
    auto type = cast<MemRefType>(v.getType());
    if (type.getRank() == 2)
      return AffineMap::getMultiDimIdentityMap(2, ctx);
    if (type.getElementType().isInteger(64))
      return AffineMap::get(2, 0, {getAffineDimExpr(0, ctx)}, ctx);
    return AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
  };
  for (auto &[name, bufName] : ins) {
    inBufs.push_back(buf(bufName));
    maps.push_back(mapFor(inBufs.back()));
  }
  for (auto &[name, bufName] : outs) {
    outBufs.push_back(buf(bufName));
    maps.push_back(mapFor(outBufs.back()));
  }
  (void)size;
  SmallVector<utils::IteratorType> iters(2, utils::IteratorType::parallel);
  LogicalResult result = success();
  linalg::GenericOp::create(
      b, loc, inBufs, outBufs, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        llvm::StringMap<Value> elems;
        for (auto [i, in] : llvm::enumerate(ins))
          elems[in.first] = args[i];
        for (auto [i, out] : llvm::enumerate(outs))
          elems[out.first] = args[ins.size() + i];
        SmallVector<Value> yields;
        if (failed(body(nb, nloc, elems, yields)) ||
            yields.size() != outs.size()) {
          result = failure();
          // Keep the op valid so the failure can be reported cleanly.
          yields.assign(args.begin() + ins.size(), args.end());
        }
        linalg::YieldOp::create(nb, nloc, yields);
      });
  return result;
}

void Scheduler::splitUses(
    const Part &p, const RegionUses &uses,
    SmallVectorImpl<std::pair<std::string, std::string>> &ins,
    SmallVectorImpl<std::pair<std::string, std::string>> &outs,
    llvm::StringMap<float> &constants) {
  for (StringRef name : uses.writes)
    outs.push_back({name.str(), p.names.lookup(name).buffer});
  for (StringRef name : uses.reads) {
    if (uses.writes.contains(name))
      continue;
    const Source &s = p.names.find(name)->second;
    if (s.buffer.empty())
      constants[name] = s.constant;
    else
      ins.push_back({name.str(), s.buffer});
  }
  if (uses.random)
    ins.push_back({"__seed", "seed"});
}

void Scheduler::armRandom(RegionInliner &inl, OpBuilder &b, Location loc,
                          llvm::StringMap<Value> &elems, StringRef part,
                          StringRef region) {
  auto seed = elems.find("__seed");
  if (seed == elems.end())
    return;
  Value index = arith::IndexCastUIOp::create(
      b, loc, b.getI32Type(), linalg::IndexOp::create(b, loc, 1));
  inl.random = RegionInliner::RandomSource{
      emitSeedKey(b, loc, seed->second), index, stepI32,
      (part + "/" + region).str()};
}

/// Puts the constants and buffer elements of a kernel into the inliner.
static void seed(RegionInliner &inl, OpBuilder &b, Location loc,
                 const llvm::StringMap<Value> &elems,
                 const llvm::StringMap<float> &constants) {
  for (auto &e : elems)
    inl.values[e.getKey()] = e.getValue();
  for (auto &c : constants)
    inl.values[c.getKey()] =
        arith::ConstantOp::create(b, loc, b.getF32FloatAttr(c.getValue()));
}

LogicalResult Scheduler::regionKernel(
    OpBuilder &b, Location loc, const Part &p, StringRef partName,
    Region &region, StringRef regionName, StringRef what,
    ArrayRef<std::pair<std::string, std::string>> extraIns,
    ArrayRef<std::pair<std::string, std::string>> extraOuts,
    FinishFn finish) {
  RegionUses uses;
  uses.add(region);
  SmallVector<std::pair<std::string, std::string>> ins, outs;
  llvm::StringMap<float> constants;
  splitUses(p, uses, ins, outs, constants);
  for (auto &in : extraIns)
    if (!llvm::any_of(ins, [&](auto &i) { return i.first == in.first; }))
      ins.push_back(in);
  outs.append(extraOuts.begin(), extraOuts.end());
  return kernel(b, loc, p.size, ins, outs,
                [&](OpBuilder &nb, Location nl, llvm::StringMap<Value> &elems,
                    SmallVectorImpl<Value> &yields) -> LogicalResult {
                  RegionInliner inl(nb, dt);
                  seed(inl, nb, nl, elems, constants);
                  armRandom(inl, nb, nl, elems, partName, regionName);
                  SmallVector<Value> yielded;
                  if (failed(inl.inlineRegion(region, what, yielded)))
                    return failure();
                  return finish(nb, nl, inl, elems, yielded, outs, yields);
                });
}

LogicalResult Scheduler::emitNeuron(OpBuilder &b, PopulationOp pop) {
  auto model = cast<NeuronModelOp>(lookupModel(net, pop.getModelAttr()));
  const Part &p = parts[pop.getSymName()];
  Location loc = pop.getLoc();
  std::string what = ("population @" + pop.getSymName()).str();
  StringRef name = pop.getSymName();
  std::string spikeBuf = p.names.lookup("spike").buffer;

  // update: integrates the state; the kernel writes what the region set.
  if (!model.getUpdate().empty() &&
      failed(regionKernel(
          b, loc, p, name, model.getUpdate(), "update", what, {}, {},
          [](OpBuilder &, Location, RegionInliner &inl,
             llvm::StringMap<Value> &, ArrayRef<Value>,
             ArrayRef<std::pair<std::string, std::string>> outs,
             SmallVectorImpl<Value> &yields) {
            for (auto &o : outs)
              yields.push_back(inl.values[o.first]);
            return success();
          })))
    return failure();
  if (model.getThreshold().empty())
    return success();

  // threshold: spike = margin > 0.
  if (failed(regionKernel(
          b, loc, p, name, model.getThreshold(), "threshold", what, {},
          {{"spike", spikeBuf}},
          [&](OpBuilder &nb, Location nl, RegionInliner &inl,
              llvm::StringMap<Value> &elems, ArrayRef<Value> margin,
              ArrayRef<std::pair<std::string, std::string>> outs,
              SmallVectorImpl<Value> &yields) {
            Value zero = constF32(nb, nl, 0.0f);
            Value fired = arith::CmpFOp::create(
                nb, nl, arith::CmpFPredicate::OGT, margin.front(), zero);
            Value spike = spikeOf(nb, nl, fired);
            // The threshold region writes nothing, so its only output is
            // the spike.
            for (auto &o : outs)
              yields.push_back(o.first == "spike" ? spike
                                                  : inl.values[o.first]);
            return success();
          })))
    return failure();

  // reset: where a spike fired, the reset region's writes take effect.
  if (!model.getReset().empty() &&
      failed(emitReset(b, loc, p, name, model, what, spikeBuf)))
    return failure();
  emitSpikeCount(b, loc, name);
  return success();
}

/// The state variable a synapse model adds what is delivered to before
/// anything else, if it does: its dynamics reads `snn.get_delivered` once,
/// only into `x + delivered` (either order) with `x = snn.get "x"` of a
/// state variable read nowhere else and not set before, and its output does
/// not read what was delivered. Delivery can then accumulate into x itself,
/// as Brian2's `on_pre: g += w` does, sparing a buffer that is cleared and
/// re-read every step. (The sum x + w1 + w2 + ... then adds in arrival
/// order rather than x + (w1 + w2 + ...): equal up to rounding.)
std::optional<std::string> Scheduler::directState(SynapseModelOp syn) {
  if (!syn.getStateAttr() || syn.getDynamics().empty())
    return std::nullopt;
  Block &body = syn.getDynamics().front();
  SmallVector<GetDeliveredOp> delivered(body.getOps<GetDeliveredOp>());
  if (delivered.size() != 1 || !delivered.front()->hasOneUse() ||
      !syn.getOutput().getOps<GetDeliveredOp>().empty())
    return std::nullopt;
  auto add = dyn_cast<arith::AddFOp>(*delivered.front()->getUsers().begin());
  if (!add)
    return std::nullopt;
  Value other = add.getLhs() == delivered.front().getResult() ? add.getRhs()
                                                              : add.getLhs();
  auto get = other.getDefiningOp<GetOp>();
  if (!get || !get->hasOneUse() || get->getBlock() != &body ||
      !syn.getStateAttr().get(get.getName()))
    return std::nullopt;
  // Nested regions, other reads of x, or a write of x before the read.
  bool ok = true;
  for (Operation &op : body) {
    if (op.getNumRegions())
      ok = false;
    if (auto g = dyn_cast<GetOp>(op))
      if (g != get && g.getName() == get.getName())
        ok = false;
    if (auto set = dyn_cast<SetOp>(op))
      if (set.getName() == get.getName() && set->isBeforeInBlock(get))
        ok = false;
  }
  if (!ok)
    return std::nullopt;
  return get.getName().str();
}

/// count += spike, in a kernel of its own (tagged for --snn-event-driven;
/// --snn-fuse merges it into the population's loop otherwise).
void Scheduler::emitSpikeCount(OpBuilder &b, Location loc, StringRef pop) {
  std::string spikeBuf = (pop + ".spike").str();
  Value spike = buf(spikeBuf), count = buf((pop + ".spike_count").str());
  unsigned rank = cast<MemRefType>(spike.getType()).getRank();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  auto kernel = linalg::GenericOp::create(
      b, loc, ValueRange{spike}, ValueRange{count},
      ArrayRef<AffineMap>{id, id},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(
            nb, nl,
            ValueRange{arith::AddFOp::create(nb, nl, args[1],
                                             asF32(nb, nl, args[0]))});
      });
  kernel->setAttr(kCountAttr, b.getStringAttr(spikeBuf));
}

LogicalResult Scheduler::emitReset(OpBuilder &b, Location loc, const Part &p,
                                   StringRef name, NeuronModelOp model,
                                   StringRef what,
                                   const std::string &spikeBuf) {
  return regionKernel(
      b, loc, p, name, model.getReset(), "reset", what, {{"spike", spikeBuf}},
      {},
      [&](OpBuilder &nb, Location nl, RegionInliner &inl,
          llvm::StringMap<Value> &elems, ArrayRef<Value>,
          ArrayRef<std::pair<std::string, std::string>> outs,
          SmallVectorImpl<Value> &yields) {
        Value fired = isNonZero(nb, nl, elems["spike"]);
        for (auto &o : outs)
          yields.push_back(arith::SelectOp::create(
              nb, nl, fired, inl.values[o.first], elems[o.first]));
        return success();
      });
}

LogicalResult Scheduler::emitSynapse(OpBuilder &b, ProjectionOp proj) {
  Location loc = proj.getLoc();
  StringRef prefix = proj.getSymName();
  std::string in = inputBuffer(prefix), port = projPort[prefix];
  auto ref = proj.getSynapseAttr();
  // Delivered straight into a state variable: the kernel reads it there.
  bool direct = in != (prefix + ".in").str();
  // The first projection into a port this step overwrites it, later ones
  // add: the ports need no clearing pass.
  bool firstIntoPort = portsWritten.insert(port).second;
  auto intoPort = [&](OpBuilder &nb, Location nl,
                      llvm::StringMap<Value> &elems, Value v) -> Value {
    return firstIntoPort ? v
                         : arith::AddFOp::create(nb, nl, elems["__port"], v);
  };
  // Without a bias, the kernel consuming `<proj>.in` clears it for the next
  // step's deliveries (init and reset start it at zero), so `in` is an
  // output of the kernel; with a bias, delivery starts it from the bias.
  bool clearsIn = !bufferIndex.count((prefix + ".b").str());
  auto consumeIn = [&](OpBuilder &nb, Location nl,
                       SmallVectorImpl<Value> &yields) {
    if (clearsIn)
      yields.push_back(constF32(nb, nl, 0.0f));
  };
  if (!ref) { // delta: what is delivered goes straight into the port
    SmallVector<std::pair<std::string, std::string>> ins, outs;
    (clearsIn ? outs : ins).push_back({"__in", in});
    outs.push_back({"__port", port});
    return kernel(b, loc, 0, ins, outs,
                  [&](OpBuilder &nb, Location nl, llvm::StringMap<Value> &e,
                      SmallVectorImpl<Value> &y) {
                    consumeIn(nb, nl, y);
                    y.push_back(intoPort(nb, nl, e, e["__in"]));
                    return success();
                  });
  }
  auto syn = cast<SynapseModelOp>(lookupModel(net, ref));
  auto dst = cast<PopulationOp>(
      SymbolTable::lookupSymbolIn(net, proj.getTargetAttr().getAttr()));
  const Part &p = parts[prefix];
  const Part &post = parts[dst.getSymName()];
  RegionUses uses;
  uses.add(syn.getDynamics());
  uses.add(syn.getOutput());
  SmallVector<std::pair<std::string, std::string>> ins, outs;
  llvm::StringMap<float> constants, postConstants;
  splitUses(p, uses, ins, outs, constants);
  if (direct)
    clearsIn = false;
  else if (clearsIn)
    outs.insert(outs.begin(), {"__in", in});
  else
    ins.push_back({"__in", in});
  for (StringRef name : uses.postReads) {
    const Source &s = post.names.find(name)->second;
    if (s.buffer.empty())
      postConstants[name] = s.constant;
    else
      ins.push_back({("__post." + name).str(), s.buffer});
  }
  outs.push_back({"__port", port});
  std::string what = ("projection @" + prefix).str();
  return kernel(
      b, loc, p.size, ins, outs,
      [&](OpBuilder &nb, Location nl, llvm::StringMap<Value> &elems,
          SmallVectorImpl<Value> &yields) -> LogicalResult {
        RegionInliner inl(nb, dt);
        seed(inl, nb, nl, elems, constants);
        // Direct: the state already holds what arrived (x + 0 is x).
        inl.delivered = direct ? constF32(nb, nl, 0.0f) : elems["__in"];
        for (StringRef name : uses.postReads) {
          auto c = postConstants.find(name);
          inl.post[name] =
              c != postConstants.end()
                  ? constF32(nb, nl, c->second)
                  : elems[("__post." + name).str()];
        }
        SmallVector<Value> none, output;
        armRandom(inl, nb, nl, elems, prefix, "dynamics");
        if (failed(inl.inlineRegion(syn.getDynamics(), what, none)))
          return failure();
        armRandom(inl, nb, nl, elems, prefix, "output");
        if (failed(inl.inlineRegion(syn.getOutput(), what, output)))
          return failure();
        for (auto &o : outs) {
          if (o.first == "__in")
            consumeIn(nb, nl, yields);
          else if (o.first == "__port")
            yields.push_back(intoPort(nb, nl, elems, output.front()));
          else
            yields.push_back(inl.values[o.first]);
        }
        return success();
      });
}

/// The [batch, N] slot (t + offset) mod D of a delay ring [D, batch, N].
/// The buffer a monitor copies: a population's spikes or state variable,
/// a projection's weights (`w`) or synapse state variable; "" if none.
std::string Scheduler::monitorSource(MonitorOp mon) {
  StringRef target = mon.getTargetAttr().getValue();
  StringRef var = mon.getVariable();
  if (isa<PopulationOp>(SymbolTable::lookupSymbolIn(net, mon.getTargetAttr())) &&
      var == "spikes")
    return (target + ".spike").str();
  if (var == "w" &&
      isa<ProjectionOp>(SymbolTable::lookupSymbolIn(net, mon.getTargetAttr())))
    return (target + ".w").str();
  auto part = parts.find(target);
  return part == parts.end() ? "" : part->second.names.lookup(var).buffer;
}

void Scheduler::emitMonitor(OpBuilder &b, MonitorOp mon, Value t) {
  Location loc = mon.getLoc();
  StringRef var = mon.getVariable();
  std::string source = monitorSource(mon);
  Value every = arith::ConstantIndexOp::create(b, loc, mon.getEvery());
  Value rem = arith::RemUIOp::create(b, loc, t, every);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value due = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, rem, zero);
  auto ifOp = scf::IfOp::create(b, loc, due, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  Value row = arith::DivUIOp::create(b, loc, t, every);
  Value rec = buf(mon.getSymName());
  auto recType = cast<MemRefType>(rec.getType());
  if (auto bits = buffers[bufferIndex.lookup(mon.getSymName())].bits) {
    emitSpikeBits(b, loc, buf(source), rec, row, bits);
    return;
  }
  // Row `row` of the recorder: [entries, n] (entries = batch, or 1 for
  // weights, copied flat).
  int64_t entries = recType.getShape()[1], n = recType.getShape()[2];
  Value from = buf(source);
  auto fromType = cast<MemRefType>(from.getType());
  SmallVector<int64_t> rowShape = {entries, n};
  if (fromType.getRank() == 2 && fromType.getShape()[0] != entries) {
    from = memref::CollapseShapeOp::create(
        b, loc, from,
        ArrayRef<ReassociationIndices>{ReassociationIndices{0, 1}});
    rowShape = {n};
  } else if (fromType.getRank() == 1) {
    rowShape = {n};
  }
  SmallVector<OpFoldResult> offsets = {row, b.getIndexAttr(0),
                                       b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1),
                                     b.getIndexAttr(entries),
                                     b.getIndexAttr(n)};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  auto sliceType = cast<MemRefType>(memref::SubViewOp::inferRankReducedResultType(
      rowShape, recType, offsets, sizes, strides));
  Value slice = memref::SubViewOp::create(b, loc, sliceType, rec, offsets,
                                          sizes, strides);
  linalg::CopyOp::create(b, loc, from, slice);
}

/// Row `row` of a spike recorder [rows, batch, ceil(n / 64)] (i64): bit j
/// of word w is whether neuron 64 w + j spiked. Each word is one compare of
/// 64 spikes (a vector read of 64 bytes, padded with zeros past n) and a
/// bitcast of the <64 x i1> result.
void Scheduler::emitSpikeBits(OpBuilder &b, Location loc, Value spikes,
                              Value rec, Value row, int64_t n) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value lanes = arith::ConstantIndexOp::create(b, loc, 64);
  Value batchEnd = arith::ConstantIndexOp::create(b, loc, batch);
  Value words = arith::ConstantIndexOp::create(b, loc, llvm::divideCeil(n, 64));
  Type element = cast<MemRefType>(spikes.getType()).getElementType();
  auto vecType = VectorType::get({64}, element);
  Value pad = arith::ConstantOp::create(b, loc, b.getZeroAttr(element));
  scf::ForOp::create(
      b, loc, zero, batchEnd, one, ValueRange{},
      [&](OpBuilder &bb, Location l, Value entry, ValueRange) {
        scf::ForOp::create(
            bb, l, zero, words, one, ValueRange{},
            [&](OpBuilder &wb, Location wl, Value word, ValueRange) {
              Value first = arith::MulIOp::create(wb, wl, word, lanes);
              // In bounds only when n is a multiple of 64.
              Value v = vector::TransferReadOp::create(
                  wb, wl, vecType, spikes, ValueRange{entry, first}, pad,
                  ArrayRef<bool>{n % 64 == 0});
              Value fired = isNonZero(wb, wl, v);
              Value packed = vector::BitCastOp::create(
                  wb, wl, VectorType::get({1}, wb.getI64Type()), fired);
              Value w = vector::ExtractOp::create(wb, wl, packed,
                                                  ArrayRef<int64_t>{0});
              memref::StoreOp::create(wb, wl, w, rec,
                                      ValueRange{row, entry, word});
              scf::YieldOp::create(wb, wl);
            });
        scf::YieldOp::create(bb, l);
      });
}

//===----------------------------------------------------------------------===//
// Functions
//===----------------------------------------------------------------------===//

func::FuncOp Scheduler::declare(StringRef name, Type leading,
                                StringRef leadingName, bool withRecorders) {
  OpBuilder b(module.getContext());
  SmallVector<Type> types;
  SmallVector<DictionaryAttr> argAttrs;
  bool withSteps = bool(leading);
  if (leading) {
    types.push_back(leading);
    argAttrs.push_back(b.getDictionaryAttr(
        {b.getNamedAttr("snn.buffer", b.getStringAttr(leadingName))}));
  }
  for (const Buffer &buffer : buffers) {
    if (buffer.role == "monitor" && !withRecorders)
      continue;
    types.push_back(buffer.type);
    SmallVector<NamedAttribute> attrs = {
        b.getNamedAttr("snn.buffer", b.getStringAttr(buffer.name)),
        b.getNamedAttr("snn.role", b.getStringAttr(buffer.role))};
    if (buffer.role == "monitor")
      attrs.push_back(
          b.getNamedAttr("snn.every", b.getI64IntegerAttr(buffer.every)));
    if (buffer.bits)
      attrs.push_back(
          b.getNamedAttr("snn.bits", b.getI64IntegerAttr(buffer.bits)));
    // Buffers never overlap (the ABI gives each its own allocation), which
    // lets LLVM vectorise the kernels' loops without runtime alias checks.
    attrs.push_back(b.getNamedAttr("llvm.noalias", b.getUnitAttr()));
    argAttrs.push_back(b.getDictionaryAttr(attrs));
  }
  b.setInsertionPoint(net);
  auto fn = func::FuncOp::create(b, net.getLoc(), name,
                                 b.getFunctionType(types, {}));
  fn.setAllArgAttrs(argAttrs);
  fn->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  Block *entry = fn.addEntryBlock();
  // Bind buffer names to the arguments.
  values.clear();
  unsigned arg = withSteps ? 1 : 0;
  for (const Buffer &buffer : buffers) {
    if (buffer.role == "monitor" && !withRecorders)
      continue;
    values[buffer.name] = entry->getArgument(arg++);
  }
  return fn;
}

LogicalResult Scheduler::emitStep(OpBuilder &b, Location loc, Value t) {
  // The step number keys this step's random draws; it persists in the
  // `step` buffer across run calls.
  Value zeroIdx = arith::ConstantIndexOp::create(b, loc, 0);
  Value step = memref::LoadOp::create(b, loc, buf("step"), ValueRange{zeroIdx});
  stepI32 = arith::TruncIOp::create(b, loc, b.getI32Type(), step);
  stepIndex = arith::IndexCastOp::create(b, loc, b.getIndexType(), step);
  // Ports sum what this step delivers: the first projection into a port
  // overwrites it (emitSynapse). A port nothing feeds stays at the zero
  // init and reset give it (scratch): nothing writes it.
  portsWritten.clear();
  // 1. Delivery of the spikes emitted one step ago.
  for (auto proj : net.getBodyBlock().getOps<ProjectionOp>())
    if (failed(emitDelivery(b, proj)))
      return failure();
  // 2. and 3., population by population: the postsynaptic dynamics of the
  // projections into it (outputs into its ports), then its update,
  // threshold and reset. A synapse kernel reads only what was delivered and
  // its target's state, so grouping by target keeps the step's meaning, and
  // puts every kernel over a population's neurons next to each other, where
  // --snn-fuse merges them into one loop.
  for (auto pop : net.getBodyBlock().getOps<PopulationOp>()) {
    for (auto proj : net.getBodyBlock().getOps<ProjectionOp>())
      if (proj.getTargetAttr().getAttr() == pop.getSymNameAttr() &&
          failed(emitSynapse(b, proj)))
        return failure();
    if (failed(emitNeuron(b, pop)))
      return failure();
  }
  // 4. Plasticity: spike regions, on_post, synapse and neuron dynamics
  // (docs/plasticity.md).
  for (auto proj : net.getBodyBlock().getOps<ProjectionOp>())
    if (proj.getPlasticityAttr() && failed(emitLearning(b, proj)))
      return failure();
  // 5. Monitors.
  for (auto mon : net.getBodyBlock().getOps<MonitorOp>())
    emitMonitor(b, mon, t);
  Value one = arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(1));
  memref::StoreOp::create(b, loc, arith::AddIOp::create(b, loc, step, one),
                          buf("step"), ValueRange{zeroIdx});
  return success();
}

LogicalResult Scheduler::emitRun() {
  func::FuncOp fn = declare((net.getSymName() + "_run").str(),
                            IndexType::get(net.getContext()), "steps", true);
  Block &entry = fn.getBody().front();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  Location loc = net.getLoc();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  LogicalResult result = success();
  scf::ForOp::create(b, loc, zero, entry.getArgument(0), one, ValueRange{},
                     [&](OpBuilder &lb, Location ll, Value t, ValueRange) {
                       result = emitStep(lb, ll, t);
                       scf::YieldOp::create(lb, ll);
                     });
  func::ReturnOp::create(b, loc);
  return result;
}

LogicalResult Scheduler::run() {
  // A declaration of @<net>_init or @<net>_run (a driver calling the
  // network) is replaced by the definition, which must have its type; a
  // definition is a clash.
  llvm::StringMap<func::FuncOp> declared;
  for (StringRef suffix : {"_init", "_run", "_reset"}) {
    std::string name = (net.getSymName() + suffix).str();
    if (auto existing = module.lookupSymbol<func::FuncOp>(name)) {
      if (!existing.isDeclaration())
        return net.emitError() << "network @" << net.getSymName()
                               << ": function @" << name << " already exists";
      declared[name] = existing;
      existing->remove();
    }
  }
  if (failed(plan()) || failed(emitInit()) || failed(emitRun()) ||
      failed(emitReset()))
    return failure();
  for (auto &[name, decl] : declared) {
    auto defined = module.lookupSymbol<func::FuncOp>(name);
    FunctionType want = defined.getFunctionType();
    FunctionType got = decl.getFunctionType();
    decl->destroy();
    if (want != got)
      return net.emitError() << "network @" << net.getSymName()
                             << ": the declaration of @" << name
                             << " has type " << got
                             << ", but the network's function has type "
                             << want;
  }
  return success();
}

namespace {

struct Schedule : mlir::snn::impl::SNNScheduleBase<Schedule> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<NetworkOp> networks(module.getOps<NetworkOp>());
    for (NetworkOp net : networks)
      if (failed(Scheduler(net, module).run()))
        return signalPassFailure();
    // The models now live on as kernels; the module keeps only functions.
    for (NetworkOp net : networks)
      net.erase();
    for (Operation &op : llvm::make_early_inc_range(*module.getBody()))
      if (isa<NeuronModelOp, SynapseModelOp, PlasticityModelOp>(op))
        op.erase();
  }
};

} // namespace

