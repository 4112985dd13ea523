//===- OptimizerTest.cpp - the generated update against PyTorch's rules ----===//
//
// `<net>_train_step` ends with the optimiser's update of every trained
// weight. Here the update is recomputed in double precision from the
// gradient the step computed (`<w>.grad`) and the weight before it, with
// the formulas of torch.optim.SGD and torch.optim.Adam (their
// documentation's algorithms; weight decay added to the gradient, after
// torch.nn.utils.clip_grad_norm_'s scaling by min(1, clip / (norm +
// 1e-6))), plus the EWC penalty's gradient ewc F (w - w*). Two steps, so
// momentum, Adam's moments and its bias correction carry over. Tolerance:
// 1e-6 + 1e-5 |w| (f32 arithmetic on the compiled side).
//
//===----------------------------------------------------------------------===//

#include "test/gradients/GradientHarness.h"

using namespace snn::gradients;

namespace {

struct Setting {
  std::string optimizer; // sgd, adam
  double lr, momentum = 0, weightDecay = 0, clip = 0, ewc = 0;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
};

std::string paramsText(const Setting &s) {
  std::string t = llvm::formatv("lr = {0:e} : f32", s.lr).str();
  auto add = [&](const char *name, double v) {
    if (v > 0)
      t += llvm::formatv(", {0} = {1:e} : f32", name, v).str();
  };
  if (s.optimizer == "sgd")
    add("momentum", s.momentum);
  add("weight_decay", s.weightDecay);
  add("clip", s.clip);
  add("ewc", s.ewc);
  return t;
}

void checkUpdates(const Setting &s) {
  Problem p;
  p.source = llvm::formatv(R"(snn.network @net dt 1.0 batch 2 {{
  snn.population @in 5 model @poisson
  snn.population @out 3 model @li {{tau_m = 4.0} graded "v"
  snn.projection @io @in -> @out connect #snn.dense
      weight #snn.uniform<-0.8, 0.8>
  snn.train loss "ce_final" of @out steps 6 optimizer "{0}" {{{1}}
      surrogate "fast_sigmoid" trainable [@io]
})",
                           s.optimizer, paramsText(s))
                 .str();
  p.rates = {"in.rate", {400, 250, 600, 150, 500}};
  p.labels = {1, 2};
  auto jit = compileTraining(p.source);
  ASSERT_TRUE(jit);
  ASSERT_FALSE(bool(jit->init({3, 4})));
  std::vector<float> &w = **jit->f32("io.w");
  size_t n = w.size();
  std::vector<double> fisher(n), anchor(n);
  if (s.ewc > 0) {
    std::vector<float> &f = **jit->f32("io.w.fisher");
    std::vector<float> &a = **jit->f32("io.w.anchor");
    for (size_t i = 0; i < n; ++i) {
      f[i] = static_cast<float>(fisher[i] = 0.5 + 0.1 * double(i % 4));
      a[i] = static_cast<float>(anchor[i] = 0.3 - 0.05 * double(i % 7));
    }
  }
  // The reference's own state.
  std::vector<double> ref(w.begin(), w.end()), buf(n, 0), m(n, 0), v(n, 0);
  for (int t = 1; t <= 2; ++t) {
    prepare(*jit, p);
    ASSERT_FALSE(bool(jit->trainStep()));
    const std::vector<float> &g = **jit->f32("io.w.grad");
    double norm = 0;
    for (float x : g)
      norm += double(x) * double(x);
    norm = std::sqrt(norm);
    double scale = s.clip > 0 ? std::min(1.0, s.clip / (norm + 1e-6)) : 1.0;
    if (s.clip > 0)
      EXPECT_LT(scale, 1.0) << "the clip should act in this case";
    for (size_t i = 0; i < n; ++i) {
      double d = g[i] * scale + s.weightDecay * ref[i] +
                 s.ewc * fisher[i] * (ref[i] - anchor[i]);
      if (s.optimizer == "sgd") {
        buf[i] = s.momentum > 0 ? s.momentum * buf[i] + d : d;
        ref[i] -= s.lr * buf[i];
      } else {
        m[i] = s.beta1 * m[i] + (1 - s.beta1) * d;
        v[i] = s.beta2 * v[i] + (1 - s.beta2) * d * d;
        double bc1 = 1 - std::pow(s.beta1, t), bc2 = 1 - std::pow(s.beta2, t);
        ref[i] -= s.lr / bc1 * m[i] / (std::sqrt(v[i]) / std::sqrt(bc2) + s.eps);
      }
    }
    for (size_t i = 0; i < n; ++i)
      EXPECT_NEAR(w[i], ref[i], 1e-6 + 1e-5 * std::fabs(ref[i]))
          << s.optimizer << " step " << t << " io.w[" << i << "]";
    // Use the compiled weights from here (the same within the tolerance).
    for (size_t i = 0; i < n; ++i)
      ref[i] = w[i];
  }
}

TEST(Optimizer, Sgd) { checkUpdates({"sgd", 0.5}); }
TEST(Optimizer, SgdMomentumWeightDecay) {
  Setting s{"sgd", 0.3};
  s.momentum = 0.9;
  s.weightDecay = 0.05;
  checkUpdates(s);
}
TEST(Optimizer, Adam) { checkUpdates({"adam", 0.01}); }
TEST(Optimizer, AdamClipEwc) {
  Setting s{"adam", 0.02};
  s.clip = 0.01;
  s.ewc = 0.7;
  s.weightDecay = 0.01;
  checkUpdates(s);
}

} // namespace
