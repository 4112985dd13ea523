//===- TorchReferenceTest.cpp - generated gradients vs PyTorch autograd ----===//
//
// The fixtures in test/fixtures/gradients hold small spiking networks (LIF,
// CubaLIF, ALIF and a user-defined model; feed-forward and recurrent; every
// loss and surrogate; a detached and an attached reset; truncation; a
// convolution into LIF feature maps, sum pooling, a dense readout) with
// the loss and the weight gradients PyTorch autograd computes for them
// (test/peers/bptt_reference.py writes the same network in PyTorch from the
// model equations). Each network is compiled by snnc, run once by
// `<net>_train_step` on the same input spikes and labels, and its loss and
// `<w>.grad` buffers must match, with the tape kept every step and with
// checkpoints every 4 steps (the backward pass then recomputes the steps
// between them).
//
// Feed-forward products run for all steps at once between one time loop
// per stage (--snn-hoist-time, on by default at this batch size); a few
// cases run with one time loop too.
//
// Tolerance: the loss to 1e-5 relative; each gradient element to
// 1e-5 + 1e-3 max|g|. Both sides compute in f32 but sum in different
// orders and use different exp implementations; no threshold margin in the
// fixtures is within 1e-3 of zero, so the spikes are the same.
//
//===----------------------------------------------------------------------===//

#include "test/gradients/GradientHarness.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace snn::gradients;

namespace {

std::vector<float> flatten(const llvm::json::Value *v) {
  std::vector<float> out;
  if (!v)
    return out;
  if (auto n = v->getAsNumber()) {
    out.push_back(static_cast<float>(*n));
    return out;
  }
  if (const llvm::json::Array *a = v->getAsArray())
    for (const llvm::json::Value &e : *a) {
      std::vector<float> inner = flatten(&e);
      out.insert(out.end(), inner.begin(), inner.end());
    }
  return out;
}

struct Case {
  std::string name;
  int64_t checkpoint; // 0: the tape keeps every step
  bool hoist = true;  // --snn-hoist-time (batch 2: every feed-forward
                      // product is hoisted)
};

void PrintTo(const Case &c, std::ostream *os) {
  *os << c.name << " (checkpoint " << c.checkpoint
      << (c.hoist ? "" : ", one time loop") << ")";
}

std::string caseName(const testing::TestParamInfo<Case> &info) {
  return info.param.name +
         (info.param.checkpoint ? "_checkpoint" +
                                      std::to_string(info.param.checkpoint)
                                : "") +
         (info.param.hoist ? "" : "_one_loop");
}

class TorchReference : public testing::TestWithParam<Case> {};

TEST_P(TorchReference, LossAndGradients) {
  const Case &c = GetParam();
  std::string path =
      std::string(SNN_SOURCE_DIR) + "/test/fixtures/gradients/" + c.name + ".json";
  auto file = llvm::MemoryBuffer::getFile(path);
  ASSERT_TRUE(bool(file)) << "cannot read " << path;
  auto parsed = llvm::json::parse((*file)->getBuffer());
  ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
  const llvm::json::Object &fx = *parsed->getAsObject();

  std::string source = fx.getString("network")->str();
  size_t token = source.find("TRAIN_OPTIONS");
  ASSERT_NE(token, std::string::npos);
  source.replace(token, 13,
                 c.checkpoint ? "checkpoint " + std::to_string(c.checkpoint)
                              : "");
  auto jit = compileTraining(source, {c.hoist});
  ASSERT_TRUE(jit);
  std::vector<uint64_t> seeds(jit->batch(), 1);
  ASSERT_FALSE(bool(jit->init(seeds)));
  **jit->f32("in.spikes.seq") = flatten(fx.get("input"));
  if (const llvm::json::Array *labels = fx.getArray("labels");
      labels && !labels->empty()) {
    std::vector<int64_t> &l = **jit->i64("train.label");
    for (size_t i = 0; i < labels->size(); ++i)
      l[i] = *(*labels)[i].getAsInteger();
  }
  std::vector<float> target = flatten(fx.get("target"));
  if (!target.empty())
    **jit->f32("train.target") = target;
  ASSERT_FALSE(bool(jit->trainStep()));

  double loss = *fx.getNumber("loss");
  EXPECT_NEAR((**jit->f32("train.loss"))[0], loss, 1e-5 * std::fabs(loss));
  int compared = 0;
  // Every `grad_<proj>` of the fixture: the gradient of `<proj>.w`.
  for (const auto &entry : fx) {
    llvm::StringRef key = entry.first;
    if (!key.consume_front("grad_"))
      continue;
    std::string w = key.str();
    std::vector<float> ref = flatten(&entry.second);
    auto buffer = jit->f32(w + ".w.grad");
    ASSERT_TRUE(bool(buffer)) << llvm::toString(buffer.takeError());
    std::vector<float> &got = **buffer;
    ASSERT_EQ(got.size(), ref.size()) << w;
    double scale = 0;
    for (float r : ref)
      scale = std::max(scale, std::fabs(double(r)));
    EXPECT_GT(scale, 0.0) << w << ": the fixture's gradient is all zero";
    for (size_t i = 0; i < ref.size(); ++i)
      EXPECT_NEAR(got[i], ref[i], 1e-5 + 1e-3 * scale)
          << w << ".w.grad[" << i << "]";
    ++compared;
  }
  EXPECT_GE(compared, 2);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, TorchReference,
    testing::Values(Case{"lif_ff_count", 0}, Case{"lif_ff_count", 4},
                    Case{"lif_rec_max", 0}, Case{"lif_rec_max", 4},
                    Case{"lif_rec_truncated", 0}, Case{"lif_rec_truncated", 4},
                    Case{"cuba_ff_rate", 0}, Case{"cuba_ff_rate", 4},
                    Case{"alif_rec_attached", 0}, Case{"alif_rec_attached", 4},
                    Case{"user_rec_trace", 0}, Case{"user_rec_trace", 4},
                    Case{"conv_pool_final", 0}, Case{"conv_pool_final", 4},
                    Case{"lif_ff_count", 0, false},
                    Case{"lif_rec_truncated", 4, false},
                    Case{"alif_rec_attached", 0, false},
                    Case{"conv_pool_final", 0, false}),
    caseName);

} // namespace
