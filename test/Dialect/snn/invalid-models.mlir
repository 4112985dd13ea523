// Every error a model op can report names the model.
// RUN: snn-opt %s --split-input-file --verify-diagnostics

snn.neuron_model @m state {v = 0.0} {
  update {
    // expected-error @+1 {{neuron_model @m: in 'update': unknown name 'u' (known: v)}}
    %u = snn.get "u" : f32
    snn.set "v", %u : f32
  }
}

// -----

snn.neuron_model @m params {tau_m = 10.0} state {v = 0.0} {
  update {
    %v = snn.get "v" : f32
    // expected-error @+1 {{neuron_model @m: in 'update': cannot write parameter 'tau_m'; only state can be written here}}
    snn.set "tau_m", %v : f32
  }
}

// -----

snn.neuron_model @m state {v = 0.0} inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    // expected-error @+1 {{neuron_model @m: in 'update': cannot write input port 'i_syn'}}
    snn.set "i_syn", %v : f32
  }
}

// -----

snn.neuron_model @m state {v = 0.0} {
  update {
    // expected-error @+2 {{neuron_model @m: in 'update': unknown name 'w' (known: v)}}
    %c = arith.constant 1.0 : f32
    snn.set "w", %c : f32
  }
}

// -----

snn.neuron_model @m state {v = 0.0} {
  threshold {
    // expected-error @+1 {{neuron_model @m: in 'threshold': must yield 1 value (the f32 margin; the neuron spikes where it is > 0), got 0}}
    snn.yield
  }
}

// -----

snn.neuron_model @m state {v = 0.0} {
  threshold {
    %v = snn.get "v" : f32
    %z = arith.constant 0.0 : f32
    %c = arith.cmpf ogt, %v, %z : f32
    // expected-error @+1 {{neuron_model @m: the value yielded must be f32, got 'i1'}}
    snn.yield %c : i1
  }
}

// -----

snn.neuron_model @m state {v = 0.0} {
  update {
    %v = snn.get "v" : f32
    // expected-error @+1 {{neuron_model @m: in 'update': must yield 0 values, got 1}}
    snn.yield %v : f32
  }
}

// -----

snn.neuron_model @m state {v = 0.0} {
  update {
    %c = arith.constant 1 : i32
    // expected-error @+1 {{neuron_model @m: the value written must be f32, got 'i32'}}
    snn.set "v", %c : i32
  }
}

// -----

// expected-error @+1 {{neuron_model @m: 'v' is declared twice (as parameter and as state variable)}}
snn.neuron_model @m params {v = 1.0} state {v = 0.0} {
}

// -----

// expected-error @+1 {{neuron_model @m: parameter 'v_th' must have a number as its default, got "high"}}
snn.neuron_model @m params {v_th = "high"} state {v = 0.0} {
}

// -----

// expected-error @+1 {{neuron_model @m: time constant 'tau_m' = 0.0 must be positive}}
snn.neuron_model @m params {tau_m = 0.0} state {v = 0.0} {
}

// -----

// expected-error @+1 {{neuron_model @m: time constant 'tau_syn' = -5.0 must be positive}}
snn.neuron_model @m params {tau_syn = -5.0} {
}

// -----

snn.neuron_model @m state {v = 0.0} {
  update {
    // expected-error @+1 {{neuron_model @m: in 'update': 'snn.get_pre' reads presynaptic variables, which this region does not have}}
    %x = snn.get_pre "x" : f32
    snn.set "v", %x : f32
  }
}

// -----

snn.neuron_model @m state {v = 0.0} {
  update {
    // expected-error @+1 {{neuron_model @m: in 'update': 'snn.get_delivered' is only allowed in synapse models}}
    %x = snn.get_delivered : f32
    snn.set "v", %x : f32
  }
}

// -----

snn.neuron_model @m state {v = 0.0} {
  update {
    // expected-error @+1 {{neuron_model @m: in 'update': 'snn.get_post_surrogate' is only allowed in a plasticity model's synapse regions}}
    %x = snn.get_post_surrogate : f32
    snn.set "v", %x : f32
  }
}

// -----

snn.plasticity_model @r synapse_state {e = 0.0} {
  synapse_dynamics {
    // expected-error @+1 {{plasticity_model @r: in 'synapse_dynamics': unknown surrogate "sigmoid" (fast_sigmoid, superspike, arctan, triangle)}}
    %x = snn.get_post_surrogate "sigmoid" : f32
    snn.set "e", %x : f32
  }
}

// -----

snn.plasticity_model @r synapse_state {e = 0.0} {
  synapse_dynamics {
    // expected-error @+1 {{plasticity_model @r: in 'synapse_dynamics': surrogate slope -2.0 must be positive}}
    %x = snn.get_post_surrogate "arctan" slope -2.0 : f32
    snn.set "e", %x : f32
  }
}

// -----

// An arrival is a synapse's: not in a rule's neuron regions.
snn.plasticity_model @r pre_state {x = 0.0} {
  pre_dynamics {
    // expected-error @+1 {{plasticity_model @r: in 'pre_dynamics': 'snn.arrived' is only allowed in a plasticity model's synapse regions}}
    %a = snn.arrived : f32
    snn.set "x", %a : f32
  }
}

// -----

snn.neuron_model @m state {v = 0.0} {
  update {
    %v = snn.get "v" : f32
    // expected-error @+1 {{neuron_model @m: in 'update': 'snn.deliver' is only allowed in a plasticity model's 'on_pre'}}
    snn.deliver %v : f32
  }
}

// -----

func.func private @helper() -> f32

snn.neuron_model @m state {v = 0.0} {
  update {
    // expected-error @+1 {{neuron_model @m: in 'update': 'func.call' is not allowed in a model region (use arith, math, scf and snn ops)}}
    %x = func.call @helper() : () -> f32
    snn.set "v", %x : f32
  }
}

// -----

snn.synapse_model @s state {g = 0.0} {
  dynamics {
    %g = snn.get "g" : f32
    snn.set "g", %g : f32
  }
  // expected-error @-5 {{synapse_model @s: the 'output' region is required}}
}

// -----

snn.synapse_model @s state {g = 0.0} {
  output {
    %g = snn.get "g" : f32
    // expected-error @+1 {{synapse_model @s: in 'output': 'snn.deliver' is only allowed in a plasticity model's 'on_pre'}}
    snn.deliver %g : f32
    snn.yield %g : f32
  }
}

// -----

snn.synapse_model @s params {tau = 5.0} state {g = 0.0} {
  output {
    %g = snn.get "g" : f32
    // expected-error @+1 {{synapse_model @s: in 'output': cannot write parameter 'tau'}}
    snn.set "tau", %g : f32
    snn.yield %g : f32
  }
}

// -----

// expected-error @+1 {{plasticity_model @p: 'w' is declared twice (as the weight and as synapse state)}}
snn.plasticity_model @p synapse_state {w = 0.0} {
}

// -----

// expected-error @+1 {{plasticity_model @p: modulator 'reward' is declared twice}}
snn.plasticity_model @p modulators ["reward", "reward"] {
}

// -----

snn.plasticity_model @p pre_state {x = 0.0} {
  on_post {
    // expected-error @+1 {{plasticity_model @p: in 'on_post': unknown modulator 'reward'; declare it in the model's 'modulators'}}
    %r = snn.get_modulator "reward" : f32
    snn.set "w", %r : f32
  }
}

// -----

snn.plasticity_model @p pre_state {x = 0.0} {
  on_post {
    %w = snn.get "w" : f32
    // expected-error @+1 {{plasticity_model @p: in 'on_post': 'snn.deliver' is only allowed in a plasticity model's 'on_pre'}}
    snn.deliver %w : f32
  }
}

// -----

snn.plasticity_model @p pre_state {x = 0.0} post_state {y = 0.0} {
  pre_spike {
    // The pre side sees only presynaptic state.
    // expected-error @+1 {{plasticity_model @p: in 'pre_spike': 'y' is postsynaptic state: read it with 'snn.get_post'}}
    %y = snn.get "y" : f32
    snn.set "x", %y : f32
  }
}

// -----

snn.plasticity_model @p pre_state {x = 0.0} post_state {y = 0.0} {
  post_dynamics {
    // expected-error @+1 {{plasticity_model @p: in 'post_dynamics': 'snn.get_pre' reads presynaptic variables, which this region does not have}}
    %x = snn.get_pre "x" : f32
    snn.set "y", %x : f32
  }
}

// -----

snn.plasticity_model @p pre_state {x = 0.0} {
  on_pre {
    %x = snn.get_pre "x" : f32
    // expected-error @+1 {{plasticity_model @p: in 'on_pre': 'x' is presynaptic state: read it with 'snn.get_pre'; it is written in 'pre_dynamics' and 'pre_spike'}}
    snn.set "x", %x : f32
  }
}

// -----

// expected-error @+2 {{unknown region 'updates' (expected one of: update, threshold, reset)}}
snn.neuron_model @m state {v = 0.0} {
  updates {
  }
}

// -----

snn.neuron_model @m state {v = 0.0} {
  update {
  }
  // expected-error @+1 {{region 'update' is given twice}}
  update {
  }
}

// -----

func.func @outside() -> f32 {
  // expected-error @+1 {{'snn.get' op is only valid inside an snn.neuron_model, snn.synapse_model or snn.plasticity_model}}
  %v = snn.get "v" : f32
  return %v : f32
}

// -----

// expected-error @+1 {{plasticity_model @p: bounds takes two parameter names (the lower and the upper bound), not 1}}
snn.plasticity_model @p params {lo = 0.0} bounds ["lo"] {
}

// -----

// expected-error @+1 {{plasticity_model @p: bounds names 'hi', which is not one of its parameters}}
snn.plasticity_model @p params {lo = 0.0} bounds ["lo", "hi"] {
}

// -----

// expected-error @+1 {{plasticity_model @p: decay names 'wd', which is not one of its parameters}}
snn.plasticity_model @p params {lo = 0.0} decay "wd" {
}

// -----

// expected-error @+1 {{neuron_model @n: persistent names 'theta', which is not one of its state variables}}
snn.neuron_model @n params {theta = 0.0} state {v = 0.0} persistent ["theta"] {
}
