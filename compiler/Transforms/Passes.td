//===- Passes.td - passes on the snn dialect ---------------*- tablegen -*-===//

#ifndef SNN_TRANSFORMS_PASSES_TD
#define SNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def SNNExpandPrelude : Pass<"snn-expand-prelude", "::mlir::ModuleOp"> {
  let summary = "Copy the built-in models a network uses into the module";
  let description = [{
    Networks may name models of the built-in prelude (`@lif`, `@exp_current`,
    ...) without defining them. This pass copies every such model into the
    module, next to the user's own, so that later passes and other tools
    see a self-contained module. A model the module defines itself is never
    replaced: the user's definition wins. Models of the prelude that no
    network uses are not copied.

    Before:
    ```mlir
    snn.network @n dt 1.0 {
      snn.population @a 10 model @lif
    }
    ```
    After:
    ```mlir
    snn.neuron_model @lif params {...} state {...} inputs ["i_syn"] { ... }
    snn.network @n dt 1.0 {
      snn.population @a 10 model @lif
    }
    ```

    The pass does not check the network; the verifier does, before and after.
  }];
  let dependentDialects = ["::mlir::snn::SNNDialect"];
}

def SNNSummarize : Pass<"snn-summarize", "::mlir::ModuleOp"> {
  let summary = "Print a summary of every network: sizes, synapses, memory";
  let description = [{
    Prints, for each network, its timestep and batch, each population (size,
    model, output), each projection (connectivity, synapse count and the
    bytes its weights take in f32), each monitor, and totals. Synapse
    counts of random connectivity are expected values; those of shared
    kernels count the synapses the kernel is applied at (padding excluded).
    The IR is not changed. Output goes to stdout, or to the file given with
    `output`:

    ```
    snn-opt net.mlir --snn-summarize -o /dev/null
    ```
  }];
  let options = [
    Option<"outputFile", "output", "std::string", /*default=*/"\"-\"",
           "Where to write the summary (- for stdout)">,
  ];
  let dependentDialects = ["::mlir::snn::SNNDialect"];
}

def SNNSchedule : Pass<"snn-schedule", "::mlir::ModuleOp"> {
  let summary = "Lower each network to init and run functions over its buffers";
  let description = [{
    Every `snn.network @net` becomes

    ```mlir
    func.func @net_init(<buffers>)
    func.func @net_run(%steps: index, <buffers>, <recorders>)
    ```

    Each argument carries `snn.buffer` (its name, such as `"exc.v"`) and
    `snn.role` (parameter, state, weight, input, scratch, monitor), which is
    what the generated header and the runtime use; nothing relies on the
    argument order (a monitor's also `snn.every` and `snn.source`, the
    buffer it records). `run` holds the time loop; one step is: deliver each
    projection (`linalg.matmul` for dense connectivity,
    an elementwise kernel for one_to_one) from the spikes (or graded value)
    of the previous step, plus bias; run each synapse model and write its
    output into the target's port (the first projection into a port
    overwrites it, later ones add; the kernel also clears `<proj>.in`); run each population's `update`,
    `threshold` (spikes = margin > 0) and `reset` (applied where a spike
    fired) as `linalg.generic` kernels over `[batch, neurons]`; record the
    monitors due this step into `recorder[step / every]` (spike monitors as
    bits: i64 words of 64 neurons, `snn.bits = N` on the argument).

    Scalar parameters become constants in the kernels; per-neuron data
    becomes a buffer. `init` writes every initial value: constants with
    `linalg.fill`, data from a constant `memref.global`, `#snn.uniform` and
    `#snn.normal` drawn from Philox-4x32-10 keyed by each batch entry's seed
    (the `seed` buffer, which the caller fills before `init`). Random ops in
    model regions draw from the same generator with the step number kept in
    the `step` buffer (docs/random.md).

    A declaration `func.func private @net_run(...)` already in the module
    (a driver calling the network) is replaced by the definition. Networks
    and models are removed afterwards.

    Sparse connectivity (fixed_probability, fixed_in_degree, csr) and the
    window kinds (conv1d, conv2d, local, sum/avg pooling) become constant
    CSR arrays at compile time; delivery walks the rows of the sources
    (all of them: `--snn-event-driven` restricts dense and compressed-row
    deliveries, tagged `snn.deliver`, to the sources that fired, using the
    `<src>.events` and `<src>.event_count` scratch buffers declared here);
    window kinds look their weight up through a per-synapse index into the
    shared (or untied) kernel. Delays longer than one
    step use a ring of pending input per projection (`<proj>.pending`);
    per-synapse delays (data or `#snn.uniform_int`, drawn at compile time)
    deliver by rows, each synapse into its own slot (dense and one_to_one
    projections with them become full compressed rows).

    Plasticity rules (docs/plasticity.md): on_pre inside delivery for each
    arriving spike, then after the neurons pre/post spike, on_post over
    compressed columns, synapse dynamics and pre/post dynamics.

    With `batch-slices=K` (K >= 2), a batched network's `@net_run` becomes
    a parallel loop (`scf.parallel`, OpenMP threads once lowered) over the
    largest number of equal slices of the batch up to K; each slice runs
    the whole time loop for its entries in the private
    `@net.batch_slice_run`, the network scheduled a second time with the
    slice's batch. Entries are independent, so results are those of the
    unsplit run, bit for bit. Buffers with the batch after their first
    dimension (monitors, delay rings) reach the slice with the whole
    batch's strides; each slice counts steps in its own copy of `step`. A
    network whose entries share a buffer the run writes (directly or
    through a view) keeps the unsplit run, with a remark, as does a batch whose largest number of equal
    slices up to K is at most K / 2 (most threads would idle; large kernels
    are split over all of them instead).

    Not handled yet (each is reported as an error naming the part):
    plasticity with batches, long delays or shared weights, modulators read
    by a rule's neuron regions, `snn` ops inside `scf` regions of a model.
    Modulators are input buffers (`[batch]`, or `[batch, N]` per neuron).
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::LLVM::LLVMDialect"];
  let options = [
    Option<"stepFunction", "step-function", "bool", /*default=*/"false",
           "Also emit `@<net>_step(<buffers>)`, one step without monitors, "
           "for networks that do not declare training (which always get "
           "it): the HLS target's kernel">,
    Option<"batchSlices", "batch-slices", "int64_t", /*default=*/"0",
           "With K >= 2: split the run of a batched network over threads, "
           "each running a contiguous slice of the batch entries through "
           "the whole time loop (the batch is split into its largest "
           "number of equal slices up to K, when that is more than K / 2)">,
  ];
}

def SNNEventDriven : Pass<"snn-event-driven", "::mlir::func::FuncOp"> {
  let summary = "Deliver spikes by visiting only the sources that fired";
  let description = [{
    `--snn-schedule` delivers each projection from every source: dense
    connectivity as a `linalg.matmul` of the source's values with the
    weights (a `linalg.batch_vecmat` for per-entry weights), compressed rows (sparse and window connectivity) as a loop over
    every source's row. Both carry `snn.deliver = "<source buffer>"`. This
    pass makes them event-driven:

    - once per source and step, before the first delivery reading it, the
      compact list of the sources whose value is non-zero is built into the
      `<src>.events` (indices in ascending order, `[batch, N]`, i64) and
      `<src>.event_count` (`[batch]`, i64) buffers the schedule declared;
      sources are tested 16 at a time, so a chunk where none fired costs one
      vector load and test. A list is reused by every later delivery from
      the same source in the same block until something may write the
      source.
    - a compressed-row delivery's loop over sources walks the list instead;
    - a dense product with one batch entry, `[1, N_src] x [N_src, N_dst]`,
      becomes a loop over the list adding `value * W[i, :]` (one row per
      spike) into the target. Each target sums the same non-zero terms in
      the same order as the product did, so results are unchanged. Dense
      products of several batch entries stay products (DESIGN.md §3);
    - a per-entry product (`linalg.batch_vecmat`, each entry its own
      weights: `per_entry`) becomes, for each entry `e`, a loop over its
      list adding `value * W[e, i, :]`, in the same order. A source of
      fewer than 16 neurons in a batch, delivered only by such products,
      gets one list for all entries instead (flat indices `e * N + i`,
      entry by entry, the count in `<src>.event_count[0]`, the build
      tagged `snn.flat_event_list`): its chunks of 16 span entries, the set
      bits of a chunk's mask are visited one by one, and the delivery is
      one loop over that list, the same terms in the same order.

    A row is added 16 targets at a time (`vector<16xf32>` loads, a multiply
    and an add, a store), the last few in vectors of 8, 4, 2 and 1 rather
    than a masked 16: a masked store is not forwarded to the next spike's
    load of the same targets. Each target adds the same product as a
    scalar loop would.

    Before (the tagged loop visits every source `%i` of batch entry `%e`):
    ```mlir
    scf.for %e = %c0 to %c2 step %c1 {
      scf.for %i = %c0 to %c3200 step %c1 {
        %s = memref.load %spike[%e, %i]
        ...row %i, adding %s * w...
      } {snn.deliver = "exc.spike"}
    }
    ```
    After:
    ```mlir
    scf.for %e ... { ...16-wide scan of exc.spike into exc.spike.events... }
    scf.for %e = %c0 to %c2 step %c1 {
      %n = memref.load %count[%e]
      scf.for %q = %c0 to %n step %c1 {
        %i = memref.load %events[%e, %q]
        %s = memref.load %spike[%e, %i]
        ...row %i, adding %s * w...
      }
    }
    ```
    A tagged delivery without its list buffers is left as it is, with a
    warning.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect"];
}

def SNNHoistTime : Pass<"snn-hoist-time", "::mlir::ModuleOp"> {
  let summary = "Split the training time loop so feed-forward products run once for all steps";
  let description = [{
    On a network that declares `snn.train`, between --snn-schedule and
    --snn-generate-adjoint. A dense delivery (`linalg.matmul`) whose source
    does not depend on its target, through any path within a step or from
    step to step (the projection joins two strongly connected parts of the
    population graph), can be computed for every step at once: its source's
    value of each step is recorded, and one product `[T·B, N_in] x [N_in,
    N_out]` gives what it delivers in every step. The step's kernels get a
    stage (`snn.stage`): the number of such products on the longest path
    into them; the products are marked `snn.hoist`. --snn-generate-adjoint
    then runs one time loop per stage, the products between them, and the
    weight gradient of a marked product as one product over all steps after
    the backward loop (`dW += A^T dC` with `T·B` rows). Recurrent
    projections stay in their loop. A stage reads what an earlier stage
    wrote from a record of every step (`train.history.*`). Nothing is
    marked when no product can be hoisted, or when the batch is larger
    than `max-batch`: a product of that many rows per step already shares
    each load of a weight row between rows, and over all steps at once it
    only adds memory traffic (bench/bptt: batch 64 trains 15% faster
    hoisted, batch 128 5% slower). docs/training.md describes it.
  }];
  let options = [
    Option<"maxBatch", "max-batch", "int64_t", /*default=*/"64",
           "Hoist only in networks of at most this many batch entries">,
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect"];
}

def SNNGenerateAdjoint : Pass<"snn-generate-adjoint", "::mlir::ModuleOp"> {
  let summary = "Generate the training step: forward, backward through time, update";
  let description = [{
    For every network that declares `snn.train`, --snn-schedule emits its
    step as `@<net>_step` with the declaration attached (`snn.train`). This
    pass replaces that function with

    ```mlir
    func.func @<net>_train_step(<buffers>)   // forward, backward, update
    func.func @<net>_forward(<buffers>)      // forward and loss only
    ```

    The backward pass is derived from the step's kernels by reverse-mode
    differentiation (docs/training.md): each `linalg.generic` gets an
    adjoint generic whose body is the reverse of its scalar code (arith and
    math ops; a spike's derivative is the declared surrogate of its
    threshold margin), each `linalg.matmul` its two transposed products.
    The state every step starts from is kept on a tape (every
    `checkpoint`-th step, the rest recomputed), each step is recomputed
    into version buffers, and its adjoint runs last op first. The loss
    (cross-entropy or mean squared error), its gradient and the optimiser
    (SGD with momentum, Adam; weight decay; gradient clipping) are
    generated too. The new buffers (roles `tape`, `gradient`, `optimizer`,
    `output`, and inputs `train.label` or `train.target`) are added to
    every function of the network, so the ABI describes them.

    Run it right after --snn-schedule (and --snn-hoist-time, whose stages
    it follows), on unfused kernels. Dense, one_to_one, sparse,
    convolutional and pooling projections are differentiated; steps with
    delays, plasticity or spike filters are reported as errors naming the
    op.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def SNNLowerProducts : Pass<"snn-lower-products", "::mlir::func::FuncOp"> {
  let summary = "Lower dense products to row loops vectorised in 16 lanes";
  let description = [{
    Delivery's `linalg.matmul` (`C += A B`) and the products of its adjoint
    that --snn-generate-adjoint tags `snn.product` ("tn": `C += A^T B`, the
    weight gradient; "nt": `C += A B^T`, the input's adjoint) become loops
    whose innermost dimension is contiguous and vectorised: for the first
    two, a row of B is added to a row of C for every non-zero element of A
    (so spikes that did not fire cost one test), summed in the order the
    plain loops sum, each step a fused multiply-add unless
    `contract=false`. `rows` rows of C (4) go together: one list of where
    any of them is non-zero, and each row of B loaded once for all of them
    (a row that is 0 there adds 0, which changes nothing). For "nt", a dot
    product of two rows, or, when A has fewer than 16 columns, the "nn"
    form with B transposed onto the stack. With `parallel`, the outer loop
    over C's rows is an `scf.parallel` when the product has at least
    `min-parallel-work` multiply-adds.
  }];
  let options = [
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "Run the rows of C on threads (scf.parallel)">,
    Option<"minParallelWork", "min-parallel-work", "int64_t",
           /*default=*/"1048576",
           "Smaller products stay sequential">,
    Option<"rows", "rows", "int64_t", /*default=*/"4",
           "Rows of C computed together, sharing their loads of B (halved "
           "until they divide C's rows)">,
    Option<"contract", "contract", "bool", /*default=*/"true",
           "Each multiply-add of a product is one fused operation (one "
           "rounding); false: a multiply and an add, as the plain loops">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::math::MathDialect"];
}

def SNNFuse : Pass<"snn-fuse", "::mlir::func::FuncOp"> {
  let summary = "Merge consecutive elementwise kernels over the same neurons";
  let description = [{
    After `--snn-schedule`, one step of a population is several
    `linalg.generic` kernels over the same `[batch, neurons]` space (the
    synapse kernels feeding its ports, update, threshold, reset), each a
    pass over memory. This pass merges two consecutive kernels into one when
    it is safe: both are all-parallel over the same static iteration
    space, and every buffer the second touches that the first writes (or
    that the second writes and the first reads) is accessed through the same
    indexing map in both, so each element's computation only depends on
    that element. A value the first kernel yields for a buffer is used
    directly by the second instead of being re-read.

    Before:
    ```mlir
    linalg.generic ... ins(%port) outs(%v)      // update
    linalg.generic ... ins(%v) outs(%spike)     // threshold
    ```
    After:
    ```mlir
    linalg.generic ... ins(%port) outs(%v, %spike)
    ```

    It does not reorder kernels, and it leaves anything that is not an
    elementwise `linalg.generic` (matmuls, event-driven delivery, monitors)
    where it is, as a barrier.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def SNNFuseEventLists : Pass<"snn-fuse-event-lists", "::mlir::func::FuncOp"> {
  let summary = "Build each spike list inside its population's tile loop";
  let description = [{
    After `--snn-event-driven`, `--snn-fuse` and `--snn-vectorize`, a
    spiking population's loop over tiles of 16 neurons is followed by the
    loop that builds the list of its neurons that fired (tagged
    `snn.event_list`), which reads the same spikes 16 at a time. Chunk c
    of that build reads exactly what tile 16c wrote, so this pass moves the
    build into the tile loop: the loop carries the list's length, and each
    tile appends its neurons that fired right after computing them (the
    fused neuron loop writes the compact list, DESIGN.md §2.4). Builds that
    do not match (parallel `scf.forall` tiles, other widths, a graded
    source) stay separate loops.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect"];
}

def SNNHoistParameters : Pass<"snn-hoist-parameters", "::mlir::func::FuncOp"> {
  let summary = "Compute what step kernels derive from parameters alone once per call";
  let description = [{
    In an elementwise kernel inside a loop (a network's time loop), the
    values computed only from inputs the loop never writes (parameters),
    constants and indices, and used by the step's own computation, are
    computed once before the loop into a `memref.alloca` buffer the kernel
    then reads, when their computation includes a division, a remainder or
    a math function: the decay factor `exp(-dt / tau_m)` of time constants
    given per neuron or per batch entry, which a scalar constant would have
    let the canonicaliser fold. The same operations on the same values, so
    results are bit for bit unchanged. Only loops at the function's top
    level (an alloca in a loop would take stack at every iteration), and at
    most 256 KiB of hoisted values per function; other kernels keep
    computing them every step.

    ```mlir
    scf.for %t = ... {
      linalg.generic ins(%tau, %i : ...) outs(%v : ...) {
        %r = arith.divf %dt, %tau ; %d = math.exp %r ; ... uses %d ...
      }
    }
    ```
    becomes
    ```mlir
    %decay = memref.alloca() : memref<64x12xf32>
    linalg.generic ins(%tau : ...) outs(%decay : ...) {...} {snn.hoisted}
    scf.for %t = ... {
      linalg.generic ins(%tau, %i, %decay : ...) outs(%v : ...) {... uses %decay's element ...}
    }
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::memref::MemRefDialect"];
}

def SNNVectorize : Pass<"snn-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Vectorise elementwise kernels in tiles of 16 neurons";
  let description = [{
    Tiles every elementwise `linalg.generic` over `[batch, neurons]` (after
    `--snn-fuse`, one per population and step) into tiles of one batch entry
    by 16 neurons, and vectorises each tile with `linalg::vectorize`: the
    kernel's arith and math ops work on `vector<1x16xf32>`, reads and writes
    are `vector.transfer_read`/`transfer_write`, and a last partial tile is
    masked. A kernel the vectoriser does not handle stays a loop over
    scalar tiles.

    With a batch, a kernel whose operands are all `[batch, N]` buffers or
    scalars becomes one kernel over `batch * N` elements first
    (`memref.collapse_shape`), so its tiles span entries: small
    populations (an evolving population's individuals, a few neurons each)
    fill their lanes instead of masking most of them. When N is below 16,
    operands of one value per entry (a random stream's seed) or per neuron
    (per-neuron data) are read at `k / N` and `k % N`: for a kernel in a
    time loop at the function's top level that does not write them, from
    a `[batch, N]` copy made once before the loop (`memref.alloca`, up to
    64 KiB per function), read in contiguous vectors; otherwise by
    gathers, and a per-neuron gather the same for every tile (N divides 16:
    each tile starts at a multiple of N) is done once, before the tile
    loop, when the loop does not write the operand (a population's shared
    draws of the step). Kernels with
    random draws are vectorised too: Philox's `arith.mului_extended` on
    `vector<16xi32>` becomes one 32-bit multiply of all lanes (the low
    halves) and products of the even and the odd lanes seen as
    `vector<8xi64>` (one `pmuludq` each on x86), whose high halves one lane
    select joins. Each element is computed as before.

    With `parallel`, the tiles of every kernel over at least
    `min-parallel-elements` elements (batch times neurons) are an
    `scf.forall` instead of nested `scf.for`s, which `snn-to-cpu{threads}`
    turns into OpenMP worksharing loops; kernels drawing random numbers are
    then tiled too (scalar tiles, in parallel). Each element's computation
    is the same whichever thread runs its tile, so results do not depend
    on the thread count. With `vectors=false` (`snn-to-cpu{vectorize=false
    threads=true}`) the parallel tiles stay scalar and nothing else is
    tiled.

    Before:
    ```mlir
    linalg.generic ins(%port : memref<1x3200xf32>) outs(%v : memref<1x3200xf32>) {...}
    ```
    After:
    ```mlir
    scf.for %i = %c0 to %c3200 step %c16 {
      %x = vector.transfer_read %port[...] : memref<1x3200xf32>, vector<1x16xf32>
      ...
    }
    ```
  }];
  let options = [
    Option<"parallel", "parallel", "bool", /*default=*/"false",
           "Tile with scf.forall (parallel tiles) instead of scf.for">,
    Option<"vectors", "vectors", "bool", /*default=*/"true",
           "Vectorise the tiles (false: only parallel tiles, scalar)">,
    Option<"minParallelElements", "min-parallel-elements", "int64_t",
           /*default=*/"65536",
           "Smaller kernels keep sequential tiles (a parallel region costs "
           "more than it saves)">,
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::tensor::TensorDialect"];
}

def SNNParallelToGPU : Pass<"snn-parallel-to-gpu", "::mlir::func::FuncOp"> {
  let summary = "Map each outermost parallel loop to a CUDA grid of 1-D blocks";
  let description = [{
    After --convert-linalg-to-parallel-loops, every kernel of a step is an
    `scf.parallel` nest. Each outermost one (without reductions) becomes a
    `gpu.launch` of `block-size` threads per block and enough blocks for its
    iterations: thread `b * block-size + t` runs iteration number
    `b * block-size + t` (the indices recovered from it, the last dimension
    fastest), threads past the end do nothing. Inner sequential loops (a
    product's sum) stay in each thread; code outside parallel loops stays on
    the host.

    ```mlir
    scf.parallel (%e, %n) = (%c0, %c0) to (%c2, %c300) step (%c1, %c1) {...}
    ```
    becomes
    ```mlir
    gpu.launch blocks(%bx, ...) in (%gx = %c3, ...) threads(%tx, ...) in (%sx = %c256, ...) {
      %i = bx * sx + tx;  scf.if %i < 600 { %e = i / 300; %n = i % 300; ... }
    }
    ```
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect"];
}

def SNNGPUToLoops : Pass<"snn-gpu-to-loops", "::mlir::func::FuncOp"> {
  let summary = "Run CUDA grids on the CPU as loops over blocks and threads";
  let description = [{
    Replaces each `gpu.launch` by loops over its grid's blocks and each
    block's threads (all three dimensions), the body inside with the ids and
    sizes bound to the loops. For kernels whose threads are independent (no
    barriers or shared memory, as --snn-parallel-to-gpu emits), the result
    is what a device computes; this is how the suite checks the CUDA
    kernels' indexing on machines without a GPU. Launches with barriers,
    workgroup memory or async tokens are errors.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

def SNNKernelMath : Pass<"snn-kernel-math", "::mlir::func::FuncOp"> {
  let summary = "Compute the math functions of GPU kernels without libdevice";
  let description = [{
    Inside `gpu.launch` bodies: exp, log, tanh, erf, sin, cos and the others
    MLIR approximates become polynomial approximations in arith ops (powf and
    the hyperbolic functions through their expansions); absf and copysign
    bit operations; sqrt Newton steps from an estimate in the exponent bits
    (within an ulp or two); floor, ceil and trunc the integer part,
    corrected; log10 through log. So
    the PTX calls no `__nv_*` function and assembles without the CUDA
    toolkit's libdevice. A math op left over is an error
    naming it. --snn-gpu-to-loops runs after it in the CPU form of the
    kernels, which therefore computes the same approximations. With
    `everywhere`, the whole function: the HLS target's kernels and the CPU
    target's fp-strict mode (docs/hls.md). With `libm-fallback` too, only
    the transcendental functions (exp, log, tanh, erf, sin, cos, ... and
    their variants) become polynomials and the rest is no error (sqrt,
    floor and the like stay intrinsics, exact instructions on the CPU): the
    CPU target's default mode, where a libm call per vector lane would cost
    more than the rest of a kernel, and where scalar and vector code must
    compute the same values (whether a kernel is vectorised changes no
    result).
  }];
  let options = [
    Option<"everywhere", "everywhere", "bool", /*default=*/"false",
           "Rewrite every math op of the function, not only those inside "
           "gpu.launch: the HLS target's kernels, and the CPU target's "
           "fp-strict mode, which must compute the same values">,
    Option<"libmFallback", "libm-fallback", "bool", /*default=*/"false",
           "Leave math ops without a form here (no error): they become "
           "LLVM's intrinsics, libm calls on the CPU">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::vector::VectorDialect"];
}

def SNNRowsToParallel : Pass<"snn-rows-to-parallel", "::mlir::func::FuncOp"> {
  let summary = "Deliver along compressed rows in parallel, with atomic adds";
  let description = [{
    A compressed-row delivery (sparse, convolutional and pooling
    projections without delays or plasticity: the loops over batch entries
    and sources marked `snn.rows`) becomes one `scf.parallel` over (entry,
    source), for --snn-parallel-to-gpu: each iteration walks one source's
    row, only when the source sent something (the event-driven form), and
    adds into the targets with `memref.atomic_rmw addf`, since rows share
    targets. On a device the additions' order varies, so results agree with
    the CPU within rounding. A plastic delivery (on_pre) goes in parallel
    over one entry's sources, the entries in turn (they share weights),
    when each iteration writes only its own synapses (`x[k]`) and
    otherwise accumulates (into targets, or a shared kernel's changes
    `<proj>.dw`: made atomic); else it stays on the host. The plasticity
    loops --snn-schedule marks `snn.disjoint_synapses` (on_pre_spike over
    rows, on_post over columns, synapse_dynamics and the weight update over
    every synapse or kernel entry) go in parallel the same way, their
    writes to the listed per-synapse buffers allowed, so a plastic
    convolution learns on the device. The adjoint loops of compressed-row
    deliveries (`snn.parallel_rows`, from --snn-generate-adjoint) become
    parallel loops over (entry, source): each iteration writes its own
    element and adds into the gradient atomically. Part of `snn-to-cuda`.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // SNN_TRANSFORMS_PASSES_TD

def SNNHLSKernels : Pass<"snn-hls-kernels", "::mlir::ModuleOp"> {
  let summary = "Keep the functions an HLS kernel has: init and one step";
  let description = [{
    After `--snn-schedule{step-function}`: `@<net>_init` and `@<net>_step`
    (one step without monitors) stay; `@<net>_run`, whose recorders grow
    with the steps of a call, and `@<net>_reset` go. The LLVM-specific
    attributes and training's `snn.train` are dropped. A buffer without a
    static shape is an error naming it: the C++ passes buffers as arrays
    (docs/hls.md).
  }];
}

def SNNHLSLoops : Pass<"snn-hls-loops", "::mlir::ModuleOp"> {
  let summary = "Make HLS kernels' loops and arithmetic expressible in C++";
  let description = [{
    On the loops of `--snn-hls-kernels`' functions, before
    `--convert-to-emitc`: 32x32 -> 64-bit products (`arith.mului_extended`,
    the random number generator's) become an i64 multiply and shifts;
    `arith.maximumf`/`minimumf` compares and selects with IEEE 754-2019
    semantics (NaN if either is NaN, -0 below +0), as LLVM computes them on
    the CPU; bit casts between f32 and i32 calls of `snn_bits_*` (snn_hls.h);
    fma, floor, ceil, trunc and remf calls of <math.h> (`fmaf`, ...);
    unsigned division and remainder of indices (a delay ring's slot) the
    signed ops, which EmitC prints on `size_t`, unsigned. Global
    names become C identifiers, and every innermost loop starts with
    `SNN_PRAGMA(HLS PIPELINE II=1)` (an `emitc.verbatim`; snn_hls.h makes
    it `#pragma HLS PIPELINE II=1` under an HLS tool's `__SYNTHESIS__`). A heap allocation, a
    vector op or a math function left over is an error naming it
    (`--snn-kernel-math{everywhere}` computes math functions in arith ops
    first).
  }];
  let options = [
    Option<"fixedPoint", "fixed-point", "bool", /*default=*/"false",
           "For the fixed-point snn_real: math functions (and remf) become "
           "calls of snn_hls.h's snn_exp, snn_log, ...; a uniform draw "
           "(float)(bits) * 2^-k becomes snn_from_fraction(bits, k); a bit "
           "cast of a float is an error">,
    Option<"unroll", "unroll", "int64_t", /*default=*/"1",
           "Innermost loops of a static trip count this divides (and "
           "exceeds) also get `SNN_PRAGMA(HLS UNROLL factor=N)`">,
  ];
  let dependentDialects = ["::mlir::emitc::EmitCDialect",
                           "::mlir::arith::ArithDialect"];
}
