// Every prelude plasticity rule schedules: its state becomes buffers named
// after the projection (docs/plasticity.md), and its regions lower. The
// numeric tests (test/numeric) check what they compute.
// RUN: snn-opt %s --snn-schedule | FileCheck %s

// CHECK-LABEL: func.func @rules_run(
// CHECK-DAG: snn.buffer = "pp.pre.x"
// CHECK-DAG: snn.buffer = "pp.post.y"
// CHECK-DAG: snn.buffer = "hb.pre.x"
// CHECK-DAG: snn.buffer = "wd.post.y"
// CHECK-DAG: snn.buffer = "ms.pre.p_plus"
// CHECK-DAG: snn.buffer = "me.syn.z"
// CHECK-DAG: snn.buffer = "tm.pre.u"
// CHECK-DAG: snn.buffer = "rs.syn.e"
// CHECK-DAG: snn.buffer = "tf.syn.e"
// CHECK-DAG: snn.buffer = "sh.syn.x"
// CHECK-DAG: snn.buffer = "sh.pre_last"
// CHECK-DAG: snn.buffer = "so.pre_last"
// CHECK-DAG: snn.buffer = "sz.post.ys"
// CHECK-DAG: snn.buffer = "sz.syn.x"
// CHECK-DAG: snn.buffer = "sz.syn.target"
// CHECK-DAG: snn.buffer = "sd.pre_ring"
// CHECK-DAG: snn.buffer = "sp.pre.x"
// CHECK-DAG: snn.buffer = "sm.post.y"
// CHECK-DAG: snn.buffer = "rm.pre_last"
// CHECK-DAG: snn.buffer = "rl.pre_last"
// CHECK-DAG: snn.buffer = "policy.std"
// CHECK-DAG: snn.buffer = "fs.post.spikes"
// CHECK-DAG: snn.buffer = "ne.syn.E"
// CHECK-DAG: snn.buffer = "nm.syn.D"
// CHECK-DAG: snn.buffer = "ep.syn.ebar"
// CHECK-DAG: snn.buffer = "out.margin"
snn.network @rules dt 1.0 {
  snn.population @in 4 model @poisson
  snn.population @out 3 model @lif
  snn.population @policy 3 model @gaussian_policy graded "sample"
  snn.modulator @reward
  snn.modulator @error [3]
  snn.projection @pp @in -> @out connect #snn.dense plasticity @postpre
  snn.projection @hb @in -> @out connect #snn.dense plasticity @hebbian
  snn.projection @wd @in -> @out connect #snn.dense plasticity @weight_dependent_postpre
  snn.projection @ms @in -> @out connect #snn.dense plasticity @mstdp
  snn.projection @me @in -> @out connect #snn.dense plasticity @mstdpet
  snn.projection @tm @in -> @out connect #snn.dense plasticity @tsodyks_markram
  snn.projection @rs @in -> @out connect #snn.dense plasticity @rstdp
  snn.projection @tf @in -> @out connect #snn.dense plasticity @three_factor
  snn.projection @sh @in -> @out connect #snn.dense plasticity @spark_hebbian
  snn.projection @so @in -> @out connect #snn.dense plasticity @spark_oja
  snn.projection @sz @in -> @out connect #snn.dense plasticity @spark_zenke
  snn.projection @sd @in -> @out connect #snn.dense delay 3 plasticity @spark_hebbian
  snn.projection @sp @in -> @out connect #snn.dense plasticity @stdp_pair
  snn.projection @sm @in -> @out connect #snn.dense plasticity @stdp_pair_mult
  snn.projection @rm @in -> @policy connect #snn.dense port "mu" plasticity @ngclearn_reinforce_mu
  snn.projection @rl @in -> @policy connect #snn.dense port "logstd" plasticity @ngclearn_reinforce_logstd
  snn.projection @fs @in -> @out connect #snn.dense plasticity @first_spike_stdp
  snn.projection @ne @in -> @out connect #snn.dense plasticity @ngclearn_mstdpet
  snn.projection @nm @in -> @out connect #snn.dense plasticity @ngclearn_mstdp
  snn.projection @ep @in -> @out connect #snn.dense plasticity @eprop_lif modulators {learning_signal = @error}
}
