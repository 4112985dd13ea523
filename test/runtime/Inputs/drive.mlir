// A LIF neuron driven by a constant input: the projection's bias delivers
// 1.5 every step; its source, a spike array (input `src.spikes`), delivers
// nothing while the weight is 0. From step 0 on v_k = 1.5 (1 - exp(-(k+1)/10)),
// which first exceeds 1 at k = 10; the reset restarts the trajectory, so the
// neuron fires on steps 10, 21, 32, ... `v_slow` samples v every 10 steps.
snn.network @drive dt 1.0 {
  snn.population @src 1 model @spike_source
  snn.population @n 1 model @lif {tau_m = 10.0}
  snn.projection @p @src -> @n connect #snn.one_to_one weight 0.0 bias 1.5
  snn.monitor @spk spikes of @n
  snn.monitor @v_slow "v" of @n every 10
}
