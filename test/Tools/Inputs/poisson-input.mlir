// Four Poisson neurons whose rates come from --input in.rate=FILE.npy.
snn.network @pin dt 1.0 {
  snn.population @in 4 model @poisson
  snn.monitor @spk spikes of @in
}
