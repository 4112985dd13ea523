// --snn-lower-products sums each element of a product in the order of k,
// as the plain loops do: with contract=false (a multiply and an add) its
// results equal linalg's plain loops bit for bit, in groups of 1 and of 4
// rows; with fused multiply-adds (the default) groups of 1 and of 4 rows
// agree bit for bit too (a row that is 0 at a listed k adds nothing). The
// three forms: "nn" (delivery's product), "tn" (the weight gradient) and
// an "nt" with K < 16 (transposed onto the stack). A is 70% zeros, like
// spikes; the results are printed as their bits.
//
// RUN: mlir-opt %s --convert-linalg-to-loops > %t.plain.mlir
// RUN: snn-opt %s --snn-lower-products=contract=false\ rows=1 > %t.split1.mlir
// RUN: snn-opt %s --snn-lower-products=contract=false\ rows=4 > %t.split4.mlir
// RUN: snn-opt %s --snn-lower-products=rows=1 > %t.fma1.mlir
// RUN: snn-opt %s --snn-lower-products=rows=4 > %t.fma4.mlir
// RUN: for v in plain split1 split4 fma1 fma4; do \
// RUN:   mlir-opt %t.$v.mlir --convert-linalg-to-loops --lower-affine \
// RUN:     --convert-vector-to-scf --convert-scf-to-cf --convert-vector-to-llvm \
// RUN:     --convert-math-to-llvm --finalize-memref-to-llvm --convert-arith-to-llvm \
// RUN:     --convert-func-to-llvm --convert-cf-to-llvm --reconcile-unrealized-casts | \
// RUN:   mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_lib_dir/libmlir_c_runner_utils.so \
// RUN:     -shared-libs=%mlir_lib_dir/libmlir_runner_utils.so > %t.$v.out || exit 1; \
// RUN:   grep -v 'base@' %t.$v.out > %t.$v.bits; done
// RUN: diff %t.plain.bits %t.split1.bits
// RUN: diff %t.plain.bits %t.split4.bits
// RUN: diff %t.fma1.bits %t.fma4.bits
// RUN: FileCheck %s < %t.fma4.out
// The fused forms round differently from the plain loops somewhere.
// RUN: not diff -q %t.plain.bits %t.fma1.bits
// CHECK-COUNT-3: Unranked Memref base@ = {{.*}} rank = 2

#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#b = affine_map<(d0, d1, d2) -> (d2, d1)>
#at = affine_map<(d0, d1, d2) -> (d2, d0)>
#bt = affine_map<(d0, d1, d2) -> (d1, d2)>
#o = affine_map<(d0, d1, d2) -> (d0, d1)>

func.func private @printMemrefI32(memref<*xi32>) attributes {llvm.emit_c_interface}

// A deterministic value in [-1, 1) at (i, j) of stream s; 0 with
// probability `zeros` / 10.
func.func @value(%i: index, %j: index, %s: i32, %zeros: i32) -> f32 {
  %ii = arith.index_cast %i : index to i32
  %jj = arith.index_cast %j : index to i32
  %c1 = arith.constant 7919 : i32
  %c2 = arith.constant -1640531535 : i32
  %x0 = arith.muli %ii, %c1 : i32
  %x1 = arith.addi %x0, %jj : i32
  %x2 = arith.addi %x1, %s : i32
  %x3 = arith.muli %x2, %c2 : i32
  %c15 = arith.constant 15 : i32
  %x4 = arith.shrui %x3, %c15 : i32
  %x5 = arith.xori %x3, %x4 : i32
  %x6 = arith.muli %x5, %c2 : i32
  %c8 = arith.constant 8 : i32
  %m = arith.shrui %x6, %c8 : i32
  %f = arith.uitofp %m : i32 to f32
  %scale = arith.constant 1.1920929e-07 : f32
  %u = arith.mulf %f, %scale : f32
  %one = arith.constant 1.0 : f32
  %v = arith.subf %u, %one : f32
  %c10 = arith.constant 10 : i32
  %c4 = arith.constant 4 : i32
  %h = arith.shrui %x6, %c4 : i32
  %d = arith.remui %h, %c10 : i32
  %z = arith.cmpi ult, %d, %zeros : i32
  %zero = arith.constant 0.0 : f32
  %r = arith.select %z, %zero, %v : f32
  return %r : f32
}

func.func @fill(%m: memref<?x?xf32>, %s: i32, %zeros: i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = memref.dim %m, %c0 : memref<?x?xf32>
  %c = memref.dim %m, %c1 : memref<?x?xf32>
  scf.for %i = %c0 to %r step %c1 {
    scf.for %j = %c0 to %c step %c1 {
      %v = func.call @value(%i, %j, %s, %zeros) : (index, index, i32, i32) -> f32
      memref.store %v, %m[%i, %j] : memref<?x?xf32>
    }
  }
  return
}

func.func @print(%m: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = memref.dim %m, %c0 : memref<?x?xf32>
  %c = memref.dim %m, %c1 : memref<?x?xf32>
  %bits = memref.alloc(%r, %c) : memref<?x?xi32>
  scf.for %i = %c0 to %r step %c1 {
    scf.for %j = %c0 to %c step %c1 {
      %v = memref.load %m[%i, %j] : memref<?x?xf32>
      %b = arith.bitcast %v : f32 to i32
      memref.store %b, %bits[%i, %j] : memref<?x?xi32>
    }
  }
  %u = memref.cast %bits : memref<?x?xi32> to memref<*xi32>
  func.call @printMemrefI32(%u) : (memref<*xi32>) -> ()
  memref.dealloc %bits : memref<?x?xi32>
  return
}

func.func @main() {
  %s0 = arith.constant 1 : i32
  %s1 = arith.constant 2 : i32
  %s2 = arith.constant 3 : i32
  %sparse = arith.constant 7 : i32
  %dense = arith.constant 0 : i32
  // nn: C [8, 150] += A [8, 37] B [37, 150]
  %a = memref.alloc() : memref<8x37xf32>
  %b = memref.alloc() : memref<37x150xf32>
  %c = memref.alloc() : memref<8x150xf32>
  %ad = memref.cast %a : memref<8x37xf32> to memref<?x?xf32>
  %bd = memref.cast %b : memref<37x150xf32> to memref<?x?xf32>
  %cd = memref.cast %c : memref<8x150xf32> to memref<?x?xf32>
  func.call @fill(%ad, %s0, %sparse) : (memref<?x?xf32>, i32, i32) -> ()
  func.call @fill(%bd, %s1, %dense) : (memref<?x?xf32>, i32, i32) -> ()
  func.call @fill(%cd, %s2, %dense) : (memref<?x?xf32>, i32, i32) -> ()
  linalg.matmul ins(%a, %b : memref<8x37xf32>, memref<37x150xf32>) outs(%c : memref<8x150xf32>)
  func.call @print(%cd) : (memref<?x?xf32>) -> ()
  // tn: W [37, 150] += A^T [37, 8] D [8, 150]
  %w = memref.alloc() : memref<37x150xf32>
  %wd = memref.cast %w : memref<37x150xf32> to memref<?x?xf32>
  func.call @fill(%wd, %s0, %dense) : (memref<?x?xf32>, i32, i32) -> ()
  linalg.generic {indexing_maps = [#at, #b, #o], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %c : memref<8x37xf32>, memref<8x150xf32>) outs(%w : memref<37x150xf32>)
      attrs = {snn.product = "tn"} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  func.call @print(%wd) : (memref<?x?xf32>) -> ()
  // nt with K = 5: dA [8, 150] += dC [8, 5] V [150, 5]^T
  %dc = memref.alloc() : memref<8x5xf32>
  %v = memref.alloc() : memref<150x5xf32>
  %dcd = memref.cast %dc : memref<8x5xf32> to memref<?x?xf32>
  %vd = memref.cast %v : memref<150x5xf32> to memref<?x?xf32>
  func.call @fill(%dcd, %s1, %dense) : (memref<?x?xf32>, i32, i32) -> ()
  func.call @fill(%vd, %s2, %dense) : (memref<?x?xf32>, i32, i32) -> ()
  linalg.generic {indexing_maps = [#a, #bt, #o], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%dc, %v : memref<8x5xf32>, memref<150x5xf32>) outs(%c : memref<8x150xf32>)
      attrs = {snn.product = "nt"} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  func.call @print(%cd) : (memref<?x?xf32>) -> ()
  return
}
