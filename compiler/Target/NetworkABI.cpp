//===- NetworkABI.cpp - the buffers of a scheduled network ----------------===//

#include "compiler/Target/NetworkABI.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::snn;

std::string BufferInfo::cName() const {
  std::string out;
  for (char c : name)
    out += llvm::isAlnum(c) ? c : '_';
  return out;
}

int64_t BufferInfo::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::vector<int64_t> BufferInfo::logicalShape() const {
  std::vector<int64_t> out = shape;
  if (bits && !out.empty())
    out.back() = bits;
  return out;
}

llvm::Expected<std::vector<BufferInfo>>
mlir::snn::describeBuffers(func::FuncOp run) {
  auto fail = [&](const llvm::Twine &what) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "@" + run.getSymName() + ": " + what);
  };
  std::vector<BufferInfo> infos;
  // State and recorder are separate C structs; names clash only within one.
  llvm::StringSet<> stateNames, recorderNames;
  for (unsigned i = 1, e = run.getNumArguments(); i < e; ++i) {
    auto name = run.getArgAttrOfType<StringAttr>(i, "snn.buffer");
    auto role = run.getArgAttrOfType<StringAttr>(i, "snn.role");
    auto type = dyn_cast<MemRefType>(run.getArgumentTypes()[i]);
    if (!name || !role || !type)
      return fail("argument " + llvm::Twine(i) +
                  " is not a named buffer (is this a scheduled network?)");
    BufferInfo info;
    info.name = name.str();
    info.role = role.str();
    if (auto every = run.getArgAttrOfType<IntegerAttr>(i, "snn.every"))
      info.every = every.getInt();
    if (auto source = run.getArgAttrOfType<StringAttr>(i, "snn.source"))
      info.source = source.str();
    info.isI64 = type.getElementType().isInteger(64);
    info.isU8 = type.getElementType().isInteger(8);
    if (auto bits = run.getArgAttrOfType<IntegerAttr>(i, "snn.bits")) {
      info.bits = bits.getInt();
      if (!info.isI64 || info.role != "monitor" || type.getRank() < 2 ||
          type.getShape().back() !=
              static_cast<int64_t>(llvm::divideCeil(info.bits, 64)))
        return fail("buffer '" + info.name +
                    "' has snn.bits but is not an i64 monitor of " +
                    llvm::Twine(llvm::divideCeil(info.bits, 64)) +
                    " words per row");
    }
    for (int64_t d : type.getShape())
      info.shape.push_back(ShapedType::isDynamic(d) ? 0 : d);
    auto &cNames = info.role == "monitor" ? recorderNames : stateNames;
    if (!cNames.insert(info.cName()).second)
      return fail("two buffers map to the C name '" + info.cName() + "'");
    infos.push_back(std::move(info));
  }
  return infos;
}
