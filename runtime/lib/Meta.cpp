//===- Meta.cpp - snapshots of buffers and Reptile's outer step -----------===//
//
// snnrt_snapshot_*: copies of a network's buffers of some roles (weights,
// state, ...; an optimiser's moments and step count), restored on demand.
// snnrt_reptile_update: Reptile's meta-update, meta += epsilon * (adapted -
// meta), and the network set back to the new meta-weights.
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <cmath>
#include <cstring>
#include <memory>

using snnrt::fail;

struct snnrt_snapshot {
  const snnrt_network *net = nullptr;
  struct Saved {
    std::string name;
    int32_t rank = 0;
    int64_t shape[4] = {0, 0, 0, 0};
    snnrt_dtype dtype = SNNRT_F32;
    snnrt::Block data;
    int64_t elements = 0;
  };
  std::vector<Saved> buffers;
};

static bool wanted(const char *role, uint32_t roles) {
  std::string r = role;
  return ((roles & SNNRT_RESET_STATE) && r == "state") ||
         ((roles & SNNRT_RESET_WEIGHTS) && r == "weight") ||
         ((roles & SNNRT_RESET_PARAMETERS) && r == "parameter") ||
         ((roles & SNNRT_RESET_INPUTS) && r == "input") ||
         ((roles & SNNRT_SNAPSHOT_OPTIMIZER) && r == "optimizer");
}

snnrt_status snnrt_snapshot_take(const snnrt_network *net, uint32_t roles,
                                 snnrt_snapshot **out) {
  const char *who = "snnrt_snapshot_take: ";
  if (!net || !out)
    return fail(SNNRT_ERR_ARGUMENT, std::string(who) + "null argument");
  *out = nullptr;
  auto snap = std::make_unique<snnrt_snapshot>();
  snap->net = net;
  for (size_t i = 0, e = snnrt_buffer_count(net); i < e; ++i) {
    snnrt_buffer_desc desc;
    if (snnrt_status st = snnrt_buffer_at(net, i, &desc))
      return st;
    if (!wanted(desc.role, roles))
      continue;
    const void *data;
    if (snnrt_status st = snnrt_read_buffer(net, desc.name, &data, nullptr))
      return st;
    snnrt_snapshot::Saved saved;
    saved.name = desc.name;
    saved.rank = desc.rank;
    std::memcpy(saved.shape, desc.shape, sizeof saved.shape);
    saved.elements = desc.elements;
    saved.dtype = desc.dtype;
    size_t bytes = size_t(desc.elements) * snnrt::dtypeSize(desc.dtype);
    if (!saved.data.allocate(bytes))
      return fail(SNNRT_ERR_MEMORY, std::string(who) + "out of memory for '" +
                                        saved.name + "'");
    std::memcpy(saved.data.data(), data, bytes);
    snap->buffers.push_back(std::move(saved));
  }
  if (snap->buffers.empty())
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + "the network has no buffer of the roles "
                                   "asked for");
  *out = snap.release();
  return SNNRT_OK;
}

snnrt_status snnrt_snapshot_restore(snnrt_network *net,
                                    const snnrt_snapshot *snapshot) {
  const char *who = "snnrt_snapshot_restore: ";
  if (!net || !snapshot)
    return fail(SNNRT_ERR_ARGUMENT, std::string(who) + "null argument");
  if (snapshot->net != net)
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + "the snapshot is of another network");
  for (const auto &b : snapshot->buffers)
    if (snnrt_status st = snnrt_write_buffer(net, b.name.c_str(), b.dtype,
                                             b.data.data(), b.rank, b.shape))
      return st;
  return SNNRT_OK;
}

void snnrt_snapshot_free(snnrt_snapshot *snapshot) { delete snapshot; }

snnrt_status snnrt_reptile_update(snnrt_network *net, snnrt_snapshot *meta,
                                  double epsilon) {
  const char *who = "snnrt_reptile_update: ";
  if (!net || !meta)
    return fail(SNNRT_ERR_ARGUMENT, std::string(who) + "null argument");
  if (meta->net != net)
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + "the snapshot is of another network");
  if (!(epsilon > 0 && epsilon <= 1))
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(who) + "epsilon must be in (0, 1]");
  // Float buffers move toward the adapted values; others (an optimiser's
  // step count) are set back to the snapshot's.
  for (auto &b : meta->buffers) {
    if (b.dtype != SNNRT_F32)
      continue;
    const void *data;
    if (snnrt_status st = snnrt_read_buffer(net, b.name.c_str(), &data, nullptr))
      return st;
    const float *adapted = static_cast<const float *>(data);
    float *w = static_cast<float *>(b.data.data());
    for (int64_t i = 0; i < b.elements; ++i)
      w[i] = float(double(w[i]) + epsilon * (double(adapted[i]) - double(w[i])));
  }
  return snnrt_snapshot_restore(net, meta);
}
