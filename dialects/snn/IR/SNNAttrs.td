//===- SNNAttrs.td - snn attributes ------------------------*- tablegen -*-===//
//
// Initializers (how a tensor of parameters, state or weights gets its values)
// and connectivity kinds (how a projection wires two populations).
//
//===----------------------------------------------------------------------===//

#ifndef SNN_ATTRS_TD
#define SNN_ATTRS_TD

include "dialects/snn/IR/SNNDialect.td"
include "dialects/snn/IR/SNNInterfaces.td"

//===----------------------------------------------------------------------===//
// Parameter kinds
//===----------------------------------------------------------------------===//

// A real number written as a plain literal (`0.6`, `-60`), printed in the
// shortest form that reads back to the same value.
// Stored as a double-precision APFloat (hashable, compared bitwise).
def SNN_RealParam : APFloatParameter<"a real number"> {
  let parser = "::mlir::snn::parseReal($_parser)";
  let printer = "::mlir::snn::printReal($_printer, $_self)";
}

// A list of integers in square brackets: `[5, 5]`.
class SNN_IntListParam<string desc> : OptionalArrayRefParameter<"int64_t", desc> {
  let parser = "::mlir::snn::parseIntList($_parser)";
  let printer = "::mlir::snn::printIntList($_printer, $_self)";
}

//===----------------------------------------------------------------------===//
// Initializers
//===----------------------------------------------------------------------===//

def SNN_ConstantAttr : SNN_Attr<"Constant", "constant"> {
  let summary = "Every element takes the same value";
  let description = [{
    ```mlir
    weight #snn.constant<0.6>
    ```
  }];
  let parameters = (ins SNN_RealParam:$value);
  let assemblyFormat = "`<` $value `>`";
}

def SNN_UniformAttr : SNN_Attr<"Uniform", "uniform"> {
  let summary = "Elements drawn uniformly from [low, high)";
  let description = [{
    Drawn at `<net>_init` from the batch entry's seed (Philox-4x32-10), so a
    seed gives the same values on every target.

    ```mlir
    init {v = #snn.uniform<-60.0, -50.0>}
    ```
  }];
  let parameters = (ins SNN_RealParam:$low, SNN_RealParam:$high);
  let assemblyFormat = "`<` $low `,` $high `>`";
}

def SNN_UniformIntAttr : SNN_Attr<"UniformInt", "uniform_int"> {
  let summary = "Integers drawn uniformly from [low, high] (both included)";
  let description = [{
    Used for per-synapse delays in steps:

    ```mlir
    delay #snn.uniform_int<1, 20>
    ```
  }];
  let parameters = (ins "int64_t":$low, "int64_t":$high);
  let assemblyFormat = "`<` $low `,` $high `>`";
}

def SNN_NormalAttr : SNN_Attr<"Normal", "normal"> {
  let summary = "Elements drawn from a normal distribution";
  let description = [{
    ```mlir
    weight #snn.normal<0.8, 0.01>   // mean, standard deviation
    ```
  }];
  let parameters = (ins SNN_RealParam:$mean, SNN_RealParam:$std);
  let assemblyFormat = "`<` $mean `,` $std `>`";
}

//===----------------------------------------------------------------------===//
// Connectivity
//===----------------------------------------------------------------------===//

class SNN_ConnectivityAttrDef<string name, string mnemonic,
                              list<string> overrides = []>
    : SNN_Attr<name, mnemonic, [DeclareAttrInterfaceMethods<
          SNN_ConnectivityAttrInterface, overrides>]>;

def SNN_DenseConnectivityAttr : SNN_ConnectivityAttrDef<"DenseConnectivity", "dense"> {
  let summary = "All to all; weights are [N_source, N_target]";
  let description = [{
    Every source neuron connects to every target neuron. Weight data, when
    given, has shape `[N_source, N_target]` (row = presynaptic neuron), the
    layout event-driven propagation reads.
  }];
  let parameters = (ins);
}

def SNN_OneToOneAttr : SNN_ConnectivityAttrDef<"OneToOne", "one_to_one"> {
  let summary = "Neuron i to neuron i; both populations have the same size";
  let parameters = (ins);
}

def SNN_FixedProbabilityAttr
    : SNN_ConnectivityAttrDef<"FixedProbability", "fixed_probability"> {
  let summary = "Each pair is connected independently with probability p";
  let description = [{
    Drawn at init from the network seed. Self-connections are allowed when
    source and target are the same population, as in Brian2's
    `connect(p=...)`.

    ```mlir
    connect #snn.fixed_probability<0.02>
    ```
  }];
  let parameters = (ins SNN_RealParam:$p);
  let assemblyFormat = "`<` $p `>`";
}

def SNN_FixedInDegreeAttr
    : SNN_ConnectivityAttrDef<"FixedInDegree", "fixed_in_degree"> {
  let summary = "Each target neuron receives exactly k distinct sources";
  let parameters = (ins "int64_t":$k);
  let assemblyFormat = "`<` $k `>`";
}

def SNN_CSRAttr : SNN_ConnectivityAttrDef<"CSR", "csr"> {
  let summary = "Explicit sparse connectivity in compressed sparse rows";
  let description = [{
    Row `i` (source neuron `i`) connects to the targets
    `indices[indptr[i] .. indptr[i+1])`. Weight data, when given, has one
    value per stored synapse, in the same order.

    ```mlir
    connect #snn.csr<indptr = [0, 2, 3], indices = [0, 1, 1]>
    ```
  }];
  let parameters = (ins SNN_IntListParam<"row pointers">:$indptr,
                        SNN_IntListParam<"target indices">:$indices);
  let assemblyFormat = "`<` struct(params) `>`";
}

def SNN_Conv1dAttr : SNN_ConnectivityAttrDef<"Conv1d", "conv1d", ["getBiasShape"]> {
  let summary = "1-D convolution with a shared kernel, [C, L] populations";
  let description = [{
    Source shape `[in_channels, L]`, target shape `[out_channels, L_out]`
    with `L_out = (L + 2 padding - dilation (kernel - 1) - 1) / stride + 1`.
    Weights are `[out_channels, in_channels / groups, kernel]`.
  }];
  let parameters = (ins "int64_t":$in_channels, "int64_t":$out_channels,
                        "int64_t":$kernel,
                        DefaultValuedParameter<"int64_t", "1">:$stride,
                        DefaultValuedParameter<"int64_t", "0">:$padding,
                        DefaultValuedParameter<"int64_t", "1">:$dilation,
                        DefaultValuedParameter<"int64_t", "1">:$groups);
  let assemblyFormat = "`<` struct(params) `>`";
}

def SNN_Conv2dAttr : SNN_ConnectivityAttrDef<"Conv2d", "conv2d", ["getBiasShape"]> {
  let summary = "2-D convolution with a shared kernel, [C, H, W] populations";
  let description = [{
    Source shape `[in_channels, H, W]`, target shape
    `[out_channels, H_out, W_out]` (each spatial size as for `conv1d`).
    Weights are `[out_channels, in_channels / groups, kh, kw]`. `stride`,
    `padding` and `dilation` default to `[1, 1]`, `[0, 0]` and `[1, 1]`.

    ```mlir
    connect #snn.conv2d<in_channels = 1, out_channels = 32, kernel = [5, 5],
                        padding = [2, 2]>
    ```
  }];
  let parameters = (ins "int64_t":$in_channels, "int64_t":$out_channels,
                        SNN_IntListParam<"kernel size [kh, kw]">:$kernel,
                        SNN_IntListParam<"stride [sh, sw]">:$stride,
                        SNN_IntListParam<"zero padding [ph, pw]">:$padding,
                        SNN_IntListParam<"dilation [dh, dw]">:$dilation,
                        DefaultValuedParameter<"int64_t", "1">:$groups);
  let assemblyFormat = "`<` struct(params) `>`";
  let extraClassDeclaration = [{
    /// Stride, padding and dilation with their defaults filled in.
    std::array<int64_t, 2> strideOrDefault() const;
    std::array<int64_t, 2> paddingOrDefault() const;
    std::array<int64_t, 2> dilationOrDefault() const;
  }];
}

def SNN_LocalAttr : SNN_ConnectivityAttrDef<"Local", "local"> {
  let summary = "Locally connected 2-D layer: conv2d geometry, untied kernels";
  let description = [{
    Same geometry as `conv2d`, but each output position has its own kernel:
    weights are `[out_channels, H_out, W_out, in_channels, kh, kw]`.
  }];
  let parameters = (ins "int64_t":$in_channels, "int64_t":$out_channels,
                        SNN_IntListParam<"kernel size [kh, kw]">:$kernel,
                        SNN_IntListParam<"stride [sh, sw]">:$stride,
                        SNN_IntListParam<"zero padding [ph, pw]">:$padding);
  let assemblyFormat = "`<` struct(params) `>`";
  let extraClassDeclaration = [{
    std::array<int64_t, 2> strideOrDefault() const;
    std::array<int64_t, 2> paddingOrDefault() const;
  }];
}

class SNN_Pool2dAttrDef<string name, string mnemonic, string what>
    : SNN_ConnectivityAttrDef<name, mnemonic, ["hasWeights"]> {
  let summary = what # " pooling over 2-D windows, channel by channel";
  let description = [{
    Source `[C, H, W]`, target `[C, H_out, W_out]`. `stride` defaults to the
    kernel size, `padding` to `[0, 0]`. No learnable weights.
  }];
  let parameters = (ins SNN_IntListParam<"window [kh, kw]">:$kernel,
                        SNN_IntListParam<"stride [sh, sw]">:$stride,
                        SNN_IntListParam<"zero padding [ph, pw]">:$padding);
  let assemblyFormat = "`<` struct(params) `>`";
  let extraClassDeclaration = [{
    std::array<int64_t, 2> strideOrDefault() const;
    std::array<int64_t, 2> paddingOrDefault() const;
  }];
}

def SNN_SumPool2dAttr : SNN_Pool2dAttrDef<"SumPool2d", "sum_pool2d", "Sum">;
def SNN_AvgPool2dAttr : SNN_Pool2dAttrDef<"AvgPool2d", "avg_pool2d", "Average">;

#endif // SNN_ATTRS_TD
