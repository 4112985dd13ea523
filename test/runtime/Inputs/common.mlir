// Three batch entries whose Poisson sources share their draws (entry 0's,
// shared_draws): the runtime keeps the shared seed with entry 0's.
snn.network @common dt 1.0 batch 3 {
  snn.population @src 4 model @poisson shared_draws
  snn.monitor @spk spikes of @src
}
