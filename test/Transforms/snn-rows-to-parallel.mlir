// RUN: snn-opt %s --snn-schedule | snn-opt --snn-rows-to-parallel | FileCheck %s
// RUN: snn-opt %examples/stdp_feedforward/net.mlir --snn-schedule | snn-opt --snn-rows-to-parallel | FileCheck %s --check-prefix=PLASTIC

// A sparse projection's delivery: the loops over entries and sources
// become one parallel loop; a source that did not spike skips its row;
// each addition into the targets is atomic (rows share targets).
// CHECK-LABEL: func.func @sparse_run(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<2x3xf32> {llvm.noalias, snn.buffer = "io.in", snn.role = "scratch"}
// CHECK: scf.parallel (%[[E:.*]], %[[I:.*]]) = (%{{.*}}, %{{.*}}) to (%c2, %c4)
// CHECK: %[[S:.*]] = memref.load %{{.*}}[%[[E]], %[[I]]] : memref<2x4xi8>
// CHECK: %[[FIRED:.*]] = arith.cmpi ne, %[[S]], %{{.*}} : i8
// CHECK: scf.if %[[FIRED]] {
// CHECK: scf.for %[[K:.*]] =
// CHECK: memref.atomic_rmw addf %{{.*}}, %[[IN]][%[[E]], %{{.*}}] : (f32, memref<2x3xf32>) -> f32
// CHECK-NOT: memref.store %{{.*}}, %[[IN]]
// CHECK: scf.reduce
snn.network @sparse dt 1.0 batch 2 {
  snn.population @in 4 model @poisson
  snn.population @out 3 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.fixed_probability<0.5> weight 0.5
}

// A plastic convolution: its kernel is shared by positions, so every
// synapse's change adds up in `conv.dw` at its kernel entry. The plastic
// delivery (on_pre) and the rule's on_post (over the columns of the
// targets that fired) go in parallel with those additions atomic; the pass
// over the kernel's 18 entries applies and clears the changes, each
// element its own.
// CHECK-LABEL: func.func @pconv_run(
// CHECK-SAME: %[[W:[a-z0-9]+]]: memref<18xf32> {llvm.noalias, snn.buffer = "conv.w", snn.role = "weight"}
// CHECK-SAME: %[[DW:[a-z0-9]+]]: memref<18xf32> {llvm.noalias, snn.buffer = "conv.dw", snn.role = "scratch"}
// CHECK: scf.parallel (%{{.*}}) = (%{{.*}}) to (%c36)
// CHECK: memref.atomic_rmw addf %{{.*}}, %[[DW]][%{{.*}}] : (f32, memref<18xf32>) -> f32
// CHECK: scf.parallel (%{{.*}}) = (%{{.*}}) to (%c32)
// CHECK: scf.for
// CHECK: memref.atomic_rmw addf %{{.*}}, %[[DW]][%{{.*}}] : (f32, memref<18xf32>) -> f32
// CHECK: scf.parallel (%[[K:.*]]) = (%{{.*}}) to (%c18)
// CHECK: memref.store %{{.*}}, %[[W]][%[[K]]] : memref<18xf32>
// CHECK: memref.store %{{.*}}, %[[DW]][%[[K]]] : memref<18xf32>
// CHECK-NOT: memref.store %{{.*}}, %[[DW]]
// CHECK-LABEL: func.func @pconv_reset(
snn.network @pconv dt 1.0 batch 2 {
  snn.population @in [1, 6, 6] model @poisson
  snn.population @maps [2, 4, 4] model @lif {tau_m = 8.0}
  snn.projection @conv @in -> @maps
      connect #snn.conv2d<in_channels = 1, out_channels = 2, kernel = [3, 3]>
      weight #snn.uniform<0.1, 0.4> plasticity @stdp_pair
}

// A plastic delivery (the STDP example's on_pre changes the weight of each
// synapse a spike arrives at): one entry's sources in parallel; the
// synapse's own weight is written as it is, the target's input atomically.
// PLASTIC-LABEL: func.func @stdp_ff_run(
// PLASTIC: scf.for %[[E:.*]] = %{{.*}} to %c1
// PLASTIC-NEXT: scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%c100)
// PLASTIC: scf.for %[[K:.*]] =
// PLASTIC: memref.store %{{.*}}, %{{.*}}[%[[K]]] : memref<1000xf32>
// PLASTIC: memref.atomic_rmw addf %{{.*}}, %{{.*}}[%[[E]], %{{.*}}] : (f32, memref<1x10xf32>) -> f32
// The rule's on_post walks the column of each post neuron that fired: the
// schedule marks the loop (its iterations touch disjoint synapses; the
// weights are written per synapse), which goes in parallel over the 10 post
// neurons.
// PLASTIC: scf.parallel (%[[J:.*]]) = (%{{.*}}) to (%c10)
// PLASTIC-NOT: snn.disjoint_synapses
