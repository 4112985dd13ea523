// RUN: snn-opt %s --snn-expand-prelude | FileCheck %s
// Expanding twice changes nothing more:
// RUN: snn-opt %s --snn-expand-prelude > %t.1.mlir
// RUN: snn-opt %t.1.mlir --snn-expand-prelude > %t.2.mlir && diff %t.1.mlir %t.2.mlir

// Prelude models the network uses are copied in, in order of first use and
// ahead of the first network; the module's own @if wins over the prelude's.
// CHECK-LABEL: module {
// CHECK-NEXT:    snn.neuron_model @if params {v_th = 42.0}
// CHECK:         snn.neuron_model @poisson
// CHECK:         snn.neuron_model @lif params
// CHECK:         snn.synapse_model @exp_current params
// CHECK:         snn.synapse_model @alpha params
// CHECK:         snn.plasticity_model @stdp_pair_mult params {a_minus = 0.012, a_plus = 0.01, tau_minus = 20.0, tau_plus = 20.0, w_max = 1.0} pre_state {x = 0.0} post_state {y = 0.0}
// CHECK:         snn.network @net dt 1.0 {
// CHECK:         snn.network @other dt 0.5 {
// Models no network uses stay out:
// CHECK-NOT:     snn.neuron_model @izhikevich
// CHECK-NOT:     snn.neuron_model
// Each model is defined once:
// RUN: snn-opt %s --snn-expand-prelude | grep -c "snn.neuron_model @lif " | FileCheck %s --check-prefix=ONCE
// RUN: snn-opt %s --snn-expand-prelude | grep -c "snn.neuron_model @if " | FileCheck %s --check-prefix=ONCE
// ONCE: 1

snn.neuron_model @if params {v_th = 42.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    %t = snn.get "v_th" : f32
    %m = arith.subf %v, %t : f32
    snn.yield %m : f32
  }
}

snn.network @net dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @a 4 model @lif
  snn.population @b 4 model @if
  snn.projection @p @in -> @a connect #snn.dense synapse @exp_current
  snn.projection @q @a -> @b connect #snn.one_to_one synapse @alpha
}

snn.network @other dt 0.5 {
  snn.population @c 2 model @lif
}

// A plasticity rule from the prelude (docs/models.md), copied like the
// neuron and synapse models.
snn.network @learns dt 1.0 {
  snn.population @d 4 model @lif
  snn.projection @r @d -> @d connect #snn.dense plasticity @stdp_pair_mult
}
