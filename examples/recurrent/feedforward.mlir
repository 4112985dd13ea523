// The control for examples/recurrent: bptt.mlir without what remembers,
// no recurrent projection and no adaptation (beta = 0), trained the same
// way. Its neurons forget the cue within a few tens of ms, so it stays at
// chance.
snn.network @cue_ff dt 1.0 batch 64 {
  snn.population @in 20 model @spike_source
  snn.population @rec 64 model @alif {tau_m = 10.0, tau_adapt = 200.0, beta = 0.0, r = 10.0}
  snn.population @out 2 model @li {tau_m = 5.0, r = 10.0} graded "v"
  snn.projection @ih @in -> @rec connect #snn.dense weight #snn.uniform<-0.22, 0.22>
  snn.projection @ho @rec -> @out connect #snn.dense weight #snn.uniform<-0.12, 0.12>
  snn.train loss "ce_final" of @out steps 100
      optimizer "adam" {lr = 2.0e-3 : f32, clip = 1.0 : f32}
      surrogate "fast_sigmoid" slope 5.0 trainable [@ih, @ho]
      reset "attached" sequence [@in]
}
