//===- FiniteDifferenceTest.cpp - generated gradients vs finite differences ===//
//
// --snn-generate-adjoint derives the backward pass from the scheduled
// kernels. On networks whose loss is a smooth function of the weights (no
// threshold between a trained weight and the loss: Poisson inputs with a
// fixed seed, graded hidden layers of a user-defined tanh model, an LI
// readout), the gradients it computes must equal central finite
// differences of the loss that `<net>_forward` computes. The tolerance,
// 1e-3 + 2e-2 |g|, covers the O(eps^2) truncation of the difference
// quotient and f32 rounding of the loss (eps = 1e-2 on losses near 1).
//
//===----------------------------------------------------------------------===//

#include "test/gradients/GradientHarness.h"

using namespace snn::gradients;

namespace {

/// A user-defined graded model: a leaky integrator followed by tanh.
const char *kTanhModel = R"(
snn.neuron_model @tanh_rate params {tau = 5.0} state {v = 0.0, y = 0.0}
    inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i_syn" : f32
    %tau = snn.get "tau" : f32
    %dt = snn.dt : f32
    %x = arith.divf %dt, %tau : f32
    %nx = arith.negf %x : f32
    %d = math.exp %nx : f32
    %one = arith.constant 1.0 : f32
    %omd = arith.subf %one, %d : f32
    %a = arith.mulf %v, %d : f32
    %b = arith.mulf %i, %omd : f32
    %v1 = arith.addf %a, %b : f32
    %y = math.tanh %v1 : f32
    snn.set "v", %v1 : f32
    snn.set "y", %y : f32
  }
}
)";

TEST(FiniteDifferences, LinearReadoutFinalMembrane) {
  Problem p;
  p.source = R"(snn.network @net dt 1.0 batch 2 {
  snn.population @in 6 model @poisson
  snn.population @out 3 model @li {tau_m = 4.0} graded "v"
  snn.projection @io @in -> @out connect #snn.dense
      weight #snn.uniform<-0.8, 0.8>
  snn.train loss "ce_final" of @out steps 12 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@io]
})";
  p.rates = {"in.rate", {300, 500, 200, 700, 400, 600}};
  p.labels = {2, 0};
  checkAgainstFiniteDifferences(p, {"io.w"});
}

/// Poisson inputs into a recurrent layer of the tanh model, read out by an
/// LI population of `outputs` neurons; `loss` is the training declaration's
/// loss clause.
std::string recurrentTanh(int outputs, int steps, const std::string &loss) {
  return std::string(kTanhModel) +
         llvm::formatv(R"(snn.network @net dt 1.0 batch 2 {{
  snn.population @in 5 model @poisson
  snn.population @hid 4 model @tanh_rate graded "y"
  snn.population @out {0} model @li {{tau_m = 3.0} graded "v"
  snn.projection @ih @in -> @hid connect #snn.dense
      weight #snn.uniform<-1.5, 1.5>
  snn.projection @hh @hid -> @hid connect #snn.dense
      weight #snn.uniform<-0.8, 0.8>
  snn.projection @ho @hid -> @out connect #snn.dense
      weight #snn.uniform<-1.0, 1.0>
  snn.train loss "{2}" of @out steps {1} optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@ih, @hh, @ho]
})",
                       outputs, steps, loss)
             .str();
}

// Biases: one per target neuron, read by every batch entry; their adjoint
// sums over the batch and the steps.
TEST(FiniteDifferences, BiasesOfTanhAndReadout) {
  Problem p;
  p.source = std::string(kTanhModel) + R"(snn.network @net dt 1.0 batch 3 {
  snn.population @in 5 model @poisson
  snn.population @hid 4 model @tanh_rate graded "y"
  snn.population @out 3 model @li {tau_m = 3.0} graded "v"
  snn.projection @ih @in -> @hid connect #snn.dense
      weight #snn.uniform<-1.5, 1.5> bias dense<[0.1, -0.2, 0.3, 0.0]> : tensor<4xf32>
  snn.projection @ho @hid -> @out connect #snn.dense
      weight #snn.uniform<-1.0, 1.0> bias dense<[0.2, -0.1, 0.05]> : tensor<3xf32>
  snn.train loss "ce_final" of @out steps 8 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@ih, @ho]
})";
  p.rates = {"in.rate", {400, 250, 600, 150, 500}};
  p.labels = {1, 2, 0};
  checkAgainstFiniteDifferences(p, {"ih.w", "ih.b", "ho.w", "ho.b"});
}

TEST(FiniteDifferences, RecurrentTanhMaxMembrane) {
  Problem p;
  p.source = recurrentTanh(3, 10, "ce_max");
  p.rates = {"in.rate", {400, 250, 600, 150, 500}};
  p.labels = {1, 2};
  checkAgainstFiniteDifferences(p, {"ih.w", "hh.w", "ho.w"});
}

TEST(FiniteDifferences, RecurrentTanhTargetTrace) {
  Problem p;
  p.source = recurrentTanh(2, 8, "mse_trace");
  p.rates = {"in.rate", {400, 250, 600, 150, 500}};
  // A target trace: [steps, batch, 2].
  for (int t = 0; t < 8; ++t)
    for (int e = 0; e < 2; ++e)
      for (int j = 0; j < 2; ++j)
        p.target.push_back(0.3 * std::sin(0.5 * t + e + 2 * j));
  checkAgainstFiniteDifferences(p, {"ih.w", "hh.w", "ho.w"});
}

// Time constants: a population listed in `trainable` trains its
// parameters given per neuron (here each tanh neuron's tau and the
// readout's tau_m), read by every batch entry and every step.
TEST(FiniteDifferences, TimeConstants) {
  Problem p;
  p.source = std::string(kTanhModel) + R"(snn.network @net dt 1.0 batch 2 {
  snn.population @in 5 model @poisson
  snn.population @hid 4 model @tanh_rate {tau = dense<[2.0, 4.0, 6.0, 3.0]> : tensor<4xf32>} graded "y"
  snn.population @out 3 model @li {tau_m = dense<[3.0, 5.0, 2.5]> : tensor<3xf32>} graded "v"
  snn.projection @ih @in -> @hid connect #snn.dense
      weight #snn.uniform<-1.5, 1.5>
  snn.projection @ho @hid -> @out connect #snn.dense
      weight #snn.uniform<-1.0, 1.0>
  snn.train loss "ce_final" of @out steps 8 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@ih, @hid, @out]
})";
  p.rates = {"in.rate", {400, 250, 600, 150, 500}};
  p.labels = {1, 2};
  checkAgainstFiniteDifferences(p, {"hid.tau"});
  checkAgainstFiniteDifferences(p, {"out.tau_m"});
}

// Sparse connectivity: one weight per synapse, delivered along compressed
// rows; the adjoint gathers along the same rows (into the graded hidden
// layer, whose own adjoint flows on to the first projection) and adds
// into the weights of the sources that sent something.
TEST(FiniteDifferences, SparseRows) {
  Problem p;
  p.source = std::string(kTanhModel) + R"(snn.network @net dt 1.0 batch 2 {
  snn.population @in 8 model @poisson
  snn.population @hid 5 model @tanh_rate graded "y"
  snn.population @out 3 model @li {tau_m = 3.0} graded "v"
  snn.projection @ih @in -> @hid connect #snn.fixed_probability<0.5>
      weight #snn.uniform<-1.5, 1.5>
  snn.projection @ho @hid -> @out connect #snn.fixed_in_degree<3>
      weight #snn.uniform<-1.0, 1.0>
  snn.train loss "ce_final" of @out steps 8 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@ih, @ho]
})";
  p.rates = {"in.rate", {400, 250, 600, 150, 500, 350, 450, 300}};
  p.labels = {1, 2};
  checkAgainstFiniteDifferences(p, {"ih.w", "ho.w"});
}

// A convolution shares its kernel between positions: every synapse of
// kernel entry k adds into w[k]; a per-channel bias is read by every
// position and entry. Sum pooling (fixed weights) passes the adjoint
// back to the feature maps; average pooling scales it.
TEST(FiniteDifferences, ConvolutionAndPooling) {
  for (const char *pool : {"sum_pool2d", "avg_pool2d"}) {
    SCOPED_TRACE(pool);
    Problem p;
    p.source = std::string(kTanhModel) + llvm::formatv(R"(
snn.network @net dt 1.0 batch 2 {{
  snn.population @in [1, 6, 6] model @poisson
  snn.population @maps [2, 4, 4] model @tanh_rate graded "y"
  snn.population @pooled [2, 2, 2] model @tanh_rate graded "y"
  snn.population @out 3 model @li {{tau_m = 3.0} graded "v"
  snn.projection @conv @in -> @maps
      connect #snn.conv2d<in_channels = 1, out_channels = 2, kernel = [3, 3]>
      weight #snn.uniform<-0.8, 0.8> bias dense<[0.1, -0.2]> : tensor<2xf32>
  snn.projection @pool @maps -> @pooled connect #snn.{0}<kernel = [2, 2]>
  snn.projection @po @pooled -> @out connect #snn.dense
      weight #snn.uniform<-1.0, 1.0>
  snn.train loss "ce_final" of @out steps 8 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@conv, @po]
})", pool).str();
    p.rates = {"in.rate", {400, 250, 600, 150, 500, 350, 450, 300, 200}};
    p.labels = {1, 2};
    checkAgainstFiniteDifferences(p, {"conv.w", "conv.b", "po.w"});
  }
}

// A locally connected layer: conv2d geometry, a kernel per position.
TEST(FiniteDifferences, LocallyConnected) {
  Problem p;
  p.source = std::string(kTanhModel) + R"(snn.network @net dt 1.0 batch 2 {
  snn.population @in [2, 4, 4] model @poisson
  snn.population @maps [1, 2, 2] model @tanh_rate graded "y"
  snn.population @out 3 model @li {tau_m = 3.0} graded "v"
  snn.projection @loc @in -> @maps
      connect #snn.local<in_channels = 2, out_channels = 1, kernel = [3, 3], stride = [2, 2], padding = [1, 1]>
      weight #snn.uniform<-1.0, 1.0>
  snn.projection @mo @maps -> @out connect #snn.dense
      weight #snn.uniform<-1.0, 1.0>
  snn.train loss "ce_final" of @out steps 8 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@loc, @mo]
})";
  p.rates = {"in.rate", {400, 250, 600, 150, 500, 350, 450}};
  p.labels = {0, 2};
  checkAgainstFiniteDifferences(p, {"loc.w", "mo.w"});
}

// A strided, padded, dilated 1-d convolution with two groups.
TEST(FiniteDifferences, Conv1dStridedGrouped) {
  Problem p;
  p.source = std::string(kTanhModel) + R"(snn.network @net dt 1.0 batch 2 {
  snn.population @in [2, 9] model @poisson
  snn.population @maps [4, 4] model @tanh_rate graded "y"
  snn.population @out 3 model @li {tau_m = 3.0} graded "v"
  snn.projection @conv @in -> @maps
      connect #snn.conv1d<in_channels = 2, out_channels = 4, kernel = 3, stride = 2, padding = 1, dilation = 2, groups = 2>
      weight #snn.uniform<-1.0, 1.0>
  snn.projection @mo @maps -> @out connect #snn.dense
      weight #snn.uniform<-1.0, 1.0>
  snn.train loss "ce_final" of @out steps 8 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@conv, @mo]
})";
  p.rates = {"in.rate", {400, 250, 600, 150, 500, 350, 450, 300, 200, 550}};
  p.labels = {0, 2};
  checkAgainstFiniteDifferences(p, {"conv.w", "mo.w"});
}

// Hoisting (--snn-hoist-time, on at this batch size) runs the inputs, the
// hidden layer and the readout in three time loops. The hidden model draws
// noise keyed by the step counter, which the inputs' loop advances: the
// hidden loop reads each step's count from the record the first loop
// keeps (here the tape). Its loss and gradients equal those of one time
// loop (noise drawn at the wrong steps would change them), and finite
// differences.
TEST(FiniteDifferences, HoistedStagesReadEarlierStages) {
  Problem p;
  p.source = R"(
snn.neuron_model @noisy_tanh params {tau = 5.0} state {v = 0.0, y = 0.0}
    inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i_syn" : f32
    %n = snn.random_normal : f32
    %s = arith.constant 0.2 : f32
    %sn = arith.mulf %n, %s : f32
    %d = arith.constant 0.8 : f32
    %a = arith.mulf %v, %d : f32
    %b = arith.addf %i, %sn : f32
    %v1 = arith.addf %a, %b : f32
    %y = math.tanh %v1 : f32
    snn.set "v", %v1 : f32
    snn.set "y", %y : f32
  }
}
snn.network @net dt 1.0 batch 2 {
  snn.population @in 5 model @poisson
  snn.population @hid 4 model @noisy_tanh graded "y"
  snn.population @out 3 model @li {tau_m = 3.0} graded "v"
  snn.projection @ih @in -> @hid connect #snn.dense
      weight #snn.uniform<-1.5, 1.5>
  snn.projection @ho @hid -> @out connect #snn.dense
      weight #snn.uniform<-1.0, 1.0>
  snn.train loss "ce_final" of @out steps 8 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@ih, @ho]
})";
  p.rates = {"in.rate", {400, 250, 600, 150, 500}};
  p.labels = {1, 2};
  checkAgainstFiniteDifferences(p, {"ih.w", "ho.w"});

  std::vector<std::string> weights = {"ih.w", "ho.w"};
  std::vector<double> losses;
  std::vector<std::map<std::string, std::vector<float>>> grads;
  for (bool hoist : {true, false}) {
    auto jit = compileTraining(p.source, {hoist});
    ASSERT_TRUE(jit);
    // Hoisted, what the products deliver in every step is kept.
    EXPECT_EQ(llvm::any_of(jit->buffers(),
                           [](const auto &b) {
                             return llvm::StringRef(b.name).starts_with(
                                 "train.product.");
                           }),
              hoist);
    ASSERT_FALSE(bool(jit->init({p.seed, p.seed + 1})));
    grads.push_back(generatedGradients(*jit, p, weights));
    losses.push_back(lossOf(*jit, p));
  }
  EXPECT_NEAR(losses[0], losses[1], 1e-6 * std::fabs(losses[1]));
  for (const std::string &w : weights)
    for (size_t i = 0; i < grads[1][w].size(); ++i)
      EXPECT_NEAR(grads[0][w][i], grads[1][w][i],
                  1e-6 + 1e-4 * std::fabs(grads[1][w][i]))
          << w << "[" << i << "]";
}

} // namespace
