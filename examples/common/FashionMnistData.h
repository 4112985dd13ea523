//===- FashionMnistData.h - Fashion-MNIST's IDX files as datasets ---------===//
//
// The training and test sets of Fashion-MNIST (Debian's
// dataset-fashion-mnist: /usr/share/datasets/fashion-mnist) read through
// libsnnrt's IDX reader: images as float32 [count, 784] in [0, 1], labels
// as int64 [count]. Shared by the examples that train on it.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_EXAMPLES_COMMON_FASHIONMNISTDATA_H
#define SNN_EXAMPLES_COMMON_FASHIONMNISTDATA_H

#include "snnrt/snnrt.h"

#include <string>

namespace snn_examples {

/// sets[0] is the training set, sets[1] the test set; the arrays own the
/// data until free(). Returns the first failing status (snnrt_last_error
/// says which file).
struct FashionMnist {
  snnrt_array images[2] = {}, labels[2] = {};
  snnrt_dataset sets[2] = {};

  snnrt_status read(const std::string &dir) {
    const char *parts[2] = {"train", "t10k"};
    for (int k = 0; k < 2; ++k) {
      if (snnrt_status st = snnrt_idx_read_images(
              (dir + "/" + parts[k] + "-images-idx3-ubyte").c_str(),
              &images[k]))
        return st;
      if (snnrt_status st = snnrt_idx_read_labels(
              (dir + "/" + parts[k] + "-labels-idx1-ubyte").c_str(),
              &labels[k]))
        return st;
      sets[k] = {static_cast<const float *>(images[k].data),
                 static_cast<const int64_t *>(labels[k].data),
                 images[k].shape[0], images[k].shape[1] * images[k].shape[2]};
    }
    return SNNRT_OK;
  }
  void free() {
    for (int k = 0; k < 2; ++k) {
      snnrt_array_free(&images[k]);
      snnrt_array_free(&labels[k]);
    }
  }
};

} // namespace snn_examples

#endif // SNN_EXAMPLES_COMMON_FASHIONMNISTDATA_H
