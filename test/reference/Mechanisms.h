//===- Mechanisms.h - population-level mechanisms of the reference -*- C++ -*-===//
//
// The arithmetic of docs/plasticity.md's population mechanisms, written
// from that page, on plain vectors; ReferenceSim.cpp calls them in the
// step's order.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TEST_REFERENCE_MECHANISMS_H
#define SNN_TEST_REFERENCE_MECHANISMS_H

#include <cstdint>
#include <string>
#include <vector>

namespace snnref {

/// snn.spike_filter: which of the neurons with a positive margin keep their
/// spike. `by[i]` ranks them (highest first, the lower index among equals);
/// at most `k` win; with `radius` >= 0 on a [C, height, width] layer each
/// winner silences the other candidates within `radius` positions.
std::vector<bool> winners(const std::vector<double> &margins,
                          const std::vector<double> &by, int64_t k,
                          int64_t radius, int64_t height, int64_t width);

/// snn.homeostasis for one neuron: x + rate (spike - target dt / 1000),
/// clamped to [lo, hi].
double homeostasis(double x, double spike, double targetRate, double rate,
                   double dt, double lo, double hi);

/// snn.synaptic_scaling: updates the running rate `estimate` (-1: none
/// yet) from this step's spikes and returns the factor for the weights
/// (1 while the estimate is 0).
double scalingFactor(double &estimate, const std::vector<uint8_t> &spikes,
                     double dt, double targetRate, double tau, double lo,
                     double hi);

/// snn.structural_plasticity at `step` on one capacity (the indices of its
/// synapses into `w`, in order): prune |w| < prune, regrow the quota of
/// zero weights chosen by selection sampling on Philox draws (counter: the
/// synapse's index in `w`).
void rewire(std::vector<double> &w, const std::vector<size_t> &capacity,
            int64_t step, const std::string &name, uint64_t seed, double prune,
            double growthRate, double lo, double hi);

} // namespace snnref

#endif // SNN_TEST_REFERENCE_MECHANISMS_H
