//===- EpropModels.h - e-prop's rules in the reference simulator -*- C++ -*-===//
//
// Bellec et al. 2020's eligibility propagation as the prelude states it
// (docs/rules/eprop.md), written from the equations, independently of the
// prelude's MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TEST_REFERENCE_EPROPMODELS_H
#define SNN_TEST_REFERENCE_EPROPMODELS_H

#include "test/reference/Models.h"

namespace snnref::eprop {
/// Into @alif neurons (eligibility of the membrane and the adaptation).
PlasticityModel alif();
/// Into @lif neurons.
PlasticityModel lif();
/// Into an @li readout.
PlasticityModel readout();
} // namespace snnref::eprop

#endif // SNN_TEST_REFERENCE_EPROPMODELS_H
