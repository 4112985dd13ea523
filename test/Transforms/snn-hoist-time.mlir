// RUN: snn-opt %s --split-input-file --snn-schedule --snn-hoist-time | FileCheck %s --check-prefix=STAGE
// RUN: snn-opt %s --split-input-file --snn-schedule --snn-hoist-time --snn-generate-adjoint | FileCheck %s
// RUN: snn-opt %s --split-input-file --snn-schedule --snn-hoist-time=max-batch=1 | FileCheck %s --check-prefix=LARGE

// Inputs -> a recurrent hidden layer -> a readout. The input projection
// and the readout's leave their source's strongly connected part: they are
// hoisted; the recurrent projection stays in the hidden layer's loop.
// Stage 0: the inputs (and the step counter); 1: the hidden layer; 2: the
// readout.
// STAGE-LABEL: func.func @net_step(
// STAGE: linalg.matmul {snn.deliver = "in.spike", snn.hoist, snn.stage = 1 : i64}
// STAGE: linalg.matmul {snn.deliver = "hid.spike", snn.stage = 1 : i64}
// STAGE: linalg.matmul {snn.deliver = "hid.spike", snn.hoist, snn.stage = 2 : i64}
// STAGE: memref.store {{.*}} {snn.stage = 0 : i64}

// LARGE-LABEL: func.func @net_step(
// LARGE-NOT: snn.hoist
// LARGE-NOT: snn.stage
// LARGE-LABEL: func.func @rec_step(

// The training step runs three time loops, the products between them over
// all 6 steps x 2 entries at once; the backward loop keeps the recurrent
// products and records the hoisted products' adjoints; their weight
// gradients follow it, one product each over the 12 rows.
// CHECK-LABEL: func.func @net_train_step(
// CHECK-SAME: %[[TAPEIN:[a-z0-9]+]]: memref<6x2x4xi8> {llvm.noalias, snn.buffer = "train.tape.in.spike", snn.role = "tape"}
// CHECK-SAME: %[[PRODH:[a-z0-9]+]]: memref<6x2x5xf32> {llvm.noalias, snn.buffer = "train.product.train.k{{[0-9]+}}.ih.in", snn.role = "tape"}
// CHECK-SAME: %[[DPRODH:[a-z0-9]+]]: memref<6x2x5xf32> {llvm.noalias, snn.buffer = "train.dproduct.train.k{{[0-9]+}}.ih.in", snn.role = "tape"}
// CHECK-SAME: %[[GRADIH:[a-z0-9]+]]: memref<4x5xf32> {llvm.noalias, snn.buffer = "ih.w.grad", snn.role = "gradient"}
// Stage 0: the input spikes of every step, kept on the tape.
// CHECK: scf.for %[[T0:.*]] = %c0 to %c6
// CHECK: memref.subview %[[TAPEIN]][%[[T0]], 0, 0]
// CHECK-NOT: linalg.matmul
// CHECK: }
// What the input projection delivers in every step, at once.
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[PRODH]] : memref<6x2x5xf32>)
// CHECK: %[[A:.*]] = memref.collapse_shape %[[TAPEIN]] {{\[}}[0, 1], [2]] : memref<6x2x4xi8> into memref<12x4xi8>
// CHECK: %[[P:.*]] = memref.collapse_shape %[[PRODH]] {{\[}}[0, 1], [2]] : memref<6x2x5xf32> into memref<12x5xf32>
// CHECK: linalg.generic {{.*}} ins(%[[A]], %{{.*}} : memref<12x4xi8>, memref<4x5xf32>) outs(%[[P]] : memref<12x5xf32>) attrs =  {snn.product = "nn"}
// Stage 1: the hidden layer adds step t's slot; its recurrent product stays.
// CHECK: scf.for %[[T1:.*]] = %c0{{.*}} to %c6
// CHECK: memref.subview %[[PRODH]][%[[T1]], 0, 0]
// CHECK: linalg.matmul {snn.stage = 1 : i64}
// CHECK: }
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : memref<12x5xi8>, memref<5x3xf32>) outs(%{{.*}} : memref<12x3xf32>) attrs =  {snn.product = "nn"}
// Stage 2: the readout.
// CHECK: scf.for %{{.*}} = %c0{{.*}} to %c6
// The backward loop records the delivery's adjoint of every step ...
// CHECK: scf.for %[[R:.*]] = %c0{{.*}} to %c6
// CHECK: memref.subview %[[DPRODH]][%{{.*}}, 0, 0]
// CHECK: linalg.copy
// ... and after it, dW += A^T dC over all 12 rows.
// CHECK: %[[AT:.*]] = memref.collapse_shape %[[TAPEIN]]
// CHECK: %[[DC:.*]] = memref.collapse_shape %[[DPRODH]]
// CHECK: linalg.generic {{.*}} ins(%[[AT]], %[[DC]] : memref<12x4xi8>, memref<12x5xf32>) outs(%[[GRADIH]] : memref<4x5xf32>) attrs =  {snn.product = "tn"}
snn.network @net dt 1.0 batch 2 {
  snn.population @in 4 model @poisson
  snn.population @hid 5 model @lif {tau_m = 4.0}
  snn.population @out 3 model @li {tau_m = 4.0} graded "v"
  snn.projection @ih @in -> @hid connect #snn.dense weight 0.5
  snn.projection @hh @hid -> @hid connect #snn.dense weight 0.1
  snn.projection @ho @hid -> @out connect #snn.dense weight 0.5
  snn.train loss "ce_final" of @out steps 6 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@ih, @hh, @ho]
}

// -----

// A readout that feeds back into the hidden layer closes the cycle: both
// projections are on it and nothing is hoisted (one time loop).
// STAGE-LABEL: func.func @rec_step(
// STAGE-NOT: snn.hoist
// STAGE: return
// CHECK-LABEL: func.func @rec_train_step(
// CHECK-NOT: train.product
// CHECK: return
snn.network @rec dt 1.0 batch 2 {
  snn.population @hid 5 model @lif {tau_m = 4.0}
  snn.population @out 3 model @li {tau_m = 4.0} graded "v"
  snn.projection @ho @hid -> @out connect #snn.dense weight 0.5
  snn.projection @oh @out -> @hid connect #snn.dense weight 0.5
  snn.train loss "ce_final" of @out steps 6 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@ho, @oh]
}
