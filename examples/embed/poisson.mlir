// 4096 Poisson sources: a kernel large enough for snn_add_network(... THREADS)
// to compile it into an OpenMP loop (threads.c embeds it).
snn.network @poisson_wide dt 1.0 {
  snn.population @src 4096 model @poisson
  snn.monitor @spk spikes of @src
}
