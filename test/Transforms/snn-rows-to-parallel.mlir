// RUN: snn-opt %s --snn-schedule | snn-opt --snn-rows-to-parallel | FileCheck %s

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
