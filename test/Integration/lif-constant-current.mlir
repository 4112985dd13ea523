// A LIF neuron driven by a constant current, compiled for the CPU and run
// with mlir-runner. The expected spike times and membrane values are worked
// out in closed form (not by the compiler):
//   the current source's value 1.5 reaches the neuron one step later (delay
//   1), so from step 1 on v_k = 1.5 (1 - d^k) with d = exp(-dt/tau_m) =
//   exp(-0.1); v exceeds v_th = 1 first when d^k < 1/3, i.e. k = 11
//   (v_11 = 1.5 (1 - e^-1.1) = 1.00069); the reset to 0 restarts the same
//   trajectory, so spikes fall on steps 11, 22 and 33 of 40.
//   v_1 = 1.5 (1 - e^-0.1) = 0.142744, v_10 = 1.5 (1 - e^-1) = 0.948181.
//
// RUN: snn-opt %s --snn-to-cpu | \
// RUN:   mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_lib_dir/libmlir_c_runner_utils.so \
// RUN:     -shared-libs=%mlir_lib_dir/libmlir_runner_utils.so | FileCheck %s

snn.network @lif1 dt 1.0 {
  snn.population @src 1 model @current_source graded "i"
  snn.population @n 1 model @lif {tau_m = 10.0}
  snn.projection @p @src -> @n connect #snn.one_to_one
  snn.monitor @spk spikes of @n
  snn.monitor @v "v" of @n
}

// Buffers in the order --snn-schedule gives them (each argument is named by
// its snn.buffer attribute; the declaration must match the definition):
// seed, step, src.i, src.current, n.refrac, n.v, n.port.i_syn, n.spike (u8,
// i8 in the IR), n.spike_count, p.w, p.in.
func.func private @lif1_init(memref<1xi64>, memref<1xi64>, memref<1x1xf32>,
                             memref<1x1xf32>, memref<1x1xf32>, memref<1x1xf32>,
                             memref<1x1xf32>, memref<1x1xi8>, memref<1x1xf32>,
                             memref<1xf32>, memref<1x1xf32>)
func.func private @lif1_run(index, memref<1xi64>, memref<1xi64>,
                            memref<1x1xf32>, memref<1x1xf32>, memref<1x1xf32>,
                            memref<1x1xf32>, memref<1x1xf32>, memref<1x1xi8>,
                            memref<1x1xf32>, memref<1xf32>, memref<1x1xf32>,
                            memref<?x1x1xi64>, memref<?x1x1xf32>)
func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}
func.func private @printMemrefI64(memref<*xi64>) attributes {llvm.emit_c_interface}

func.func @main() {
  %seed = memref.alloc() : memref<1xi64>
  %step = memref.alloc() : memref<1xi64>
  %s0 = arith.constant 1 : i64
  linalg.fill ins(%s0 : i64) outs(%seed : memref<1xi64>)
  %i = memref.alloc() : memref<1x1xf32>
  %current = memref.alloc() : memref<1x1xf32>
  %refrac = memref.alloc() : memref<1x1xf32>
  %v = memref.alloc() : memref<1x1xf32>
  %port = memref.alloc() : memref<1x1xf32>
  %spikes = memref.alloc() : memref<1x1xi8>
  %count = memref.alloc() : memref<1x1xf32>
  %w = memref.alloc() : memref<1xf32>
  %in = memref.alloc() : memref<1x1xf32>
  call @lif1_init(%seed, %step, %i, %current, %refrac, %v, %port, %spikes,
                  %count, %w, %in)
    : (memref<1xi64>, memref<1xi64>, memref<1x1xf32>, memref<1x1xf32>,
       memref<1x1xf32>, memref<1x1xf32>, memref<1x1xf32>, memref<1x1xi8>,
       memref<1x1xf32>, memref<1xf32>, memref<1x1xf32>) -> ()
  %c = arith.constant 1.5 : f32
  linalg.fill ins(%c : f32) outs(%current : memref<1x1xf32>)
  %steps = arith.constant 40 : index
  // Spikes are recorded as bits: one i64 word per step for one neuron.
  %rec_spk = memref.alloc(%steps) : memref<?x1x1xi64>
  %rec_v = memref.alloc(%steps) : memref<?x1x1xf32>
  call @lif1_run(%steps, %seed, %step, %i, %current, %refrac, %v, %port,
                 %spikes, %count, %w, %in, %rec_spk, %rec_v)
    : (index, memref<1xi64>, memref<1xi64>, memref<1x1xf32>, memref<1x1xf32>,
       memref<1x1xf32>, memref<1x1xf32>, memref<1x1xf32>, memref<1x1xi8>,
       memref<1x1xf32>, memref<1xf32>, memref<1x1xf32>, memref<?x1x1xi64>,
       memref<?x1x1xf32>) -> ()
  %u_spk = memref.cast %rec_spk : memref<?x1x1xi64> to memref<*xi64>
  call @printMemrefI64(%u_spk) : (memref<*xi64>) -> ()
  %u_v = memref.cast %rec_v : memref<?x1x1xf32> to memref<*xf32>
  call @printMemrefF32(%u_v) : (memref<*xf32>) -> ()
  return
}

// Spikes: steps 0-10 silent, 11 fires, 12-21 silent, 22 fires, ...
// CHECK:         sizes = [40, 1, 1]
// CHECK-NEXT{LITERAL}: [[[0]],
// CHECK-COUNT-10{LITERAL}: [[0]],
// CHECK-NEXT{LITERAL}: [[1]],
// CHECK-COUNT-10{LITERAL}: [[0]],
// CHECK-NEXT{LITERAL}: [[1]],
// CHECK-COUNT-10{LITERAL}: [[0]],
// CHECK-NEXT{LITERAL}: [[1]],
// CHECK-COUNT-5{LITERAL}: [[0]]
// Membrane: 0 at step 0, then the closed-form values above, 0 after a reset.
// CHECK:         sizes = [40, 1, 1]
// CHECK-NEXT{LITERAL}: [[[0]],
// CHECK-NEXT{LITERAL}: [[0.14274
// CHECK-COUNT-8: {{\[\[0\.[0-9]+\]\],}}
// CHECK-NEXT{LITERAL}: [[0.94818
// CHECK-NEXT{LITERAL}: [[0]],
