// The dense products of examples/fashion_mnist's training step, alone
// (bench/products/README.md): delivery's C += S W per step ("nn", S the
// input spikes), the weight gradient dW += S^T dI per step ("tn"), and the
// forward product over all 25 steps at once, [T B, N_in] (what hoisting
// the time loop would make of it). run.sh lowers them with snn-to-cpu
// (--snn-lower-products, 2 threads), as snn-compile does.
#tn_a = affine_map<(d0, d1, d2) -> (d2, d0)>
#tn_b = affine_map<(d0, d1, d2) -> (d2, d1)>
#tn_c = affine_map<(d0, d1, d2) -> (d0, d1)>

func.func @nn(%s: memref<128x784xi8>, %w: memref<784x256xf32>,
              %c: memref<128x256xf32>) attributes {llvm.emit_c_interface} {
  linalg.matmul ins(%s, %w : memref<128x784xi8>, memref<784x256xf32>)
                outs(%c : memref<128x256xf32>)
  return
}

func.func @tn(%s: memref<128x784xi8>, %d: memref<128x256xf32>,
              %dw: memref<784x256xf32>) attributes {llvm.emit_c_interface} {
  linalg.generic {indexing_maps = [#tn_a, #tn_b, #tn_c],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%s, %d : memref<128x784xi8>, memref<128x256xf32>)
      outs(%dw : memref<784x256xf32>) attrs = {snn.product = "tn"} {
  ^bb0(%x: i8, %y: f32, %acc: f32):
    %f = arith.uitofp %x : i8 to f32
    %p = arith.mulf %f, %y : f32
    %r = arith.addf %acc, %p : f32
    linalg.yield %r : f32
  }
  return
}

func.func @nn_hoisted(%s: memref<3200x784xi8>, %w: memref<784x256xf32>,
                      %c: memref<3200x256xf32>) attributes {llvm.emit_c_interface} {
  linalg.matmul ins(%s, %w : memref<3200x784xi8>, memref<784x256xf32>)
                outs(%c : memref<3200x256xf32>)
  return
}
