// The Vogels-Abbott (2005) benchmark network with conductance-based
// synapses (COBA), with the parameters of Brian2's example script:
// 4000 leaky integrate-and-fire neurons (3200 excitatory, 800 inhibitory),
// 2% random connectivity, exponentially decaying conductances, forward
// Euler integration at dt = 0.1 ms. Conductances are relative to the leak.

// Conductance jump on arrival, then forward-Euler decay towards 0, as
// Brian2 integrates dg/dt = -g/tau with method='euler'.
snn.synapse_model @exp_decay_euler params {tau = 5.0} state {g = 0.0} {
  dynamics {
    %g = snn.get "g" : f32
    %in = snn.get_delivered : f32
    %tau = snn.get "tau" : f32
    %dt = snn.dt : f32
    %g0 = arith.addf %g, %in : f32
    %k = arith.divf %dt, %tau : f32
    %dg = arith.mulf %g0, %k : f32
    %g1 = arith.subf %g0, %dg : f32
    snn.set "g", %g1 : f32
  }
  output {
    %g = snn.get "g" : f32
    snn.yield %g : f32
  }
}

snn.network @coba dt 0.1 {
  // tau_m 20 ms, rest and reset -60 mV, threshold -50 mV, reversal 0 mV
  // (excitatory) and -80 mV (inhibitory), constant 20 mV drive, 5 ms
  // refractory period; initial v uniform in [-60, -50] mV.
  snn.population @exc 3200 model @lif_cond
      {tau_m = 20.0, v_rest = -60.0, v_reset = -60.0, v_th = -50.0,
       e_exc = 0.0, e_inh = -80.0, i_ext = 20.0, t_ref = 5.0}
      init {v = #snn.uniform<-60.0, -50.0>}
  snn.population @inh 800 model @lif_cond
      {tau_m = 20.0, v_rest = -60.0, v_reset = -60.0, v_th = -50.0,
       e_exc = 0.0, e_inh = -80.0, i_ext = 20.0, t_ref = 5.0}
      init {v = #snn.uniform<-60.0, -50.0>}

  // Excitatory synapses: weight 0.6, tau 5 ms, into the ge port.
  snn.projection @ee @exc -> @exc connect #snn.fixed_probability<0.02>
      weight 0.6 synapse @exp_decay_euler {tau = 5.0} port "ge"
  snn.projection @ei @exc -> @inh connect #snn.fixed_probability<0.02>
      weight 0.6 synapse @exp_decay_euler {tau = 5.0} port "ge"
  // Inhibitory synapses: weight 6.7, tau 10 ms, into the gi port.
  snn.projection @ie @inh -> @exc connect #snn.fixed_probability<0.02>
      weight 6.7 synapse @exp_decay_euler {tau = 10.0} port "gi"
  snn.projection @ii @inh -> @inh connect #snn.fixed_probability<0.02>
      weight 6.7 synapse @exp_decay_euler {tau = 10.0} port "gi"

  snn.monitor @exc_spikes spikes of @exc
  snn.monitor @inh_spikes spikes of @inh
  snn.monitor @exc_v "v" of @exc every 10
}
