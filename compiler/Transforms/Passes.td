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

#endif // SNN_TRANSFORMS_PASSES_TD
