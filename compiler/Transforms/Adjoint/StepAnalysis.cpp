//===- StepAnalysis.cpp - what the step reads, writes and carries ----------===//
//
// The step works in place on named buffers. For the backward pass every
// value a buffer takes within the step gets a buffer of its own (a
// version): `train.in.<x>` holds x at the start of the step (when the step
// reads x before writing it: x is carried from step to step and kept on
// the tape), and `train.k<i>.<x>` what op i writes into x. A buffer is
// active when it depends on a trained weight (varied) and the loss depends
// on it (useful); only active versions get adjoints.
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Adjoint/TrainGenerator.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

using namespace mlir;
using namespace mlir::snn;
using namespace mlir::snn::adjoint;

LogicalResult TrainGenerator::readSpec() {
  spec = step->getAttrOfType<DictionaryAttr>(kTrainAttr);
  auto str = [&](StringRef key) -> std::string {
    if (auto s = spec ? spec.getAs<StringAttr>(key) : nullptr)
      return s.str();
    return "";
  };
  auto num = [&](StringRef key, int64_t fallback) -> int64_t {
    if (auto i = spec ? spec.getAs<IntegerAttr>(key) : nullptr)
      return i.getInt();
    return fallback;
  };
  net = str("network");
  loss = str("loss");
  readout = str("readout");
  optimizer = str("optimizer");
  resetMode = str("reset");
  steps = num("steps", 0);
  checkpoint = num("checkpoint", 1);
  truncate = num("truncate", 0);
  readoutSize = num("readout_size", 0);
  surrogate.kind = str("surrogate");
  if (auto s = spec ? spec.getAs<FloatAttr>("slope") : nullptr)
    surrogate.slope = static_cast<float>(s.getValueAsDouble());
  if (auto list = spec ? spec.getAs<ArrayAttr>("trainable") : nullptr)
    for (Attribute a : list)
      trainable.push_back(cast<StringAttr>(a).str());
  if (auto list = spec ? spec.getAs<ArrayAttr>("sequence") : nullptr)
    for (Attribute a : list)
      sequence.push_back(cast<StringAttr>(a).str());
  if (net.empty() || loss.empty() || readout.empty() || optimizer.empty() ||
      steps < 1 || checkpoint < 1 || trainable.empty())
    return step.emitError() << "snn-generate-adjoint: @" << step.getSymName()
                            << " has no complete '" << kTrainAttr
                            << "' declaration (made by --snn-schedule from "
                               "snn.train)";
  lr = optimizer == "adam" ? 1e-3 : 1e-2;
  if (auto params = spec.getAs<DictionaryAttr>("optimizer_params"))
    for (NamedAttribute p : params) {
      double v = cast<FloatAttr>(p.getValue()).getValueAsDouble();
      StringRef k = p.getName().getValue();
      if (k == "lr")
        lr = v;
      else if (k == "momentum")
        momentum = v;
      else if (k == "beta1")
        beta1 = v;
      else if (k == "beta2")
        beta2 = v;
      else if (k == "eps")
        eps = v;
      else if (k == "weight_decay")
        weightDecay = v;
      else if (k == "clip")
        clip = v;
      else if (k == "ewc")
        ewc = v;
    }
  return success();
}

std::string TrainGenerator::nameOf(Value v) {
  auto arg = dyn_cast<BlockArgument>(v);
  if (!arg || arg.getOwner() != &step.getBody().front())
    return "";
  auto name = step.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "snn.buffer");
  return name ? name.str() : "";
}

void TrainGenerator::addBuffer(const std::string &name, StringRef role,
                               MemRefType type) {
  if (declIndex.count(name))
    return;
  declIndex[name] = decls.size();
  decls.push_back({name, role.str(), type});
}

LogicalResult TrainGenerator::analyse() {
  Block &body = step.getBody().front();
  for (BlockArgument arg : body.getArguments()) {
    auto role = step.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "snn.role");
    addBuffer(nameOf(arg), role ? role.getValue() : "scratch",
              cast<MemRefType>(arg.getType()));
  }
  if (auto seed = declIndex.find("seed"); seed != declIndex.end())
    batch = decls[seed->second].type.getDimSize(0);
  for (const std::string &w : trainable)
    if (!declIndex.count(w))
      return step.emitError() << "snn-generate-adjoint: no buffer '" << w
                              << "' to train";

  // What each op reads and writes.
  auto unsupported = [&](Operation *op) {
    return op->emitError()
           << "snn-generate-adjoint: the step of network @" << net << " has '"
           << op->getName()
           << "', which training does not differentiate yet (supported: "
              "dense, one_to_one, sparse, convolution and pooling "
              "projections without delays or plasticity, model kernels); "
              "docs/training.md lists what trains";
  };
  for (Operation &op : body.without_terminator()) {
    StepOp s;
    s.op = &op;
    auto named = [&](Value v, std::string &out) {
      out = nameOf(v);
      return !out.empty();
    };
    if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op)) {
      if (!isa<linalg::GenericOp, linalg::MatmulOp, linalg::FillOp>(op))
        return unsupported(&op);
      for (OpOperand *in : linalgOp.getDpsInputOperands()) {
        std::string n;
        if (!isa<MemRefType>(in->get().getType()))
          continue; // a scalar (linalg.fill's value)
        if (!named(in->get(), n))
          return unsupported(&op);
        s.reads[n] = n;
      }
      for (OpOperand &init : linalgOp.getDpsInitsMutable()) {
        std::string n;
        if (!named(init.get(), n))
          return unsupported(&op);
        if (linalgOp.payloadUsesValueFromOperand(&init))
          s.reads[n] = n;
        s.writes[n] = n;
      }
      s.kernel = true;
    } else if (auto rows = op.getAttrOfType<DictionaryAttr>(kRowsAttr)) {
      // A compressed-row delivery: target += source x weight along the rows.
      for (StringRef key : {"source", "weight", "target"}) {
        std::string n = cast<StringAttr>(rows.get(key)).str();
        if (!declIndex.count(n))
          return unsupported(&op);
        s.reads[n] = n;
      }
      std::string target = cast<StringAttr>(rows.get("target")).str();
      s.writes[target] = target;
      s.kernel = true;
    } else if (isa<ViewLikeOpInterface>(op) && op.getNumRegions() == 0) {
      // A view of a buffer (a weight matrix seen as one row); the ops that
      // use it name what they read.
    } else if (auto store = dyn_cast<memref::StoreOp>(op)) {
      std::string n;
      if (!named(store.getMemRef(), n))
        return unsupported(&op);
      s.reads[n] = n;
      s.writes[n] = n;
      s.kernel = true;
    } else if (auto load = dyn_cast<memref::LoadOp>(op)) {
      std::string n;
      if (!named(load.getMemRef(), n))
        return unsupported(&op);
      s.reads[n] = n;
    } else if (op.getNumRegions() ||
               llvm::any_of(op.getOperandTypes(),
                            [](Type t) { return isa<MemRefType>(t); })) {
      return unsupported(&op);
    }
    for (auto &w : s.writes)
      written.insert(w.getKey());
    ops.push_back(std::move(s));
  }

  // Activity: varied from the trained weights forwards, useful from the
  // readout backwards, to a fixed point (the step feeds the next one).
  auto differentiable = [&](StringRef name) {
    Type e = decls[declIndex.lookup(name)].type.getElementType();
    return e.isF32() || e.isInteger(8);
  };
  for (const std::string &w : trainable)
    varied.insert(w);
  useful.insert(readout);
  for (bool changed = true; changed;) {
    changed = false;
    for (StepOp &s : ops) {
      if (llvm::any_of(s.reads, [&](auto &r) { return varied.contains(r.getKey()); }))
        for (auto &w : s.writes)
          if (differentiable(w.getKey()))
            changed |= varied.insert(w.getKey()).second;
      if (llvm::any_of(s.writes, [&](auto &w) { return useful.contains(w.getKey()); }))
        for (auto &r : s.reads)
          changed |= useful.insert(r.getKey()).second;
    }
  }
  // Carried from step to step: read before the step writes it.
  llvm::StringSet<> defined;
  for (StepOp &s : ops) {
    for (auto &r : s.reads)
      if (written.contains(r.getKey()) && !defined.contains(r.getKey()))
        liveIn.insert(r.getKey());
    for (auto &w : s.writes)
      defined.insert(w.getKey());
  }

  // Versions.
  llvm::StringMap<std::string> cur;
  for (const BufferDecl &d : decls) {
    cur[d.name] = liveIn.contains(d.name) ? "train.in." + d.name : d.name;
    versionOf[cur[d.name]] = d.name;
    versionOf[d.name] = d.name;
  }
  for (auto [i, s] : llvm::enumerate(ops)) {
    for (auto &r : s.reads)
      r.second = cur[r.getKey()];
    for (auto &w : s.writes) {
      w.second = "train.k" + std::to_string(i) + "." + w.getKey().str();
      cur[w.getKey()] = w.second;
      versionOf[w.second] = w.getKey().str();
    }
  }
  for (auto &w : written)
    finalVersion[w.getKey()] = cur[w.getKey()];

  // What the backward pass recomputes: an op whose value a recomputed op,
  // an adjoint or the loss reads (scalar ops are cheap and always kept).
  // An adjoint reads the values its op read, so an active op's inputs are
  // read even when the op itself is not recomputed (the spikes an input
  // population draws for the next step are read by nothing in this step).
  // With checkpoints the backward pass also replays steps from a
  // checkpoint: then the carried values at the end of the step are read
  // too (by the next step), which may carry more: to a fixed point.
  llvm::StringSet<> live, carried, seeds;
  if (loss == "mse_trace")
    seeds.insert(finalVersion.lookup(readout));
  for (size_t before = ~size_t(0); before != carried.size();) {
    before = carried.size();
    live = seeds;
    for (StepOp &s : llvm::reverse(ops)) {
      bool adjoint = s.kernel && llvm::any_of(s.writes, [&](auto &w) {
                       return isActive(w.second);
                     });
      s.needed = !s.kernel || llvm::any_of(s.writes, [&](auto &w) {
                   return live.contains(w.second);
                 });
      if (s.needed || adjoint)
        for (auto &r : s.reads)
          live.insert(r.second);
    }
    // Only what is read at the start of the step goes on the tape.
    for (auto &x : liveIn)
      if (live.contains("train.in." + x.getKey().str()))
        carried.insert(x.getKey());
    if (checkpoint > 1)
      for (auto &x : carried)
        seeds.insert(finalVersion.lookup(x.getKey()));
  }
  liveIn = std::move(carried);

  if (!written.contains(readout))
    return step.emitError() << "snn-generate-adjoint: the step never writes '"
                            << readout << "', which the loss reads";
  for (const std::string &w : trainable)
    if (!useful.contains(w))
      return step.emitError() << "snn-generate-adjoint: the loss on '"
                              << readout << "' does not depend on '" << w
                              << "'; it would never change";
  return success();
}

bool TrainGenerator::savesProduct(const StepOp &s) const {
  return checkpoint == 1 && s.needed && isa<linalg::MatmulOp>(s.op);
}

bool TrainGenerator::isActive(StringRef version) const {
  auto it = versionOf.find(version);
  if (it == versionOf.end())
    return false;
  return varied.contains(it->second) && useful.contains(it->second);
}

Value TrainGenerator::adj(StringRef version) const {
  if (llvm::is_contained(trainable, version.str()))
    return buf((version + ".grad").str());
  return buf(("train.adj." + version).str());
}

LogicalResult TrainGenerator::planBuffers() {
  MLIRContext *ctx = step.getContext();
  Type f32 = Float32Type::get(ctx), i64 = IntegerType::get(ctx, 64);
  auto typeOf = [&](StringRef name) {
    return decls[declIndex.lookup(name)].type;
  };
  auto withLeading = [](int64_t n, MemRefType t) {
    SmallVector<int64_t> shape = {n};
    llvm::append_range(shape, t.getShape());
    return MemRefType::get(shape, t.getElementType());
  };
  auto asF32 = [&](MemRefType t) { return MemRefType::get(t.getShape(), f32); };
  int64_t slots = (steps + checkpoint - 1) / checkpoint;

  // Inputs given per step.
  for (const std::string &x : sequence)
    addBuffer(x + ".seq", "input", withLeading(steps, typeOf(x)));

  // Stages (--snn-hoist-time): the versions later stages read, every
  // step's; the hoisted products, and their adjoints, for every step.
  SmallVector<std::string> records(llvm::map_range(
      recorded, [](auto &e) { return e.getKey().str(); }));
  llvm::sort(records);
  for (const std::string &v : records)
    addBuffer(historyOf(v), "tape",
              withLeading(steps, typeOf(versionOf.lookup(v))));
  for (StepOp &s : ops)
    if (isHoisted(s)) {
      auto mm = cast<linalg::MatmulOp>(s.op);
      std::string w = nameOf(mm.getDpsInputOperand(1)->get());
      std::string c = nameOf(mm.getDpsInitsMutable()[0].get());
      MemRefType t = withLeading(steps, asF32(typeOf(c)));
      addBuffer("train.product." + s.writes.lookup(c), "tape", t);
      if (isActive(s.reads.lookup(w)))
        addBuffer("train.dproduct." + s.writes.lookup(c), "tape", t);
    }

  // The tape, and the buffers the step is recomputed in.
  SmallVector<std::string> carried(llvm::map_range(
      liveIn, [](auto &e) { return e.getKey().str(); }));
  llvm::sort(carried);
  for (const std::string &x : carried) {
    addBuffer("train.tape." + x, "tape", withLeading(slots, typeOf(x)));
    if (checkpoint > 1)
      addBuffer("train.replay." + x, "tape", withLeading(checkpoint, typeOf(x)));
    addBuffer("train.in." + x, "tape", typeOf(x));
  }
  for (StepOp &s : ops)
    if (s.needed)
      for (auto &w : s.writes) {
        addBuffer(w.second, "tape", typeOf(w.getKey()));
        if (savesProduct(s))
          addBuffer("train.save." + w.second, "tape",
                    withLeading(steps, typeOf(w.getKey())));
      }

  // Adjoints of the active versions; the trained weights' are gradients.
  SmallVector<std::string> versions(llvm::map_range(
      versionOf, [](auto &e) { return e.getKey().str(); }));
  llvm::sort(versions);
  for (const std::string &v : versions) {
    if (!isActive(v))
      continue;
    MemRefType t = asF32(typeOf(versionOf.lookup(v)));
    if (llvm::is_contained(trainable, v))
      addBuffer(v + ".grad", "gradient", t);
    else if (versionOf.lookup(v) != v)
      addBuffer("train.adj." + v, "tape", t);
  }
  for (const std::string &x : carried)
    if (isActive(x))
      addBuffer("train.carry." + x, "tape", asF32(typeOf(x)));
  // Per-element adjoints of values read broadcast (biases).
  for (StepOp &s : ops)
    if (auto g = dyn_cast<linalg::GenericOp>(s.op))
      for (OpOperand *in : g.getDpsInputOperands()) {
        std::string v = s.reads.lookup(nameOf(in->get()));
        if (isActive(v) && !g.getMatchingIndexingMap(in).isPermutation())
          addBuffer(broadcastBuffer(s, v), "tape",
                    MemRefType::get(g.getStaticLoopRanges(), f32));
      }

  // The loss.
  MemRefType perEntry = MemRefType::get({batch, readoutSize}, f32);
  MemRefType scalar = MemRefType::get({1}, f32);
  addBuffer("train.loss", "output", scalar);
  addBuffer("train.logits", "output", perEntry);
  addBuffer("train.dlogits", "tape", perEntry);
  if (StringRef(loss).starts_with("ce_")) {
    addBuffer("train.label", "input", MemRefType::get({batch}, i64));
    addBuffer("train.correct", "output", scalar);
  }
  if (loss == "ce_max")
    addBuffer("train.argmax", "tape", MemRefType::get({batch, readoutSize}, i64));
  if (loss == "mse_rate")
    addBuffer("train.target", "input", perEntry);
  if (loss == "mse_trace") {
    addBuffer("train.target", "input",
              MemRefType::get({steps, batch, readoutSize}, f32));
    addBuffer("train.sqerr", "tape", perEntry);
  }

  // The optimiser's state.
  for (const std::string &w : trainable) {
    MemRefType t = asF32(typeOf(w));
    // EWC's Fisher diagonal and anchor: set by the caller (zero: no
    // penalty), kept by resets.
    if (ewc > 0) {
      addBuffer(w + ".fisher", "ewc", t);
      addBuffer(w + ".anchor", "ewc", t);
    }
    if (optimizer == "sgd" && momentum > 0)
      addBuffer(w + ".momentum", "optimizer", t);
    if (optimizer == "adam") {
      addBuffer(w + ".adam_m", "optimizer", t);
      addBuffer(w + ".adam_v", "optimizer", t);
    }
  }
  if (optimizer == "adam")
    addBuffer("train.adam_t", "optimizer", MemRefType::get({1}, i64));
  // Epochs done, counted by the runtime's training loop (kept in
  // checkpoints, so a resumed run goes on from there).
  addBuffer("train.epoch", "optimizer", MemRefType::get({1}, i64));
  if (clip > 0)
    addBuffer("train.gnorm", "tape", scalar);
  return success();
}
