//===- JitNetwork.h - compile a network and run it in-process ---*- C++ -*-===//
//
// Compiles an snn module for the host CPU with the snn-to-cpu pipeline and
// loads it with MLIR's ExecutionEngine. Buffers are found by the names
// --snn-schedule gives them (`snn.buffer` argument attributes), never by
// position. Used by `snn-compile --run`-style drivers and by the tests that
// compare compiled networks with the reference simulator.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_TARGET_JITNETWORK_H
#define SNN_TARGET_JITNETWORK_H

#include "compiler/Target/NetworkABI.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mlir::snn {


/// A population of the compiled network.
struct PopulationInfo {
  std::string name;
  int64_t size = 0;
  bool spiking = true; // false for graded populations
};

/// How JitNetwork compiles (the rest as snn-to-cpu's defaults).
struct JitOptions {
  /// Training: feed-forward products for all steps at once
  /// (--snn-hoist-time).
  bool hoistTime = true;
  /// The CUDA target's kernels (`snn-to-cuda`'s grids) run on the CPU as
  /// loops over blocks and threads (--snn-gpu-to-loops), instead of the CPU
  /// target's kernels: how the CUDA kernels are tested without a GPU.
  bool gpuForm = false;
  /// snn-to-cpu's fp-strict mode: the values the HLS target's C++ computes,
  /// bit for bit (docs/hls.md).
  bool fpStrict = false;
};

class JitNetwork {
public:
  ~JitNetwork();

  /// Compiles the module in `source`, which holds one snn.network (or the
  /// one named `network`). Errors carry the compiler's diagnostics.
  /// `sourceName` names the input in diagnostics.
  static llvm::Expected<std::unique_ptr<JitNetwork>>
  compile(llvm::StringRef source, llvm::StringRef network = "",
          llvm::StringRef sourceName = "<network>", JitOptions options = {});

  const std::vector<BufferInfo> &buffers() const { return infos; }
  const std::vector<PopulationInfo> &populations() const { return pops; }
  const std::string &networkName() const { return name; }
  double dt() const { return timestep; }
  int64_t batch() const { return batchSize; }
  /// A buffer's storage, row-major; fails for an unknown name or type. A
  /// spike monitor's bits come unpacked: [rows, batch, n] of 0 and 1.
  llvm::Expected<std::vector<float> *> f32(llvm::StringRef name);
  /// An int64 buffer's storage (labels such as `train.label`, seeds).
  llvm::Expected<std::vector<int64_t> *> i64(llvm::StringRef name);
  /// A byte buffer's storage (a population's spikes, 0 or 1).
  llvm::Expected<std::vector<uint8_t> *> u8(llvm::StringRef name);

  /// Sets one seed per batch entry and runs `<net>_init`.
  llvm::Error init(llvm::ArrayRef<uint64_t> seeds);
  /// Runs `steps` steps; each monitor's recording is resized to hold them.
  llvm::Error run(int64_t steps);
  /// Sets the roles in `roles` (a mask: 1 state, 2 weights, 4 parameters,
  /// 8 inputs) back to their initial values; scratch is always cleared,
  /// seeds and the step number are kept.
  llvm::Error reset(uint32_t roles);
  /// For a network that declares `snn.train`: one training step
  /// (`<net>_train_step`: forward, backward, update), or the forward pass
  /// and loss alone (`<net>_forward`).
  llvm::Error trainStep();
  llvm::Error forward();

private:
  JitNetwork();
  llvm::Error call(llvm::StringRef function, bool withSteps, int64_t steps,
                   std::optional<uint32_t> roles = std::nullopt);

  struct Impl;
  std::unique_ptr<Impl> impl;
  std::vector<BufferInfo> infos;
  std::vector<std::vector<float>> f32Data;
  std::vector<std::vector<int64_t>> i64Data;
  std::vector<std::vector<uint8_t>> u8Data; // spikes
  llvm::StringMap<unsigned> index;
  std::vector<PopulationInfo> pops;
  std::string name;
  double timestep = 0;
  int64_t batchSize = 1;
};

} // namespace mlir::snn

#endif // SNN_TARGET_JITNETWORK_H
