// RUN: snn-opt %s --snn-lower-products=rows=1 | FileCheck %s
// RUN: snn-opt %s --snn-lower-products=parallel=true\ min-parallel-work=1\ rows=1 | FileCheck %s --check-prefix=PAR
// RUN: snn-opt %s --snn-lower-products=contract=false\ rows=1 | FileCheck %s --check-prefix=SPLIT
// RUN: snn-opt %s --snn-lower-products | FileCheck %s --check-prefix=ROWS

// Delivery's product C += A B: for each row m, the list of the non-zero
// A[m, k] (indices and values, on the stack, appended without a branch),
// then blocks of C's row in registers (16 lanes here: C has 20 columns)
// summing B[k, block] for every listed k, then the remaining columns.
// CHECK-LABEL: func.func @nn(
// CHECK-SAME: %[[A:.*]]: memref<4x3xi8>, %[[B:.*]]: memref<3x20xf32>, %[[C:.*]]: memref<4x20xf32>
// CHECK-DAG: %[[IDX:.*]] = memref.alloca() : memref<3xi32>
// CHECK-DAG: %[[VAL:.*]] = memref.alloca() : memref<1x3xf32>
// CHECK: scf.for %[[M:.*]] = %{{.*}} to %c4
// CHECK: %[[N:.*]] = scf.for %[[K:.*]] = {{.*}} iter_args(%[[AT:.*]] = %{{.*}}) -> (index)
// CHECK: %[[S:.*]] = memref.load %[[A]][%[[M]], %[[K]]] : memref<4x3xi8>
// CHECK: %[[F:.*]] = arith.uitofp %[[S]] : i8 to f32
// CHECK: %[[NZ:.*]] = arith.cmpf one, %[[F]]
// CHECK: memref.store %[[F]], %[[VAL]][%{{.*}}, %[[AT]]]
// CHECK: memref.store %{{.*}}, %[[IDX]][%[[AT]]]
// CHECK: arith.select %[[NZ]]
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %c16{{.*}} step %c16
// CHECK: %[[C0:.*]] = vector.load %[[C]][%[[M]], %[[J]]] : memref<4x20xf32>, vector<16xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[N]] {{.*}} iter_args(%[[ACC:.*]] = %[[C0]]) -> (vector<16xf32>)
// CHECK: %[[BV:.*]] = vector.load %[[B]][%{{.*}}, %[[J]]] : memref<3x20xf32>, vector<16xf32>
// CHECK: vector.fma %{{.*}}, %[[BV]], %[[ACC]] : vector<16xf32>
// CHECK: vector.store %{{.*}}, %[[C]][%[[M]], %[[J]]]
// CHECK: scf.for %{{.*}} = %c16{{.*}} to %c20
// CHECK: memref.store
// CHECK-NOT: linalg.matmul
// By default rows go in groups of 4: one list for the group (where any
// of its rows is non-zero, each row's values in a row of VAL), and each
// loaded vector of B feeds the four rows' sums.
// ROWS-LABEL: func.func @nn(
// ROWS-SAME: %[[A:.*]]: memref<4x3xi8>, %[[B:.*]]: memref<3x20xf32>, %[[C:.*]]: memref<4x20xf32>
// ROWS-DAG: memref.alloca() : memref<3xi32>
// ROWS-DAG: %[[VAL:.*]] = memref.alloca() : memref<4x3xf32>
// ROWS: scf.for %[[M:.*]] = %{{.*}} to %c4{{.*}} step %c4
// ROWS-COUNT-4: memref.load %[[A]]
// ROWS: arith.ori
// ROWS: arith.select
// ROWS: scf.for {{.*}} -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// ROWS: %[[BV:.*]] = vector.load %[[B]]
// ROWS-COUNT-4: vector.fma %{{.*}}, %[[BV]], %{{.*}} : vector<16xf32>
// ROWS-LABEL: func.func @tn(
// PAR-LABEL: func.func @nn(
// PAR: scf.parallel
// PAR: memref.alloca() : memref<3xi32>
// With contract=false, a multiply and an add, as the plain loops round.
// SPLIT-LABEL: func.func @nn(
// SPLIT-NOT: vector.fma
// SPLIT: %[[P:.*]] = arith.mulf %{{.*}}, %{{.*}} : vector<16xf32>
// SPLIT: arith.addf %{{.*}}, %[[P]] : vector<16xf32>
// SPLIT-NOT: math.fma
// SPLIT-LABEL: func.func @tn(
func.func @nn(%a: memref<4x3xi8>, %b: memref<3x20xf32>, %c: memref<4x20xf32>) {
  linalg.matmul ins(%a, %b : memref<4x3xi8>, memref<3x20xf32>) outs(%c : memref<4x20xf32>)
  return
}

// The weight gradient dW += A^T dC: row i of dW sums the rows b of dC
// listed for the non-zero A[b, i] (a column of A).
// CHECK-LABEL: func.func @tn(
// CHECK-SAME: %[[A:.*]]: memref<2x4xi8>, %[[D:.*]]: memref<2x3xf32>, %[[W:.*]]: memref<4x3xf32>
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %c4{{.*}} step
// CHECK: scf.for %[[BB:.*]] = %{{.*}} to %c2{{.*}} step
// CHECK: memref.load %[[A]][%[[BB]], %[[I]]]
// CHECK: memref.load %[[D]][%{{.*}}, %{{.*}}]
// CHECK: memref.store %{{.*}}, %[[W]][%[[I]], %{{.*}}]
#a = affine_map<(d0, d1, d2) -> (d2, d0)>
#d = affine_map<(d0, d1, d2) -> (d2, d1)>
#o = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @tn(%a: memref<2x4xi8>, %d: memref<2x3xf32>, %w: memref<4x3xf32>) {
  linalg.generic {indexing_maps = [#a, #d, #o], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %d : memref<2x4xi8>, memref<2x3xf32>) outs(%w : memref<4x3xf32>)
      attrs = {snn.product = "tn"} {
  ^bb0(%x: i8, %y: f32, %acc: f32):
    %f = arith.uitofp %x : i8 to f32
    %p = arith.mulf %f, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// The input's adjoint dA += dC W^T: a dot product of two rows, 16 lanes at
// a time and reduced, then the rest.
// CHECK-LABEL: func.func @nt(
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<16xf32>)
// CHECK: vector.reduction <add>
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (f32)
#x = affine_map<(d0, d1, d2) -> (d0, d2)>
#y = affine_map<(d0, d1, d2) -> (d1, d2)>
func.func @nt(%dc: memref<2x20xf32>, %w: memref<3x20xf32>, %da: memref<2x3xf32>) {
  linalg.generic {indexing_maps = [#x, #y, #o], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%dc, %w : memref<2x20xf32>, memref<3x20xf32>) outs(%da : memref<2x3xf32>)
      attrs = {snn.product = "nt"} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// With fewer than 16 columns of A (a readout's few neurons: dC is
// [2, 3]), B is transposed onto the stack once per call and the product
// is the "nn" one with it.
// CHECK-LABEL: func.func @nt_narrow(
// CHECK-SAME: %[[DC:.*]]: memref<2x3xf32>, %[[W:.*]]: memref<20x3xf32>, %[[DA:.*]]: memref<2x20xf32>
// CHECK: %[[WT:.*]] = memref.alloca() : memref<3x20xf32>
// CHECK: scf.for %[[N:.*]] = %{{.*}} to %c20
// CHECK: scf.for %[[K:.*]] = %{{.*}} to %c3
// CHECK: %[[X:.*]] = memref.load %[[W]][%[[N]], %[[K]]]
// CHECK: memref.store %[[X]], %[[WT]][%[[K]], %[[N]]]
// CHECK: memref.load %[[DC]]
// CHECK: vector.load %[[WT]]
// CHECK: vector.fma
// CHECK: vector.store %{{.*}}, %[[DA]]
#x2 = affine_map<(d0, d1, d2) -> (d0, d2)>
#y2 = affine_map<(d0, d1, d2) -> (d1, d2)>
#o2 = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @nt_narrow(%dc: memref<2x3xf32>, %w: memref<20x3xf32>, %da: memref<2x20xf32>) {
  linalg.generic {indexing_maps = [#x2, #y2, #o2], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%dc, %w : memref<2x3xf32>, memref<20x3xf32>) outs(%da : memref<2x20xf32>)
      attrs = {snn.product = "nt"} {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}
