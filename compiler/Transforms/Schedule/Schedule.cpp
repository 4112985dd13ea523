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
#include "compiler/Transforms/Schedule/Connectivity.h"
#include "compiler/Transforms/Schedule/Kernels.h"
#include "compiler/Transforms/Schedule/Scheduler.h"
#include "compiler/Transforms/Schedule/Random.h"
#include "dialects/snn/IR/SNNModels.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
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
  auto mapFor = [&](Value v, StringRef bufName) {
    // [batch, n] buffers are indexed by both loops, [n] parameter buffers
    // by the neuron loop only, the [batch] seeds and modulators by the
    // batch loop.
    auto type = cast<MemRefType>(v.getType());
    if (type.getRank() == 2)
      return AffineMap::getMultiDimIdentityMap(2, ctx);
    if (type.getElementType().isInteger(64) || modulatorBuffers.count(bufName))
      return AffineMap::get(2, 0, {getAffineDimExpr(0, ctx)}, ctx);
    return AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx);
  };
  for (auto &[name, bufName] : ins) {
    inBufs.push_back(buf(bufName));
    maps.push_back(mapFor(inBufs.back(), bufName));
  }
  for (auto &[name, bufName] : outs) {
    outBufs.push_back(buf(bufName));
    maps.push_back(mapFor(outBufs.back(), bufName));
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
  inl.random = RegionInliner::RandomSource{emitSeedKey(b, loc, seed->second),
                                           index,
                                           stepI32,
                                           (part + "/" + region).str(),
                                           {}};
}

void Scheduler::seed(RegionInliner &inl, OpBuilder &b, Location loc,
                     const llvm::StringMap<Value> &elems,
                     const llvm::StringMap<float> &constants) {
  for (auto &e : elems) {
    inl.values[e.getKey()] = e.getValue();
    // Modulators a rule's neuron region reads (ruleModulators passes them
    // as "__mod_<name>").
    if (e.getKey().starts_with("__mod_"))
      inl.modulators[e.getKey().drop_front(6)] = e.getValue();
  }
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
  // Shared draws are read from their buffers instead of drawn here.
  SmallVector<std::string> drawn =
      emitSharedDraws(b, loc, p, partName, region, regionName);
  if (!drawn.empty()) {
    llvm::erase_if(ins, [](auto &in) { return in.first == "__seed"; });
    for (const std::string &d : drawn)
      ins.push_back({"__draw " + d, d});
  }
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
                  if (!drawn.empty()) {
                    inl.random.emplace();
                    for (const std::string &d : drawn)
                      inl.random->drawn.push_back(elems["__draw " + d]);
                  }
                  SmallVector<Value> yielded;
                  if (failed(inl.inlineRegion(region, what, yielded)))
                    return failure();
                  return finish(nb, nl, inl, elems, yielded, outs, yields);
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
    if (buffer.role == "monitor") {
      attrs.push_back(
          b.getNamedAttr("snn.every", b.getI64IntegerAttr(buffer.every)));
      attrs.push_back(
          b.getNamedAttr("snn.source", b.getStringAttr(buffer.source)));
    }
    if (buffer.bits)
      attrs.push_back(
          b.getNamedAttr("snn.bits", b.getI64IntegerAttr(buffer.bits)));
    if (buffer.perSlice)
      attrs.push_back(b.getNamedAttr(kPerSliceAttr, b.getUnitAttr()));
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
    for (auto proj : net.getBodyBlock().getOps<ProjectionOp>())
      if (proj.getPlasticityAttr() && failed(emitRuleSpikes(b, proj, pop)))
        return failure();
  }
  // 4. Plasticity: spike regions, on_post, synapse and neuron dynamics
  // (docs/plasticity.md).
  learning = true;
  for (auto proj : net.getBodyBlock().getOps<ProjectionOp>())
    if (proj.getPlasticityAttr() && failed(emitLearning(b, proj)))
      return failure();
  learning = false;
  // 5. Per-step population mechanisms (Mechanisms.cpp), then monitors.
  for (auto h : net.getBodyBlock().getOps<HomeostasisOp>())
    if (failed(emitHomeostasis(b, h)))
      return failure();
  for (auto scaling : net.getBodyBlock().getOps<SynapticScalingOp>())
    emitSynapticScaling(b, scaling);
  for (auto sp : net.getBodyBlock().getOps<StructuralPlasticityOp>())
    emitStructural(b, sp);
  if (t)
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
  syncSharedSeed(b, loc);
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

FailureOr<func::FuncOp> Scheduler::emitStepFunction(Location loc) {
  func::FuncOp fn = declare((net.getSymName() + "_step").str(), nullptr, "",
                            /*withRecorders=*/false);
  OpBuilder b = OpBuilder::atBlockBegin(&fn.getBody().front());
  syncSharedSeed(b, loc);
  if (failed(emitStep(b, loc, nullptr)))
    return failure();
  func::ReturnOp::create(b, loc);
  return fn;
}

/// A network that declares training also gets its step as a function of
/// its own, without monitors, which --snn-generate-adjoint differentiates:
///
///   func.func @<net>_step(<buffers>) attributes {snn.train = {...}}
///
/// `snn.train` holds the declaration with buffer names for the populations
/// and projections (docs/training.md).
LogicalResult Scheduler::emitTrainStep(TrainOp train) {
  FailureOr<func::FuncOp> stepFn = emitStepFunction(train.getLoc());
  if (failed(stepFn))
    return failure();
  func::FuncOp fn = *stepFn;
  OpBuilder b(fn);

  auto pop = cast<PopulationOp>(
      SymbolTable::lookupSymbolIn(net, train.getReadoutAttr().getAttr()));
  std::string readout =
      (pop.getSymName() + "." +
       (pop.getGradedAttr() ? pop.getGradedAttr().getValue() : "spike"))
          .str();
  SmallVector<Attribute> trainable;
  for (Attribute a : train.getTrainable()) {
    StringRef part = cast<FlatSymbolRefAttr>(a).getValue();
    // A population: its parameters given per neuron ([N] buffers).
    if (auto trained = dyn_cast_or_null<PopulationOp>(
            SymbolTable::lookupSymbolIn(net, cast<FlatSymbolRefAttr>(a).getAttr()))) {
      for (NamedAttribute p : trained.getParamsAttr())
        if (isa<DenseFPElementsAttr>(p.getValue()))
          trainable.push_back(
              b.getStringAttr(part + "." + p.getName().getValue()));
      continue;
    }
    for (StringRef suffix : {".w", ".b"}) {
      std::string name = (part + suffix).str();
      if (bufferIndex.count(name))
        trainable.push_back(b.getStringAttr(name));
    }
  }
  SmallVector<NamedAttribute> spec = {
      b.getNamedAttr("network", b.getStringAttr(net.getSymName())),
      b.getNamedAttr("loss", train.getLossAttr()),
      b.getNamedAttr("readout", b.getStringAttr(readout)),
      b.getNamedAttr("readout_size", b.getI64IntegerAttr(pop.getNumNeurons())),
      b.getNamedAttr("steps", train.getStepsAttr()),
      b.getNamedAttr("optimizer", train.getOptimizerAttr()),
      b.getNamedAttr("surrogate", train.getSurrogateAttr()),
      b.getNamedAttr("slope", train.getSlopeAttr()),
      b.getNamedAttr("trainable", b.getArrayAttr(trainable)),
      b.getNamedAttr("checkpoint", train.getCheckpointAttr()),
      b.getNamedAttr("truncate", train.getTruncateAttr()),
      b.getNamedAttr("reset", train.getResetAttr())};
  if (DictionaryAttr params = train.getOptimizerParamsAttr())
    spec.push_back(b.getNamedAttr("optimizer_params", params));
  // The inputs given per step: every external input of those populations.
  SmallVector<Attribute> sequence;
  if (ArrayAttr seq = train.getSequenceAttr())
    for (Attribute a : seq) {
      auto src = cast<PopulationOp>(SymbolTable::lookupSymbolIn(
          net, cast<FlatSymbolRefAttr>(a).getAttr()));
      auto model = cast<NeuronModelOp>(lookupModel(net, src.getModelAttr()));
      for (StringRef ext : stringList(model.getExternalAttr()))
        sequence.push_back(b.getStringAttr(src.getSymName() + "." + ext));
    }
  spec.push_back(b.getNamedAttr("sequence", b.getArrayAttr(sequence)));
  fn->setAttr(kTrainAttr, b.getDictionaryAttr(spec));
  return success();
}

LogicalResult Scheduler::run(bool stepFunction, bool runOnly) {
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
  slice = runOnly;
  if (runOnly)
    return success(succeeded(plan()) && succeeded(emitRun()));
  if (failed(plan()) || failed(emitInit()) || failed(emitRun()) ||
      failed(emitReset()))
    return failure();
  bool trains = false;
  for (auto train : net.getBodyBlock().getOps<TrainOp>()) {
    if (failed(emitTrainStep(train)))
      return failure();
    trains = true;
  }
  if (stepFunction && !trains && failed(emitStepFunction(net.getLoc())))
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
  using SNNScheduleBase::SNNScheduleBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<NetworkOp> networks(module.getOps<NetworkOp>());
    for (NetworkOp net : networks)
      if (failed(Scheduler(net, module).run(stepFunction)))
        return signalPassFailure();
    if (batchSlices > 1)
      for (NetworkOp net : networks)
        sliceBatch(module, net, batchSlices);
    // The models now live on as kernels; the module keeps only functions.
    for (NetworkOp net : networks)
      net.erase();
    for (Operation &op : llvm::make_early_inc_range(*module.getBody()))
      if (isa<NeuronModelOp, SynapseModelOp, PlasticityModelOp>(op))
        op.erase();
  }
};

} // namespace

