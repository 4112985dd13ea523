// RUN: snn-opt %s --pass-pipeline='builtin.module(snn-to-hls)' | FileCheck %s
// RUN: snn-opt %s --pass-pipeline='builtin.module(snn-to-hls)' | mlir-translate --mlir-to-cpp | FileCheck %s --check-prefix=CPP

// snn-to-hls: init and one step as emitc functions over static arrays,
// the neuron kernel fused into one loop over [batch, neurons] whose inner
// loop is pipelined, the exponential term's exp computed in arith code (no math call left), and
// no heap allocation.
// CHECK-LABEL: emitc.func @n_init(
// CHECK-LABEL: emitc.func @n_step(
// CHECK-SAME:    !emitc.array<2x4xf32> {snn.buffer = "b.v", snn.role = "state"}
// CHECK:         for
// CHECK:           verbatim "SNN_PRAGMA(HLS PIPELINE II=1)"
// CHECK-NOT:   math.
// CHECK-NOT:   memref.
// CHECK-NOT:   func.func

// CPP: void n_init(
// CPP: void n_step(int64_t [[SEED:v[0-9]+]][2], int64_t v{{[0-9]+}}[1],
// CPP: SNN_PRAGMA(HLS PIPELINE II=1)
// CPP: snn_bits_i32_to_f32(
// CPP-NOT: malloc
snn.neuron_model @exp_if params {tau = 10.0, v_th = 1.0} state {v = 0.0}
    inputs ["i"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i" : f32
    %th = snn.get "v_th" : f32
    %tau = snn.get "tau" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %over = arith.subf %v, %th : f32
    %e = math.exp %over : f32
    %de = arith.mulf %e, %r : f32
    %dv = arith.addf %v, %de : f32
    %v1 = arith.addf %dv, %i : f32
    snn.set "v", %v1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "v_th" : f32
    %m = arith.subf %v, %th : f32
    snn.yield %m : f32
  }
  reset {
    %z = arith.constant 0.0 : f32
    snn.set "v", %z : f32
  }
}
snn.network @n dt 1.0 batch 2 {
  snn.population @a 3 model @poisson
  snn.population @b 4 model @exp_if
  snn.projection @ab @a -> @b connect #snn.fixed_probability<0.5> weight 0.5 port "i"
  snn.monitor @b_v "v" of @b
}
