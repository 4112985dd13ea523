// Round trip of the model ops and of every op used inside model regions.
// RUN: snn-opt %s | FileCheck %s
// RUN: snn-opt %s > %t.1.mlir && snn-opt %t.1.mlir > %t.2.mlir && diff %t.1.mlir %t.2.mlir
// RUN: snn-opt %s --mlir-print-op-generic | snn-opt | FileCheck %s

// CHECK-LABEL: snn.neuron_model @my_lif params {tau_m = 20.0, v_th = 1.0} state {v = 0.0} inputs ["i_syn"] {
// CHECK-NEXT:    update {
// CHECK-NEXT:      %[[V:.*]] = snn.get "v" : f32
// CHECK-NEXT:      %[[I:.*]] = snn.get "i_syn" : f32
// CHECK-NEXT:      %[[TAU:.*]] = snn.get "tau_m" : f32
// CHECK-NEXT:      %[[DT:.*]] = snn.dt : f32
// CHECK:           snn.set "v", %{{.*}} : f32
// CHECK-NEXT:    }
// CHECK-NEXT:    threshold {
// CHECK:           snn.yield %{{.*}} : f32
// CHECK-NEXT:    }
// CHECK-NEXT:    reset {
// CHECK-NEXT:      %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      snn.set "v", %[[Z]] : f32
// CHECK-NEXT:    }
// CHECK-NEXT:  }
snn.neuron_model @my_lif params {tau_m = 20.0, v_th = 1.0} state {v = 0.0} inputs ["i_syn"] {
  // Regions may be written in any order; they print in declaration order.
  reset {
    %z = arith.constant 0.0 : f32
    snn.set "v", %z : f32
  }
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i_syn" : f32
    %tau = snn.get "tau_m" : f32
    %dt = snn.dt : f32
    %k = arith.divf %dt, %tau : f32
    %d = arith.subf %i, %v : f32
    %dv = arith.mulf %k, %d : f32
    %v1 = arith.addf %v, %dv : f32
    snn.set "v", %v1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "v_th" : f32
    %m = arith.subf %v, %th : f32
    snn.yield %m : f32
  }
}

// A source with external data and random numbers, no update or reset.
// CHECK-LABEL: snn.neuron_model @my_poisson external ["rate"] {
// CHECK:         %{{.*}} = snn.random_uniform : f32
// CHECK:         %{{.*}} = snn.random_normal {stream = 3 : i32} : f32
snn.neuron_model @my_poisson external ["rate"] {
  threshold {
    %rate = snn.get "rate" : f32
    %dt = snn.dt : f32
    %u = snn.random_uniform : f32
    %n = snn.random_normal {stream = 3 : i32} : f32
    %p = arith.mulf %rate, %dt : f32
    %k = arith.constant 1.0e-3 : f32
    %p1 = arith.mulf %p, %k : f32
    %m = arith.subf %p1, %u : f32
    %m1 = arith.addf %m, %n : f32
    snn.yield %m1 : f32
  }
}

// CHECK-LABEL: snn.synapse_model @my_cond params {e_rev = 0.0, tau = 5.0} state {g = 0.0} target "i_syn" {
// CHECK-NEXT:    dynamics {
// CHECK:           %{{.*}} = snn.get_delivered : f32
// CHECK:         output {
// CHECK:           %{{.*}} = snn.get_post "v" : f32
// CHECK:           snn.yield %{{.*}} : f32
snn.synapse_model @my_cond params {tau = 5.0, e_rev = 0.0} state {g = 0.0} target "i_syn" {
  dynamics {
    %g = snn.get "g" : f32
    %in = snn.get_delivered : f32
    %g1 = arith.addf %g, %in : f32
    snn.set "g", %g1 : f32
  }
  output {
    %g = snn.get "g" : f32
    %e = snn.get "e_rev" : f32
    %v = snn.get_post "v" : f32
    %d = arith.subf %e, %v : f32
    %out = arith.mulf %g, %d : f32
    snn.yield %out : f32
  }
}

// CHECK-LABEL: snn.plasticity_model @my_rule params {a = 0.01} pre_state {x = 0.0} post_state {y = 0.0} synapse_state {e = 0.0} modulators ["reward"] {
// CHECK-NEXT:    pre_dynamics {
// CHECK:         post_dynamics {
// CHECK:         pre_spike {
// CHECK:         post_spike {
// CHECK:         on_pre {
// CHECK:           snn.deliver %{{.*}} : f32
// CHECK:         on_post {
// CHECK:           %{{.*}} = snn.get_pre "x" : f32
// CHECK:         synapse_dynamics {
// CHECK:           %{{.*}} = snn.get_post_surrogate : f32
// CHECK:           %{{.*}} = snn.get_post_surrogate "triangle" slope 5.000000e-01 : f32
// CHECK:           %{{.*}} = snn.get_modulator "reward" : f32
snn.plasticity_model @my_rule params {a = 0.01} pre_state {x = 0.0} post_state {y = 0.0}
    synapse_state {e = 0.0} modulators ["reward"] {
  pre_dynamics {
    %x = snn.get "x" : f32
    %h = arith.constant 0.5 : f32
    %x1 = arith.mulf %x, %h : f32
    snn.set "x", %x1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    snn.set "y", %y : f32
  }
  pre_spike {
    %x = snn.get "x" : f32
    %one = arith.constant 1.0 : f32
    %x1 = arith.addf %x, %one : f32
    snn.set "x", %x1 : f32
  }
  post_spike {
    %one = arith.constant 1.0 : f32
    snn.set "y", %one : f32
  }
  on_pre {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %a = snn.get "a" : f32
    %d = arith.mulf %a, %y : f32
    %w1 = arith.subf %w, %d : f32
    snn.set "w", %w1 : f32
    snn.deliver %w1 : f32
  }
  on_post {
    %w = snn.get "w" : f32
    %x = snn.get_pre "x" : f32
    %w1 = arith.addf %w, %x : f32
    snn.set "w", %w1 : f32
  }
  synapse_dynamics {
    %e = snn.get "e" : f32
    %s = snn.get_post_surrogate : f32
    %s2 = snn.get_post_surrogate "triangle" slope 0.5 : f32
    %r = snn.get_modulator "reward" : f32
    %pre = snn.get_pre "spike" : f32
    %es = arith.mulf %s, %pre : f32
    %e1 = arith.addf %e, %es : f32
    snn.set "e", %e1 : f32
    %w = snn.get "w" : f32
    %dw = arith.mulf %e1, %r : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}

// Regions may use scf for piecewise dynamics.
// CHECK-LABEL: snn.neuron_model @piecewise
// CHECK: scf.if
snn.neuron_model @piecewise state {v = 0.0} inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i_syn" : f32
    %z = arith.constant 0.0 : f32
    %pos = arith.cmpf ogt, %i, %z : f32
    %v1 = scf.if %pos -> (f32) {
      %s = arith.addf %v, %i : f32
      scf.yield %s : f32
    } else {
      scf.yield %v : f32
    }
    snn.set "v", %v1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
