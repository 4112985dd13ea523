// RUN: snn-opt %s --snn-schedule --canonicalize --snn-fuse --snn-vectorize | FileCheck %s

// The fused kernel of a population of 40 neurons becomes a loop over tiles
// of 16 whose body works on vector<1x16xf32>; the last tile (40 = 2 * 16 + 8)
// is masked.
// CHECK-LABEL: func.func @v_run(
// CHECK:         scf.for
// CHECK:             scf.for %{{.*}} = %{{.*}} to %c40 step %c16
// CHECK:             %[[MASK:.*]] = vector.create_mask %{{.*}}, %{{.*}} : vector<1x16xi1>
// CHECK:             vector.mask %[[MASK]] { vector.transfer_read {{.*}} : memref<1x?xf32, strided<[40, 1], offset: ?>>, vector<1x16xf32> }
// CHECK:             arith.cmpf ogt, %{{.*}}, %{{.*}} : vector<1x16xf32>
// CHECK:             arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<1x16xi1>, vector<1x16xf32>
// CHECK:             vector.mask %[[MASK]] { vector.transfer_write
snn.network @v dt 1.0 {
  snn.population @n 40 model @lif {tau_m = 10.0}
  snn.monitor @s spikes of @n
}

// -----

// A kernel that draws random numbers (Philox) stays scalar.
// RUN: snn-opt %s --split-input-file --snn-schedule --canonicalize --snn-fuse --snn-vectorize | FileCheck %s --check-prefix=RANDOM
// RANDOM-LABEL: func.func @r_run(
// RANDOM:         linalg.generic
// RANDOM:           arith.mului_extended
snn.network @r dt 1.0 {
  snn.population @p 40 model @poisson
}
