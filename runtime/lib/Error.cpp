//===- Error.cpp - error messages and small shared helpers ----------------===//

#include "Internal.h"

#include <cstdlib>

namespace {
// Per thread, so two threads driving two networks do not read each other's
// messages.
thread_local std::string lastError;
} // namespace

snnrt_status snnrt::fail(snnrt_status status, const std::string &message) {
  lastError = message;
  return status;
}

std::string snnrt::shapeString(const int64_t *shape, int rank) {
  std::string s = "[";
  for (int i = 0; i < rank; ++i) {
    if (i)
      s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

int64_t snnrt::checkedElements(const int64_t *shape, int rank,
                               size_t elementBytes) {
  const int64_t limit = int64_t(1) << 62;
  int64_t n = 1;
  for (int i = 0; i < rank; ++i) {
    if (shape[i] < 0)
      return -1;
    if (shape[i] != 0 && n > limit / shape[i])
      return -1;
    n *= shape[i];
  }
  if (elementBytes && n > limit / static_cast<int64_t>(elementBytes))
    return -1;
  return n;
}

extern "C" {

const char *snnrt_last_error(void) { return lastError.c_str(); }

const char *snnrt_status_name(snnrt_status status) {
  switch (status) {
  case SNNRT_OK:
    return "ok";
  case SNNRT_ERR_ARGUMENT:
    return "argument";
  case SNNRT_ERR_LOAD:
    return "load";
  case SNNRT_ERR_SYMBOL:
    return "symbol";
  case SNNRT_ERR_NAME:
    return "name";
  case SNNRT_ERR_SHAPE:
    return "shape";
  case SNNRT_ERR_DTYPE:
    return "dtype";
  case SNNRT_ERR_FILE:
    return "file";
  case SNNRT_ERR_FORMAT:
    return "format";
  case SNNRT_ERR_STATE:
    return "state";
  case SNNRT_ERR_MEMORY:
    return "memory";
  case SNNRT_ERR_DEVICE:
    return "device";
  }
  return "unknown";
}

void snnrt_array_free(snnrt_array *array) {
  if (!array)
    return;
  std::free(array->data);
  array->data = nullptr;
  array->rank = 0;
}

int64_t snnrt_array_elements(const snnrt_array *array) {
  if (!array || array->rank < 0 || array->rank > SNNRT_MAX_RANK)
    return 0;
  int64_t n = snnrt::checkedElements(array->shape, array->rank, 0);
  return n < 0 ? 0 : n;
}

} // extern "C"
