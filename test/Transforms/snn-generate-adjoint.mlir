// RUN: snn-opt %s --split-input-file --snn-schedule --snn-generate-adjoint --verify-diagnostics | FileCheck %s

// A LIF layer trained on its spike counts. --snn-schedule emits @net_step
// with the declaration; --snn-generate-adjoint replaces it with
// @net_train_step and @net_forward, and adds the buffers they need to every
// function of the network: the gradient of the trained weight, the tape of
// the state each step starts from, the loss and the label.

// CHECK-NOT: func.func @net_step
// CHECK-LABEL: func.func @net_init(
// CHECK-SAME: snn.buffer = "train.tape.out.v", snn.role = "tape"
// CHECK-SAME: snn.buffer = "io.w.grad", snn.role = "gradient"
// CHECK-SAME: snn.buffer = "train.loss", snn.role = "output"
// CHECK-SAME: snn.buffer = "train.label", snn.role = "input"
// CHECK-LABEL: func.func @net_run(
// CHECK-SAME: snn.buffer = "io.w.grad", snn.role = "gradient"

// CHECK-LABEL: func.func @net_train_step(
// CHECK-SAME: %[[W:[a-z0-9]+]]: memref<4x3xf32> {llvm.noalias, snn.buffer = "io.w", snn.role = "weight"}
// CHECK-SAME: %[[GRAD:[a-z0-9]+]]: memref<4x3xf32> {llvm.noalias, snn.buffer = "io.w.grad", snn.role = "gradient"}
// The gradient starts at zero.
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[GRAD]] : memref<4x3xf32>)
// Forward: each of the 6 steps first keeps the state it starts from.
// CHECK: scf.for %[[T:.*]] = %{{.*}} to %c6
// CHECK: memref.subview %{{.*}}[%[[T]], 0, 0] [1, 2, 3] [1, 1, 1] : memref<6x2x3xf32>
// CHECK: linalg.copy
// CHECK: linalg.matmul
// The delivery's product is kept for the backward pass.
// CHECK-NEXT: memref.subview
// CHECK-NEXT: linalg.copy
// The loss: the logits are the spike counts.
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: math.log
// Backward, last step first: the state is restored from the tape and the
// step recomputed into version buffers; the delivery's product is not
// recomputed but read back from what the forward pass kept.
// CHECK: scf.for %[[R:.*]] = %{{.*}} to %c6
// CHECK: %[[BT:.*]] = arith.subi %c5{{.*}}, %[[R]]
// CHECK: memref.subview %{{.*}}[%[[BT]], 0, 0]
// CHECK-NOT: linalg.matmul
// CHECK: linalg.copy ins(%{{.*}} : memref<2x3xf32, strided<[3, 1], offset: ?>>)
// The threshold's adjoint: the spike's adjoint times the surrogate at the
// margin, 1 / (1 + k |m|)^2.
// CHECK: %[[ABS:.*]] = math.absf %{{.*}} : f32
// CHECK-NEXT: %[[KM:.*]] = arith.mulf %{{.*}}, %[[ABS]]
// CHECK-NEXT: %[[D:.*]] = arith.addf %[[ONE:.*]], %[[KM]]
// CHECK-NEXT: %[[D2:.*]] = arith.mulf %[[D]], %[[D]]
// CHECK-NEXT: arith.divf %[[ONE]], %[[D2]]
// The delivery's adjoint: dW[i, j] += sum_b spike[b, i] dIn[b, j].
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel", "reduction"]} ins(%{{.*}}, %{{.*}} : memref<2x4xi8>, memref<2x3xf32>) outs(%[[GRAD]] : memref<4x3xf32>)
// SGD: w -= 0.5 g.
// CHECK: linalg.generic {{.*}} ins(%[[GRAD]] : memref<4x3xf32>) outs(%[[W]] : memref<4x3xf32>)
// CHECK: arith.constant 5.000000e-01
// CHECK: arith.subf
// CHECK-LABEL: func.func @net_forward(
// CHECK-NOT: iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: return
snn.network @net dt 1.0 batch 2 {
  snn.population @in 4 model @poisson
  snn.population @out 3 model @lif {tau_m = 4.0}
  snn.projection @io @in -> @out connect #snn.dense weight 0.5
  snn.train loss "ce_count" of @out steps 6 optimizer "sgd" {lr = 0.5 : f32}
      surrogate "fast_sigmoid" slope 4.0 trainable [@io]
}

// -----

// Adam keeps two moments per weight and a step count, zeroed by init and by
// a reset of the weights.
// CHECK-LABEL: func.func @adam_init(
// CHECK-SAME: %[[M:[a-z0-9]+]]: memref<4x3xf32> {llvm.noalias, snn.buffer = "io.w.adam_m", snn.role = "optimizer"}
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[M]] : memref<4x3xf32>)
// CHECK-LABEL: func.func @adam_reset(
// CHECK-SAME: %[[M2:[a-z0-9]+]]: memref<4x3xf32> {llvm.noalias, snn.buffer = "io.w.adam_m", snn.role = "optimizer"}
// CHECK: scf.if
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[M2]] : memref<4x3xf32>)
// CHECK-LABEL: func.func @adam_train_step(
// Bias corrections 1 - beta^t.
// CHECK: math.powf
// CHECK: math.sqrt
snn.network @adam dt 1.0 batch 2 {
  snn.population @in 4 model @poisson
  snn.population @out 3 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.5
  snn.train loss "ce_final" of @out steps 6 optimizer "adam"
      surrogate "fast_sigmoid" trainable [@io]
}

// -----

// Sparse connectivity: --snn-schedule marks the delivery's loop with what
// the adjoint needs (`snn.rows`: the buffers and the compressed rows); the
// adjoint adds into the gradient of each synapse along the rows of the
// sources that spiked.
// CHECK-LABEL: func.func @sparse_train_step(
// CHECK-SAME: %[[SW:[a-z0-9]+]]: memref<{{[0-9]+}}xf32> {llvm.noalias, snn.buffer = "io.w.grad", snn.role = "gradient"}
// CHECK: } {snn.rows = {indices = @snn.csr.sparse.io.indices, indptr = @snn.csr.sparse.io.indptr, source = "in.spike", target = "io.in", weight = "io.w"}}
// CHECK: scf.for %[[SRC:.*]] = %{{.*}} to %c4
// CHECK: %[[S:.*]] = memref.load %{{.*}}[%{{.*}}, %[[SRC]]] : memref<1x4xi8>
// CHECK: %[[FIRED:.*]] = arith.cmpi ne, %[[S]], %{{.*}} : i8
// CHECK-NEXT: scf.if %[[FIRED]]
// CHECK: scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step
// CHECK: %[[G:.*]] = memref.load %[[SW]][%[[K]]]
// CHECK: %[[SUM:.*]] = arith.addf %[[G]], %{{.*}}
// CHECK-NEXT: memref.store %[[SUM]], %[[SW]][%[[K]]]
snn.network @sparse dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 3 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.fixed_probability<0.5> weight 0.5
  snn.train loss "ce_final" of @out steps 6 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@io]
}

// -----

// Per-synapse delays are not differentiated yet: the error names the op.
snn.network @delayed dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 3 model @li graded "v"
  // expected-error @below {{snn-generate-adjoint: the step of network @delayed has 'scf.for', which training does not differentiate yet}}
  snn.projection @io @in -> @out connect #snn.fixed_probability<0.5> weight 0.5 delay #snn.uniform_int<1, 3>
  snn.train loss "ce_final" of @out steps 6 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@io]
}

// -----

// A trained projection the loss does not depend on would never change.
// expected-error @below {{snn-generate-adjoint: the loss on 'out.v' does not depend on 'side.w'; it would never change}}
snn.network @unused dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 3 model @li graded "v"
  snn.population @aside 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.5
  snn.projection @side @in -> @aside connect #snn.dense weight 0.5
  snn.train loss "ce_final" of @out steps 4 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@io, @side]
}

// -----

// A model op whose derivative is not known is an error naming it, where
// the gradient needs it.
snn.neuron_model @sine params {} state {v = 0.0} inputs ["i_syn"] {
  update {
    %i = snn.get "i_syn" : f32
    // expected-error @below {{the kernel writing 'out.v': no derivative of 'math.sin'; training needs one on this path}}
    %s = math.sin %i : f32
    snn.set "v", %s : f32
  }
}
snn.network @sin dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 3 model @sine graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.5
  snn.train loss "ce_final" of @out steps 4 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@io]
}
