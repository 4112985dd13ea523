// Dense and sparse projections from spiking populations, one entry: what
// --snn-event-driven rewrites (the dense product into rows per spike, the
// compressed rows into a walk of the spike list). A bias on a one_to_one
// projection drives @a; @b is recurrent, its time constants drawn per neuron
// (a buffer: exp(-dt/tau_m) is computed at run time, once per run with
// --snn-hoist-parameters).
snn.network @mixed dt 1.0 {
  snn.population @a 40 model @lif {tau_m = 10.0, t_ref = 2.0}
      init {v = #snn.uniform<0.0, 1.0>}
  snn.population @b 30 model @lif {tau_m = #snn.uniform<8.0, 14.0>}
      init {v = #snn.uniform<0.0, 1.0>}
  snn.projection @drive @a -> @a connect #snn.one_to_one weight 0.0 bias 1.3
  snn.projection @ab @a -> @b connect #snn.dense
      weight #snn.uniform<0.0, 0.3> synapse @exp_current {tau = 5.0}
  snn.projection @bb @b -> @b connect #snn.fixed_probability<0.2>
      weight #snn.uniform<-0.4, 0.2> synapse @exp_current {tau = 5.0}
  snn.projection @ba @b -> @a connect #snn.fixed_in_degree<5>
      weight 0.05 delay #snn.uniform_int<1, 4>
  snn.monitor @bv "v" of @b
  snn.monitor @as spikes of @a
}
