// RUN: snn-opt %s --split-input-file --snn-parallel-to-gpu --canonicalize | FileCheck %s
// RUN: snn-opt %s --split-input-file --snn-parallel-to-gpu=block-size=128 --canonicalize | FileCheck %s --check-prefix=B128

// A kernel over [2, 300]: 600 iterations in blocks of 256 threads, 3
// blocks; thread b * 256 + t runs iteration b * 256 + t (neuron = i mod
// 300, entry = i / 300) unless it is past the end.
// CHECK-LABEL: func.func @elementwise(
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK-DAG: %[[C300:.*]] = arith.constant 300 : index
// CHECK-DAG: %[[C600:.*]] = arith.constant 600 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK: gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C3]], %{{.*}} = %c1, %{{.*}} = %c1) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%[[BS:.*]] = %[[C256]], %{{.*}} = %c1, %{{.*}} = %c1)
// CHECK: %[[B:.*]] = arith.muli %[[BX]], %[[BS]] : index
// CHECK: %[[I:.*]] = arith.addi %[[B]], %[[TX]] : index
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[I]], %[[C600]] : index
// CHECK: scf.if %[[IN]] {
// CHECK-NEXT: %[[N:.*]] = arith.remui %[[I]], %[[C300]] : index
// CHECK-NEXT: %[[E:.*]] = arith.divui %[[I]], %[[C300]] : index
// CHECK-NEXT: memref.load %{{.*}}[%[[E]], %[[N]]]
// CHECK: gpu.terminator
// CHECK-NOT: scf.parallel
// B128-LABEL: func.func @elementwise(
// B128: %[[C5:.*]] = arith.constant 5 : index
// B128: gpu.launch blocks({{.*}}) in (%{{.*}} = %[[C5]], {{.*}}) threads({{.*}}) in (%{{.*}} = %c128,
func.func @elementwise(%a: memref<2x300xf32>, %b: memref<2x300xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c300 = arith.constant 300 : index
  scf.parallel (%e, %n) = (%c0, %c0) to (%c2, %c300) step (%c1, %c1) {
    %x = memref.load %a[%e, %n] : memref<2x300xf32>
    %y = arith.addf %x, %x : f32
    memref.store %y, %b[%e, %n] : memref<2x300xf32>
    scf.reduce
  }
  return
}

// -----

// A product: the sum over k stays a loop in each thread. Lower bounds and
// steps other than 0 and 1 map back: iteration i is 1 + 2 i.
// CHECK-LABEL: func.func @product(
// CHECK: gpu.launch
// CHECK: scf.if
// CHECK: %[[J:.*]] = arith.muli %{{.*}}, %c2 : index
// CHECK-NEXT: %[[COL:.*]] = arith.addi %[[J]], %c1 : index
// CHECK: scf.for %[[K:.*]] = %c0 to %c8 step %c1
// CHECK: memref.load %{{.*}}[%[[K]], %[[COL]]]
func.func @product(%a: memref<4x8xf32>, %w: memref<8x9xf32>, %c: memref<4x9xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c9 = arith.constant 9 : index
  scf.parallel (%i, %j) = (%c0, %c1) to (%c4, %c9) step (%c1, %c2) {
    scf.for %k = %c0 to %c8 step %c1 {
      %x = memref.load %a[%i, %k] : memref<4x8xf32>
      %y = memref.load %w[%k, %j] : memref<8x9xf32>
      %z = memref.load %c[%i, %j] : memref<4x9xf32>
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %z, %p : f32
      memref.store %s, %c[%i, %j] : memref<4x9xf32>
    }
    scf.reduce
  }
  return
}

// -----

// A loop with a reduction stays on the host.
// CHECK-LABEL: func.func @reduction(
// CHECK-NOT: gpu.launch
// CHECK: scf.parallel
func.func @reduction(%a: memref<16xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %zero = arith.constant 0.0 : f32
  %r = scf.parallel (%i) = (%c0) to (%c16) step (%c1) init (%zero) -> f32 {
    %x = memref.load %a[%i] : memref<16xf32>
    scf.reduce(%x : f32) {
    ^bb0(%l: f32, %r: f32):
      %s = arith.addf %l, %r : f32
      scf.reduce.return %s : f32
    }
  }
  return %r : f32
}
