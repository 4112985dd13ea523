// 4096 Poisson sources: enough neurons for their kernel to run in parallel
// tiles when compiled with --threads (the build compiles it both ways).
snn.network @wide dt 1.0 {
  snn.population @src 4096 model @poisson
  snn.monitor @spk spikes of @src
}
