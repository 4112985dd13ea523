// snn.train: the training declaration prints back as it was written, with
// the defaults left out.
// RUN: snn-opt %s | snn-opt | FileCheck %s

// CHECK-LABEL: snn.network @net
// CHECK: snn.train loss "ce_count" of @out steps 25 optimizer "adam" {lr = 2.000000e-03 : f32} surrogate "fast_sigmoid" slope 2.500000e+01 trainable [@ih, @ho]{{$}}
snn.network @net dt 1.0 batch 4 {
  snn.population @in 8 model @poisson
  snn.population @hid 6 model @lif
  snn.population @out 3 model @lif
  snn.projection @ih @in -> @hid connect #snn.dense weight 0.1
  snn.projection @ho @hid -> @out connect #snn.dense weight 0.1
  snn.train loss "ce_count" of @out steps 25
      optimizer "adam" {lr = 2.0e-3 : f32}
      surrogate "fast_sigmoid" slope 25.0 trainable [@ih, @ho]
}

// CHECK-LABEL: snn.network @options
// CHECK: snn.train loss "ce_max" of @out steps 10 optimizer "sgd" {clip = 1.000000e+00 : f32, momentum = 0.899999976 : f32} surrogate "arctan" trainable [@io] checkpoint 5 truncate 4 reset "attached"
snn.network @options dt 1.0 {
  snn.population @in 8 model @poisson
  snn.population @out 3 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  snn.train loss "ce_max" of @out steps 10
      optimizer "sgd" {momentum = 0.9 : f32, clip = 1.0 : f32}
      surrogate "arctan" trainable [@io] checkpoint 5 truncate 4 reset "attached"
}

// CHECK-LABEL: snn.network @sequences
// CHECK: trainable [@io] sequence [@in]{{$}}
snn.network @sequences dt 1.0 {
  snn.population @in 8 model @spike_source
  snn.population @out 3 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  snn.train loss "mse_trace" of @out steps 10 optimizer "sgd"
      surrogate "fast_sigmoid" trainable [@io] sequence [@in]
}
