// snn-to-cpu{fp-strict} computes what the HLS target's C++ computes: the
// dense product's multiply-adds are a multiply and an add (no fused
// operation), exp is --snn-kernel-math's arith code (no libm or LLVM
// intrinsic whose result the C++ could not reproduce). By default the
// product fuses its multiply-adds, and exp, computed on vectors of 16
// neurons, is --snn-kernel-math's polynomial too (libm has no vector form
// here, so an intrinsic would be one call per lane).
// RUN: snn-opt %s --pass-pipeline='builtin.module(snn-to-cpu{fp-strict=true})' | FileCheck %s --check-prefix=STRICT
// RUN: snn-opt %s --pass-pipeline='builtin.module(snn-to-cpu)' | FileCheck %s --check-prefix=DEFAULT
// RUN: snn-opt %s --pass-pipeline='builtin.module(snn-to-cpu)' | FileCheck %s --check-prefix=NOEXP
// Scalar code computes the same polynomial, so that whether a kernel is
// vectorised changes no result:
// RUN: snn-opt %s --pass-pipeline='builtin.module(snn-to-cpu{vectorize=false})' | FileCheck %s --check-prefix=NOEXP

// STRICT-LABEL: llvm.func @n_run(
// STRICT-NOT:   llvm.intr.fma
// STRICT-NOT:   llvm.intr.fmuladd
// STRICT-NOT:   llvm.intr.exp
// STRICT-NOT:   llvm.call @expf
// STRICT:       llvm.bitcast
// STRICT:       llvm.func @_mlir_ciface_n_run(

// DEFAULT-LABEL: llvm.func @n_run(
// DEFAULT:       llvm.intr.fmuladd
// DEFAULT:       llvm.intr.floor{{.*}}vector<16xf32>
// DEFAULT:       llvm.func @_mlir_ciface_n_run(

// NOEXP-LABEL: llvm.func @n_run(
// NOEXP-NOT:   llvm.intr.exp
// NOEXP-NOT:   llvm.call @expf
// NOEXP:       llvm.func @_mlir_ciface_n_run(
snn.neuron_model @exp_if params {tau = 10.0, v_th = 1.0} state {v = 0.0}
    inputs ["i"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i" : f32
    %th = snn.get "v_th" : f32
    %tau = snn.get "tau" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %over = arith.subf %v, %th : f32
    %e = math.exp %over : f32
    %de = arith.mulf %e, %r : f32
    %dv = arith.addf %v, %de : f32
    %v1 = arith.addf %dv, %i : f32
    snn.set "v", %v1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "v_th" : f32
    %m = arith.subf %v, %th : f32
    snn.yield %m : f32
  }
  reset {
    %z = arith.constant 0.0 : f32
    snn.set "v", %z : f32
  }
}
snn.network @n dt 1.0 batch 4 {
  snn.population @a 32 model @poisson
  snn.population @b 32 model @exp_if
  snn.projection @ab @a -> @b connect #snn.dense weight 0.5 port "i"
}
