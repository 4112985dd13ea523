// RUN: snn-opt %s --split-input-file --snn-kernel-math --verify-diagnostics | FileCheck %s
// RUN: snn-opt %s --split-input-file --snn-kernel-math=everywhere=true --verify-diagnostics | FileCheck %s --check-prefix=EVERYWHERE

// Inside a kernel: exp becomes a polynomial in arith ops, absf clears the
// sign bit, sqrt refines an estimate from the exponent bits; no math op
// is left for the NVVM lowering to turn into a libdevice call. The host's
// math stays as it is.
// With everywhere (the HLS target, the CPU target's fp-strict mode), the
// host's exp too.
// EVERYWHERE-LABEL: func.func @kernel(
// EVERYWHERE-NOT: math.
// EVERYWHERE: return
// CHECK-LABEL: func.func @kernel(
// CHECK: gpu.launch
// CHECK-NOT: math.
// CHECK: arith.andi %{{.*}}, %{{.*}} : i32
// CHECK: arith.shrui
// CHECK: gpu.terminator
// CHECK: math.exp
// CHECK: return
func.func @kernel(%a: memref<4xf32>, %x: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    %v = memref.load %a[%tx] : memref<4xf32>
    %e = math.exp %v : f32
    %m = math.absf %e : f32
    %s = math.sqrt %m : f32
    memref.store %s, %a[%tx] : memref<4xf32>
    gpu.terminator
  }
  %h = math.exp %x : f32
  return %h : f32
}

// -----

// A function with no device form is named.
func.func @sincos(%a: memref<4xf32>) {
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c1, %sz = %c1) {
    %v = memref.load %a[%tx] : memref<4xf32>
    // expected-error @below {{snn-kernel-math: no device form of 'math.sincos'}}
    %r, %c = math.sincos %v : f32
    memref.store %r, %a[%tx] : memref<4xf32>
    gpu.terminator
  }
  return
}
