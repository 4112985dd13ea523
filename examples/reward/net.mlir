// Reward-modulated STDP (BindsNET's MSTDP, the prelude's @mstdp) learning
// to tell two input patterns apart: 40 Poisson inputs, of which the 20 of
// the pattern shown fire at 40 Hz and the others at 2 Hz, all-to-all onto
// two LIF outputs. Output 0 should answer pattern A (inputs 0-19), output 1
// pattern B (inputs 20-39). The host (main.c) writes the reward before
// every step: +1 if the right output fired in the step before, -1 if the
// wrong one did, 0 otherwise; @mstdp turns the eligibility of the last
// step's pre/post spike pairs into a weight change of nu * reward.

snn.network @reward_task dt 1.0 {
  snn.population @input 40 model @poisson
  snn.population @output 2 model @lif {tau_m = 20.0, r = 5.0, t_ref = 2.0}
  snn.modulator @reward
  snn.projection @learn @input -> @output connect #snn.dense
      weight #snn.uniform<0.25, 0.45>
      plasticity @mstdp {nu = 0.0003, w_min = 0.0, w_max = 1.0}
}
