// Malformed IR and attributes of the wrong kind are parse errors with a
// location, never a crash.
// RUN: snn-opt %s --split-input-file --verify-diagnostics

snn.network @n dt 1.0 {
  snn.population @a 3 model @lif
  // expected-error @+1 {{expected a connectivity (#snn.dense, #snn.one_to_one, #snn.fixed_probability<p>}}
  snn.projection @p @a -> @a connect #snn.constant<1.0>
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 3 model @lif
  // expected-error @+1 {{expected a connectivity}}
  snn.projection @p @a -> @a connect 0.5
}

// -----

// expected-error @+1 {{expected 'dt'}}
snn.network @n {
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+2 {{expected floating point literal}}
  // expected-error @+1 {{failed to parse SNN_UniformAttr parameter 'low'}}
  snn.population @a 3 model @lif init {v = #snn.uniform<low, 1.0>}
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+1 {{'tau_m' is given twice}}
  snn.population @a 3 model @lif {tau_m = 1.0, tau_m = 2.0}
}

// -----

snn.network @n dt 1.0 {
  snn.population @a 3 model @lif
  // expected-error @+1 {{projection @p: conv2d kernel must have two entries [h, w], got 0}}
  snn.projection @p @a -> @a connect #snn.conv2d<in_channels = 1, out_channels = 1>
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+1 {{expected integer value}}
  snn.population @a [3, x] model @lif
}

// -----

snn.network @n dt 1.0 {
  // expected-error @+2 {{Dialect `foo' not found for custom op 'foo.bar'}}
  // expected-note @+1 {{Available dialects}}
  foo.bar
}

// -----

// expected-error @+1 {{expected '{'}}
snn.neuron_model @m state {v = 0.0}

// -----

snn.network @n dt 1.0 {
  snn.population @a 3 model @lif
// The file ends here, inside the network: expected-error {{expected operation name in quotes}}
