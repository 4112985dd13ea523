// RUN: snn-opt %s --split-input-file --snn-gpu-to-loops --verify-diagnostics | FileCheck %s

// A launch becomes loops over its blocks and threads, outer to inner, the
// ids bound to the loop indices and the sizes to the bounds.
// CHECK-LABEL: func.func @grid(
// CHECK: scf.for %[[BX:.*]] = %c0 to %c3 step %c1
// CHECK-NEXT: scf.for %{{.*}} = %c0 to %c1 step %c1
// CHECK-NEXT: scf.for %{{.*}} = %c0 to %c1 step %c1
// CHECK-NEXT: scf.for %[[TX:.*]] = %c0 to %c256 step %c1
// CHECK-NEXT: scf.for %{{.*}} = %c0 to %c1 step %c1
// CHECK-NEXT: scf.for %{{.*}} = %c0 to %c1 step %c1
// CHECK-NEXT: %[[B:.*]] = arith.muli %[[BX]], %c256 : index
// CHECK-NEXT: %[[I:.*]] = arith.addi %[[B]], %[[TX]] : index
// CHECK-NEXT: %[[IN:.*]] = arith.cmpi ult, %[[I]], %c600 : index
// CHECK-NEXT: scf.if %[[IN]]
// CHECK-NOT: gpu.
func.func @grid(%a: memref<600xf32>) {
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c256 = arith.constant 256 : index
  %c600 = arith.constant 600 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c3, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
    %b = arith.muli %bx, %sx : index
    %i = arith.addi %b, %tx : index
    %in = arith.cmpi ult, %i, %c600 : index
    scf.if %in {
      %x = memref.load %a[%i] : memref<600xf32>
      %y = arith.addf %x, %x : f32
      memref.store %y, %a[%i] : memref<600xf32>
    }
    gpu.terminator
  }
  return
}

// -----

// Threads that wait for each other cannot run one after another.
func.func @barrier(%a: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  // expected-error @below {{snn-gpu-to-loops: a kernel with barriers cannot run as sequential loops}}
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    gpu.barrier
    gpu.terminator
  }
  return
}
