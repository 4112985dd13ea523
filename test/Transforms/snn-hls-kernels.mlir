// RUN: snn-opt %s --split-input-file --snn-schedule=step-function --snn-hls-kernels --verify-diagnostics | FileCheck %s

// An HLS kernel keeps init and one step (no monitors: the testbench or the
// host reads the buffers); run, whose recorders grow with the steps of a
// call, and reset go, and so do the LLVM-only attributes.
// CHECK-LABEL: func.func @n_init(
// CHECK-SAME:    memref<2xi64> {snn.buffer = "seed", snn.role = "seed"}
// CHECK-NOT:     llvm.
// CHECK-LABEL: func.func @n_step(
// CHECK-SAME:    memref<2x4xf32> {snn.buffer = "b.v", snn.role = "state"}
// CHECK-NOT:     memref<?x
// CHECK-SAME:  ) {
// CHECK-NOT:   func.func @n_run
// CHECK-NOT:   func.func @n_reset
snn.neuron_model @lif params {tau = 10.0, v_th = 1.0} state {v = 0.0}
    inputs ["i"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i" : f32
    %v1 = arith.addf %v, %i : f32
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
  snn.population @b 4 model @lif
  snn.projection @ab @a -> @b connect #snn.dense weight 0.5 port "i"
  snn.monitor @b_v "v" of @b
}

// -----

// A buffer that is not a static array is an error naming it.
// expected-error @below {{snn-hls-kernels: buffer 'x.v' of @k_step is not an array of static shape ('memref<?x4xf32>')}}
func.func @k_step(%v: memref<?x4xf32> {snn.buffer = "x.v", snn.role = "state"}) {
  return
}
