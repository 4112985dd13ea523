// The training network of learn.mlir with elastic weight consolidation
// (optimizer setting ewc): <w>.fisher and <w>.anchor exist.
snn.network @ewc dt 1.0 batch 4 {
  snn.population @in 8 model @bernoulli
  snn.population @hid 6 model @lif {tau_m = 5.0, r = 5.0}
  snn.population @out 2 model @lif {tau_m = 5.0, r = 5.0}
  snn.projection @ih @in -> @hid connect #snn.dense weight #snn.uniform<-0.5, 0.5>
  snn.projection @ho @hid -> @out connect #snn.dense weight #snn.uniform<-0.5, 0.5>
  snn.train loss "ce_count" of @out steps 10 optimizer "sgd" {lr = 1.0e-1 : f32, ewc = 50.0 : f32}
      surrogate "fast_sigmoid" slope 5.0 trainable [@ih, @ho]
}
