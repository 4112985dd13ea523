// REQUIRES: cuda
// RUN: snn-opt %s --snn-to-cuda | FileCheck %s
// RUN: snn-opt %s --snn-to-cuda='chip=sm_90' | FileCheck %s --check-prefix=SM90
// RUN: snn-opt %s --snn-to-cuda='cpu-form=true' | FileCheck %s --check-prefix=CPU

// The pipeline end to end on a small network: one kernel module per grid
// (init's fills, the step's delivery and the LIF population, fused), as
// PTX; the host functions launch them through mgpu* calls. A step's
// kernels queue on one stream (--gpu-async-region), waited for once before
// the host goes on.
// CHECK: llvm.func @net_run(
// CHECK: %[[S:[0-9]+]] = llvm.call @mgpuStreamCreate()
// CHECK-NEXT: gpu.launch_func <%[[S]] : !llvm.ptr> @net_run_kernel::@net_run_kernel
// CHECK-NEXT: gpu.launch_func <%[[S]] : !llvm.ptr> @net_run_kernel_{{[0-9]+}}::@net_run_kernel
// CHECK-NEXT: gpu.launch_func <%[[S]] : !llvm.ptr> @net_run_kernel_{{[0-9]+}}::@net_run_kernel
// CHECK-NOT: mgpuStreamCreate
// CHECK: llvm.call @mgpuStreamSynchronize(%[[S]])
// CHECK-NEXT: llvm.call @mgpuStreamDestroy(%[[S]])
// CHECK: gpu.binary @net_run_kernel [#gpu.object<#nvvm.target<chip = "sm_80", features = "+ptx80">
// CHECK-SAME: assembly = "{{.*}}.entry net_run_kernel(
// SM90: #nvvm.target<chip = "sm_90", features = "+ptx80">
// SM90-SAME: .target sm_90

// The CPU form: no GPU op is left; the grids are loops in LLVM.
// CPU-NOT: gpu.
// CPU: llvm.func @net_run(
// CPU-NOT: gpu.
snn.network @net dt 1.0 batch 2 {
  snn.population @in 64 model @poisson
  snn.population @out 32 model @lif {tau_m = 10.0}
  snn.projection @io @in -> @out connect #snn.dense weight 0.5
}
