//===- SNNOps.cpp - snn operations: syntax and model verification ---------===//

#include "dialects/snn/IR/SNNOps.h"
#include "dialects/snn/IR/SNNModels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::snn;

//===----------------------------------------------------------------------===//
// Custom syntax
//===----------------------------------------------------------------------===//

namespace {
/// Keywords passed to the `custom<Dict>` directive ("" means no keyword).
namespace kw {
constexpr llvm::StringLiteral none = "";
constexpr llvm::StringLiteral params = "params";
constexpr llvm::StringLiteral state = "state";
constexpr llvm::StringLiteral init = "init";
constexpr llvm::StringLiteral pre_state = "pre_state";
constexpr llvm::StringLiteral post_state = "post_state";
constexpr llvm::StringLiteral synapse_state = "synapse_state";
constexpr llvm::StringLiteral weight = "weight";
constexpr llvm::StringLiteral bias = "bias";
constexpr llvm::StringLiteral neuronRegions[] = {"update", "threshold",
                                                 "reset"};
constexpr llvm::StringLiteral synapseRegions[] = {"dynamics", "output"};
constexpr llvm::StringLiteral plasticityRegions[] = {
    "pre_dynamics", "post_dynamics", "pre_spike",       "post_spike",
    "on_pre",       "on_pre_spike",  "on_post",    "synapse_dynamics"};
} // namespace kw
} // namespace

/// `3200` for one dimension, `[32, 28, 28]` for more.
static ParseResult parseShape(OpAsmParser &parser, DenseI64ArrayAttr &shape) {
  SmallVector<int64_t> dims;
  int64_t size;
  OptionalParseResult single = parser.parseOptionalInteger(size);
  if (single.has_value()) {
    if (failed(*single))
      return failure();
    dims.push_back(size);
  } else if (parser.parseCommaSeparatedList(
                 OpAsmParser::Delimiter::Square, [&] {
                   return parser.parseInteger(dims.emplace_back());
                 })) {
    return failure();
  }
  shape = parser.getBuilder().getDenseI64ArrayAttr(dims);
  return success();
}

static void printShape(OpAsmPrinter &p, Operation *, DenseI64ArrayAttr shape) {
  if (shape.size() == 1) {
    p << shape[0];
    return;
  }
  printIntList(p, shape.asArrayRef());
}

static ParseResult parseOptionalShape(OpAsmParser &parser,
                                      DenseI64ArrayAttr &shape) {
  if (succeeded(parser.parseOptionalLSquare())) {
    SmallVector<int64_t> dims;
    if (parser.parseCommaSeparatedList([&] {
          return parser.parseInteger(dims.emplace_back());
        }) ||
        parser.parseRSquare())
      return failure();
    shape = parser.getBuilder().getDenseI64ArrayAttr(dims);
    return success();
  }
  int64_t size;
  OptionalParseResult single = parser.parseOptionalInteger(size);
  if (single.has_value()) {
    if (failed(*single))
      return failure();
    shape = parser.getBuilder().getDenseI64ArrayAttr({size});
  }
  return success();
}

static void printOptionalShape(OpAsmPrinter &p, Operation *op,
                               DenseI64ArrayAttr shape) {
  if (!shape)
    return;
  p << ' ';
  printShape(p, op, shape);
}

/// Scalars in model dictionaries are f32: literals are read as f32 whatever
/// their written type (`20`, `20.0`, `20.0 : f32`) and printed plainly.
static Attribute normalizeScalar(Attribute value) {
  Builder b(value.getContext());
  if (auto f = dyn_cast<FloatAttr>(value))
    return b.getF32FloatAttr(static_cast<float>(f.getValueAsDouble()));
  if (auto i = dyn_cast<IntegerAttr>(value);
      i && !i.getType().isInteger(1) && !isa<IndexType>(i.getType()))
    return b.getF32FloatAttr(static_cast<float>(i.getValue().getSExtValue()));
  return value;
}

/// `keyword {name = value, ...}`, absent when the dictionary is.
static ParseResult parseDict(OpAsmParser &parser, StringRef keyword,
                             DictionaryAttr &dict) {
  if (keyword.empty()) {
    if (failed(parser.parseOptionalLBrace()))
      return success();
  } else {
    if (failed(parser.parseOptionalKeyword(keyword)))
      return success();
    if (parser.parseLBrace())
      return failure();
  }
  NamedAttrList entries;
  if (failed(parser.parseOptionalRBrace())) {
    if (parser.parseCommaSeparatedList([&]() -> ParseResult {
          std::string name;
          if (parser.parseKeywordOrString(&name) || parser.parseEqual())
            return failure();
          Attribute value;
          if (parser.parseAttribute(value))
            return failure();
          if (entries.get(name))
            return parser.emitError(parser.getCurrentLocation())
                   << "'" << name << "' is given twice";
          entries.append(name, normalizeScalar(value));
          return success();
        }) ||
        parser.parseRBrace())
      return failure();
  }
  dict = entries.getDictionary(parser.getContext());
  return success();
}

static void printDict(OpAsmPrinter &p, Operation *, StringRef keyword,
                      DictionaryAttr dict) {
  if (!dict)
    return;
  p << ' ';
  if (!keyword.empty())
    p << keyword << ' ';
  p << '{';
  llvm::interleaveComma(dict, p, [&](NamedAttribute entry) {
    p.printKeywordOrString(entry.getName().getValue());
    p << " = ";
    auto f = dyn_cast<FloatAttr>(entry.getValue());
    if (f && f.getType().isF32())
      printRealF32(p, f.getValue().convertToFloat());
    else
      p.printAttribute(entry.getValue());
  });
  p << '}';
}

/// Prints a scalar as a plain literal: f32 reals without their type, i64
/// integers without theirs; anything else as an attribute.
static void printScalarOrAttr(OpAsmPrinter &p, Attribute value) {
  if (auto f = dyn_cast<FloatAttr>(value); f && f.getType().isF32())
    return printRealF32(p, f.getValue().convertToFloat());
  if (auto i = dyn_cast<IntegerAttr>(value); i && i.getType().isInteger(64))
    return (void)(p << i.getInt());
  p.printAttribute(value);
}

/// `keyword value` where a plain number is read as f32: `weight 0.6`,
/// `weight #snn.normal<0.5, 0.1>`, `bias dense<...> : tensor<10xf32>`.
static ParseResult parseRealValue(OpAsmParser &parser, StringRef keyword,
                             Attribute &value) {
  if (failed(parser.parseOptionalKeyword(keyword)))
    return success();
  if (parser.parseAttribute(value))
    return failure();
  if (isa<FloatAttr, IntegerAttr>(value))
    value = normalizeScalar(value);
  return success();
}

static void printRealValue(OpAsmPrinter &p, Operation *, StringRef keyword,
                      Attribute value) {
  if (!value)
    return;
  p << ' ' << keyword << ' ';
  printScalarOrAttr(p, value);
}

/// `delay 3`, `delay #snn.uniform_int<1, 5>` or per-synapse integer data.
static ParseResult parseSteps(OpAsmParser &parser, Attribute &value) {
  if (failed(parser.parseOptionalKeyword("delay")))
    return success();
  int64_t steps;
  OptionalParseResult plain = parser.parseOptionalInteger(steps);
  if (plain.has_value()) {
    if (failed(*plain))
      return failure();
    value = parser.getBuilder().getI64IntegerAttr(steps);
    return success();
  }
  return parser.parseAttribute(value);
}

static void printSteps(OpAsmPrinter &p, Operation *, Attribute value) {
  if (!value)
    return;
  p << " delay ";
  printScalarOrAttr(p, value);
}

/// The regions of a model, each introduced by its name and each optional:
///   {
///     update { ... }
///     threshold { ... }
///   }
/// Regions may be written in any order; they print in declaration order.
static ParseResult
parseModelRegionList(OpAsmParser &parser, ArrayRef<llvm::StringLiteral> names,
                     ArrayRef<Region *> regions) {
  if (parser.parseLBrace())
    return failure();
  while (failed(parser.parseOptionalRBrace())) {
    SMLoc loc = parser.getCurrentLocation();
    StringRef name;
    if (parser.parseKeyword(&name))
      return failure();
    const auto *it = llvm::find(names, name);
    if (it == names.end())
      return parser.emitError(loc)
             << "unknown region '" << name << "' (expected one of: "
             << llvm::join(llvm::map_range(names,
                                           [](llvm::StringLiteral n) {
                                             return n.str();
                                           }),
                           ", ")
             << ")";
    Region &region = *regions[it - names.begin()];
    if (!region.empty())
      return parser.emitError(loc) << "region '" << name << "' is given twice";
    if (parser.parseRegion(region, /*arguments=*/{}))
      return failure();
    if (region.empty())
      region.emplaceBlock();
    Block &block = region.front();
    if (block.empty() || !block.back().hasTrait<mlir::OpTrait::IsTerminator>()) {
      OpBuilder builder(parser.getContext());
      builder.setInsertionPointToEnd(&block);
      YieldOp::create(builder, parser.getEncodedSourceLoc(loc), ValueRange{});
    }
  }
  return success();
}

static void printModelRegionList(OpAsmPrinter &p,
                                 ArrayRef<llvm::StringLiteral> names,
                                 ArrayRef<Region *> regions) {
  p << " {";
  p.increaseIndent();
  for (auto [name, region] : llvm::zip(names, regions)) {
    if (region->empty())
      continue;
    p.printNewline();
    p << name << ' ';
    Operation *term = region->front().getTerminator();
    bool printTerminator = term && (term->getNumOperands() > 0 ||
                                    !term->getAttrs().empty());
    p.printRegion(*region, /*printEntryBlockArgs=*/false, printTerminator);
  }
  p.decreaseIndent();
  p.printNewline();
  p << '}';
}

static ParseResult parseModelRegions(OpAsmParser &parser,
                                     ArrayRef<llvm::StringLiteral> names,
                                     Region &a, Region &b, Region &c) {
  return parseModelRegionList(parser, names, {&a, &b, &c});
}
static void printModelRegions(OpAsmPrinter &p, Operation *,
                              ArrayRef<llvm::StringLiteral> names, Region &a,
                              Region &b, Region &c) {
  printModelRegionList(p, names, {&a, &b, &c});
}
static ParseResult parseModelRegions(OpAsmParser &parser,
                                     ArrayRef<llvm::StringLiteral> names,
                                     Region &a, Region &b) {
  return parseModelRegionList(parser, names, {&a, &b});
}
static void printModelRegions(OpAsmPrinter &p, Operation *,
                              ArrayRef<llvm::StringLiteral> names, Region &a,
                              Region &b) {
  printModelRegionList(p, names, {&a, &b});
}
static ParseResult parseModelRegions(OpAsmParser &parser,
                                     ArrayRef<llvm::StringLiteral> names,
                                     Region &a, Region &b, Region &c,
                                     Region &d, Region &e, Region &f,
                                     Region &g, Region &h) {
  return parseModelRegionList(parser, names,
                              {&a, &b, &c, &d, &e, &f, &g, &h});
}
static void printModelRegions(OpAsmPrinter &p, Operation *,
                              ArrayRef<llvm::StringLiteral> names, Region &a,
                              Region &b, Region &c, Region &d, Region &e,
                              Region &f, Region &g, Region &h) {
  printModelRegionList(p, names, {&a, &b, &c, &d, &e, &f, &g, &h});
}

/// A connectivity attribute, with a message listing the kinds when the
/// attribute is of another kind.
static ParseResult parseConnectivity(OpAsmParser &parser,
                                     ConnectivityAttr &conn) {
  SMLoc loc = parser.getCurrentLocation();
  Attribute attr;
  if (parser.parseAttribute(attr))
    return failure();
  conn = dyn_cast<ConnectivityAttr>(attr);
  if (!conn)
    return parser.emitError(loc)
           << "expected a connectivity (#snn.dense, #snn.one_to_one, "
              "#snn.fixed_probability<p>, #snn.fixed_in_degree<k>, "
              "#snn.csr<...>, #snn.conv1d<...>, #snn.conv2d<...>, "
              "#snn.local<...>, #snn.sum_pool2d<...>, #snn.avg_pool2d<...>), "
              "got "
           << attr;
  return success();
}

static void printConnectivity(OpAsmPrinter &p, Operation *,
                              ConnectivityAttr conn) {
  p.printAttribute(conn);
}

/// `dt 0.1` and, when not 1, `batch 16`.
static ParseResult parseNetworkSettings(OpAsmParser &parser, FloatAttr &dt,
                                        IntegerAttr &batch) {
  double step;
  if (parser.parseKeyword("dt") || parser.parseFloat(step))
    return failure();
  Builder b(parser.getContext());
  dt = b.getF32FloatAttr(static_cast<float>(step));
  if (succeeded(parser.parseOptionalKeyword("batch"))) {
    int64_t n;
    if (parser.parseInteger(n))
      return failure();
    batch = b.getI64IntegerAttr(n);
  }
  return success();
}

static void printNetworkSettings(OpAsmPrinter &p, Operation *, FloatAttr dt,
                                 IntegerAttr batch) {
  p << "dt ";
  printRealF32(p, dt.getValue().convertToFloat());
  if (batch && batch.getInt() != 1)
    p << " batch " << batch.getInt();
}

/// `spikes` or a variable name as a string.
static ParseResult parseMonitorVariable(OpAsmParser &parser,
                                        StringAttr &variable) {
  if (succeeded(parser.parseOptionalKeyword("spikes"))) {
    variable = parser.getBuilder().getStringAttr("spikes");
    return success();
  }
  std::string name;
  if (parser.parseString(&name))
    return failure();
  variable = parser.getBuilder().getStringAttr(name);
  return success();
}

static void printMonitorVariable(OpAsmPrinter &p, Operation *,
                                 StringAttr variable) {
  if (variable.getValue() == "spikes")
    p << "spikes";
  else
    p.printString(variable.getValue());
}

#define GET_OP_CLASSES
#include "dialects/snn/IR/SNNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Population
//===----------------------------------------------------------------------===//

int64_t PopulationOp::getNumNeurons() {
  int64_t n = 1;
  for (int64_t d : getShape())
    n *= d;
  return n;
}

//===----------------------------------------------------------------------===//
// Ops inside models
//===----------------------------------------------------------------------===//

LogicalResult mlir::snn::OpTrait::verifyInModel(Operation *op) {
  for (Operation *p = op->getParentOp(); p; p = p->getParentOp())
    if (isa<NeuronModelOp, SynapseModelOp, PlasticityModelOp>(p))
      return success();
  return op->emitOpError()
         << "is only valid inside an snn.neuron_model, snn.synapse_model or "
            "snn.plasticity_model";
}
