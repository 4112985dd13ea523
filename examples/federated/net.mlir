// Federated learning on non-IID Fashion-MNIST (examples/federated/README.md):
// every client trains its own copy of this 784-128-10 classifier
// (surrogate gradients, Adam) on its own data.
snn.neuron_model @leaky params {beta = 0.95, threshold = 1.0} state {v = 0.0}
    inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i_syn" : f32
    %beta = snn.get "beta" : f32
    %bv = arith.mulf %beta, %v : f32
    %v1 = arith.addf %bv, %i : f32
    snn.set "v", %v1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "threshold" : f32
    %m = arith.subf %v, %th : f32
    snn.yield %m : f32
  }
  reset {
    %v = snn.get "v" : f32
    %th = snn.get "threshold" : f32
    %v1 = arith.subf %v, %th : f32
    snn.set "v", %v1 : f32
  }
}

snn.network @client dt 1.0 batch 128 {
  snn.population @in 784 model @bernoulli
  snn.population @hid 128 model @leaky
  snn.population @out 10 model @leaky
  snn.projection @ih @in -> @hid connect #snn.dense
      weight #snn.uniform<-0.0357, 0.0357>
  snn.projection @ho @hid -> @out connect #snn.dense
      weight #snn.uniform<-0.088, 0.088>
  snn.train loss "ce_count" of @out steps 25
      optimizer "adam" {lr = 5.0e-4 : f32}
      surrogate "fast_sigmoid" slope 25.0 trainable [@ih, @ho]
}
