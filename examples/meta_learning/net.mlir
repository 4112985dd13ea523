// Reptile meta-learning (examples/meta_learning/README.md): a small
// classifier trained with surrogate gradients (plain SGD, so no optimiser
// state carries from one task to the next). A batch is one task's 8
// samples: 8 Bernoulli inputs, 16 and 2 LIF neurons.
snn.network @meta dt 1.0 batch 8 {
  snn.population @in 8 model @bernoulli
  snn.population @hid 16 model @lif {tau_m = 5.0, r = 5.0}
  snn.population @out 2 model @lif {tau_m = 5.0, r = 5.0}
  snn.projection @ih @in -> @hid connect #snn.dense weight #snn.uniform<-0.5, 0.5>
  snn.projection @ho @hid -> @out connect #snn.dense weight #snn.uniform<-0.5, 0.5>
  snn.train loss "ce_count" of @out steps 10 optimizer "sgd" {lr = 0.5 : f32}
      surrogate "fast_sigmoid" slope 5.0 trainable [@ih, @ho]
}
