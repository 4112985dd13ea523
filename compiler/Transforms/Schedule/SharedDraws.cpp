//===- SharedDraws.cpp - random numbers all batch entries share -----------===//
//
// A population marked `shared_draws` gives every batch entry the random
// numbers entry 0 draws in its model regions (docs/random.md). With a
// batch, they are drawn once per step for the population's N neurons: a
// kernel over [1, N] keyed by `shared_seed` (entry 0's seed, which the
// network's functions copy from `seed` first thing) writes one [N] buffer
// per random op of a region, which the region's kernel over [batch, N]
// reads per neuron instead of drawing (regionKernel). A batch slice
// (BatchSlices.cpp) has the same buffers, takes `shared_seed` from its run
// and draws into copies of its own of the draw buffers.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Schedule/Scheduler.h"
#include "dialects/snn/IR/SNNModels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::sched;

void Scheduler::planSharedDraws() {
  // With batch 1 the entry draws its own numbers anyway; a slice of a
  // batch must still take the batch's entry 0's.
  for (auto pop : net.getBodyBlock().getOps<PopulationOp>())
    if (pop.getSharedDraws() && (batch > 1 || slice))
      sharedDraws.insert(pop.getSymName());
  if (sharedDraws.empty())
    return;
  addBuffer("shared_seed", "state", {1}, nullptr, false,
            IntegerType::get(net.getContext(), 64));
  for (auto pop : net.getBodyBlock().getOps<PopulationOp>()) {
    if (!sharedDraws.contains(pop.getSymName()))
      continue;
    auto model = cast<NeuronModelOp>(lookupModel(net, pop.getModelAttr()));
    for (auto [region, name] : {std::pair{&model.getUpdate(), "update"},
                                {&model.getThreshold(), "threshold"},
                                {&model.getReset(), "reset"}})
      for (unsigned k = 0, e = RegionInliner::randomOps(*region).size(); k < e;
           ++k) {
        addBuffer(drawBuffer(pop.getSymName(), name, k), "scratch",
                  {pop.getNumNeurons()}, nullptr);
        buffers.back().perSlice = true;
      }
  }
}

void Scheduler::syncSharedSeed(OpBuilder &b, Location loc) {
  if (sharedDraws.empty() || slice)
    return;
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value seed0 = memref::LoadOp::create(b, loc, buf("seed"), ValueRange{zero});
  memref::StoreOp::create(b, loc, seed0, buf("shared_seed"), ValueRange{zero});
}

SmallVector<std::string> Scheduler::emitSharedDraws(OpBuilder &b, Location loc,
                                                    const Part &p,
                                                    StringRef pop,
                                                    Region &region,
                                                    StringRef regionName) {
  SmallVector<std::string> drawn;
  if (!sharedDraws.contains(pop))
    return drawn;
  auto ops = RegionInliner::randomOps(region);
  SmallVector<std::pair<std::string, std::string>> outs;
  for (unsigned k = 0; k < ops.size(); ++k) {
    drawn.push_back(drawBuffer(pop, regionName, k));
    outs.push_back({drawn.back(), drawn.back()});
  }
  if (drawn.empty())
    return drawn;
  // A kernel over [1, N]: the [1] shared seed sets the batch loop's extent.
  (void)kernel(b, loc, p.size, {{"__seed", "shared_seed"}}, outs,
               [&](OpBuilder &nb, Location nl, llvm::StringMap<Value> &elems,
                   SmallVectorImpl<Value> &yields) {
                 RegionInliner inl(nb, dt);
                 armRandom(inl, nb, nl, elems, pop, regionName);
                 for (auto [op, k] : ops)
                   yields.push_back(
                       RegionInliner::emitRandom(nb, nl, op, k, *inl.random));
                 return success();
               });
  return drawn;
}
