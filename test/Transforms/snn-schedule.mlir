// RUN: snn-opt %s --snn-schedule --split-input-file --verify-diagnostics | FileCheck %s

// A population of 4 LIF neurons (batch 2) fed by a dense projection through
// an exponential synapse. Init writes every buffer; run loops over steps:
// zero the ports, deliver (matmul from the previous step's spikes), the
// synapse kernel adds into the port, then update / threshold / reset
// kernels, then the monitor.

// CHECK-LABEL: func.func @net_init(
// The spike source's external input and its spikes are distinct buffers.
// CHECK-SAME:    memref<2x3xf32> {llvm.noalias, snn.buffer = "a.spikes", snn.role = "input"}
// CHECK-SAME:    memref<2x3xi8> {llvm.noalias, snn.buffer = "a.spike", snn.role = "state"}
// CHECK-SAME:    {llvm.noalias, snn.buffer = "b.v", snn.role = "state"}
// CHECK-SAME:    {llvm.noalias, snn.buffer = "b.port.i_syn", snn.role = "scratch"}
// CHECK-SAME:    %[[W:[a-z0-9_]+]]: memref<3x4xf32> {llvm.noalias, snn.buffer = "p.w", snn.role = "weight"}
// CHECK-SAME:    {llvm.noalias, snn.buffer = "p.i", snn.role = "state"}
// CHECK-SAME:    attributes {llvm.emit_c_interface}
// The weight constant and the per-neuron initial v (broadcast over the batch).
// CHECK:         memref.get_global @snn.data.net.b.v
// CHECK:         linalg.generic
// CHECK:         %[[WV:[a-z0-9_]+]] = arith.constant 5.000000e-01 : f32
// CHECK:         linalg.fill ins(%[[WV]] : f32) outs(%[[W]] : memref<3x4xf32>)

// CHECK:       memref.global "private" constant @snn.data.net.b.v : memref<4xf32>
// CHECK-LABEL: func.func @net_run(
// CHECK-SAME:    %[[STEPS:[a-z0-9_]+]]: index {snn.buffer = "steps"}
// Spikes are recorded as bits (4 neurons: one i64 word per batch entry),
// a variable as floats.
// CHECK-SAME:    %[[REC:[a-z0-9_]+]]: memref<?x2x1xi64> {llvm.noalias, snn.bits = 4 : i64, snn.buffer = "b_spikes", snn.every = 1 : i64, snn.role = "monitor", snn.source = "b.spike"}
// CHECK-SAME:    %[[RECV:[a-z0-9_]+]]: memref<?x2x4xf32> {llvm.noalias, snn.buffer = "b_v", snn.every = 2 : i64, snn.role = "monitor", snn.source = "b.v"}
// CHECK:         scf.for %[[T:[a-z0-9_]+]] = %{{.*}} to %[[STEPS]]
// Nothing clears the port or `in` before delivery: the synapse kernel
// overwrites the port (it is the only projection into it) and clears `in`.
// CHECK-NOT:       linalg.fill
// The product is tagged for --snn-event-driven with the source it reads.
// CHECK:           linalg.matmul {snn.deliver = "a.spike"} ins(%{{.*}}, %{{.*}} : memref<2x3xi8>, memref<3x4xf32>) outs(%[[IN:[a-z0-9_]+]] : memref<2x4xf32>)
// Synapse: i' = i * exp(-dt/tau) + delivered; the port gets i'; `in`
// becomes 0 for the next step.
// CHECK:           linalg.generic {{.*}} outs(%[[IN]], %{{.*}}, %[[PORT:[a-z0-9_]+]] : memref<2x4xf32>, memref<2x4xf32>, memref<2x4xf32>)
// CHECK-NEXT:      ^bb0(%[[INV:[a-z0-9_]+]]: f32, %[[IV:[a-z0-9_]+]]: f32, %{{.*}}: f32):
// CHECK:             math.exp
// CHECK:             %[[NEWI:.*]] = arith.addf %{{.*}}, %[[INV]] : f32
// CHECK:             %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:             linalg.yield %[[ZERO]], %[[NEWI]], %[[NEWI]] : f32, f32, f32
// Update of b (reads the port), threshold into b.spike (margin > 0 as a
// byte, 0 or 1), reset where fired.
// CHECK:           linalg.generic {{.*}} ins(%[[PORT]] : memref<2x4xf32>)
// CHECK:           linalg.generic
// CHECK:             %[[FIRED:.*]] = arith.cmpf ogt
// CHECK:             arith.extui %[[FIRED]] : i1 to i8
// CHECK:           linalg.generic
// CHECK:             arith.cmpi ne, %{{.*}}, %{{.*}} : i8
// CHECK:             arith.select
// The spike counter adds the spikes as floats.
// CHECK:           linalg.generic {{.*}} ins(%{{.*}} : memref<2x4xi8>) outs(%{{.*}} : memref<2x4xf32>) attrs = {snn.count = "b.spike"}
// CHECK:             arith.uitofp %{{.*}} : i8 to f32
// Spike monitor: every step, row t of the recorder; per batch entry and
// word, 64 spikes (padded with zeros past the 4th) compared with 0 and
// bitcast to the word.
// CHECK:           scf.if
// CHECK:             scf.for %[[E:[a-z0-9_]+]] =
// CHECK:               scf.for %[[WD:[a-z0-9_]+]] =
// CHECK:                 vector.transfer_read {{.*}} : memref<2x4xi8>, vector<64xi8>
// CHECK:                 arith.cmpi ne, {{.*}} : vector<64xi8>
// CHECK:                 vector.bitcast {{.*}} : vector<64xi1> to vector<1xi64>
// CHECK:                 memref.store {{.*}}, %[[REC]][%{{.*}}, %[[E]], %[[WD]]] : memref<?x2x1xi64>
// The v monitor: every 2 steps, row t / 2.
// CHECK:           arith.remui %{{.*}}, %c2
// CHECK:           scf.if
// CHECK:             arith.divui %{{.*}}, %c2
// CHECK:             memref.subview %[[RECV]]
// CHECK:             linalg.copy
// Reset: scratch is always cleared; every other role under its bit of the
// mask (state 1, weights 2, parameters 4, inputs 8); seeds and step never.
// CHECK-LABEL: func.func @net_reset(
// CHECK-SAME:    %[[ROLES:[a-z0-9_]+]]: i32 {snn.buffer = "roles"}
// CHECK:         %[[BIT:.*]] = arith.andi %[[ROLES]], %c8_i32 : i32
// CHECK:         scf.if
// CHECK:         arith.andi %[[ROLES]], %c2_i32 : i32
// Networks and models are gone.
// CHECK-NOT:     snn.network
// CHECK-NOT:     snn.neuron_model

snn.network @net dt 0.5 batch 2 {
  snn.population @a 3 model @spike_source
  snn.population @b 4 model @lif init {v = dense<[0.0, 0.1, 0.2, 0.3]> : tensor<4xf32>}
  snn.projection @p @a -> @b connect #snn.dense weight 0.5 synapse @exp_current {tau = 2.0}
  snn.monitor @b_spikes spikes of @b
  snn.monitor @b_v "v" of @b every 2
}

// -----

// Plasticity (docs/plasticity.md): a dense projection with a rule is
// delivered by full rows; each arriving spike runs on_pre on its synapse
// (w[k] and the post trace in, the new w stored and sent); after the
// neurons, the traces jump where they spiked, on_post walks the compressed
// columns of the post neurons that spiked, then the traces decay.
snn.plasticity_model @rule params {a = 0.5, tau = 10.0}
    pre_state {x = 0.0} post_state {y = 0.0} {
  pre_dynamics {
    %x = snn.get "x" : f32
    %h = arith.constant 0.5 : f32
    %x1 = arith.mulf %x, %h : f32
    snn.set "x", %x1 : f32
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
    %w1 = arith.subf %w, %y : f32
    snn.set "w", %w1 : f32
    snn.deliver %w1 : f32
  }
  on_post {
    %w = snn.get "w" : f32
    %x = snn.get_pre "x" : f32
    %a = snn.get "a" : f32
    %dw = arith.mulf %a, %x : f32
    %w1 = arith.addf %w, %dw : f32
    snn.set "w", %w1 : f32
  }
}
// CHECK-LABEL: func.func @pl_run(
// CHECK-SAME:    %[[ASPIKE:[a-z0-9_]+]]: memref<1x3xi8> {llvm.noalias, snn.buffer = "a.spike", snn.role = "state"}
// CHECK-SAME:    %[[BSPIKE:[a-z0-9_]+]]: memref<1x2xi8> {llvm.noalias, snn.buffer = "b.spike", snn.role = "state"}
// CHECK-SAME:    %[[W:[a-z0-9_]+]]: memref<3x2xf32> {llvm.noalias, snn.buffer = "p.w", snn.role = "weight"}
// CHECK-SAME:    %[[X:[a-z0-9_]+]]: memref<1x3xf32> {llvm.noalias, snn.buffer = "p.pre.x", snn.role = "state"}
// CHECK-SAME:    %[[Y:[a-z0-9_]+]]: memref<1x2xf32> {llvm.noalias, snn.buffer = "p.post.y", snn.role = "state"}
// CHECK-SAME:    %[[XA:[a-z0-9_]+]]: memref<1x3xf32> {llvm.noalias, snn.buffer = "p.pre.x.after_spikes", snn.role = "scratch"}
// CHECK:         %[[W1:.*]] = memref.collapse_shape %[[W]]
// CHECK:         scf.for %[[E:[a-z0-9_]+]] =
// CHECK:           scf.for %[[I:[a-z0-9_]+]] =
// CHECK:             scf.for %[[K:[a-z0-9_]+]] =
// CHECK:               scf.if
// CHECK:                 %[[WK:.*]] = memref.load %[[W1]][%[[K]]]
// CHECK:                 %[[YJ:.*]] = memref.load %[[Y]][%[[E]], %{{.*}}]
// CHECK:                 %[[NEW:.*]] = arith.subf %[[WK]], %[[YJ]]
// CHECK:                 memref.store %[[NEW]], %[[W1]][%[[K]]]
// CHECK:                 arith.mulf %{{.*}}, %[[NEW]]
// CHECK:           } {snn.deliver = "a.spike"}
// Right after a's neurons, the pre trace jumps where a spiked (kept in
// x.after_spikes for the step's synapse regions), then decays into x.
// CHECK:         linalg.generic {{.*}} ins(%[[ASPIKE]] : memref<1x3xi8>) outs(%[[X]], %[[XA]] : memref<1x3xf32>, memref<1x3xf32>)
// CHECK:           %[[JUMP:.*]] = arith.addf
// CHECK:           %[[AFTER:.*]] = arith.select %{{.*}}, %[[JUMP]]
// CHECK:           %[[DECAYED:.*]] = arith.mulf %[[AFTER]]
// CHECK:           linalg.yield %[[DECAYED]], %[[AFTER]]
// CHECK:         linalg.generic {{.*}} ins(%[[BSPIKE]] : memref<1x2xi8>) outs(%[[Y]] : memref<1x2xf32>)
// on_post over the columns of b's neurons that spiked.
// CHECK:         memref.get_global @snn.plasticity.pl.p.colptr : memref<3xi32>
// CHECK:         memref.get_global @snn.plasticity.pl.p.colsyn : memref<6xi32>
// CHECK:         scf.for %[[J:[a-z0-9_]+]] =
// CHECK:           memref.load %[[BSPIKE]][%{{.*}}, %[[J]]]
// CHECK:           scf.if
// CHECK:             scf.for
// CHECK:               memref.load %[[XA]]
// CHECK:               arith.addf
// CHECK:               memref.store %{{.*}}, %{{.*}}[%{{.*}}] : memref<6xf32>
// Nothing over a's neurons after the learning: x decayed in a's loop.
// CHECK-NOT:     linalg.generic {{.*}} outs(%[[X]]
// CHECK:         return
// CHECK:       memref.global "private" constant @snn.plasticity.pl.p.pre : memref<6xi32> = dense<[0, 0, 1, 1, 2, 2]>
// CHECK:       memref.global "private" constant @snn.plasticity.pl.p.colptr : memref<3xi32> = dense<[0, 3, 6]>
// CHECK:       memref.global "private" constant @snn.plasticity.pl.p.colsyn : memref<6xi32> = dense<[0, 2, 4, 1, 3, 5]>
snn.network @pl dt 1.0 {
  snn.population @a 3 model @lif
  snn.population @b 2 model @lif
  snn.projection @p @a -> @b connect #snn.dense weight 0.5 plasticity @rule
}

// -----

// on_pre_spike (docs/plasticity.md) walks the rows of the pre neurons that
// spiked this step, before on_post; with bounds and no pass over every
// synapse, on_post clamps its column and the spiking rows are clamped
// after it. A decay of 0 emits nothing.
snn.plasticity_model @rows params {nu = 0.1, lo = 0.0, hi = 1.0, wd = 0.0}
    post_state {y = 0.0} bounds ["lo", "hi"] decay "wd" {
  on_pre_spike {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %w1 = arith.subf %w, %y : f32
    snn.set "w", %w1 : f32
  }
  on_post {
    %w = snn.get "w" : f32
    %nu = snn.get "nu" : f32
    %w1 = arith.addf %w, %nu : f32
    snn.set "w", %w1 : f32
  }
}
// CHECK-LABEL: func.func @ps_run(
// CHECK-SAME:    %[[ASPIKE:[a-z0-9_]+]]: memref<1x3xi8> {llvm.noalias, snn.buffer = "a.spike", snn.role = "state"}
// CHECK-SAME:    %[[BSPIKE:[a-z0-9_]+]]: memref<1x2xi8> {llvm.noalias, snn.buffer = "b.spike", snn.role = "state"}
// CHECK-SAME:    %[[W:[a-z0-9_]+]]: memref<3x2xf32> {llvm.noalias, snn.buffer = "p.w", snn.role = "weight"}
// CHECK:         } {snn.deliver = "a.spike"}
// on_pre_spike: the rows of a's neurons that spiked; no clamp yet.
// CHECK:         scf.for %[[I:[a-z0-9_]+]] =
// CHECK:           memref.load %[[ASPIKE]][%{{.*}}, %[[I]]]
// CHECK:           scf.if
// CHECK:             scf.for
// CHECK:               arith.subf
// CHECK-NOT:           arith.maximumf
// CHECK:               memref.store
// on_post, clamped in place.
// CHECK:         scf.for %[[J:[a-z0-9_]+]] =
// CHECK:           memref.load %[[BSPIKE]][%{{.*}}, %[[J]]]
// CHECK:               arith.addf
// CHECK:               arith.maximumf
// CHECK:               arith.minimumf
// CHECK:               memref.store
// The spiking rows again, clamped.
// CHECK:         scf.for %[[I2:[a-z0-9_]+]] =
// CHECK:           memref.load %[[ASPIKE]][%{{.*}}, %[[I2]]]
// CHECK:               arith.maximumf
// CHECK:               arith.minimumf
// CHECK-NOT:     arith.mulf
// CHECK:         return
snn.network @ps dt 1.0 {
  snn.population @a 3 model @lif
  snn.population @b 2 model @lif
  snn.projection @p @a -> @b connect #snn.dense weight 0.5 plasticity @rows
}

// -----

// A persistent state variable (an adaptive threshold) is learned: role
// weight, one value per batch entry, kept by a reset of the state.
snn.neuron_model @adaptive params {th = 1.0} state {v = 0.0, theta = 0.0}
    persistent ["theta"] {
  threshold {
    %v = snn.get "v" : f32
    %t = snn.get "theta" : f32
    %th = snn.get "th" : f32
    %s = arith.addf %t, %th : f32
    %m = arith.subf %v, %s : f32
    snn.yield %m : f32
  }
  reset {
    %t = snn.get "theta" : f32
    %one = arith.constant 1.0 : f32
    %t1 = arith.addf %t, %one : f32
    snn.set "theta", %t1 : f32
  }
}
// CHECK-LABEL: func.func @pt_init(
// CHECK-SAME:    memref<2x4xf32> {llvm.noalias, snn.buffer = "a.theta", snn.role = "weight"}
// CHECK-SAME:    memref<2x4xf32> {llvm.noalias, snn.buffer = "a.v", snn.role = "state"}
snn.network @pt dt 1.0 batch 2 {
  snn.population @a 4 model @adaptive
}

// -----

// With a batch, each entry's weight changes (from the weight at the start
// of the step) add up in p.dw; one pass then applies the sum (or, with
// reduction "mean", the mean) and clears p.dw.
snn.plasticity_model @rule2 params {a = 0.1} post_state {y = 0.0} {
  on_pre_spike {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %w1 = arith.addf %w, %y : f32
    snn.set "w", %w1 : f32
  }
}
// CHECK-LABEL: func.func @pb_run(
// CHECK-SAME:    %[[DW:[a-z0-9_]+]]: memref<16xf32> {llvm.noalias, snn.buffer = "p.dw", snn.role = "scratch"}
// CHECK:         scf.for %[[E:[a-z0-9_]+]] = %{{.*}} to %c2
// CHECK:           memref.load %{{.*}}[%[[E]], %{{.*}}] : memref<2x4xi8>
// CHECK:               arith.subf
// CHECK:               memref.load %[[DW]]
// CHECK:               arith.addf
// CHECK:               memref.store %{{.*}}, %[[DW]]
// CHECK:         scf.for
// CHECK:           memref.load %[[DW]]
// CHECK:           arith.mulf %{{.*}}, %cst
// CHECK:           arith.addf
// CHECK:           memref.store %{{.*}}, %[[DW]]
snn.network @pb dt 1.0 batch 2 {
  snn.population @a 4 model @lif
  snn.projection @p @a -> @a connect #snn.dense plasticity @rule2 reduction "mean"
}

// -----

snn.plasticity_model @bounded params {lo = 0.0, hi = 1.0} bounds ["lo", "hi"] {
}
snn.network @pbh dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{projection @p: plasticity @bounded has bounds lo = 2.000000 above hi = 1.000000}}
  snn.projection @p @a -> @a connect #snn.dense plasticity @bounded {lo = 2.0}
}

// -----

// A plastic projection with per-synapse delays keeps the source's spikes
// of the last 3 steps (the longest delay): the last step's go into their
// slot, then for d = 1 .. 3 the spikes of step t - d arrive along the
// synapses of delay d, where on_pre runs.
// CHECK-LABEL: func.func @pdl_run(
// CHECK-SAME:    %[[SPIKE:[a-z0-9_]+]]: memref<1x4xi8> {llvm.noalias, snn.buffer = "a.spike", snn.role = "state"}
// CHECK-SAME:    %[[RING:[a-z0-9_]+]]: memref<3x1x4xi8> {llvm.noalias, snn.buffer = "p.pre_ring", snn.role = "state"}
// CHECK:         %[[LAST:.*]] = memref.subview %[[RING]]
// CHECK:         memref.copy %[[SPIKE]], %[[LAST]]
// CHECK:         scf.for %[[D:[a-z0-9_]+]] = %{{.*}} to %[[C4:[a-z0-9_]+]] step
// CHECK:           %[[SLOT:.*]] = memref.subview %[[RING]]
// CHECK:           memref.get_global @snn.delay.pdl.p : memref<16xi32>
// CHECK:           memref.load %[[SLOT]]
// CHECK:           arith.cmpi eq, %[[D]],
snn.network @pdl dt 1.0 {
  snn.population @a 4 model @lif
  snn.projection @p @a -> @a connect #snn.dense delay #snn.uniform_int<1, 3> plasticity @postpre
}

// -----

snn.network @pr dt 1.0 batch 2 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{projection @p: plasticity @postpre has reduction "max"; the entries' updates are reduced by "sum" or "mean"}}
  snn.projection @p @a -> @a connect #snn.dense plasticity @postpre reduction "max"
}

// -----

// A plastic projection with a delay of 3 keeps its source's spikes of the
// last 3 steps: this step's arrivals (slot t mod 3) are delivered and run
// on_pre; then the spikes of the last step go into slot (t + 2) mod 3. No
// event list: the rows loop is not marked for --snn-event-driven.
snn.plasticity_model @rule3 post_state {y = 0.0} {
  on_pre {
    %w = snn.get "w" : f32
    %y = snn.get_post "y" : f32
    %w1 = arith.subf %w, %y : f32
    snn.set "w", %w1 : f32
  }
}
// CHECK-LABEL: func.func @pd_run(
// CHECK-SAME:    %[[SPIKE:[a-z0-9_]+]]: memref<1x4xi8> {llvm.noalias, snn.buffer = "a.spike", snn.role = "state"}
// CHECK-SAME:    %[[RING:[a-z0-9_]+]]: memref<3x1x4xi8> {llvm.noalias, snn.buffer = "p.pre_ring", snn.role = "state"}
// CHECK:         %[[NOW:.*]] = memref.subview %[[RING]]
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             memref.load %[[NOW]]
// CHECK-NOT:     snn.deliver = "a.spike"
// CHECK:         memref.copy %[[SPIKE]], %{{.*}}
snn.network @pd dt 1.0 {
  snn.population @a 4 model @lif
  snn.projection @p @a -> @a connect #snn.dense delay 3 plasticity @rule3
}

// -----

// A delay of 3 steps: departures go into ring slot (t + 2) mod 3, arrivals
// are read from slot t mod 3, which is then cleared.
// CHECK-LABEL: func.func @dl_run(
// CHECK-SAME:    %[[RING:[a-z0-9_]+]]: memref<3x1x2xf32> {llvm.noalias, snn.buffer = "p.pending", snn.role = "state"}
// CHECK:         %[[C3:.*]] = arith.constant 3 : index
// CHECK:         %[[T2:.*]] = arith.addi %{{.*}}, %c2 : index
// CHECK:         %[[W:.*]] = arith.remui %[[T2]], %[[C3]] : index
// CHECK:         %[[DEP:.*]] = memref.subview %[[RING]][%[[W]], 0, 0] [1, 1, 2] [1, 1, 1]
// CHECK:         linalg.matmul {{.*}}ins({{.*}}) outs(%[[DEP]] :
// CHECK:         %[[R:.*]] = arith.remui %{{.*}}, %{{.*}} : index
// CHECK:         %[[ARR:.*]] = memref.subview %[[RING]][%[[R]], 0, 0]
// CHECK:         linalg.generic {{.*}} ins(%[[ARR]] :
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%[[ARR]] :
snn.network @dl dt 1.0 {
  snn.population @a 3 model @lif
  snn.population @b 2 model @lif
  snn.projection @p @a -> @b connect #snn.dense delay 3
}

// -----

// Sparse connectivity is drawn at compile time into constant CSR arrays.
// Delivery visits every source's row (--snn-event-driven restricts it to the
// sources that fired): the loop over sources carries the source's name.
// CHECK-LABEL: func.func @sp_run(
// CHECK-SAME:    %[[SPIKE:[a-z0-9_]+]]: memref<1x3xi8> {llvm.noalias, snn.buffer = "a.spike", snn.role = "state"}
// CHECK-SAME:    %[[W:[a-z0-9_]+]]: memref<3xf32> {llvm.noalias, snn.buffer = "p.w", snn.role = "weight"}
// CHECK-SAME:    memref<1x3xi64> {llvm.noalias, snn.buffer = "a.spike.events", snn.role = "scratch"}
// CHECK-SAME:    memref<1xi64> {llvm.noalias, snn.buffer = "a.spike.event_count", snn.role = "scratch"}
// CHECK:         scf.for %[[E:[a-z0-9_]+]] = %{{.*}} to %c1{{.*}} step
// CHECK-NEXT:      scf.for %[[I:[a-z0-9_]+]] = %c0{{.*}} to %c3{{.*}} step
// CHECK:             %[[S8:.*]] = memref.load %[[SPIKE]][%[[E]], %[[I]]]
// CHECK:             %[[S:.*]] = arith.uitofp %[[S8]] : i8 to f32
// CHECK:             memref.load %{{.*}}[%[[I]]] : memref<4xi32>
// CHECK:             scf.for %[[K:[a-z0-9_]+]] =
// CHECK:               memref.load %{{.*}}[%[[K]]] : memref<3xi32>
// CHECK:               %[[WK:.*]] = memref.load %[[W]][%[[K]]]
// CHECK:               arith.mulf %[[S]], %[[WK]]
// CHECK:               memref.store
// CHECK:           } {snn.deliver = "a.spike"}
// CHECK-DAG: memref.global "private" constant @snn.csr.sp.p.indptr : memref<4xi32> = dense<[0, 2, 2, 3]>
// CHECK-DAG: memref.global "private" constant @snn.csr.sp.p.indices : memref<3xi32> = dense<[0, 1, 1]>
snn.network @sp dt 1.0 {
  snn.population @a 3 model @lif
  snn.population @b 2 model @lif
  snn.projection @p @a -> @b connect #snn.csr<indptr = [0, 2, 2, 3], indices = [0, 1, 1]> weight dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
}

// -----

// Dense with a delay per synapse: full compressed rows over the row-major
// weight matrix (collapsed to one dimension), each synapse adding into its
// own slot of the ring.
// CHECK-LABEL: func.func @dd_run(
// CHECK-SAME:    %[[RING:[a-z0-9_]+]]: memref<3x1x2xf32> {llvm.noalias, snn.buffer = "p.pending", snn.role = "state"}
// CHECK-SAME:    %[[W:[a-z0-9_]+]]: memref<3x2xf32> {llvm.noalias, snn.buffer = "p.w", snn.role = "weight"}
// CHECK:         %[[W1:.*]] = memref.collapse_shape %[[W]] {{\[\[}}0, 1]] : memref<3x2xf32> into memref<6xf32>
// CHECK:         memref.get_global @snn.delay.dd.p : memref<6xi32>
// CHECK:         scf.for
// CHECK:           memref.load %[[W1]][%{{.*}}] : memref<6xf32>
// CHECK:           memref.store %{{.*}}, %[[RING]][%{{.*}}, %{{.*}}, %{{.*}}] : memref<3x1x2xf32>
// CHECK:       } {snn.deliver = "a.spike"}
// CHECK:       memref.global "private" constant @snn.csr.dd.p.indptr : memref<4xi32> = dense<[0, 2, 4, 6]>
// CHECK:       memref.global "private" constant @snn.csr.dd.p.indices : memref<6xi32> = dense<[0, 1, 0, 1, 0, 1]>
// CHECK:       memref.global "private" constant @snn.delay.dd.p : memref<6xi32> = dense<[1, 3, 2, 1, 3, 2]>
snn.network @dd dt 1.0 {
  snn.population @a 3 model @lif
  snn.population @b 2 model @lif
  snn.projection @p @a -> @b connect #snn.dense delay dense<[1, 3, 2, 1, 3, 2]> : tensor<6xi64>
}

// -----

// Random initial values and random numbers in regions draw from Philox,
// keyed by each batch entry's seed (docs/random.md).
// CHECK-LABEL: func.func @r_init(
// CHECK-SAME:    %[[SEED:[a-z0-9_]+]]: memref<3xi64> {llvm.noalias, snn.buffer = "seed", snn.role = "seed"}
// CHECK:         linalg.generic {{.*}} ins(%[[SEED]] : memref<3xi64>) outs(%{{.*}} : memref<3x5xf32>)
// CHECK:           linalg.index 1
// CHECK-COUNT-20:  arith.mului_extended
// CHECK:           arith.uitofp
// CHECK-LABEL: func.func @r_run(
// CHECK:         %[[STEP:.*]] = memref.load %{{.*}}[%{{.*}}] : memref<1xi64>
// CHECK:         arith.trunci %[[STEP]] : i64 to i32
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : memref<3x5xf32>, memref<3xi64>)
// CHECK-COUNT-20:  arith.mului_extended
// CHECK:         memref.store %{{.*}}, %{{.*}}[%{{.*}}] : memref<1xi64>
snn.network @r dt 1.0 batch 3 {
  snn.population @a 5 model @lif init {v = #snn.uniform<0.0, 1.0>}
  snn.population @p 5 model @poisson
}

// -----

// Shared draws: every entry takes entry 0's random numbers, drawn once per
// step for the population's N neurons by a kernel over [1, N] keyed by
// `shared_seed` (entry 0's seed, which init and every run copy there),
// into one [N] buffer per random op, named by its position (two ops may
// draw from one stream: %c takes stream 0 as %a does); the population's
// kernels read them per neuron. Batch 1 draws in the kernels as before.
snn.neuron_model @jitter params {th = 1.0} state {v = 0.0} {
  update {
    %v = snn.get "v" : f32
    %a = snn.random_normal : f32
    %b = snn.random_uniform {stream = 7 : i32} : f32
    %c = snn.random_uniform {stream = 0 : i32} : f32
    %s0 = arith.addf %a, %b : f32
    %s = arith.addf %s0, %c : f32
    %v1 = arith.addf %v, %s : f32
    snn.set "v", %v1 : f32
  }
  threshold {
    %v = snn.get "v" : f32
    %th = snn.get "th" : f32
    %u = snn.random_uniform : f32
    %t = arith.addf %th, %u : f32
    %m = arith.subf %v, %t : f32
    snn.yield %m : f32
  }
  reset {
    %z = arith.constant 0.0 : f32
    snn.set "v", %z : f32
  }
}
// CHECK-LABEL: func.func @sd_init(
// CHECK-SAME:    %[[SEED:[a-z0-9_]+]]: memref<3xi64> {llvm.noalias, snn.buffer = "seed", snn.role = "seed"}
// CHECK-SAME:    %[[SHARED:[a-z0-9_]+]]: memref<1xi64> {llvm.noalias, snn.buffer = "shared_seed", snn.role = "state"}
// CHECK-SAME:    memref<5xf32> {llvm.noalias, snn.buffer = "a.draw.update.0", snn.per_slice, snn.role = "scratch"}
// CHECK-SAME:    memref<5xf32> {llvm.noalias, snn.buffer = "a.draw.update.1", snn.per_slice, snn.role = "scratch"}
// CHECK-SAME:    memref<5xf32> {llvm.noalias, snn.buffer = "a.draw.update.2", snn.per_slice, snn.role = "scratch"}
// CHECK-SAME:    memref<5xf32> {llvm.noalias, snn.buffer = "a.draw.threshold.0", snn.per_slice, snn.role = "scratch"}
// CHECK:         %[[S0:.*]] = memref.load %[[SEED]][%{{.*}}] : memref<3xi64>
// CHECK:         memref.store %[[S0]], %[[SHARED]][%{{.*}}] : memref<1xi64>
// CHECK-LABEL: func.func @sd_run(
// CHECK-SAME:    %[[RSEED:[a-z0-9_]+]]: memref<3xi64> {llvm.noalias, snn.buffer = "seed", snn.role = "seed"}
// CHECK-SAME:    %[[RSHARED:[a-z0-9_]+]]: memref<1xi64> {llvm.noalias, snn.buffer = "shared_seed", snn.role = "state"}
// CHECK-SAME:    %[[U0:[a-z0-9_]+]]: memref<5xf32> {llvm.noalias, snn.buffer = "a.draw.update.0", snn.per_slice, snn.role = "scratch"}
// CHECK-SAME:    %[[U1:[a-z0-9_]+]]: memref<5xf32> {llvm.noalias, snn.buffer = "a.draw.update.1", snn.per_slice, snn.role = "scratch"}
// CHECK-SAME:    %[[U2:[a-z0-9_]+]]: memref<5xf32> {llvm.noalias, snn.buffer = "a.draw.update.2", snn.per_slice, snn.role = "scratch"}
// CHECK-SAME:    %[[T0:[a-z0-9_]+]]: memref<5xf32> {llvm.noalias, snn.buffer = "a.draw.threshold.0", snn.per_slice, snn.role = "scratch"}
// CHECK-SAME:    %[[V:[a-z0-9_]+]]: memref<3x5xf32> {llvm.noalias, snn.buffer = "a.v", snn.role = "state"}
// The run keys the shared draws by the seed entry 0 has now.
// CHECK:         %[[RS0:.*]] = memref.load %[[RSEED]][%{{.*}}] : memref<3xi64>
// CHECK:         memref.store %[[RS0]], %[[RSHARED]][%{{.*}}] : memref<1xi64>
// CHECK:         scf.for
// CHECK:         linalg.generic {indexing_maps = [#[[BATCH:[a-z0-9]+]], #[[NEURON:[a-z0-9]+]], #[[NEURON]], #[[NEURON]]], {{.*}} ins(%[[RSHARED]] : memref<1xi64>) outs(%[[U0]], %[[U1]], %[[U2]] : memref<5xf32>, memref<5xf32>, memref<5xf32>)
// CHECK:           linalg.index 1
// CHECK-COUNT-20:  arith.mului_extended
// CHECK:           math.cos
// CHECK-COUNT-20:  arith.mului_extended
// CHECK-COUNT-20:  arith.mului_extended
// CHECK:         linalg.generic {{.*}} ins(%[[U0]], %[[U1]], %[[U2]] : memref<5xf32>, memref<5xf32>, memref<5xf32>) outs(%[[V]] : memref<3x5xf32>)
// CHECK-NOT:       arith.mului_extended
// CHECK:           linalg.yield
// CHECK:         linalg.generic {{.*}} ins(%[[RSHARED]] : memref<1xi64>) outs(%[[T0]] : memref<5xf32>)
// CHECK:         linalg.generic {{.*}} ins(%[[V]], %[[T0]] : memref<3x5xf32>, memref<5xf32>)
// CHECK-NOT:       arith.mului_extended
// CHECK:           linalg.yield
// The other population draws per entry, keyed by its seed.
// CHECK:         linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : memref<3x4xf32>, memref<3xi64>)
// CHECK-COUNT-20:  arith.mului_extended
// CHECK-LABEL: func.func @sd_reset(
// CHECK:         memref.load %{{.*}}[%{{.*}}] : memref<3xi64>
// CHECK:         memref.store %{{.*}}, %{{.*}}[%{{.*}}] : memref<1xi64>
snn.network @sd dt 1.0 batch 3 {
  snn.population @a 5 model @jitter shared_draws
  snn.population @p 4 model @poisson
}

// Batch 1: no shared seed, no draw buffers.
// CHECK-LABEL: func.func @sd1_run(
// CHECK-NOT:     shared_seed
// CHECK-NOT:     .draw.
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : memref<1xi64>) outs(%{{.*}} : memref<1x5xf32>)
// CHECK-COUNT-20:  arith.mului_extended
snn.network @sd1 dt 1.0 {
  snn.population @a 5 model @jitter shared_draws
}

// -----

// expected-error @+1 {{network @n: the declaration of @n_run has type '(index) -> ()', but the network's function has type}}
snn.network @n dt 1.0 {
  snn.population @a 3 model @lif
}
func.func private @n_run(index)

// -----

// A synapse model that adds what is delivered to its state before anything
// else: delivery accumulates into that state (`p.g`), and there is no
// `p.in` buffer to clear each step.
snn.synapse_model @jump params {tau = 5.0} state {g = 0.0} target "i_syn" {
  dynamics {
    %g = snn.get "g" : f32
    %in = snn.get_delivered : f32
    %g0 = arith.addf %in, %g : f32
    %h = arith.constant 0.5 : f32
    %g1 = arith.mulf %g0, %h : f32
    snn.set "g", %g1 : f32
  }
  output {
    %g = snn.get "g" : f32
    snn.yield %g : f32
  }
}
// CHECK-LABEL: func.func @direct_run(
// CHECK-NOT:     "p.in"
// CHECK-SAME:    %[[G:[a-z0-9_]+]]: memref<1x2xf32> {llvm.noalias, snn.buffer = "p.g", snn.role = "state"}
// CHECK-NOT:     "p.in"
// CHECK:         linalg.matmul {snn.deliver = "a.spike"} ins(%{{.*}}, %{{.*}} : memref<1x3xi8>, memref<3x2xf32>) outs(%[[G]] : memref<1x2xf32>)
// The synapse kernel reads g as delivery left it (plus 0), halves it.
// CHECK:         linalg.generic {{.*}} outs(%[[G]], %{{.*}} : memref<1x2xf32>, memref<1x2xf32>)
// CHECK:           arith.addf %{{.*}}, %{{.*}} : f32
// CHECK:           arith.mulf
snn.network @direct dt 1.0 {
  snn.population @a 3 model @lif
  snn.population @b 2 model @lif
  snn.projection @p @a -> @b connect #snn.dense weight 0.5 synapse @jump
}

// The same model behind a bias: delivery starts from the bias in `p.in`.
// CHECK-LABEL: func.func @biased_run(
// CHECK-SAME:    snn.buffer = "p.in", snn.role = "scratch"
snn.network @biased dt 1.0 {
  snn.population @a 3 model @lif
  snn.population @b 2 model @lif
  snn.projection @p @a -> @b connect #snn.dense weight 0.5 bias 0.25 synapse @jump
}

// -----

// Delivered after the decay (the prelude's exponential synapses): `p.in`.
// CHECK-LABEL: func.func @decay_first_run(
// CHECK-SAME:    snn.buffer = "p.in", snn.role = "scratch"
snn.network @decay_first dt 1.0 {
  snn.population @a 3 model @lif
  snn.population @b 2 model @lif
  snn.projection @p @a -> @b connect #snn.dense weight 0.5 synapse @exp_current
}

// -----

// Monitors of a projection: its weights, flat and shared by the batch
// ([rows, 1, 6], every 5 steps), and a synapse state variable per batch
// entry and target ([rows, 2, 2]).
// CHECK-LABEL: func.func @pm_run(
// CHECK-SAME:    %[[W:[a-z0-9_]+]]: memref<3x2xf32> {llvm.noalias, snn.buffer = "d.w", snn.role = "weight"}
// CHECK-SAME:    %[[I:[a-z0-9_]+]]: memref<2x2xf32> {llvm.noalias, snn.buffer = "d.i", snn.role = "state"}
// CHECK-SAME:    %[[DW:[a-z0-9_]+]]: memref<?x1x6xf32> {llvm.noalias, snn.buffer = "dw", snn.every = 5 : i64, snn.role = "monitor", snn.source = "d.w"}
// CHECK-SAME:    %[[DI:[a-z0-9_]+]]: memref<?x2x2xf32> {llvm.noalias, snn.buffer = "di", snn.every = 1 : i64, snn.role = "monitor", snn.source = "d.i"}
// CHECK:         scf.if
// CHECK:           %[[FLAT:.*]] = memref.collapse_shape %[[W]] {{\[\[}}0, 1]] : memref<3x2xf32> into memref<6xf32>
// CHECK:           %[[ROW:.*]] = memref.subview %[[DW]][%{{.*}}, 0, 0] [1, 1, 6] [1, 1, 1] : memref<?x1x6xf32> to memref<6xf32, strided<[1], offset: ?>>
// CHECK:           linalg.copy ins(%[[FLAT]] : memref<6xf32>) outs(%[[ROW]] :
// CHECK:         scf.if
// CHECK:           %[[ROWI:.*]] = memref.subview %[[DI]][%{{.*}}, 0, 0] [1, 2, 2] [1, 1, 1]
// CHECK:           linalg.copy ins(%[[I]] : memref<2x2xf32>) outs(%[[ROWI]] :
snn.network @pm dt 1.0 batch 2 {
  snn.population @src 3 model @spike_source
  snn.population @dst 2 model @lif
  snn.projection @d @src -> @dst connect #snn.dense weight 0.5 synapse @exp_current
  snn.monitor @dw "w" of @d every 5
  snn.monitor @di "i" of @d
}

// -----

// A shared kernel: synapse k changes kernel element weight_index[k]; the
// positions' changes add up in p.dw (one value per kernel element) and are
// applied after the step's regions.
// CHECK-LABEL: func.func @pw_run(
// CHECK-SAME:    %[[DW:[a-z0-9_]+]]: memref<18xf32> {llvm.noalias, snn.buffer = "p.dw", snn.role = "scratch"}
// CHECK:         memref.get_global @snn.csr.pw.p.weight_index : memref<72xi32>
// CHECK:         memref.store %{{.*}}, %[[DW]]
// CHECK:         scf.for %{{.*}} = %{{.*}} to %c18
// CHECK:           memref.load %[[DW]]
snn.network @pw dt 1.0 {
  snn.population @a [1, 4, 4] model @lif
  snn.population @b [2, 2, 2] model @lif
  snn.projection @p @a -> @b connect #snn.conv2d<in_channels = 1, out_channels = 2, kernel = [3, 3]> plasticity @postpre {nu_post = 0.1}
}

// -----

snn.plasticity_model @rule5 {
}
snn.network @pg dt 1.0 {
  snn.population @a 4 model @lif graded "v"
  snn.population @b 4 model @lif
  // expected-error @+1 {{projection @p: plasticity @rule5 needs a spiking source; @a is graded}}
  snn.projection @p @a -> @b connect #snn.dense plasticity @rule5
}

// -----

// A rule's neuron region may read a modulator: the entry's value (a
// [batch] buffer, indexed by the batch loop only) or the neuron's; a
// per-neuron one must match the side's population.
snn.plasticity_model @rule6 post_state {y = 0.0} modulators ["reward"] {
  post_dynamics {
    %y = snn.get "y" : f32
    %r = snn.get_modulator "reward" : f32
    %y1 = arith.mulf %y, %r : f32
    snn.set "y", %y1 : f32
  }
}
// CHECK-LABEL: func.func @pm2_run(
// CHECK-SAME:    %[[R:[a-z0-9_]+]]: memref<1xf32> {llvm.noalias, snn.buffer = "reward", snn.role = "input"}
// (Here in the kernel that runs post_dynamics in @a's loop, with @a's spikes.)
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}], {{.*}} ins(%[[R]], %{{.*}} : memref<1xf32>, memref<1x4xi8>)
snn.network @pm2 dt 1.0 {
  snn.population @a 4 model @lif
  snn.modulator @reward
  snn.projection @p @a -> @a connect #snn.dense plasticity @rule6
}

// -----

snn.plasticity_model @rule6b pre_state {x = 0.0} modulators ["reward"] {
  pre_dynamics {
    %x = snn.get "x" : f32
    %r = snn.get_modulator "reward" : f32
    %x1 = arith.mulf %x, %r : f32
    snn.set "x", %x1 : f32
  }
}
snn.network @pm3 dt 1.0 {
  snn.population @a 4 model @lif
  snn.population @b 2 model @lif
  snn.modulator @reward [4]
  // expected-error @+1 {{plasticity @rule6b of @p: pre_dynamics reads modulator @reward of 4 values, but the source has 2 neurons}}
  snn.projection @p @b -> @a connect #snn.dense plasticity @rule6b
}

// -----

snn.plasticity_model @rule7 synapse_state {i = 0.0} {
}
snn.network @pc dt 1.0 {
  snn.population @a 4 model @lif
  // expected-error @+1 {{projection @p: plasticity @rule7 has synapse state 'i', a name the projection's synapse model also uses}}
  snn.projection @p @a -> @a connect #snn.dense synapse @exp_current plasticity @rule7
}

// -----

// Structural plasticity per row: a table of the dense matrix's rows (4
// sources of 3 targets), one prune-and-regrow per row with the quota
// max(1, floor(growth_rate x row length)) computed from the row's length.
// CHECK-LABEL: func.func @sp2_run(
// CHECK:         scf.if
// CHECK:           %[[ROWS:.*]] = memref.get_global @snn.structural.sp2.rows.rows : memref<5xi32>
// CHECK:           scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step
// CHECK:             memref.load %[[ROWS]][%[[I]]]
// CHECK:             arith.fptosi
// CHECK:             arith.maxsi
// CHECK:             scf.for
// CHECK: memref.global "private" constant @snn.structural.sp2.rows.rows : memref<5xi32> = dense<[0, 3, 6, 9, 12]>
snn.network @sp2 dt 1.0 {
  snn.population @a 4 model @lif
  snn.population @b 3 model @lif
  snn.projection @p @a -> @b connect #snn.dense
  snn.structural_plasticity @rows of @p prune_threshold 0.01 growth_rate 0.5 per_row
}

// -----

// Per-entry weights: [batch, ...] buffers; a dense projection delivers each
// entry's spikes through its own matrix (linalg.batch_vecmat), compressed
// rows read weight [entry, synapse], one_to_one weight [entry, neuron];
// a random initializer draws each entry's from its own seed (the seeds as
// an input of the kernel, indexed by the entry).
// CHECK-LABEL: func.func @pe_init(
// CHECK-SAME:    %[[SEEDS:[a-z0-9_]+]]: memref<2xi64>
// CHECK:         linalg.generic {{.*}} ins(%[[SEEDS]] : memref<2xi64>) outs(%{{.*}} : memref<2x3x4xf32>)
// CHECK-LABEL: func.func @pe_run(
// CHECK-SAME:    %[[DW:[a-z0-9_]+]]: memref<2x3x4xf32> {llvm.noalias, snn.buffer = "d.w", snn.role = "weight"}
// CHECK-SAME:    %[[SW:[a-z0-9_]+]]: memref<2x{{[0-9]+}}xf32> {llvm.noalias, snn.buffer = "s.w", snn.role = "weight"}
// CHECK-SAME:    %[[OW:[a-z0-9_]+]]: memref<2x4xf32> {llvm.noalias, snn.buffer = "o.w", snn.role = "weight"}
// CHECK:         linalg.batch_vecmat {snn.deliver = "a.spike"} ins(%{{.*}}, %[[DW]] : memref<2x3xi8>, memref<2x3x4xf32>) outs(%{{.*}} : memref<2x4xf32>)
// CHECK:         scf.for %[[E:[a-z0-9_]+]] =
// CHECK:           scf.for
// CHECK:             scf.for %[[K:[a-z0-9_]+]] =
// CHECK:               memref.load %[[SW]][%[[E]], %[[K]]]
snn.network @pe dt 1.0 batch 2 {
  snn.population @a 3 model @poisson
  snn.population @b 4 model @lif
  snn.projection @d @a -> @b connect #snn.dense weight #snn.uniform<0.0, 1.0> per_entry
  snn.projection @s @a -> @b connect #snn.fixed_probability<0.5> weight 0.5 per_entry
  snn.projection @o @b -> @b connect #snn.one_to_one weight dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xf32> per_entry
}

// -----

// Per-entry neuron parameters: [batch, N] buffers of role parameter, set
// from the declared value (a scalar fills, per-neuron data is broadcast to
// every entry) and read by the neuron kernel per entry; a parameter not
// listed stays a constant.
// CHECK-LABEL: func.func @pp_init(
// CHECK-SAME:    %[[TAU:[a-z0-9_]+]]: memref<3x2xf32> {llvm.noalias, snn.buffer = "b.tau_m", snn.role = "parameter"}
// CHECK-SAME:    %[[VTH:[a-z0-9_]+]]: memref<3x2xf32> {llvm.noalias, snn.buffer = "b.v_th", snn.role = "parameter"}
// CHECK-NOT:     snn.buffer = "b.r"
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : memref<2xf32>) outs(%[[TAU]] : memref<3x2xf32>)
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%[[VTH]] : memref<3x2xf32>)
// CHECK-LABEL: func.func @pp_run(
// CHECK-SAME:    %[[RTAU:[a-z0-9_]+]]: memref<3x2xf32> {llvm.noalias, snn.buffer = "b.tau_m", snn.role = "parameter"}
// CHECK-SAME:    %[[RVTH:[a-z0-9_]+]]: memref<3x2xf32> {llvm.noalias, snn.buffer = "b.v_th", snn.role = "parameter"}
// CHECK:         linalg.generic {indexing_maps = [#[[ID:[a-z0-9]+]], #[[ID]], #[[ID]], #[[ID]]]{{.*}} ins(%{{.*}}, %[[RTAU]] : memref<3x2xf32>, memref<3x2xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]]{{.*}} ins(%{{.*}}, %[[RVTH]] : memref<3x2xf32>, memref<3x2xf32>)
snn.network @pp dt 1.0 batch 3 {
  snn.population @a 3 model @poisson
  snn.population @b 2 model @lif {tau_m = dense<[8.0, 12.0]> : tensor<2xf32>, v_th = 0.5, r = 2.0} per_entry ["tau_m", "v_th"]
  snn.projection @d @a -> @b connect #snn.dense weight 0.5
}

// -----

// A rule that clamps w inside its regions on a shared kernel: the clamp
// bounds each position's change, not their sum, which the schedule says.
snn.network @clamped dt 1.0 {
  snn.population @a [1, 4, 4] model @poisson
  snn.population @b [1, 2, 2] model @lif
  // expected-warning @+1 {{plasticity @stdp_pair clamps w inside its regions, but the kernel of #snn.conv2d<in_channels = 1, out_channels = 1, kernel = [3, 3]> is shared by its positions: each position's change is clamped, not their sum, so a kernel entry can run past the bound (docs/plasticity.md); prefer a rule with declared bounds}}
  snn.projection @p @a -> @b connect #snn.conv2d<in_channels = 1, out_channels = 1, kernel = [3, 3]> weight 0.5 plasticity @stdp_pair
}
