// RUN: snn-opt %s --split-input-file --snn-hoist-parameters | FileCheck %s

// The decay factor exp(-dt / tau) of a time constant buffer nothing in the
// loop writes is computed once, before the loop, into a stack buffer; the
// kernel in the loop reads it (and computes no division or exp).
// CHECK-LABEL: func.func @decay(
// CHECK-SAME:    %[[TAU:[a-z0-9_]+]]: memref<8x12xf32>, %[[V:[a-z0-9_]+]]: memref<8x12xf32>
// CHECK:         %[[D:.*]] = memref.alloca() : memref<8x12xf32>
// CHECK:         linalg.generic {{.*}} ins(%[[TAU]] : memref<8x12xf32>) outs(%[[D]] : memref<8x12xf32>) attrs = {snn.hoisted}
// CHECK:           arith.divf
// CHECK:           math.exp
// CHECK:         scf.for
// CHECK:           linalg.generic {{.*}} ins(%[[TAU]], %[[D]] : memref<8x12xf32>, memref<8x12xf32>) outs(%[[V]] : memref<8x12xf32>)
// CHECK-NOT:         math.exp
// CHECK-NOT:         arith.divf
// CHECK:             arith.mulf
// CHECK:             linalg.yield
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @decay(%tau: memref<8x12xf32>, %v: memref<8x12xf32>, %steps: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %t = %c0 to %steps step %c1 {
    %dt = arith.constant 1.0 : f32
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%tau : memref<8x12xf32>) outs(%v : memref<8x12xf32>) {
    ^bb0(%ta: f32, %vo: f32):
      %r = arith.divf %dt, %ta : f32
      %n = arith.negf %r : f32
      %d = math.exp %n : f32
      %v1 = arith.mulf %vo, %d : f32
      linalg.yield %v1 : f32
    }
  }
  return
}

// -----

// A buffer the loop writes (here by another kernel) is not a parameter:
// nothing moves.
// CHECK-LABEL: func.func @written(
// CHECK-NOT:     memref.alloca
// CHECK:         scf.for
// CHECK:           linalg.generic
// CHECK:           linalg.generic
// CHECK:             math.exp
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @written(%tau: memref<8x12xf32>, %v: memref<8x12xf32>, %steps: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %t = %c0 to %steps step %c1 {
    linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
        outs(%tau : memref<8x12xf32>) {
    ^bb0(%ta: f32):
      %one = arith.constant 1.0 : f32
      %t1 = arith.addf %ta, %one : f32
      linalg.yield %t1 : f32
    }
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%tau : memref<8x12xf32>) outs(%v : memref<8x12xf32>) {
    ^bb0(%ta: f32, %vo: f32):
      %d = math.exp %ta : f32
      %v1 = arith.mulf %vo, %d : f32
      linalg.yield %v1 : f32
    }
  }
  return
}

// -----

// Cheap parameter-only values (a negation) stay: reading a buffer would
// cost as much as computing them. Nor does a value that depends on the
// state move.
// CHECK-LABEL: func.func @cheap(
// CHECK-NOT:     memref.alloca
// CHECK:         scf.for
// CHECK:           arith.negf
// CHECK:           math.exp
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @cheap(%tau: memref<8x12xf32>, %v: memref<8x12xf32>, %steps: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %t = %c0 to %steps step %c1 {
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%tau : memref<8x12xf32>) outs(%v : memref<8x12xf32>) {
    ^bb0(%ta: f32, %vo: f32):
      %n = arith.negf %ta : f32
      %s = arith.addf %n, %vo : f32
      %e = math.exp %s : f32
      linalg.yield %e : f32
    }
  }
  return
}

// -----

// A loop inside another loop: a stack buffer there would grow at every
// outer iteration, so nothing moves.
// CHECK-LABEL: func.func @nested(
// CHECK-NOT:     memref.alloca
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @nested(%tau: memref<8x12xf32>, %v: memref<8x12xf32>, %steps: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %s = %c0 to %steps step %c1 {
    scf.for %t = %c0 to %steps step %c1 {
      linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
          ins(%tau : memref<8x12xf32>) outs(%v : memref<8x12xf32>) {
      ^bb0(%ta: f32, %vo: f32):
        %d = math.exp %ta : f32
        %v1 = arith.mulf %vo, %d : f32
        linalg.yield %v1 : f32
      }
    }
  }
  return
}
