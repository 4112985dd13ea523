// The HLS target's maximumf and minimumf (--snn-hls-loops: compares and
// selects) printed as C++ and compiled with g++ give IEEE 754-2019
// maximum and minimum, which the CPU target computes with LLVM's
// llvm.maximum/llvm.minimum: NaN if either operand is NaN, -0 below +0.
// The expected bit patterns follow from that definition.
//
// REQUIRES: g++
// RUN: rm -rf %t && mkdir -p %t
// RUN: snn-opt %s --snn-hls-loops | mlir-opt --convert-to-emitc --reconcile-unrealized-casts | mlir-translate --mlir-to-cpp > %t/minmax.cpp
// RUN: g++ -std=c++14 -Wall -Werror -include stddef.h '-DSNN_PRAGMA(x)=' -o %t/minmax %S/Inputs/hls-minmax-main.cpp %t/minmax.cpp
// RUN: %t/minmax | FileCheck %s

// a, b: max min
// CHECK: 0x3f800000 0x40000000: 0x40000000 0x3f800000
// CHECK-NEXT: 0x80000000 0x00000000: 0x00000000 0x80000000
// CHECK-NEXT: 0x00000000 0x80000000: 0x00000000 0x80000000
// CHECK-NEXT: 0x80000000 0x80000000: 0x80000000 0x80000000
// CHECK-NEXT: 0x7fc00000 0x3f800000: 0x7fc00000 0x7fc00000
// CHECK-NEXT: 0x3f800000 0x7fc00000: 0x7fc00000 0x7fc00000
// CHECK-NEXT: 0x7f800000 0xff800000: 0x7f800000 0xff800000
// CHECK-NEXT: 0xc0400000 0xc0400000: 0xc0400000 0xc0400000
func.func @minmax(%a: memref<8xf32>, %b: memref<8xf32>, %max: memref<8xf32>,
                  %min: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %a[%i] : memref<8xf32>
    %y = memref.load %b[%i] : memref<8xf32>
    %hi = arith.maximumf %x, %y : f32
    %lo = arith.minimumf %x, %y : f32
    memref.store %hi, %max[%i] : memref<8xf32>
    memref.store %lo, %min[%i] : memref<8xf32>
  }
  return
}
