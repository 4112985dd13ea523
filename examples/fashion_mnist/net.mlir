// Fashion-MNIST with surrogate-gradient BPTT (docs/training.md): 784
// rate-coded inputs (each pixel spikes in a step with probability equal to
// its intensity), 256 LIF neurons, 10 LIF outputs whose spike counts over
// 25 steps are the logits of a cross-entropy loss; Adam on both weight
// matrices, a fast-sigmoid surrogate of slope 25. The LIF neurons leak by
// beta = exp(-1/19.5) = 0.95 per 1 ms step with r = 1 / (1 - beta) = 20, so
// an input current adds to the membrane as in snnTorch's Leaky
// (mem = beta mem + input); they reset to 0. The initial weights are
// PyTorch's nn.Linear default, uniform(+-1/sqrt(fan_in)).
snn.network @fmnist dt 1.0 batch 128 {
  snn.population @in 784 model @bernoulli
  snn.population @hid 256 model @lif {tau_m = 19.5, r = 20.0}
  snn.population @out 10 model @lif {tau_m = 19.5, r = 20.0}
  snn.projection @ih @in -> @hid connect #snn.dense
      weight #snn.uniform<-0.0357, 0.0357>
  snn.projection @ho @hid -> @out connect #snn.dense
      weight #snn.uniform<-0.0625, 0.0625>
  snn.train loss "ce_count" of @out steps 25
      optimizer "adam" {lr = 5.0e-4 : f32}
      surrogate "fast_sigmoid" slope 25.0 trainable [@ih, @ho]
}
