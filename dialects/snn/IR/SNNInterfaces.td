//===- SNNInterfaces.td - snn attribute interfaces ---------*- tablegen -*-===//

#ifndef SNN_INTERFACES_TD
#define SNN_INTERFACES_TD

include "mlir/IR/OpBase.td"

def SNN_ConnectivityAttrInterface : AttrInterface<"ConnectivityAttr"> {
  let cppNamespace = "::mlir::snn";
  let description = [{
    How a projection wires a source population to a target population. Each
    connectivity kind checks the shapes it is given and states the shape of
    the weight data it needs (if that is known before the network is
    instantiated), so projections verify without knowing every kind.
  }];
  let methods = [
    InterfaceMethod<[{
        Checks the connectivity's own parameters and that it fits a source of
        shape `src` and a target of shape `dst`. Messages start lower-case
        and are prefixed with the projection's name by the caller.
      }], "::llvm::LogicalResult", "verifyFit",
      (ins "::llvm::ArrayRef<int64_t>":$src, "::llvm::ArrayRef<int64_t>":$dst,
           "::llvm::function_ref<::mlir::InFlightDiagnostic()>":$emitError)>,
    InterfaceMethod<[{
        Shape of the weight data this connectivity reads, or nullopt when it
        depends on random connectivity drawn at init.
      }], "std::optional<::llvm::SmallVector<int64_t>>", "getWeightShape",
      (ins "::llvm::ArrayRef<int64_t>":$src, "::llvm::ArrayRef<int64_t>":$dst)>,
    InterfaceMethod<[{
        Shape of the bias: one value per target neuron, or per output channel
        for shared-kernel connectivity.
      }], "::llvm::SmallVector<int64_t>", "getBiasShape",
      (ins "::llvm::ArrayRef<int64_t>":$src, "::llvm::ArrayRef<int64_t>":$dst),
      /*methodBody=*/"", /*defaultImplementation=*/[{
        return ::llvm::SmallVector<int64_t>(dst.begin(), dst.end());
      }]>,
    InterfaceMethod<[{
        Whether the projection carries learnable weights. Pooling does not:
        its weights are fixed (1 for sum, 1/k for average).
      }], "bool", "hasWeights", (ins), "", [{ return true; }]>,
  ];
}

#endif // SNN_INTERFACES_TD
