// Every error of a training declaration says what is wrong and what would
// be right.
// RUN: snn-opt %s --split-input-file --verify-diagnostics

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: unknown loss "nll" (ce_count, ce_final, ce_max, mse_rate, mse_trace)}}
  snn.train loss "nll" of @out steps 5 optimizer "sgd" surrogate "fast_sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: loss "ce_count" counts spikes, but @out is graded (use ce_final, ce_max or mse_trace)}}
  snn.train loss "ce_count" of @out steps 5 optimizer "sgd" surrogate "fast_sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @lif
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: loss "ce_final" reads a graded output, but @out spikes (declare it `graded "v"`, or use ce_count or mse_rate)}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "fast_sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: loss "mse_rate" counts spikes, but @out (neuron_model @li) never spikes}}
  snn.train loss "mse_rate" of @out steps 5 optimizer "sgd" surrogate "fast_sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: the loss reads @io, which is not a population of network @n}}
  snn.train loss "ce_final" of @io steps 5 optimizer "sgd" surrogate "fast_sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: steps = 0 must be at least 1}}
  snn.train loss "ce_final" of @out steps 0 optimizer "sgd" surrogate "fast_sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: unknown optimizer "rmsprop" (sgd, adam)}}
  snn.train loss "ce_final" of @out steps 5 optimizer "rmsprop" surrogate "fast_sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: optimizer "sgd" has no setting 'beta1' (lr, momentum, weight_decay, clip, ewc)}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" {beta1 = 0.9 : f32} surrogate "fast_sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: optimizer setting 'beta2' = 1.0 must be at least 0.0 and below 1.0}}
  snn.train loss "ce_final" of @out steps 5 optimizer "adam" {beta2 = 1.0 : f32} surrogate "fast_sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: optimizer setting 'lr' = 0.0 must be above 0.0 and finite}}
  snn.train loss "ce_final" of @out steps 5 optimizer "adam" {lr = 0.0 : f32} surrogate "fast_sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: optimizer setting 'lr' must be a number, got "fast"}}
  snn.train loss "ce_final" of @out steps 5 optimizer "adam" {lr = "fast"} surrogate "fast_sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: unknown surrogate "sigmoid" (fast_sigmoid, superspike, arctan, triangle)}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "sigmoid" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: slope = -1.0 must be positive}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" slope -1.0 trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: nothing is trainable: list the projections whose weights training changes}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable []
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: population @out has no parameter given per neuron to train; give the ones to train one value per neuron (e.g. tau_m = dense<20.0> : tensor<2xf32>)}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@out]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: @nowhere is neither a projection nor a population of network @n}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@nowhere]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: @io is listed twice}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io, @io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in [1, 4, 4] model @poisson
  snn.population @out [1, 2, 2] model @li graded "v"
  snn.projection @io @in -> @out connect #snn.sum_pool2d<kernel = [2, 2]>
  // expected-error @+1 {{train: projection @io pools with fixed weights and has nothing to train}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @lif
  snn.projection @io @in -> @out connect #snn.dense weight 0.1 plasticity @stdp_pair
  // expected-error @+1 {{train: projection @io already learns by its plasticity rule @stdp_pair; a weight cannot follow both}}
  snn.train loss "ce_count" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: checkpoint = 6 must be between 1 and steps (5)}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io] checkpoint 6
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: reset "soft" must be "detached" or "attached"}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io] reset "soft"
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: network @n declares training more than once}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io]
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: sequence: @out (neuron_model @li) reads no external input}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io] sequence [@out]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: sequence: @io is not a population of network @n}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io] sequence [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: optimizer setting 'ewc' = -1.0 must be at least 0.0 and finite}}
  snn.train loss "ce_final" of @out steps 5 optimizer "adam" {ewc = -1.0 : f32} surrogate "triangle" trainable [@io]
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: truncate = -2 must be 0 (no truncation) or a number of steps}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io] truncate -2
}

// -----

snn.network @n dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: steps = -5 must be at least 1}}
  snn.train loss "ce_final" of @out steps -5 optimizer "sgd" surrogate "triangle" trainable [@io]
}

// -----

snn.network @n dt 1.0 batch 2 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1 per_entry
  // expected-error @+1 {{train: projection @io has per_entry weights, which training does not differentiate yet}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io]
}

// -----

snn.network @n dt 1.0 batch 2 {
  snn.population @in 4 model @poisson
  snn.population @out 2 model @lif {tau_m = dense<[10.0, 12.0]> : tensor<2xf32>} per_entry ["tau_m"]
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: population @out has 'tau_m' per_entry, which training does not support yet; train a population whose parameters all entries share}}
  snn.train loss "ce_count" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io, @out]
}

// -----

snn.network @n dt 1.0 batch 2 {
  snn.population @in 4 model @poisson shared_draws
  snn.population @out 2 model @li graded "v"
  snn.projection @io @in -> @out connect #snn.dense weight 0.1
  // expected-error @+1 {{train: population @in has shared_draws, which training does not support yet}}
  snn.train loss "ce_final" of @out steps 5 optimizer "sgd" surrogate "triangle" trainable [@io]
}
