//===- TrainOptions.cpp - snn-compile's --train-* options ------------------===//

#include "tools/snn-compile/TrainOptions.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;
using namespace mlir;

namespace {

cl::OptionCategory trainCategory(
    "Training (override the network's snn.train; docs/training.md)");

cl::opt<int64_t> steps("train-steps", cl::desc("Steps per sample"),
                       cl::value_desc("N"), cl::cat(trainCategory));
cl::opt<std::string>
    loss("train-loss",
         cl::desc("ce_count, ce_final, ce_max, mse_rate or mse_trace"),
         cl::value_desc("LOSS"), cl::cat(trainCategory));
cl::opt<std::string> optimizer("train-optimizer", cl::desc("sgd or adam"),
                               cl::value_desc("NAME"), cl::cat(trainCategory));
cl::opt<double> lr("train-lr", cl::desc("Learning rate"), cl::value_desc("X"),
                   cl::cat(trainCategory));
cl::opt<double> momentum("train-momentum", cl::desc("SGD momentum"),
                         cl::value_desc("X"), cl::cat(trainCategory));
cl::opt<double> weightDecay("train-weight-decay",
                            cl::desc("Weight decay (added to the gradient)"),
                            cl::value_desc("X"), cl::cat(trainCategory));
cl::opt<double> clip("train-clip",
                     cl::desc("Largest global gradient norm (0: none)"),
                     cl::value_desc("X"), cl::cat(trainCategory));
cl::opt<std::string>
    surrogate("train-surrogate",
              cl::desc("fast_sigmoid, superspike, arctan or triangle"),
              cl::value_desc("NAME"), cl::cat(trainCategory));
cl::opt<double> slope("train-slope", cl::desc("The surrogate's slope"),
                      cl::value_desc("X"), cl::cat(trainCategory));
cl::opt<int64_t> checkpoint(
    "train-checkpoint",
    cl::desc("Keep every N-th step's state, recompute the rest"),
    cl::value_desc("N"), cl::cat(trainCategory));
cl::opt<int64_t>
    truncate("train-truncate",
             cl::desc("Gradients flow back through windows of N steps (0: "
                      "all)"),
             cl::value_desc("N"), cl::cat(trainCategory));
cl::opt<std::string> reset("train-reset", cl::desc("detached or attached"),
                           cl::value_desc("MODE"), cl::cat(trainCategory));

} // namespace

cl::OptionCategory &snncompile::trainOptionCategory() { return trainCategory; }

namespace {

bool anyGiven() {
  for (cl::Option *o :
       std::initializer_list<cl::Option *>{&steps, &loss, &optimizer, &lr,
                                           &momentum, &weightDecay, &clip,
                                           &surrogate, &slope, &checkpoint,
                                           &truncate, &reset})
    if (o->getNumOccurrences())
      return true;
  return false;
}

} // namespace

LogicalResult snncompile::applyTrainOptions(snn::NetworkOp net,
                                            std::string &error) {
  snn::TrainOp train;
  for (auto t : net.getBodyBlock().getOps<snn::TrainOp>())
    train = t;
  if (!train) {
    if (!anyGiven())
      return success();
    error = "the --train-* options override a training declaration, but "
            "network @" +
            net.getSymName().str() +
            " has none (add snn.train; docs/training.md)";
    return failure();
  }
  Builder b(net.getContext());
  if (steps.getNumOccurrences())
    train.setStepsAttr(b.getI64IntegerAttr(steps));
  if (loss.getNumOccurrences())
    train.setLossAttr(b.getStringAttr(loss));
  if (optimizer.getNumOccurrences()) {
    // The other optimiser's settings do not carry over.
    if (train.getOptimizer() != optimizer)
      train.removeOptimizerParamsAttr();
    train.setOptimizerAttr(b.getStringAttr(optimizer));
  }
  auto setParam = [&](cl::opt<double> &o, StringRef name) {
    if (!o.getNumOccurrences())
      return;
    NamedAttrList params(train.getOptimizerParamsAttr());
    params.set(name, b.getF32FloatAttr(static_cast<float>(o)));
    train.setOptimizerParamsAttr(params.getDictionary(net.getContext()));
  };
  setParam(lr, "lr");
  setParam(momentum, "momentum");
  setParam(weightDecay, "weight_decay");
  setParam(clip, "clip");
  if (surrogate.getNumOccurrences())
    train.setSurrogateAttr(b.getStringAttr(surrogate));
  if (slope.getNumOccurrences())
    train.setSlopeAttr(b.getF32FloatAttr(static_cast<float>(slope)));
  if (checkpoint.getNumOccurrences())
    train.setCheckpointAttr(b.getI64IntegerAttr(checkpoint));
  if (truncate.getNumOccurrences())
    train.setTruncateAttr(b.getI64IntegerAttr(truncate));
  if (reset.getNumOccurrences())
    train.setResetAttr(b.getStringAttr(reset));
  // The verifier's message names what is wrong; the network's own checks
  // see the new loss too.
  std::string message;
  ScopedDiagnosticHandler handler(net.getContext(), [&](Diagnostic &d) {
    if (message.empty())
      message = d.str();
    return success();
  });
  if (failed(verify(net))) {
    error = "with the --train-* options, " + message;
    return failure();
  }
  return success();
}
