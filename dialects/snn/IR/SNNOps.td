//===- SNNOps.td - snn operations --------------------------*- tablegen -*-===//

#ifndef SNN_OPS_TD
#define SNN_OPS_TD

include "dialects/snn/IR/SNNDialect.td"
include "dialects/snn/IR/SNNAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Network level
//===----------------------------------------------------------------------===//

def SNN_NetworkOp : SNN_Op<"network", [Symbol, SymbolTable, IsolatedFromAbove,
                                       NoTerminator, SingleBlock,
                                       NoRegionArguments]> {
  let summary = "A spiking network: populations, projections, monitors";
  let description = [{
    A symbol table of `snn.population`, `snn.projection`, `snn.monitor` and
    `snn.modulator` ops. `dt` is the timestep in ms. `batch` is the number of
    independent copies of the network (a leading batch dimension on every
    state tensor); it defaults to 1 and is printed only when larger
    (`snn.network @train dt 1.0 batch 128 {`).

    ```mlir
    snn.network @coba dt 0.1 {
      snn.population @exc 3200 model @lif_cond init {v = #snn.uniform<-60.0, -50.0>}
      snn.projection @ee @exc -> @exc connect #snn.fixed_probability<0.02>
          weight #snn.constant<0.6> synapse @exp_current {tau = 5.0 : f32} port "ge"
      snn.monitor @exc_spikes spikes of @exc
    }
    ```

    The models a network uses are looked up in the enclosing module; the
    network checks every name, shape and range when it is verified.
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, F32Attr:$dt,
                       DefaultValuedAttr<I64Attr, "1">:$batch);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat =
      "$sym_name custom<NetworkSettings>($dt, $batch) attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
  }];
}

class SNN_NetworkPartOp<string mnemonic, list<Trait> traits = []>
    : SNN_Op<mnemonic, !listconcat(traits, [Symbol, HasParent<"NetworkOp">])>;

def SNN_PopulationOp : SNN_NetworkPartOp<"population"> {
  let summary = "A group of neurons sharing one neuron model";
  let description = [{
    `shape` is a size (`3200`) or a shape (`[32, 28, 28]` for conv layers).
    The dictionary after the model overrides its parameters: each value is a
    scalar (`20.0 : f32`), per-neuron data (`dense<...> : tensor<Nxf32>`) or
    an initializer (`#snn.uniform<...>`). `init` gives initial values of
    state variables the same way. `graded "v"` makes the population emit the
    value of a state variable every step instead of spikes (an LI readout,
    a current source). `per_entry ["tau_m", ...]` gives every batch entry
    its own copy of the listed parameters (a `[batch, N]` buffer, set from
    the value given, which resets of the state leave alone), so the entries
    of one batch can be neurons of different kinds: neuroevolution evolves
    them as genes. Parameters drawn by an initializer already differ per
    entry. Not with training of those parameters.

    `shared_draws` makes every batch entry take the random numbers entry 0
    draws in the population's model regions (`snn.random_uniform`,
    `snn.random_normal`, keyed by entry 0's seed): one stimulus for the
    whole batch, such as the same Poisson input spikes for every individual
    of a population under evaluation, drawn once per step instead of once
    per entry. The entries still differ in everything else (rates, state,
    parameters). Not with training.

    ```mlir
    snn.population @exc 3200 model @lif {tau_m = 20.0 : f32}
        init {v = #snn.uniform<-60.0, -50.0>}
    snn.population @out 10 model @li graded "v"
    snn.population @hid 12 model @lif {tau_m = 10.0} per_entry ["tau_m"]
    snn.population @in 4 model @poisson shared_draws
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, DenseI64ArrayAttr:$shape,
                       FlatSymbolRefAttr:$model,
                       OptionalAttr<DictionaryAttr>:$params,
                       OptionalAttr<DictionaryAttr>:$init,
                       OptionalAttr<StrAttr>:$graded,
                       OptionalAttr<StrArrayAttr>:$per_entry,
                       UnitAttr:$shared_draws);
  let assemblyFormat = [{
    $sym_name custom<Shape>($shape) `model` $model `` custom<Dict>("kw::none", $params)
    `` custom<Dict>("kw::init", $init) (`graded` $graded^)?
    (`per_entry` $per_entry^)? (`shared_draws` $shared_draws^)?
    attr-dict-with-keyword
  }];
  let extraClassDeclaration = [{
    /// Number of neurons (the product of the shape).
    int64_t getNumNeurons();
  }];
}

def SNN_ProjectionOp : SNN_NetworkPartOp<"projection"> {
  let summary = "Synapses from one population to another";
  let description = [{
    Connects `source` to `target` with a connectivity attribute. Optional
    parts, in this order:

    - `weight`: an initializer, a scalar, or data shaped as the connectivity
      says (defaults to `#snn.constant<1.0>`);
    - `per_entry`: every batch entry holds weights of its own (a `[batch,
      ...]` buffer), so a batch runs that many different networks of one
      structure in one call (neuroevolution's individuals, federated
      clients); random initializers draw each entry's from its own seed,
      data shaped as the connectivity says is copied to every entry and
      data of shape `[batch, ...]` gives each its own. Not with
      plasticity, `normalize` or training (yet);
    - `bias`: added to the delivered input of every target neuron (or output
      channel) each step;
    - `delay`: in whole steps, at least 1 (the default): an integer for the
      projection, `#snn.uniform_int<lo, hi>` or integer data for one delay per
      synapse;
    - `synapse @model {params}`: the postsynaptic model; without it, what is
      delivered goes straight into the port (a delta synapse);
    - `port "name"`: the input port of the target's neuron model; defaults to
      the synapse model's target, or to the neuron model's only input;
    - `plasticity @model {params}`: a plasticity model acting on `w`, with
      `modulators {name = @network_modulator}` binding the model's
      modulators when their names differ, and with a batch `reduction
      "sum"` (the default, BindsNET's) or `"mean"`: how the entries' weight
      changes of a step combine;
    - `normalize c`: once per sample, when `<net>_reset` runs, every target
      neuron's incoming weights are scaled to sum to `c` (Diehl & Cook's
      weight normalisation, BindsNET's `norm`; a column summing to 0 is left
      alone). Dense projections only, for now.

    ```mlir
    snn.projection @ie @inh -> @exc connect #snn.fixed_probability<0.02>
        weight #snn.constant<6.7> delay 1 synapse @exp_current {tau = 10.0 : f32}
        port "gi"
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, FlatSymbolRefAttr:$source,
                       FlatSymbolRefAttr:$target,
                       SNN_ConnectivityAttrInterface:$connectivity,
                       OptionalAttr<AnyAttr>:$weight,
                       OptionalAttr<AnyAttr>:$bias,
                       OptionalAttr<AnyAttr>:$delay,
                       OptionalAttr<FlatSymbolRefAttr>:$synapse,
                       OptionalAttr<DictionaryAttr>:$synapse_params,
                       OptionalAttr<StrAttr>:$port,
                       OptionalAttr<FlatSymbolRefAttr>:$plasticity,
                       OptionalAttr<DictionaryAttr>:$plasticity_params,
                       OptionalAttr<DictionaryAttr>:$modulators,
                       OptionalAttr<StrAttr>:$reduction,
                       OptionalAttr<F32Attr>:$normalize,
                       UnitAttr:$per_entry);
  let assemblyFormat = [{
    $sym_name $source `->` $target `connect` custom<Connectivity>($connectivity)
    `` custom<RealValue>("kw::weight", $weight) (`per_entry` $per_entry^)?
    `` custom<RealValue>("kw::bias", $bias)
    `` custom<Steps>($delay)
    (`synapse` $synapse^ `` custom<Dict>("kw::none", $synapse_params))?
    (`port` $port^)?
    (`plasticity` $plasticity^ `` custom<Dict>("kw::none", $plasticity_params))?
    (`modulators` $modulators^)?
    (`reduction` $reduction^)?
    (`normalize` $normalize^)?
    attr-dict-with-keyword
  }];
}

def SNN_MonitorOp : SNN_NetworkPartOp<"monitor"> {
  let summary = "Records spikes or a variable of a population or projection";
  let description = [{
    `spikes of @pop` records the spikes of a population; `"v" of @pop` a
    state variable; `"w" of @proj` a synapse variable of a projection.
    `every k` records one step in k (default 1).

    ```mlir
    snn.monitor @exc_spikes spikes of @exc
    snn.monitor @exc_v "v" of @exc every 10
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, StrAttr:$variable,
                       FlatSymbolRefAttr:$target,
                       DefaultValuedAttr<I64Attr, "1">:$every);
  let assemblyFormat = [{
    $sym_name custom<MonitorVariable>($variable) `of` $target
    (`every` $every^)? attr-dict-with-keyword
  }];
}

def SNN_SpikeFilterOp : SNN_NetworkPartOp<"spike_filter"> {
  let summary = "Winner-take-all over a population's spikes";
  let description = [{
    In every step, after the threshold and before the reset (DESIGN.md
    §2.4), of the neurons of `target` that crossed their threshold only the
    `k` with the highest value of `by` (default `"v"`, the pre-reset
    membrane) keep their spike; ties go to the lowest index. Per batch
    entry, over the whole population. `losers` says what happens to the
    others: `"keep"` (the default) only drops their spike, so they are not
    reset either; `"reset"` applies the model's reset to them as to the
    winners (refractoriness, adaptation), without a spike: BindsNET's
    `one_spike` with k = 1, which picks the winner at random instead.

    With `radius r` (a population shaped `[C, H, W]`, a conv layer's maps)
    the winners are also local: taken in order of `by`, each winner
    silences every other candidate within `r` positions of it (in height
    and width, in every channel), as the conv-STDP library's local
    winner-take-all does; `k` still caps the winners of a step (the
    library's mode BOTH; a large `k` is LOCAL alone).

    ```mlir
    snn.spike_filter @wta of @exc k 1 losers "reset"
    snn.spike_filter @maps_wta of @maps k 16 radius 2
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       FlatSymbolRefAttr:$target,
                       DefaultValuedAttr<I64Attr, "1">:$k,
                       DefaultValuedAttr<StrAttr, "\"v\"">:$by,
                       DefaultValuedAttr<StrAttr, "\"keep\"">:$losers,
                       OptionalAttr<I64Attr>:$radius);
  let assemblyFormat = [{
    $sym_name `of` $target (`k` $k^)? (`by` $by^)? (`losers` $losers^)?
    (`radius` $radius^)? attr-dict-with-keyword
  }];
}

def SNN_HomeostasisOp : SNN_NetworkPartOp<"homeostasis"> {
  let summary = "Adaptive threshold homeostasis towards a target rate";
  let description = [{
    Every step, after the plasticity of the step (DESIGN.md §2.4, step 5),
    the state variable `variable` of each neuron of `target` (an adaptive
    threshold the model's `threshold` region reads) moves by
    `rate * (spike - target_rate * dt / 1000)`: up by `rate` less the
    expected spikes for each spike, down by `rate * target_rate * dt /
    1000` each step, so it settles where the neuron fires at `target_rate`
    Hz; then it is clamped to [`min`, `max`] (defaults: none). The
    conv-STDP library's `AdaptiveThreshold` (target_rate, learning_rate,
    threshold_min, threshold_max) with the rate in Hz rather than per
    step.

    ```mlir
    snn.homeostasis @adapt of @exc "theta" target_rate 5.0 rate 0.01 min 0.0 max 50.0
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       FlatSymbolRefAttr:$target,
                       StrAttr:$variable,
                       F32Attr:$target_rate,
                       F32Attr:$rate,
                       OptionalAttr<F32Attr>:$min,
                       OptionalAttr<F32Attr>:$max);
  let assemblyFormat = [{
    $sym_name `of` $target $variable `target_rate` $target_rate `rate` $rate
    (`min` $min^)? (`max` $max^)? attr-dict-with-keyword
  }];
}

def SNN_SynapticScalingOp : SNN_NetworkPartOp<"synaptic_scaling"> {
  let summary = "Homeostatic synaptic scaling of a population's inputs";
  let description = [{
    Turrigiano's multiplicative synaptic scaling as sc_neurocore's
    `HomeostaticPlasticity` does it: every step, after the plasticity of
    the step, the population's mean rate this step (its spikes over its
    size, in Hz) updates a running estimate `r += (dt / tau) * (now - r)`
    (the first step sets `r = now`); while `r > 0`, every weight of every
    projection into `target` is multiplied by `target_rate / r` clamped to
    [`min`, `max`] (defaults 0.9 and 1.1, sc_neurocore's). The estimate
    (`<name>.rate`) is learned state: it survives a reset of the state.
    Batch 1 (the weights are shared by the entries).

    ```mlir
    snn.synaptic_scaling @scale of @exc target_rate 10.0 tau 1000.0
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       FlatSymbolRefAttr:$target,
                       F32Attr:$target_rate,
                       F32Attr:$tau,
                       DefaultValuedAttr<F32Attr, "0.9f">:$min,
                       DefaultValuedAttr<F32Attr, "1.1f">:$max);
  let assemblyFormat = [{
    $sym_name `of` $target `target_rate` $target_rate `tau` $tau
    (`min` $min^)? (`max` $max^)? attr-dict-with-keyword
  }];
}

def SNN_StructuralPlasticityOp : SNN_NetworkPartOp<"structural_plasticity"> {
  let summary = "Prune weak synapses and regrow others, in a fixed capacity";
  let description = [{
    sc_neurocore's `StructuralPlasticity`: every `every` steps (default 1),
    after the step's plasticity and population mechanisms, the projection
    `target`'s weights with `|w| < prune_threshold` become 0 (pruned); if
    any were, `n = min(pruned, max(1, floor(growth_rate * capacity)))` of
    the zero weights, drawn uniformly without replacement, regrow to a
    value uniform in [`grow_min`, `grow_max`] (0.001 and 0.05, sc_neurocore's).
    The capacity is the projection's stored synapses (the whole matrix for
    dense, the drawn rows for sparse kinds): a zero weight is an absent
    synapse that may grow. Random draws follow docs/random.md (the first
    entry's seed, streams `<name>/select` and `<name>/value`). Batch 1.

    With `per_row`, every source neuron's row is a capacity of its own
    (its stored synapses: the target count for dense, the drawn row for
    sparse kinds): each row prunes, and regrows
    `min(pruned in the row, max(1, floor(growth_rate * row length)))` of its
    own zero weights, so no neuron's fan-out grows beyond its row nor is
    left to the luck of a draw over the whole matrix.

    ```mlir
    snn.structural_plasticity @rewire of @p prune_threshold 0.01 growth_rate 0.001 every 100
    snn.structural_plasticity @rows of @q prune_threshold 0.01 growth_rate 0.1 per_row
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       FlatSymbolRefAttr:$target,
                       F32Attr:$prune_threshold,
                       F32Attr:$growth_rate,
                       DefaultValuedAttr<I64Attr, "1">:$every,
                       DefaultValuedAttr<F32Attr, "0.001f">:$grow_min,
                       DefaultValuedAttr<F32Attr, "0.05f">:$grow_max,
                       UnitAttr:$per_row);
  let assemblyFormat = [{
    $sym_name `of` $target `prune_threshold` $prune_threshold
    `growth_rate` $growth_rate (`every` $every^)? (`grow_min` $grow_min^)?
    (`grow_max` $grow_max^)? (`per_row` $per_row^)? attr-dict-with-keyword
  }];
}

def SNN_ModulatorOp : SNN_NetworkPartOp<"modulator"> {
  let summary = "A third factor (reward, error) bound to a host buffer";
  let description = [{
    A value the host writes every step: one per batch entry (a reward), or
    one per neuron of a population when a shape is given (an error signal).
    Plasticity models read it with `snn.get_modulator`.

    ```mlir
    snn.modulator @reward
    snn.modulator @error [10]
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       OptionalAttr<DenseI64ArrayAttr>:$shape);
  let assemblyFormat = "$sym_name `` custom<OptionalShape>($shape) attr-dict-with-keyword";
}

def SNN_TrainOp : SNN_Op<"train", [HasParent<"NetworkOp">]> {
  let summary = "What training changes and how: loss, optimiser, surrogate";
  let description = [{
    Declares how `--snn-generate-adjoint` trains the network (docs/training.md):
    a sample runs `steps` steps, the `loss` is computed on the population
    after `of`, backpropagation through time derives every gradient from
    the scheduled kernels, and the `optimizer` updates the weights (and
    biases) of the `trainable` projections. A population in `trainable`
    trains its parameters given one value per neuron (`tau_m =
    dense<...> : tensor<Nxf32>`: time constants, thresholds), shared by the
    batch; its parameters given as one number stay constants.

    - `loss`: `"ce_count"` (cross-entropy on the spike counts of a spiking
      population), `"ce_final"` / `"ce_max"` (cross-entropy on the final or
      the largest value over the steps of a graded population's output),
      `"mse_rate"` (mean squared error between the spikes per step and a
      target in [0, 1]), `"mse_trace"` (mean squared error between a graded
      output and a target trace, one value per step).
    - `optimizer`: `"sgd"` (`lr`, `momentum`) or `"adam"` (`lr`, `beta1`,
      `beta2`, `eps`), both with `weight_decay` (added to the gradient, as
      PyTorch does), `clip` (the largest global gradient norm; 0: none) and
      `ewc` (the strength of an elastic weight consolidation penalty
      `ewc / 2 sum F (w - w*)^2`, with the Fisher diagonal `F` and the
      anchor `w*` in the buffers `<w>.fisher` and `<w>.anchor`).
    - `surrogate`: the derivative of a spike with respect to its threshold
      margin `m`: `"fast_sigmoid"` 1 / (1 + slope |m|)^2, `"superspike"`
      (the same function, Zenke and Ganguli's name), `"arctan"`
      (slope / 2) / (1 + (pi slope m / 2)^2), `"triangle"`
      slope max(0, 1 - slope |m|).
    - `checkpoint k`: keep the state of every k-th step only and recompute
      the rest during the backward pass (default 1: every step).
    - `truncate k`: gradients flow back at most through windows of k steps
      (default 0: through all steps).
    - `reset "attached"`: differentiate through the reset too (default
      `"detached"`, as snnTorch does).
    - `sequence [@src]`: the external inputs of these populations change
      every step: each `<pop>.<input>` gets a buffer `<pop>.<input>.seq`
      with one value per step (`[steps, batch, N]`), copied in before each
      step. Other inputs hold one value for all steps.

    ```mlir
    snn.train loss "ce_count" of @out steps 25
        optimizer "adam" {lr = 1.0e-3 : f32}
        surrogate "fast_sigmoid" slope 25.0 trainable [@ih, @ho]
    ```
  }];
  let arguments = (ins StrAttr:$loss, FlatSymbolRefAttr:$readout,
                       I64Attr:$steps, StrAttr:$optimizer,
                       OptionalAttr<DictionaryAttr>:$optimizer_params,
                       StrAttr:$surrogate,
                       DefaultValuedAttr<F32Attr, "1.0">:$slope,
                       FlatSymbolRefArrayAttr:$trainable,
                       DefaultValuedAttr<I64Attr, "1">:$checkpoint,
                       DefaultValuedAttr<I64Attr, "0">:$truncate,
                       DefaultValuedAttr<StrAttr, "\"detached\"">:$reset,
                       OptionalAttr<FlatSymbolRefArrayAttr>:$sequence);
  let assemblyFormat = [{
    `loss` $loss `of` $readout `steps` $steps
    `optimizer` $optimizer ($optimizer_params^)?
    `surrogate` $surrogate (`slope` $slope^)?
    `trainable` $trainable
    (`checkpoint` $checkpoint^)? (`truncate` $truncate^)? (`reset` $reset^)?
    (`sequence` $sequence^)? attr-dict
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Models
//===----------------------------------------------------------------------===//

class SNN_ModelOp<string mnemonic, list<Trait> traits = []>
    : SNN_Op<mnemonic, !listconcat(traits, [Symbol, IsolatedFromAbove,
             SingleBlockImplicitTerminator<"YieldOp">, NoRegionArguments])>;

def SNN_NeuronModelOp : SNN_ModelOp<"neuron_model"> {
  let summary = "A neuron model: update, threshold and reset as scalar code";
  let description = [{
    Declares parameters and state variables with their defaults (all `f32`),
    the names of its synaptic input ports (`inputs`, read-only, the summed
    output of the projections feeding each port this step) and of values the
    host provides every step (`external`, read-only: spike arrays, rates,
    currents).

    Regions, each run per neuron and each optional:
    - `update`: once per step, after synaptic input; integrates the state;
    - `threshold`: yields an `f32` margin; the neuron spikes where it is > 0;
    - `reset`: applied where a spike fired.

    A model without `threshold` never spikes; its populations must be
    `graded`.

    `persistent` lists state variables that are learned rather than
    transient (an adaptive threshold that homeostasis raises over a whole
    training run): they keep their values across samples, have the role
    `weight`, and `<net>_reset` returns them to their initial values only
    with the weights.
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       OptionalAttr<DictionaryAttr>:$params,
                       OptionalAttr<DictionaryAttr>:$state,
                       OptionalAttr<StrArrayAttr>:$inputs,
                       OptionalAttr<StrArrayAttr>:$external,
                       OptionalAttr<StrArrayAttr>:$persistent);
  let regions = (region MaxSizedRegion<1>:$update,
                        MaxSizedRegion<1>:$threshold,
                        MaxSizedRegion<1>:$reset);
  let assemblyFormat = [{
    $sym_name `` custom<Dict>("kw::params", $params) `` custom<Dict>("kw::state", $state)
    (`inputs` $inputs^)? (`external` $external^)?
    (`persistent` $persistent^)? attr-dict-with-keyword
    `` custom<ModelRegions>("kw::neuronRegions", $update, $threshold, $reset)
  }];
  let hasVerifier = 1;
}

def SNN_SynapseModelOp : SNN_ModelOp<"synapse_model"> {
  let summary = "A postsynaptic model: dynamics per target neuron, and its output";
  let description = [{
    State lives per target neuron of each projection that uses the model.
    Each step, after delivery:
    - `dynamics` (optional) advances the state; `snn.get_delivered` reads
      what the projection delivered to this neuron this step;
    - `output` yields the `f32` added to the target's input port (`target`
      names the default port).

    `snn.get_post` reads the target neuron's variables (a conductance
    synapse reads `v`).
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       OptionalAttr<DictionaryAttr>:$params,
                       OptionalAttr<DictionaryAttr>:$state,
                       OptionalAttr<StrAttr>:$target);
  let regions = (region MaxSizedRegion<1>:$dynamics, MaxSizedRegion<1>:$output);
  let assemblyFormat = [{
    $sym_name `` custom<Dict>("kw::params", $params) `` custom<Dict>("kw::state", $state)
    (`target` $target^)? attr-dict-with-keyword
    `` custom<ModelRegions>("kw::synapseRegions", $dynamics, $output)
  }];
  let hasVerifier = 1;
}

def SNN_PlasticityModelOp : SNN_ModelOp<"plasticity_model"> {
  let summary = "A plasticity rule: pre, post and synapse regions acting on w";
  let description = [{
    State lives per presynaptic neuron (`pre_state`), per postsynaptic neuron
    (`post_state`) and per synapse (`synapse_state`, besides the built-in
    weight `w`). `modulators` names the third factors the rule reads.

    | region | runs | for each |
    |---|---|---|
    | `pre_dynamics` / `post_dynamics` | every step | pre / post neuron |
    | `pre_spike` / `post_spike` | when that neuron spikes | pre / post neuron |
    | `on_pre` | when a presynaptic spike arrives | synapse of that row |
    | `on_pre_spike` | in the step the pre neuron spikes | synapse of that row |
    | `on_post` | when the post neuron spikes | synapse of that column |
    | `synapse_dynamics` | every step | synapse |

    `on_pre` runs during delivery, `delay` steps after the spike; the other
    regions run after the neurons of the step, in the order of the table
    (docs/plasticity.md). `on_pre_spike` sees the traces of the step the
    presynaptic neuron fired in, as BindsNET's rules do.

    `bounds ["lo", "hi"]` names two parameters: every weight a step's
    regions changed is clamped to [lo, hi] once they have all run (after
    `on_pre` itself, for what `on_pre` changed). `decay "p"` multiplies every
    weight by (1 - p) each step before that clamp (nothing is emitted when
    the projection's value of p is 0).

    `on_pre` may `snn.deliver` what reaches the target (without it, `w` is
    delivered). Synapse regions read pre and post variables with
    `snn.get_pre` / `snn.get_post` (the rule's own pre/post state first,
    then the neuron model's variables, and `"spike"`), and the post neuron's
    surrogate derivative with `snn.get_post_surrogate`.
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       OptionalAttr<DictionaryAttr>:$params,
                       OptionalAttr<DictionaryAttr>:$pre_state,
                       OptionalAttr<DictionaryAttr>:$post_state,
                       OptionalAttr<DictionaryAttr>:$synapse_state,
                       OptionalAttr<StrArrayAttr>:$modulators,
                       OptionalAttr<StrArrayAttr>:$bounds,
                       OptionalAttr<StrAttr>:$decay);
  let regions = (region MaxSizedRegion<1>:$pre_dynamics,
                        MaxSizedRegion<1>:$post_dynamics,
                        MaxSizedRegion<1>:$pre_spike,
                        MaxSizedRegion<1>:$post_spike,
                        MaxSizedRegion<1>:$on_pre,
                        MaxSizedRegion<1>:$on_pre_spike,
                        MaxSizedRegion<1>:$on_post,
                        MaxSizedRegion<1>:$synapse_dynamics);
  let assemblyFormat = [{
    $sym_name `` custom<Dict>("kw::params", $params)
    `` custom<Dict>("kw::pre_state", $pre_state)
    `` custom<Dict>("kw::post_state", $post_state)
    `` custom<Dict>("kw::synapse_state", $synapse_state)
    (`modulators` $modulators^)? (`bounds` $bounds^)? (`decay` $decay^)?
    attr-dict-with-keyword
    `` custom<ModelRegions>("kw::plasticityRegions", $pre_dynamics, $post_dynamics,
                            $pre_spike, $post_spike, $on_pre, $on_pre_spike,
                            $on_post, $synapse_dynamics)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Ops inside model regions
//===----------------------------------------------------------------------===//

// Ops that only make sense inside a model region.
def SNN_InModel : NativeOpTrait<"InModel"> {
  let cppNamespace = "::mlir::snn::OpTrait";
}

// Reads and writes of named values are ordered among themselves (a read after
// a write sees the new value) but are otherwise free of side effects.
class SNN_ReadOp<string mnemonic, list<Trait> traits = []>
    : SNN_Op<mnemonic, !listconcat(traits, [SNN_InModel, MemoryEffects<[MemRead]>])> {
  let results = (outs F32:$result);
}

def SNN_GetOp : SNN_ReadOp<"get"> {
  let summary = "Read a parameter, state variable, input port or external value";
  let arguments = (ins StrAttr:$name);
  let assemblyFormat = "$name attr-dict `:` type($result)";
}

def SNN_GetPreOp : SNN_ReadOp<"get_pre"> {
  let summary = "Read a variable of the presynaptic neuron (plasticity models)";
  let arguments = (ins StrAttr:$name);
  let assemblyFormat = "$name attr-dict `:` type($result)";
}

def SNN_GetPostOp : SNN_ReadOp<"get_post"> {
  let summary = "Read a variable of the postsynaptic neuron";
  let description = [{
    In plasticity models: the rule's post state or the post neuron's
    variables. In synapse models: the target neuron's variables.
  }];
  let arguments = (ins StrAttr:$name);
  let assemblyFormat = "$name attr-dict `:` type($result)";
}

def SNN_GetPostSurrogateOp : SNN_ReadOp<"get_post_surrogate"> {
  let summary = "The surrogate derivative of the post neuron at its margin";
  let description = [{
    The derivative a spike stands for in training, d spike / d margin,
    evaluated at the post neuron's threshold margin of this step (in
    `on_pre`, which runs before the neurons, the last step's; 0 before the
    first step). Used by e-prop eligibility traces (docs/training.md).

    Without a name it is the network's surrogate: the one `snn.train`
    declares, else `"fast_sigmoid"` with slope 1. A name (and a slope, 1
    when omitted) choose one here (the formulas of `snn.train`):

    ```mlir
    %psi = snn.get_post_surrogate : f32
    %psi = snn.get_post_surrogate "triangle" slope 1.0 : f32
    ```
  }];
  let arguments = (ins OptionalAttr<StrAttr>:$surrogate,
                       OptionalAttr<F32Attr>:$slope);
  let assemblyFormat =
      "($surrogate^)? (`slope` $slope^)? attr-dict `:` type($result)";
}

def SNN_ArrivedOp : SNN_ReadOp<"arrived"> {
  let summary = "Whether a spike arrived along this synapse in this step";
  let description = [{
    In a plasticity model's synapse regions: 1 if a spike of the pre
    neuron reached this synapse in this step, that is, the pre neuron
    fired `delay` steps ago (the projection's delay, or the synapse's own),
    else 0. In `on_pre`, which runs on arrival, it is 1. Rules that pair
    an arrival with the post neuron's spike of the same step (Spark's)
    read it instead of the pre neuron's spike, which is of the step the
    pre neuron fired in.

    ```mlir
    %a = snn.arrived : f32
    ```
  }];
  let assemblyFormat = "attr-dict `:` type($result)";
}

def SNN_GetDeliveredOp : SNN_ReadOp<"get_delivered"> {
  let summary = "What the projection delivered to this neuron this step";
  let description = [{
    Only in synapse models: the sum over arriving spikes of what they
    deliver (the weight, or what `on_pre` passes to `snn.deliver`), plus
    the projection's bias.
  }];
  let assemblyFormat = "attr-dict `:` type($result)";
}

def SNN_GetModulatorOp : SNN_ReadOp<"get_modulator"> {
  let summary = "Read a modulator (third factor) declared by a plasticity model";
  let arguments = (ins StrAttr:$name);
  let assemblyFormat = "$name attr-dict `:` type($result)";
}

def SNN_DtOp : SNN_Op<"dt", [SNN_InModel, Pure]> {
  let summary = "The network's timestep in ms";
  let results = (outs F32:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
}

def SNN_SetOp : SNN_Op<"set", [SNN_InModel, MemoryEffects<[MemWrite]>]> {
  let summary = "Write a state variable (or `w` in plasticity synapse regions)";
  let arguments = (ins StrAttr:$name, AnyType:$value);
  let assemblyFormat = "$name `,` $value attr-dict `:` type($value)";
}

def SNN_DeliverOp : SNN_Op<"deliver", [SNN_InModel, MemoryEffects<[MemWrite]>]> {
  let summary = "Pass a value to the target neuron (plasticity `on_pre` only)";
  let arguments = (ins AnyType:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
}

class SNN_RandomOp<string mnemonic, string what>
    : SNN_Op<mnemonic, [SNN_InModel, MemoryEffects<[MemRead]>]> {
  let summary = what;
  let description = [{
    Counter-based (Philox-4x32-10), keyed by the batch entry's seed, the
    step, the element's index and the `stream`. Ops without `stream` take
    distinct streams in the order they appear in the model, so every target
    draws the same numbers.
  }];
  let arguments = (ins OptionalAttr<I32Attr>:$stream);
  let results = (outs F32:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
}

def SNN_RandomUniformOp : SNN_RandomOp<"random_uniform", "A uniform draw in [0, 1)">;
def SNN_RandomNormalOp : SNN_RandomOp<"random_normal", "A standard normal draw">;

def SNN_YieldOp : SNN_Op<"yield", [Pure, Terminator,
    ParentOneOf<["NeuronModelOp", "SynapseModelOp", "PlasticityModelOp"]>]> {
  let summary = "Ends a model region, with the value it yields if any";
  // Types are checked by the enclosing model, whose message names it.
  let arguments = (ins Variadic<AnyType>:$values);
  let builders = [OpBuilder<(ins), [{ /* empty yield */ }]>];
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

#endif // SNN_OPS_TD
