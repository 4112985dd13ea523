//===- prelude.mlir - the built-in neuron and postsynaptic models ---------===//
//
// snnc prelude: the models a network may reference without defining them.
// docs/models.md describes every model: equations, discretisation,
// parameters, state, ports and the library convention it follows.
//
// Units: time and dt in ms, voltage in mV, rates in Hz. Conductances are
// dimensionless (relative to the leak) unless a model says otherwise.
//
// Step order: delivery -> synapse dynamics -> synapse outputs summed into the
// neuron's input ports -> neuron update -> threshold -> reset. An input port
// holds its value over the whole step [t, t + dt), so a linear ODE is
// integrated exactly with the input held constant; forward Euler is used only
// where the model's source uses it. A neuron spikes where its threshold
// margin is > 0.
//
//===----------------------------------------------------------------------===//

//===----------------------------------------------------------------------===//
// Neurons
//===----------------------------------------------------------------------===//

// Integrate-and-fire (a perfect integrator).
//   dv/dt = r * i_syn                      exact: v += dt * r * i_syn
//   spike when v > v_th; then v = v_reset
snn.neuron_model @if params {v_th = 1.0, v_reset = 0.0, r = 1.0}
    state {v = 0.0} inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i_syn" : f32
    %r = snn.get "r" : f32
    %dt = snn.dt : f32
    %ri = arith.mulf %r, %i : f32
    %dv = arith.mulf %ri, %dt : f32
    %v1 = arith.addf %v, %dv : f32
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

// Leaky integrate-and-fire with an absolute refractory period.
//   tau_m dv/dt = (v_rest - v) + r * i_syn
//   exact: v' = v_inf + (v - v_inf) * exp(-dt/tau_m),  v_inf = v_rest + r * i_syn
//   spike when v > v_th; then v = v_reset, refrac = t_ref.
//   While refrac > dt/2, v is held and refrac counts down by dt.
snn.neuron_model @lif
    params {tau_m = 20.0, v_rest = 0.0, v_reset = 0.0, v_th = 1.0, r = 1.0,
            t_ref = 0.0}
    state {v = 0.0, refrac = 0.0} inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %refrac = snn.get "refrac" : f32
    %i = snn.get "i_syn" : f32
    %tau = snn.get "tau_m" : f32
    %vrest = snn.get "v_rest" : f32
    %r = snn.get "r" : f32
    %dt = snn.dt : f32
    %zero = arith.constant 0.0 : f32
    %half = arith.constant 0.5 : f32
    // v_inf + (v - v_inf) * exp(-dt / tau_m)
    %ri = arith.mulf %r, %i : f32
    %vinf = arith.addf %vrest, %ri : f32
    %x = arith.divf %dt, %tau : f32
    %nx = arith.negf %x : f32
    %decay = math.exp %nx : f32
    %dv = arith.subf %v, %vinf : f32
    %dvd = arith.mulf %dv, %decay : f32
    %vnext = arith.addf %vinf, %dvd : f32
    // refractory: hold v, count refrac down to 0
    %halfdt = arith.mulf %dt, %half : f32
    %isref = arith.cmpf ogt, %refrac, %halfdt : f32
    %v1 = arith.select %isref, %v, %vnext : f32
    %left = arith.subf %refrac, %dt : f32
    %refrac1 = arith.maximumf %left, %zero : f32
    snn.set "v", %v1 : f32
    snn.set "refrac", %refrac1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "v_th" : f32
    %m = arith.subf %v, %th : f32
    snn.yield %m : f32
  }
  reset {
    %vr = snn.get "v_reset" : f32
    %tref = snn.get "t_ref" : f32
    snn.set "v", %vr : f32
    snn.set "refrac", %tref : f32
  }
}

// Leaky integrator (readout; never spikes, use it `graded "v"`).
//   tau_m dv/dt = (v_rest - v) + r * i_syn        exact, as in @lif
snn.neuron_model @li params {tau_m = 20.0, v_rest = 0.0, r = 1.0}
    state {v = 0.0} inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i_syn" : f32
    %tau = snn.get "tau_m" : f32
    %vrest = snn.get "v_rest" : f32
    %r = snn.get "r" : f32
    %dt = snn.dt : f32
    %ri = arith.mulf %r, %i : f32
    %vinf = arith.addf %vrest, %ri : f32
    %x = arith.divf %dt, %tau : f32
    %nx = arith.negf %x : f32
    %decay = math.exp %nx : f32
    %dv = arith.subf %v, %vinf : f32
    %dvd = arith.mulf %dv, %decay : f32
    %v1 = arith.addf %vinf, %dvd : f32
    snn.set "v", %v1 : f32
  }
}

// Current-based LIF: a synaptic current state i in front of the membrane.
//   tau_syn di/dt = -i, and i jumps by i_syn each step:
//       i' = i * exp(-dt/tau_syn) + i_syn
//   tau_m dv/dt = (v_rest - v) + r * i, integrated exactly holding i = i':
//       v' = v_inf + (v - v_inf) * exp(-dt/tau_m),  v_inf = v_rest + r * i'
//   spike when v > v_th; then v = v_reset
snn.neuron_model @cuba_lif
    params {tau_m = 20.0, tau_syn = 5.0, v_rest = 0.0, v_reset = 0.0,
            v_th = 1.0, r = 1.0}
    state {v = 0.0, i = 0.0} inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %i = snn.get "i" : f32
    %in = snn.get "i_syn" : f32
    %taum = snn.get "tau_m" : f32
    %taus = snn.get "tau_syn" : f32
    %vrest = snn.get "v_rest" : f32
    %r = snn.get "r" : f32
    %dt = snn.dt : f32
    // i' = i * exp(-dt / tau_syn) + i_syn
    %xs = arith.divf %dt, %taus : f32
    %nxs = arith.negf %xs : f32
    %decs = math.exp %nxs : f32
    %idec = arith.mulf %i, %decs : f32
    %i1 = arith.addf %idec, %in : f32
    // v' = v_inf + (v - v_inf) * exp(-dt / tau_m), v_inf = v_rest + r * i'
    %ri = arith.mulf %r, %i1 : f32
    %vinf = arith.addf %vrest, %ri : f32
    %xm = arith.divf %dt, %taum : f32
    %nxm = arith.negf %xm : f32
    %decm = math.exp %nxm : f32
    %dv = arith.subf %v, %vinf : f32
    %dvd = arith.mulf %dv, %decm : f32
    %v1 = arith.addf %vinf, %dvd : f32
    snn.set "i", %i1 : f32
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

// Conductance-based LIF (the Vogels-Abbott COBA benchmark as in Brian2).
//   tau_m dv/dt = ge (e_exc - v) + gi (e_inh - v) + (v_rest - v) + i_ext
//   ge, gi: dimensionless conductances (relative to the leak) from the ports.
//   forward Euler: v' = v + dt/tau_m * (...)
//   spike when v > v_th; then v = v_reset, refrac = t_ref; v held while
//   refrac > dt/2 (as in @lif).
snn.neuron_model @lif_cond
    params {tau_m = 20.0, v_rest = -60.0, v_reset = -60.0, v_th = -50.0,
            e_exc = 0.0, e_inh = -80.0, i_ext = 0.0, t_ref = 0.0}
    state {v = -60.0, refrac = 0.0} inputs ["ge", "gi"] {
  update {
    %v = snn.get "v" : f32
    %refrac = snn.get "refrac" : f32
    %ge = snn.get "ge" : f32
    %gi = snn.get "gi" : f32
    %tau = snn.get "tau_m" : f32
    %vrest = snn.get "v_rest" : f32
    %ee = snn.get "e_exc" : f32
    %ei = snn.get "e_inh" : f32
    %iext = snn.get "i_ext" : f32
    %dt = snn.dt : f32
    %zero = arith.constant 0.0 : f32
    %half = arith.constant 0.5 : f32
    // ge (e_exc - v) + gi (e_inh - v) + (v_rest - v) + i_ext
    %de = arith.subf %ee, %v : f32
    %ie = arith.mulf %ge, %de : f32
    %di = arith.subf %ei, %v : f32
    %ii = arith.mulf %gi, %di : f32
    %dl = arith.subf %vrest, %v : f32
    %s1 = arith.addf %ie, %ii : f32
    %s2 = arith.addf %s1, %dl : f32
    %rhs = arith.addf %s2, %iext : f32
    // v + dt / tau_m * rhs
    %k = arith.divf %dt, %tau : f32
    %dv = arith.mulf %k, %rhs : f32
    %vnext = arith.addf %v, %dv : f32
    // refractory: hold v, count refrac down to 0
    %halfdt = arith.mulf %dt, %half : f32
    %isref = arith.cmpf ogt, %refrac, %halfdt : f32
    %v1 = arith.select %isref, %v, %vnext : f32
    %left = arith.subf %refrac, %dt : f32
    %refrac1 = arith.maximumf %left, %zero : f32
    snn.set "v", %v1 : f32
    snn.set "refrac", %refrac1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "v_th" : f32
    %m = arith.subf %v, %th : f32
    snn.yield %m : f32
  }
  reset {
    %vr = snn.get "v_reset" : f32
    %tref = snn.get "t_ref" : f32
    snn.set "v", %vr : f32
    snn.set "refrac", %tref : f32
  }
}

// Adaptive LIF (Bellec et al.: LSNN 2018, e-prop 2020).
//   tau_m dv/dt = (v_rest - v) + r * i_syn         exact, as in @lif
//   tau_adapt da/dt = -a                            exact: a' = a * exp(-dt/tau_adapt)
//   spike when v > v_th + beta * a; then v -= v_th (reset by subtraction), a += 1
snn.neuron_model @alif
    params {tau_m = 20.0, tau_adapt = 200.0, v_rest = 0.0, v_th = 1.0,
            beta = 0.07, r = 1.0}
    state {v = 0.0, a = 0.0} inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %a = snn.get "a" : f32
    %i = snn.get "i_syn" : f32
    %taum = snn.get "tau_m" : f32
    %taua = snn.get "tau_adapt" : f32
    %vrest = snn.get "v_rest" : f32
    %r = snn.get "r" : f32
    %dt = snn.dt : f32
    // v' = v_inf + (v - v_inf) * exp(-dt / tau_m)
    %ri = arith.mulf %r, %i : f32
    %vinf = arith.addf %vrest, %ri : f32
    %xm = arith.divf %dt, %taum : f32
    %nxm = arith.negf %xm : f32
    %decm = math.exp %nxm : f32
    %dv = arith.subf %v, %vinf : f32
    %dvd = arith.mulf %dv, %decm : f32
    %v1 = arith.addf %vinf, %dvd : f32
    // a' = a * exp(-dt / tau_adapt)
    %xa = arith.divf %dt, %taua : f32
    %nxa = arith.negf %xa : f32
    %deca = math.exp %nxa : f32
    %a1 = arith.mulf %a, %deca : f32
    snn.set "v", %v1 : f32
    snn.set "a", %a1 : f32
  }
  threshold {
    // v - (v_th + beta * a)
    %v = snn.get "v" : f32
    %a = snn.get "a" : f32
    %th = snn.get "v_th" : f32
    %beta = snn.get "beta" : f32
    %ba = arith.mulf %beta, %a : f32
    %thr = arith.addf %th, %ba : f32
    %m = arith.subf %v, %thr : f32
    snn.yield %m : f32
  }
  reset {
    %v = snn.get "v" : f32
    %a = snn.get "a" : f32
    %th = snn.get "v_th" : f32
    %one = arith.constant 1.0 : f32
    %v1 = arith.subf %v, %th : f32
    %a1 = arith.addf %a, %one : f32
    snn.set "v", %v1 : f32
    snn.set "a", %a1 : f32
  }
}

// BindsNET's LIFNodes (docs/models.md, its parameter names and defaults):
// the input jumps v (not a current), and is dropped while refractory.
//   v <- rest + (v - rest) exp(-dt / tc_decay)
//   v <- v + i_syn   where refrac_count <= 0;  refrac_count <- refrac_count - dt
//   spike when v > thresh; then v = reset, refrac_count = refrac
snn.neuron_model @bindsnet_lif
    params {thresh = -52.0, rest = -65.0, reset = -65.0, refrac = 5.0,
            tc_decay = 100.0}
    state {v = -65.0, refrac_count = 0.0} inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %rc = snn.get "refrac_count" : f32
    %x = snn.get "i_syn" : f32
    %rest = snn.get "rest" : f32
    %tau = snn.get "tc_decay" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %dv = arith.subf %v, %rest : f32
    %dvd = arith.mulf %dv, %d : f32
    %v1 = arith.addf %dvd, %rest : f32
    %zero = arith.constant 0.0 : f32
    %open = arith.cmpf ole, %rc, %zero : f32
    %vx = arith.addf %v1, %x : f32
    %v2 = arith.select %open, %vx, %v1 : f32
    %rc1 = arith.subf %rc, %dt : f32
    snn.set "v", %v2 : f32
    snn.set "refrac_count", %rc1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "thresh" : f32
    %m = arith.subf %v, %th : f32
    snn.yield %m : f32
  }
  reset {
    %reset = snn.get "reset" : f32
    %refrac = snn.get "refrac" : f32
    snn.set "v", %reset : f32
    snn.set "refrac_count", %refrac : f32
  }
}

// BindsNET's DiehlAndCookNodes (docs/models.md): @bindsnet_lif with an
// adaptive threshold theta that every spike raises by theta_plus and that
// decays with tc_theta_decay; theta is learned (persistent: a reset of the
// state between samples keeps it). Set theta_plus = 0 and tc_theta_decay
// very large to freeze it for testing, as BindsNET's learning = False.
//   v, refrac_count as @bindsnet_lif;  theta <- theta exp(-dt / tc_theta_decay)
//   spike when v > thresh + theta; then v = reset, refrac_count = refrac,
//   theta += theta_plus
snn.neuron_model @diehl_cook
    params {thresh = -52.0, rest = -65.0, reset = -65.0, refrac = 5.0,
            tc_decay = 100.0, theta_plus = 0.05, tc_theta_decay = 1.0e7}
    state {v = -65.0, refrac_count = 0.0, theta = 0.0} inputs ["i_syn"]
    persistent ["theta"] {
  update {
    %v = snn.get "v" : f32
    %rc = snn.get "refrac_count" : f32
    %theta = snn.get "theta" : f32
    %x = snn.get "i_syn" : f32
    %rest = snn.get "rest" : f32
    %tau = snn.get "tc_decay" : f32
    %taut = snn.get "tc_theta_decay" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %dv = arith.subf %v, %rest : f32
    %dvd = arith.mulf %dv, %d : f32
    %v1 = arith.addf %dvd, %rest : f32
    %rt = arith.divf %dt, %taut : f32
    %nrt = arith.negf %rt : f32
    %dt2 = math.exp %nrt : f32
    %theta1 = arith.mulf %theta, %dt2 : f32
    %zero = arith.constant 0.0 : f32
    %open = arith.cmpf ole, %rc, %zero : f32
    %vx = arith.addf %v1, %x : f32
    %v2 = arith.select %open, %vx, %v1 : f32
    %rc1 = arith.subf %rc, %dt : f32
    snn.set "v", %v2 : f32
    snn.set "refrac_count", %rc1 : f32
    snn.set "theta", %theta1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "thresh" : f32
    %theta = snn.get "theta" : f32
    %t = arith.addf %th, %theta : f32
    %m = arith.subf %v, %t : f32
    snn.yield %m : f32
  }
  reset {
    %theta = snn.get "theta" : f32
    %reset = snn.get "reset" : f32
    %refrac = snn.get "refrac" : f32
    %plus = snn.get "theta_plus" : f32
    %theta1 = arith.addf %theta, %plus : f32
    snn.set "v", %reset : f32
    snn.set "refrac_count", %refrac : f32
    snn.set "theta", %theta1 : f32
  }
}

// Izhikevich (2003), regular spiking by default.
//   dv/dt = 0.04 v^2 + 5 v + 140 - u + i_syn
//   du/dt = a (b v - u)
//   forward Euler (both from the values at the start of the step)
//   spike when v > v_peak; then v = c, u += d
snn.neuron_model @izhikevich
    params {a = 0.02, b = 0.2, c = -65.0, d = 8.0, v_peak = 30.0}
    state {v = -65.0, u = -13.0} inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %u = snn.get "u" : f32
    %i = snn.get "i_syn" : f32
    %pa = snn.get "a" : f32
    %pb = snn.get "b" : f32
    %dt = snn.dt : f32
    %k2 = arith.constant 0.04 : f32
    %k1 = arith.constant 5.0 : f32
    %k0 = arith.constant 140.0 : f32
    // dv/dt = (0.04 v + 5) v + 140 - u + i_syn
    %q = arith.mulf %k2, %v : f32
    %q1 = arith.addf %q, %k1 : f32
    %q2 = arith.mulf %q1, %v : f32
    %q3 = arith.addf %q2, %k0 : f32
    %q4 = arith.subf %q3, %u : f32
    %fv = arith.addf %q4, %i : f32
    // du/dt = a (b v - u)
    %bv = arith.mulf %pb, %v : f32
    %bvu = arith.subf %bv, %u : f32
    %fu = arith.mulf %pa, %bvu : f32
    %dv = arith.mulf %dt, %fv : f32
    %du = arith.mulf %dt, %fu : f32
    %v1 = arith.addf %v, %dv : f32
    %u1 = arith.addf %u, %du : f32
    snn.set "v", %v1 : f32
    snn.set "u", %u1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %vp = snn.get "v_peak" : f32
    %m = arith.subf %v, %vp : f32
    snn.yield %m : f32
  }
  reset {
    %u = snn.get "u" : f32
    %c = snn.get "c" : f32
    %d = snn.get "d" : f32
    %u1 = arith.addf %u, %d : f32
    snn.set "v", %c : f32
    snn.set "u", %u1 : f32
  }
}

// Adaptive exponential integrate-and-fire (Brette & Gerstner 2005);
// pF, nS, mV, pA, ms.
//   c_m dv/dt = -g_l (v - e_l) + g_l delta_t exp((v - v_t)/delta_t) - w + i_syn
//   tau_w dw/dt = a (v - e_l) - w
//   forward Euler (both from the values at the start of the step).
//   The exponential is evaluated at min(v, v_peak), and its argument is
//   capped at 80, so no step can overflow f32.
//   spike when v > v_peak; then v = v_reset, w += b
snn.neuron_model @adex
    params {c_m = 281.0, g_l = 30.0, e_l = -70.6, v_t = -50.4, delta_t = 2.0,
            tau_w = 144.0, a = 4.0, b = 80.5, v_reset = -70.6, v_peak = 0.0}
    state {v = -70.6, w = 0.0} inputs ["i_syn"] {
  update {
    %v = snn.get "v" : f32
    %w = snn.get "w" : f32
    %i = snn.get "i_syn" : f32
    %cm = snn.get "c_m" : f32
    %gl = snn.get "g_l" : f32
    %el = snn.get "e_l" : f32
    %vt = snn.get "v_t" : f32
    %delta = snn.get "delta_t" : f32
    %tauw = snn.get "tau_w" : f32
    %pa = snn.get "a" : f32
    %vpeak = snn.get "v_peak" : f32
    %dt = snn.dt : f32
    %cap = arith.constant 80.0 : f32
    // exp(min((min(v, v_peak) - v_t) / delta_t, 80))
    %ve = arith.minimumf %v, %vpeak : f32
    %xe = arith.subf %ve, %vt : f32
    %xd = arith.divf %xe, %delta : f32
    %xc = arith.minimumf %xd, %cap : f32
    %ex = math.exp %xc : f32
    // c_m dv/dt = -g_l (v - e_l) + g_l delta_t exp(...) - w + i_syn
    %vl = arith.subf %v, %el : f32
    %leak = arith.mulf %gl, %vl : f32
    %gd = arith.mulf %gl, %delta : f32
    %spk = arith.mulf %gd, %ex : f32
    %s1 = arith.subf %spk, %leak : f32
    %s2 = arith.subf %s1, %w : f32
    %s3 = arith.addf %s2, %i : f32
    %fv = arith.divf %s3, %cm : f32
    // tau_w dw/dt = a (v - e_l) - w
    %avl = arith.mulf %pa, %vl : f32
    %gw = arith.subf %avl, %w : f32
    %fw = arith.divf %gw, %tauw : f32
    %dv = arith.mulf %dt, %fv : f32
    %dw = arith.mulf %dt, %fw : f32
    %v1 = arith.addf %v, %dv : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "v", %v1 : f32
    snn.set "w", %w1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %vp = snn.get "v_peak" : f32
    %m = arith.subf %v, %vp : f32
    snn.yield %m : f32
  }
  reset {
    %w = snn.get "w" : f32
    %vr = snn.get "v_reset" : f32
    %b = snn.get "b" : f32
    %w1 = arith.addf %w, %b : f32
    snn.set "v", %vr : f32
    snn.set "w", %w1 : f32
  }
}

// Poisson source: external "rate" in Hz per neuron.
//   p = rate * dt / 1000; spike where u < p, u ~ U[0, 1) (margin p - u)
snn.neuron_model @poisson external ["rate"] {
  threshold {
    %rate = snn.get "rate" : f32
    %dt = snn.dt : f32
    %ms = arith.constant 1.0e-3 : f32
    %rdt = arith.mulf %rate, %dt : f32
    %p = arith.mulf %rdt, %ms : f32
    %u = snn.random_uniform : f32
    %m = arith.subf %p, %u : f32
    snn.yield %m : f32
  }
}

// Bernoulli source: external "p", the probability of a spike in each step
// (rate coding of intensities in [0, 1], as snnTorch's spikegen.rate).
//   spike where u < p, u ~ U[0, 1) (margin p - u)
snn.neuron_model @bernoulli external ["p"] {
  threshold {
    %p = snn.get "p" : f32
    %u = snn.random_uniform : f32
    %m = arith.subf %p, %u : f32
    snn.yield %m : f32
  }
}

// Spike-array source: external "spikes", 0 or 1 per neuron per step.
//   spike where spikes > 0.5 (margin spikes - 0.5)
snn.neuron_model @spike_source external ["spikes"] {
  threshold {
    %s = snn.get "spikes" : f32
    %half = arith.constant 0.5 : f32
    %m = arith.subf %s, %half : f32
    snn.yield %m : f32
  }
}

// Current source: copies external "current" into state i each step; never
// spikes (use it `graded "i"`).
snn.neuron_model @current_source state {i = 0.0} external ["current"] {
  update {
    %c = snn.get "current" : f32
    snn.set "i", %c : f32
  }
}

// Relay: passes its input through, v = i_syn each step; never spikes (use
// it `graded "v"`). Joins two linear maps with no neurons between them
// (NIR's pooling followed by a convolution, docs/nir.md).
snn.neuron_model @relay state {v = 0.0} inputs ["i_syn"] {
  update {
    %i = snn.get "i_syn" : f32
    snn.set "v", %i : f32
  }
}

// Heaviside step: spikes in every step its input exceeds `threshold`, with
// no state (NIR's Threshold node, z = H(input - threshold)).
snn.neuron_model @heaviside params {threshold = 0.0} inputs ["i_syn"] {
  threshold {
    %i = snn.get "i_syn" : f32
    %t = snn.get "threshold" : f32
    %m = arith.subf %i, %t : f32
    snn.yield %m : f32
  }
}

// Time-to-first-spike (latency) encoder: external "value" in [0, 1].
//   t_fire = t_max * (1 - value); fires once, at the step n whose time n dt
//   is nearest t_fire (n = round(t_fire / dt)); never when value <= threshold.
//   t: time elapsed at the end of the step, (n + 1) dt in ms; fired: 0 or 1.
snn.neuron_model @latency params {t_max = 50.0, threshold = 0.01}
    state {t = 0.0, fired = 0.0} external ["value"] {
  update {
    %t = snn.get "t" : f32
    %dt = snn.dt : f32
    %t1 = arith.addf %t, %dt : f32
    snn.set "t", %t1 : f32
  }
  threshold {
    // (n + 1/2) dt - t_fire while not fired and value > threshold, else -1
    %t = snn.get "t" : f32
    %x = snn.get "value" : f32
    %fired = snn.get "fired" : f32
    %tmax = snn.get "t_max" : f32
    %thr = snn.get "threshold" : f32
    %dt = snn.dt : f32
    %one = arith.constant 1.0 : f32
    %half = arith.constant 0.5 : f32
    %never = arith.constant -1.0 : f32
    %omx = arith.subf %one, %x : f32
    %tfire = arith.mulf %tmax, %omx : f32
    %halfdt = arith.mulf %dt, %half : f32
    %tmid = arith.subf %t, %halfdt : f32
    %late = arith.subf %tmid, %tfire : f32
    %above = arith.cmpf ogt, %x, %thr : f32
    %fresh = arith.cmpf olt, %fired, %half : f32
    %ok = arith.andi %above, %fresh : i1
    %m = arith.select %ok, %late, %never : f32
    snn.yield %m : f32
  }
  reset {
    %one = arith.constant 1.0 : f32
    snn.set "fired", %one : f32
  }
}

//===----------------------------------------------------------------------===//
// Postsynaptic models
//===----------------------------------------------------------------------===//

// Delta: what is delivered this step goes into the port for this step.
snn.synapse_model @delta target "i_syn" {
  output {
    %in = snn.get_delivered : f32
    snn.yield %in : f32
  }
}

// Exponential current.
//   tau di/dt = -i, jumps by what is delivered:
//       i' = i * exp(-dt/tau) + delivered;  output i'
snn.synapse_model @exp_current params {tau = 5.0} state {i = 0.0}
    target "i_syn" {
  dynamics {
    %in = snn.get_delivered : f32
    %i = snn.get "i" : f32
    %tau = snn.get "tau" : f32
    %dt = snn.dt : f32
    %x = arith.divf %dt, %tau : f32
    %nx = arith.negf %x : f32
    %decay = math.exp %nx : f32
    %idec = arith.mulf %i, %decay : f32
    %i1 = arith.addf %idec, %in : f32
    snn.set "i", %i1 : f32
  }
  output {
    %i = snn.get "i" : f32
    snn.yield %i : f32
  }
}

// Exponential conductance with a reversal potential.
//   tau dg/dt = -g, jumps by what is delivered:
//       g' = g * exp(-dt/tau) + delivered;  output g' * (e_rev - v_post)
snn.synapse_model @exp_cond params {tau = 5.0, e_rev = 0.0} state {g = 0.0}
    target "i_syn" {
  dynamics {
    %in = snn.get_delivered : f32
    %g = snn.get "g" : f32
    %tau = snn.get "tau" : f32
    %dt = snn.dt : f32
    %x = arith.divf %dt, %tau : f32
    %nx = arith.negf %x : f32
    %decay = math.exp %nx : f32
    %gdec = arith.mulf %g, %decay : f32
    %g1 = arith.addf %gdec, %in : f32
    snn.set "g", %g1 : f32
  }
  output {
    %g = snn.get "g" : f32
    %erev = snn.get "e_rev" : f32
    %v = snn.get_post "v" : f32
    %drive = arith.subf %erev, %v : f32
    %out = arith.mulf %g, %drive : f32
    snn.yield %out : f32
  }
}

// Alpha-function current: kernel (e t / tau) exp(-t / tau), peak 1 at t = tau.
//   tau dh/dt = -h               (delivered adds to h)
//   tau dg/dt = -g + e h
//   exact: g' = (g + h * e * dt/tau) * exp(-dt/tau)
//          h' = h * exp(-dt/tau) + delivered;  output g'
//   g' uses h before this step's delivery, so the output samples the kernel
//   at lags 0, dt, 2 dt, ... like @exp_current.
snn.synapse_model @alpha params {tau = 5.0} state {h = 0.0, g = 0.0}
    target "i_syn" {
  dynamics {
    %in = snn.get_delivered : f32
    %h = snn.get "h" : f32
    %g = snn.get "g" : f32
    %tau = snn.get "tau" : f32
    %dt = snn.dt : f32
    %e = arith.constant 2.71828183 : f32
    %x = arith.divf %dt, %tau : f32
    %nx = arith.negf %x : f32
    %decay = math.exp %nx : f32
    // g' = (g + h * e * dt / tau) * exp(-dt / tau)
    %ex = arith.mulf %e, %x : f32
    %hex = arith.mulf %h, %ex : f32
    %gh = arith.addf %g, %hex : f32
    %g1 = arith.mulf %gh, %decay : f32
    // h' = h * exp(-dt / tau) + delivered
    %hdec = arith.mulf %h, %decay : f32
    %h1 = arith.addf %hdec, %in : f32
    snn.set "g", %g1 : f32
    snn.set "h", %h1 : f32
  }
  output {
    %g = snn.get "g" : f32
    snn.yield %g : f32
  }
}

//===----------------------------------------------------------------------===//
// Plasticity rules (docs/plasticity.md; each rule's equations and sources in
// docs/rules/<rule>.md)
//===----------------------------------------------------------------------===//

// Pair-based STDP with traces, additive, hard bounds [0, w_max]
// (docs/rules/stdp_pair.md). x jumps by 1 on a pre spike, y on a post
// spike; both decay exactly every step.
//   on a presynaptic spike (arrival): w <- max(w - a_minus y, 0), sent
//   on a postsynaptic spike:          w <- min(w + a_plus x, w_max)
snn.plasticity_model @stdp_pair
    params {a_plus = 0.01, a_minus = 0.012, tau_plus = 20.0, tau_minus = 20.0,
            w_max = 1.0}
    pre_state {x = 0.0} post_state {y = 0.0} {
  pre_dynamics {
    %x = snn.get "x" : f32
    %tau = snn.get "tau_plus" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %x1 = arith.mulf %x, %d : f32
    snn.set "x", %x1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %tau = snn.get "tau_minus" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %y1 = arith.mulf %y, %d : f32
    snn.set "y", %y1 : f32
  }
  pre_spike {
    %x = snn.get "x" : f32
    %one = arith.constant 1.0 : f32
    %x1 = arith.addf %x, %one : f32
    snn.set "x", %x1 : f32
  }
  post_spike {
    %y = snn.get "y" : f32
    %one = arith.constant 1.0 : f32
    %y1 = arith.addf %y, %one : f32
    snn.set "y", %y1 : f32
  }
  on_pre {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %a = snn.get "a_minus" : f32
    %dw = arith.mulf %a, %y : f32
    %w1 = arith.subf %w, %dw : f32
    %zero = arith.constant 0.0 : f32
    %w2 = arith.maximumf %w1, %zero : f32
    snn.set "w", %w2 : f32
    snn.deliver %w2 : f32
  }
  on_post {
    %w = snn.get "w" : f32
    %x = snn.get_pre "x" : f32
    %a = snn.get "a_plus" : f32
    %wmax = snn.get "w_max" : f32
    %dw = arith.mulf %a, %x : f32
    %w1 = arith.addf %w, %dw : f32
    %w2 = arith.minimumf %w1, %wmax : f32
    snn.set "w", %w2 : f32
  }
}

// Pair-based STDP with traces, multiplicative (weight-dependent, soft
// bounds; docs/rules/stdp_pair_mult.md): the same traces as @stdp_pair,
//   on a presynaptic spike (arrival): w <- w - a_minus y w, sent
//   on a postsynaptic spike:          w <- w + a_plus x (w_max - w)
// so w stays in [0, w_max] as long as a_minus y and a_plus x stay below 1.
snn.plasticity_model @stdp_pair_mult
    params {a_plus = 0.01, a_minus = 0.012, tau_plus = 20.0, tau_minus = 20.0,
            w_max = 1.0}
    pre_state {x = 0.0} post_state {y = 0.0} {
  pre_dynamics {
    %x = snn.get "x" : f32
    %tau = snn.get "tau_plus" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %x1 = arith.mulf %x, %d : f32
    snn.set "x", %x1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %tau = snn.get "tau_minus" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %y1 = arith.mulf %y, %d : f32
    snn.set "y", %y1 : f32
  }
  pre_spike {
    %x = snn.get "x" : f32
    %one = arith.constant 1.0 : f32
    %x1 = arith.addf %x, %one : f32
    snn.set "x", %x1 : f32
  }
  post_spike {
    %y = snn.get "y" : f32
    %one = arith.constant 1.0 : f32
    %y1 = arith.addf %y, %one : f32
    snn.set "y", %y1 : f32
  }
  on_pre {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %a = snn.get "a_minus" : f32
    %ay = arith.mulf %a, %y : f32
    %dw = arith.mulf %ay, %w : f32
    %w1 = arith.subf %w, %dw : f32
    snn.set "w", %w1 : f32
    snn.deliver %w1 : f32
  }
  on_post {
    %w = snn.get "w" : f32
    %x = snn.get_pre "x" : f32
    %a = snn.get "a_plus" : f32
    %wmax = snn.get "w_max" : f32
    %room = arith.subf %wmax, %w : f32
    %ax = arith.mulf %a, %x : f32
    %dw = arith.mulf %ax, %room : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}

// BindsNET's PostPre (docs/rules/postpre.md, with its parameter names and
// defaults; nu = (nu_pre, nu_post) defaults to no learning, as there).
// Traces are set to trace_scale on a spike (or increased by it, with
// traces_additive = 1) and decay with tc_trace: between the two regions
// they equal BindsNET's traces of the step. In the step a pre neuron
// spikes its row is depressed by nu_pre y_post, then a post spike
// potentiates its column by nu_post x_pre; the weights decay by
// weight_decay and those that changed are clamped to [w_min, w_max] (by
// default +-3e38: no bound), in BindsNET's order. Without a decay the rule
// only touches the rows and columns of the neurons that spiked.
snn.plasticity_model @postpre
    params {nu_pre = 0.0, nu_post = 0.0, tc_trace_pre = 20.0,
            tc_trace_post = 20.0, trace_scale = 1.0, traces_additive = 0.0,
            w_min = -3.0e38, w_max = 3.0e38, weight_decay = 0.0}
    pre_state {x = 0.0} post_state {y = 0.0}
    bounds ["w_min", "w_max"] decay "weight_decay" {
  pre_dynamics {
    %x = snn.get "x" : f32
    %tau = snn.get "tc_trace_pre" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %x1 = arith.mulf %x, %d : f32
    snn.set "x", %x1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %tau = snn.get "tc_trace_post" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %y1 = arith.mulf %y, %d : f32
    snn.set "y", %y1 : f32
  }
  pre_spike {
    %x = snn.get "x" : f32
    %scale = snn.get "trace_scale" : f32
    %additive = snn.get "traces_additive" : f32
    %zero = arith.constant 0.0 : f32
    %add = arith.cmpf one, %additive, %zero : f32
    %sum = arith.addf %x, %scale : f32
    %x1 = arith.select %add, %sum, %scale : f32
    snn.set "x", %x1 : f32
  }
  post_spike {
    %y = snn.get "y" : f32
    %scale = snn.get "trace_scale" : f32
    %additive = snn.get "traces_additive" : f32
    %zero = arith.constant 0.0 : f32
    %add = arith.cmpf one, %additive, %zero : f32
    %sum = arith.addf %y, %scale : f32
    %y1 = arith.select %add, %sum, %scale : f32
    snn.set "y", %y1 : f32
  }
  on_pre_spike {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %nu = snn.get "nu_pre" : f32
    %dw = arith.mulf %nu, %y : f32
    %w1 = arith.subf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
  on_post {
    %w = snn.get "w" : f32
    %x = snn.get_pre "x" : f32
    %nu = snn.get "nu_post" : f32
    %dw = arith.mulf %nu, %x : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}

// BindsNET's Hebbian (docs/rules/hebbian.md): the traces of @postpre; a
// pre spike adds nu_pre y_post to its row (on_pre_spike), a post spike
// nu_post x_pre to its column, then weight decay and bounds, in BindsNET's
// order (w += nu_pre s_pre y_post + nu_post x_pre s_post, both positive).
snn.plasticity_model @hebbian
    params {nu_pre = 0.0, nu_post = 0.0, tc_trace_pre = 20.0,
            tc_trace_post = 20.0, trace_scale = 1.0, traces_additive = 0.0,
            w_min = -3.0e38, w_max = 3.0e38, weight_decay = 0.0}
    pre_state {x = 0.0} post_state {y = 0.0}
    bounds ["w_min", "w_max"] decay "weight_decay" {
  pre_dynamics {
    %x = snn.get "x" : f32
    %tau = snn.get "tc_trace_pre" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %x1 = arith.mulf %x, %d : f32
    snn.set "x", %x1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %tau = snn.get "tc_trace_post" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %y1 = arith.mulf %y, %d : f32
    snn.set "y", %y1 : f32
  }
  pre_spike {
    %x = snn.get "x" : f32
    %scale = snn.get "trace_scale" : f32
    %additive = snn.get "traces_additive" : f32
    %zero = arith.constant 0.0 : f32
    %add = arith.cmpf one, %additive, %zero : f32
    %sum = arith.addf %x, %scale : f32
    %x1 = arith.select %add, %sum, %scale : f32
    snn.set "x", %x1 : f32
  }
  post_spike {
    %y = snn.get "y" : f32
    %scale = snn.get "trace_scale" : f32
    %additive = snn.get "traces_additive" : f32
    %zero = arith.constant 0.0 : f32
    %add = arith.cmpf one, %additive, %zero : f32
    %sum = arith.addf %y, %scale : f32
    %y1 = arith.select %add, %sum, %scale : f32
    snn.set "y", %y1 : f32
  }
  on_pre_spike {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %nu = snn.get "nu_pre" : f32
    %dw = arith.mulf %nu, %y : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
  on_post {
    %w = snn.get "w" : f32
    %x = snn.get_pre "x" : f32
    %nu = snn.get "nu_post" : f32
    %dw = arith.mulf %nu, %x : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}

// BindsNET's WeightDependentPostPre (docs/rules/weight_dependent_postpre.md):
// the traces of @postpre; at the end of the step, from the weight w of the
// step's start, w += -nu_pre s_pre y_post (w - w_min)
// + nu_post x_pre s_post (w_max - w), then weight decay and bounds.
// BindsNET requires finite bounds and has no default; here [0, 1].
snn.plasticity_model @weight_dependent_postpre
    params {nu_pre = 0.0, nu_post = 0.0, tc_trace_pre = 20.0,
            tc_trace_post = 20.0, trace_scale = 1.0, traces_additive = 0.0,
            w_min = 0.0, w_max = 1.0, weight_decay = 0.0}
    pre_state {x = 0.0} post_state {y = 0.0}
    bounds ["w_min", "w_max"] decay "weight_decay" {
  pre_dynamics {
    %x = snn.get "x" : f32
    %tau = snn.get "tc_trace_pre" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %x1 = arith.mulf %x, %d : f32
    snn.set "x", %x1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %tau = snn.get "tc_trace_post" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %y1 = arith.mulf %y, %d : f32
    snn.set "y", %y1 : f32
  }
  pre_spike {
    %x = snn.get "x" : f32
    %scale = snn.get "trace_scale" : f32
    %additive = snn.get "traces_additive" : f32
    %zero = arith.constant 0.0 : f32
    %add = arith.cmpf one, %additive, %zero : f32
    %sum = arith.addf %x, %scale : f32
    %x1 = arith.select %add, %sum, %scale : f32
    snn.set "x", %x1 : f32
  }
  post_spike {
    %y = snn.get "y" : f32
    %scale = snn.get "trace_scale" : f32
    %additive = snn.get "traces_additive" : f32
    %zero = arith.constant 0.0 : f32
    %add = arith.cmpf one, %additive, %zero : f32
    %sum = arith.addf %y, %scale : f32
    %y1 = arith.select %add, %sum, %scale : f32
    snn.set "y", %y1 : f32
  }
  synapse_dynamics {
    %w = snn.get "w" : f32
    %sp = snn.get_pre "spike" : f32
    %sq = snn.get_post "spike" : f32
    %x = snn.get_pre "x" : f32
    %y = snn.get_post "y" : f32
    %nu0 = snn.get "nu_pre" : f32
    %nu1 = snn.get "nu_post" : f32
    %lo0 = snn.get "w_min" : f32
    %hi0 = snn.get "w_max" : f32
    %a0 = arith.mulf %sp, %y : f32
    %b0 = arith.mulf %nu0, %a0 : f32
    %above = arith.subf %w, %lo0 : f32
    %d0 = arith.mulf %b0, %above : f32
    %a1 = arith.mulf %x, %sq : f32
    %b1 = arith.mulf %nu1, %a1 : f32
    %below = arith.subf %hi0, %w : f32
    %d1 = arith.mulf %b1, %below : f32
    %up = arith.subf %d1, %d0 : f32
    %w1 = arith.addf %w, %up : f32
    snn.set "w", %w1 : f32
  }
}

// BindsNET's MSTDP, reward-modulated STDP after Florian (2007)
// (docs/rules/mstdp.md; BindsNET's names and defaults). P+ (per pre neuron)
// jumps by a_plus on a pre spike, P- (per post neuron) by a_minus on a post
// spike, both decaying exactly; every step, with the host's reward r:
//   w <- w + nu r e        (e: the eligibility of the step before)
//   e <- P+ s_post + s_pre P-
// then weight decay and bounds (+-3e38 by default: none).
snn.plasticity_model @mstdp
    params {nu = 0.0, a_plus = 1.0, a_minus = -1.0, tc_plus = 20.0,
            tc_minus = 20.0, w_min = -3.0e38, w_max = 3.0e38,
            weight_decay = 0.0}
    pre_state {p_plus = 0.0} post_state {p_minus = 0.0}
    synapse_state {e = 0.0} modulators ["reward"]
    bounds ["w_min", "w_max"] decay "weight_decay" {
  pre_dynamics {
    %p = snn.get "p_plus" : f32
    %tau = snn.get "tc_plus" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %p1 = arith.mulf %p, %d : f32
    snn.set "p_plus", %p1 : f32
  }
  post_dynamics {
    %p = snn.get "p_minus" : f32
    %tau = snn.get "tc_minus" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %p1 = arith.mulf %p, %d : f32
    snn.set "p_minus", %p1 : f32
  }
  pre_spike {
    %p = snn.get "p_plus" : f32
    %a = snn.get "a_plus" : f32
    %p1 = arith.addf %p, %a : f32
    snn.set "p_plus", %p1 : f32
  }
  post_spike {
    %p = snn.get "p_minus" : f32
    %a = snn.get "a_minus" : f32
    %p1 = arith.addf %p, %a : f32
    snn.set "p_minus", %p1 : f32
  }
  synapse_dynamics {
    %w = snn.get "w" : f32
    %e = snn.get "e" : f32
    %reward = snn.get_modulator "reward" : f32
    %nu = snn.get "nu" : f32
    %re = arith.mulf %reward, %e : f32
    %dw = arith.mulf %nu, %re : f32
    %w1 = arith.addf %w, %dw : f32
    %pp = snn.get_pre "p_plus" : f32
    %pm = snn.get_post "p_minus" : f32
    %sp = snn.get_pre "spike" : f32
    %sq = snn.get_post "spike" : f32
    %a = arith.mulf %pp, %sq : f32
    %b = arith.mulf %sp, %pm : f32
    %e1 = arith.addf %a, %b : f32
    snn.set "e", %e1 : f32
    snn.set "w", %w1 : f32
  }
}

// BindsNET's MSTDPET, reward-modulated STDP with an eligibility trace
// (docs/rules/mstdpet.md): @mstdp's P+ and P-, and per synapse the point
// eligibility e and its trace z; every step, with the host's reward r:
//   z <- z exp(-dt / tc_e_trace) + e / tc_e_trace   (e of the step before)
//   w <- w + nu dt r z
//   e <- P+ s_post + s_pre P-
// then weight decay and bounds.
snn.plasticity_model @mstdpet
    params {nu = 0.0, a_plus = 1.0, a_minus = -1.0, tc_plus = 20.0,
            tc_minus = 20.0, tc_e_trace = 25.0, w_min = -3.0e38,
            w_max = 3.0e38, weight_decay = 0.0}
    pre_state {p_plus = 0.0} post_state {p_minus = 0.0}
    synapse_state {e = 0.0, z = 0.0} modulators ["reward"]
    bounds ["w_min", "w_max"] decay "weight_decay" {
  pre_dynamics {
    %p = snn.get "p_plus" : f32
    %tau = snn.get "tc_plus" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %p1 = arith.mulf %p, %d : f32
    snn.set "p_plus", %p1 : f32
  }
  post_dynamics {
    %p = snn.get "p_minus" : f32
    %tau = snn.get "tc_minus" : f32
    %dt = snn.dt : f32
    %r = arith.divf %dt, %tau : f32
    %nr = arith.negf %r : f32
    %d = math.exp %nr : f32
    %p1 = arith.mulf %p, %d : f32
    snn.set "p_minus", %p1 : f32
  }
  pre_spike {
    %p = snn.get "p_plus" : f32
    %a = snn.get "a_plus" : f32
    %p1 = arith.addf %p, %a : f32
    snn.set "p_plus", %p1 : f32
  }
  post_spike {
    %p = snn.get "p_minus" : f32
    %a = snn.get "a_minus" : f32
    %p1 = arith.addf %p, %a : f32
    snn.set "p_minus", %p1 : f32
  }
  synapse_dynamics {
    %w = snn.get "w" : f32
    %e = snn.get "e" : f32
    %z = snn.get "z" : f32
    %tau = snn.get "tc_e_trace" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %d = math.exp %nq : f32
    %zd = arith.mulf %z, %d : f32
    %et = arith.divf %e, %tau : f32
    %z1 = arith.addf %zd, %et : f32
    snn.set "z", %z1 : f32
    %reward = snn.get_modulator "reward" : f32
    %nu = snn.get "nu" : f32
    %ndt = arith.mulf %nu, %dt : f32
    %nr = arith.mulf %ndt, %reward : f32
    %dw = arith.mulf %nr, %z1 : f32
    %w1 = arith.addf %w, %dw : f32
    %pp = snn.get_pre "p_plus" : f32
    %pm = snn.get_post "p_minus" : f32
    %sp = snn.get_pre "spike" : f32
    %sq = snn.get_post "spike" : f32
    %a = arith.mulf %pp, %sq : f32
    %b = arith.mulf %sp, %pm : f32
    %e1 = arith.addf %a, %b : f32
    snn.set "e", %e1 : f32
    snn.set "w", %w1 : f32
  }
}

// Tsodyks-Markram short-term plasticity (docs/rules/tsodyks_markram.md, as
// sc_neurocore computes it): per source neuron, resources x and use u
// recover every step; a spike facilitates u, releases r = u x and depletes
// x; the synapse delivers w r on arrival. The weights do not change. u
// starts at u_se: a projection that overrides u_se should give the same
// initial value (the rule's state initialiser is a constant).
snn.plasticity_model @tsodyks_markram
    params {tau_d = 200.0, tau_f = 600.0, u_se = 0.2}
    pre_state {x = 1.0, u = 0.2, r = 0.0} {
  pre_dynamics {
    %x = snn.get "x" : f32
    %u = snn.get "u" : f32
    %td = snn.get "tau_d" : f32
    %tf = snn.get "tau_f" : f32
    %use = snn.get "u_se" : f32
    %dt = snn.dt : f32
    %one = arith.constant 1.0 : f32
    %kd = arith.divf %dt, %td : f32
    %mx = arith.subf %one, %x : f32
    %dx = arith.mulf %kd, %mx : f32
    %x1 = arith.addf %x, %dx : f32
    %kf = arith.divf %dt, %tf : f32
    %mu = arith.subf %use, %u : f32
    %du = arith.mulf %kf, %mu : f32
    %u1 = arith.addf %u, %du : f32
    snn.set "x", %x1 : f32
    snn.set "u", %u1 : f32
  }
  pre_spike {
    %x = snn.get "x" : f32
    %u = snn.get "u" : f32
    %use = snn.get "u_se" : f32
    %one = arith.constant 1.0 : f32
    %mu = arith.subf %one, %u : f32
    %fu = arith.mulf %use, %mu : f32
    %u1 = arith.addf %u, %fu : f32
    %r = arith.mulf %u1, %x : f32
    %x1 = arith.subf %x, %r : f32
    snn.set "u", %u1 : f32
    snn.set "r", %r : f32
    snn.set "x", %x1 : f32
  }
  on_pre {
    %w = snn.get "w" : f32
    %r = snn.get_pre "r" : f32
    %sent = arith.mulf %w, %r : f32
    snn.deliver %sent : f32
  }
}

// sc_neurocore's reward-modulated STDP (RewardModulatedLearner;
// docs/rules/rstdp.md): traces x (pre) and y (post) jump by 1 on a spike
// and decay with tau_trace; every step e <- exp(-dt / tau_reward) e + x y
// and w <- max(w + lr r e, w_min) with the host's reward r.
snn.plasticity_model @rstdp
    params {tau_reward = 100.0, tau_trace = 20.0, lr = 0.01, w_min = 0.0}
    pre_state {x = 0.0} post_state {y = 0.0} synapse_state {e = 0.0}
    modulators ["reward"] {
  pre_dynamics {
    %x = snn.get "x" : f32
    %tau = snn.get "tau_trace" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %d = math.exp %nq : f32
    %x1 = arith.mulf %x, %d : f32
    snn.set "x", %x1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %tau = snn.get "tau_trace" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %d = math.exp %nq : f32
    %y1 = arith.mulf %y, %d : f32
    snn.set "y", %y1 : f32
  }
  pre_spike {
    %x = snn.get "x" : f32
    %one = arith.constant 1.0 : f32
    %x1 = arith.addf %x, %one : f32
    snn.set "x", %x1 : f32
  }
  post_spike {
    %y = snn.get "y" : f32
    %one = arith.constant 1.0 : f32
    %y1 = arith.addf %y, %one : f32
    snn.set "y", %y1 : f32
  }
  synapse_dynamics {
    %e = snn.get "e" : f32
    %tau = snn.get "tau_reward" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %d = math.exp %nq : f32
    %ed = arith.mulf %d, %e : f32
    %x = snn.get_pre "x" : f32
    %y = snn.get_post "y" : f32
    %xy = arith.mulf %x, %y : f32
    %e1 = arith.addf %ed, %xy : f32
    snn.set "e", %e1 : f32
    %w = snn.get "w" : f32
    %lr = snn.get "lr" : f32
    %r = snn.get_modulator "reward" : f32
    %lrr = arith.mulf %lr, %r : f32
    %dw = arith.mulf %lrr, %e1 : f32
    %w1 = arith.addf %w, %dw : f32
    %lo = snn.get "w_min" : f32
    %w2 = arith.maximumf %w1, %lo : f32
    snn.set "w", %w2 : f32
  }
}

// sc_neurocore's three-factor eligibility trace (EligibilityTrace;
// docs/rules/three_factor.md): per synapse e <- exp(-dt / tau_e) e +
// s_pre s_post every step, and w <- w + lr e error with a per-neuron error
// signal of the target (a modulator the host writes).
snn.plasticity_model @three_factor params {tau_e = 20.0, lr = 1.0}
    synapse_state {e = 0.0} modulators ["error"] {
  synapse_dynamics {
    %e = snn.get "e" : f32
    %tau = snn.get "tau_e" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %d = math.exp %nq : f32
    %ed = arith.mulf %d, %e : f32
    %sp = snn.get_pre "spike" : f32
    %sq = snn.get_post "spike" : f32
    %ss = arith.mulf %sp, %sq : f32
    %e1 = arith.addf %ed, %ss : f32
    snn.set "e", %e1 : f32
    %w = snn.get "w" : f32
    %lr = snn.get "lr" : f32
    %err = snn.get_modulator "error" : f32
    %ee = arith.mulf %e1, %err : f32
    %dw = arith.mulf %lr, %ee : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}

// e-prop (Bellec et al. 2020; docs/rules/eprop.md): online learning of a
// recurrent network without a backward pass. Each synapse j <- i keeps the
// eligibility of its post neuron's membrane, ev = dv_j/dw_ji (the reset's
// dependence ignored, as e-prop does); into @alif neurons also that of the
// adaptation after the step's reset, ea = da_j/dw_ji. The eligibility trace
// e = psi (ev - beta ea), with psi the surrogate derivative at the post
// neuron's margin (snn.get_post_surrogate), is filtered with the readout's
// time constant into ebar. Each step the weight first moves by
// -lr L ebar, where the modulator "learning_signal" L holds the post
// neuron's learning signal of the last step (sum_k B_jk err_k through fixed
// random feedback B, written by the host) and ebar is the one it goes with;
// then the traces advance. The post neuron's own parameters (tau_m, r, and
// tau_adapt, beta) set the traces: they assume v' = alpha v + (1 - alpha)
// r i_syn, alpha = exp(-dt / tau_m), with what arrived as i_syn (@delta).
snn.plasticity_model @eprop_alif params {lr = 0.001, tau_out = 20.0}
    synapse_state {ev = 0.0, ea = 0.0, ebar = 0.0}
    modulators ["learning_signal"] {
  synapse_dynamics {
    // w -= lr L ebar
    %w = snn.get "w" : f32
    %lr = snn.get "lr" : f32
    %l = snn.get_modulator "learning_signal" : f32
    %eb = snn.get "ebar" : f32
    %g = arith.mulf %l, %eb : f32
    %step = arith.mulf %lr, %g : f32
    %w1 = arith.subf %w, %step : f32
    snn.set "w", %w1 : f32
    // ev' = alpha ev + (1 - alpha) r arrived
    %dt = snn.dt : f32
    %one = arith.constant 1.0 : f32
    %ev = snn.get "ev" : f32
    %taum = snn.get_post "tau_m" : f32
    %r = snn.get_post "r" : f32
    %xm = arith.divf %dt, %taum : f32
    %nxm = arith.negf %xm : f32
    %alpha = math.exp %nxm : f32
    %gain0 = arith.subf %one, %alpha : f32
    %gain = arith.mulf %gain0, %r : f32
    %z = snn.arrived : f32
    %in = arith.mulf %gain, %z : f32
    %evd = arith.mulf %alpha, %ev : f32
    %ev1 = arith.addf %evd, %in : f32
    snn.set "ev", %ev1 : f32
    // ea decays with rho; e = psi (ev - beta ea); ea += e (the spike's a += 1)
    %ea = snn.get "ea" : f32
    %taua = snn.get_post "tau_adapt" : f32
    %xa = arith.divf %dt, %taua : f32
    %nxa = arith.negf %xa : f32
    %rho = math.exp %nxa : f32
    %ea1 = arith.mulf %rho, %ea : f32
    %beta = snn.get_post "beta" : f32
    %bea = arith.mulf %beta, %ea1 : f32
    %dm = arith.subf %ev1, %bea : f32
    %psi = snn.get_post_surrogate : f32
    %e = arith.mulf %psi, %dm : f32
    %ea2 = arith.addf %ea1, %e : f32
    snn.set "ea", %ea2 : f32
    // ebar' = kappa ebar + e
    %tauo = snn.get "tau_out" : f32
    %xo = arith.divf %dt, %tauo : f32
    %nxo = arith.negf %xo : f32
    %kappa = math.exp %nxo : f32
    %ebd = arith.mulf %kappa, %eb : f32
    %eb1 = arith.addf %ebd, %e : f32
    snn.set "ebar", %eb1 : f32
  }
}

// e-prop into @lif neurons: @eprop_alif without the adaptation, e = psi ev.
snn.plasticity_model @eprop_lif params {lr = 0.001, tau_out = 20.0}
    synapse_state {ev = 0.0, ebar = 0.0} modulators ["learning_signal"] {
  synapse_dynamics {
    %w = snn.get "w" : f32
    %lr = snn.get "lr" : f32
    %l = snn.get_modulator "learning_signal" : f32
    %eb = snn.get "ebar" : f32
    %g = arith.mulf %l, %eb : f32
    %step = arith.mulf %lr, %g : f32
    %w1 = arith.subf %w, %step : f32
    snn.set "w", %w1 : f32
    %dt = snn.dt : f32
    %one = arith.constant 1.0 : f32
    %ev = snn.get "ev" : f32
    %taum = snn.get_post "tau_m" : f32
    %r = snn.get_post "r" : f32
    %xm = arith.divf %dt, %taum : f32
    %nxm = arith.negf %xm : f32
    %alpha = math.exp %nxm : f32
    %gain0 = arith.subf %one, %alpha : f32
    %gain = arith.mulf %gain0, %r : f32
    %z = snn.arrived : f32
    %in = arith.mulf %gain, %z : f32
    %evd = arith.mulf %alpha, %ev : f32
    %ev1 = arith.addf %evd, %in : f32
    snn.set "ev", %ev1 : f32
    %psi = snn.get_post_surrogate : f32
    %e = arith.mulf %psi, %ev1 : f32
    %tauo = snn.get "tau_out" : f32
    %xo = arith.divf %dt, %tauo : f32
    %nxo = arith.negf %xo : f32
    %kappa = math.exp %nxo : f32
    %ebd = arith.mulf %kappa, %eb : f32
    %eb1 = arith.addf %ebd, %e : f32
    snn.set "ebar", %eb1 : f32
  }
}

// e-prop's readout weights (into an @li readout y): the exact gradient of
// sum_t err_k y_k, one step late. ev = dy_k/dw_kj follows the readout's
// membrane; each step w -= lr err ev, with the modulator "error" holding
// the readout neuron's error of the last step and ev the one it goes with.
snn.plasticity_model @eprop_readout params {lr = 0.001}
    synapse_state {ev = 0.0} modulators ["error"] {
  synapse_dynamics {
    %w = snn.get "w" : f32
    %lr = snn.get "lr" : f32
    %err = snn.get_modulator "error" : f32
    %ev = snn.get "ev" : f32
    %g = arith.mulf %err, %ev : f32
    %step = arith.mulf %lr, %g : f32
    %w1 = arith.subf %w, %step : f32
    snn.set "w", %w1 : f32
    %dt = snn.dt : f32
    %one = arith.constant 1.0 : f32
    %taum = snn.get_post "tau_m" : f32
    %r = snn.get_post "r" : f32
    %xm = arith.divf %dt, %taum : f32
    %nxm = arith.negf %xm : f32
    %kappa = math.exp %nxm : f32
    %gain0 = arith.subf %one, %kappa : f32
    %gain = arith.mulf %gain0, %r : f32
    %z = snn.arrived : f32
    %in = arith.mulf %gain, %z : f32
    %evd = arith.mulf %kappa, %ev : f32
    %ev1 = arith.addf %evd, %in : f32
    snn.set "ev", %ev1 : f32
  }
}

// Spark's rules (spark-snn 1.0.0 on PyPI; docs/rules/spark_hebbian.md,
// spark_oja.md, spark_zenke.md). Spark pairs a spike's *arrival* at the
// synapse (snn.arrived: after the projection's or the synapse's delay)
// with this step's post trace; the pre trace is the synapse's own, fed by
// its arrivals (Spark's per-synapse form, the same as its per-source one
// when a row's delays are equal). Traces jump by 1/tau, decay exactly, and
// include the step's own spike or arrival. The kernel update is
// w + dt eta (...) over every synapse, then Spark's clip of the whole
// kernel at 0 (`bounds`). `seed = 1` computes the seed generation's form
// (the API of Spark's GitHub docs): traces decay by the unit Euler step
// 1 - 1/tau whatever dt, arrivals carry `pre_sign` (-1 from inhibitory
// sources), and Oja's Hebbian term is x s_post; the seed's rate `gamma` is
// `eta` here, and its kernel has no bound (set w_min = -3e38).

// HebbianRule: x <- lam x + a / pre_tau;  dw = dt eta (y_post a + x s_post).
snn.plasticity_model @spark_hebbian
    params {pre_tau = 20.0, post_tau = 20.0, eta = 0.01, w_min = 0.0,
            w_max = 3.0e38, seed = 0.0, pre_sign = 1.0}
    post_state {y = 0.0} synapse_state {x = 0.0}
    bounds ["w_min", "w_max"] {
  post_spike {
    %y = snn.get "y" : f32
    %tau = snn.get "post_tau" : f32
    %one = arith.constant 1.0 : f32
    %jump = arith.divf %one, %tau : f32
    %y1 = arith.addf %y, %jump : f32
    snn.set "y", %y1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %tau = snn.get "post_tau" : f32
    %seed = snn.get "seed" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %exact = math.exp %nq : f32
    %one = arith.constant 1.0 : f32
    %inv = arith.divf %one, %tau : f32
    %euler = arith.subf %one, %inv : f32
    %z = arith.constant 0.0 : f32
    %old = arith.cmpf one, %seed, %z : f32
    %d = arith.select %old, %euler, %exact : f32
    %y1 = arith.mulf %d, %y : f32
    snn.set "y", %y1 : f32
  }
  synapse_dynamics {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %tau = snn.get "pre_tau" : f32
    %s = snn.get_post "spike" : f32
    %eta = snn.get "eta" : f32
    %dt = snn.dt : f32
    %came = snn.arrived : f32
    %seed = snn.get "seed" : f32
    %sign = snn.get "pre_sign" : f32
    %zero = arith.constant 0.0 : f32
    %old = arith.cmpf one, %seed, %zero : f32
    %signed = arith.mulf %came, %sign : f32
    %arr = arith.select %old, %signed, %came : f32
    %x0 = snn.get "x" : f32
    %xdt = snn.dt : f32
    %xq = arith.divf %xdt, %tau : f32
    %xnq = arith.negf %xq : f32
    %xexact = math.exp %xnq : f32
    %xone = arith.constant 1.0 : f32
    %xinv = arith.divf %xone, %tau : f32
    %xeuler = arith.subf %xone, %xinv : f32
    %xz = arith.constant 0.0 : f32
    %xold = arith.cmpf one, %seed, %xz : f32
    %xk = arith.select %xold, %xeuler, %xexact : f32
    %xd = arith.mulf %xk, %x0 : f32
    %jump = arith.divf %arr, %tau : f32
    %x = arith.addf %xd, %jump : f32
    snn.set "x", %x : f32
    %ya = arith.mulf %y, %arr : f32
    %xs = arith.mulf %x, %s : f32
    %sum = arith.addf %ya, %xs : f32
    %rate = arith.mulf %dt, %eta : f32
    %dw = arith.mulf %rate, %sum : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}

// OjaRule: dw = dt eta (y_post a - w y_post^2) (the stabilising term
// always on: the seed's stabilization_factor is read by no code); with
// seed = 1, dw = dt eta (x s_post - w y_post^2), x the synapse's pre trace.
snn.plasticity_model @spark_oja
    params {pre_tau = 20.0, post_tau = 20.0, eta = 0.1, w_min = 0.0,
            w_max = 3.0e38, seed = 0.0, pre_sign = 1.0}
    post_state {y = 0.0} synapse_state {x = 0.0}
    bounds ["w_min", "w_max"] {
  post_spike {
    %y = snn.get "y" : f32
    %tau = snn.get "post_tau" : f32
    %one = arith.constant 1.0 : f32
    %jump = arith.divf %one, %tau : f32
    %y1 = arith.addf %y, %jump : f32
    snn.set "y", %y1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %tau = snn.get "post_tau" : f32
    %seed = snn.get "seed" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %exact = math.exp %nq : f32
    %one = arith.constant 1.0 : f32
    %inv = arith.divf %one, %tau : f32
    %euler = arith.subf %one, %inv : f32
    %z = arith.constant 0.0 : f32
    %old = arith.cmpf one, %seed, %z : f32
    %d = arith.select %old, %euler, %exact : f32
    %y1 = arith.mulf %d, %y : f32
    snn.set "y", %y1 : f32
  }
  synapse_dynamics {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %tau = snn.get "pre_tau" : f32
    %s = snn.get_post "spike" : f32
    %eta = snn.get "eta" : f32
    %dt = snn.dt : f32
    %came = snn.arrived : f32
    %seed = snn.get "seed" : f32
    %sign = snn.get "pre_sign" : f32
    %zero = arith.constant 0.0 : f32
    %old = arith.cmpf one, %seed, %zero : f32
    %signed = arith.mulf %came, %sign : f32
    %arr = arith.select %old, %signed, %came : f32
    %x0 = snn.get "x" : f32
    %xdt = snn.dt : f32
    %xq = arith.divf %xdt, %tau : f32
    %xnq = arith.negf %xq : f32
    %xexact = math.exp %xnq : f32
    %xone = arith.constant 1.0 : f32
    %xinv = arith.divf %xone, %tau : f32
    %xeuler = arith.subf %xone, %xinv : f32
    %xz = arith.constant 0.0 : f32
    %xold = arith.cmpf one, %seed, %xz : f32
    %xk = arith.select %xold, %xeuler, %xexact : f32
    %xd = arith.mulf %xk, %x0 : f32
    %jump = arith.divf %arr, %tau : f32
    %x = arith.addf %xd, %jump : f32
    snn.set "x", %x : f32
    %ya = arith.mulf %y, %arr : f32
    %xs = arith.mulf %x, %s : f32
    %hebb = arith.select %old, %xs, %ya : f32
    %yy = arith.mulf %y, %y : f32
    %wyy = arith.mulf %w, %yy : f32
    %sum = arith.subf %hebb, %wyy : f32
    %rate = arith.mulf %dt, %eta : f32
    %dw = arith.mulf %rate, %sum : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}

// ZenkeRule (Zenke, Agnes & Gerstner 2015 as Spark writes it): a per-synapse
// target T in a double well (zeros 0, 1/4, 1/2), driven by w;
//   u  = w - p T (1/4 - T)(1/2 - T);  T <- exp(-dt/target_tau) T + u / target_tau
//   dw = dt eta (a x ys s + b y arr + c (w - T) y^3 s + d arr)   (the new T)
// with the fast and slow post traces y, ys (both include this step's spike);
// seed = 1: unit-step Euler decays for x, y, ys and T, and signed arrivals.
snn.plasticity_model @spark_zenke
    params {pre_tau = 20.0, post_tau = 20.0, post_slow_tau = 20.0,
            target_tau = 20000.0, a = 1.0, b = -1.0, c = -1.0, d = 1.0,
            p = 20.0, eta = 0.1, w_min = 0.0, w_max = 3.0e38, seed = 0.0,
            pre_sign = 1.0}
    post_state {y = 0.0, ys = 0.0} synapse_state {x = 0.0, target = 0.0}
    bounds ["w_min", "w_max"] {
  post_spike {
    %y = snn.get "y" : f32
    %ys = snn.get "ys" : f32
    %tau = snn.get "post_tau" : f32
    %taus = snn.get "post_slow_tau" : f32
    %one = arith.constant 1.0 : f32
    %j = arith.divf %one, %tau : f32
    %js = arith.divf %one, %taus : f32
    %y1 = arith.addf %y, %j : f32
    %ys1 = arith.addf %ys, %js : f32
    snn.set "y", %y1 : f32
    snn.set "ys", %ys1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %ys = snn.get "ys" : f32
    %tau = snn.get "post_tau" : f32
    %taus = snn.get "post_slow_tau" : f32
    %seed = snn.get "seed" : f32
    %fdt = snn.dt : f32
    %fq = arith.divf %fdt, %tau : f32
    %fnq = arith.negf %fq : f32
    %fexact = math.exp %fnq : f32
    %fone = arith.constant 1.0 : f32
    %finv = arith.divf %fone, %tau : f32
    %feuler = arith.subf %fone, %finv : f32
    %fz = arith.constant 0.0 : f32
    %fold = arith.cmpf one, %seed, %fz : f32
    %dk = arith.select %fold, %feuler, %fexact : f32
    %sdt = snn.dt : f32
    %sq = arith.divf %sdt, %taus : f32
    %snq = arith.negf %sq : f32
    %sexact = math.exp %snq : f32
    %sone = arith.constant 1.0 : f32
    %sinv = arith.divf %sone, %taus : f32
    %seuler = arith.subf %sone, %sinv : f32
    %sz = arith.constant 0.0 : f32
    %sold = arith.cmpf one, %seed, %sz : f32
    %dks = arith.select %sold, %seuler, %sexact : f32
    %y1 = arith.mulf %dk, %y : f32
    %ys1 = arith.mulf %dks, %ys : f32
    snn.set "y", %y1 : f32
    snn.set "ys", %ys1 : f32
  }
  synapse_dynamics {
    %w = snn.get "w" : f32
    %t = snn.get "target" : f32
    %ptau = snn.get "pre_tau" : f32
    %y = snn.get_post "y" : f32
    %ys = snn.get_post "ys" : f32
    %s = snn.get_post "spike" : f32
    %a = snn.get "a" : f32
    %b = snn.get "b" : f32
    %c = snn.get "c" : f32
    %d = snn.get "d" : f32
    %p = snn.get "p" : f32
    %eta = snn.get "eta" : f32
    %ttau = snn.get "target_tau" : f32
    %dt = snn.dt : f32
    // The synapse's pre trace with this step's (signed, seed = 1) arrival.
    %came = snn.arrived : f32
    %seed = snn.get "seed" : f32
    %sign = snn.get "pre_sign" : f32
    %zero = arith.constant 0.0 : f32
    %old = arith.cmpf one, %seed, %zero : f32
    %signed = arith.mulf %came, %sign : f32
    %arr = arith.select %old, %signed, %came : f32
    %x0 = snn.get "x" : f32
    %xdt = snn.dt : f32
    %xq = arith.divf %xdt, %ptau : f32
    %xnq = arith.negf %xq : f32
    %xexact = math.exp %xnq : f32
    %xone = arith.constant 1.0 : f32
    %xinv = arith.divf %xone, %ptau : f32
    %xeuler = arith.subf %xone, %xinv : f32
    %xz = arith.constant 0.0 : f32
    %xold = arith.cmpf one, %seed, %xz : f32
    %xk = arith.select %xold, %xeuler, %xexact : f32
    %xd = arith.mulf %xk, %x0 : f32
    %jump = arith.divf %arr, %ptau : f32
    %x = arith.addf %xd, %jump : f32
    snn.set "x", %x : f32
    // The target: u from the old w and T, then T's exact decay plus u / tau.
    %quarter = arith.constant 0.25 : f32
    %half = arith.constant 0.5 : f32
    %q1 = arith.subf %quarter, %t : f32
    %q2 = arith.subf %half, %t : f32
    %pt = arith.mulf %p, %t : f32
    %well0 = arith.mulf %pt, %q1 : f32
    %well = arith.mulf %well0, %q2 : f32
    %u = arith.subf %w, %well : f32
    %tdt = snn.dt : f32
    %tq = arith.divf %tdt, %ttau : f32
    %tnq = arith.negf %tq : f32
    %texact = math.exp %tnq : f32
    %tone = arith.constant 1.0 : f32
    %tinv = arith.divf %tone, %ttau : f32
    %teuler = arith.subf %tone, %tinv : f32
    %tz = arith.constant 0.0 : f32
    %told = arith.cmpf one, %seed, %tz : f32
    %lam = arith.select %told, %teuler, %texact : f32
    %td = arith.mulf %lam, %t : f32
    %ut = arith.divf %u, %ttau : f32
    %t1 = arith.addf %td, %ut : f32
    snn.set "target", %t1 : f32
    // The four terms, with the new target.
    %xys = arith.mulf %x, %ys : f32
    %xyss = arith.mulf %xys, %s : f32
    %ltp = arith.mulf %a, %xyss : f32
    %ya = arith.mulf %y, %arr : f32
    %ltd = arith.mulf %b, %ya : f32
    %y2 = arith.mulf %y, %y : f32
    %y3 = arith.mulf %y2, %y : f32
    %wt = arith.subf %w, %t1 : f32
    %het0 = arith.mulf %wt, %y3 : f32
    %het1 = arith.mulf %het0, %s : f32
    %het = arith.mulf %c, %het1 : f32
    %tr = arith.mulf %d, %arr : f32
    %s1 = arith.addf %ltp, %ltd : f32
    %s2 = arith.addf %s1, %het : f32
    %s3 = arith.addf %s2, %tr : f32
    %rate = arith.mulf %dt, %eta : f32
    %dw = arith.mulf %rate, %s3 : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}

// First-spike STDP (Kheradpisheh et al. 2018; the conv-STDP library's
// STDPLearner, docs/rules/first_spike_stdp.md): within a sample (between
// resets of the state) only a post neuron's first spike learns; each of its
// synapses is potentiated if its pre neuron fired at or before that spike,
// else depressed:
//   multiplicative (the default): dw = +lr_plus w (1 - w) or -lr_minus w (1 - w)
//   additive (multiplicative = 0): dw = +lr_plus or -lr_minus
// then w is clamped to [w_min, w_max]. Presets kheradpisheh2018 and
// igarss2023: lr_plus 0.004, lr_minus 0.003, weights in [0, 1], initialised
// from a normal with mean 0.8 and std 0.01 (#snn.normal<0.8, 0.01>).
snn.plasticity_model @first_spike_stdp
    params {lr_plus = 0.004, lr_minus = 0.003, multiplicative = 1.0,
            w_min = 0.0, w_max = 1.0}
    pre_state {fired = 0.0} post_state {spikes = 0.0}
    bounds ["w_min", "w_max"] {
  pre_spike {
    %one = arith.constant 1.0 : f32
    snn.set "fired", %one : f32
  }
  post_spike {
    %n = snn.get "spikes" : f32
    %one = arith.constant 1.0 : f32
    %n1 = arith.addf %n, %one : f32
    snn.set "spikes", %n1 : f32
  }
  on_post {
    %w = snn.get "w" : f32
    %fired = snn.get_pre "fired" : f32
    %n = snn.get_post "spikes" : f32
    %plus = snn.get "lr_plus" : f32
    %minus = snn.get "lr_minus" : f32
    %mult = snn.get "multiplicative" : f32
    %zero = arith.constant 0.0 : f32
    %one = arith.constant 1.0 : f32
    %before = arith.cmpf ogt, %fired, %zero : f32
    %nminus = arith.negf %minus : f32
    %rate = arith.select %before, %plus, %nminus : f32
    %omw = arith.subf %one, %w : f32
    %soft = arith.mulf %w, %omw : f32
    %ismult = arith.cmpf one, %mult, %zero : f32
    %shape = arith.select %ismult, %soft, %one : f32
    %dw = arith.mulf %rate, %shape : f32
    %first = arith.cmpf oeq, %n, %one : f32
    %dw1 = arith.select %first, %dw, %zero : f32
    %w1 = arith.addf %w, %dw1 : f32
    snn.set "w", %w1 : f32
  }
}

// ngclearn's MSTDPETSynapse (ngclearn 3.2.3; docs/rules/ngclearn_mstdpet.md)
// with the VarTrace traces its models feed it (a spike sets the trace to
// P_scale, or adds a_delta when a_delta > 0; the trace decays by gamma_tr
// exp(-dt / tau_tr)). Per synapse, every step, in ngclearn's order, with
// w0 the weight before the step and D the STDP update of the step before:
//   E <- E exp(-dt/tau_elg) elg_decay + D / tau_elg     (@ngclearn_mstdp: E <- D)
//   w <- w0 + eta reward E - w0 / tau_w
//   D <- A_plus (x - pretrace_target) s_post [(w_bound - w0)^mu]
//        - A_minus s_pre y [w0^mu]                 (LTD only if A_minus > 0)
// then every weight clipped to [0, w_bound]. No dt in the weight update.
// ngclearn turns the eligibility trace and the decay off with tau_elg = 0
// and tau_w = 0; snnc's time constants are positive, so tau_elg = 0 is the
// rule @ngclearn_mstdp below and no decay is tau_w = 3e38 (the default:
// w0 / tau_w is then below f32 resolution and w0 - w0 / tau_w == w0).
snn.plasticity_model @ngclearn_mstdpet
    params {A_plus = 1.0, A_minus = 1.0, eta = 1.0, mu = 0.0,
            pretrace_target = 0.0, tau_elg = 25.0, elg_decay = 1.0,
            tau_w = 3.0e38, w_bound = 1.0, w_min = 0.0, tau_tr_pre = 20.0,
            tau_tr_post = 20.0, a_delta = 0.0, P_scale = 1.0, gamma_tr = 1.0}
    pre_state {x = 0.0} post_state {y = 0.0} synapse_state {E = 0.0, D = 0.0}
    modulators ["reward"] bounds ["w_min", "w_bound"] {
  pre_spike {
    %x = snn.get "x" : f32
    %a = snn.get "a_delta" : f32
    %p = snn.get "P_scale" : f32
    %zero = arith.constant 0.0 : f32
    %add = arith.cmpf ogt, %a, %zero : f32
    %xa = arith.addf %x, %a : f32
    %x1 = arith.select %add, %xa, %p : f32
    snn.set "x", %x1 : f32
  }
  post_spike {
    %y = snn.get "y" : f32
    %a = snn.get "a_delta" : f32
    %p = snn.get "P_scale" : f32
    %zero = arith.constant 0.0 : f32
    %add = arith.cmpf ogt, %a, %zero : f32
    %ya = arith.addf %y, %a : f32
    %y1 = arith.select %add, %ya, %p : f32
    snn.set "y", %y1 : f32
  }
  pre_dynamics {
    %x = snn.get "x" : f32
    %g = snn.get "gamma_tr" : f32
    %tau = snn.get "tau_tr_pre" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %lam = math.exp %nq : f32
    %gx = arith.mulf %g, %x : f32
    %x1 = arith.mulf %gx, %lam : f32
    snn.set "x", %x1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %g = snn.get "gamma_tr" : f32
    %tau = snn.get "tau_tr_post" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %lam = math.exp %nq : f32
    %gy = arith.mulf %g, %y : f32
    %y1 = arith.mulf %gy, %lam : f32
    snn.set "y", %y1 : f32
  }
  synapse_dynamics {
    %w0 = snn.get "w" : f32
    %e = snn.get "E" : f32
    %d = snn.get "D" : f32
    %tauE = snn.get "tau_elg" : f32
    %elgDecay = snn.get "elg_decay" : f32
    %eta = snn.get "eta" : f32
    %tauW = snn.get "tau_w" : f32
    %aPlus = snn.get "A_plus" : f32
    %aMinus = snn.get "A_minus" : f32
    %mu = snn.get "mu" : f32
    %xtar = snn.get "pretrace_target" : f32
    %wb = snn.get "w_bound" : f32
    %r = snn.get_modulator "reward" : f32
    %x = snn.get_pre "x" : f32
    %sPre = snn.get_pre "spike" : f32
    %y = snn.get_post "y" : f32
    %sPost = snn.get_post "spike" : f32
    %dt = snn.dt : f32
    %zero = arith.constant 0.0 : f32
    %one = arith.constant 1.0 : f32
    // 1. The eligibility.
    %q = arith.divf %dt, %tauE : f32
    %nq = arith.negf %q : f32
    %lam = math.exp %nq : f32
    %el = arith.mulf %e, %lam : f32
    %eld = arith.mulf %el, %elgDecay : f32
    %dq = arith.divf %d, %tauE : f32
    %eEt = arith.addf %eld, %dq : f32
    snn.set "E", %eEt : f32
    // 2. The modulated update and the decay, from w0.
    %er = arith.mulf %eEt, %r : f32
    %ere = arith.mulf %er, %eta : f32
    %wm = arith.addf %w0, %ere : f32
    %invW = arith.divf %one, %tauW : f32
    %dec = arith.mulf %w0, %invW : f32
    %w1 = arith.subf %wm, %dec : f32
    snn.set "w", %w1 : f32
    // 3. This step's STDP update, from w0.
    %hasMu = arith.cmpf ogt, %mu, %zero : f32
    %room = arith.subf %wb, %w0 : f32
    %roomMu = math.powf %room, %mu : f32
    %up = arith.select %hasMu, %roomMu, %one : f32
    %w0Mu = math.powf %w0, %mu : f32
    %down = arith.select %hasMu, %w0Mu, %one : f32
    %xt = arith.subf %x, %xtar : f32
    %xs = arith.mulf %xt, %sPost : f32
    %ltp0 = arith.mulf %xs, %up : f32
    %ltp = arith.mulf %ltp0, %aPlus : f32
    %sy = arith.mulf %sPre, %y : f32
    %ltd0 = arith.mulf %sy, %down : f32
    %ltd1 = arith.mulf %ltd0, %aMinus : f32
    %hasLtd = arith.cmpf ogt, %aMinus, %zero : f32
    %ltd = arith.select %hasLtd, %ltd1, %zero : f32
    %d1 = arith.subf %ltp, %ltd : f32
    snn.set "D", %d1 : f32
  }
}

// ngclearn's MSTDPETSynapse with tau_elg = 0 (M-STDP): the reward acts on
// the STDP update of the step before, w <- w0 + eta reward D - w0 / tau_w.
snn.plasticity_model @ngclearn_mstdp
    params {A_plus = 1.0, A_minus = 1.0, eta = 1.0, mu = 0.0,
            pretrace_target = 0.0, tau_w = 3.0e38, w_bound = 1.0, w_min = 0.0, tau_tr_pre = 20.0,
            tau_tr_post = 20.0, a_delta = 0.0, P_scale = 1.0, gamma_tr = 1.0}
    pre_state {x = 0.0} post_state {y = 0.0} synapse_state {D = 0.0}
    modulators ["reward"] bounds ["w_min", "w_bound"] {
  pre_spike {
    %x = snn.get "x" : f32
    %a = snn.get "a_delta" : f32
    %p = snn.get "P_scale" : f32
    %zero = arith.constant 0.0 : f32
    %add = arith.cmpf ogt, %a, %zero : f32
    %xa = arith.addf %x, %a : f32
    %x1 = arith.select %add, %xa, %p : f32
    snn.set "x", %x1 : f32
  }
  post_spike {
    %y = snn.get "y" : f32
    %a = snn.get "a_delta" : f32
    %p = snn.get "P_scale" : f32
    %zero = arith.constant 0.0 : f32
    %add = arith.cmpf ogt, %a, %zero : f32
    %ya = arith.addf %y, %a : f32
    %y1 = arith.select %add, %ya, %p : f32
    snn.set "y", %y1 : f32
  }
  pre_dynamics {
    %x = snn.get "x" : f32
    %g = snn.get "gamma_tr" : f32
    %tau = snn.get "tau_tr_pre" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %lam = math.exp %nq : f32
    %gx = arith.mulf %g, %x : f32
    %x1 = arith.mulf %gx, %lam : f32
    snn.set "x", %x1 : f32
  }
  post_dynamics {
    %y = snn.get "y" : f32
    %g = snn.get "gamma_tr" : f32
    %tau = snn.get "tau_tr_post" : f32
    %dt = snn.dt : f32
    %q = arith.divf %dt, %tau : f32
    %nq = arith.negf %q : f32
    %lam = math.exp %nq : f32
    %gy = arith.mulf %g, %y : f32
    %y1 = arith.mulf %gy, %lam : f32
    snn.set "y", %y1 : f32
  }
  synapse_dynamics {
    %w0 = snn.get "w" : f32
    %d = snn.get "D" : f32
    %eta = snn.get "eta" : f32
    %tauW = snn.get "tau_w" : f32
    %aPlus = snn.get "A_plus" : f32
    %aMinus = snn.get "A_minus" : f32
    %mu = snn.get "mu" : f32
    %xtar = snn.get "pretrace_target" : f32
    %wb = snn.get "w_bound" : f32
    %r = snn.get_modulator "reward" : f32
    %x = snn.get_pre "x" : f32
    %sPre = snn.get_pre "spike" : f32
    %y = snn.get_post "y" : f32
    %sPost = snn.get_post "spike" : f32
    %zero = arith.constant 0.0 : f32
    %one = arith.constant 1.0 : f32
    // The modulated update (last step's D: no eligibility trace) and the
    // decay, from w0.
    %er = arith.mulf %d, %r : f32
    %ere = arith.mulf %er, %eta : f32
    %wm = arith.addf %w0, %ere : f32
    %invW = arith.divf %one, %tauW : f32
    %dec = arith.mulf %w0, %invW : f32
    %w1 = arith.subf %wm, %dec : f32
    snn.set "w", %w1 : f32
    // This step's STDP update, from w0.
    %hasMu = arith.cmpf ogt, %mu, %zero : f32
    %room = arith.subf %wb, %w0 : f32
    %roomMu = math.powf %room, %mu : f32
    %up = arith.select %hasMu, %roomMu, %one : f32
    %w0Mu = math.powf %w0, %mu : f32
    %down = arith.select %hasMu, %w0Mu, %one : f32
    %xt = arith.subf %x, %xtar : f32
    %xs = arith.mulf %xt, %sPost : f32
    %ltp0 = arith.mulf %xs, %up : f32
    %ltp = arith.mulf %ltp0, %aPlus : f32
    %sy = arith.mulf %sPre, %y : f32
    %ltd0 = arith.mulf %sy, %down : f32
    %ltd1 = arith.mulf %ltd0, %aMinus : f32
    %hasLtd = arith.cmpf ogt, %aMinus, %zero : f32
    %ltd = arith.select %hasLtd, %ltd1, %zero : f32
    %d1 = arith.subf %ltp, %ltd : f32
    snn.set "D", %d1 : f32
  }
}

// ngclearn's REINFORCESynapse (ngclearn 3.2.3; docs/rules/ngclearn_reinforce.md)
// as a Gaussian policy population and two rules. The policy's mean and
// log-std are what its two ports receive (projections with
// @ngclearn_reinforce_mu and @ngclearn_reinforce_logstd, ngclearn's W_mu
// and W_logstd); the host gives the standard normal draw `eps` each step;
//   f = mean, or tanh(mean) with mu_act_tanh = 1 (ngclearn's mu_act_fx)
//   std = exp(clip(logstd, -10, 2)), or scalar_stddev when it is > 0
//   sample = clip(eps std + f, lo, hi)
// (identity act_fx). Graded: the population emits `sample`.
snn.neuron_model @gaussian_policy
    params {mu_out_min = -3.0e38, mu_out_max = 3.0e38, mu_act_tanh = 0.0,
            scalar_stddev = -1.0}
    state {mean = 0.0, f = 0.0, log_std = 0.0, std = 1.0, sample = 0.0}
    inputs ["mu", "logstd"] external ["eps"] {
  update {
    %raw = snn.get "mu" : f32
    %tanhOn = snn.get "mu_act_tanh" : f32
    %z = arith.constant 0.0 : f32
    %useTanh = arith.cmpf one, %tanhOn, %z : f32
    %th = math.tanh %raw : f32
    %m = arith.select %useTanh, %th, %raw : f32
    %l = snn.get "logstd" : f32
    %eps = snn.get "eps" : f32
    %lo = snn.get "mu_out_min" : f32
    %hi = snn.get "mu_out_max" : f32
    %lmin = arith.constant -10.0 : f32
    %lmax = arith.constant 2.0 : f32
    %l1 = arith.maximumf %l, %lmin : f32
    %l2 = arith.minimumf %l1, %lmax : f32
    %learned = math.exp %l2 : f32
    %fixed = snn.get "scalar_stddev" : f32
    %isFixed = arith.cmpf ogt, %fixed, %z : f32
    %std = arith.select %isFixed, %fixed, %learned : f32
    %es = arith.mulf %eps, %std : f32
    %s = arith.addf %es, %m : f32
    %s1 = arith.maximumf %s, %lo : f32
    %s2 = arith.minimumf %s1, %hi : f32
    snn.set "mean", %raw : f32
    snn.set "f", %m : f32
    snn.set "log_std", %l : f32
    snn.set "std", %std : f32
    snn.set "sample", %s2 : f32
  }
}

// REINFORCE on the mean weights: for an input that arrived this step
// (`arr`, snn.arrived: the pre spike of `delay` steps ago), with
// g = 0.01 reward
// and d = sample - f,  w <- clip(w + eta arr g (d / std^2) f'(mean), 0, w_bound)
// (f' = 1, or 1 - tanh^2 with mu_act_tanh = 1, as the policy's).
snn.plasticity_model @ngclearn_reinforce_mu
    params {eta = 1.0e-4, w_bound = 1.0, w_min = 0.0, mu_act_tanh = 0.0}
    modulators ["reward"] bounds ["w_min", "w_bound"] {
  synapse_dynamics {
    %w = snn.get "w" : f32
    %eta = snn.get "eta" : f32
    %arr = snn.arrived : f32
    %r = snn.get_modulator "reward" : f32
    %f = snn.get_post "f" : f32
    %std = snn.get_post "std" : f32
    %sample = snn.get_post "sample" : f32
    %scale = arith.constant 0.01 : f32
    %g = arith.mulf %r, %scale : f32
    %std2 = arith.mulf %std, %std : f32
    %d = arith.subf %sample, %f : f32
    %t1 = arith.divf %d, %std2 : f32
    %t2 = arith.mulf %g, %t1 : f32
    %tanhOn = snn.get "mu_act_tanh" : f32
    %z = arith.constant 0.0 : f32
    %useTanh = arith.cmpf one, %tanhOn, %z : f32
    %one = arith.constant 1.0 : f32
    %ff = arith.mulf %f, %f : f32
    %dtanh = arith.subf %one, %ff : f32
    %fprime = arith.select %useTanh, %dtanh, %one : f32
    %t3 = arith.mulf %t2, %fprime : f32
    %dw = arith.mulf %arr, %t3 : f32
    %step = arith.mulf %eta, %dw : f32
    %w1 = arith.addf %w, %step : f32
    snn.set "w", %w1 : f32
  }
}

// REINFORCE on the log-std weights: with the same g and d, for logstd in
// [-10, 2],  w <- clip(w + eta arr (g (-1/std + d^2/std^3)) std, 0, w_bound);
// no change when the policy's std is fixed (scalar_stddev > 0), though the
// bounds still apply.
snn.plasticity_model @ngclearn_reinforce_logstd
    params {eta = 1.0e-4, w_bound = 1.0, w_min = 0.0}
    modulators ["reward"] bounds ["w_min", "w_bound"] {
  synapse_dynamics {
    %w = snn.get "w" : f32
    %eta = snn.get "eta" : f32
    %arr = snn.arrived : f32
    %r = snn.get_modulator "reward" : f32
    %f = snn.get_post "f" : f32
    %l = snn.get_post "log_std" : f32
    %std = snn.get_post "std" : f32
    %sample = snn.get_post "sample" : f32
    %scale = arith.constant 0.01 : f32
    %g = arith.mulf %r, %scale : f32
    %lmin = arith.constant -10.0 : f32
    %lmax = arith.constant 2.0 : f32
    %std2 = arith.mulf %std, %std : f32
    %std3 = arith.mulf %std2, %std : f32
    %d = arith.subf %sample, %f : f32
    %d2 = arith.mulf %d, %d : f32
    %one = arith.constant 1.0 : f32
    %inv = arith.divf %one, %std : f32
    %ninv = arith.negf %inv : f32
    %q = arith.divf %d2, %std3 : f32
    %sum = arith.addf %ninv, %q : f32
    %gs = arith.mulf %g, %sum : f32
    %t = arith.mulf %gs, %std : f32
    %ge = arith.cmpf oge, %l, %lmin : f32
    %le = arith.cmpf ole, %l, %lmax : f32
    %inside = arith.andi %ge, %le : i1
    %fixed = snn.get_post "scalar_stddev" : f32
    %zero = arith.constant 0.0 : f32
    %learned = arith.cmpf ole, %fixed, %zero : f32
    %in = arith.andi %inside, %learned : i1
    %tc = arith.select %in, %t, %zero : f32
    %dw = arith.mulf %arr, %tc : f32
    %step = arith.mulf %eta, %dw : f32
    %w1 = arith.addf %w, %step : f32
    snn.set "w", %w1 : f32
  }
}
