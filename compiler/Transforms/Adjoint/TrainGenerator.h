//===- TrainGenerator.h - state shared by --snn-generate-adjoint -*- C++ -*-===//
//
// --snn-generate-adjoint turns `@<net>_step` (one step of a network that
// declares training, from --snn-schedule) into `@<net>_train_step` and
// `@<net>_forward`. Its parts:
//
//   StepAnalysis.cpp    which buffers the step reads and writes, which
//                       values carry from step to step (the tape), which
//                       are active (depend on a trained weight and reach
//                       the loss), and a buffer for every value a buffer
//                       takes in the step
//   Backward.cpp        the step recomputed on those buffers, and the
//                       adjoint kernels, in reverse
//   ForwardAndLoss.cpp  the forward time loops (one per stage), the loss
//   HoistTime.cpp       --snn-hoist-time's stages, the hoisted products
//   TrainStep.cpp       the functions, the backward time loop, the
//                       optimiser; and the pass
//
// docs/training.md describes the generated code.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TRANSFORMS_ADJOINT_TRAINGENERATOR_H
#define SNN_TRANSFORMS_ADJOINT_TRAINGENERATOR_H

#include "compiler/Transforms/Adjoint/ScalarAdjoint.h"
#include "compiler/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <string>
#include <vector>

namespace mlir::snn::adjoint {

inline Value cIndex(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// Drops the marks --snn-event-driven acts on from a copy of a step op (and
/// the ops nested in it): the event lists it would build for the
/// deliveries and spike counters are not kept in training.
inline void stripEventMarks(Operation *op) {
  op->walk([](Operation *nested) {
    nested->removeAttr(kDeliverAttr);
    nested->removeAttr(kCountAttr);
  });
}

Value cF32(OpBuilder &b, Location loc, double v);
/// `lhs (op) rhs` on indices as an i1.
Value cmpIndex(OpBuilder &b, Location loc, arith::CmpIPredicate p, Value lhs,
               Value rhs);
/// An elementwise generic over `outs`' shape; `body` yields the outputs.
void elementwise(OpBuilder &b, Location loc, ValueRange ins, ValueRange outs,
                 function_ref<void(OpBuilder &, Location, ValueRange,
                                   SmallVectorImpl<Value> &)>
                     body);

/// C += A B over static 2-D buffers, a generic tagged for
/// --snn-lower-products: "nn", "tn" (C += A^T B) or "nt" (C += A B^T).
void emitProduct(OpBuilder &b, Location loc, StringRef form, Value a, Value w,
                 Value c);

/// One buffer of the network's ABI.
struct BufferDecl {
  std::string name, role;
  MemRefType type;
};

/// What one op of the step reads and writes, and the buffers (by name) that
/// hold each value: `reads[x]` is the version of buffer x the op reads,
/// `writes[x]` the version it produces.
struct StepOp {
  Operation *op;
  bool kernel = false; // writes a buffer
  bool needed = true;  // recomputed in the backward pass
  llvm::StringMap<std::string> reads, writes;
};

class TrainGenerator {
public:
  TrainGenerator(ModuleOp module, func::FuncOp step)
      : module(module), step(step) {}
  LogicalResult run();
  /// --snn-hoist-time: marks the dense deliveries that can run for all steps
  /// at once (`snn.hoist`) and the stage of every kernel (`snn.stage`), in
  /// a network of at most `maxBatch` entries.
  LogicalResult planHoisting(int64_t maxBatch);

private:
  // StepAnalysis.cpp
  LogicalResult readSpec();
  LogicalResult analyse();
  /// The name of the buffer `v` is (an argument of the step), or "".
  std::string nameOf(Value v);
  void addBuffer(const std::string &name, StringRef role, MemRefType type);
  LogicalResult planBuffers();

  // Backward.cpp
  /// Emits the step on the version buffers (`train.in.*` hold its state at
  /// the start); `outer` maps the step's values to the copies.
  void emitRecompute(OpBuilder &b, Location loc, IRMapping &outer, Value t);
  /// Emits the adjoint of every step op, last first.
  LogicalResult emitAdjoints(OpBuilder &b, Location loc, IRMapping &outer);
  LogicalResult emitGenericAdjoint(OpBuilder &b, Location loc,
                                   const StepOp &s, IRMapping &outer);
  void emitMatmulAdjoint(OpBuilder &b, Location loc, const StepOp &s);
  /// The adjoint of a compressed-row delivery (`snn.rows`).
  void emitRowsAdjoint(OpBuilder &b, Location loc, const StepOp &s);
  /// The scratch that holds the per-element adjoint of `version`, which op
  /// `s` reads broadcast.
  std::string broadcastBuffer(const StepOp &s, StringRef version) const;
  void emitScatterAdd(OpBuilder &b, Location loc, Value src, AffineMap map,
                      Value dst);

  // HoistTime.cpp
  /// The stage of every kernel when the products `hoisted` (op indices) run
  /// for all steps at once; fails when one of them is on a cycle.
  LogicalResult computeStages(ArrayRef<unsigned> hoisted,
                              std::vector<int> &stage);
  /// The buffers a kernel reads, itself or through the scalar ops whose
  /// values it uses.
  llvm::StringSet<> effectiveReads(unsigned op);
  /// Reads the stages --snn-hoist-time set; plans what a stage records for
  /// the later ones.
  void readStages();
  bool isHoisted(const StepOp &s) const;
  /// The buffer holding `version` in every step (`train.history.<version>`,
  /// or the tape).
  std::string historyOf(StringRef version) const;
  /// The source of a hoisted product (its version read), and its target's
  /// version written.
  std::string hoistedSource(const StepOp &s) const;
  /// In stage `stage`'s loop: whether scalar op `i` is used there.
  bool usedInStage(unsigned i, int stage) const;
  /// After the loop of stage `stage`: the hoisted products whose source it
  /// computes, for every step at once.
  void emitHoistedProducts(OpBuilder &b, Location loc, int stage);
  /// After the backward loop: the weight gradients of hoisted products.
  void emitHoistedGradients(OpBuilder &b, Location loc);
  /// [T, ...] as [T * d0, ...] (a record of every step as one matrix).
  Value allSteps(OpBuilder &b, Location loc, Value record);

  // TrainStep.cpp
  func::FuncOp declare(StringRef suffix);
  void addArguments(func::FuncOp fn);
  LogicalResult emitBackward(OpBuilder &b, Location loc);
  void emitOptimizer(OpBuilder &b, Location loc);
  void emitInitAndReset();

  // ForwardAndLoss.cpp
  /// T steps of the network on its own buffers, accumulating what the loss
  /// reads; with `tape`, the state of every checkpointed step is kept.
  LogicalResult emitForward(OpBuilder &b, Location loc, bool tape);
  /// One step's part of stage `stage` (all of it without hoisting) into
  /// the time loop at `lb`, `t` the step.
  void emitStageStep(OpBuilder &lb, Location loc, Value t, int stage,
                     bool tape);
  /// What the loss keeps of step `t` (counts, maximum, squared error).
  void emitLossStep(OpBuilder &lb, Location loc, Value t);
  void emitLoss(OpBuilder &b, Location loc);
  void emitLossAdjoint(OpBuilder &b, Location loc, Value t);

  // Helpers.
  /// Whether op `s` is a dense product (delivery) whose result the forward
  /// pass keeps (`train.save.<version>`, one slot per step) so that the
  /// backward pass need not recompute it: with a tape of every step.
  bool savesProduct(const StepOp &s) const;
  Value buf(StringRef name) const { return args.lookup(name); }
  Value adj(StringRef version) const;
  bool isActive(StringRef version) const;
  void fill(OpBuilder &b, Location loc, Value dst, double v);
  void copy(OpBuilder &b, Location loc, Value src, Value dst);
  /// Slot `slot` (index) of a [slots, ...] buffer, as a buffer shaped like
  /// one slot.
  Value slot(OpBuilder &b, Location loc, Value tape, Value slot);
  /// dst += src, elementwise (same shapes).
  void addInto(OpBuilder &b, Location loc, Value src, Value dst);

  ModuleOp module;
  func::FuncOp step;
  std::string net;
  DictionaryAttr spec;
  // The declaration, resolved.
  std::string loss, readout, optimizer, resetMode;
  int64_t steps = 1, checkpoint = 1, truncate = 0, readoutSize = 0, batch = 1;
  Surrogate surrogate;
  std::vector<std::string> trainable;
  /// Inputs given per step (`<x>.seq` holds [steps, ...] of x).
  std::vector<std::string> sequence;
  double lr = 0, momentum = 0, beta1 = 0.9, beta2 = 0.999, eps = 1e-8,
         weightDecay = 0, clip = 0, ewc = 0;

  // The step, analysed.
  std::vector<BufferDecl> decls; // every buffer of the ABI, old and new
  llvm::StringMap<unsigned> declIndex;
  std::vector<StepOp> ops;
  llvm::StringSet<> written, liveIn, varied, useful;
  /// The version each written buffer has at the end of the step.
  llvm::StringMap<std::string> finalVersion;
  /// The buffer each version belongs to ("hid.v" for "train.k3.hid.v").
  llvm::StringMap<std::string> versionOf;

  // Stages (--snn-hoist-time): per op, its stage (-1: a scalar op, cloned
  // where it is used); the stage that writes each buffer; the versions a
  // later stage reads (`train.history.<version>`).
  std::vector<int> stageOf;
  int numStages = 1;
  llvm::StringMap<int> ownerStage;
  llvm::StringSet<> recorded;
  std::vector<llvm::SmallVector<int, 2>> scalarStages;
  /// The backward loop's step, for the adjoints that record per step.
  Value backwardStep;

  // The function being emitted: buffer name -> argument.
  llvm::StringMap<Value> args;
};

} // namespace mlir::snn::adjoint

#endif // SNN_TRANSFORMS_ADJOINT_TRAINGENERATOR_H
