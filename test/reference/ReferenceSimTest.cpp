//===- ReferenceSimTest.cpp - the reference against hand and closed form --===//
//
// Expected values come from closed-form solutions, from one step worked out
// by hand, or from the recurrence of the library a model follows (snnTorch's
// Synaptic for cuba_lif), never from the simulator's own model code.
//
//===----------------------------------------------------------------------===//

#include "test/reference/Random.h"
#include "test/reference/ReferenceSim.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace snnref;

namespace {

const double kTol = 1e-12;

/// A constant input into `port` of every neuron of `target` from step 0: a
/// projection without synapses, whose bias arrives every step.
void constantInput(Network &net, const std::string &target, Values value,
                   const std::string &port = "") {
  std::string suffix = target + "_" + (port.empty() ? "default" : port);
  net.population("silent_" + suffix, "spike_source", 1).external("spikes", {{0.0}});
  Projection &drive =
      net.projection("drive_" + suffix, "silent_" + suffix, target, {}).bias(std::move(value));
  if (!port.empty())
    drive.port(port);
}

/// Spike arrays [steps][n] with a spike at each (step, neuron).
Series spikesAt(int64_t steps, int64_t n, std::vector<std::pair<int64_t, int64_t>> events) {
  Series s(size_t(steps), std::vector<double>(size_t(n), 0.0));
  for (auto &e : events)
    s[size_t(e.first)][size_t(e.second)] = 1.0;
  return s;
}

double at(const Series &s, int64_t step, int64_t neuron = 0) {
  return s[size_t(step)][size_t(neuron)];
}

} // namespace

//===----------------------------------------------------------------------===//
// Neuron models
//===----------------------------------------------------------------------===//

TEST(Lif, ConstantInputFollowsTheAnalyticSolution) {
  const double dt = 0.25, tau = 20.0, drive = 1.5;
  Network net(dt);
  net.population("n", "lif", 1).param("tau_m", {tau});
  constantInput(net, "n", {drive});
  // From v = 0, v(t) = drive (1 - exp(-t/tau)) crosses v_th = 1 at
  // t* = tau ln(drive / (drive - 1)); the update that ends past t* fires.
  double crossing = tau * std::log(drive / (drive - 1.0)) / dt;
  ASSERT_GT(std::abs(crossing - std::round(crossing)), 1e-3);
  int64_t period = int64_t(std::ceil(crossing));
  Recording rec = simulate(net, 3 * period + 5);
  const PopulationTrace &n = rec.population("n");

  for (int64_t step = 0; step + 1 < period; ++step)
    EXPECT_NEAR(at(n.state.at("v"), step), drive * (1 - std::exp(-(step + 1) * dt / tau)), kTol);
  // The reset to 0 restarts the same trajectory.
  EXPECT_EQ(n.spikeSteps(0),
            (std::vector<int64_t>{period - 1, 2 * period - 1, 3 * period - 1}));
  EXPECT_NEAR(at(n.margin, period - 1), drive * (1 - std::exp(-period * dt / tau)) - 1.0, kTol);
  EXPECT_EQ(at(n.state.at("v"), period - 1), 0.0);
}

TEST(Lif, DeltaInputIsAOneStepPulse) {
  // models.md: a delivered weight w moves v by r w (1 - exp(-dt/tau_m)), and
  // by exactly w with r = 1 / (1 - beta) (snnTorch's v' = beta v + input).
  const double dt = 1.0, tau = 10.0, w = 0.7, beta = std::exp(-dt / tau);
  Network net(dt);
  net.population("in", "spike_source", 1).external("spikes", spikesAt(4, 1, {{0, 0}}));
  net.population("plain", "lif", 1).param("tau_m", {tau});
  net.population("scaled", "lif", 1).param("tau_m", {tau}).param("r", {1 / (1 - beta)});
  net.projection("p", "in", "plain", oneToOneSynapses(1, {w}));
  net.projection("s", "in", "scaled", oneToOneSynapses(1, {w}));
  Recording rec = simulate(net, 4);
  const Series &plain = rec.population("plain").state.at("v");
  const Series &scaled = rec.population("scaled").state.at("v");
  EXPECT_EQ(at(plain, 0), 0.0);
  EXPECT_NEAR(at(plain, 1), w * (1 - beta), kTol);
  EXPECT_NEAR(at(scaled, 1), w, kTol);
  EXPECT_NEAR(at(scaled, 2), w * beta, kTol);
  EXPECT_NEAR(at(scaled, 3), w * beta * beta, kTol);
}

namespace {

/// Runs `model` under a constant drive, returning the steps after its first
/// spike for which v stays at its reset value, and checks the countdown.
int64_t heldSteps(const std::string &model, double tRef, double dt) {
  Network net(dt);
  Population &pop = net.population("n", model, 1).param("t_ref", {tRef});
  double vReset = 0.0;
  if (model == "lif_cond") {
    pop.param("i_ext", {30.0}); // pulls v towards -30, above v_th = -50
    vReset = -60.0;
  }
  if (model == "lif")
    constantInput(net, "n", {5.0});
  else
    constantInput(net, "n", {0.0}, "ge");
  Recording rec = simulate(net, 400);
  const PopulationTrace &n = rec.population("n");
  std::vector<int64_t> spikes = n.spikeSteps(0);
  EXPECT_GE(spikes.size(), 2u);
  if (spikes.empty())
    return -1;
  int64_t s = spikes[0];
  for (int64_t j = 0; j < 8; ++j)
    EXPECT_NEAR(at(n.state.at("refrac"), s + j), std::max(tRef - j * dt, 0.0), 1e-9)
        << model << " t_ref " << tRef << ", " << j << " steps after the spike";
  int64_t held = 0;
  while (at(n.state.at("v"), s + held + 1) == vReset)
    ++held;
  return held;
}

} // namespace

TEST(Refractoriness, HoldsRoundTRefOverDtUpdates) {
  for (const char *model : {"lif", "lif_cond"}) {
    SCOPED_TRACE(model);
    EXPECT_EQ(heldSteps(model, 0.0, 0.5), 0);
    EXPECT_EQ(heldSteps(model, 2.0, 0.5), 4);
    EXPECT_EQ(heldSteps(model, 1.2, 0.5), 2);  // round(2.4)
    EXPECT_EQ(heldSteps(model, 0.2, 0.5), 0);  // less than half a step
    EXPECT_EQ(heldSteps(model, 1.0, 0.1), 10); // survives rounding of 0.1
  }
}

TEST(If, IntegratesWithoutLeakAndResets) {
  // dt r i_syn = 0.5 * 2 * 0.3 = 0.3 per step: 0.3, 0.6, 0.9, then 1.2 fires.
  Network net(0.5);
  net.population("n", "if", 1).param("r", {2.0});
  constantInput(net, "n", {0.3});
  Recording rec = simulate(net, 12);
  const PopulationTrace &n = rec.population("n");
  for (int64_t step = 0; step < 3; ++step)
    EXPECT_NEAR(at(n.state.at("v"), step), 0.3 * double(step + 1), kTol);
  EXPECT_EQ(n.spikeSteps(0), (std::vector<int64_t>{3, 7, 11}));
  EXPECT_NEAR(at(n.margin, 3), 0.2, kTol);
  EXPECT_EQ(at(n.state.at("v"), 3), 0.0);
}

TEST(CubaLif, ReproducesSnnTorchSynapticRecurrence) {
  // snnTorch: i' = alpha i + x, v' = beta v + i', with r = 1 / (1 - beta).
  const double dt = 1.0, tauM = 10.0, tauSyn = 4.0, w = 0.4;
  const double alpha = std::exp(-dt / tauSyn), beta = std::exp(-dt / tauM);
  const int64_t steps = 15;
  Network net(dt);
  net.population("in", "spike_source", 1).external("spikes", spikesAt(steps, 1, {{0, 0}, {3, 0}}));
  net.population("n", "cuba_lif", 1)
      .param("tau_m", {tauM})
      .param("tau_syn", {tauSyn})
      .param("r", {1 / (1 - beta)})
      .param("v_th", {100.0});
  net.projection("p", "in", "n", oneToOneSynapses(1, {w}));
  Recording rec = simulate(net, steps);
  const PopulationTrace &n = rec.population("n");
  double i = 0, v = 0;
  for (int64_t step = 0; step < steps; ++step) {
    double x = (step == 1 || step == 4) ? w : 0.0; // arrivals, one step late
    i = alpha * i + x;
    v = beta * v + i;
    EXPECT_NEAR(at(n.state.at("i"), step), i, kTol) << "step " << step;
    EXPECT_NEAR(at(n.state.at("v"), step), v, kTol) << "step " << step;
  }
}

TEST(CubaLif, ResetLeavesTheCurrent) {
  const double dt = 1.0, alpha = std::exp(-dt / 5.0), beta = std::exp(-dt / 20.0);
  Network net(dt);
  net.population("in", "spike_source", 1).external("spikes", spikesAt(3, 1, {{0, 0}}));
  net.population("n", "cuba_lif", 1);
  net.projection("p", "in", "n", oneToOneSynapses(1, {50.0}));
  Recording rec = simulate(net, 3);
  const PopulationTrace &n = rec.population("n");
  // Step 1: i = 50, v = 50 (1 - beta) ~ 2.4 > 1 fires and resets to 0.
  // Step 2: i = 50 alpha, and v climbs again from 0 to 50 alpha (1 - beta)
  // ~ 2.0, firing again.
  EXPECT_EQ(n.spikeSteps(0), (std::vector<int64_t>{1, 2}));
  EXPECT_NEAR(at(n.margin, 1), 50 * (1 - beta) - 1, kTol);
  EXPECT_EQ(at(n.state.at("v"), 1), 0.0);
  EXPECT_NEAR(at(n.state.at("i"), 1), 50.0, kTol);
  EXPECT_NEAR(at(n.margin, 2), 50 * alpha * (1 - beta) - 1, kTol);
  EXPECT_NEAR(at(n.state.at("i"), 2), 50 * alpha, kTol);
}

TEST(LifCond, OneEulerStepByHand) {
  // rhs = 0.5 (0 + 55) + 0.2 (-80 + 55) + (-60 + 55) + 1 = 18.5;
  // v' = -55 + 0.1 / 20 * 18.5 = -54.9075.
  Network net(0.1);
  net.population("n", "lif_cond", 1).param("i_ext", {1.0}).init("v", {-55.0});
  constantInput(net, "n", {0.5}, "ge");
  constantInput(net, "n", {0.2}, "gi");
  Recording rec = simulate(net, 1);
  EXPECT_NEAR(at(rec.population("n").state.at("v"), 0), -54.9075, kTol);
  EXPECT_NEAR(at(rec.population("n").port.at("gi"), 0), 0.2, kTol);
}

TEST(LifCond, CobaSpikeRaisesGeInTheNextStep) {
  // Brian2's timing: a spike in step 0 raises ge in step 1, and that step's
  // membrane update already sees it.
  Network net(0.1);
  net.population("in", "spike_source", 1).external("spikes", spikesAt(3, 1, {{0, 0}}));
  net.population("n", "lif_cond", 1);
  net.projection("ee", "in", "n", oneToOneSynapses(1, {0.6}))
      .synapse("exp_current", {{"tau", {5.0}}})
      .port("ge");
  Recording rec = simulate(net, 3);
  const PopulationTrace &n = rec.population("n");
  EXPECT_EQ(at(n.state.at("v"), 0), -60.0);
  EXPECT_EQ(at(n.port.at("ge"), 0), 0.0);
  EXPECT_NEAR(at(n.port.at("ge"), 1), 0.6, kTol);
  EXPECT_NEAR(at(n.state.at("v"), 1), -60.0 + 0.1 / 20.0 * (0.6 * 60.0), kTol);
  EXPECT_NEAR(at(n.port.at("ge"), 2), 0.6 * std::exp(-0.1 / 5.0), kTol);
}

TEST(Alif, ThresholdRisesAfterASpikeAndResetSubtracts) {
  const double dt = 1.0, tau = 20.0, drive = 1.5, tauAdapt = 200.0, beta = 0.07;
  Network net(dt);
  net.population("n", "alif", 1);
  constantInput(net, "n", {drive});
  Recording rec = simulate(net, 30);
  const PopulationTrace &n = rec.population("n");
  // As for lif: 20 ln 3 = 21.97 ms, so the 22nd update (step 21) fires.
  ASSERT_FALSE(n.spikeSteps(0).empty());
  EXPECT_EQ(n.spikeSteps(0)[0], 21);
  for (int64_t step = 0; step < 21; ++step)
    EXPECT_EQ(at(n.state.at("a"), step), 0.0);
  double vBefore = drive * (1 - std::exp(-22 * dt / tau));
  EXPECT_NEAR(at(n.margin, 21), vBefore - 1.0, kTol);
  EXPECT_NEAR(at(n.state.at("v"), 21), vBefore - 1.0, kTol); // minus v_th, not to 0
  EXPECT_EQ(at(n.state.at("a"), 21), 1.0);
  double a = std::exp(-dt / tauAdapt);
  double v = drive + (vBefore - 1.0 - drive) * std::exp(-dt / tau);
  EXPECT_NEAR(at(n.state.at("a"), 22), a, kTol);
  EXPECT_NEAR(at(n.state.at("v"), 22), v, kTol);
  EXPECT_NEAR(at(n.margin, 22), v - (1.0 + beta * a), kTol);
}

TEST(Izhikevich, OneEulerStepByHand) {
  // dv = 0.04 * 4225 - 325 + 140 + 13 + 10 = 7; du = 0.02 (0.2 * -65 + 13) = 0.
  Network net(0.1);
  net.population("n", "izhikevich", 1);
  constantInput(net, "n", {10.0});
  Recording rec = simulate(net, 1);
  EXPECT_NEAR(at(rec.population("n").state.at("v"), 0), -64.3, 1e-11);
  EXPECT_NEAR(at(rec.population("n").state.at("u"), 0), -13.0, 1e-11);
}

TEST(Izhikevich, SettlesAtItsRestingPointWithoutInput) {
  // Fixed points of the regular-spiking cell with I = 0: u = 0.2 v and
  // 0.04 v^2 + 4.8 v + 140 = 0, so v = -70 (stable) or -50.
  Network net(0.1);
  net.population("n", "izhikevich", 1);
  constantInput(net, "n", {0.0});
  Recording rec = simulate(net, 10000);
  const PopulationTrace &n = rec.population("n");
  EXPECT_EQ(n.spikeCount(), 0);
  EXPECT_NEAR(at(n.state.at("v"), 9999), -70.0, 0.05);
  EXPECT_NEAR(at(n.state.at("u"), 9999), -14.0, 0.05);
}

TEST(Izhikevich, RegularSpikingFiresTonicallyAndAdapts) {
  const double dt = 0.1;
  const int64_t steps = 10000; // 1 s
  Network net(dt);
  net.population("n", "izhikevich", 1);
  constantInput(net, "n", {10.0});
  Recording rec = simulate(net, steps);
  const PopulationTrace &n = rec.population("n");
  std::vector<int64_t> spikes = n.spikeSteps(0);
  double rateHz = double(spikes.size()) / (steps * dt / 1000.0);
  EXPECT_GE(rateHz, 5.0);
  EXPECT_LE(rateHz, 50.0);
  ASSERT_GE(spikes.size(), 4u);
  // Spike-frequency adaptation: the first interval is the shortest.
  EXPECT_LT(spikes[1] - spikes[0], spikes.back() - spikes[spikes.size() - 2]);
  for (int64_t s : spikes) {
    EXPECT_GT(at(n.margin, s), 0.0);
    EXPECT_EQ(at(n.state.at("v"), s), -65.0); // reset to c
    // u took its Euler step, then gained d = 8.
    double v0 = at(n.state.at("v"), s - 1), u0 = at(n.state.at("u"), s - 1);
    EXPECT_NEAR(at(n.state.at("u"), s), u0 + dt * 0.02 * (0.2 * v0 - u0) + 8.0, 1e-9);
  }
  for (int64_t t = 0; t < steps; ++t)
    ASSERT_TRUE(std::isfinite(at(n.state.at("v"), t)) && std::isfinite(at(n.state.at("u"), t)));
}

TEST(Adex, StaysFiniteWhileFiring) {
  const double dt = 0.1;
  const int64_t steps = 5000;
  Network net(dt);
  net.population("n", "adex", 1);
  constantInput(net, "n", {1000.0}); // pA, above rheobase (~0.6 nA)
  Recording rec = simulate(net, steps);
  const PopulationTrace &n = rec.population("n");
  std::vector<int64_t> spikes = n.spikeSteps(0);
  EXPECT_GE(spikes.size(), 3u);
  for (int64_t t = 0; t < steps; ++t) {
    ASSERT_TRUE(std::isfinite(at(n.state.at("v"), t))) << "step " << t;
    ASSERT_TRUE(std::isfinite(at(n.state.at("w"), t))) << "step " << t;
    ASSERT_TRUE(std::isfinite(at(n.margin, t))) << "step " << t;
  }
  for (int64_t s : spikes) {
    ASSERT_GT(s, 0);
    EXPECT_EQ(at(n.state.at("v"), s), -70.6);
    double v0 = at(n.state.at("v"), s - 1), w0 = at(n.state.at("w"), s - 1);
    EXPECT_NEAR(at(n.state.at("w"), s), w0 + dt * (4.0 * (v0 + 70.6) - w0) / 144.0 + 80.5, 1e-9);
  }
}

TEST(Adex, ExponentIsCappedAt80) {
  // delta_t = 0.1 and v = v_peak = 0 put (v - v_t) / delta_t at 504; the
  // guard uses exp(80), and the result fires and resets.
  const double dt = 0.1;
  Network net(dt);
  net.population("n", "adex", 1).param("delta_t", {0.1}).init("v", {0.0});
  constantInput(net, "n", {0.0});
  Recording rec = simulate(net, 1);
  const PopulationTrace &n = rec.population("n");
  double v1 = 0.0 + dt / 281.0 * (-30.0 * (0.0 + 70.6) + 30.0 * 0.1 * std::exp(80.0));
  EXPECT_TRUE(std::isfinite(at(n.margin, 0)));
  EXPECT_NEAR(at(n.margin, 0) / v1, 1.0, 1e-12);
  EXPECT_EQ(at(n.state.at("v"), 0), -70.6);
  EXPECT_NEAR(at(n.state.at("w"), 0), 0.1 * 4.0 * 70.6 / 144.0 + 80.5, 1e-12);
}

//===----------------------------------------------------------------------===//
// Synapses
//===----------------------------------------------------------------------===//

namespace {

/// One unit spike in step 0 through `synapse` (delay 1) into a graded li;
/// returns the projection's output per step.
Series unitResponse(double dt, double weight, const std::string &synapse,
                    std::map<std::string, Values> params, int64_t steps) {
  Network net(dt);
  net.population("in", "spike_source", 1).external("spikes", spikesAt(steps, 1, {{0, 0}}));
  net.population("out", "li", 1).graded("v");
  net.projection("p", "in", "out", oneToOneSynapses(1, {weight})).synapse(synapse, params);
  return simulate(net, steps).projection("p").output;
}

} // namespace

TEST(Synapse, AlphaPeaksAtOneAtTau) {
  for (double dt : {1.0, 0.5}) {
    const double tau = 5.0;
    Series out = unitResponse(dt, 1.0, "alpha", {{"tau", {tau}}}, 60);
    EXPECT_EQ(at(out, 0), 0.0);
    int64_t peak = 0;
    for (int64_t step = 1; step < 60; ++step) {
      double s = (step - 1) * dt; // time since arrival
      EXPECT_NEAR(at(out, step), std::exp(1.0) * s / tau * std::exp(-s / tau), kTol);
      if (at(out, step) > at(out, peak))
        peak = step;
    }
    EXPECT_EQ(peak, 1 + int64_t(tau / dt));
    EXPECT_NEAR(at(out, peak), 1.0, kTol);
  }
}

TEST(Synapse, ExpCurrentDecaysFromTheWeight) {
  const double dt = 0.5, tau = 4.0;
  Series out = unitResponse(dt, 2.0, "exp_current", {{"tau", {tau}}}, 30);
  EXPECT_EQ(at(out, 0), 0.0);
  for (int64_t step = 1; step < 30; ++step)
    EXPECT_NEAR(at(out, step), 2.0 * std::exp(-(step - 1) * dt / tau), kTol);
}

TEST(Synapse, ExpCondDrivesTowardsReversalWithLastStepsV) {
  const double dt = 1.0, tauG = 5.0, tauM = 10.0, vRest = -65.0, w = 0.5;
  const int64_t steps = 20;
  Network net(dt);
  net.population("in", "spike_source", 1).external("spikes", spikesAt(steps, 1, {{0, 0}}));
  net.population("out", "li", 1)
      .param("tau_m", {tauM})
      .param("v_rest", {vRest})
      .init("v", {vRest})
      .graded("v");
  net.projection("p", "in", "out", oneToOneSynapses(1, {w}))
      .synapse("exp_cond", {{"tau", {tauG}}, {"e_rev", {0.0}}});
  Recording rec = simulate(net, steps);
  const Series &out = rec.projection("p").output;
  const Series &v = rec.population("out").state.at("v");
  double vLast = vRest; // the membrane before this step's update
  for (int64_t step = 0; step < steps; ++step) {
    double g = step >= 1 ? w * std::exp(-(step - 1) * dt / tauG) : 0.0;
    double current = g * (0.0 - vLast);
    EXPECT_NEAR(at(out, step), current, kTol) << "step " << step;
    vLast = vRest + current + (vLast - vRest - current) * std::exp(-dt / tauM);
    EXPECT_NEAR(at(v, step), vLast, kTol) << "step " << step;
  }
}

TEST(Synapse, ProjectionsIntoOnePortAddUp) {
  const double dt = 0.5;
  Network net(dt);
  net.population("in", "spike_source", 1).external("spikes", spikesAt(8, 1, {{0, 0}}));
  net.population("n", "lif", 1).param("v_th", {100.0});
  constantInput(net, "n", {0.2});
  net.projection("p", "in", "n", oneToOneSynapses(1, {1.0})).synapse("exp_current", {{"tau", {2.0}}});
  Recording rec = simulate(net, 8);
  const Series &port = rec.population("n").port.at("i_syn");
  for (int64_t step = 0; step < 8; ++step)
    EXPECT_NEAR(at(port, step), 0.2 + (step >= 1 ? std::exp(-(step - 1) * dt / 2.0) : 0.0), kTol);
}

//===----------------------------------------------------------------------===//
// Delays and graded outputs
//===----------------------------------------------------------------------===//

TEST(Delay, SpikeInStepSArrivesInStepSPlusD) {
  Network net(1.0);
  net.population("in", "spike_source", 1).external("spikes", spikesAt(10, 1, {{2, 0}}));
  net.population("out", "li", 2).graded("v");
  net.projection("p", "in", "out", {{0, 0, 0.5, 1}, {0, 1, 0.25, 3}, {0, 1, 4.0, 5}});
  Recording rec = simulate(net, 10);
  const Series &delivered = rec.projection("p").delivered;
  for (int64_t step = 0; step < 10; ++step) {
    EXPECT_EQ(at(delivered, step, 0), step == 3 ? 0.5 : 0.0) << "step " << step;
    EXPECT_EQ(at(delivered, step, 1), step == 5 ? 0.25 : step == 7 ? 4.0 : 0.0)
        << "step " << step;
  }
}

TEST(Graded, OutputIsTheStateValueDeliveredWithItsDelay) {
  // current_source copies current[t] = t + 1 into i; a one_to_one
  // projection (w = 2, delay 2) delivers 2 i(t - 2) = 2 (t - 1) in step t.
  const int64_t steps = 6;
  Series current;
  for (int64_t t = 0; t < steps; ++t)
    current.push_back({double(t + 1)});
  Network net(1.0);
  net.population("src", "current_source", 1).external("current", current).graded("i");
  net.population("out", "li", 1).graded("v");
  net.projection("p", "src", "out", oneToOneSynapses(1, {2.0}, 2));
  Recording rec = simulate(net, steps);
  for (int64_t t = 0; t < steps; ++t) {
    EXPECT_EQ(at(rec.population("src").output, t), double(t + 1));
    EXPECT_EQ(at(rec.projection("p").delivered, t), t >= 2 ? 2.0 * double(t - 1) : 0.0);
    EXPECT_EQ(at(rec.population("out").output, t), at(rec.population("out").state.at("v"), t));
  }
  EXPECT_EQ(rec.population("src").spikeCount(), 0);
  EXPECT_TRUE(std::isinf(at(rec.population("src").margin, 0)));
}

//===----------------------------------------------------------------------===//
// Sources
//===----------------------------------------------------------------------===//

TEST(Sources, SpikeSourceMarginIsSpikesMinusHalf) {
  Network net(1.0);
  net.population("s", "spike_source", 2).external("spikes", {{1.0, 0.0}, {0.0, 0.7}});
  Recording rec = simulate(net, 2);
  const PopulationTrace &s = rec.population("s");
  EXPECT_EQ(at(s.margin, 0, 0), 0.5);
  EXPECT_EQ(at(s.margin, 0, 1), -0.5);
  EXPECT_EQ(s.spikeSteps(0), (std::vector<int64_t>{0}));
  EXPECT_EQ(s.spikeSteps(1), (std::vector<int64_t>{1}));
}

TEST(Sources, LatencyFiresOnceNearestTMaxTimesOneMinusValue) {
  // t_fire = 50 (1 - value): 25 ms -> step 25; 5 ms -> step 5; above 1 ->
  // step 0; at or below threshold 0.01 -> never.
  Network net(1.0);
  net.population("l", "latency", 5).external("value", {{0.5, 0.9, 1.2, 0.005, 0.01}});
  Recording rec = simulate(net, 60);
  const PopulationTrace &l = rec.population("l");
  EXPECT_EQ(l.spikeSteps(0), (std::vector<int64_t>{25}));
  EXPECT_EQ(l.spikeSteps(1), (std::vector<int64_t>{5}));
  EXPECT_EQ(l.spikeSteps(2), (std::vector<int64_t>{0}));
  EXPECT_TRUE(l.spikeSteps(3).empty());
  EXPECT_TRUE(l.spikeSteps(4).empty());
  EXPECT_NEAR(at(l.state.at("t"), 59), 60.0, kTol);
  EXPECT_EQ(at(l.state.at("fired"), 24, 0), 0.0);
  EXPECT_EQ(at(l.state.at("fired"), 25, 0), 1.0);
}

TEST(Sources, PoissonSpikesWhereTheDrawIsBelowRateTimesDt) {
  // 100 Hz for 1 ms: p = 0.1.
  Network net(1.0);
  net.population("p", "poisson", 3).external("rate", {{100.0, 100.0, 100.0}}).uniforms({{0.05, 0.1, 0.15}});
  Recording rec = simulate(net, 1);
  const PopulationTrace &p = rec.population("p");
  EXPECT_EQ(p.spikes[0], (std::vector<uint8_t>{1, 0, 0}));
  EXPECT_NEAR(at(p.margin, 0, 0), 0.05, kTol);
  EXPECT_NEAR(at(p.margin, 0, 1), 0.0, kTol);
}

TEST(Sources, PoissonWithPhiloxHasItsRateAndRepeats) {
  const int64_t n = 200, steps = 500;
  auto run = [&](uint64_t seed) {
    Network net(1.0);
    net.population("noise", "poisson", n)
        .external("rate", {std::vector<double>(size_t(n), 50.0)})
        .philoxSeed(seed);
    return simulate(net, steps).population("noise");
  };
  PopulationTrace a = run(7), b = run(7), c = run(8);
  EXPECT_EQ(a.spikes, b.spikes);
  EXPECT_NE(a.spikes, c.spikes);
  // Bernoulli with p = 0.05 over 100000 draws: mean 5000, sd ~ 69.
  EXPECT_NEAR(double(a.spikeCount()), 5000.0, 5 * 69.0);
  // The draw for neuron 3 in step 11 is on the stream "noise/threshold/0".
  EXPECT_NEAR(at(a.margin, 11, 3), 0.05 - modelUniform(7, 11, 3, "noise/threshold/0"), kTol);
}

//===----------------------------------------------------------------------===//
// The random number scheme
//===----------------------------------------------------------------------===//

TEST(Plasticity, PairStdpPotentiatesThenDepressesByTheTraces) {
  // pre spikes at steps 2 and 12; a teacher makes post spike at step 7
  // (its spike at 6 arrives at 7 with weight 100). docs/rules/stdp_pair.md:
  // at the end of step 7, on_post reads x = d^5 (x jumped to 1 at step 2
  // and decayed in steps 2..6, d = exp(-dt / tau_plus)) and adds a_plus x;
  // the pre spike of step 12 arrives at 13, where on_pre reads y = e^6
  // (post spiked at 7; decays in steps 7..12, e = exp(-dt / tau_minus)),
  // subtracts a_minus y, and delivers the new weight.
  const int64_t steps = 20;
  const double aPlus = 0.1, aMinus = 0.05, tauPlus = 10.0, tauMinus = 15.0;
  const double w0 = 0.3;
  Network net(1.0);
  net.population("pre", "spike_source", 1)
      .external("spikes", spikesAt(steps, 1, {{2, 0}, {12, 0}}));
  net.population("teacher", "spike_source", 1)
      .external("spikes", spikesAt(steps, 1, {{6, 0}}));
  net.population("post", "lif", 1);
  net.projection("learn", "pre", "post", denseSynapses(1, 1, {w0}))
      .plasticity("stdp_pair", {{"a_plus", aPlus},
                                {"a_minus", aMinus},
                                {"tau_plus", tauPlus},
                                {"tau_minus", tauMinus}});
  net.projection("teach", "teacher", "post", denseSynapses(1, 1, {100.0}));
  Recording rec = simulate(net, steps);
  ASSERT_EQ(rec.population("post").spikeSteps(0), (std::vector<int64_t>{7}));

  const ProjectionTrace &learn = rec.projection("learn");
  double d = std::exp(-1.0 / tauPlus), e = std::exp(-1.0 / tauMinus);
  double w1 = w0 + aPlus * std::pow(d, 5);
  double w2 = w1 - aMinus * std::pow(e, 6);
  for (int64_t t = 0; t < steps; ++t) {
    double want = t < 7 ? w0 : t < 13 ? w1 : w2;
    EXPECT_NEAR(at(learn.weights, t), want, 1e-12) << "step " << t;
  }
  // The pre spike of step 2 arrived at 3 before any post spike: y = 0 then,
  // and the weight went out unchanged; the one of step 12 carried w2.
  EXPECT_NEAR(at(learn.delivered, 3), w0, 1e-12);
  EXPECT_NEAR(at(learn.delivered, 13), w2, 1e-12);
  // The traces: x jumps then decays within the spike's step.
  EXPECT_NEAR(at(learn.pre.at("x"), 2), d, 1e-12);
  EXPECT_NEAR(at(learn.post.at("y"), 7), e, 1e-12);
  EXPECT_NEAR(at(learn.post.at("y"), 6), 0.0, 1e-12);
}

TEST(Plasticity, WeightsStayWithinTheirBounds) {
  // Every pre spike arrives while y is large: depression stops at 0; every
  // post spike while x is large: potentiation stops at w_max.
  const int64_t steps = 60;
  Series preSpikes = spikesAt(steps, 1, {}), teach = spikesAt(steps, 1, {});
  for (int64_t t = 0; t < steps; t += 2) {
    preSpikes[size_t(t)][0] = 1.0;
    teach[size_t(t)][0] = 1.0;
  }
  Network net(1.0);
  net.population("pre", "spike_source", 1).external("spikes", preSpikes);
  net.population("teacher", "spike_source", 1).external("spikes", teach);
  net.population("post", "lif", 1).param("t_ref", {0.0});
  net.projection("up", "pre", "post", denseSynapses(1, 1, {0.9}))
      .plasticity("stdp_pair", {{"a_plus", 0.5}, {"a_minus", 0.0}, {"w_max", 1.0}});
  net.projection("down", "pre", "post", denseSynapses(1, 1, {0.1}))
      .plasticity("stdp_pair", {{"a_plus", 0.0}, {"a_minus", 0.5}});
  net.projection("teach", "teacher", "post", denseSynapses(1, 1, {100.0}));
  Recording rec = simulate(net, steps);
  EXPECT_GT(rec.population("post").spikeCount(), 10);
  EXPECT_EQ(at(rec.projection("up").weights, steps - 1), 1.0);
  EXPECT_EQ(at(rec.projection("down").weights, steps - 1), 0.0);
}

TEST(Random, PhiloxKnownAnswers) {
  // The philox4x32 10-round vectors published with Random123 (kat_vectors).
  EXPECT_EQ(philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (Counter{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}));
  EXPECT_EQ(philox4x32_10({~0u, ~0u, ~0u, ~0u}, {~0u, ~0u}),
            (Counter{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}));
  EXPECT_EQ(philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                          {0xa4093822u, 0x299f31d0u}),
            (Counter{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}));
}

TEST(Random, Fnv1aKnownAnswers) {
  EXPECT_EQ(fnv1a32(""), 0x811c9dc5u);
  EXPECT_EQ(fnv1a32("a"), 0xe40c292cu);
  EXPECT_EQ(fnv1a32("foobar"), 0xbf9cf968u);
}

TEST(Random, UniformUsesTheTop24Bits) {
  EXPECT_EQ(uniformFromWord(0x000000ffu), 0.0);
  EXPECT_EQ(uniformFromWord(0x00000100u), std::ldexp(1.0, -24));
  EXPECT_EQ(uniformFromWord(0xffffffffu), 1.0 - std::ldexp(1.0, -24));
}

//===----------------------------------------------------------------------===//
// Checking
//===----------------------------------------------------------------------===//

TEST(Check, RefusesWhatTheDialectRefuses) {
  auto problem = [](auto build) {
    Network net(1.0);
    net.population("src", "spike_source", 2).external("spikes", {{0.0, 0.0}});
    build(net);
    return net.check(5);
  };
  auto contains = [](const std::string &text, const char *part) {
    return text.find(part) != std::string::npos;
  };
  EXPECT_EQ(problem([](Network &) {}), "");
  EXPECT_TRUE(contains(problem([](Network &net) { net.population("x", "lfi", 1); }),
                       "no built-in neuron model 'lfi'"));
  EXPECT_TRUE(contains(problem([](Network &net) { net.population("x", "lif", 1).param("tau", {1.0}); }),
                       "no parameter 'tau'"));
  EXPECT_TRUE(contains(problem([](Network &net) { net.population("x", "lif", 2).param("tau_m", {0.0}); }),
                       "must be positive"));
  EXPECT_TRUE(contains(problem([](Network &net) { net.population("x", "lif", 3).init("v", {0.0, 1.0}); }),
                       "needs 1 or 3 values"));
  EXPECT_TRUE(contains(problem([](Network &net) { net.population("x", "li", 1); }),
                       "make the population graded"));
  EXPECT_TRUE(contains(problem([](Network &net) { net.population("x", "poisson", 1).philoxSeed(1); }),
                       "external 'rate' is not given"));
  EXPECT_TRUE(contains(problem([](Network &net) {
                         net.population("x", "lif", 1);
                         net.projection("p", "src", "x", {{0, 0, 1.0, 0}});
                       }),
                       "delays are whole steps >= 1"));
  EXPECT_TRUE(contains(problem([](Network &net) {
                         net.population("x", "lif", 1);
                         net.projection("p", "src", "x", {{2, 0, 1.0, 1}});
                       }),
                       "out of range"));
  EXPECT_TRUE(contains(problem([](Network &net) {
                         net.population("x", "lif_cond", 1);
                         net.projection("p", "src", "x", {});
                       }),
                       "several input ports"));
  EXPECT_TRUE(contains(problem([](Network &net) {
                         net.population("x", "lif_cond", 1);
                         net.projection("p", "src", "x", {}).synapse("exp_current");
                       }),
                       "no input port 'i_syn'"));
}
