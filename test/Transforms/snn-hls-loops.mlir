// RUN: snn-opt %s --split-input-file --snn-hls-loops --verify-diagnostics | FileCheck %s
// RUN: snn-opt %s --split-input-file --snn-hls-loops=unroll=4 --verify-diagnostics | FileCheck %s --check-prefix=UNROLL

// What C++ has no operator for: the 32x32 -> 64-bit product through i64,
// IEEE maximum/minimum as compares and selects, bit casts and fma as calls;
// globals get C names; only the innermost loop is pipelined.
// CHECK-LABEL: memref.global "private" constant @snn_csr_n_ab_indptr
// CHECK-LABEL: func.func @ops(
// CHECK:         memref.get_global @snn_csr_n_ab_indptr
// CHECK:         scf.for
// CHECK-NEXT:      scf.for
// CHECK-NEXT:        emitc.verbatim "SNN_PRAGMA(HLS PIPELINE II=1)"
// CHECK:             arith.extui %{{.*}} : i32 to i64
// CHECK:             arith.muli %{{.*}} : i64
// CHECK:             arith.shrui
// CHECK:             arith.cmpf ogt
// CHECK:             arith.cmpf uno
// CHECK:             arith.cmpf olt
// CHECK:             arith.cmpf uno
// CHECK:             emitc.call_opaque "snn_bits_f32_to_i32"
// CHECK:             emitc.call_opaque "fmaf"
// CHECK:             emitc.call_opaque "fmodf"
// CHECK-NOT:     arith.maximumf
// CHECK-NOT:     arith.minimumf
// CHECK-NOT:     arith.mului_extended
memref.global "private" constant @snn.csr.n.ab.indptr : memref<2xi32> = dense<[0, 1]>
func.func @ops(%a: memref<4xf32>, %k: memref<4xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %g = memref.get_global @snn.csr.n.ab.indptr : memref<2xi32>
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %x = memref.load %a[%j] : memref<4xf32>
      %n = memref.load %k[%j] : memref<4xi32>
      %lo, %hi = arith.mului_extended %n, %n : i32
      %w = memref.load %a[%i] : memref<4xf32>
      %y = arith.maximumf %x, %w : f32
      %z = arith.minimumf %y, %x : f32
      %b = arith.bitcast %z : f32 to i32
      %s = arith.addi %b, %hi : i32
      %f = math.fma %z, %z, %z : f32
      %r = arith.remf %f, %z : f32
      memref.store %r, %a[%j] : memref<4xf32>
      memref.store %s, %k[%j] : memref<4xi32>
    }
    %e = memref.load %g[%c0] : memref<2xi32>
    memref.store %e, %k[%i] : memref<4xi32>
  }
  return
}

// -----

// With unroll=4: a loop of a static trip count 4 divides also unrolls;
// the compressed row (dynamic bounds) and a trip count of 6 do not.
// UNROLL-LABEL: func.func @unroll(
// UNROLL:         scf.for
// UNROLL-NEXT:      emitc.verbatim "SNN_PRAGMA(HLS PIPELINE II=1)"
// UNROLL-NEXT:      emitc.verbatim "SNN_PRAGMA(HLS UNROLL factor=4)"
// UNROLL:         scf.for
// UNROLL-NEXT:      emitc.verbatim "SNN_PRAGMA(HLS PIPELINE II=1)"
// UNROLL-NOT:       UNROLL
// UNROLL:         scf.for
// UNROLL-NEXT:      emitc.verbatim "SNN_PRAGMA(HLS PIPELINE II=1)"
// UNROLL-NOT:       UNROLL
// UNROLL:         return
func.func @unroll(%a: memref<16xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %c16 = arith.constant 16 : index
  %z = arith.constant 0.0 : f32
  scf.for %i = %c0 to %c16 step %c1 {
    memref.store %z, %a[%i] : memref<16xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    memref.store %z, %a[%i] : memref<16xf32>
  }
  scf.for %i = %c0 to %c6 step %c1 {
    memref.store %z, %a[%i] : memref<16xf32>
  }
  return
}

// -----

func.func @heap(%n: index) -> memref<?xf32> {
  // expected-error @below {{snn-hls-loops: 'memref.alloc' would become malloc, which an HLS kernel cannot call}}
  %m = memref.alloc(%n) : memref<?xf32>
  return %m : memref<?xf32>
}

// -----

func.func @math(%x: f32) -> f32 {
  // expected-error @below {{snn-hls-loops: no C++ form of 'math.exp' (run --snn-kernel-math{everywhere} first)}}
  %e = math.exp %x : f32
  return %e : f32
}

// -----

func.func @vector(%a: memref<16xf32>) -> vector<16xf32> {
  %c0 = arith.constant 0 : index
  %p = arith.constant 0.0 : f32
  // expected-error @below {{snn-hls-loops: vector op 'vector.transfer_read' in an HLS kernel}}
  %v = vector.transfer_read %a[%c0], %p : memref<16xf32>, vector<16xf32>
  return %v : vector<16xf32>
}
