// A feed-forward layer learning with pair-based STDP written inline:
// 100 Poisson inputs drive 10 LIF neurons through all-to-all synapses whose
// weights change with nearest-neighbour-free, trace-based pair STDP
// (additive, with hard bounds [0, w_max]).

// Pair-based STDP with exponential traces. x is the presynaptic trace and y
// the postsynaptic one; both decay exactly and jump by 1 on a spike.
//   on a presynaptic spike:  w <- max(w - a_minus * y, 0), then transmit w
//   on a postsynaptic spike: w <- min(w + a_plus * x, w_max)
snn.plasticity_model @stdp_pair
    params {a_plus = 0.01, a_minus = 0.012, tau_plus = 20.0, tau_minus = 20.0,
            w_max = 1.0}
    pre_state {x = 0.0} post_state {y = 0.0} {
  pre_dynamics {
    %x = snn.get "x" : f32
    %tau = snn.get "tau_plus" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %x1 = arith.mulf %x, %d : f32
    snn.set "x", %x1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %tau = snn.get "tau_minus" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %y1 = arith.mulf %y, %d : f32
    snn.set "y", %y1 : f32
  }
  pre_spike {
    %x = snn.get "x" : f32
    %one = arith.constant 1.0 : f32
    %x1 = arith.addf %x, %one : f32
    snn.set "x", %x1 : f32
  }
  post_spike {
    %y = snn.get "y" : f32
    %one = arith.constant 1.0 : f32
    %y1 = arith.addf %y, %one : f32
    snn.set "y", %y1 : f32
  }
  on_pre {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %a = snn.get "a_minus" : f32
    %dw = arith.mulf %a, %y : f32
    %w1 = arith.subf %w, %dw : f32
    %zero = arith.constant 0.0 : f32
    %w2 = arith.maximumf %w1, %zero : f32
    snn.set "w", %w2 : f32
    snn.deliver %w2 : f32
  }
  on_post {
    %w = snn.get "w" : f32
    %x = snn.get_pre "x" : f32
    %a = snn.get "a_plus" : f32
    %wmax = snn.get "w_max" : f32
    %dw = arith.mulf %a, %x : f32
    %w1 = arith.addf %w, %dw : f32
    %w2 = arith.minimumf %w1, %wmax : f32
    snn.set "w", %w2 : f32
  }
}

snn.network @stdp_ff dt 1.0 {
  // Inputs fire at rates set by the host every step (Hz).
  snn.population @input 100 model @poisson
  snn.population @output 10 model @lif {tau_m = 20.0, v_th = 1.0, v_reset = 0.0}
  snn.projection @learn @input -> @output connect #snn.dense
      weight #snn.uniform<0.0, 0.5>
      synapse @exp_current {tau = 5.0}
      plasticity @stdp_pair {a_plus = 0.005}
  snn.monitor @out_spikes spikes of @output
  snn.monitor @weights "w" of @learn every 100
}
