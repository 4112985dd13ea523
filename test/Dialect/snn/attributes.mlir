// Round trip of every initializer and connectivity attribute, in the places
// a network uses them.
// RUN: snn-opt %s | FileCheck %s
// RUN: snn-opt %s > %t.1.mlir && snn-opt %t.1.mlir > %t.2.mlir && diff %t.1.mlir %t.2.mlir
// RUN: snn-opt %s --mlir-print-op-generic | snn-opt | FileCheck %s

snn.neuron_model @n params {tau_m = 10.0, v_th = 1.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    %t = snn.get "v_th" : f32
    %m = arith.subf %v, %t : f32
    snn.yield %m : f32
  }
}

// CHECK-LABEL: snn.network @attrs dt 0.5 {
snn.network @attrs dt 0.5 {
  // Initializers for parameters and state: scalar, constant, uniform,
  // normal and per-neuron data.
  // CHECK: snn.population @a 4 model @n {tau_m = #snn.uniform<5.0, 15.0>, v_th = dense<{{.*}}> : tensor<4xf32>} init {v = #snn.normal<0.0, 0.25>}
  snn.population @a 4 model @n {tau_m = #snn.uniform<5.0, 15.0>, v_th = dense<[1.0, 1.5, 2.0, 2.5]> : tensor<4xf32>} init {v = #snn.normal<0.0, 0.25>}
  // CHECK: snn.population @b 4 model @n {v_th = #snn.constant<2.0>} init {v = 0.5}
  snn.population @b 4 model @n {v_th = #snn.constant<2.0>} init {v = 0.5}
  // CHECK: snn.population @c 3 model @n
  snn.population @c 3 model @n
  // CHECK: snn.population @img [2, 8, 8] model @n
  snn.population @img [2, 8, 8] model @n
  // CHECK: snn.population @seq [2, 16] model @n
  snn.population @seq [2, 16] model @n

  // CHECK: connect #snn.dense weight dense<{{.*}}> : tensor<4x4xf32>
  snn.projection @p_dense @a -> @b connect #snn.dense weight dense<0.5> : tensor<4x4xf32>
  // CHECK: connect #snn.one_to_one weight 2.0 delay 3
  snn.projection @p_o2o @a -> @b connect #snn.one_to_one weight 2 delay 3
  // CHECK: connect #snn.fixed_probability<0.1> weight #snn.normal<1.0, 0.1> delay #snn.uniform_int<1, 5>
  snn.projection @p_prob @a -> @b connect #snn.fixed_probability<0.1> weight #snn.normal<1.0, 0.1> delay #snn.uniform_int<1, 5>
  // CHECK: connect #snn.fixed_in_degree<2> weight #snn.constant<0.5>
  snn.projection @p_indeg @a -> @b connect #snn.fixed_in_degree<2> weight #snn.constant<0.5>
  // Per-synapse delays and weights in stored-synapse order.
  // CHECK: connect #snn.csr<indptr = [0, 2, 2, 3, 3], indices = [0, 1, 2]> weight dense<{{.*}}> : tensor<3xf32> delay dense<{{.*}}> : tensor<3xi64>
  snn.projection @p_csr @a -> @c connect #snn.csr<indptr = [0, 2, 2, 3, 3], indices = [0, 1, 2]> weight dense<[1.0, 2.0, 3.0]> : tensor<3xf32> delay dense<[1, 2, 3]> : tensor<3xi64>
  // CHECK: connect #snn.conv2d<in_channels = 2, out_channels = 2, kernel = [3, 3], stride = [2, 2], padding = [1, 1], dilation = [1, 1], groups = 2> weight #snn.uniform<-0.1, 0.1> bias dense<{{.*}}> : tensor<2xf32>
  snn.projection @p_conv @img -> @img2 connect #snn.conv2d<in_channels = 2, out_channels = 2, kernel = [3, 3], stride = [2, 2], padding = [1, 1], dilation = [1, 1], groups = 2> weight #snn.uniform<-0.1, 0.1> bias dense<[0.0, 0.1]> : tensor<2xf32>
  // CHECK: snn.population @img2 [2, 4, 4] model @n
  snn.population @img2 [2, 4, 4] model @n
  // CHECK: connect #snn.conv1d<in_channels = 2, out_channels = 4, kernel = 3, padding = 1>
  snn.projection @p_conv1 @seq -> @seq4 connect #snn.conv1d<in_channels = 2, out_channels = 4, kernel = 3, padding = 1>
  snn.population @seq4 [4, 16] model @n
  // CHECK: connect #snn.local<in_channels = 2, out_channels = 1, kernel = [3, 3]>
  snn.projection @p_local @img -> @loc connect #snn.local<in_channels = 2, out_channels = 1, kernel = [3, 3]>
  snn.population @loc [1, 6, 6] model @n
  // CHECK: connect #snn.sum_pool2d<kernel = [2, 2]>{{$}}
  snn.projection @p_sum @img -> @img2 connect #snn.sum_pool2d<kernel = [2, 2]>
  // CHECK: connect #snn.avg_pool2d<kernel = [3, 3], stride = [2, 2], padding = [1, 1]>{{$}}
  snn.projection @p_avg @img -> @img2 connect #snn.avg_pool2d<kernel = [3, 3], stride = [2, 2], padding = [1, 1]>
}
