// Cue recall (examples/recurrent/README.md) with e-prop (docs/rules/eprop.md):
// the network of bptt.mlir, learning online with no backward pass. Every
// synapse keeps its eligibility trace; the host writes each step's
// learning signal (the readout's error through fixed random feedback) into
// @l and the readout's error into @err.
snn.network @cue_eprop dt 1.0 batch 16 {
  snn.population @in 20 model @spike_source
  snn.population @rec 64 model @alif {tau_m = 10.0, tau_adapt = 200.0, beta = 0.5, r = 10.0}
  snn.population @out 2 model @li {tau_m = 5.0, r = 10.0} graded "v"
  snn.modulator @l [64]
  snn.modulator @err [2]
  snn.projection @ih @in -> @rec connect #snn.dense weight #snn.uniform<-0.22, 0.22>
      plasticity @eprop_alif {lr = 5.0e-1, tau_out = 5.0} modulators {learning_signal = @l}
      reduction "mean"
  snn.projection @hh @rec -> @rec connect #snn.dense weight #snn.uniform<-0.12, 0.12>
      plasticity @eprop_alif {lr = 5.0e-1, tau_out = 5.0} modulators {learning_signal = @l}
      reduction "mean"
  snn.projection @ho @rec -> @out connect #snn.dense weight #snn.uniform<-0.12, 0.12>
      plasticity @eprop_readout {lr = 5.0e-1} modulators {error = @err}
      reduction "mean"
}
