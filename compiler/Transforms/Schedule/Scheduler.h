//===- Scheduler.h - state shared by the schedule's parts ------*- C++ -*-===//
//
// --snn-schedule is split by job: Plan.cpp plans the buffers, Schedule.cpp
// emits the step and the run function, ModelKernels.cpp the neuron and synapse
// model kernels, Mechanisms.cpp population-level mechanisms (spike
// filters, homeostasis, synaptic scaling), Delivery.cpp what projections
// deliver (matmul, elementwise, event-driven rows, delay rings),
// Plasticity.cpp plasticity rules, Monitors.cpp the recorders, Init.cpp
// the init and reset functions, SharedDraws.cpp the draws a population's
// batch entries share.
// This header is the Scheduler they share.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TRANSFORMS_SCHEDULE_SCHEDULER_H
#define SNN_TRANSFORMS_SCHEDULE_SCHEDULER_H

#include "compiler/Transforms/Schedule/Connectivity.h"
#include "compiler/Transforms/Schedule/Kernels.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlir::snn::sched {

/// One buffer of a network, in the order the generated functions take them.
struct Buffer {
  std::string name; // "exc.v"
  std::string role; // parameter, state, weight, input, scratch, monitor, seed
  MemRefType type;
  Attribute init;   // initial value for `init` (null: zero)
  std::string stream; // stream name of a random initial value
  int64_t every = 1;  // monitors: one recorded step in `every`
  // Spike monitors: the neurons per row, recorded as bits (64 per i64 word,
  // neuron i in bit i % 64 of word i / 64); 0 for float recordings.
  int64_t bits = 0;
  // Monitors: the buffer recorded ("exc.spike", "exc.v", "ee.w").
  std::string source;
  // A neuron model's persistent state, a projection's per-entry weights
  // (role "weight") or a population's per-entry parameters (role
  // "parameter"): one value per batch entry like any state, which resets
  // of the state leave alone.
  bool persistent = false;
  /// Scratch every step writes before it reads it (a population's shared
  /// draws): a slice of the batch may run on a copy of its own
  /// (BatchSlices.cpp). Marked `snn.per_slice` on the functions' arguments.
  bool perSlice = false;
};

/// Where a name used in a kernel comes from.
struct Source {
  std::string buffer; // non-empty: an element of this buffer
  float constant = 0; // otherwise this constant
};

/// The lowering of one population or projection's values.
struct Part {
  int64_t size = 0; // neurons (population) or target neurons (projection)
  llvm::StringMap<Source> names;
};

class Scheduler {
public:
  Scheduler(NetworkOp net, ModuleOp module)
      : net(net), module(module), batch(net.getBatch()),
        dt(net.getDt().convertToFloat()) {}

  /// `stepFunction`: also emit `@<net>_step` for a network that does not
  /// declare training (the HLS target's kernel). `runOnly`: emit
  /// `@<net>_run` alone (a slice of a batch: BatchSlices.cpp).
  LogicalResult run(bool stepFunction = false, bool runOnly = false);

private:
  InFlightDiagnostic fail(Operation *op, StringRef what) {
    return op->emitError() << what;
  }

  // Planning: which buffers exist and where each name comes from.
  LogicalResult plan();
  LogicalResult planPopulation(PopulationOp pop, NeuronModelOp model);
  LogicalResult planProjection(ProjectionOp proj);
  LogicalResult planDelay(ProjectionOp proj, int64_t nSrc, int64_t nDst);
  LogicalResult planMonitors();
  LogicalResult planPlasticity(ProjectionOp proj, PopulationOp src,
                               PopulationOp dst);
  Value neuronValue(OpBuilder &b, Location loc, StringRef proj, bool pre,
                    StringRef name, Value e, Value idx);
  LogicalResult emitSynapseRegion(OpBuilder &b, Location loc,
                                  ProjectionOp proj, Region &region,
                                  StringRef regionName, Value w, Value e,
                                  Value i, Value j, Value k, Value *sent,
                                  bool clamp);
  /// `v` clamped to the rule's bounds (RulePlan::bounds).
  Value clampToBounds(OpBuilder &b, Location loc, StringRef proj, Value v);
  LogicalResult emitLearning(OpBuilder &b, ProjectionOp proj);
  LogicalResult emitRuleStep(OpBuilder &b, ProjectionOp proj, bool pre);
  /// 1 (as f32) if a spike of pre neuron `i` of entry `e` arrived along
  /// synapse `k` of `proj` in this step, else 0 (snn.arrived).
  Value arrivalAt(OpBuilder &b, Location loc, StringRef proj, Value e, Value i,
                  Value k);
  LogicalResult ruleModulators(
      ProjectionOp proj, bool pre, const RegionUses &uses, StringRef region,
      SmallVectorImpl<std::pair<std::string, std::string>> &extra);
  LogicalResult emitRuleNeurons(OpBuilder &b, ProjectionOp proj, bool pre,
                                Region &region, StringRef name, bool onSpike);
  LogicalResult emitRuleSpikes(OpBuilder &b, ProjectionOp proj,
                               PopulationOp pop);
  LogicalResult addValue(Operation *part, Part &p, StringRef prefix,
                         StringRef name, Attribute value, StringRef role,
                         int64_t size, bool perBatch);
  void addBuffer(StringRef name, StringRef role, ArrayRef<int64_t> shape,
                 Attribute init, bool dynamicFirst = false,
                 Type elementType = nullptr);

  // Emission.
  /// A function taking every buffer (and the recorders if asked), after an
  /// optional leading scalar argument named `leadingName`.
  func::FuncOp declare(StringRef name, Type leading, StringRef leadingName,
                       bool withRecorders);
  LogicalResult emitInit();
  LogicalResult emitReset();
  void emitNormalize(OpBuilder &b, ProjectionOp proj, double c);
  void emitInitialValue(OpBuilder &b, Location loc, const Buffer &buffer);
  LogicalResult emitRun();
  /// One step; monitors are recorded when `t` (the step within the call)
  /// is given.
  LogicalResult emitStep(OpBuilder &b, Location loc, Value t);
  /// `@<net>_step(<buffers>)`: one step without monitors.
  FailureOr<func::FuncOp> emitStepFunction(Location loc);
  LogicalResult emitTrainStep(TrainOp train);
  void emitRandomInit(OpBuilder &b, Location loc, const Buffer &buffer);
  /// Lets `inl` draw random numbers when the kernel reads the seeds.
  void armRandom(RegionInliner &inl, OpBuilder &b, Location loc,
                 llvm::StringMap<Value> &elems, StringRef part,
                 StringRef region);
  LogicalResult emitDelivery(OpBuilder &b, ProjectionOp proj);
  LogicalResult emitSynapse(OpBuilder &b, ProjectionOp proj);
  LogicalResult emitNeuron(OpBuilder &b, PopulationOp pop);
  /// Puts the constants and buffer elements of a kernel into the inliner
  /// (`__mod_<name>` elements as the modulators `snn.get_modulator` reads).
  static void seed(RegionInliner &inl, OpBuilder &b, Location loc,
                   const llvm::StringMap<Value> &elems,
                   const llvm::StringMap<float> &constants);
  /// Turns a region's result into the kernel's yields, one per output.
  using FinishFn = function_ref<LogicalResult(
      OpBuilder &, Location, RegionInliner &, llvm::StringMap<Value> &,
      ArrayRef<Value> yielded,
      ArrayRef<std::pair<std::string, std::string>> outs,
      SmallVectorImpl<Value> &yields)>;
  /// A kernel over one model region: the names it reads become inputs or
  /// constants, the names it writes outputs, plus the given extra buffers.
  LogicalResult regionKernel(
      OpBuilder &b, Location loc, const Part &p, StringRef partName,
      Region &region, StringRef regionName, StringRef what,
      ArrayRef<std::pair<std::string, std::string>> extraIns,
      ArrayRef<std::pair<std::string, std::string>> extraOuts,
      FinishFn finish);
  LogicalResult emitReset(OpBuilder &b, Location loc, const Part &p,
                          StringRef name, NeuronModelOp model, StringRef what,
                          const std::string &spikeBuf);
  void emitSpikeCount(OpBuilder &b, Location loc, StringRef pop);
  // Population mechanisms (Mechanisms.cpp).
  void planMechanisms();
  LogicalResult emitHomeostasis(OpBuilder &b, HomeostasisOp h);
  void emitSynapticScaling(OpBuilder &b, SynapticScalingOp scaling);
  void emitStructural(OpBuilder &b, StructuralPlasticityOp sp);
  void emitSpikeFilterWinners(OpBuilder &b, SpikeFilterOp filter,
                              const Part &p, const std::string &spikeBuf);
  void emitSpikeFilterApply(OpBuilder &b, SpikeFilterOp filter,
                            const std::string &spikeBuf);
  std::optional<std::string> directState(SynapseModelOp syn);
  std::string inputBuffer(StringRef proj) const {
    return projInput.lookup(proj);
  }
  std::string monitorSource(MonitorOp mon);
  void emitMonitor(OpBuilder &b, MonitorOp mon, Value t);
  void emitSpikeBits(OpBuilder &b, Location loc, Value spikes, Value rec,
                     Value row, int64_t n);
  std::pair<Value, Value> sparseArrays(OpBuilder &b, Location loc,
                                       StringRef prefix);
  /// Slot (step + offset) mod D of a [D, batch, N] ring, as [batch, N].
  Value ringSlot(OpBuilder &b, Location loc, Value ring, int64_t offset);
  Value ringSlot(OpBuilder &b, Location loc, Value ring, Value offset);
  /// A constant i32 array as a private module global.
  Value constI32Array(OpBuilder &b, Location loc, StringRef symbol,
                      const std::vector<int32_t> &data);
  /// `delayed`: the source's spikes of some earlier step (a plastic
  /// projection's `pre_ring` slot) instead of its last ones; with
  /// `arrivalDelay` only the synapses of that delay deliver them.
  LogicalResult emitSparseDelivery(OpBuilder &b, Location loc,
                                   ProjectionOp proj, StringRef sourceName,
                                   Value w, Value in, Value delayed = {},
                                   Value arrivalDelay = {});
  /// The buffer a projection reads from its source: `<pop>.spike`, or the
  /// graded variable.
  std::string sourceBuffer(ProjectionOp proj);
  /// Whether delivery walks the source's rows (dense or compressed), which
  /// --snn-event-driven can restrict to the sources that fired.
  bool deliversByRows(ProjectionOp proj);
  /// The compact event list of a row-delivered source: `<src>.events`
  /// (indices, [batch, N]) and `<src>.event_count` ([batch]).
  void planEvents(ProjectionOp proj);

  /// An elementwise kernel over [batch, size]. `ins` and `outs` name
  /// (kernel name, buffer) pairs; `body` fills `yields`, one per out.
  using BodyFn = function_ref<LogicalResult(
      OpBuilder &, Location, llvm::StringMap<Value> &, SmallVectorImpl<Value> &)>;
  LogicalResult kernel(OpBuilder &b, Location loc, int64_t size,
                       ArrayRef<std::pair<std::string, std::string>> ins,
                       ArrayRef<std::pair<std::string, std::string>> outs,
                       BodyFn body);

  /// Kernel-name -> buffer pairs for the names a region reads (minus those
  /// it also writes) and writes, and constants for the rest.
  void splitUses(const Part &p, const RegionUses &uses,
                 SmallVectorImpl<std::pair<std::string, std::string>> &ins,
                 SmallVectorImpl<std::pair<std::string, std::string>> &outs,
                 llvm::StringMap<float> &constants);

  Value buf(StringRef name) { return values.lookup(name); }
  /// A [rows, cols] buffer as one row-major dimension (a dense weight
  /// matrix walked synapse by synapse); other ranks as they are.
  Value flat(OpBuilder &b, Location loc, Value buffer) {
    if (cast<MemRefType>(buffer.getType()).getRank() != 2)
      return buffer;
    return memref::CollapseShapeOp::create(
        b, loc, buffer,
        ArrayRef<ReassociationIndices>{ReassociationIndices{0, 1}});
  }
  /// Per-entry weights ([batch, ...]) as [batch, synapses]: each entry's
  /// weights walked synapse by synapse.
  Value flatPerEntry(OpBuilder &b, Location loc, Value buffer) {
    auto type = cast<MemRefType>(buffer.getType());
    if (type.getRank() <= 2)
      return buffer;
    ReassociationIndices rest;
    for (int64_t d = 1; d < type.getRank(); ++d)
      rest.push_back(d);
    return memref::CollapseShapeOp::create(
        b, loc, buffer,
        ArrayRef<ReassociationIndices>{ReassociationIndices{0}, rest});
  }
  Value constF32(OpBuilder &b, Location loc, float v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  }

  NetworkOp net;
  ModuleOp module;
  int64_t batch;
  float dt;
  SmallVector<Buffer> buffers;
  llvm::StringMap<unsigned> bufferIndex;
  llvm::StringMap<Part> parts;             // by population/projection name
  llvm::StringMap<std::string> projPort;   // projection -> target port buffer
  // Projection -> the buffer delivery accumulates into: `<proj>.in`, or the
  // synapse state the model adds what is delivered to (directState).
  llvm::StringMap<std::string> projInput;
  llvm::StringSet<> portsWritten;          // ports written so far this step
  llvm::StringSet<> modulatorBuffers;      // the network's modulators
  std::map<std::string, SparseRows> sparse; // projection -> rows drawn at compile time
  struct DelayPlan {
    int64_t constant = 0;              // one delay for every synapse, or
    std::vector<int32_t> perSynapse;   // one per stored synapse
    int64_t max = 1;
    // A plastic projection keeps its source's spikes (`<proj>.pre_ring`)
    // rather than what they deliver (`<proj>.pending`).
    bool sourceRing = false;
  };
  std::map<std::string, DelayPlan> delays; // projections with delays > 1
  /// A projection's plasticity rule (docs/plasticity.md).
  struct RulePlan {
    PlasticityModelOp rule;
    std::map<std::string, float> params; // the rule's, with overrides
    std::string source, target;          // population names
    std::vector<int32_t> synPre;         // each stored synapse's source
    std::vector<int32_t> colptr, colsyn; // the synapses of each target
    std::map<std::string, std::string> modulators; // rule's -> buffer
    std::optional<std::pair<float, float>> bounds;  // `bounds` values
    float decay = 0;                                // `decay` value
    bool mean = false; // batch reduction: mean (else sum) of the entries
    bool shared = false;  // window weights: synapse k uses weightIndex[k]
    /// Sides whose dynamics run in their population's loop, after the
    /// spike region (emitRuleStep), and for each state buffer they set the
    /// buffer of its value after the step's spikes, before the dynamics,
    /// which the step's synapse regions read.
    bool stepPre = false, stepPost = false;
    /// Whether a learning region reads `snn.arrived`; without a delay ring
    /// the source's spikes of the last step are kept in `<proj>.pre_last`.
    bool readsArrived = false;
    std::map<std::string, std::string> afterSpikes;
    int64_t weights = 0;  // elements of the weight buffer
    /// Whether weight changes add up in `<proj>.dw` and are applied after
    /// the step's regions (a batch, or weights shared by positions).
    bool accumulates(int64_t batch) const { return batch > 1 || shared; }
    /// Whether a pass over every synapse runs each step (synapse_dynamics
    /// or a decay): the bounds are then applied to every weight after it.
    bool densePass() const {
      return !PlasticityModelOp(rule).getSynapseDynamics().empty() ||
             decay != 0;
    }
  };
  std::map<std::string, RulePlan> rules;
  /// Populations whose threshold kernel keeps its margin in `<pop>.margin`
  /// (a rule reads snn.get_post_surrogate).
  llvm::StringSet<> marginKept;
  /// The surrogate `snn.get_post_surrogate` takes when it names none.
  Surrogate networkSurrogate();
  /// Set while the step's learning regions are emitted: the pre and post
  /// state they read is the value after the spikes (RulePlan::afterSpikes).
  bool learning = false;
  /// Populations whose random draws all entries share (`shared_draws`)
  /// and which draw them in kernels of their own, once per step, into
  /// `<pop>.draw.<region>.<position>` buffers ([N], drawBuffer) keyed by
  /// `shared_seed` (entry 0's seed, which every call of the network's
  /// functions copies there first): networks of more than one entry, and
  /// batch slices (whose entry 0 is not the batch's, and which take the
  /// copy their run made).
  llvm::StringSet<> sharedDraws;
  /// Fills sharedDraws and plans `shared_seed` and the draw buffers.
  void planSharedDraws();
  /// Emits the kernel drawing the shared draws of `region` of population
  /// `pop`, if it has any, and returns the buffers it writes.
  SmallVector<std::string> emitSharedDraws(OpBuilder &b, Location loc,
                                           const Part &p, StringRef pop,
                                           Region &region,
                                           StringRef regionName);
  /// shared_seed = seed[0], first thing in a function that steps (not in
  /// a batch slice: its seeds are its own entries').
  void syncSharedSeed(OpBuilder &b, Location loc);
  /// Scheduled as a slice of a batch (BatchSlices.cpp).
  bool slice = false;
  Value stepIndex;                         // this step's number, as index
  llvm::StringMap<Value> values;           // buffer name -> function argument
  Value stepI32;                           // this step's number, in `run`
};

/// The argument attribute of a Buffer::perSlice buffer.
inline constexpr llvm::StringLiteral kPerSliceAttr = "snn.per_slice";

/// The buffer of the `position`-th random op of `region` of a population
/// with shared draws (Scheduler::sharedDraws).
inline std::string drawBuffer(StringRef pop, StringRef region,
                              unsigned position) {
  return (pop + ".draw." + region + "." + Twine(position)).str();
}

/// Whether an initial value is drawn at init.
inline bool isRandomInit(Attribute value) {
  return isa<UniformAttr, NormalAttr>(value);
}

/// A scalar value as a float, if `value` is one.
inline std::optional<float> scalarOf(Attribute value) {
  if (auto f = dyn_cast<FloatAttr>(value))
    return static_cast<float>(f.getValueAsDouble());
  if (auto i = dyn_cast<IntegerAttr>(value))
    return static_cast<float>(i.getInt());
  if (auto c = dyn_cast<ConstantAttr>(value))
    return static_cast<float>(c.getValue().convertToDouble());
  return std::nullopt;
}

/// After `net` is scheduled: with a batch whose largest divisor K up to
/// `maxSlices` is more than half of it, `@<net>_run` becomes a parallel
/// loop over K slices of the batch, each running the whole time loop in a
/// private `@<net>.batch_slice_run` (BatchSlices.cpp). Otherwise, or when
/// the entries share a buffer the run writes, the run stays as it is and a
/// remark says why.
void sliceBatch(ModuleOp module, NetworkOp net, int64_t maxSlices);

} // namespace mlir::snn::sched

#endif // SNN_TRANSFORMS_SCHEDULE_SCHEDULER_H
