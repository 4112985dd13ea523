// Diehl & Cook (2015), "Unsupervised learning of digit recognition using
// spike-timing-dependent plasticity", as BindsNET's DiehlAndCook2015 model
// builds it (bindsnet 0.3.4; examples/diehl_cook/README.md):
//   784 Poisson inputs (one per pixel, rate = intensity in Hz)
//   -> 400 excitatory @diehl_cook neurons (adaptive threshold theta),
//      all-to-all, learning with BindsNET's PostPre, weights in [0, 1]
//      normalised to sum 78.4 per neuron after every sample;
//   excitatory i -> inhibitory i (22.5), and every inhibitory neuron
//   inhibits every excitatory neuron but its own partner (-50: the
//   DiehlAndCook2015 default is -17.5, BindsNET's MNIST example uses more).
// BindsNET's one_spike (one excitatory spike per step, drawn at random
// among those that crossed) is left out: see the README.
// Input jumps the membrane (no synapse model), dt = 0.5 ms.
//
// @dc_train learns; @dc_test is the same network with learning
// off (no plasticity, theta frozen), into which the driver (main.cpp)
// copies the learned weights and thresholds.

snn.network @dc_train dt 0.5 {
  snn.population @input 784 model @poisson
  snn.population @exc 400 model @diehl_cook {reset = -60.0}
  snn.population @inh 400 model @bindsnet_lif
      {thresh = -40.0, rest = -60.0, reset = -45.0, refrac = 2.0,
       tc_decay = 10.0}
      init {v = -60.0}
  snn.projection @input_exc @input -> @exc connect #snn.dense
      weight #snn.uniform<0.0, 0.3>
      plasticity @postpre {nu_pre = 1.0e-4, nu_post = 1.0e-2,
                           w_min = 0.0, w_max = 1.0}
      normalize 78.4
  snn.projection @exc_inh @exc -> @inh connect #snn.one_to_one weight 22.5
  // Every inhibitory neuron onto every excitatory one, minus the pair's
  // own synapse: all-to-all at -50 plus +50 from the partner.
  snn.projection @inh_exc @inh -> @exc connect #snn.dense weight -50.0
  snn.projection @inh_self @inh -> @exc connect #snn.one_to_one weight 50.0
}

snn.network @dc_test dt 0.5 {
  snn.population @input 784 model @poisson
  snn.population @exc 400 model @diehl_cook
      {reset = -60.0, theta_plus = 0.0, tc_theta_decay = 1.0e30}
  snn.population @inh 400 model @bindsnet_lif
      {thresh = -40.0, rest = -60.0, reset = -45.0, refrac = 2.0,
       tc_decay = 10.0}
      init {v = -60.0}
  snn.projection @input_exc @input -> @exc connect #snn.dense
  snn.projection @exc_inh @exc -> @inh connect #snn.one_to_one weight 22.5
  snn.projection @inh_exc @inh -> @exc connect #snn.dense weight -50.0
  snn.projection @inh_self @inh -> @exc connect #snn.one_to_one weight 50.0
}
