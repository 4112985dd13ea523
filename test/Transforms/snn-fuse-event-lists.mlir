// RUN: snn-opt %s --snn-schedule --canonicalize --snn-event-driven --snn-fuse --snn-vectorize --snn-fuse-event-lists | FileCheck %s
// RUN: snn-opt %s --snn-schedule --canonicalize --snn-event-driven --snn-fuse --snn-vectorize="parallel=true min-parallel-elements=32" --snn-fuse-event-lists | FileCheck %s --check-prefix=PAR

// @a's 40 neurons feed a compressed-row projection, so --snn-event-driven
// lists the ones that fired at the end of each step. The list build joins
// a's tile loop: the loop carries the list's length, and each tile tests
// the spike vector it has just stored (no load of it back), appending the
// neurons that fired; the last tile (40 = 2 * 16 + 8) is masked.

// The build before the time loop (for the first step of a call) stays.
// CHECK-LABEL: func.func @fl_run(
// CHECK-SAME:    %[[SPIKE:[a-z0-9_]+]]: memref<1x40xi8> {llvm.noalias, snn.buffer = "a.spike", snn.role = "state"}
// CHECK-SAME:    %[[EV:[a-z0-9_]+]]: memref<1x40xi64> {llvm.noalias, snn.buffer = "a.spike.events", snn.role = "scratch"}
// CHECK-SAME:    %[[CNT:[a-z0-9_]+]]: memref<1xi64> {llvm.noalias, snn.buffer = "a.spike.event_count", snn.role = "scratch"}
// CHECK:         } {snn.event_list = "a.spike"}
// CHECK:         scf.for %{{.*}} = %{{.*}} to %arg0
// CHECK:           scf.for %[[E:[a-z0-9_]+]] =
// CHECK:             %[[N:.*]] = scf.for %[[I:[a-z0-9_]+]] = %c0 to %c40 step %c16 iter_args(%[[M:.*]] = %c0) -> (index)
// The spike: margin > 0 as a byte (1 or 0), stored through a masked write.
// CHECK:               %[[S:.*]] = arith.extui %{{.*}} : vector<16xi1> to vector<16xi8>
// CHECK:               vector.mask %{{.*}} { vector.transfer_write %[[S]], %{{.*}}[%c0] {in_bounds = [true]} : vector<16xi8>, memref<?xi8, #{{.*}}> }
// CHECK-NOT:           vector.transfer_read
// CHECK:               %[[ON:.*]] = arith.cmpi ne, %[[S]], %{{.*}} : vector<16xi8>
// CHECK:               %[[ANY:.*]] = vector.reduction <or>, %[[ON]]
// CHECK:               scf.if %[[ANY]] -> (index)
// CHECK:                 scf.for {{.*}} iter_args(%[[M2:.*]] = %[[M]]) -> (index)
// CHECK:                   memref.load %[[SPIKE]][%[[E]], %{{.*}}]
// CHECK:                   memref.store %{{.*}}, %[[EV]][%[[E]], %[[M2]]]
// CHECK:             %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK:             memref.store %[[N64]], %[[CNT]][%[[E]]]
// No separate build is left in the step.
// CHECK-NOT:       snn.event_list
// CHECK-LABEL: func.func @fl_reset(

// Parallel tiles (an scf.forall, OpenMP threads) carry no length: the
// build stays its own loop after them.
// PAR-LABEL: func.func @fl_run(
// PAR:         } {snn.event_list = "a.spike"}
// PAR:         scf.for %{{.*}} = %{{.*}} to %arg0
// PAR:           scf.forall
// PAR:           } {snn.event_list = "a.spike"}
snn.network @fl dt 1.0 {
  snn.population @a 40 model @lif {tau_m = 10.0}
  snn.population @b 3 model @lif
  snn.projection @p @a -> @b connect #snn.fixed_probability<0.5> weight 0.5
}
