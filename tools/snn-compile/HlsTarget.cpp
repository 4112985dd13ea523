//===- HlsTarget.cpp - snn-compile --target=hls ---------------------------===//

#include "tools/snn-compile/HlsTarget.h"
#include "tools/snn-compile/Output.h"

#include "compiler/Pipelines/Pipelines.h"
#include "snnrt/snnrt.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <numeric>

using namespace llvm;
using snncompile::fail;
using snncompile::failRuntime;
using snncompile::startRun;

namespace {

/// A buffer's current contents through the runtime.
int readBuffer(snnrt_network *net, const std::string &name,
               mlir::snn::RecordedBuffer &out) {
  const void *data;
  snnrt_buffer_desc desc;
  if (snnrt_read_buffer(net, name.c_str(), &data, &desc) != SNNRT_OK)
    return failRuntime("");
  size_t element = desc.dtype == SNNRT_I64 ? 8 : desc.dtype == SNNRT_U8 ? 1 : 4;
  size_t bytes = element * size_t(desc.elements);
  out.name = name;
  out.bytes.assign(static_cast<const char *>(data),
                   static_cast<const char *>(data) + bytes);
  return 0;
}

} // namespace

int snncompile::recordHLSReference(StringRef lib,
                                   const mlir::snn::NetworkDescription &desc,
                                   StringRef load,
                                   ArrayRef<std::string> inputs, int64_t steps,
                                   uint64_t seed,
                                   mlir::snn::HLSReference &ref) {
  snnrt_network *net = nullptr;
  std::string libPath = lib.str();
  if (snnrt_load(libPath.c_str(), desc.name.c_str(), &net) != SNNRT_OK)
    return failRuntime("");
  llvm::scope_exit freeNet([&] { snnrt_free(net); });
  if (int rc = startRun(net, desc.batch, seed, load, inputs))
    return rc;
  ref.steps = steps;
  if (int rc = readBuffer(net, "seed", ref.seed))
    return rc;
  for (const mlir::snn::BufferInfo &b : desc.buffers) {
    bool loaded = !load.empty() && (b.role == "state" || b.role == "weight" ||
                                    b.role == "parameter");
    if (b.role == "input" || loaded) {
      ref.inputs.emplace_back();
      if (int rc = readBuffer(net, b.name, ref.inputs.back()))
        return rc;
    }
    if (b.role == "monitor")
      ref.monitors.push_back({b, {}});
  }
  // In chunks that are a multiple of every monitor's period, appending
  // each chunk's rows.
  int64_t period = 1;
  for (const auto &[info, values] : ref.monitors)
    period = std::lcm(period, info.every);
  int64_t chunk = period * std::max<int64_t>(1, 1000 / period);
  if (snnrt_set_chunk_steps(net, chunk) != SNNRT_OK)
    return failRuntime("");
  for (int64_t done = 0; done < steps; done += chunk) {
    if (snnrt_run(net, std::min(chunk, steps - done)) != SNNRT_OK)
      return failRuntime("");
    for (auto &[info, values] : ref.monitors) {
      const float *rows;
      int64_t shape[3];
      if (snnrt_monitor(net, info.name.c_str(), &rows, shape) != SNNRT_OK)
        return failRuntime("");
      values.insert(values.end(), rows, rows + shape[0] * shape[1] * shape[2]);
    }
  }
  for (const mlir::snn::BufferInfo &b : desc.buffers)
    if (b.role == "state" || b.role == "weight") {
      ref.finals.emplace_back();
      if (int rc = readBuffer(net, b.name, ref.finals.back()))
        return rc;
    }
  return 0;
}

int snncompile::emitHls(mlir::ModuleOp module,
                        const mlir::snn::NetworkDescription &net,
                        StringRef dir, bool announce,
                        const mlir::snn::HLSReference &reference,
                        const mlir::snn::HLSProjectOptions &options) {
  mlir::PassManager pm(module.getContext());
  mlir::snn::HLSPipelineOptions pipeline;
  pipeline.fixedPoint = options.fixedWidth > 0;
  pipeline.unroll = options.unroll;
  mlir::snn::buildSNNToHLSPipeline(pm, pipeline);
  if (failed(pm.run(module)))
    return 1; // the diagnostics name the op
  if (Error err = mlir::snn::writeHLSProject(
          module, net.name, reference, options, dir, [&](StringRef path) {
            if (announce)
              outs() << "wrote " << path << "\n";
          }))
    return fail(toString(std::move(err)));
  return 0;
}
