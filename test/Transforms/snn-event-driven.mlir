// RUN: snn-opt %s --split-input-file --snn-schedule --snn-event-driven | FileCheck %s
// RUN: snn-opt %s --split-input-file --snn-event-driven --verify-diagnostics -o /dev/null

// Two projections from @a: compressed rows and dense (one batch entry). The
// list of a's sources that fired is built once per step, at the end of the
// step where a's spike counter is (and before the time loop, for the first
// step of a call); both deliveries of the next step walk it, and the
// counter adds one for each listed neuron.

// CHECK-LABEL: func.func @ev_run(
// CHECK-SAME:    %[[STEPS:[a-z0-9_]+]]: index {snn.buffer = "steps"}
// CHECK-SAME:    %[[SPIKE:[a-z0-9_]+]]: memref<1x20xi8> {llvm.noalias, snn.buffer = "a.spike", snn.role = "state"}
// CHECK-SAME:    %[[COUNTER:[a-z0-9_]+]]: memref<1x20xf32> {llvm.noalias, snn.buffer = "a.spike_count", snn.role = "state"}
// CHECK-SAME:    %[[W:[a-z0-9_]+]]: memref<20x4xf32> {llvm.noalias, snn.buffer = "dn.w", snn.role = "weight"}
// CHECK-SAME:    %[[IN:[a-z0-9_]+]]: memref<1x4xf32> {llvm.noalias, snn.buffer = "dn.in", snn.role = "scratch"}
// CHECK-SAME:    %[[EV:[a-z0-9_]+]]: memref<1x20xi64> {llvm.noalias, snn.buffer = "a.spike.events", snn.role = "scratch"}
// CHECK-SAME:    %[[CNT:[a-z0-9_]+]]: memref<1xi64> {llvm.noalias, snn.buffer = "a.spike.event_count", snn.role = "scratch"}
// The list: per batch entry, 16 sources tested at a time; in a chunk with
// one active, each index is stored at the end of the list, which advances
// past the active ones only.
// CHECK:         scf.for %[[E:[a-z0-9_]+]] = %{{.*}} to %c1{{.*}} step
// CHECK:           %[[N:.*]] = scf.for %{{.*}} = %{{.*}} to %c2{{.*}} step %{{.*}} iter_args(%[[M0:.*]] = %{{.*}}) -> (index)
// CHECK:             vector.transfer_read %[[SPIKE]][%[[E]], %{{.*}}], %{{.*}} : memref<1x20xi8>, vector<16xi8>
// CHECK:             %[[ANY:.*]] = vector.reduction <or>
// CHECK:             scf.if %[[ANY]] -> (index)
// CHECK:               scf.for %[[I:[a-z0-9_]+]] = {{.*}} iter_args(%[[M:.*]] = %[[M0]]) -> (index)
// CHECK:                 %[[S:.*]] = memref.load %[[SPIKE]][%[[E]], %[[I]]]
// CHECK:                 %[[ON:.*]] = arith.cmpi ne, %[[S]]
// CHECK:                 %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK:                 memref.store %[[I64]], %[[EV]][%[[E]], %[[M]]]
// CHECK:                 %[[STEP:.*]] = arith.index_castui %[[ON]] : i1 to index
// CHECK:                 arith.addi %[[M]], %[[STEP]]
// CHECK:           %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK:           memref.store %[[N64]], %[[CNT]][%[[E]]]
// Compressed rows: only the listed sources' rows.
// The time loop: its deliveries come first and need no build.
// CHECK:         scf.for %{{.*}} = %{{.*}} to %[[STEPS]]
// CHECK-NOT:       vector.transfer_read
// CHECK:         scf.for %[[E2:[a-z0-9_]+]] =
// CHECK:           %[[C:.*]] = memref.load %[[CNT]][%[[E2]]]
// CHECK:           %[[CI:.*]] = arith.index_cast %[[C]] : i64 to index
// CHECK:           scf.for %[[Q:[a-z0-9_]+]] = %{{.*}} to %[[CI]]
// CHECK:             %[[SRC:.*]] = memref.load %[[EV]][%[[E2]], %[[Q]]]
// CHECK:             %[[SRCI:.*]] = arith.index_cast %[[SRC]] : i64 to index
// CHECK:             memref.load %{{.*}}[%[[SRCI]]] : memref<21xi32>
// CHECK:             scf.for
// CHECK:               memref.load %{{.*}} : memref<3xi32>
// The dense product became one row of W added per listed source, without
// building the list again.
// CHECK-NOT:     vector.transfer_read
// CHECK-NOT:     linalg.matmul
// CHECK:         %[[C2:.*]] = memref.load %[[CNT]][%{{.*}}]
// CHECK:         %[[C2I:.*]] = arith.index_cast %[[C2]] : i64 to index
// CHECK:         scf.for %[[Q2:[a-z0-9_]+]] = %{{.*}} to %[[C2I]]
// CHECK:           %[[J:.*]] = memref.load %[[EV]][%{{.*}}, %[[Q2]]]
// CHECK:           %[[JI:.*]] = arith.index_cast %[[J]] : i64 to index
// CHECK:           %[[SJ8:.*]] = memref.load %[[SPIKE]][%{{.*}}, %[[JI]]]
// CHECK:           %[[SJ:.*]] = arith.uitofp %[[SJ8]] : i8 to f32
// The row of 4 targets as one vector of 4.
// CHECK:           %[[SV:.*]] = vector.broadcast %[[SJ]] : f32 to vector<4xf32>
// CHECK:           %[[WJ:.*]] = vector.load %[[W]][%[[JI]], %{{.*}}] : memref<20x4xf32>, vector<4xf32>
// CHECK:           %[[CUR:.*]] = vector.load %[[IN]][%{{.*}}, %{{.*}}] : memref<1x4xf32>, vector<4xf32>
// CHECK:           %[[P:.*]] = arith.mulf %[[SV]], %[[WJ]] : vector<4xf32>
// CHECK:           %[[SUM:.*]] = arith.addf %[[CUR]], %[[P]] : vector<4xf32>
// CHECK:           vector.store %[[SUM]], %[[IN]][%{{.*}}, %{{.*}}] : memref<1x4xf32>, vector<4xf32>
// After @a's update, threshold and reset kernels: the list of this step's
// spikes, then the counter over it (no counter kernel remains).
// CHECK:         linalg.generic {{.*}} ins(%[[SPIKE]] : memref<1x20xi8>)
// CHECK:         vector.transfer_read %[[SPIKE]]
// CHECK:         memref.store %{{.*}}, %[[CNT]]
// CHECK:         scf.for %[[E3:[a-z0-9_]+]] =
// CHECK:           memref.load %[[CNT]][%[[E3]]]
// CHECK:           scf.for %[[Q3:[a-z0-9_]+]] =
// CHECK:             %[[J3:.*]] = memref.load %[[EV]][%[[E3]], %[[Q3]]]
// CHECK:             %[[J3I:.*]] = arith.index_cast %[[J3]] : i64 to index
// CHECK:             %[[S38:.*]] = memref.load %[[SPIKE]][%[[E3]], %[[J3I]]]
// CHECK:             %[[S3:.*]] = arith.uitofp %[[S38]] : i8 to f32
// CHECK:             %[[C3:.*]] = memref.load %[[COUNTER]][%[[E3]], %[[J3I]]]
// CHECK:             %[[C3N:.*]] = arith.addf %[[C3]], %[[S3]] : f32
// CHECK:             memref.store %[[C3N]], %[[COUNTER]][%[[E3]], %[[J3I]]]
// CHECK-NOT:     snn.deliver
// CHECK-NOT:     snn.count = "a.spike"
// CHECK-LABEL: func.func @ev_reset(
snn.network @ev dt 1.0 {
  snn.population @a 20 model @lif
  snn.population @b 4 model @lif
  snn.projection @sp @a -> @b connect #snn.csr<indptr = [0, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], indices = [0, 1, 1]> weight 1.0
  snn.projection @dn @a -> @b connect #snn.dense weight 0.5
}

// -----

// With two batch entries the dense product stays a product; compressed rows
// still walk each entry's list.
// CHECK-LABEL: func.func @bt_run(
// CHECK:         vector.transfer_read
// CHECK:         scf.for %[[E:[a-z0-9_]+]] = %c0{{.*}} to %c2{{.*}} step
// CHECK:           memref.load %{{.*}}[%[[E]]] : memref<2xi64>
// CHECK:         linalg.matmul {snn.deliver = "a.spike"}
snn.network @bt dt 1.0 batch 2 {
  snn.population @a 3 model @lif
  snn.population @b 2 model @lif
  snn.projection @sp @a -> @b connect #snn.csr<indptr = [0, 2, 2, 3], indices = [0, 1, 1]> weight 1.0
  snn.projection @dn @a -> @b connect #snn.dense weight 0.5
}

// -----

// A delivery whose list buffers the function does not have stays as it is.
func.func @no_lists(%spike: memref<1x3xf32> {snn.buffer = "a.spike"},
                    %w: memref<3x2xf32>, %in: memref<1x2xf32>) {
  // expected-warning @+1 {{snn.deliver: no buffers 'a.spike.events' and 'a.spike.event_count'; delivery left as it is}}
  linalg.matmul {snn.deliver = "a.spike"} ins(%spike, %w : memref<1x3xf32>, memref<3x2xf32>) outs(%in : memref<1x2xf32>)
  return
}

// -----

// Per-entry weights: each entry adds the rows W[e, i, :] of the sources on
// its own list; no batched product is left. @w (20 neurons) has a list per
// entry.
// CHECK-LABEL: func.func @pw_run(
// CHECK-SAME:    %[[PW:[a-z0-9_]+]]: memref<3x20x4xf32> {llvm.noalias, snn.buffer = "p.w", snn.role = "weight"}
// CHECK-NOT:     linalg.batch_vecmat
// CHECK:         scf.for %{{.*}} = %{{.*}} to %arg0
// CHECK:           scf.for %[[E:[a-z0-9_]+]] = %{{.*}} to %{{.*}}
// CHECK:             %{{.*}} = memref.load %{{.*}}[%[[E]]] : memref<3xi64>
// CHECK:             scf.for
// CHECK:               vector.load %[[PW]][%[[E]], %{{.*}}, %{{.*}}] : memref<3x20x4xf32>, vector<4xf32>
snn.network @pw dt 1.0 batch 3 {
  snn.population @a 20 model @poisson
  snn.population @b 4 model @lif
  snn.projection @p @a -> @b connect #snn.dense weight 0.5 per_entry
}

// -----

// @a has fewer neurons than a 16-source chunk, and only per-entry products
// deliver from it: one list for the whole batch. Its build reads the
// spikes of every entry as one sequence, 16 at a time, and appends the
// flat index e * 5 + i of each set bit of the chunk's mask (count trailing
// zeros), the count in event_count[0]; the delivery walks that one list,
// recovering e and i.
// CHECK-LABEL: func.func @pe_run(
// CHECK-SAME:    %[[SP:[a-z0-9_]+]]: memref<3x5xi8> {llvm.noalias, snn.buffer = "a.spike", snn.role = "state"}
// CHECK-SAME:    %[[PW:[a-z0-9_]+]]: memref<3x5x4xf32> {llvm.noalias, snn.buffer = "p.w", snn.role = "weight"}
// CHECK-SAME:    %[[EV:[a-z0-9_]+]]: memref<3x5xi64> {llvm.noalias, snn.buffer = "a.spike.events", snn.role = "scratch"}
// CHECK-SAME:    %[[CNT:[a-z0-9_]+]]: memref<3xi64> {llvm.noalias, snn.buffer = "a.spike.event_count", snn.role = "scratch"}
// CHECK:         %[[SEQ:.*]] = memref.collapse_shape %[[SP]] {{\[\[}}0, 1]] : memref<3x5xi8> into memref<15xi8>
// CHECK:         %[[LIST:.*]] = memref.collapse_shape %[[EV]] {{\[\[}}0, 1]] : memref<3x5xi64> into memref<15xi64>
// CHECK:         scf.for
// CHECK:           vector.transfer_read %[[SEQ]][%{{.*}}], %{{.*}} : memref<15xi8>, vector<16xi8>
// CHECK:           vector.bitcast %{{.*}} : vector<16xi1> to vector<1xi16>
// CHECK:           scf.while
// CHECK:             math.cttz
// CHECK:             memref.store %{{.*}}, %[[LIST]][%{{.*}}] : memref<15xi64>
// CHECK:           memref.store %{{.*}}, %[[CNT]][%{{.*}}] : memref<3xi64>
// CHECK:         } {snn.flat_event_list = "a.spike"}
// CHECK:         scf.for %{{.*}} = %{{.*}} to %arg0
// CHECK-NOT:       linalg.batch_vecmat
// CHECK:           %[[WALK:.*]] = memref.collapse_shape %[[EV]] {{\[\[}}0, 1]] : memref<3x5xi64> into memref<15xi64>
// CHECK:           %[[N:.*]] = memref.load %[[CNT]][%{{.*}}] : memref<3xi64>
// CHECK:           %[[NI:.*]] = arith.index_cast %[[N]] : i64 to index
// CHECK:           scf.for %[[Q:[a-z0-9_]+]] = %{{.*}} to %[[NI]]
// CHECK:             %[[K64:.*]] = memref.load %[[WALK]][%[[Q]]] : memref<15xi64>
// CHECK:             %[[K:.*]] = arith.index_cast %[[K64]] : i64 to index
// CHECK:             %[[E:.*]] = arith.divui %[[K]], %c5
// CHECK:             %[[I:.*]] = arith.remui %[[K]], %c5
// CHECK:             memref.load %[[SP]][%[[E]], %[[I]]] : memref<3x5xi8>
// CHECK:             vector.load %[[PW]][%[[E]], %[[I]], %{{.*}}] : memref<3x5x4xf32>, vector<4xf32>
// @a's spike counter stays a kernel over every neuron (fused into @a's,
// later), the step's list is built after it.
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : memref<3x5xf32>) attrs = {snn.count = "a.spike"}
// CHECK:         scf.for
// CHECK:           vector.transfer_read %{{.*}} : memref<15xi8>, vector<16xi8>
// CHECK:         } {snn.flat_event_list = "a.spike"}
snn.network @pe dt 1.0 batch 3 {
  snn.population @a 5 model @poisson
  snn.population @b 4 model @lif
  snn.projection @p @a -> @b connect #snn.dense weight 0.5 per_entry
}

// -----

// A row of 37 targets: two whole chunks of 16 in a loop, then vectors of
// 4 and 1 for the last 5.
// CHECK-LABEL: func.func @wide_run(
// CHECK-SAME:    %[[W:[a-z0-9_]+]]: memref<3x37xf32> {llvm.noalias, snn.buffer = "p.w", snn.role = "weight"}
// CHECK:         scf.for %{{.*}} = %c0{{.*}} to %c32{{.*}} step %c16
// CHECK:           vector.load %[[W]][%{{.*}}, %{{.*}}] : memref<3x37xf32>, vector<16xf32>
// CHECK:           vector.store
// CHECK:         vector.load %[[W]][%{{.*}}, %c32{{.*}}] : memref<3x37xf32>, vector<4xf32>
// CHECK:         vector.store
// CHECK:         vector.load %[[W]][%{{.*}}, %c36{{.*}}] : memref<3x37xf32>, vector<1xf32>
// CHECK:         vector.store
snn.network @wide dt 1.0 {
  snn.population @a 3 model @poisson
  snn.population @b 37 model @lif
  snn.projection @p @a -> @b connect #snn.dense weight 0.5
}
