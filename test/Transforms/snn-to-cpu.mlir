// The snn-to-cpu pipeline takes a network to the LLVM dialect, and the time
// loop allocates nothing: no allocation anywhere in the lowered module, so
// none can sit inside the loop. COBA-like pieces: random connectivity,
// conductance synapses, random initial values, a monitor.
// RUN: snn-opt %s --snn-to-cpu | FileCheck %s
// RUN: snn-opt %s --snn-schedule | FileCheck %s --check-prefix=SCHEDULED

// SCHEDULED-NOT: memref.alloc
// SCHEDULED:     scf.for
// SCHEDULED-NOT: memref.alloc

// CHECK-NOT:   llvm.call @malloc
// CHECK-NOT:   llvm.call @aligned_alloc
// CHECK:       llvm.func @net_run(
// CHECK-NOT:   llvm.call @malloc
// CHECK:       llvm.func @_mlir_ciface_net_run(
// CHECK-NOT:   llvm.call @malloc
snn.network @net dt 0.1 {
  snn.population @exc 40 model @lif_cond {i_ext = 20.0, t_ref = 5.0}
      init {v = #snn.uniform<-60.0, -50.0>}
  snn.population @inh 10 model @lif_cond {i_ext = 20.0, t_ref = 5.0}
  snn.projection @ee @exc -> @exc connect #snn.fixed_probability<0.2>
      weight 0.6 synapse @exp_current {tau = 5.0} port "ge"
  snn.projection @ie @inh -> @exc connect #snn.fixed_probability<0.2>
      weight 6.7 delay 3 synapse @exp_current {tau = 10.0} port "gi"
  snn.monitor @spikes spikes of @exc
}
