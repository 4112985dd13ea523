//===- BatchSlices.cpp - a batched run split over threads -----------------===//
//
// --snn-schedule{batch-slices=K}: the batch entries of a network run
// independently of each other, so `@<net>_run` can hand each of K threads
// a contiguous slice of them for the whole time loop (one parallel region
// per call) instead of forking a region per kernel and step. The network is
// scheduled a second time with batch B / K, under the name
// `<net>.batch_slice`; that schedule's run function becomes the private
// `@<net>.batch_slice_run`, and `@<net>_run` keeps its arguments and becomes
//
//   scf.parallel %k = 0 to K {
//     @<net>.batch_slice_run(%steps, <entries [k*S, (k+1)*S) of each buffer>)
//   }
//
// Everything a run computes for an entry depends on that entry's own
// buffers (its seed, state, per-entry weights) and on buffers shared by all
// entries that the run only reads (shared weights, compressed rows), so a
// slice computes what the whole batch computes for its entries, bit for
// bit. A shared buffer the run writes (directly or through a view) would
// couple entries, except the step counter (each slice counts in its own
// copy) and scratch (a population's shared draws: each slice draws the
// same numbers into its own copy); so would synaptic scaling (its rate
// estimate is entry 0's) and structural plasticity (drawn from entry 0's
// seed), which are for batch 1 only today. Such networks keep the unsplit
// run, with a remark saying why. The slice is scheduled for its run alone
// (no init, reset or training functions).
//
// A slice of a buffer whose batch dimension is the first ([B, N] state,
// [B] seeds) is contiguous; one with it after the first (a monitor's
// [rows, B, n], a delay ring's [D, B, N]) is strided, and the slice
// function takes those buffers with the whole batch's strides. Either way
// the slice function's buffer types have offset 0, so each slice's data
// pointer is advanced to its first entry (a descriptor rebased in the LLVM
// dialect's terms; the casts fold away when the module is lowered).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/Schedule/Scheduler.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::snn;

namespace {

/// How the slice function takes one of the run's buffers.
struct SlicedArg {
  Type sliceType;   // the slice function's argument type
  int64_t dim = -1; // the batch dimension, -1 for a shared buffer
  // A buffer each slice has a copy of: the step counter (each slice counts
  // its own, from the value the call found) and a population's shared
  // draws (scratch written before it is read in each step). Slice 0's is
  // written back.
  bool privateCopy = false;
  bool perSlice = false; // Buffer::perSlice (no copy in)
};

/// The largest divisor of `batch` in [2, limit], or 1.
int64_t sliceCount(int64_t batch, int64_t limit) {
  for (int64_t k = std::min(batch, limit); k >= 2; --k)
    if (batch % k == 0)
      return k;
  return 1;
}

class Slicer {
public:
  Slicer(func::FuncOp full, func::FuncOp slice, int64_t batch, int64_t slices)
      : full(full), slice(slice), batch(batch), slices(slices),
        size(batch / slices) {}

  /// Why the run cannot be split (empty if it can): checks and retypes the
  /// slice function's arguments.
  std::string prepare();
  /// Replaces the body of the full run by the parallel loop over slices.
  void dispatch();

private:
  std::string classify(unsigned i);
  bool retypeUses(Value arg);
  Value rebase(OpBuilder &b, Location loc, Value view, MemRefType to);

  func::FuncOp full, slice;
  int64_t batch, slices, size;
  SmallVector<SlicedArg> args;
};

std::string Slicer::classify(unsigned i) {
  auto name = slice.getArgAttrOfType<StringAttr>(i, "snn.buffer");
  Type sliceType = slice.getArgument(i).getType();
  Type fullType = full.getArgument(i).getType();
  if (!name || full.getArgAttrOfType<StringAttr>(i, "snn.buffer") != name)
    return "the slice's arguments differ from the run's";
  SlicedArg arg{sliceType};
  auto s = dyn_cast<MemRefType>(sliceType);
  auto f = dyn_cast<MemRefType>(fullType);
  if (!s || !f) {
    args.push_back(arg);
    return sliceType == fullType ? "" : "buffer '" + name.str() + "' changed";
  }
  if (s.getRank() != f.getRank())
    return "buffer '" + name.str() + "' changed rank";
  // A slice's data pointer is advanced by elements of this type.
  if (!s.getElementType().isIntOrFloat())
    return "buffer '" + name.str() + "' holds neither integers nor floats";
  for (int64_t d = 0; d < s.getRank(); ++d) {
    if (s.getDimSize(d) == f.getDimSize(d))
      continue;
    if (arg.dim >= 0 || f.getDimSize(d) != batch || s.getDimSize(d) != size)
      return "buffer '" + name.str() + "' does not split along the batch";
    arg.dim = d;
  }
  if (arg.dim > 0) {
    // Strided: the whole batch's strides, offset 0 (rebased).
    auto [strides, offset] = f.getStridesAndOffset();
    if (llvm::any_of(strides, ShapedType::isDynamic))
      return "buffer '" + name.str() + "' has dynamic strides";
    arg.sliceType = MemRefType::get(
        s.getShape(), s.getElementType(),
        StridedLayoutAttr::get(s.getContext(), 0, strides));
  }
  if (arg.dim < 0 && mayWriteThroughViews(slice, slice.getArgument(i))) {
    auto counter = MemRefType::get({1}, IntegerType::get(s.getContext(), 64));
    arg.perSlice = bool(slice.getArgAttr(i, sched::kPerSliceAttr));
    if (!arg.perSlice && (name.getValue() != "step" || s != counter))
      return "the entries share buffer '" + name.str() +
             "', which the run writes";
    if (!s.hasStaticShape())
      return "buffer '" + name.str() + "' has a dynamic shape";
    arg.privateCopy = true;
  }
  args.push_back(arg);
  return "";
}

/// Whether the uses of `arg` (just retyped) still hold: subviews keep their
/// types when they select whole batch rows, as the schedule's do (the
/// verifier says so); loads, stores and linalg ops take any layout. False
/// for anything else.
bool Slicer::retypeUses(Value arg) {
  ScopedDiagnosticHandler quiet(arg.getContext(),
                                [](Diagnostic &) { return success(); });
  for (Operation *user : arg.getUsers()) {
    if (isa<memref::LoadOp, memref::StoreOp, linalg::LinalgOp,
            memref::CopyOp, memref::DimOp>(user))
      continue;
    auto view = dyn_cast<memref::SubViewOp>(user);
    if (!view || view.getSource() != arg ||
        failed(mlir::verify(view, /*verifyRecursively=*/false)))
      return false;
  }
  return true;
}

std::string Slicer::prepare() {
  if (slice.getNumArguments() != full.getNumArguments())
    return "the slice's arguments differ from the run's";
  for (unsigned i = 0, e = slice.getNumArguments(); i < e; ++i)
    if (std::string why = classify(i); !why.empty())
      return why;
  SmallVector<Type> types;
  for (auto [i, arg] : llvm::enumerate(args)) {
    BlockArgument value = slice.getArgument(i);
    types.push_back(arg.sliceType);
    if (value.getType() == arg.sliceType)
      continue;
    value.setType(arg.sliceType);
    if (!retypeUses(value))
      return "buffer '" +
             slice.getArgAttrOfType<StringAttr>(i, "snn.buffer").str() +
             "' is used in a way a strided slice cannot be";
  }
  slice.setFunctionType(
      FunctionType::get(slice.getContext(), types, slice.getResultTypes()));
  return "";
}

/// `view` (a subview: some offset) as `to` (offset 0): the descriptor's
/// data pointer advanced by the offset.
Value Slicer::rebase(OpBuilder &b, Location loc, Value view, MemRefType to) {
  MLIRContext *ctx = b.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  Type i64 = b.getI64Type();
  auto dims = LLVM::LLVMArrayType::get(i64, to.getRank());
  auto desc =
      LLVM::LLVMStructType::getLiteral(ctx, {ptr, ptr, i64, dims, dims});
  Value d =
      UnrealizedConversionCastOp::create(b, loc, desc, view).getResult(0);
  Value aligned = LLVM::ExtractValueOp::create(b, loc, d, ArrayRef<int64_t>{1});
  Value offset = LLVM::ExtractValueOp::create(b, loc, d, ArrayRef<int64_t>{2});
  Value first = LLVM::GEPOp::create(b, loc, ptr, to.getElementType(), aligned,
                                    ValueRange{offset});
  d = LLVM::InsertValueOp::create(b, loc, d, first, ArrayRef<int64_t>{1});
  Value zero = LLVM::ConstantOp::create(b, loc, i64, 0);
  d = LLVM::InsertValueOp::create(b, loc, d, zero, ArrayRef<int64_t>{2});
  return UnrealizedConversionCastOp::create(b, loc, to, d).getResult(0);
}

void Slicer::dispatch() {
  Block &body = full.front();
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body))) {
    op.dropAllUses();
    op.erase();
  }
  Location loc = full.getLoc();
  auto b = OpBuilder::atBlockEnd(&body);
  Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
  Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
  Value count = arith::ConstantIndexOp::create(b, loc, slices);
  // Shared draws are keyed by the batch's entry 0 (a slice's seeds are its
  // own entries'): the run copies its seed, as an unsplit run does.
  Value seed, sharedSeed;
  for (unsigned i = 0, e = full.getNumArguments(); i < e; ++i) {
    auto name = full.getArgAttrOfType<StringAttr>(i, "snn.buffer");
    if (name && name.getValue() == "seed")
      seed = full.getArgument(i);
    if (name && name.getValue() == "shared_seed")
      sharedSeed = full.getArgument(i);
  }
  if (seed && sharedSeed)
    memref::StoreOp::create(
        b, loc, memref::LoadOp::create(b, loc, seed, ValueRange{c0}),
        sharedSeed, ValueRange{c0});
  // The step counter as the call found it: every slice starts there.
  SmallVector<Value> before(args.size());
  for (auto [i, arg] : llvm::enumerate(args))
    if (arg.privateCopy && !arg.perSlice)
      before[i] = memref::LoadOp::create(b, loc, full.getArgument(i),
                                         ValueRange{c0});
  auto loop = scf::ParallelOp::create(b, loc, ValueRange{c0},
                                      ValueRange{count}, ValueRange{c1});
  b.setInsertionPointToStart(loop.getBody());
  Value k = loop.getInductionVars()[0];
  Value first = arith::MulIOp::create(
      b, loc, k, arith::ConstantIndexOp::create(b, loc, size));
  SmallVector<Value> operands;
  SmallVector<std::pair<Value, Value>> copies; // (own copy, the buffer)
  SmallVector<Value> onHeap;
  int64_t stack = 0; // bytes of copies on the thread's stack
  for (auto [i, arg] : llvm::enumerate(args)) {
    Value value = full.getArgument(i);
    if (arg.privateCopy) {
      // On the thread's stack, up to 64 KiB in all.
      auto type = cast<MemRefType>(arg.sliceType);
      int64_t bytes =
          type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
      Value own;
      if (stack + bytes <= 64 * 1024) {
        stack += bytes;
        own = memref::AllocaOp::create(b, loc, type);
      } else {
        own = memref::AllocOp::create(b, loc, type,
                                      /*alignment=*/b.getI64IntegerAttr(64));
        onHeap.push_back(own);
      }
      if (before[i])
        memref::StoreOp::create(b, loc, before[i], own, ValueRange{c0});
      copies.push_back({own, value});
      operands.push_back(own);
      continue;
    }
    if (arg.dim < 0) {
      operands.push_back(value);
      continue;
    }
    auto type = cast<MemRefType>(value.getType());
    SmallVector<OpFoldResult> offsets, sizes, strides;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      offsets.push_back(d == arg.dim ? OpFoldResult(first)
                                     : OpFoldResult(b.getIndexAttr(0)));
      if (d == arg.dim)
        sizes.push_back(b.getIndexAttr(size));
      else if (type.isDynamicDim(d))
        sizes.push_back(memref::DimOp::create(b, loc, value, d).getResult());
      else
        sizes.push_back(b.getIndexAttr(type.getDimSize(d)));
      strides.push_back(b.getIndexAttr(1));
    }
    Value view =
        memref::SubViewOp::create(b, loc, value, offsets, sizes, strides);
    operands.push_back(
        rebase(b, loc, view, cast<MemRefType>(arg.sliceType)));
  }
  func::CallOp::create(b, loc, slice, operands);
  // Slice 0's copies are the run's: the others counted the same steps and
  // drew the same shared draws.
  if (!copies.empty()) {
    Value isFirst =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, k, c0);
    auto copyBack = scf::IfOp::create(b, loc, isFirst);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&copyBack.getThenRegion().front());
    for (auto [own, buffer] : copies)
      memref::CopyOp::create(b, loc, own, buffer);
  }
  for (Value own : onHeap)
    memref::DeallocOp::create(b, loc, own);
  b.setInsertionPointAfter(loop);
  func::ReturnOp::create(b, loc);
}

/// The functions a schedule of `net` added (named `<net>_...`).
SmallVector<func::FuncOp> functionsOf(ModuleOp module, StringRef net) {
  SmallVector<func::FuncOp> fns;
  std::string prefix = (net + "_").str();
  for (auto fn : module.getOps<func::FuncOp>())
    if (fn.getSymName().starts_with(prefix))
      fns.push_back(fn);
  return fns;
}

/// Constant globals no function uses any more (the full run's compressed
/// rows, once the slices have their own).
void eraseUnusedGlobals(ModuleOp module) {
  llvm::StringSet<> used;
  module.walk([&](memref::GetGlobalOp get) { used.insert(get.getName()); });
  for (auto global :
       llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
    if (global.isPrivate() && global.getSymName().starts_with("snn.") &&
        !used.contains(global.getSymName()))
      global.erase();
}

} // namespace

void mlir::snn::sched::sliceBatch(ModuleOp module, NetworkOp net,
                                  int64_t maxSlices) {
  int64_t batch = net.getBatch();
  if (batch < 2 || maxSlices < 2)
    return;
  int64_t slices = sliceCount(batch, maxSlices);
  if (slices < 2) {
    emitRemark(net.getLoc())
        << "network @" << net.getSymName() << ": batch " << batch
        << " has no divisor from 2 to " << maxSlices
        << ", so its run is not split over threads";
    return;
  }
  // Slices leave the other threads idle, while large kernels split over
  // all of them: with at most half the threads busy, the kernels are
  // parallelised instead.
  if (2 * slices <= maxSlices) {
    emitRemark(net.getLoc())
        << "network @" << net.getSymName() << ": batch " << batch
        << " splits into at most " << slices << " equal slices for "
        << maxSlices
        << " threads, so its run is not split over threads (its large "
           "kernels are)";
    return;
  }
  // Mechanisms that couple entries: synaptic scaling estimates the rate
  // from entry 0's spikes, structural plasticity draws from entry 0's seed.
  // (The verifier takes both for batch 1 only today.)
  for (Operation &op : net.getBodyBlock()) {
    if (!isa<SynapticScalingOp, StructuralPlasticityOp>(op))
      continue;
    emitRemark(net.getLoc())
        << "network @" << net.getSymName()
        << ": the run is not split over threads: " << op.getName()
        << " couples the batch entries";
    return;
  }
  std::string name = (net.getSymName() + ".batch_slice").str();
  auto copy = cast<NetworkOp>(net->clone());
  copy.setSymName(name);
  copy.setBatch(batch / slices);
  module.getBody()->push_back(copy);

  auto full =
      module.lookupSymbol<func::FuncOp>((net.getSymName() + "_run").str());
  std::string why;
  {
    // The full network scheduled, so this one does too; a failure would
    // only cost the split, said in the remark.
    ScopedDiagnosticHandler quiet(module.getContext(), [&](Diagnostic &d) {
      if (why.empty() && d.getSeverity() == DiagnosticSeverity::Error)
        why = d.str();
      return success();
    });
    if (failed(sched::Scheduler(copy, module)
                   .run(/*stepFunction=*/false, /*runOnly=*/true)) &&
        why.empty())
      why = "the slice does not schedule";
  }
  copy.erase();
  func::FuncOp slice;
  for (func::FuncOp fn : functionsOf(module, name)) {
    if (fn.getSymName() == name + "_run" && why.empty())
      slice = fn;
    else
      fn.erase();
  }
  if (!full || !slice) {
    if (why.empty())
      why = "no run function";
  } else {
    Slicer slicer(full, slice, batch, slices);
    why = slicer.prepare();
    if (why.empty()) {
      slicer.dispatch();
      slice.setPrivate();
      slice->setAttr("llvm.linkage",
                     LLVM::LinkageAttr::get(module.getContext(),
                                            LLVM::Linkage::Internal));
      slice->removeAttr("llvm.emit_c_interface");
      slice->setAttr(kSequentialAttr, UnitAttr::get(module.getContext()));
    }
  }
  if (!why.empty()) {
    if (slice)
      slice.erase();
    emitRemark(net.getLoc()) << "network @" << net.getSymName()
                             << ": the run is not split over threads: "
                             << why;
  }
  eraseUnusedGlobals(module);
}
