// Random numbers drawn by compiled code are the ones docs/random.md
// specifies: a Poisson source's spikes, run for 30 steps in 3 batch entries
// (seeds 7, 7 and 12345678901), equal spike for spike those computed by a C
// program from runtime/include/snnrt/Philox.h. Entries 0 and 1 share a seed
// and so spike identically.
//
// RUN: %clang -std=c99 -O1 %S/Inputs/poisson_check.c -I%snn_src_root/runtime/include -lm -o %t.check
// RUN: snn-opt %s --snn-to-cpu | \
// RUN:   mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_lib_dir/libmlir_c_runner_utils.so \
// RUN:     -shared-libs=%mlir_lib_dir/libmlir_runner_utils.so | %t.check | FileCheck %s
// CHECK: poisson: 540 values, 0 mismatches, {{[1-9][0-9]+}} spikes

snn.network @pois dt 1.0 batch 3 {
  snn.population @src 6 model @poisson
  snn.monitor @spk spikes of @src
}

// Buffers: seed, step, src.rate, src.spike (u8, i8 in the IR),
// src.spike_count; recorder spk (spike bits: one i64 word per step and batch
// entry).
func.func private @pois_init(memref<3xi64>, memref<1xi64>, memref<3x6xf32>,
                             memref<3x6xi8>, memref<3x6xf32>)
func.func private @pois_run(index, memref<3xi64>, memref<1xi64>, memref<3x6xf32>,
                            memref<3x6xi8>, memref<3x6xf32>, memref<?x3x1xi64>)
func.func private @printMemrefI64(memref<*xi64>) attributes {llvm.emit_c_interface}

func.func @main() {
  %seed = memref.alloc() : memref<3xi64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %s7 = arith.constant 7 : i64
  %sbig = arith.constant 12345678901 : i64
  memref.store %s7, %seed[%c0] : memref<3xi64>
  memref.store %s7, %seed[%c1] : memref<3xi64>
  memref.store %sbig, %seed[%c2] : memref<3xi64>
  %step = memref.alloc() : memref<1xi64>
  %rate = memref.alloc() : memref<3x6xf32>
  %spike = memref.alloc() : memref<3x6xi8>
  %count = memref.alloc() : memref<3x6xf32>
  call @pois_init(%seed, %step, %rate, %spike, %count)
    : (memref<3xi64>, memref<1xi64>, memref<3x6xf32>, memref<3x6xi8>,
       memref<3x6xf32>) -> ()
  %hz = arith.constant 150.0 : f32
  linalg.fill ins(%hz : f32) outs(%rate : memref<3x6xf32>)
  %steps = arith.constant 30 : index
  %rec = memref.alloc(%steps) : memref<?x3x1xi64>
  call @pois_run(%steps, %seed, %step, %rate, %spike, %count, %rec)
    : (index, memref<3xi64>, memref<1xi64>, memref<3x6xf32>, memref<3x6xi8>,
       memref<3x6xf32>, memref<?x3x1xi64>) -> ()
  %u = memref.cast %rec : memref<?x3x1xi64> to memref<*xi64>
  call @printMemrefI64(%u) : (memref<*xi64>) -> ()
  return
}
