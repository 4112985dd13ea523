// A Kheradpisheh-style convolutional layer learning with first-spike STDP
// (Kheradpisheh et al. 2018; docs/rules/first_spike_stdp.md): each pixel of
// a 28 x 28 image (its on-centre contrast, computed by main.c) fires once,
// earlier the stronger (@latency, 30 ms); 8
// feature maps of integrate-and-fire neurons share one 5 x 5 kernel each,
// initialised around 0.8 (the library's default); a post neuron's first
// spike of an image potentiates the kernel entries whose input fired
// before it and depresses the others (multiplicative, lr 0.004 / 0.003),
// and the updates of every position of a map add up in its kernel. A local
// winner-take-all lets only the strongest neuron within 2 positions (in any
// map) spike, at most 8 a step; the others that crossed are reset without
// a spike (lateral inhibition).
snn.network @conv_stdp dt 1.0 {
  snn.population @input [1, 28, 28] model @latency {t_max = 30.0}
  snn.population @maps [8, 24, 24] model @if {v_th = 6.0}
  snn.projection @conv @input -> @maps
      connect #snn.conv2d<in_channels = 1, out_channels = 8, kernel = [5, 5]>
      weight #snn.normal<0.8, 0.01>
      plasticity @first_spike_stdp
  snn.spike_filter @wta of @maps k 8 losers "reset" radius 2
}
