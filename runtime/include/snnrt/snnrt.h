/*===- snnrt/snnrt.h - the snnc runtime, C API ---------------------*- C -*-===*
 *
 * libsnnrt loads a network compiled by `snn-compile` (lib<net>.so), allocates
 * and owns every buffer its `<net>_describe()` table lists, and runs it:
 * seeds, init, inputs, steps, monitors, reset, state saved and loaded as
 * .npz. It also reads .npy and IDX files (MNIST, Fashion-MNIST) and encodes
 * intensities as spike trains. See docs/runtime.md.
 *
 * Every function that can fail returns an snnrt_status; on failure
 * snnrt_last_error() gives a message naming what is wrong (the buffer, the
 * file, the symbol), and the network is left as it was before the call.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SNNRT_SNNRT_H
#define SNNRT_SNNRT_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define SNNRT_API __attribute__((visibility("default")))
#else
#define SNNRT_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum snnrt_status {
  SNNRT_OK = 0,
  SNNRT_ERR_ARGUMENT, /* a null pointer, a negative count, a bad option */
  SNNRT_ERR_LOAD,     /* dlopen failed, or the describe table is malformed */
  SNNRT_ERR_SYMBOL,   /* <net>_describe, _init or _run is missing */
  SNNRT_ERR_NAME,     /* no buffer, input or monitor of that name */
  SNNRT_ERR_SHAPE,    /* the data's shape is not the buffer's */
  SNNRT_ERR_DTYPE,    /* the data's element type is not the buffer's */
  SNNRT_ERR_FILE,     /* a file cannot be opened, read or written */
  SNNRT_ERR_FORMAT,   /* a file is not what it claims (.npy, .npz, IDX) */
  SNNRT_ERR_STATE,    /* called out of order (running before init, ...) */
  SNNRT_ERR_MEMORY,   /* an allocation failed */
  SNNRT_ERR_DEVICE    /* a CUDA network's kernel load or launch failed */
} snnrt_status;

/* The message of the last call that failed on this thread ("" if none). It
 * stays valid until the next failing call on this thread. */
SNNRT_API const char *snnrt_last_error(void);
/* "ok", "argument", "load", ... */
SNNRT_API const char *snnrt_status_name(snnrt_status status);

/*--- Arrays ----------------------------------------------------------------*/

typedef enum snnrt_dtype {
  SNNRT_F32 = 0, /* float32, numpy '<f4' */
  SNNRT_I64 = 1, /* int64, numpy '<i8' */
  SNNRT_U8 = 2   /* uint8, numpy '|u1' (spikes: 0 or 1) */
} snnrt_dtype;

#define SNNRT_MAX_RANK 8

/* An array the library allocated (from .npy or IDX files); release it with
 * snnrt_array_free. Row-major. */
typedef struct snnrt_array {
  snnrt_dtype dtype;
  int32_t rank;
  int64_t shape[SNNRT_MAX_RANK];
  void *data;
} snnrt_array;

SNNRT_API void snnrt_array_free(snnrt_array *array);
SNNRT_API int64_t snnrt_array_elements(const snnrt_array *array);

/* .npy files: '<f4', '<i8' or '|u1', C order, versions 1.0 to 3.0. Anything
 * else is SNNRT_ERR_FORMAT with the file and the fault in the message. */
SNNRT_API snnrt_status snnrt_npy_read(const char *path, snnrt_array *out);
SNNRT_API snnrt_status snnrt_npy_write(const char *path, snnrt_dtype dtype,
                                       int32_t rank, const int64_t *shape,
                                       const void *data);

/*--- Networks --------------------------------------------------------------*/

typedef struct snnrt_network snnrt_network;

/* One buffer of a network, as its describe table gives it. For a monitor,
 * shape[0] (its rows) is 0 and `elements` counts one recorded row. */
typedef struct snnrt_buffer_desc {
  const char *name; /* "exc.v"; valid while the network lives */
  const char
      *role; /* parameter, state, weight, input, scratch, monitor, seed; with
               training also gradient, optimizer, output, ewc, tape */
  snnrt_dtype dtype;
  int32_t rank;
  int64_t shape[4];
  int64_t every; /* monitors: one row every `every` steps */
  int64_t elements;
} snnrt_buffer_desc;

/* Loads lib<net>.so. `name` is the network's name (the prefix of its
 * symbols); NULL takes it from a file name of the form lib<name>.so. Every
 * buffer is allocated and zeroed; batch entry b gets seed 1 + b. */
SNNRT_API snnrt_status snnrt_load(const char *library_path, const char *name,
                                  snnrt_network **out);
SNNRT_API void snnrt_free(snnrt_network *net);

SNNRT_API const char *snnrt_name(const snnrt_network *net);
SNNRT_API int64_t snnrt_batch(const snnrt_network *net);
/* The step counter: steps run since init. */
SNNRT_API int64_t snnrt_step(const snnrt_network *net);

SNNRT_API size_t snnrt_buffer_count(const snnrt_network *net);
SNNRT_API snnrt_status snnrt_buffer_at(const snnrt_network *net, size_t index,
                                       snnrt_buffer_desc *out);
SNNRT_API snnrt_status snnrt_find_buffer(const snnrt_network *net,
                                         const char *name,
                                         snnrt_buffer_desc *out);

/* One seed per batch entry (`count` must be the batch size); used by the
 * next snnrt_init or snnrt_reset. */
SNNRT_API snnrt_status snnrt_set_seeds(snnrt_network *net,
                                       const uint64_t *seeds, size_t count);
SNNRT_API snnrt_status snnrt_get_seeds(const snnrt_network *net,
                                       uint64_t *seeds, size_t count);

/* Writes every initial value (all buffers but seeds and monitors, inputs
 * included: they become 0) and sets the step counter to 0. */
SNNRT_API snnrt_status snnrt_init(snnrt_network *net);

/* Between samples. For now this re-runs init: every buffer but the seeds
 * returns to its initial value, weights and inputs included. Resetting only
 * some roles waits for the compiled `<net>_reset`. */
SNNRT_API snnrt_status snnrt_reset(snnrt_network *net);

/* Roles snnrt_reset_roles sets back to their initial values (the compiled
 * `<net>_reset`): scratch is always cleared; seeds and the step number are
 * kept, so the next sample draws fresh random numbers. */
enum {
  SNNRT_RESET_STATE = 1,
  SNNRT_RESET_WEIGHTS = 2,
  SNNRT_RESET_PARAMETERS = 4,
  SNNRT_RESET_INPUTS = 8,
  SNNRT_RESET_ALL = 15
};
/* Between samples: reset only the roles in `roles` (e.g. the state but not
 * learned weights). */
SNNRT_API snnrt_status snnrt_reset_roles(snnrt_network *net, uint32_t roles);

/* Copies `data` into the input buffer `name` (role input). `shape` must be
 * the buffer's shape, or the buffer's shape without its leading batch
 * dimension, in which case every batch entry gets the same values. Allowed
 * after init only (init zeroes inputs); the value stays until changed. */
SNNRT_API snnrt_status snnrt_set_input(snnrt_network *net, const char *name,
                                       snnrt_dtype dtype, const void *data,
                                       int32_t rank, const int64_t *shape);
/* The same, from a .npy file. */
SNNRT_API snnrt_status snnrt_set_input_npy(snnrt_network *net, const char *name,
                                           const char *path);
/* Like snnrt_set_input for any buffer but monitors (weights, state, ...). */
SNNRT_API snnrt_status snnrt_write_buffer(snnrt_network *net, const char *name,
                                          snnrt_dtype dtype, const void *data,
                                          int32_t rank, const int64_t *shape);
/* The buffer's current contents (not monitors), valid while the network
 * lives; `desc` may be NULL. */
SNNRT_API snnrt_status snnrt_read_buffer(const snnrt_network *net,
                                         const char *name, const void **data,
                                         snnrt_buffer_desc *desc);

/* Kheradpisheh et al.'s convergence metric of a float32 buffer of weights
 * in [0, 1] (the conv-STDP library's compute_convergence_metric): the mean
 * of w (1 - w), which falls towards 0 as first-spike STDP drives every
 * weight to 0 or 1. The weights have converged when it is below a
 * threshold (0.01 in the library's STDPConfig). */
SNNRT_API snnrt_status snnrt_weight_convergence(const snnrt_network *net,
                                                const char *name, double *out);
/* The same measure for each of `groups` equal consecutive parts of the
 * buffer, into out[0 .. groups): per output channel of a conv kernel
 * (weights [out_channels, ...], so groups = out_channels), per target of a
 * dense matrix stored [targets, ...], and so on. The buffer's size must be
 * a multiple of `groups`. */
SNNRT_API snnrt_status snnrt_weight_convergence_groups(
    const snnrt_network *net, const char *name, int64_t groups, double *out);

/* Runs `steps` steps from where the last run stopped. Monitors record into
 * buffers the runtime sizes for these steps: afterwards each monitor holds
 * ceil(steps / every) rows (the recording of this call only). */
SNNRT_API snnrt_status snnrt_run(snnrt_network *net, int64_t steps);

/* Runs `steps` steps, copying row t of `sequence` ([steps, <shape of the
 * input buffer>], float32) into input `name` before step t: a spike array
 * or a current that changes every step. Monitors record as in snnrt_run. */
SNNRT_API snnrt_status snnrt_run_sequence(snnrt_network *net, const char *name,
                                          const float *sequence, int64_t steps);

/* What monitor `name` recorded in the last run: `shape` (rank 3: rows,
 * batch, neurons) and the row-major data, valid until the next run. Spike
 * monitors (`spikes of @pop`) are recorded as bits and unpacked to 0.0 and
 * 1.0 by the first call after a run (rows x batch x neurons floats). */
SNNRT_API snnrt_status snnrt_monitor(const snnrt_network *net, const char *name,
                                     const float **data, int64_t shape[3]);
/* A spike monitor's recording as compiled code wrote it, without unpacking:
 * for row t and batch entry b, ceil(shape[2] / 64) words starting at
 * words[(t * shape[1] + b) * ceil(shape[2] / 64)]; neuron i fired if bit
 * i % 64 of word i / 64 is set. Valid until the next run. SNNRT_ERR_DTYPE
 * for a monitor of a variable (float32: use snnrt_monitor). */
SNNRT_API snnrt_status snnrt_monitor_bits(const snnrt_network *net,
                                          const char *name,
                                          const uint64_t **words,
                                          int64_t shape[3]);
/* Whether monitor `name` is kept (default: yes). A monitor that is not kept
 * records into a scratch buffer that only spans one chunk of steps. */
SNNRT_API snnrt_status snnrt_set_recording(snnrt_network *net, const char *name,
                                           int enabled);
/* The most steps one call of <net>_run is given (0: automatic, about 64 MiB
 * of scratch recorders). Rounded down to a multiple of every monitor's
 * `every` (at least one such multiple) so chunking never changes what is
 * recorded. */
SNNRT_API snnrt_status snnrt_set_chunk_steps(snnrt_network *net, int64_t steps);

/* Threads for the next runs of a network compiled with threads
 * (snn-compile --threads=K): the compiled code runs the tiles of its large
 * kernels on that many OpenMP threads (libomp); results are the same for
 * every count. Without a call, libomp's default applies (OMP_NUM_THREADS,
 * or one per core). A network compiled without threads accepts only 1. */
SNNRT_API snnrt_status snnrt_set_threads(snnrt_network *net, int threads);
/* The threads the next run uses (1 for code compiled without threads). */
SNNRT_API int snnrt_threads(const snnrt_network *net);

/* All buffers but monitors, one .npy per buffer named after it ("n.v.npy",
 * numpy's np.load(path)["n.v"]). Loading checks every entry (names, dtypes,
 * shapes; every buffer but scratch must be present) before it changes
 * anything. */
SNNRT_API snnrt_status snnrt_save_npz(const snnrt_network *net,
                                      const char *path);
SNNRT_API snnrt_status snnrt_load_npz(snnrt_network *net, const char *path);
/* One buffer or monitor recording as .npy. */
SNNRT_API snnrt_status snnrt_save_npy(const snnrt_network *net,
                                      const char *name, const char *path);

/*--- Training (networks that declare snn.train; docs/training.md) ---------*/

/* Whether the network was compiled with training (it has
 * <net>_train_step and <net>_forward). */
SNNRT_API int snnrt_trains(const snnrt_network *net);
/* One optimiser step on the current inputs and train.label (or
 * train.target): forward over the declared steps, backward, update. The
 * loss is then in train.loss, the logits in train.logits. The state is not
 * reset: call snnrt_reset_roles(net, SNNRT_RESET_STATE) between samples. */
SNNRT_API snnrt_status snnrt_train_step(snnrt_network *net);
/* The forward pass and the loss alone (evaluation). */
SNNRT_API snnrt_status snnrt_forward(snnrt_network *net);

/* Labelled samples: inputs [count, features] (float32, one row per
 * sample, what the network's input buffer takes per batch entry) and
 * labels [count] (class indices). For a sequence input (`sequence [...]`
 * in snn.train, a buffer [steps, batch, N]) a row is [steps, N]: a
 * sample's steps one after another. */
typedef struct snnrt_dataset {
  const float *inputs;
  const int64_t *labels;
  int64_t count, features;
} snnrt_dataset;

typedef struct snnrt_train_options {
  int64_t epochs;          /* passes over the training set (default 1) */
  uint64_t shuffle_seed;   /* the order of each epoch; 0: in order (default 1) */
  const char *input;       /* the input buffer the samples go into; NULL:
                              the network's only input of the right size */
  int64_t max_batches;     /* per epoch and per evaluation; 0: all (default) */
  int progress;            /* a progress line on stderr (default 1) */
  const char *checkpoint;  /* .npz written after every epoch (NULL: none) */
} snnrt_train_options;

typedef struct snnrt_train_report {
  int64_t epochs_done;      /* counted in train.epoch, kept in checkpoints */
  double loss, accuracy;    /* the last epoch's means over its minibatches */
  double test_loss, test_accuracy; /* on the test set after the last epoch
                                      (NaN without one) */
  double samples_per_second;       /* training, the last epoch */
  double seconds;                  /* the whole call */
} snnrt_train_report;

SNNRT_API void snnrt_train_options_default(snnrt_train_options *options);
/* Minibatch training: each epoch shuffles the samples (a seeded
 * permutation, the same for the same seed and epoch), and for each full
 * minibatch of `batch` samples resets the state, sets the inputs and
 * labels and runs one train step. Samples left over that do not fill a
 * minibatch are skipped that epoch. After each epoch it evaluates on
 * `test` (if not NULL) and writes the checkpoint. Training resumes from
 * train.epoch: load a checkpoint with snnrt_load_npz first, and the epochs
 * already done are not repeated. Labels outside the classes are an error
 * naming the sample. */
SNNRT_API snnrt_status snnrt_train(snnrt_network *net,
                                   const snnrt_dataset *train,
                                   const snnrt_dataset *test,
                                   const snnrt_train_options *options,
                                   snnrt_train_report *report);
/* Mean loss and accuracy over `data` with snnrt_forward, every sample
 * counted once (the last minibatch is padded and the padding ignored). */
SNNRT_API snnrt_status snnrt_evaluate(snnrt_network *net,
                                      const snnrt_dataset *data,
                                      const char *input, int64_t max_batches,
                                      double *loss, double *accuracy);

/*--- Neuroevolution (docs/runtime.md) ---------------------------------------*/

/* A genetic algorithm over a network whose batch entries are the
 * individuals: each gene buffer holds one genome part per entry ([batch,
 * ...]: a projection's `per_entry` weights, a population's `per_entry`
 * parameters, or other per-entry float32 buffers), so one run of the network evaluates the whole population. The
 * caller runs the network and scores each entry; snnrt_evolution_step
 * then breeds the next generation into the same buffers. */
typedef struct snnrt_evolution_options {
  double elite_fraction; /* the best this fraction of the population is kept
                            unchanged (rounded down; default 0.1) */
  int64_t tournament;    /* each parent is the fittest of this many entries
                            drawn at random (default 3; 1: uniform) */
  double crossover;      /* probability that a child mixes two parents gene
                            by gene (uniform crossover), else copies one
                            (default 0.9) */
  double mutation_rate;  /* probability that a child's gene gets Gaussian
                            noise (default 0.05) */
  double mutation_sigma; /* that noise's standard deviation (default 0.1) */
  double lower, upper;   /* every gene is clamped into [lower, upper]
                            (default -1e30, 1e30: unbounded) */
  uint64_t seed;         /* the algorithm's own random numbers (default 1) */
} snnrt_evolution_options;

typedef struct snnrt_evolution_report {
  int64_t generation; /* generations bred so far (this one included) */
  double best, mean;  /* of the fitness just given */
  int64_t best_entry; /* whose it was (before breeding) */
} snnrt_evolution_report;

typedef struct snnrt_evolution snnrt_evolution;

SNNRT_API void snnrt_evolution_options_default(snnrt_evolution_options *o);
/* `genes` names `count` buffers of `net` (initialised); each must be
 * float32 with the batch as its first dimension. */
SNNRT_API snnrt_status snnrt_evolution_create(
    snnrt_network *net, const char *const *genes, size_t count,
    const snnrt_evolution_options *options, snnrt_evolution **out);
SNNRT_API void snnrt_evolution_free(snnrt_evolution *evo);
/* Gene `gene`'s own mutation sigma and bounds, instead of the options'
 * (genes of different scales: weights in [-1, 1], a time constant in ms).
 * SNNRT_ERR_NAME if it is not one of the genes. */
SNNRT_API snnrt_status snnrt_evolution_set_gene(snnrt_evolution *evo,
                                                const char *gene,
                                                double mutation_sigma,
                                                double lower, double upper);
/* One generation: `fitness` holds one finite score per batch entry (higher
 * is better). The entries are ranked; entries 0 .. elites-1 get the elites'
 * genomes, best first; every other entry a child of tournament-selected
 * parents (crossover, mutation, bounds). `report` may be NULL. */
SNNRT_API snnrt_status snnrt_evolution_step(snnrt_evolution *evo,
                                            const double *fitness,
                                            snnrt_evolution_report *report);

/*--- Meta-learning: snapshots and Reptile (docs/runtime.md) -----------------*/

/* A copy of every buffer of the roles in `roles` (the mask of
 * snnrt_reset_roles: SNNRT_RESET_WEIGHTS for the weights; add
 * SNNRT_SNAPSHOT_OPTIMIZER for an optimiser's moments and step count),
 * taken now. */
enum { SNNRT_SNAPSHOT_OPTIMIZER = 16 };
typedef struct snnrt_snapshot snnrt_snapshot;
SNNRT_API snnrt_status snnrt_snapshot_take(const snnrt_network *net,
                                           uint32_t roles,
                                           snnrt_snapshot **out);
/* Writes the snapshot back into the network it was taken from. */
SNNRT_API snnrt_status snnrt_snapshot_restore(snnrt_network *net,
                                              const snnrt_snapshot *snapshot);
SNNRT_API void snnrt_snapshot_free(snnrt_snapshot *snapshot);
/* Reptile's outer step: for every float32 buffer of `meta`, meta += epsilon *
 * (the network's value now - meta), after an inner loop of training steps
 * on one task moved the network away from `meta`; the network is then set
 * to the new `meta`, where the next task's inner loop starts.
 * 0 < epsilon <= 1. */
SNNRT_API snnrt_status snnrt_reptile_update(snnrt_network *net,
                                            snnrt_snapshot *meta,
                                            double epsilon);
/* (Integer buffers of `meta`, such as Adam's step count, are restored as
 * they are.) */

/*--- Lifelong learning: elastic weight consolidation (docs/runtime.md) ----*/

/* After training on a task, for a network whose optimizer has `ewc` > 0:
 * estimates the diagonal Fisher information of every trainable weight from
 * squared gradients over `task` (its minibatches in order, at most
 * `max_batches`, 0: all; batch size times the mean squared minibatch
 * gradient), sets `<w>.fisher` to `decay` times its old value plus that
 * estimate, and `<w>.anchor` to the weights now. The weights and the
 * optimiser's state are left as they were. */
SNNRT_API snnrt_status snnrt_ewc_consolidate(snnrt_network *net,
                                             const snnrt_dataset *task,
                                             const char *input,
                                             int64_t max_batches,
                                             double decay);

/*--- Federated learning: aggregating clients' updates (docs/runtime.md) ---*/

/* Each of `clients` clients sends an update of `n` values (its weights
 * after local training minus the global ones). */

/* Weighted averaging (FedAvg): out = sum_c w_c u_c / sum_c w_c; the
 * weights (sample counts, say) must be >= 0 with a positive sum. */
SNNRT_API snnrt_status snnrt_fed_average(const float *const *updates,
                                         const double *weights,
                                         int64_t clients, int64_t n,
                                         float *out);
/* Majority vote over signs (signSGD): out[i] = scale * sign(sum_c
 * sign(u_c[i])), 0 where the vote ties. */
SNNRT_API snnrt_status snnrt_fed_sign_vote(const float *const *updates,
                                           int64_t clients, int64_t n,
                                           float scale, float *out);
/* Majority vote over spike bitstreams (0/1 bytes): out[i] = 1 where more
 * than half the clients sent 1. */
SNNRT_API snnrt_status snnrt_fed_bit_vote(const uint8_t *const *bits,
                                          int64_t clients, int64_t n,
                                          uint8_t *out);
/* Secure summation: the aggregator learns only the sum of the updates.
 * Client c quantises its update, q = round(u * scale) (two's complement,
 * |q| < 2^31 / clients, else SNNRT_ERR_ARGUMENT), and adds, modulo 2^32,
 * for every other client d a mask drawn from the secret it shares with d
 * (`secrets[d]`; secrets[c] is unused; both clients of a pair must hold
 * the same secret): + mask when c < d, - mask when c > d. Summed over all
 * clients the masks cancel exactly. */
SNNRT_API snnrt_status snnrt_secure_mask(int64_t client, int64_t clients,
                                         const uint64_t *secrets,
                                         const float *update, int64_t n,
                                         double scale, uint32_t *masked);
/* The aggregator's side: the masked vectors summed modulo 2^32, read as
 * a signed integer and divided by `scale`: the sum of the quantised
 * updates. */
SNNRT_API snnrt_status snnrt_secure_sum(const uint32_t *const *masked,
                                        int64_t clients, int64_t n,
                                        double scale, float *sum);

/*--- Data: IDX files (MNIST, Fashion-MNIST) --------------------------------*/

/* IDX unsigned-byte files, plain or gzip-compressed (if `path` does not
 * exist, `path`.gz is tried). Images: rank 3, returned as float32
 * [count, rows, cols] scaled to [0, 1]. Labels: rank 1, returned as int64
 * [count]. Truncated or malformed files are SNNRT_ERR_FORMAT. */
SNNRT_API snnrt_status snnrt_idx_read_images(const char *path,
                                             snnrt_array *out);
SNNRT_API snnrt_status snnrt_idx_read_labels(const char *path,
                                             snnrt_array *out);

/*--- Encoders: intensities in [0, 1] to spike trains -----------------------*/

/* `intensity` is [batch, n]; `out` is [steps, batch, n] of 0/1, row t being
 * what a spike-array input gets at step t. Random draws follow
 * docs/random.md in the encoder domain: entry b, element i, step
 * first_step + t, stream fnv1a32(stream_name) (the input buffer's name),
 * key seeds[b]; a spike when the uniform is below p. */

/* Bernoulli: p = intensity. */
SNNRT_API snnrt_status snnrt_encode_bernoulli(
    const float *intensity, int64_t batch, int64_t n, const uint64_t *seeds,
    const char *stream_name, int64_t first_step, int64_t steps, float *out);
/* Poisson: p = intensity * max_rate_hz * dt_ms / 1000 (saturates at 1). */
SNNRT_API snnrt_status snnrt_encode_poisson(
    const float *intensity, int64_t batch, int64_t n, const uint64_t *seeds,
    const char *stream_name, float max_rate_hz, float dt_ms, int64_t first_step,
    int64_t steps, float *out);
/* Latency (time to first spike), deterministic, as the prelude's @latency:
 * one spike at step round(t_max_ms * (1 - intensity) / dt_ms), none when
 * intensity <= threshold or the step is past the window. */
SNNRT_API snnrt_status snnrt_encode_latency(const float *intensity,
                                            int64_t batch, int64_t n,
                                            float t_max_ms, float threshold,
                                            float dt_ms, int64_t steps,
                                            float *out);

#ifdef __cplusplus
}
#endif

#endif /* SNNRT_SNNRT_H */
