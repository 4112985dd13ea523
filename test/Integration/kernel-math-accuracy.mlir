// The math a CUDA kernel computes without libdevice (--snn-kernel-math),
// run on the CPU (--snn-gpu-to-loops) and compared with the host's libm on
// 4096 points per function: exp on [-20, 20], log on [1e-6, 1e4], tanh on
// [-10, 10], sqrt on [0, 1e6] (relative error; tanh absolute), and abs,
// floor, ceil on [-64, 64] in steps of 1/32, which must be exact. Each
// line prints whether the worst error is within its bound.
//
// RUN: snn-opt %s --pass-pipeline='builtin.module(func.func(snn-kernel-math,snn-gpu-to-loops),snn-to-cpu)' | \
// RUN:   mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_lib_dir/libmlir_c_runner_utils.so \
// RUN:     -shared-libs=%mlir_lib_dir/libmlir_runner_utils.so | FileCheck %s

// CHECK: exp 1
// CHECK-NEXT: log 1
// CHECK-NEXT: tanh 1
// CHECK-NEXT: sqrt 1
// CHECK-NEXT: abs 1
// CHECK-NEXT: floor 1
// CHECK-NEXT: ceil 1

// The i-th of n points in [lo, hi].
func.func @point(%i: index, %lo: f32, %hi: f32) -> f32 {
  %n = arith.constant 4095.0 : f32
  %ii = arith.index_cast %i : index to i32
  %fi = arith.sitofp %ii : i32 to f32
  %t = arith.divf %fi, %n : f32
  %span = arith.subf %hi, %lo : f32
  %d = arith.mulf %t, %span : f32
  %x = arith.addf %lo, %d : f32
  return %x : f32
}

// Device results for every point: [function, point].
func.func @device(%out: memref<7x4096xf32>) {
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c256 = arith.constant 256 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c16, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1) {
    %b = arith.muli %bx, %sx : index
    %i = arith.addi %b, %tx : index
    %m20 = arith.constant -20.0 : f32
    %p20 = arith.constant 20.0 : f32
    %tiny = arith.constant 1.0e-6 : f32
    %p1e4 = arith.constant 1.0e4 : f32
    %m10 = arith.constant -10.0 : f32
    %p10 = arith.constant 10.0 : f32
    %z = arith.constant 0.0 : f32
    %p1e6 = arith.constant 1.0e6 : f32
    %m64 = arith.constant -64.0 : f32
    %p64 = arith.constant 63.96875 : f32
    %xe = func.call @point(%i, %m20, %p20) : (index, f32, f32) -> f32
    %xl = func.call @point(%i, %tiny, %p1e4) : (index, f32, f32) -> f32
    %xt = func.call @point(%i, %m10, %p10) : (index, f32, f32) -> f32
    %xs = func.call @point(%i, %z, %p1e6) : (index, f32, f32) -> f32
    %xr = func.call @point(%i, %m64, %p64) : (index, f32, f32) -> f32
    %e = math.exp %xe : f32
    %l = math.log %xl : f32
    %t = math.tanh %xt : f32
    %s = math.sqrt %xs : f32
    %a = math.absf %xr : f32
    %f = math.floor %xr : f32
    %c = math.ceil %xr : f32
    %c0 = arith.constant 0 : index
    %i1 = arith.constant 1 : index
    %i2 = arith.constant 2 : index
    %i3 = arith.constant 3 : index
    %i4 = arith.constant 4 : index
    %i5 = arith.constant 5 : index
    %i6 = arith.constant 6 : index
    memref.store %e, %out[%c0, %i] : memref<7x4096xf32>
    memref.store %l, %out[%i1, %i] : memref<7x4096xf32>
    memref.store %t, %out[%i2, %i] : memref<7x4096xf32>
    memref.store %s, %out[%i3, %i] : memref<7x4096xf32>
    memref.store %a, %out[%i4, %i] : memref<7x4096xf32>
    memref.store %f, %out[%i5, %i] : memref<7x4096xf32>
    memref.store %c, %out[%i6, %i] : memref<7x4096xf32>
    gpu.terminator
  }
  return
}

// The worst error of row `row` against the host's `reference` values.
func.func @worst(%out: memref<7x4096xf32>, %ref: memref<4096xf32>, %row: index,
                 %relative: i1) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 4096 : index
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %w = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> f32 {
    %d = memref.load %out[%row, %i] : memref<7x4096xf32>
    %r = memref.load %ref[%i] : memref<4096xf32>
    %diff = arith.subf %d, %r : f32
    %ad = math.absf %diff : f32
    %ar = math.absf %r : f32
    %scale = arith.maximumf %ar, %one : f32
    %den = arith.select %relative, %ar, %one : f32
    %den1 = arith.maximumf %den, %zero : f32
    %rel = arith.divf %ad, %den1 : f32
    %isz = arith.cmpf oeq, %ad, %zero : f32
    %err = arith.select %isz, %zero, %rel : f32
    %m = arith.maximumf %acc, %err : f32
    scf.yield %m : f32
  }
  return %w : f32
}


func.func @main() {
  %out = memref.alloc() : memref<7x4096xf32>
  func.call @device(%out) : (memref<7x4096xf32>) -> ()
  %ref = memref.alloc() : memref<7x4096xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 4096 : index
  %m20 = arith.constant -20.0 : f32
  %p20 = arith.constant 20.0 : f32
  %tiny = arith.constant 1.0e-6 : f32
  %p1e4 = arith.constant 1.0e4 : f32
  %m10 = arith.constant -10.0 : f32
  %p10 = arith.constant 10.0 : f32
  %z = arith.constant 0.0 : f32
  %p1e6 = arith.constant 1.0e6 : f32
  %m64 = arith.constant -64.0 : f32
  %p64 = arith.constant 63.96875 : f32
  %i1 = arith.constant 1 : index
  %i2 = arith.constant 2 : index
  %i3 = arith.constant 3 : index
  %i4 = arith.constant 4 : index
  %i5 = arith.constant 5 : index
  %i6 = arith.constant 6 : index
  scf.for %i = %c0 to %n step %c1 {
    %xe = func.call @point(%i, %m20, %p20) : (index, f32, f32) -> f32
    %xl = func.call @point(%i, %tiny, %p1e4) : (index, f32, f32) -> f32
    %xt = func.call @point(%i, %m10, %p10) : (index, f32, f32) -> f32
    %xs = func.call @point(%i, %z, %p1e6) : (index, f32, f32) -> f32
    %xr = func.call @point(%i, %m64, %p64) : (index, f32, f32) -> f32
    %e = math.exp %xe : f32
    %l = math.log %xl : f32
    %t = math.tanh %xt : f32
    %s = math.sqrt %xs : f32
    %a = math.absf %xr : f32
    %f = math.floor %xr : f32
    %c = math.ceil %xr : f32
    memref.store %e, %ref[%c0, %i] : memref<7x4096xf32>
    memref.store %l, %ref[%i1, %i] : memref<7x4096xf32>
    memref.store %t, %ref[%i2, %i] : memref<7x4096xf32>
    memref.store %s, %ref[%i3, %i] : memref<7x4096xf32>
    memref.store %a, %ref[%i4, %i] : memref<7x4096xf32>
    memref.store %f, %ref[%i5, %i] : memref<7x4096xf32>
    memref.store %c, %ref[%i6, %i] : memref<7x4096xf32>
  }
  %true = arith.constant true
  %false = arith.constant false
  // Bounds (the worst seen is 1.2e-7, two ulps, for each): relative 5e-7
  // (exp, log), absolute 5e-7 (tanh), relative 3e-7
  // (sqrt); exact (abs, floor, ceil).
  %names = arith.constant 0 : index
  %bounds = memref.alloc() : memref<7xf32>
  %b1 = arith.constant 5.0e-7 : f32
  %b2 = arith.constant 3.0e-7 : f32
  %b0 = arith.constant 0.0 : f32
  memref.store %b1, %bounds[%c0] : memref<7xf32>
  memref.store %b1, %bounds[%i1] : memref<7xf32>
  memref.store %b1, %bounds[%i2] : memref<7xf32>
  memref.store %b2, %bounds[%i3] : memref<7xf32>
  memref.store %b0, %bounds[%i4] : memref<7xf32>
  memref.store %b0, %bounds[%i5] : memref<7xf32>
  memref.store %b0, %bounds[%i6] : memref<7xf32>
  %c7 = arith.constant 7 : index
  scf.for %row = %c0 to %c7 step %c1 {
    %refrow = memref.subview %ref[%row, 0] [1, 4096] [1, 1] : memref<7x4096xf32> to memref<4096xf32, strided<[1], offset: ?>>
    %copy = memref.alloc() : memref<4096xf32>
    memref.copy %refrow, %copy : memref<4096xf32, strided<[1], offset: ?>> to memref<4096xf32>
    %istanh = arith.cmpi eq, %row, %i2 : index
    %relative = arith.xori %istanh, %true : i1
    %w = func.call @worst(%out, %copy, %row, %relative) : (memref<7x4096xf32>, memref<4096xf32>, index, i1) -> f32
    %bound = memref.load %bounds[%row] : memref<7xf32>
    %ok = arith.cmpf ole, %w, %bound : f32
    scf.index_switch %row
    case 0 { vector.print str "exp " scf.yield }
    case 1 { vector.print str "log " scf.yield }
    case 2 { vector.print str "tanh " scf.yield }
    case 3 { vector.print str "sqrt " scf.yield }
    case 4 { vector.print str "abs " scf.yield }
    case 5 { vector.print str "floor " scf.yield }
    default { vector.print str "ceil " scf.yield }
    vector.print %ok : i1
    memref.dealloc %copy : memref<4096xf32>
  }
  return
}
