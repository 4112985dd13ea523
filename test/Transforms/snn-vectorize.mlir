// RUN: snn-opt %s --split-input-file --snn-schedule --canonicalize --snn-fuse --snn-vectorize | FileCheck %s
// RUN: snn-opt %s --split-input-file --snn-schedule --canonicalize --snn-fuse --snn-vectorize="parallel=true min-parallel-elements=32" | FileCheck %s --check-prefix=PAR
// RUN: snn-opt %s --split-input-file --snn-schedule --canonicalize --snn-fuse --snn-vectorize="parallel=true vectors=false min-parallel-elements=32" | FileCheck %s --check-prefix=SCALAR

// With vectors=false, large kernels get parallel scalar tiles and small ones
// stay whole kernels.
// SCALAR-LABEL: func.func @v_run(
// SCALAR:         scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (1, 40) step (1, 16)
// SCALAR:           linalg.generic
// The spike monitor's vector<64xf32> packing comes after the kernel.
// SCALAR-NOT:       vector<16
// SCALAR-LABEL: func.func @small_run(
// SCALAR-NOT:     scf.for %{{.*}} step %c16
// SCALAR:         linalg.generic
// SCALAR-NOT:     scf.forall
// SCALAR-LABEL: func.func @small_reset(

// The fused kernel of a population of 40 neurons becomes a loop over tiles
// of 16 whose body works on vector<16xf32> (the unit batch dimension cast
// away); the last tile (40 = 2 * 16 + 8) is masked.
// CHECK-LABEL: func.func @v_run(
// CHECK:         scf.for
// CHECK:             scf.for %{{.*}} = %{{.*}} to %c40 step %c16
// CHECK:             %[[MASK2D:.*]] = vector.create_mask %{{.*}}, %{{.*}} : vector<1x16xi1>
// CHECK:             %[[MASK:.*]] = vector.shape_cast %[[MASK2D]] : vector<1x16xi1> to vector<16xi1>
// CHECK:             vector.mask %[[MASK]] { vector.transfer_read {{.*}} : memref<?xf32, {{.*}}>, vector<16xf32> }
// CHECK:             arith.cmpf ogt, %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK:             arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<16xi1>, vector<16xf32>
// CHECK:             vector.mask %{{.*}} { vector.transfer_write
// With `parallel`, a kernel of at least min-parallel-elements elements is
// tiled by an scf.forall (OpenMP threads in snn-to-cpu{threads}), each tile
// vectorised the same way.
// PAR-LABEL: func.func @v_run(
// PAR:         scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (1, 40) step (1, 16)
// PAR:           vector.transfer_read {{.*}} vector<16xf32>
// PAR:           arith.cmpf ogt, %{{.*}}, %{{.*}} : vector<16xf32>
snn.network @v dt 1.0 {
  snn.population @n 40 model @lif {tau_m = 10.0}
  snn.monitor @s spikes of @n
}

// -----

// A kernel that draws random numbers (Philox) stays scalar: untouched
// without `parallel`, in parallel scalar tiles with it.
// CHECK-LABEL: func.func @r_run(
// CHECK-NOT:     scf.forall
// CHECK:         linalg.generic
// CHECK:           arith.mului_extended
// PAR-LABEL: func.func @r_run(
// PAR:         scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (1, 40) step (1, 16)
// PAR:           linalg.generic
// PAR:             arith.mului_extended
// PAR-NOT:         vector<
snn.network @r dt 1.0 {
  snn.population @p 40 model @poisson
}

// -----

// Below min-parallel-elements the tiles stay sequential.
// PAR-LABEL: func.func @small_run(
// PAR-NOT:     scf.forall
// PAR:         scf.for %{{.*}} = %{{.*}} to %c20 step %c16
snn.network @small dt 1.0 {
  snn.population @n 20 model @lif
}

// -----

// With a batch, a kernel whose neurons all fit one tile becomes one loop
// over every entry's neurons, its tiles of 16 spanning entries (8 entries
// of 4 Poisson neurons: two full tiles instead of eight with 4 lanes each).
// A per-entry value (the random stream's seed) and a per-neuron one (v_th
// of @th), which nothing in the time loop writes, are copied into [B, N]
// buffers once, before the loop, and read elementwise (@once and @written
// below: gathers at k / N and k % N otherwise). Random draws are then vectorised
// too, Philox's widening multiplies as one 32-bit multiply of all lanes
// (the low halves) and products of the even and the odd lanes seen as
// vector<8xi64> (one pmuludq each on x86), whose high halves one lane
// select joins. Other kernels whose operands are all [batch, N] collapse
// as well
// (@hid: its per-entry tau_m, exp on vectors); a wide population's random
// kernel stays a scalar [batch, N] kernel.
// CHECK-LABEL: func.func @b_run(
// CHECK:         %[[SEEDS:.*]] = memref.alloca() : memref<8x4xi64>
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : memref<8xi64>) outs(%[[SEEDS]] : memref<8x4xi64>)
// CHECK:         %[[VTH:.*]] = memref.alloca() : memref<8x3xf32>
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : memref<3xf32>) outs(%[[VTH]] : memref<8x3xf32>)
// CHECK:         scf.for
// CHECK:         memref.collapse_shape %{{.*}} {{\[\[}}0, 1]] : memref<8x4xf32> into memref<32xf32>
// CHECK:         memref.collapse_shape %[[SEEDS]] {{\[\[}}0, 1]] : memref<8x4xi64> into memref<32xi64>
// CHECK:         scf.for %{{.*}} = %c0 to %c32 step %c16
// CHECK-NOT:       vector.gather
// CHECK:           vector.transfer_read %{{.*}} : memref<16xi64, strided<[1], offset: ?>>, vector<16xi64>
// CHECK-NOT:       arith.mului_extended
// CHECK:           vector.bitcast %{{.*}} : vector<16xi32> to vector<8xi64>
// CHECK:           arith.muli %{{.*}}, %{{.*}} : vector<8xi64>
// CHECK:           arith.muli %{{.*}}, %{{.*}} : vector<8xi64>
// CHECK:           arith.muli %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK:           arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<16xi1>, vector<16xi32>
// CHECK:         memref.collapse_shape %{{.*}} : memref<8x12xf32> into memref<96xf32>
// CHECK:         scf.for %{{.*}} = %c0 to %c96 step %c16
// CHECK:           math.exp %{{.*}} : vector<16xf32>
// CHECK:         memref.collapse_shape %[[VTH]] {{\[\[}}0, 1]] : memref<8x3xf32> into memref<24xf32>
// CHECK:         scf.for %{{.*}} = %c0 to %c24 step %c16
// CHECK-NOT:       vector.gather
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : memref<8x20xf32>, memref<8xi64>)
// CHECK:           arith.mului_extended %{{.*}} : i32
snn.network @b dt 1.0 batch 8 {
  snn.population @in 4 model @poisson
  snn.population @hid 12 model @lif {tau_m = 10.0} per_entry ["tau_m"]
  snn.population @th 3 model @lif {v_th = dense<[1.0, 1.5, 2.0]> : tensor<3xf32>}
  snn.population @wide 20 model @poisson
}

// -----

// A kernel not in a time loop (run once): its per-entry operand is
// gathered at k / N, nothing is copied.
// CHECK-LABEL: func.func @once(
// CHECK-NOT:     memref.alloca
// CHECK:         vector.gather %{{.*}} : memref<8xf32>, vector<16xindex>
func.func @once(%a: memref<8xf32>, %out: memref<8x4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : memref<8xf32>) outs(%out : memref<8x4xf32>) {
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// In a time loop that also writes the per-entry buffer: it changes from
// step to step, so it is gathered in the loop, not copied before it.
// CHECK-LABEL: func.func @written(
// CHECK-NOT:     memref.alloca
// CHECK:         scf.for
// CHECK:           vector.gather %{{.*}} : memref<8xf32>, vector<16xindex>
func.func @written(%n: index, %a: memref<8xf32>, %out: memref<8x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  scf.for %t = %c0 to %n step %c1 {
    %v = memref.load %a[%c0] : memref<8xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %a[%c0] : memref<8xf32>
    linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : memref<8xf32>) outs(%out : memref<8x4xf32>) {
    ^bb0(%x: f32, %y: f32):
      %s = arith.addf %x, %y : f32
      linalg.yield %s : f32
    }
  }
  return
}

// -----

// A per-neuron operand the time loop writes (a population's shared draws
// of the step), read by tiles of 16 spanning entries of 4 neurons: every
// tile starts at a multiple of 4, so each reads lanes i % 4, and one gather
// before the tile loop serves them all. With 3 neurons the lanes differ
// from tile to tile: a gather per tile.
// CHECK-LABEL: func.func @per_neuron_written(
// CHECK:         scf.for
// CHECK:           %[[LANES:.*]] = vector.step : vector<16xindex>
// CHECK:           %[[I:.*]] = arith.remui %[[LANES]], %{{.*}} : vector<16xindex>
// CHECK:           vector.gather %{{.*}}[%{{.*}}] [%[[I]]]{{.*}} : memref<4xf32>, vector<16xindex>
// CHECK:           scf.for %{{.*}} = %c0 to %c32 step %c16
// CHECK-NOT:         vector.gather
// CHECK:             vector.transfer_write
// CHECK:         return
func.func @per_neuron_written(%n: index, %a: memref<4xf32>, %out: memref<8x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  scf.for %t = %c0 to %n step %c1 {
    %v = memref.load %a[%c0] : memref<4xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %a[%c0] : memref<4xf32>
    linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : memref<4xf32>) outs(%out : memref<8x4xf32>) {
    ^bb0(%x: f32, %y: f32):
      %s = arith.addf %x, %y : f32
      linalg.yield %s : f32
    }
  }
  return
}

// CHECK-LABEL: func.func @per_neuron_written_3(
// CHECK:         scf.for
// CHECK:           scf.for %{{.*}} = %c0 to %c24 step %c16
// CHECK:             vector.gather %{{.*}} : memref<3xf32>, vector<16xindex>
func.func @per_neuron_written_3(%n: index, %a: memref<3xf32>, %out: memref<8x3xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  scf.for %t = %c0 to %n step %c1 {
    %v = memref.load %a[%c0] : memref<3xf32>
    %w = arith.addf %v, %one : f32
    memref.store %w, %a[%c0] : memref<3xf32>
    linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : memref<3xf32>) outs(%out : memref<8x3xf32>) {
    ^bb0(%x: f32, %y: f32):
      %s = arith.addf %x, %y : f32
      linalg.yield %s : f32
    }
  }
  return
}
