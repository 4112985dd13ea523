// Two populations and a projection, no monitors: each step is several
// kernels (the inputs' draws, the delivery, the neurons) and then the
// host's update of the step counter. Compiled for CUDA, CudaTest.cpp checks
// that a step's kernels queue on one stream.
snn.network @streams dt 1.0 batch 2 {
  snn.population @src 32 model @poisson
  snn.population @n 16 model @lif {tau_m = 10.0}
  snn.projection @p @src -> @n connect #snn.dense weight 0.2
}
