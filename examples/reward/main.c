/* Reward-modulated learning (examples/reward/README.md): two input
 * patterns, two outputs, a reward every step for the output that fired.
 * Prints, per block of trials, the mean reward per trial and how many
 * trials the right output won, as a curve that rises as it learns.
 *
 *   snn-reward-example [--trials N] [--block N] [--seed S]
 */
#include "reward_task.h"
#include "../embed/state.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEPS_PER_TRIAL 500
#define INPUTS 40

static uint64_t rng_state = 1;
/* splitmix64: which pattern each trial shows. */
static uint64_t next_random(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static long option(int argc, char **argv, const char *name, long fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (strcmp(argv[i], name) == 0) {
      char *end = NULL;
      long v = strtol(argv[i + 1], &end, 10);
      if (!*argv[i + 1] || *end || v < 1) {
        fprintf(stderr, "reward: %s takes a positive integer, not '%s'\n",
                name, argv[i + 1]);
        exit(2);
      }
      return v;
    }
  return fallback;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i += 2)
    if (strcmp(argv[i], "--trials") && strcmp(argv[i], "--block") &&
        strcmp(argv[i], "--seed")) {
      fprintf(stderr, "reward: unknown option %s\nusage: snn-reward-example "
                      "[--trials N] [--block N] [--seed S]\n", argv[i]);
      return 2;
    }
  long trials = option(argc, argv, "--trials", 200);
  long block = option(argc, argv, "--block", 20);
  rng_state = (uint64_t)option(argc, argv, "--seed", 1);

  reward_task_state s;
  size_t count = 0;
  const snn_buffer_info *info = reward_task_describe(&count);
  allocate_state(&s, info, count);
  s.seed[0] = (int64_t)rng_state;
  reward_task_init(&s);
  reward_task_recorder rec;

  printf("trials   mean reward per trial   right output won\n");
  double blockReward = 0;
  long blockWins = 0;
  for (long trial = 0; trial < trials; ++trial) {
    int pattern = (int)(next_random() & 1);
    for (int i = 0; i < INPUTS; ++i)
      s.input_rate[i] = (i / 20 == pattern) ? 40.0f : 2.0f;
    float before[2] = {0, 0};
    double trialReward = 0;
    s.reward[0] = 0.0f;
    for (int t = 0; t < STEPS_PER_TRIAL; ++t) {
      reward_task_run(&s, 1, &rec);
      /* The outputs' spikes this step decide the reward of the next. */
      float now[2] = {s.output_spike_count[0], s.output_spike_count[1]};
      float right = now[pattern] - before[pattern];
      float wrong = now[1 - pattern] - before[1 - pattern];
      s.reward[0] = (float)(right - wrong);
      trialReward += s.reward[0];
      before[0] = now[0];
      before[1] = now[1];
    }
    blockReward += trialReward;
    blockWins += before[pattern] > before[1 - pattern];
    reward_task_reset(&s, SNN_RESET_STATE);
    if ((trial + 1) % block == 0 || trial + 1 == trials) {
      long n = (trial % block) + 1;
      double mean = blockReward / n;
      int bar = mean > 0 ? (int)(mean / 2.5 + 0.5) : 0;
      printf("%4ld-%-4ld %+9.2f %-22.*s %3ld / %ld\n", trial + 2 - n,
             trial + 1, mean, bar > 22 ? 22 : bar,
             "######################", blockWins, n);
      blockReward = 0;
      blockWins = 0;
    }
  }
  /* What it learned: the mean weight from each pattern's inputs to each
   * output. */
  for (int p = 0; p < 2; ++p) {
    double w0 = 0, w1 = 0;
    for (int i = p * 20; i < p * 20 + 20; ++i) {
      w0 += s.learn_w[i * 2 + 0];
      w1 += s.learn_w[i * 2 + 1];
    }
    printf("pattern %c inputs -> output 0: %.3f, output 1: %.3f (mean weight)\n",
           'A' + p, w0 / 20, w1 / 20);
  }
  free_state(&s, info, count);
  return 0;
}
