// Two batch entries: Poisson sources (input `src.rate`) drive LIF neurons
// whose initial v is drawn from each entry's seed. Entries with the same seed
// run identically; entries with different seeds do not.
snn.network @pair dt 1.0 batch 2 {
  snn.population @src 4 model @poisson
  snn.population @n 3 model @lif {tau_m = 10.0}
      init {v = #snn.uniform<0.0, 0.5>}
  snn.projection @p @src -> @n connect #snn.dense weight 0.4
  snn.monitor @src_spk spikes of @src
  snn.monitor @v "v" of @n every 3
}
