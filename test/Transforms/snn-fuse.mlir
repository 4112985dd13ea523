// RUN: snn-opt %s --snn-schedule --canonicalize --snn-fuse | FileCheck %s

// A population's kernels become one: the synapse kernels of the projections
// into it (scheduled next to it), update, threshold and reset. Values flow
// from kernel to kernel inside the loop body (the port the synapse writes is
// what the update reads), and each buffer is read and written once per step.
// CHECK-LABEL: func.func @f_run(
// CHECK-SAME:    %[[PORT:[a-z0-9_]+]]: memref<1x4xf32> {llvm.noalias, snn.buffer = "b.port.i_syn", snn.role = "scratch"}
// CHECK:         scf.for
// The matmul (delivery) is a barrier.
// CHECK:           linalg.matmul
// Population @a's kernel comes first (it has no input projection), then @b's.
// CHECK:           linalg.generic {{.*}} ins(%{{.*}} : memref<1x3xf32>) outs({{.*}} : memref<1x3xf32>, memref<1x3xf32>, memref<1x3xi8>, memref<1x3xf32>)
// @b: the synapse's `in` and its state i, then refrac, v, spike and the
// spike counter, all in one kernel. The port (scratch that only this loop
// touches) is no longer stored: its value stays in the loop body.
// CHECK-NOT:       %[[PORT]]
// CHECK:           linalg.generic {{.*}} outs(%{{.*}}, %{{.*}}, %[[REFRAC:[a-z0-9_]+]], %[[V:[a-z0-9_]+]], %[[SPIKE:[a-z0-9_]+]], %[[COUNT:[a-z0-9_]+]] : memref<1x4xf32>, memref<1x4xf32>, memref<1x4xf32>, memref<1x4xf32>, memref<1x4xi8>, memref<1x4xf32>)
// CHECK-NEXT:      ^bb0(%[[IN:[a-z0-9_]+]]: f32, %[[I:[a-z0-9_]+]]: f32, %{{.*}}: f32, %[[VOLD:[a-z0-9_]+]]: f32,
// The synapse's new current is computed once and used directly by the
// update (not re-read from the port).
// CHECK:             %[[DECAYED:.*]] = arith.mulf %[[I]], %{{.*}} : f32
// CHECK:             %[[NEWI:.*]] = arith.addf %[[DECAYED]], %[[IN]] : f32
// CHECK:             arith.addf %[[NEWI]], %{{.*}} : f32
// CHECK:             arith.cmpf ogt
// CHECK:             arith.extui
// CHECK:             arith.select
// CHECK:             linalg.yield %{{.*}}, %[[NEWI]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : f32, f32, f32, f32, i8, f32
// CHECK-NOT:       %[[PORT]]
// CHECK-NOT:       linalg.generic {{.*}}outs(%[[V]]
// CHECK:           vector.bitcast
snn.network @f dt 1.0 {
  snn.population @a 3 model @lif
  snn.population @b 4 model @lif
  snn.projection @p @a -> @b connect #snn.dense synapse @exp_current
  snn.monitor @m spikes of @b
}

// -----

// Kernels over different neuron counts are not merged.
// RUN: snn-opt %s --split-input-file --snn-schedule --canonicalize --snn-fuse | FileCheck %s --check-prefix=SIZES
// SIZES-LABEL: func.func @g_run(
// SIZES:         linalg.generic {{.*}} outs({{.*}} : memref<1x2xf32>, memref<1x2xf32>, memref<1x2xi8>, memref<1x2xf32>)
// SIZES:         linalg.generic {{.*}} outs({{.*}} : memref<1x5xf32>, memref<1x5xf32>, memref<1x5xi8>, memref<1x5xf32>)
snn.network @g dt 1.0 {
  snn.population @a 2 model @lif
  snn.population @b 5 model @lif
}

// -----

// A plasticity rule's neuron regions join their population's loop: the
// trace jumps (pre_spike, post_spike) and then the decays (pre_dynamics,
// post_dynamics), the values between the two kept for the step's synapse
// regions (x.after_spikes); nothing over the neurons is left after the
// learning.
// RUN: snn-opt %s --split-input-file --snn-schedule --canonicalize --snn-fuse | FileCheck %s --check-prefix=RULE
// RULE-LABEL: func.func @r_run(
// RULE-SAME:    %[[INSPIKE:[a-z0-9_]+]]: memref<1x4xi8> {llvm.noalias, snn.buffer = "in.spike", snn.role = "state"}
// RULE-SAME:    %[[OUTSPIKE:[a-z0-9_]+]]: memref<1x3xi8> {llvm.noalias, snn.buffer = "out.spike", snn.role = "state"}
// RULE-SAME:    %[[X:[a-z0-9_]+]]: memref<1x4xf32> {llvm.noalias, snn.buffer = "r.pre.x", snn.role = "state"}
// RULE-SAME:    %[[Y:[a-z0-9_]+]]: memref<1x3xf32> {llvm.noalias, snn.buffer = "r.post.y", snn.role = "state"}
// RULE-SAME:    %[[XA:[a-z0-9_]+]]: memref<1x4xf32> {llvm.noalias, snn.buffer = "r.pre.x.after_spikes", snn.role = "scratch"}
// RULE-SAME:    %[[YA:[a-z0-9_]+]]: memref<1x3xf32> {llvm.noalias, snn.buffer = "r.post.y.after_spikes", snn.role = "scratch"}
// RULE:         linalg.generic {{.*}} outs(%[[INSPIKE]], %{{.*}}, %[[X]], %[[XA]] :
// RULE:         linalg.generic {{.*}} outs({{.*}}%[[OUTSPIKE]], %{{.*}}, %[[Y]], %[[YA]] :
// RULE-NOT:     linalg.generic
// RULE:         return
snn.network @r dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 3 model @lif
  snn.projection @r @in -> @out connect #snn.dense plasticity @postpre {nu_post = 0.1}
}
