// Round trip of the network-level ops: printing then parsing gives the same
// text, and the printed form is the readable one.
// RUN: snn-opt %s | FileCheck %s
// RUN: snn-opt %s > %t.1.mlir && snn-opt %t.1.mlir > %t.2.mlir && diff %t.1.mlir %t.2.mlir
// RUN: snn-opt %s --mlir-print-op-generic | snn-opt | FileCheck %s

// CHECK-LABEL: snn.network @coba dt 0.1 {
snn.network @coba dt 0.1 {
  // CHECK: snn.population @exc 3200 model @lif_cond {tau_m = 20.0, v_th = -50.0} init {v = #snn.uniform<-60.0, -50.0>}
  snn.population @exc 3200 model @lif_cond {tau_m = 20.0 : f32, v_th = -50.0} init {v = #snn.uniform<-60.0, -50.0>}
  // CHECK: snn.population @inh 800 model @lif_cond{{$}}
  snn.population @inh 800 model @lif_cond
  // CHECK: snn.projection @ee @exc -> @exc connect #snn.fixed_probability<0.02> weight 0.6 synapse @exp_current {tau = 5.0} port "ge"
  snn.projection @ee @exc -> @exc connect #snn.fixed_probability<0.02> weight 0.6 synapse @exp_current {tau = 5} port "ge"
  // CHECK: snn.projection @ie @inh -> @exc connect #snn.fixed_probability<0.02> weight #snn.constant<6.7> delay 1 synapse @exp_current {tau = 10.0} port "gi"
  snn.projection @ie @inh -> @exc connect #snn.fixed_probability<0.02> weight #snn.constant<6.7> delay 1 synapse @exp_current {tau = 10.0} port "gi"
  // CHECK: snn.monitor @exc_spikes spikes of @exc{{$}}
  snn.monitor @exc_spikes spikes of @exc
  // CHECK: snn.monitor @exc_v "v" of @exc every 10
  snn.monitor @exc_v "v" of @exc every 10
  // CHECK: snn.monitor @w_ee "w" of @ee
  snn.monitor @w_ee "w" of @ee every 1
}

// Per-entry weights: one network per batch entry.
// CHECK-LABEL: snn.network @individuals dt 1.0 batch 4 {
snn.network @individuals dt 1.0 batch 4 {
  snn.population @in 3 model @poisson
  snn.population @out 2 model @lif
  // CHECK: snn.projection @io @in -> @out connect #snn.dense weight #snn.uniform<-1.0, 1.0> per_entry bias 0.1
  snn.projection @io @in -> @out connect #snn.dense weight #snn.uniform<-1.0, 1.0> per_entry bias 0.1
  // CHECK: snn.projection @oo @out -> @out connect #snn.one_to_one per_entry{{$}}
  snn.projection @oo @out -> @out connect #snn.one_to_one per_entry
  // CHECK: snn.population @kinds 2 model @lif {tau_m = 12.0} graded "v" per_entry ["tau_m", "v_th"]{{$}}
  snn.population @kinds 2 model @lif {tau_m = 12.0 : f32} graded "v" per_entry ["tau_m", "v_th"]
  // One stimulus for every entry: entry 0's draws.
  // CHECK: snn.population @common 3 model @poisson shared_draws{{$}}
  snn.population @common 3 model @poisson shared_draws
  // CHECK: snn.population @coins 2 model @bernoulli shared_draws{{$}}
  snn.population @coins 2 model @bernoulli shared_draws
}

// CHECK-LABEL: snn.network @batched dt 1.0 batch 16 attributes {note = "sweep"} {
snn.network @batched dt 1.0 batch 16 attributes {note = "sweep"} {
  // CHECK: snn.population @img [1, 28, 28] model @spike_source
  snn.population @img [1, 28, 28] model @spike_source
  // CHECK: snn.population @c1 [4, 28, 28] model @lif {v_th = dense<{{.*}}> : tensor<4x28x28xf32>}
  snn.population @c1 [4, 28, 28] model @lif {v_th = dense<1.0> : tensor<4x28x28xf32>}
  // CHECK: snn.population @out 10 model @li graded "v"
  snn.population @out 10 model @li graded "v"
  // CHECK: snn.projection @conv @img -> @c1 connect #snn.conv2d<in_channels = 1, out_channels = 4, kernel = [5, 5], padding = [2, 2]> weight #snn.normal<0.0, 0.1> bias #snn.constant<0.1>
  snn.projection @conv @img -> @c1 connect #snn.conv2d<in_channels = 1, out_channels = 4, kernel = [5, 5], padding = [2, 2]> weight #snn.normal<0.0, 0.1> bias #snn.constant<0.1>
  // CHECK: snn.projection @fc @c1 -> @out connect #snn.dense weight #snn.uniform<-0.05, 0.05> bias dense<{{.*}}> : tensor<10xf32>
  snn.projection @fc @c1 -> @out connect #snn.dense weight #snn.uniform<-0.05, 0.05> bias dense<0.0> : tensor<10xf32>
  // CHECK: snn.modulator @reward{{$}}
  snn.modulator @reward
  // CHECK: snn.modulator @error 10
  snn.modulator @error [10]
}

// -----

// Population mechanisms round-trip.
// CHECK-LABEL: snn.network @mechanisms
// CHECK: snn.spike_filter @wta of @exc k 2 losers "reset"
// CHECK: snn.homeostasis @h of @exc "theta" target_rate 5.000000e+00 rate 1.000000e-01 min 0.000000e+00
// CHECK: snn.synaptic_scaling @s of @exc target_rate 1.000000e+01 tau 1.000000e+03
// CHECK: snn.structural_plasticity @all of @p prune_threshold 0.00999999977 growth_rate 1.000000e-01 every 10{{$}}
// CHECK: snn.structural_plasticity @rows of @p prune_threshold 0.00999999977 growth_rate 5.000000e-01 per_row{{$}}
snn.network @mechanisms dt 1.0 {
  snn.population @exc 4 model @diehl_cook
  snn.projection @p @exc -> @exc connect #snn.dense
  snn.spike_filter @wta of @exc k 2 losers "reset"
  snn.homeostasis @h of @exc "theta" target_rate 5.0 rate 0.1 min 0.0
  snn.synaptic_scaling @s of @exc target_rate 10.0 tau 1000.0
  snn.structural_plasticity @all of @p prune_threshold 0.01 growth_rate 0.1 every 10
  snn.structural_plasticity @rows of @p prune_threshold 0.01 growth_rate 0.5 per_row
}

// -----

// Reals without a decimal point in their shortest form print with one, so
// the printed network parses again (MLIR's lexer reads `3e+38` as 3).
// CHECK-LABEL: snn.network @exponents
// CHECK: snn.population @p 2 model @lif {tau_m = 1.0e-05, v_th = 3.0e+38}
snn.network @exponents dt 1.0 {
  snn.population @p 2 model @lif {tau_m = 1.0e-5, v_th = 3.0e38}
}
