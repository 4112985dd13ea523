//===- Kernels.cpp - model regions as linalg.generic bodies ---------------===//

#include "compiler/Transforms/Schedule/Kernels.h"
#include "compiler/Transforms/Schedule/Random.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
using namespace mlir::snn;

void RegionUses::add(Region &region) {
  region.walk([&](Operation *op) {
    if (auto get = dyn_cast<GetOp>(op))
      reads.insert(get.getName());
    else if (auto set = dyn_cast<SetOp>(op))
      writes.insert(set.getName());
    else if (auto post = dyn_cast<GetPostOp>(op))
      postReads.insert(post.getName());
    else if (auto pre = dyn_cast<GetPreOp>(op))
      preReads.insert(pre.getName());
    else if (isa<DeliverOp>(op))
      delivers = true;
    else if (auto mod = dyn_cast<GetModulatorOp>(op))
      modulators.insert(mod.getName());
    else if (isa<GetDeliveredOp>(op))
      readsDelivered = true;
    else if (isa<ArrivedOp>(op))
      readsArrived = true;
    else if (isa<GetPostSurrogateOp>(op))
      readsSurrogate = true;
    else if (isa<RandomUniformOp, RandomNormalOp>(op))
      random = true;
  });
}

SmallVector<std::pair<Operation *, unsigned>>
RegionInliner::randomOps(Region &region) {
  SmallVector<std::pair<Operation *, unsigned>> ops;
  if (region.empty())
    return ops;
  for (Operation &op : region.front())
    if (isa<RandomUniformOp, RandomNormalOp>(op)) {
      auto stream = op.getAttrOfType<IntegerAttr>("stream");
      ops.push_back(
          {&op, stream ? unsigned(stream.getInt()) : unsigned(ops.size())});
    }
  return ops;
}

Value RegionInliner::emitRandom(OpBuilder &b, Location loc, Operation *op,
                                unsigned k, const RandomSource &source) {
  std::string name = source.streamPrefix + "/" + std::to_string(k);
  auto words = emitDraw(b, loc, source.key, source.index, source.step,
                        streamId(name), RandomDomain::Run);
  return isa<RandomUniformOp>(op) ? emitUniform(b, loc, words[0])
                                  : emitNormal(b, loc, words[0], words[1]);
}

LogicalResult RegionInliner::inlineRegion(Region &region, StringRef what,
                                          SmallVectorImpl<Value> &yielded) {
  if (region.empty())
    return success();
  IRMapping map;
  SmallVector<std::pair<Operation *, unsigned>> numbered =
      RegionInliner::randomOps(region);
  unsigned randomOps = 0;
  for (Operation &op : region.front()) {
    Location loc = op.getLoc();
    if (auto get = dyn_cast<GetOp>(op)) {
      Value v = values.lookup(get.getName());
      if (!v)
        return op.emitError() << what << ": no value for '" << get.getName()
                              << "' in this kernel";
      map.map(get.getResult(), v);
    } else if (auto set = dyn_cast<SetOp>(op)) {
      values[set.getName()] = map.lookupOrDefault(set.getValue());
    } else if (auto post = dyn_cast<GetPostOp>(op)) {
      Value v = this->post.lookup(post.getName());
      if (!v)
        return op.emitError() << what << ": no postsynaptic value for '"
                              << post.getName() << "'";
      map.map(post.getResult(), v);
    } else if (auto pre = dyn_cast<GetPreOp>(op)) {
      Value v = this->pre.lookup(pre.getName());
      if (!v)
        return op.emitError() << what << ": no presynaptic value for '"
                              << pre.getName() << "'";
      map.map(pre.getResult(), v);
    } else if (auto mod = dyn_cast<GetModulatorOp>(op)) {
      Value v = modulators.lookup(mod.getName());
      if (!v)
        return op.emitError() << what << ": modulator '" << mod.getName()
                              << "' is not available here";
      map.map(mod.getResult(), v);
    } else if (auto deliver = dyn_cast<DeliverOp>(op)) {
      sent = map.lookupOrDefault(deliver.getValue());
    } else if (auto del = dyn_cast<GetDeliveredOp>(op)) {
      if (!delivered)
        return op.emitError() << what << ": nothing is delivered here";
      map.map(del.getResult(), delivered);
    } else if (auto arr = dyn_cast<ArrivedOp>(op)) {
      if (!arrived)
        return op.emitError() << what << ": no arrivals here";
      map.map(arr.getResult(), arrived);
    } else if (auto sur = dyn_cast<GetPostSurrogateOp>(op)) {
      if (!postMargin)
        return op.emitError() << what << ": no post neuron margin here";
      Surrogate s = networkSurrogate;
      if (sur.getSurrogateAttr())
        s = Surrogate{sur.getSurrogate()->str(), 1.0f};
      if (sur.getSlopeAttr())
        s.slope = sur.getSlopeAttr().getValueAsDouble();
      map.map(sur.getResult(), surrogateDerivative(b, loc, s, postMargin));
    } else if (auto dtOp = dyn_cast<DtOp>(op)) {
      map.map(dtOp.getResult(), arith::ConstantOp::create(
                                    b, loc, b.getF32FloatAttr(dt)));
    } else if (isa<RandomUniformOp, RandomNormalOp>(op)) {
      if (!random)
        return op.emitError() << what << ": random numbers are not available "
                                         "in this kernel";
      unsigned k = numbered[randomOps].second;
      Value value = random->drawn.empty() ? emitRandom(b, loc, &op, k, *random)
                                          : random->drawn[randomOps];
      ++randomOps;
      map.map(op.getResult(0), value);
    } else if (auto yield = dyn_cast<YieldOp>(op)) {
      for (Value v : yield.getValues())
        yielded.push_back(map.lookupOrDefault(v));
    } else if (isa<SNNDialect>(op.getDialect())) {
      return op.emitError() << what << ": '" << op.getName()
                            << "' is not lowered yet";
    } else {
      // Ops with regions (scf.if) may not read names: their bodies would
      // need the same mapping, which the lowering does not do yet.
      bool nestedSnn = false;
      for (Region &r : op.getRegions())
        r.walk([&](Operation *inner) {
          nestedSnn |= isa<SNNDialect>(inner->getDialect());
        });
      if (nestedSnn)
        return op.emitError() << what << ": snn ops inside '" << op.getName()
                              << "' are not lowered yet";
      b.clone(op, map);
    }
  }
  return success();
}
