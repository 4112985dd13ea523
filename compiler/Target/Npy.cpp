//===- Npy.cpp - write .npy files -----------------------------------------===//

#include "compiler/Target/Npy.h"

#include "llvm/Support/raw_ostream.h"

using namespace llvm;

/// The header of a float32 C-order array of `shape`.
static std::string header(ArrayRef<int64_t> shape) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (int64_t d : shape)
    dict += std::to_string(d) + ", ";
  dict += "), }";
  // Magic (6) + version (2) + length (2) + dict, padded with spaces so the
  // data starts on a 64-byte boundary, ending in a newline.
  size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += char(1);
  out += char(0);
  uint16_t len = static_cast<uint16_t>(dict.size());
  out += char(len & 0xff);
  out += char(len >> 8);
  return out + dict;
}

struct mlir::snn::NpyWriter::Impl {
  std::unique_ptr<raw_fd_ostream> os;
  std::string path;
  int64_t expected = 0, written = 0;
};

Expected<std::unique_ptr<mlir::snn::NpyWriter>>
mlir::snn::NpyWriter::create(StringRef path, ArrayRef<int64_t> shape) {
  std::error_code ec;
  auto os = std::make_unique<raw_fd_ostream>(path, ec);
  if (ec)
    return createStringError(ec, "cannot write '%s': %s", path.str().c_str(),
                             ec.message().c_str());
  std::unique_ptr<NpyWriter> w(new NpyWriter());
  w->impl = std::make_unique<Impl>();
  w->impl->expected = 1;
  for (int64_t d : shape)
    w->impl->expected *= d;
  w->impl->path = path.str();
  *os << header(shape);
  w->impl->os = std::move(os);
  return w;
}

mlir::snn::NpyWriter::~NpyWriter() = default;

void mlir::snn::NpyWriter::append(ArrayRef<float> data) {
  static_assert(sizeof(float) == 4, "float32 data");
  impl->os->write(reinterpret_cast<const char *>(data.data()),
                  data.size() * 4);
  impl->written += data.size();
}

Error mlir::snn::NpyWriter::close() {
  impl->os->close();
  if (impl->os->has_error())
    return createStringError(impl->os->error(), "cannot write '%s'",
                             impl->path.c_str());
  if (impl->written != impl->expected)
    return createStringError(inconvertibleErrorCode(),
                             "'%s': %lld values written, the shape holds %lld",
                             impl->path.c_str(),
                             static_cast<long long>(impl->written),
                             static_cast<long long>(impl->expected));
  return Error::success();
}

Error mlir::snn::writeNpy(StringRef path, ArrayRef<int64_t> shape,
                          ArrayRef<float> data) {
  auto w = NpyWriter::create(path, shape);
  if (!w)
    return w.takeError();
  (*w)->append(data);
  return (*w)->close();
}
