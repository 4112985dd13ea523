// e-prop's rules (docs/rules/eprop.md): the threshold kernel of a
// population whose surrogate derivative a rule reads keeps its margin in
// `<pop>.margin`, and the rule's synapse region evaluates the surrogate
// there. test/numeric/EpropVsReferenceTest.cpp checks what they compute.
// RUN: snn-opt %s --snn-schedule --split-input-file --verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @ep_run(
// CHECK-SAME: snn.buffer = "in_rec.syn.ea"
// CHECK-SAME: snn.buffer = "in_rec.syn.ebar"
// CHECK-SAME: snn.buffer = "in_rec.syn.ev"
// CHECK-SAME: %[[MBUF:arg[0-9]+]]: memref<1x5xf32> {llvm.noalias, snn.buffer = "rec.margin", snn.role = "state"}
// CHECK-SAME: snn.buffer = "rec_out.syn.ev"
// The threshold kernel writes the spike and the margin.
// CHECK: outs(%{{.*}}, %[[MBUF]] : memref<1x5xi8>, memref<1x5xf32>)
// CHECK: %[[C:[0-9]+]] = arith.cmpf ogt, %[[M:[0-9]+]], %{{.*}} {snn.heaviside} : f32
// CHECK-NEXT: %[[S:[0-9]+]] = arith.extui %[[C]]
// CHECK-NEXT: linalg.yield %[[S]], %[[M]] : i8, f32
// In the synapse region, the fast sigmoid with slope 1 at the loaded
// margin: 1 / (1 + |m|)^2.
// CHECK: %[[MARGIN:.*]] = memref.load %[[MBUF]][%{{.*}}, %{{.*}}] : memref<1x5xf32>
// CHECK: %[[ABS:.*]] = math.absf %[[MARGIN]] : f32
// CHECK: %[[KM:.*]] = arith.mulf %{{.*}}, %[[ABS]] : f32
// CHECK: %[[D:.*]] = arith.addf %{{.*}}, %[[KM]] : f32
// CHECK: %[[DD:.*]] = arith.mulf %[[D]], %[[D]] : f32
// CHECK: arith.divf %{{.*}}, %[[DD]] : f32
snn.network @ep dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @rec 5 model @alif
  snn.population @out 2 model @li graded "v"
  snn.modulator @l [5]
  snn.modulator @err [2]
  snn.projection @in_rec @in -> @rec connect #snn.dense plasticity @eprop_alif modulators {learning_signal = @l}
  snn.projection @rec_rec @rec -> @rec connect #snn.dense plasticity @eprop_alif modulators {learning_signal = @l}
  snn.projection @rec_out @rec -> @out connect #snn.dense plasticity @eprop_readout modulators {error = @err}
}

// -----

// A surrogate named on the op: arctan with slope 2,
// (k / 2) / (1 + (pi k m / 2)^2).
// CHECK-LABEL: func.func @named_run(
// CHECK-SAME: %[[MBUF:arg[0-9]+]]: memref<1x3xf32> {llvm.noalias, snn.buffer = "out.margin", snn.role = "state"}
// CHECK: %[[MARGIN:.*]] = memref.load %[[MBUF]][%{{.*}}, %{{.*}}] : memref<1x3xf32>
// CHECK: %[[X:.*]] = arith.mulf %{{.*}}, %[[MARGIN]] : f32
// CHECK: %[[X2:.*]] = arith.mulf %[[X]], %[[X]] : f32
// CHECK: %[[DEN:.*]] = arith.addf %{{.*}}, %[[X2]] : f32
// CHECK: arith.divf %{{.*}}, %[[DEN]] : f32
snn.plasticity_model @psi_drift params {rate = 0.01} {
  synapse_dynamics {
    %w = snn.get "w" : f32
    %r = snn.get "rate" : f32
    %s = snn.get_post_surrogate "arctan" slope 2.0 : f32
    %d = arith.mulf %r, %s : f32
    %w1 = arith.addf %w, %d : f32
    snn.set "w", %w1 : f32
  }
}
snn.network @named dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 3 model @lif
  snn.projection @p @in -> @out connect #snn.dense plasticity @psi_drift
}

// -----

snn.network @nothr dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.modulator @l [2]
  // expected-error @+1 {{projection @p: plasticity @eprop_lif reads the post neuron's surrogate derivative, but @out's model @li has no threshold}}
  snn.projection @p @in -> @out connect #snn.dense plasticity @eprop_lif modulators {learning_signal = @l}
}

// -----

snn.network @noadapt dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @lif
  snn.modulator @l [2]
  // expected-error @+1 {{projection @p: plasticity_model @eprop_alif reads postsynaptic 'tau_adapt', which the postsynaptic population does not have}}
  snn.projection @p @in -> @out connect #snn.dense plasticity @eprop_alif modulators {learning_signal = @l}
}

// -----

// The kept margin would take the name of the neuron's own variable.
snn.neuron_model @has_margin params {v_th = 1.0} state {v = 0.0, margin = 0.0}
    inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i_syn" : f32
    %v1 = arith.addf %v, %i : f32
    snn.set "v", %v1 : f32
    snn.set "margin", %v1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "v_th" : f32
    %m = arith.subf %v, %th : f32
    snn.yield %m : f32
  }
}
snn.plasticity_model @psi_only {
  synapse_dynamics {
    %w = snn.get "w" : f32
    %s = snn.get_post_surrogate : f32
    %w1 = arith.addf %w, %s : f32
    snn.set "w", %w1 : f32
  }
}
snn.network @clash dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @has_margin
  // expected-error @+1 {{projection @p: plasticity @psi_only reads the post neuron's surrogate derivative, but @out has a variable named 'margin' already}}
  snn.projection @p @in -> @out connect #snn.dense plasticity @psi_only
}
