// A small network that declares training, for snn-compile's tests.
snn.network @small dt 1.0 batch 4 {
  snn.population @in 6 model @bernoulli
  snn.population @hid 5 model @lif
  snn.population @out 3 model @lif
  snn.projection @ih @in -> @hid connect #snn.dense weight #snn.uniform<-0.5, 0.5>
  snn.projection @ho @hid -> @out connect #snn.dense weight #snn.uniform<-0.5, 0.5>
  snn.train loss "ce_count" of @out steps 10 optimizer "adam"
      surrogate "fast_sigmoid" slope 5.0 trainable [@ih, @ho]
}
