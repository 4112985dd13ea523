//===- ModelKernels.cpp - neuron and synapse models as step kernels -------===//
//
// A population's update, threshold, reset and spike counter, and a
// projection's synapse model, as linalg.generic kernels over [batch, N]
// (docs/schedule.md, "One step"); and which synapse models receive
// delivery straight into their state.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/Schedule/Scheduler.h"
#include "compiler/Transforms/SpikeValues.h"
#include "dialects/snn/IR/SNNModels.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::sched;

/// The threshold kernel's output holding the margin (not a model name:
/// those cannot contain a space).
static constexpr const char *kMarginOut = "threshold margin";

Surrogate Scheduler::networkSurrogate() {
  for (auto train : net.getBodyBlock().getOps<TrainOp>())
    return Surrogate{train.getSurrogate().str(),
                     train.getSlope().convertToFloat()};
  return Surrogate{};
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

  // threshold: spike = margin > 0; the margin is kept too where a rule
  // reads the surrogate derivative at it (snn.get_post_surrogate).
  SmallVector<std::pair<std::string, std::string>> thresholdOuts = {
      {"spike", spikeBuf}};
  if (marginKept.contains(name))
    thresholdOuts.push_back({kMarginOut, (name + ".margin").str()});
  if (failed(regionKernel(
          b, loc, p, name, model.getThreshold(), "threshold", what, {},
          thresholdOuts,
          [&](OpBuilder &nb, Location nl, RegionInliner &inl,
              llvm::StringMap<Value> &elems, ArrayRef<Value> margin,
              ArrayRef<std::pair<std::string, std::string>> outs,
              SmallVectorImpl<Value> &yields) {
            Value zero = constF32(nb, nl, 0.0f);
            auto fired = arith::CmpFOp::create(
                nb, nl, arith::CmpFPredicate::OGT, margin.front(), zero);
            fired->setAttr(kHeavisideAttr, nb.getUnitAttr());
            Value spike = spikeOf(nb, nl, fired);
            // The threshold region writes nothing, so its only output is
            // the spike.
            for (auto &o : outs)
              yields.push_back(o.first == "spike"      ? spike
                               : o.first == kMarginOut ? margin.front()
                                                       : inl.values[o.first]);
            return success();
          })))
    return failure();

  // A spike filter (winner-take-all) picks the winners from the pre-reset
  // state; with `losers "keep"` only they are reset, with "reset" every
  // neuron that crossed is, and only the winners keep their spike.
  SpikeFilterOp filter;
  for (auto f : net.getBodyBlock().getOps<SpikeFilterOp>())
    if (f.getTarget() == name)
      filter = f;
  bool resetLosers = filter && filter.getLosers() == "reset";
  if (filter)
    emitSpikeFilterWinners(b, filter, p, spikeBuf);
  if (filter && !resetLosers)
    emitSpikeFilterApply(b, filter, spikeBuf);
  // reset: where a spike fired, the reset region's writes take effect.
  if (!model.getReset().empty() &&
      failed(emitReset(b, loc, p, name, model, what, spikeBuf)))
    return failure();
  if (resetLosers)
    emitSpikeFilterApply(b, filter, spikeBuf);
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
  LogicalResult emitted = regionKernel(
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
  // Tag the kernel just emitted (--snn-generate-adjoint detaches it).
  if (succeeded(emitted))
    std::prev(b.getInsertionPoint())
        ->setAttr(kResetAttr, b.getStringAttr(spikeBuf));
  return emitted;
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
