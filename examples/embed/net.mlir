// The network examples/embed/main.c embeds: a LIF neuron driven by a
// constant input (the projection's bias delivers 1.5 every step; its source
// never spikes), and a second neuron fed by the first through a 3-step
// delay. v_k = 1.5 (1 - exp(-(k+1)/10)) first exceeds 1 at k = 10, so the
// driven neuron fires on steps 10, 21 and 32, ...
snn.network @drive dt 1.0 {
  snn.population @src 1 model @spike_source
  snn.population @n 1 model @lif {tau_m = 10.0}
  snn.population @follower 1 model @lif {tau_m = 10.0}
  snn.projection @p @src -> @n connect #snn.one_to_one weight 0.0 bias 1.5
  snn.projection @q @n -> @follower connect #snn.one_to_one weight 50.0 delay 3
  snn.monitor @spk spikes of @n
  snn.monitor @follower_spk spikes of @follower
}
