// snnc prelude: the built-in neuron and postsynaptic models.
snn.neuron_model @lif params {tau_m = 20.0, v_rest = 0.0, v_reset = 0.0, v_th = 1.0, r = 1.0}
    state {v = 0.0} inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i_syn" : f32
    %tau = snn.get "tau_m" : f32
    %vr = snn.get "v_rest" : f32
    %r = snn.get "r" : f32
    %dt = snn.dt : f32
    %ri = arith.mulf %r, %i : f32
    %vinf = arith.addf %vr, %ri : f32
    %x = arith.divf %dt, %tau : f32
    %nx = arith.negf %x : f32
    %d = math.exp %nx : f32
    %dv = arith.subf %v, %vinf : f32
    %dd = arith.mulf %dv, %d : f32
    %v1 = arith.addf %vinf, %dd : f32
    snn.set "v", %v1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "v_th" : f32
    %m = arith.subf %v, %th : f32
    snn.yield %m : f32
  }
  reset {
    %vr = snn.get "v_reset" : f32
    snn.set "v", %vr : f32
  }
}
