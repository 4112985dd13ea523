// Six Poisson sources whose rates (input `src.rate`, Hz) the runtime binds.
// The prelude's @poisson spikes when the uniform of draw (seed, neuron,
// step, fnv1a32("src/threshold/0"), run domain) is below rate * dt / 1000.
snn.network @pois dt 1.0 {
  snn.population @src 6 model @poisson
  snn.monitor @spk spikes of @src
}
