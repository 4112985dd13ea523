// RUN: snn-opt %s --split-input-file --snn-hls-loops=fixed-point=true --verify-diagnostics | FileCheck %s

// For the fixed-point snn_real: math functions are snn_hls.h's, a uniform
// draw takes its random bits as a fraction (converting 2^24 first would
// overflow a Q format's integer bits), and fma is snn_fma.
// CHECK-LABEL: func.func @fixed(
// CHECK:         %[[K:.*]] = arith.constant 24 : i32
// CHECK:         %[[U:.*]] = emitc.call_opaque "snn_from_fraction"(%{{.*}}, %[[K]]) : (i32, i32) -> f32
// CHECK:         emitc.call_opaque "snn_exp"(%[[U]]) : (f32) -> f32
// CHECK:         emitc.call_opaque "snn_fma"
// CHECK:         emitc.call_opaque "snn_fmod"
// CHECK-NOT:     math.
// CHECK-NOT:     arith.uitofp
func.func @fixed(%bits: i32, %x: f32) -> f32 {
  %scale = arith.constant 5.96046448E-8 : f32
  %f = arith.uitofp %bits : i32 to f32
  %u = arith.mulf %f, %scale : f32
  %e = math.exp %u : f32
  %m = math.fma %e, %x, %x : f32
  %r = arith.remf %m, %x : f32
  return %r : f32
}

// -----

// A scale that is not a power of two stays a conversion and a product.
// CHECK-LABEL: func.func @not_a_fraction(
// CHECK:         arith.uitofp
// CHECK:         arith.mulf
func.func @not_a_fraction(%bits: i32) -> f32 {
  %scale = arith.constant 3.0E-8 : f32
  %f = arith.uitofp %bits : i32 to f32
  %u = arith.mulf %scale, %f : f32
  return %u : f32
}

// -----

func.func @bits(%x: f32) -> i32 {
  // expected-error @below {{snn-hls-loops: a float's bits ('arith.bitcast') have no fixed-point form}}
  %b = arith.bitcast %x : f32 to i32
  return %b : i32
}

// -----

func.func @unknown(%x: f32) -> f32 {
  // expected-error @below {{snn-hls-loops: no C++ form of 'math.cbrt' (snn_hls.h has no fixed-point function for it)}}
  %c = math.cbrt %x : f32
  return %c : f32
}
