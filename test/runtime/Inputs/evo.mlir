// Eight individuals: every batch entry has its own weights (per_entry) and
// its own time constants of @out, the genes of the runtime's
// neuroevolution tests. A shared projection (@shared) is not a gene.
snn.network @evo dt 1.0 batch 8 {
  snn.population @in 6 model @poisson
  snn.population @out 4 model @lif {tau_m = 10.0, r = 10.0} per_entry ["tau_m"]
  snn.projection @w @in -> @out connect #snn.dense weight #snn.uniform<-1.0, 1.0> per_entry
  snn.projection @d @out -> @out connect #snn.one_to_one weight 0.5 per_entry
  snn.projection @shared @in -> @out connect #snn.dense weight 0.1
}
