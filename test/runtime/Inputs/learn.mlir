// A small network that declares training, for the runtime's training loop.
snn.network @learn dt 1.0 batch 4 {
  snn.population @in 8 model @bernoulli
  snn.population @hid 6 model @lif {tau_m = 5.0, r = 5.0}
  snn.population @out 2 model @lif {tau_m = 5.0, r = 5.0}
  snn.projection @ih @in -> @hid connect #snn.dense weight #snn.uniform<-0.5, 0.5>
  snn.projection @ho @hid -> @out connect #snn.dense weight #snn.uniform<-0.5, 0.5>
  snn.train loss "ce_count" of @out steps 10 optimizer "adam" {lr = 5.0e-2 : f32}
      surrogate "fast_sigmoid" slope 5.0 trainable [@ih, @ho]
}
