// Six latency (time-to-first-spike) sources, t_max 10 ms at dt 1 ms, whose
// input `src.value` the runtime binds; the runtime's latency encoder must
// spike where they do.
snn.network @lat dt 1.0 {
  snn.population @src 6 model @latency {t_max = 10.0, threshold = 0.05}
  snn.monitor @spk spikes of @src
}
