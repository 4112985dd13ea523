//===- Train.cpp - the training loop over compiled train steps -------------===//
//
// A network compiled with `snn.train` has `<net>_train_step` (forward,
// backward and update over the declared steps, docs/training.md) and
// `<net>_forward`. This file drives them: minibatches from a dataset,
// shuffled per epoch, a progress line, evaluation on a test set, and
// checkpoints as .npz (train.epoch counts the epochs done, so training
// resumes where a checkpoint left off).
//
//===----------------------------------------------------------------------===//

#include "Internal.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace snnrt;

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

snnrt_status needTraining(const snnrt_network *net, const char *fn) {
  if (!net)
    return fail(SNNRT_ERR_ARGUMENT, std::string(fn) + ": null network");
  if (!net->trainStep || !net->forward)
    return fail(SNNRT_ERR_STATE,
                std::string(fn) + ": network @" + net->name +
                    " declares no training (add snn.train to the network; "
                    "docs/training.md)");
  if (!net->initialized)
    return fail(SNNRT_ERR_STATE, std::string(fn) + ": network @" + net->name +
                                     " is not initialised (snnrt_init first)");
  if (!net->reset)
    return fail(SNNRT_ERR_SYMBOL, std::string(fn) + ": '" + net->path +
                                      "' has no " + net->name +
                                      "_reset (recompile it)");
  return SNNRT_OK;
}

/// The buffers a training loop touches.
struct Loop {
  snnrt_network *net;
  Buffer *input = nullptr, *label = nullptr, *loss = nullptr,
         *correct = nullptr, *logits = nullptr, *epoch = nullptr;
  int64_t batch = 1, classes = 0;
  /// A sequence input (`snn.train ... sequence [...]`) is [steps, batch, N]:
  /// a sample's row holds its steps one after another, [steps, N].
  int64_t steps = 1;

  snnrt_status bind(const snnrt_dataset *data, const char *inputName,
                    const char *fn) {
    batch = net->batch;
    label = net->find("train.label");
    loss = net->find("train.loss");
    correct = net->find("train.correct");
    logits = net->find("train.logits");
    epoch = net->find("train.epoch");
    if (!label || !correct || !logits || !loss)
      return fail(SNNRT_ERR_STATE,
                  std::string(fn) + ": network @" + net->name +
                      " is not trained on labels (its loss is not a "
                      "cross-entropy: ce_count, ce_final or ce_max)");
    classes = logits->shape[logits->rank - 1];
    if (!data || !data->inputs || !data->labels || data->count < 1 ||
        data->features < 1)
      return fail(SNNRT_ERR_ARGUMENT,
                  std::string(fn) + ": the dataset is empty or has null data");
    for (int64_t i = 0; i < data->count; ++i)
      if (data->labels[i] < 0 || data->labels[i] >= classes)
        return fail(SNNRT_ERR_ARGUMENT,
                    std::string(fn) + ": sample " + std::to_string(i) +
                        " has label " + std::to_string(data->labels[i]) +
                        ", but network @" + net->name + " has " +
                        std::to_string(classes) + " classes (0 to " +
                        std::to_string(classes - 1) + ")");
    int64_t want = batch * data->features;
    if (inputName) {
      input = net->find(inputName);
      if (!input || input->role != "input")
        return fail(SNNRT_ERR_NAME, std::string(fn) + ": network @" +
                                        net->name + " has no input '" +
                                        inputName + "'");
    } else {
      std::string candidates;
      for (Buffer &b : net->buffers)
        if (b.role == "input" && b.name.rfind("train.", 0) != 0 &&
            b.elements == want && b.dtype == SNNRT_F32) {
          candidates += (candidates.empty() ? "'" : ", '") + b.name + "'";
          if (input)
            return fail(SNNRT_ERR_NAME,
                        std::string(fn) + ": several inputs of network @" +
                            net->name + " take " +
                            std::to_string(data->features) +
                            " values per entry (" + candidates +
                            "); name the one the samples go into");
          input = &b;
        }
      if (!input)
        return fail(SNNRT_ERR_NAME, std::string(fn) + ": network @" +
                                        net->name + " has no float32 input "
                                        "of " + std::to_string(data->features) +
                                        " values per batch entry");
    }
    if (input->elements != want || input->dtype != SNNRT_F32)
      return fail(SNNRT_ERR_SHAPE,
                  std::string(fn) + ": input '" + input->name + "' holds " +
                      std::to_string(input->elements) + " values, not " +
                      std::to_string(batch) + " entries of " +
                      std::to_string(data->features));
    steps = 1;
    if (input->rank == 3) {
      if (input->shape[1] != batch)
        return fail(SNNRT_ERR_SHAPE,
                    std::string(fn) + ": input '" + input->name +
                        "' has shape " +
                        shapeString(input->shape, input->rank) +
                        ", not [steps, " + std::to_string(batch) + ", N]");
      steps = input->shape[0];
    }
    return SNNRT_OK;
  }

  /// Sets the samples order[first .. first + batch) (the last one repeated
  /// past the end) and resets the state.
  void load(const snnrt_dataset *data, const std::vector<int64_t> &order,
            int64_t first) {
    net->reset(net->state.data(), SNNRT_RESET_STATE);
    float *in = static_cast<float *>(input->storage.data());
    int64_t *lab = static_cast<int64_t *>(label->storage.data());
    for (int64_t e = 0; e < batch; ++e) {
      int64_t k = std::min<int64_t>(first + e, int64_t(order.size()) - 1);
      int64_t s = order[k];
      // Entry e of step t: [t, e, :] of a sequence, else row e.
      int64_t perStep = data->features / steps;
      for (int64_t t = 0; t < steps; ++t)
        std::memcpy(in + (t * batch + e) * perStep,
                    data->inputs + s * data->features + t * perStep,
                    sizeof(float) * perStep);
      lab[e] = data->labels[s];
    }
  }

  float scalar(Buffer *b) const {
    return static_cast<const float *>(b->storage.data())[0];
  }
};

void progress(int64_t epoch, int64_t epochs, int64_t done, int64_t total,
              double loss, double acc, double rate) {
  const int width = 24;
  int filled = total ? static_cast<int>(width * done / total) : width;
  std::fprintf(stderr, "\repoch %lld/%lld [%.*s%.*s] %lld/%lld  loss %.4f  "
                       "acc %5.1f%%  %.0f samples/s ",
               (long long)epoch, (long long)epochs, filled,
               "########################", width - filled,
               "........................", (long long)done, (long long)total,
               loss, 100.0 * acc, rate);
  std::fflush(stderr);
}

} // namespace

int snnrt_trains(const snnrt_network *net) {
  return net && net->trainStep && net->forward;
}

snnrt_status snnrt_train_step(snnrt_network *net) {
  if (snnrt_status st = needTraining(net, "snnrt_train_step"))
    return st;
  return net->callState(net->trainStep);
}

snnrt_status snnrt_forward(snnrt_network *net) {
  if (snnrt_status st = needTraining(net, "snnrt_forward"))
    return st;
  return net->callState(net->forward);
}

void snnrt_train_options_default(snnrt_train_options *o) {
  if (!o)
    return;
  *o = snnrt_train_options{};
  o->epochs = 1;
  o->shuffle_seed = 1;
  o->progress = 1;
}

snnrt_status snnrt_evaluate(snnrt_network *net, const snnrt_dataset *data,
                            const char *input, int64_t maxBatches,
                            double *loss, double *accuracy) {
  if (snnrt_status st = needTraining(net, "snnrt_evaluate"))
    return st;
  Loop loop{net};
  if (snnrt_status st = loop.bind(data, input, "snnrt_evaluate"))
    return st;
  std::vector<int64_t> order(data->count);
  for (int64_t i = 0; i < data->count; ++i)
    order[i] = i;
  int64_t batches = (data->count + loop.batch - 1) / loop.batch;
  if (maxBatches > 0)
    batches = std::min(batches, maxBatches);
  double lossSum = 0;
  int64_t right = 0, seen = 0;
  const float *logits = static_cast<const float *>(loop.logits->storage.data());
  for (int64_t k = 0; k < batches; ++k) {
    loop.load(data, order, k * loop.batch);
    if (snnrt_status st = net->callState(net->forward))
      return st;
    int64_t valid = std::min(loop.batch, data->count - k * loop.batch);
    // The padding entries repeat a sample: count every sample once, with
    // the cross-entropy of its own logits.
    for (int64_t e = 0; e < valid; ++e) {
      const float *z = logits + e * loop.classes;
      int64_t label = data->labels[order[k * loop.batch + e]];
      int64_t best = 0;
      double mx = z[0];
      for (int64_t c = 1; c < loop.classes; ++c)
        if (z[c] > mx) {
          mx = z[c];
          best = c;
        }
      double sum = 0;
      for (int64_t c = 0; c < loop.classes; ++c)
        sum += std::exp(double(z[c]) - mx);
      lossSum += mx + std::log(sum) - z[label];
      right += best == label;
    }
    seen += valid;
  }
  if (loss)
    *loss = lossSum / double(seen);
  if (accuracy)
    *accuracy = double(right) / double(seen);
  return SNNRT_OK;
}

snnrt_status snnrt_train(snnrt_network *net, const snnrt_dataset *train,
                         const snnrt_dataset *test,
                         const snnrt_train_options *options,
                         snnrt_train_report *report) {
  if (snnrt_status st = needTraining(net, "snnrt_train"))
    return st;
  snnrt_train_options o;
  snnrt_train_options_default(&o);
  if (options)
    o = *options;
  if (o.epochs < 0 || o.max_batches < 0)
    return fail(SNNRT_ERR_ARGUMENT,
                "snnrt_train: epochs and max_batches must not be negative");
  Loop loop{net};
  if (snnrt_status st = loop.bind(train, o.input, "snnrt_train"))
    return st;
  if (test) {
    Loop check{net};
    if (snnrt_status st = check.bind(test, loop.input->name.c_str(),
                                     "snnrt_train (test set)"))
      return st;
  }
  auto start = Clock::now();
  snnrt_train_report r{};
  r.test_loss = r.test_accuracy = std::numeric_limits<double>::quiet_NaN();
  int64_t *epochCounter =
      loop.epoch ? static_cast<int64_t *>(loop.epoch->storage.data()) : nullptr;
  int64_t first = epochCounter ? *epochCounter : 0;
  int64_t batches = train->count / loop.batch;
  if (batches < 1)
    return fail(SNNRT_ERR_ARGUMENT,
                "snnrt_train: " + std::to_string(train->count) +
                    " samples do not fill one minibatch of " +
                    std::to_string(loop.batch));
  if (o.max_batches > 0)
    batches = std::min(batches, o.max_batches);
  std::vector<int64_t> order(train->count);
  for (int64_t epoch = first; epoch < o.epochs; ++epoch) {
    for (int64_t i = 0; i < train->count; ++i)
      order[i] = i;
    if (o.shuffle_seed) {
      // Fisher-Yates with a generator whose sequence the standard fixes.
      std::mt19937_64 rng(o.shuffle_seed * 1000003ull + uint64_t(epoch));
      for (int64_t i = train->count - 1; i > 0; --i)
        std::swap(order[i], order[rng() % uint64_t(i + 1)]);
    }
    auto epochStart = Clock::now();
    double lossSum = 0, rightSum = 0, shown = -1;
    for (int64_t k = 0; k < batches; ++k) {
      loop.load(train, order, k * loop.batch);
      if (snnrt_status st = net->callState(net->trainStep))
        return st;
      lossSum += loop.scalar(loop.loss);
      rightSum += loop.scalar(loop.correct);
      // A few updates a second (a log file gets no flood of lines), and
      // the last one.
      double elapsed = seconds(epochStart);
      if (o.progress && (elapsed - shown >= 0.25 || k + 1 == batches)) {
        shown = elapsed;
        progress(epoch + 1, o.epochs, k + 1, batches, lossSum / double(k + 1),
                 rightSum / double((k + 1) * loop.batch),
                 double((k + 1) * loop.batch) / elapsed);
      }
    }
    r.loss = lossSum / double(batches);
    r.accuracy = rightSum / double(batches * loop.batch);
    r.samples_per_second = double(batches * loop.batch) / seconds(epochStart);
    if (epochCounter)
      *epochCounter = epoch + 1;
    r.epochs_done = epoch + 1;
    if (test) {
      if (snnrt_status st =
              snnrt_evaluate(net, test, loop.input->name.c_str(),
                             o.max_batches, &r.test_loss, &r.test_accuracy))
        return st;
      if (o.progress)
        std::fprintf(stderr, " test loss %.4f  test acc %5.1f%%",
                     r.test_loss, 100.0 * r.test_accuracy);
    }
    if (o.progress)
      std::fprintf(stderr, "\n");
    if (o.checkpoint)
      if (snnrt_status st = snnrt_save_npz(net, o.checkpoint))
        return st;
  }
  if (first >= o.epochs)
    r.epochs_done = first;
  r.seconds = seconds(start);
  if (report)
    *report = r;
  return SNNRT_OK;
}

snnrt_status snnrt_ewc_consolidate(snnrt_network *net,
                                   const snnrt_dataset *task,
                                   const char *input, int64_t maxBatches,
                                   double decay) {
  const char *fn = "snnrt_ewc_consolidate";
  if (snnrt_status st = needTraining(net, fn))
    return st;
  if (!(decay >= 0) || !std::isfinite(decay))
    return fail(SNNRT_ERR_ARGUMENT,
                std::string(fn) + ": decay must be finite and >= 0");
  Loop loop{net};
  if (snnrt_status st = loop.bind(task, input, fn))
    return st;
  // Every weight with EWC's buffers: <w>.fisher, <w>.anchor, <w>.grad.
  struct Weight {
    Buffer *w, *grad, *fisher, *anchor;
    std::vector<double> sum;
  };
  std::vector<Weight> weights;
  for (Buffer &b : net->buffers) {
    const std::string suffix = ".fisher";
    if (b.role != "ewc" || b.name.size() <= suffix.size() ||
        b.name.compare(b.name.size() - suffix.size(), suffix.size(), suffix))
      continue;
    std::string w = b.name.substr(0, b.name.size() - suffix.size());
    Weight entry{net->find(w.c_str()), net->find((w + ".grad").c_str()), &b,
                 net->find((w + ".anchor").c_str()), {}};
    if (!entry.w || !entry.grad || !entry.anchor)
      return fail(SNNRT_ERR_STATE, std::string(fn) + ": '" + b.name +
                                       "' has no weight, gradient or anchor");
    entry.sum.assign(size_t(b.elements), 0.0);
    weights.push_back(std::move(entry));
  }
  if (weights.empty())
    return fail(SNNRT_ERR_STATE,
                std::string(fn) + ": network @" + net->name +
                    " has no EWC buffers: give its optimizer the setting "
                    "ewc > 0 (docs/training.md)");
  // Each minibatch's train step computes the gradients and moves the
  // weights; the snapshot puts weights and optimiser state back.
  snnrt_snapshot *saved = nullptr;
  if (snnrt_status st = snnrt_snapshot_take(
          net, SNNRT_RESET_WEIGHTS | SNNRT_SNAPSHOT_OPTIMIZER, &saved))
    return st;
  std::vector<int64_t> order(task->count);
  for (int64_t i = 0; i < task->count; ++i)
    order[i] = i;
  int64_t batches = (task->count + loop.batch - 1) / loop.batch;
  if (maxBatches > 0)
    batches = std::min(batches, maxBatches);
  snnrt_status status = SNNRT_OK;
  for (int64_t k = 0; k < batches && status == SNNRT_OK; ++k) {
    loop.load(task, order, k * loop.batch);
    status = net->callState(net->trainStep);
    if (status != SNNRT_OK)
      break;
    for (Weight &w : weights) {
      const float *g = static_cast<const float *>(w.grad->storage.data());
      for (size_t i = 0; i < w.sum.size(); ++i)
        w.sum[i] += double(g[i]) * double(g[i]);
    }
    status = snnrt_snapshot_restore(net, saved);
  }
  snnrt_snapshot_free(saved);
  if (status != SNNRT_OK)
    return status;
  // A minibatch's gradient is the mean of its entries' gradients: its
  // square estimates the Fisher diagonal over the batch size.
  double scale = double(loop.batch) / double(batches);
  for (Weight &w : weights) {
    float *f = static_cast<float *>(w.fisher->storage.data());
    float *anchor = static_cast<float *>(w.anchor->storage.data());
    const float *now = static_cast<const float *>(w.w->storage.data());
    for (size_t i = 0; i < w.sum.size(); ++i) {
      f[i] = float(decay * double(f[i]) + scale * w.sum[i]);
      anchor[i] = now[i];
    }
  }
  return SNNRT_OK;
}
