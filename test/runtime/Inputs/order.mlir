// A network whose answer depends on when its inputs spike, not on how
// often: the readout's final membrane (tau 2 ms) remembers the last
// spikes. Its input is a sequence ([steps, batch, 2]), for the runtime's
// training loop.
snn.network @order dt 1.0 batch 4 {
  snn.population @in 2 model @spike_source
  snn.population @out 2 model @li {tau_m = 2.0, r = 4.0} graded "v"
  snn.projection @io @in -> @out connect #snn.dense
      weight dense<[1.0, 0.0, 0.0, 1.0]> : tensor<4xf32>
  snn.train loss "ce_final" of @out steps 8 optimizer "sgd" {lr = 1.0e-2 : f32}
      surrogate "fast_sigmoid" slope 5.0 trainable [@io] sequence [@in]
}
