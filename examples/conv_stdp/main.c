/* Convolutional first-spike STDP on Fashion-MNIST (README.md): shows each
 * training image once (latency coded, 40 steps), resets the state between
 * images, prints the convergence of the kernels (the mean of w (1 - w),
 * Kheradpisheh et al.'s measure; snnrt_weight_convergence computes the
 * same for a loaded network) as it learns, and writes the 8 learned 5 x 5
 * kernels as a PGM image.
 *
 *   snn-conv-stdp-example [--samples N] [--data DIR] [--image FILE]
 */
#include "conv_stdp.h"
#include "../embed/state.h"

#include "snnrt/snnrt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STEPS_PER_IMAGE 40
#define KERNELS 8
#define SIDE 5

/* On-centre contrast, as the difference-of-Gaussians filter of
 * Kheradpisheh et al. does: a pixel minus the mean of its 5 x 5
 * neighbourhood, where positive, scaled and clipped to [0, 1]. Uniform
 * regions give nothing; edges and small bright features fire first. */
static void edges(const float *image, float *out) {
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      double sum = 0;
      int n = 0;
      for (int dy = -2; dy <= 2; ++dy)
        for (int dx = -2; dx <= 2; ++dx) {
          int yy = y + dy, xx = x + dx;
          if (yy < 0 || yy >= 28 || xx < 0 || xx >= 28)
            continue;
          sum += image[yy * 28 + xx];
          ++n;
        }
      double c = 3.0 * (image[y * 28 + x] - sum / n);
      out[y * 28 + x] = (float)(c < 0 ? 0 : c > 1 ? 1 : c);
    }
}

static double convergence(const float *w, int n) {
  double sum = 0;
  for (int k = 0; k < n; ++k)
    sum += (double)w[k] * (1.0 - (double)w[k]);
  return sum / n;
}

/* The kernels side by side, each pixel 10 x 10, white = 1. */
static int write_kernels(const char *path, const float *w) {
  const int scale = 10, width = KERNELS * (SIDE * scale + scale),
            height = SIDE * scale;
  unsigned char *pix = calloc((size_t)width * height, 1);
  if (!pix)
    return 0;
  for (int k = 0; k < KERNELS; ++k)
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < SIDE * scale; ++x) {
        float v = w[k * SIDE * SIDE + (y / scale) * SIDE + x / scale];
        v = v < 0 ? 0 : v > 1 ? 1 : v;
        pix[y * width + k * (SIDE * scale + scale) + x] =
            (unsigned char)(255.0f * v + 0.5f);
      }
  FILE *f = fopen(path, "wb");
  int ok = f != NULL;
  if (f) {
    fprintf(f, "P5\n%d %d\n255\n", width, height);
    ok = fwrite(pix, 1, (size_t)width * height, f) == (size_t)width * height;
    ok = (fclose(f) == 0) && ok;
  }
  free(pix);
  return ok;
}

int main(int argc, char **argv) {
  long samples = 4000;
  const char *data = "/usr/share/datasets/fashion-mnist";
  const char *image = "conv_stdp_kernels.pgm";
  for (int i = 1; i < argc; ++i) {
    if (i + 1 >= argc) {
      fprintf(stderr, "conv-stdp: %s needs a value\nusage: "
                      "snn-conv-stdp-example [--samples N] [--data DIR] "
                      "[--image FILE]\n", argv[i]);
      return 2;
    }
    if (!strcmp(argv[i], "--samples")) {
      char *end = NULL;
      samples = strtol(argv[++i], &end, 10);
      if (*end || samples < 1) {
        fprintf(stderr, "conv-stdp: --samples takes a positive integer, not "
                        "'%s'\n", argv[i]);
        return 2;
      }
    } else if (!strcmp(argv[i], "--data")) {
      data = argv[++i];
    } else if (!strcmp(argv[i], "--image")) {
      image = argv[++i];
    } else {
      fprintf(stderr, "conv-stdp: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  char path[1024];
  snprintf(path, sizeof path, "%s/train-images-idx3-ubyte", data);
  snnrt_array images;
  if (snnrt_idx_read_images(path, &images) != SNNRT_OK) {
    fprintf(stderr, "conv-stdp: %s\n", snnrt_last_error());
    return 1;
  }
  if (samples > images.shape[0])
    samples = (long)images.shape[0];

  conv_stdp_state s;
  size_t count = 0;
  const snn_buffer_info *info = conv_stdp_describe(&count);
  allocate_state(&s, info, count);
  s.seed[0] = 1;
  conv_stdp_init(&s);
  conv_stdp_recorder rec;
  const int weights = KERNELS * SIDE * SIDE;

  printf("images   convergence   map spikes per image\n");
  printf("%6d   %.4f\n", 0, convergence(s.conv_w, weights));
  double spikes = 0;
  for (long n = 0; n < samples; ++n) {
    edges((const float *)images.data + n * 784, s.input_value);
    conv_stdp_run(&s, STEPS_PER_IMAGE, &rec);
    for (int j = 0; j < 8 * 24 * 24; ++j)
      spikes += s.maps_spike_count[j];
    conv_stdp_reset(&s, SNN_RESET_STATE);
    if ((n + 1) % 250 == 0 || n + 1 == samples) {
      printf("%6ld   %.4f        %.1f\n", n + 1,
             convergence(s.conv_w, weights),
             spikes / ((n % 250) + 1));
      spikes = 0;
    }
  }
  if (!write_kernels(image, s.conv_w)) {
    fprintf(stderr, "conv-stdp: cannot write %s\n", image);
    return 1;
  }
  /* Per map (the library's per-channel tracking; in libsnnrt,
   * snnrt_weight_convergence_groups with 8 groups). */
  int converged = 0;
  for (int k = 0; k < KERNELS; ++k)
    converged += convergence(s.conv_w + k * SIDE * SIDE, SIDE * SIDE) < 0.01;
  printf("maps converged: %d of %d\n", converged, KERNELS);
  double c = convergence(s.conv_w, weights);
  printf("%s (convergence %.4f %s 0.01, the library's threshold)\n",
         c < 0.01 ? "converged" : "not converged yet", c,
         c < 0.01 ? "<" : ">=");
  printf("kernels: %s\n", image);
  snnrt_array_free(&images);
  free_state(&s, info, count);
  return 0;
}
