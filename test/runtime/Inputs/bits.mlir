// 70 Poisson sources in 3 batch entries, recorded as spike bits (two words
// per entry and step, the second only partly used) every step and every 3
// steps.
snn.network @bits dt 1.0 batch 3 {
  snn.population @src 70 model @poisson
  snn.monitor @spk spikes of @src
  snn.monitor @spk3 spikes of @src every 3
}
