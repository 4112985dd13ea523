//===- ConnectivityTest.cpp - shapes of connectivity kinds ----------------===//
//
// Output sizes are checked against values worked out by hand from the
// convolution arithmetic (as PyTorch's Conv2d documents it), not against the
// implementation's own formula.
//
//===----------------------------------------------------------------------===//

#include "dialects/snn/IR/SNNAttrs.h"
#include "dialects/snn/IR/SNNDialect.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Diagnostics.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::snn;

namespace {

class ConnectivityTest : public ::testing::Test {
protected:
  ConnectivityTest() { ctx.loadDialect<SNNDialect>(); }

  /// Whether `conn` accepts src -> dst, collecting the message if not.
  bool fits(ConnectivityAttr conn, ArrayRef<int64_t> src,
            ArrayRef<int64_t> dst) {
    message.clear();
    ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
      message = d.str();
      return success();
    });
    return succeeded(conn.verifyFit(src, dst, [&] {
      return emitError(UnknownLoc::get(&ctx));
    }));
  }

  MLIRContext ctx;
  std::string message;
};

TEST_F(ConnectivityTest, Conv2dOutputSizes) {
  // 28x28, 5x5 kernel, padding 2: "same" size.
  auto same = Conv2dAttr::get(&ctx, 1, 32, {5, 5}, {}, {2, 2}, {}, 1);
  EXPECT_TRUE(fits(same, {1, 28, 28}, {32, 28, 28})) << message;
  EXPECT_FALSE(fits(same, {1, 28, 28}, {32, 24, 24}));
  EXPECT_NE(message.find("[32, 28, 28]"), std::string::npos) << message;
  // No padding: 28 - 5 + 1 = 24.
  auto valid = Conv2dAttr::get(&ctx, 1, 8, {5, 5}, {}, {}, {}, 1);
  EXPECT_TRUE(fits(valid, {1, 28, 28}, {8, 24, 24})) << message;
  // Stride 2, kernel 3, padding 1 on 28: floor((28 + 2 - 3) / 2) + 1 = 14.
  auto strided = Conv2dAttr::get(&ctx, 4, 4, {3, 3}, {2, 2}, {1, 1}, {}, 1);
  EXPECT_TRUE(fits(strided, {4, 28, 28}, {4, 14, 14})) << message;
  // Dilation 2, kernel 3 spans 5: 10 - 5 + 1 = 6.
  auto dilated = Conv2dAttr::get(&ctx, 2, 2, {3, 3}, {}, {}, {2, 2}, 1);
  EXPECT_TRUE(fits(dilated, {2, 10, 10}, {2, 6, 6})) << message;
  // Kernel larger than the input.
  auto tooBig = Conv2dAttr::get(&ctx, 1, 1, {7, 7}, {}, {}, {}, 1);
  EXPECT_FALSE(fits(tooBig, {1, 5, 5}, {1, 1, 1}));
}

TEST_F(ConnectivityTest, Conv2dChannelsAndGroups) {
  auto grouped = Conv2dAttr::get(&ctx, 4, 8, {3, 3}, {}, {1, 1}, {}, 2);
  EXPECT_TRUE(fits(grouped, {4, 8, 8}, {8, 8, 8})) << message;
  auto weights = ConnectivityAttr(grouped).getWeightShape({4, 8, 8}, {8, 8, 8});
  ASSERT_TRUE(weights.has_value());
  EXPECT_EQ(*weights, (SmallVector<int64_t>{8, 2, 3, 3}));
  EXPECT_EQ(ConnectivityAttr(grouped).getBiasShape({4, 8, 8}, {8, 8, 8}),
            (SmallVector<int64_t>{8}));
  auto badGroups = Conv2dAttr::get(&ctx, 3, 8, {3, 3}, {}, {}, {}, 2);
  EXPECT_FALSE(fits(badGroups, {3, 8, 8}, {8, 6, 6}));
  EXPECT_FALSE(fits(grouped, {3, 8, 8}, {8, 8, 8})); // wrong input channels
}

TEST_F(ConnectivityTest, Conv1d) {
  // L = 100, kernel 5, stride 2, padding 1, dilation 1: (100 + 2 - 5) / 2 + 1 = 49.
  auto conv = Conv1dAttr::get(&ctx, 2, 3, 5, 2, 1, 1, 1);
  EXPECT_TRUE(fits(conv, {2, 100}, {3, 49})) << message;
  EXPECT_FALSE(fits(conv, {2, 100}, {3, 50}));
  EXPECT_EQ(*ConnectivityAttr(conv).getWeightShape({2, 100}, {3, 49}),
            (SmallVector<int64_t>{3, 2, 5}));
}

TEST_F(ConnectivityTest, PoolingDefaultsStrideToWindow) {
  auto pool = SumPool2dAttr::get(&ctx, {2, 2}, {}, {});
  EXPECT_TRUE(fits(pool, {16, 28, 28}, {16, 14, 14})) << message;
  EXPECT_FALSE(fits(pool, {16, 28, 28}, {8, 14, 14})); // channels must match
  EXPECT_FALSE(ConnectivityAttr(pool).hasWeights());
  auto avg = AvgPool2dAttr::get(&ctx, {3, 3}, {1, 1}, {});
  EXPECT_TRUE(fits(avg, {1, 5, 5}, {1, 3, 3})) << message;
}

TEST_F(ConnectivityTest, LocalHasOneKernelPerPosition) {
  auto local = LocalAttr::get(&ctx, 1, 2, {3, 3}, {}, {});
  EXPECT_TRUE(fits(local, {1, 6, 6}, {2, 4, 4})) << message;
  EXPECT_EQ(*ConnectivityAttr(local).getWeightShape({1, 6, 6}, {2, 4, 4}),
            (SmallVector<int64_t>{2, 4, 4, 1, 3, 3}));
}

TEST_F(ConnectivityTest, DenseAndOneToOne) {
  auto dense = DenseConnectivityAttr::get(&ctx);
  EXPECT_EQ(*ConnectivityAttr(dense).getWeightShape({784}, {2, 5}),
            (SmallVector<int64_t>{784, 10}));
  auto o2o = OneToOneAttr::get(&ctx);
  EXPECT_TRUE(fits(o2o, {2, 5}, {10})) << message;
  EXPECT_FALSE(fits(o2o, {10}, {11}));
}

TEST_F(ConnectivityTest, RandomConnectivity) {
  auto p = FixedProbabilityAttr::get(&ctx, llvm::APFloat(0.02));
  EXPECT_TRUE(fits(p, {100}, {100}));
  EXPECT_FALSE(ConnectivityAttr(p).getWeightShape({100}, {100}).has_value());
  EXPECT_FALSE(fits(FixedProbabilityAttr::get(&ctx, llvm::APFloat(1.5)), {1}, {1}));
  EXPECT_FALSE(fits(FixedProbabilityAttr::get(&ctx, llvm::APFloat(-0.1)), {1}, {1}));
  EXPECT_TRUE(fits(FixedInDegreeAttr::get(&ctx, 10), {10}, {5}));
  EXPECT_FALSE(fits(FixedInDegreeAttr::get(&ctx, 11), {10}, {5}));
  EXPECT_FALSE(fits(FixedInDegreeAttr::get(&ctx, 0), {10}, {5}));
}

TEST_F(ConnectivityTest, CSR) {
  // 3 sources, 2 targets: 0 -> {0, 1}, 1 -> {}, 2 -> {1}.
  auto csr = CSRAttr::get(&ctx, {0, 2, 2, 3}, {0, 1, 1});
  EXPECT_TRUE(fits(csr, {3}, {2})) << message;
  EXPECT_EQ(*ConnectivityAttr(csr).getWeightShape({3}, {2}),
            (SmallVector<int64_t>{3}));
  EXPECT_FALSE(fits(csr, {4}, {2}));         // indptr length
  EXPECT_FALSE(fits(csr, {3}, {1}));         // index 1 out of range
  EXPECT_FALSE(fits(CSRAttr::get(&ctx, {0, 2, 1, 3}, {0, 1, 1}), {3}, {2}));
  EXPECT_FALSE(fits(CSRAttr::get(&ctx, {0, 2, 2, 4}, {0, 1, 1}), {3}, {2}));
}

} // namespace
