// RUN: snn-opt %s --snn-schedule --canonicalize --snn-fuse | FileCheck %s

// One population's update, threshold and reset become one kernel: the
// update's v feeds the threshold and the reset directly, and each buffer is
// read and written once per step.
// CHECK-LABEL: func.func @f_run(
// CHECK:         scf.for
// The synapse kernel stays separate: the matmul before it is a barrier, and
// its port output is the neuron kernel's input.
// CHECK:           linalg.matmul
// CHECK:           linalg.generic {{.*}} outs(%{{.*}}, %[[PORT:[a-z0-9_]+]] :
// Population @a's kernel comes first (it has no input), then @b's.
// CHECK:           linalg.generic {{.*}} ins(%{{.*}} : memref<1x3xf32>) outs({{.*}} : memref<1x3xf32>, memref<1x3xf32>, memref<1x3xf32>, memref<1x3xf32>)
// CHECK:           linalg.generic {{.*}} ins(%[[PORT]] : memref<1x4xf32>) outs(%[[REFRAC:[a-z0-9_]+]], %[[V:[a-z0-9_]+]], %[[SPIKE:[a-z0-9_]+]], %[[COUNT:[a-z0-9_]+]] :
// CHECK:             arith.cmpf ogt
// CHECK:             arith.select
// CHECK:             linalg.yield
// CHECK-NOT:       linalg.generic {{.*}}outs(%[[V]]
// CHECK:           memref.subview
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
// SIZES:         linalg.generic {{.*}} outs({{.*}} : memref<1x2xf32>, memref<1x2xf32>, memref<1x2xf32>, memref<1x2xf32>)
// SIZES:         linalg.generic {{.*}} outs({{.*}} : memref<1x5xf32>, memref<1x5xf32>, memref<1x5xf32>, memref<1x5xf32>)
snn.network @g dt 1.0 {
  snn.population @a 2 model @lif
  snn.population @b 5 model @lif
}
