// RUN: snn-opt %s --split-input-file --snn-expand-prelude '--snn-schedule=batch-slices=2' --verify-diagnostics | FileCheck %s
// RUN: snn-opt %s --split-input-file --snn-expand-prelude '--snn-schedule=batch-slices=3' | FileCheck %s --check-prefix=THREE

// Batch 4 in two slices of 2: @n_run keeps its buffers and runs the private
// @n.batch_slice_run (the network scheduled with batch 2) for entries
// [2k, 2k + 2) of each in a parallel loop. [B, N] buffers are contiguous
// slices; the delay ring ([3, B, N]) and the monitors ([rows, B, n]) keep
// the whole batch's strides. Shared weights pass as they are; each slice
// counts steps in its own copy of `step`, slice 0's written back.
// CHECK-LABEL: func.func @n_run(
// CHECK-SAME:    %[[STEPS:[a-z0-9]+]]: index {snn.buffer = "steps"}
// CHECK-SAME:    %[[SEED:[a-z0-9]+]]: memref<4xi64> {{.*}}"seed"
// CHECK-SAME:    %[[STEP:[a-z0-9]+]]: memref<1xi64> {{.*}}"step"
// CHECK-SAME:    %[[RING:[a-z0-9]+]]: memref<3x4x20xf32> {{.*}}"ih.pending"
// CHECK-SAME:    %[[W:[a-z0-9]+]]: memref<5x20xf32> {{.*}}"ih.w"
// CHECK-SAME:    %[[HV:[a-z0-9]+]]: memref<?x4x20xf32> {{.*}}"hv"
// CHECK:         %[[AT:.*]] = memref.load %[[STEP]]
// CHECK:         scf.parallel (%[[K:.*]]) = (%c0) to (%c2) step (%c1) {
// CHECK:           %[[FIRST:.*]] = arith.muli %[[K]], %c2
// CHECK:           memref.subview %[[SEED]][%[[FIRST]]] [2] [1]
// CHECK:           llvm.getelementptr
// CHECK:           %[[MINE:.*]] = memref.alloca() : memref<1xi64>
// CHECK:           memref.store %[[AT]], %[[MINE]]
// CHECK:           memref.subview %[[RING]][0, %[[FIRST]], 0] [3, 2, 20] [1, 1, 1]
// CHECK:           builtin.unrealized_conversion_cast {{.*}} to memref<3x2x20xf32, strided<[80, 20, 1]>>
// CHECK:           memref.subview %[[HV]][0, %[[FIRST]], 0] [%{{.*}}, 2, 20] [1, 1, 1]
// CHECK:           func.call @n.batch_slice_run(%[[STEPS]], %{{.*}}, %[[MINE]],
// CHECK-SAME:        %[[W]],
// CHECK:           scf.if
// CHECK:             memref.copy %[[MINE]], %[[STEP]]
// CHECK:       func.func private @n.batch_slice_run(
// CHECK-SAME:    memref<2xi64>
// CHECK-SAME:    memref<3x2x20xf32, strided<[80, 20, 1]>>
// CHECK-SAME:    memref<?x2x20xf32, strided<[80, 20, 1]>>
// CHECK-SAME:    llvm.linkage = #llvm.linkage<internal>, snn.sequential
// CHECK:         scf.for
// The slice's own init and reset are not kept.
// CHECK-NOT:   @n.batch_slice_init
// CHECK-NOT:   @n.batch_slice_reset

// Three threads: batch 4 splits into 2 slices (the largest divisor up to 3).
// THREE-LABEL: func.func @n_run(
// THREE:         scf.parallel (%{{.*}}) = (%c0) to (%c2) step (%c1)
snn.network @n dt 1.0 batch 4 {
  snn.population @in 5 model @poisson
  snn.population @hid 20 model @lif {tau_m = 10.0, r = 10.0, v_th = 1.0}
  snn.projection @ih @in -> @hid connect #snn.dense
      weight #snn.uniform<0.0, 1.0> delay 3
  snn.monitor @hv "v" of @hid every 2
}

// -----

// Batch 3 has no divisor up to 2: the run stays whole, with a remark.
// CHECK-LABEL: func.func @odd_run(
// CHECK-NOT:     scf.parallel
// CHECK-NOT:   batch_slice
// THREE-LABEL: func.func @odd_run(
// THREE:         scf.parallel (%{{.*}}) = (%c0) to (%c3) step (%c1)
// expected-remark @below {{network @odd: batch 3 has no divisor from 2 to 2, so its run is not split over threads}}
snn.network @odd dt 1.0 batch 3 {
  snn.population @a 8 model @lif
}

// -----

// One entry: nothing to split, and nothing said.
// CHECK-LABEL: func.func @one_run(
// CHECK-NOT:     scf.parallel
snn.network @one dt 1.0 {
  snn.population @a 8 model @lif
}

// -----

// A monitor of shared weights is written through a view of a buffer every
// entry shares: the run stays whole.
// CHECK-LABEL: func.func @wmon_run(
// CHECK-NOT:     scf.parallel
// CHECK-NOT:   batch_slice
// expected-remark @below {{network @wmon: the run is not split over threads: the entries share buffer 'ws', which the run writes}}
snn.network @wmon dt 1.0 batch 4 {
  snn.population @a 3 model @lif
  snn.population @b 2 model @lif
  snn.projection @p @a -> @b connect #snn.dense weight 0.5
  snn.monitor @ws "w" of @p every 2
}


// -----

// Shared draws: the slices (batch 2, and with three threads two slices of
// 2 as well) take entry 0's seed of the whole batch (`shared_seed`, passed
// whole); each draws into its own copy of the draw buffer (the same numbers
// in every slice), slice 0's written back. Batch 2 slices still draw in
// kernels of their own.
// CHECK-LABEL: func.func @sd_run(
// CHECK-SAME:    %[[SEED:[a-z0-9]+]]: memref<4xi64> {llvm.noalias, snn.buffer = "seed"
// CHECK-SAME:    %[[SHARED:[a-z0-9]+]]: memref<1xi64> {llvm.noalias, snn.buffer = "shared_seed"
// CHECK-SAME:    %[[DRAW:[a-z0-9]+]]: memref<5xf32> {llvm.noalias, snn.buffer = "in.draw.threshold.0"
// CHECK:         %[[S0:.*]] = memref.load %[[SEED]][%c0] : memref<4xi64>
// CHECK:         memref.store %[[S0]], %[[SHARED]][%c0] : memref<1xi64>
// CHECK:         scf.parallel
// CHECK:           %[[MINE:.*]] = memref.alloca() : memref<5xf32>
// CHECK:           func.call @sd.batch_slice_run(%{{.*}}, %{{.*}}, %{{.*}}, %[[SHARED]], %[[MINE]],
// CHECK:           scf.if
// CHECK:             memref.copy %[[MINE]], %[[DRAW]]
// CHECK:       func.func private @sd.batch_slice_run(
// CHECK-SAME:    memref<2xi64> {llvm.noalias, snn.buffer = "seed"
// CHECK-SAME:    memref<1xi64> {llvm.noalias, snn.buffer = "shared_seed"
// The slice takes the run's copy: it does not write shared_seed.
// CHECK-NOT:     memref.store %{{.*}} : memref<1xi64>
// CHECK:         scf.for
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : memref<1xi64>) outs(%{{.*}} : memref<5xf32>)
snn.network @sd dt 1.0 batch 4 {
  snn.population @in 5 model @poisson shared_draws
  snn.population @hid 20 model @lif
  snn.projection @ih @in -> @hid connect #snn.dense weight 0.5
}

// -----

// Slices of one entry (batch 2 on two threads) draw shared draws in
// kernels of their own too: the slice's entry 0 is not the batch's.
// CHECK-LABEL: func.func private @sd2.batch_slice_run(
// CHECK-SAME:    memref<1xi64> {llvm.noalias, snn.buffer = "seed"
// CHECK-SAME:    %[[S:[a-z0-9]+]]: memref<1xi64> {llvm.noalias, snn.buffer = "shared_seed"
// CHECK:         linalg.generic {{.*}} ins(%[[S]] : memref<1xi64>) outs(%{{.*}} : memref<5xf32>)
snn.network @sd2 dt 1.0 batch 2 {
  snn.population @in 5 model @poisson shared_draws
}
