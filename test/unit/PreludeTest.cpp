//===- PreludeTest.cpp - the built-in model library -----------------------===//

#include "dialects/snn/IR/SNNModels.h"
#include "dialects/snn/IR/SNNOps.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::snn;

namespace {

MLIRContext &context() {
  static MLIRContext *ctx = [] {
    auto *c = new MLIRContext();
    c->loadDialect<SNNDialect>();
    return c;
  }();
  return *ctx;
}

ModuleOp prelude() {
  return context().getLoadedDialect<SNNDialect>()->getPrelude();
}

TEST(PreludeTest, ParsesAndVerifies) {
  ASSERT_TRUE(prelude());
  EXPECT_TRUE(succeeded(verify(prelude())));
}

/// The neuron and postsynaptic models DESIGN.md section 2.3 names.
TEST(PreludeTest, HasEveryRequiredModel) {
  const char *neurons[] = {"if",         "lif",        "li",
                           "cuba_lif",   "lif_cond",   "alif",
                           "izhikevich", "adex",       "poisson",
                           "spike_source", "current_source", "latency",
                           "bindsnet_lif", "diehl_cook", "gaussian_policy"};
  for (const char *name : neurons) {
    Operation *op = SymbolTable::lookupSymbolIn(prelude(), name);
    EXPECT_TRUE(op && isa<NeuronModelOp>(op)) << "missing neuron model @" << name;
  }
  const char *synapses[] = {"delta", "exp_current", "exp_cond", "alpha"};
  for (const char *name : synapses) {
    Operation *op = SymbolTable::lookupSymbolIn(prelude(), name);
    EXPECT_TRUE(op && isa<SynapseModelOp>(op)) << "missing synapse model @" << name;
  }
  const char *rules[] = {"stdp_pair", "stdp_pair_mult", "postpre", "hebbian",
                         "weight_dependent_postpre", "mstdp", "mstdpet",
                         "tsodyks_markram", "rstdp", "three_factor",
                         "spark_hebbian", "spark_oja", "spark_zenke",
                         "first_spike_stdp", "ngclearn_mstdpet",
                         "ngclearn_mstdp", "ngclearn_reinforce_mu",
                         "ngclearn_reinforce_logstd"};
  for (const char *name : rules) {
    Operation *op = SymbolTable::lookupSymbolIn(prelude(), name);
    EXPECT_TRUE(op && isa<PlasticityModelOp>(op))
        << "missing plasticity model @" << name;
  }
}

TEST(PreludeTest, ModuleDefinitionWins) {
  const char *src = R"mlir(
    snn.neuron_model @lif params {v_th = 5.0} state {v = 0.0} inputs ["i_syn"] {
      threshold {
        %v = snn.get "v" : f32
        snn.yield %v : f32
      }
    }
    snn.network @n dt 1.0 {
      snn.population @a 3 model @lif
      snn.population @b 3 model @li graded "v"
    }
  )mlir";
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(src, &context());
  ASSERT_TRUE(module);
  NetworkOp net = *module->getOps<NetworkOp>().begin();
  auto ref = [&](StringRef n) { return FlatSymbolRefAttr::get(&context(), n); };
  Operation *lif = lookupModel(net, ref("lif"));
  ASSERT_TRUE(lif);
  EXPECT_FALSE(isPreludeModel(lif));
  EXPECT_EQ(lif->getParentOp(), module->getOperation());
  Operation *li = lookupModel(net, ref("li"));
  ASSERT_TRUE(li);
  EXPECT_TRUE(isPreludeModel(li));
  EXPECT_EQ(lookupModel(net, ref("no_such_model")), nullptr);
}

} // namespace
