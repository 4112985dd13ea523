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
