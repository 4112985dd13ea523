//===- SNNDialect.td - the snn dialect ---------------------*- tablegen -*-===//
//
// The `snn` dialect describes spiking neural networks: populations of neurons,
// projections between them, monitors, and the neuron, postsynaptic and
// plasticity models they use, written as ops with regions of scalar code.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_DIALECT_TD
#define SNN_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def SNN_Dialect : Dialect {
  let name = "snn";
  let cppNamespace = "::mlir::snn";
  let summary = "Spiking neural networks: networks, models and plasticity rules";
  let description = [{
    The `snn` dialect holds a spiking network at two levels.

    *Network level*: `snn.network` is a symbol table of populations
    (`snn.population`), projections (`snn.projection`), monitors
    (`snn.monitor`) and modulators (`snn.modulator`). Every part is named and
    keeps its name through compilation.

    *Model level*: `snn.neuron_model`, `snn.synapse_model` and
    `snn.plasticity_model` define the dynamics as regions of scalar `f32`
    code (arith and math ops). Values are read and written by name with
    `snn.get` / `snn.set`, never by position.

    Units are fixed: time in ms (so `dt` too), voltage in mV, rates in Hz,
    conductances dimensionless relative to the leak unless a model states
    otherwise. Delays are whole timesteps.
  }];
  let useDefaultAttributePrinterParser = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect"];
  let extraClassDeclaration = [{
    void registerAttributes();

    /// The built-in model library (dialects/snn/prelude), parsed into this
    /// dialect's context on first use. Networks may reference its models
    /// without defining them; `--snn-expand-prelude` copies them in.
    ::mlir::ModuleOp getPrelude();

  private:
    std::once_flag preludeOnce;
    ::mlir::OwningOpRef<::mlir::ModuleOp> prelude;
  public:
  }];
}

class SNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<SNN_Dialect, mnemonic, traits>;

class SNN_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<SNN_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

#endif // SNN_DIALECT_TD
