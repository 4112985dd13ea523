// Four batch entries, each with its own seed, input spikes, per-entry
// weights and thresholds, driven by Poisson inputs (rates from --input) and
// a bias, and Poisson inputs all entries share (entry 0's draws, keyed by
// the whole batch's entry 0 in every slice): what --threads K splits into
// slices of the batch
// (snn-compile-threads.test). Delay rings ([D, batch, N]) and monitors
// ([rows, batch, n]) hold the batch after their first dimension.
snn.network @slices dt 1.0 batch 4 {
  snn.population @in 4 model @poisson
  snn.population @sh 4 model @poisson shared_draws
  snn.population @a 40 model @lif {tau_m = 10.0, t_ref = 2.0}
      init {v = #snn.uniform<0.0, 1.0>}
  snn.population @b 30 model @lif {tau_m = #snn.uniform<8.0, 14.0>, v_th = 1.0}
      init {v = #snn.uniform<0.0, 1.0>} per_entry ["v_th"]
  snn.projection @drive @a -> @a connect #snn.one_to_one weight 0.0 bias 1.1
  snn.projection @ina @in -> @a connect #snn.dense
      weight #snn.uniform<0.0, 0.5> per_entry delay 3
  snn.projection @ab @a -> @b connect #snn.dense
      weight #snn.uniform<0.0, 0.3> synapse @exp_current {tau = 5.0}
  snn.projection @bb @b -> @b connect #snn.fixed_probability<0.2>
      weight #snn.uniform<-0.4, 0.2> synapse @exp_current {tau = 5.0}
  snn.projection @ba @b -> @a connect #snn.fixed_in_degree<5>
      weight 0.05 delay #snn.uniform_int<1, 4>
  snn.projection @shb @sh -> @b connect #snn.dense
      weight #snn.uniform<0.0, 0.3> per_entry
  snn.monitor @bv "v" of @b every 3
  snn.monitor @as spikes of @a
  snn.monitor @ins spikes of @in
  snn.monitor @shs spikes of @sh
}
