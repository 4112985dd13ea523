// Every error of a projection names it ("projection @p: ...").
// RUN: snn-opt %s --split-input-file --verify-diagnostics

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{projection @p: unknown target population @nowhere}}
  snn.projection @p @a -> @nowhere connect #snn.dense
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{projection @p: unknown source population @nowhere}}
  snn.projection @p @nowhere -> @a connect #snn.dense
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  snn.population @b 4 model @m
  // expected-error @+1 {{projection @p: one_to_one needs populations of the same size; got 3 -> 4}}
  snn.projection @p @a -> @b connect #snn.one_to_one
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [1, 28, 28] model @m
  snn.population @b [8, 28, 28] model @m
  // expected-error @+1 {{projection @p: conv2d output shape is [8, 24, 24], the target has [8, 28, 28]}}
  snn.projection @p @a -> @b connect #snn.conv2d<in_channels = 1, out_channels = 8, kernel = [5, 5]>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [2, 28, 28] model @m
  snn.population @b [8, 24, 24] model @m
  // expected-error @+1 {{projection @p: conv2d expects 1 input channels, the source has 2}}
  snn.projection @p @a -> @b connect #snn.conv2d<in_channels = 1, out_channels = 8, kernel = [5, 5]>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [4, 8, 8] model @m
  snn.population @b [6, 6, 6] model @m
  // expected-error @+1 {{projection @p: conv2d groups = 4 must divide in_channels and out_channels}}
  snn.projection @p @a -> @b connect #snn.conv2d<in_channels = 4, out_channels = 6, kernel = [3, 3], groups = 4>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [4, 8, 8] model @m
  snn.population @b [6, 6, 6] model @m
  // expected-error @+1 {{projection @p: conv2d kernel must have two entries [h, w], got 1}}
  snn.projection @p @a -> @b connect #snn.conv2d<in_channels = 4, out_channels = 6, kernel = [3]>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [4, 8, 8] model @m
  snn.population @b [6, 6, 6] model @m
  // expected-error @+1 {{projection @p: conv2d stride entries must be at least 1, got [0, 1]}}
  snn.projection @p @a -> @b connect #snn.conv2d<in_channels = 4, out_channels = 6, kernel = [3, 3], stride = [0, 1]>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [2, 10] model @m
  snn.population @b [3, 9] model @m
  // expected-error @+1 {{projection @p: conv1d output shape is [3, 8], the target has [3, 9]}}
  snn.projection @p @a -> @b connect #snn.conv1d<in_channels = 2, out_channels = 3, kernel = 3>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 10 model @m
  snn.population @b [3, 9] model @m
  // expected-error @+1 {{projection @p: conv1d joins populations of shape [C, L]; got [10] -> [3, 9]}}
  snn.projection @p @a -> @b connect #snn.conv1d<in_channels = 2, out_channels = 3, kernel = 3>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [1, 6, 6] model @m
  snn.population @b [2, 3, 3] model @m
  // expected-error @+1 {{projection @p: local output shape is [2, 4, 4], the target has [2, 3, 3]}}
  snn.projection @p @a -> @b connect #snn.local<in_channels = 1, out_channels = 2, kernel = [3, 3]>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [4, 8, 8] model @m
  snn.population @b [4, 3, 3] model @m
  // expected-error @+1 {{projection @p: sum_pool2d output shape is [4, 4, 4], the target has [4, 3, 3]}}
  snn.projection @p @a -> @b connect #snn.sum_pool2d<kernel = [2, 2]>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [4, 8, 8] model @m
  snn.population @b [2, 4, 4] model @m
  // expected-error @+1 {{projection @p: avg_pool2d produces 4 output channels, the target has 2}}
  snn.projection @p @a -> @b connect #snn.avg_pool2d<kernel = [2, 2]>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [4, 8, 8] model @m
  snn.population @b [4, 4, 4] model @m
  // expected-error @+1 {{projection @p: #snn.sum_pool2d<kernel = [2, 2]> has fixed weights; remove 'weight'}}
  snn.projection @p @a -> @b connect #snn.sum_pool2d<kernel = [2, 2]> weight 2.0
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{projection @p: fixed_probability p = 1.5 is outside [0, 1]}}
  snn.projection @p @a -> @a connect #snn.fixed_probability<1.5>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{projection @p: fixed_probability p = -0.1 is outside [0, 1]}}
  snn.projection @p @a -> @a connect #snn.fixed_probability<-0.1>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{projection @p: fixed_in_degree k = 4 exceeds the source size 3}}
  snn.projection @p @a -> @a connect #snn.fixed_in_degree<4>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{projection @p: fixed_in_degree k = 0 must be at least 1}}
  snn.projection @p @a -> @a connect #snn.fixed_in_degree<0>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  snn.population @b 2 model @m
  // expected-error @+1 {{projection @p: csr indptr has 3 entries; the source has 3 neurons, so it needs 4}}
  snn.projection @p @a -> @b connect #snn.csr<indptr = [0, 1, 2], indices = [0, 1]>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  snn.population @b 2 model @m
  // expected-error @+1 {{projection @p: csr index 2 (entry 2) is outside the target's 2 neurons}}
  snn.projection @p @a -> @b connect #snn.csr<indptr = [0, 1, 2, 3], indices = [0, 1, 2]>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  snn.population @b 2 model @m
  // expected-error @+1 {{projection @p: csr indptr decreases at row 1}}
  snn.projection @p @a -> @b connect #snn.csr<indptr = [0, 2, 1, 3], indices = [0, 1, 1]>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  snn.population @b 2 model @m
  // expected-error @+1 {{projection @p: csr indptr ends at 2 but there are 3 indices}}
  snn.projection @p @a -> @b connect #snn.csr<indptr = [0, 1, 2, 2], indices = [0, 1, 1]>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  snn.population @b 2 model @m
  // expected-error @+1 {{projection @p: weight 'w': data has shape [2, 3], expected [3, 2]}}
  snn.projection @p @a -> @b connect #snn.dense weight dense<1.0> : tensor<2x3xf32>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{projection @p: weight 'w': data needs a known shape, but this connectivity draws its synapses at init; use an initializer}}
  snn.projection @p @a -> @a connect #snn.fixed_probability<0.5> weight dense<1.0> : tensor<9xf32>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [1, 4, 4] model @m
  snn.population @b [2, 4, 4] model @m
  // expected-error @+1 {{projection @p: bias 'b': data has shape [32], expected [2]}}
  snn.projection @p @a -> @b connect #snn.conv2d<in_channels = 1, out_channels = 2, kernel = [3, 3], padding = [1, 1]> bias dense<0.0> : tensor<32xf32>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{projection @p: delay 0 must be at least 1 step}}
  snn.projection @p @a -> @a connect #snn.dense delay 0
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{projection @p: delay #snn.uniform_int low 0 must be at least 1 step}}
  snn.projection @p @a -> @a connect #snn.dense delay #snn.uniform_int<0, 3>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{projection @p: delay #snn.uniform_int low 4 exceeds high 3}}
  snn.projection @p @a -> @a connect #snn.dense delay #snn.uniform_int<4, 3>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: delay 0 must be at least 1 step}}
  snn.projection @p @a -> @a connect #snn.dense delay dense<[[1, 2], [0, 1]]> : tensor<2x2xi64>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: delay data has shape [3], expected [2, 2]}}
  snn.projection @p @a -> @a connect #snn.dense delay dense<1> : tensor<3xi64>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: per-synapse delay data needs connectivity with a known synapse count; use #snn.uniform_int}}
  snn.projection @p @a -> @a connect #snn.fixed_probability<0.5> delay dense<1> : tensor<4xi64>
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: delay must be an integer number of steps, #snn.uniform_int or integer data, got 1.500000e+00 : f64}}
  snn.projection @p @a -> @a connect #snn.dense delay 1.5
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: unknown synapse_model @no_such_synapse (not defined in the module nor in the prelude)}}
  snn.projection @p @a -> @a connect #snn.dense synapse @no_such_synapse
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: @m is a neuron_model, not a synapse_model}}
  snn.projection @p @a -> @a connect #snn.dense synapse @m
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.synapse_model @syn params {tau = 5.0} state {g = 0.0} target "i_syn" {
  output {
    %g = snn.get "g" : f32
    snn.yield %g : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: unknown parameter 'tau_s' of synapse_model @syn (parameters: tau)}}
  snn.projection @p @a -> @a connect #snn.dense synapse @syn {tau_s = 2.0}
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.synapse_model @syn params {tau = 5.0} state {g = 0.0} target "i_syn" {
  output {
    %g = snn.get "g" : f32
    snn.yield %g : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: time constant 'tau' = 0.0 must be positive}}
  snn.projection @p @a -> @a connect #snn.dense synapse @syn {tau = 0.0}
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.synapse_model @syn state {g = 0.0} target "i_syn" {
  output {
    %g = snn.get "g" : f32
    %v = snn.get_post "u" : f32
    %o = arith.mulf %g, %v : f32
    snn.yield %o : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: synapse_model @syn reads postsynaptic 'u', which the postsynaptic population does not have (known: spike, tau_m, v)}}
  snn.projection @p @a -> @a connect #snn.dense synapse @syn
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: port 'ge' is not an input of neuron_model @m (inputs: i_syn)}}
  snn.projection @p @a -> @a connect #snn.dense port "ge"
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @two
  // expected-error @+1 {{projection @p: neuron_model @two has inputs [ge, gi]; say which one this projection feeds with port "<name>"}}
  snn.projection @p @a -> @a connect #snn.dense
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: unknown plasticity_model @no_rule (not defined in the module nor in the prelude)}}
  snn.projection @p @a -> @a connect #snn.dense plasticity @no_rule
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.plasticity_model @rule params {eta = 0.1} {
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: unknown parameter 'nu' of plasticity_model @rule (parameters: eta)}}
  snn.projection @p @a -> @a connect #snn.dense plasticity @rule {nu = 0.1}
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.plasticity_model @rule {
  on_pre {
    %w = snn.get "w" : f32
    %x = snn.get_pre "trace" : f32
    %w1 = arith.addf %w, %x : f32
    snn.set "w", %w1 : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: plasticity_model @rule reads presynaptic 'trace', which the presynaptic population does not have (known: spike, tau_m, v)}}
  snn.projection @p @a -> @a connect #snn.dense plasticity @rule
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.plasticity_model @rule modulators ["reward"] {
  on_pre {
    %r = snn.get_modulator "reward" : f32
    snn.set "w", %r : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: plasticity_model @rule reads modulator 'reward', but the network has no snn.modulator @reward}}
  snn.projection @p @a -> @a connect #snn.dense plasticity @rule
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.plasticity_model @rule modulators ["error"] {
  on_pre {
    %r = snn.get_modulator "error" : f32
    snn.set "w", %r : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  snn.modulator @err [3]
  // expected-error @+1 {{projection @p: modulator @err has shape [3]; a per-neuron modulator must match the target population's 2 neurons}}
  snn.projection @p @a -> @a connect #snn.dense plasticity @rule modulators {error = @err}
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.plasticity_model @rule modulators ["error"] {
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  snn.modulator @err
  // expected-error @+1 {{projection @p: plasticity_model @rule has no modulator 'reward' (modulators: error)}}
  snn.projection @p @a -> @a connect #snn.dense plasticity @rule modulators {reward = @err}
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.plasticity_model @rule {
}
snn.network @n dt 1.0 {
  snn.population @a [1, 4, 4] model @m
  snn.population @b [1, 2, 2] model @m
  // expected-error @+1 {{projection @p: a plasticity model needs learnable weights, which #snn.sum_pool2d<kernel = [2, 2]> does not have}}
  snn.projection @p @a -> @b connect #snn.sum_pool2d<kernel = [2, 2]> plasticity @rule
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.neuron_model @two params {tau_m = 10.0} state {v = 0.0} inputs ["ge", "gi"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 2 model @m
  // expected-error @+1 {{projection @p: plasticity parameters or modulators given without a plasticity model}}
  snn.projection @p @a -> @a connect #snn.dense modulators {r = @r}
}

// -----

snn.neuron_model @m state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a [1, 8, 8] model @m
  // expected-error @+1 {{projection @p: conv2d dilation entries must be at most 2147483648, got [4611686018427387904, 1]}}
  snn.projection @p @a -> @a connect #snn.conv2d<in_channels = 1, out_channels = 1, kernel = [3, 3], dilation = [4611686018427387904, 1]>
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{projection @p: normalize is lowered for #snn.dense projections only for now, not #snn.one_to_one}}
  snn.projection @p @a -> @a connect #snn.one_to_one normalize 2.0
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{projection @p: normalize must be a positive column sum, not -1}}
  snn.projection @p @a -> @a connect #snn.dense normalize -1.0
}

// -----

snn.network @n dt 1.0 batch 2 {
  snn.population @a 2 model @poisson
  snn.population @b 2 model @lif
  // expected-error @+1 {{projection @p: per_entry weights are not lowered with plasticity yet}}
  snn.projection @p @a -> @b connect #snn.dense weight 0.5 per_entry plasticity @stdp_pair
}

// -----

snn.network @n dt 1.0 batch 2 {
  snn.population @a 2 model @poisson
  snn.population @b 2 model @lif
  // expected-error @+1 {{projection @p: per_entry weights are not lowered with normalize yet}}
  snn.projection @p @a -> @b connect #snn.dense weight 0.5 per_entry normalize 1.0
}

// -----

snn.network @n dt 1.0 batch 2 {
  snn.population @a [1, 4, 4] model @poisson
  snn.population @b [1, 2, 2] model @lif
  // expected-error @+1 {{has fixed weights; remove 'per_entry'}}
  snn.projection @p @a -> @b connect #snn.sum_pool2d<kernel = [2, 2], stride = [2, 2]> per_entry
}

// -----

// Per-entry data: shaped as the connectivity says, or [batch, ...]; any
// other shape is an error.
snn.network @n dt 1.0 batch 2 {
  snn.population @a 2 model @poisson
  snn.population @b 3 model @lif
  snn.projection @ok1 @a -> @b connect #snn.dense weight dense<0.5> : tensor<2x3xf32> per_entry
  snn.projection @ok2 @a -> @b connect #snn.dense weight dense<0.5> : tensor<2x2x3xf32> per_entry
  // expected-error @+1 {{projection @bad: weight}}
  snn.projection @bad @a -> @b connect #snn.dense weight dense<0.5> : tensor<3x2x3xf32> per_entry
}
