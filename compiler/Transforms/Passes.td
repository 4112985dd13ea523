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

#endif // SNN_TRANSFORMS_PASSES_TD
