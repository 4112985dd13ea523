// RUN: snn-opt %s --snn-summarize -o /dev/null | FileCheck %s
// RUN: snn-opt %s --snn-summarize="output=%t.txt" -o /dev/null && FileCheck %s < %t.txt
// It leaves the IR as it was.
// RUN: snn-opt %s --snn-summarize=output=%t.2.txt | FileCheck %s --check-prefix=IR

// Expected counts worked out by hand:
//  dense 3 -> 4: 12 synapses, 12 * 4 B = 48 B;
//  conv2d [1,5,5] -> [2,3,3], 3x3 kernel, no padding: every output sees all
//    9 taps, 9 positions x 9 taps x 2 output channels = 162 synapses, and the
//    kernel is 2 x 1 x 3 x 3 f32 = 72 B;
//  conv2d [1,4,4] -> [1,4,4], 3x3 kernel, padding 1: per axis 2+3+3+2 = 10
//    taps inside the image, so 10 x 10 = 100 synapses;
//  fixed_probability 0.5 over 4 x 4 pairs: 8 expected;
//  one_to_one 4 -> 4: 4; in all 12 + 162 + 100 + 8 + 4 = 286;
//  per-entry dense 4 -> 3 with batch 8: 12 synapses, 8 x 12 x 4 B = 384 B.

// CHECK-LABEL: network @summary: dt = 0.25 ms, batch 8
// CHECK:       @in 3 neurons  [3] model @lif
// CHECK-NEXT:    per entry: tau_m v_th
// CHECK:       @img 25 neurons  [1x5x5] model @lif
// CHECK:       @out 4 neurons  [4] model @li
// CHECK-NEXT:    graded output "v"
// CHECK:       @noise 3 neurons  [3] model @poisson
// CHECK-NEXT:    random draws shared by the batch (entry 0's)
// CHECK:       @fc @in -> @out  #snn.dense
// CHECK-NEXT:    12 synapses, weights 48.0 B, synapse @exp_current
// CHECK:       @conv @img -> @maps
// CHECK-NEXT:    162 synapses, weights 72.0 B (shared kernel)
// CHECK:       @same @small -> @small
// CHECK-NEXT:    100 synapses
// CHECK:       @rand @out -> @out  #snn.fixed_probability<0.5>
// CHECK-NEXT:    ~8 synapses, weights 32.0 B
// CHECK:       @o2o @out -> @out  #snn.one_to_one
// CHECK-NEXT:    4 synapses, weights 16.0 B
// CHECK:       @ind @out -> @in  #snn.dense
// CHECK-NEXT:    12 synapses, weights 384.0 B (one copy per batch entry)
// CHECK:       monitor @spk: spikes of @in every 1 step
// CHECK:       monitor @vv: v of @out every 5 steps
// CHECK:       total: 69 neurons, ~298 synapses

// IR: snn.network @summary dt 0.25 batch 8 {

snn.network @summary dt 0.25 batch 8 {
  snn.population @in 3 model @lif per_entry ["tau_m", "v_th"]
  snn.population @img [1, 5, 5] model @lif
  snn.population @maps [2, 3, 3] model @lif
  snn.population @small [1, 4, 4] model @lif
  snn.population @out 4 model @li graded "v"
  snn.population @noise 3 model @poisson shared_draws
  snn.projection @fc @in -> @out connect #snn.dense synapse @exp_current
  snn.projection @conv @img -> @maps connect #snn.conv2d<in_channels = 1, out_channels = 2, kernel = [3, 3]>
  snn.projection @same @small -> @small connect #snn.conv2d<in_channels = 1, out_channels = 1, kernel = [3, 3], padding = [1, 1]>
  snn.projection @rand @out -> @out connect #snn.fixed_probability<0.5>
  snn.projection @o2o @out -> @out connect #snn.one_to_one
  snn.projection @ind @out -> @in connect #snn.dense per_entry
  snn.monitor @spk spikes of @in
  snn.monitor @vv "v" of @out every 5
}
