// Cue recall (examples/recurrent/README.md) with surrogate-gradient BPTT:
// 20 input channels given step by step (`sequence [@in]`), 64 recurrent
// adaptive LIF neurons and a leaky readout whose final membrane is the
// logits. The cue is 70 steps in the past when the answer is read, far
// beyond the membrane's 10 ms: what remembers it is the neurons'
// adaptation (200 ms) and the recurrent weights.
snn.network @cue_bptt dt 1.0 batch 64 {
  snn.population @in 20 model @spike_source
  snn.population @rec 64 model @alif {tau_m = 10.0, tau_adapt = 200.0, beta = 0.5, r = 10.0}
  snn.population @out 2 model @li {tau_m = 5.0, r = 10.0} graded "v"
  snn.projection @ih @in -> @rec connect #snn.dense weight #snn.uniform<-0.22, 0.22>
  snn.projection @hh @rec -> @rec connect #snn.dense weight #snn.uniform<-0.12, 0.12>
  snn.projection @ho @rec -> @out connect #snn.dense weight #snn.uniform<-0.12, 0.12>
  snn.train loss "ce_final" of @out steps 100
      optimizer "adam" {lr = 2.0e-3 : f32, clip = 1.0 : f32}
      surrogate "fast_sigmoid" slope 5.0 trainable [@ih, @hh, @ho]
      reset "attached" sequence [@in]
}
