// Every error of a network, a population, a monitor or a modulator names the
// offending part.
// RUN: snn-opt %s --split-input-file --verify-diagnostics

// expected-error @+1 {{network @n: dt = 0.0 ms must be positive}}
snn.network @n dt 0.0 {
}

// -----

// expected-error @+1 {{network @n: batch = 0 must be at least 1}}
snn.network @n dt 1.0 batch 0 {
}

// -----

// expected-error @+1 {{network @n: batch = -1 must be at least 1}}
snn.network @n dt 1.0 batch -1 {
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+1 {{network @n: may hold only populations, projections, monitors, modulators, population mechanisms (spike_filter, homeostasis, synaptic_scaling, structural_plasticity) and train, not 'arith.constant'}}
  %c = arith.constant 1.0 : f32
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: sizes must be positive, got [0]}}
  snn.population @a 0 model @lif
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: sizes must be positive, got [2, -3]}}
  snn.population @a [2, -3] model @lif
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: unknown neuron_model @no_such_model (not defined in the module nor in the prelude)}}
  snn.population @a 10 model @no_such_model
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: @exp_current is a synapse_model, not a neuron_model}}
  snn.population @a 10 model @exp_current
}

// -----

snn.neuron_model @m params {v_th = 1.0, tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: unknown parameter 'v_thresh' of neuron_model @m (parameters: tau_m, v_th)}}
  snn.population @a 10 model @m {v_thresh = 2.0}
}

// -----

snn.neuron_model @m params {v_th = 1.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: 'v' is a state variable of neuron_model @m; give its initial value in 'init'}}
  snn.population @a 10 model @m {v = 2.0}
}

// -----

snn.neuron_model @m params {v_th = 1.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: unknown state variable 'u' of neuron_model @m (state variables: v)}}
  snn.population @a 10 model @m init {u = 0.0}
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: time constant 'tau_m' = -1.0 must be positive}}
  snn.population @a 10 model @m {tau_m = -1.0}
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: time constant 'tau_m' = 0.0 must be positive}}
  snn.population @a 10 model @m {tau_m = #snn.uniform<0.0, 5.0>}
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: time constant 'tau_m' = -2.0 must be positive}}
  snn.population @a 3 model @m {tau_m = dense<[1.0, -2.0, 3.0]> : tensor<3xf32>}
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: time constant 'tau_m' cannot come from #snn.normal, which may draw non-positive values; use #snn.uniform}}
  snn.population @a 3 model @m {tau_m = #snn.normal<10.0, 1.0>}
}

// -----

snn.neuron_model @m state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: state variable 'v': #snn.uniform low 2.0 exceeds high 1.0}}
  snn.population @a 3 model @m init {v = #snn.uniform<2.0, 1.0>}
}

// -----

snn.neuron_model @m state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: state variable 'v': #snn.normal standard deviation -1.0 must not be negative}}
  snn.population @a 3 model @m init {v = #snn.normal<0.0, -1.0>}
}

// -----

snn.neuron_model @m state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: state variable 'v': data has shape [4], expected [3]}}
  snn.population @a 3 model @m init {v = dense<[0.0, 1.0, 2.0, 3.0]> : tensor<4xf32>}
}

// -----

snn.neuron_model @m state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: state variable 'v' must be a number, an initializer (#snn.constant, #snn.uniform, #snn.normal) or dense f32 data, got "zero"}}
  snn.population @a 3 model @m init {v = "zero"}
}

// -----

snn.neuron_model @m state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: graded output 'u' is not a state variable of neuron_model @m (state: v)}}
  snn.population @a 3 model @m graded "u"
}

// -----

snn.neuron_model @readout state {v = 0.0} inputs ["i_syn"] {
}
snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: neuron_model @readout has no threshold and never spikes; make the population graded (graded "<state variable>")}}
  snn.population @a 3 model @readout
}

// -----

snn.neuron_model @m state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  // expected-note @+1 {{see existing symbol definition here}}
  snn.population @a 3 model @m
  // expected-error @+1 {{redefinition of symbol named 'a'}}
  snn.population @a 4 model @m
}

// -----

snn.neuron_model @m state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{monitor @mon: population @a (neuron_model @m) has no state variable 'u' (state: v, or spikes)}}
  snn.monitor @mon "u" of @a
}

// -----

snn.neuron_model @readout state {v = 0.0} inputs ["i_syn"] {
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @readout graded "v"
  // expected-error @+1 {{monitor @mon: population @a is graded and does not spike; monitor "v" instead}}
  snn.monitor @mon spikes of @a
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+1 {{monitor @mon: unknown population or projection @nowhere}}
  snn.monitor @mon spikes of @nowhere
}

// -----

snn.neuron_model @m state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  // expected-error @+1 {{monitor @mon: 'every' = 0 must be at least 1 step}}
  snn.monitor @mon spikes of @a every 0
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 3 model @lif
  // expected-error @+1 {{monitor @mon: 'every' = -2 must be at least 1 step}}
  snn.monitor @mon spikes of @a every -2
}

// -----

snn.neuron_model @m state {v = 0.0} inputs ["i_syn"] {
  threshold {
    %v = snn.get "v" : f32
    snn.yield %v : f32
  }
}
snn.network @n dt 1.0 {
  snn.population @a 3 model @m
  snn.projection @p @a -> @a connect #snn.dense
  // expected-error @+1 {{monitor @mon: projection @p has no variable 'trace' (variables: w)}}
  snn.monitor @mon "trace" of @p
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+1 {{modulator @err: sizes must be positive and fit 32 bits, got [0]}}
  snn.modulator @err [0]
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: shape [65536, 65536] has more neurons than a population may have (2147483647)}}
  snn.population @a [65536, 65536] model @lif
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+1 {{population @a: shape [4294967296, 4294967296, 4294967296] has more neurons than a population may have}}
  snn.population @a [4294967296, 4294967296, 4294967296] model @lif
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{spike_filter @w: k = 5 must be between 1 and the 4 neurons of @a}}
  snn.spike_filter @w of @a k 5
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{spike_filter @w: k = -1 must be between 1 and the 4 neurons of @a}}
  snn.spike_filter @w of @a k -1
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{spike_filter @w: by 'u' is not a state variable of @lif}}
  snn.spike_filter @w of @a by "u"
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{spike_filter @w: losers must be "keep" or "reset", not "drop"}}
  snn.spike_filter @w of @a losers "drop"
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @li graded "v"
  // expected-error @+1 {{spike_filter @w: @a does not spike: this mechanism needs a neuron model with a threshold}}
  snn.spike_filter @w of @a
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  snn.spike_filter @w of @a
  // expected-error @+1 {{spike_filter @w2: @a already has spike filter @w}}
  snn.spike_filter @w2 of @a k 2
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{homeostasis @h: 'theta' is not a state variable of @lif}}
  snn.homeostasis @h of @a "theta" target_rate 5.0 rate 0.1
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @diehl_cook
  // expected-error @+1 {{homeostasis @h: min is above max}}
  snn.homeostasis @h of @a "theta" target_rate 5.0 rate 0.1 min 2.0 max 1.0
}

// -----

snn.network @n dt 1.0 batch 2 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{synaptic_scaling @s: is lowered for batch 1 only (the weights it scales are shared by the batch entries)}}
  snn.synaptic_scaling @s of @a target_rate 5.0 tau 100.0
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{synaptic_scaling @s: needs 0 < min <= max}}
  snn.synaptic_scaling @s of @a target_rate 5.0 tau 100.0 min 1.2 max 1.1
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{structural_plasticity @s: @a is not a projection of @n}}
  snn.structural_plasticity @s of @a prune_threshold 0.01 growth_rate 0.001
}

// -----

snn.network @n dt 1.0 {
  snn.population @a [1, 4, 4] model @lif
  snn.population @b [1, 2, 2] model @lif
  snn.projection @p @a -> @b connect #snn.conv2d<in_channels = 1, out_channels = 1, kernel = [3, 3]>
  // expected-error @+1 {{structural_plasticity @s: @p (#snn.conv2d<in_channels = 1, out_channels = 1, kernel = [3, 3]>) has no synapse-by-synapse weights to prune and grow}}
  snn.structural_plasticity @s of @p prune_threshold 0.01 growth_rate 0.001
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 16 model @lif
  // expected-error @+1 {{spike_filter @w: radius needs a population shaped [C, H, W]; @a is [16]}}
  snn.spike_filter @w of @a radius 1
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @diehl_cook
  // expected-error @+1 {{homeostasis @h: target_rate and rate must not be negative}}
  snn.homeostasis @h of @a "theta" target_rate -5.0 rate 0.1
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{synaptic_scaling @s: tau and target_rate must be positive}}
  snn.synaptic_scaling @s of @a target_rate 5.0 tau 0.0
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  snn.projection @p @a -> @a connect #snn.dense
  // expected-error @+1 {{structural_plasticity @s: needs prune_threshold >= 0, growth_rate >= 0 and every >= 1}}
  snn.structural_plasticity @s of @p prune_threshold 0.01 growth_rate 0.001 every 0
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  snn.projection @p @a -> @a connect #snn.dense
  // expected-error @+1 {{structural_plasticity @s: needs prune_threshold >= 0, growth_rate >= 0 and every >= 1}}
  snn.structural_plasticity @s of @p prune_threshold 0.01 growth_rate 0.001 every -3
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 4 model @lif
  snn.projection @p @a -> @a connect #snn.dense
  // expected-error @+1 {{structural_plasticity @s: grow_min is above grow_max}}
  snn.structural_plasticity @s of @p prune_threshold 0.01 growth_rate 0.001 grow_min 0.5 grow_max 0.1
}

// -----

snn.network @n dt 1.0 batch 2 {
  snn.population @a 4 model @lif
  snn.projection @p @a -> @a connect #snn.dense
  // expected-error @+1 {{structural_plasticity @s: is lowered for batch 1 only}}
  snn.structural_plasticity @s of @p prune_threshold 0.01 growth_rate 0.001
}

// -----

snn.network @n dt 1.0 batch 2 {
  // expected-error @+1 {{population @a: per_entry 'v' is not a parameter of neuron_model @lif (parameters: r, t_ref, tau_m, v_reset, v_rest, v_th)}}
  snn.population @a 3 model @lif per_entry ["tau_m", "v"]
}

// -----

snn.network @n dt 1.0 batch 2 {
  // expected-error @+1 {{population @a: per_entry lists 'v_th' twice}}
  snn.population @a 3 model @lif per_entry ["v_th", "tau_m", "v_th"]
}

// -----

snn.network @n dt 1.0 batch 2 {
  // expected-error @+1 {{population @a: shared_draws, but neuron_model @lif draws no random numbers; remove 'shared_draws'}}
  snn.population @a 3 model @lif shared_draws
}
