// XOR with spiking neurons, as a population of 64 individuals evolving
// their weights and their hidden neurons' time constants and thresholds
// (examples/neuroevolution/README.md). Every batch entry is one
// individual: its own weights and hidden-neuron parameters (per_entry),
// one run of the network evaluates all of them. Inputs x1 and x2 are two
// Poisson neurons each (on, off) at 100 Hz, the same spikes for every
// individual (shared_draws: entry 0's draws, drawn once per step); the
// output that fires more is the answer.
snn.network @xor dt 1.0 batch 64 {
  snn.population @in 4 model @poisson shared_draws
  snn.population @hid 12 model @lif {tau_m = 10.0, r = 10.0, v_th = 1.0}
      per_entry ["tau_m", "v_th"]
  snn.population @out 2 model @lif {tau_m = 10.0, r = 10.0}
  snn.projection @ih @in -> @hid connect #snn.dense
      weight #snn.uniform<-1.0, 1.0> per_entry
  snn.projection @ho @hid -> @out connect #snn.dense
      weight #snn.uniform<-1.0, 1.0> per_entry
}
