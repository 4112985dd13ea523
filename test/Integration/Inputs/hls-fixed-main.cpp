// Checks snn_hls.h's fixed-point snn_real (Q8.8: snn-compile
// --hls-fixed=16,8) against ap_fixed<16, 8>'s default semantics, values
// worked out by hand: quantisation truncates towards minus infinity
// (AP_TRN), overflow wraps (AP_WRAP), products are exact before they are
// quantised. Prints one line per check and "all ok" at the end.
#include "snn_hls.h"

#include <stdio.h>

static int failures = 0;

static void expect(const char *what, snn_real got, double want) {
  double g = (double)got.to_float();
  int ok = g == want;
  failures += !ok;
  printf("%s: %g (want %g) %s\n", what, g, want, ok ? "ok" : "WRONG");
}

int main() {
  // 2^-8 = 0.00390625 is the step.
  expect("1.999 truncates down", snn_real(1.999f), 1.99609375);
  expect("-1.999 truncates down", snn_real(-1.999f), -2.0);
  expect("0.001 truncates to 0", snn_real(0.001f), 0.0);
  expect("-0.001 truncates to -1/256", snn_real(-0.001f), -0.00390625);
  // Range [-128, 128 - 1/256]: 127.5 + 1 wraps to -127.5.
  expect("127.5 + 1 wraps", snn_real(127.5f) + snn_real(1.0f), -127.5);
  expect("200 wraps", snn_real(200.0f), -56.0);
  expect("-129 wraps", snn_real(-129.0f), 127.0);
  // 1.5 * 1.00390625 = 1.505859375 exactly, truncated to 1.50390625.
  expect("product truncates", snn_real(1.5f) * snn_real(1.00390625f),
         1.50390625);
  // -1.505859375 is -385.5 / 256: down to -386 / 256.
  expect("negative product truncates down",
         snn_real(-1.5f) * snn_real(1.00390625f), -1.5078125);
  expect("16 * 16 wraps", snn_real(16.0f) * snn_real(16.0f), 0.0);
  // 1 / 3 = 0.333..: 85/256 = 0.33203125; -1 / 3 floors to -86/256.
  expect("quotient truncates", snn_real(1.0f) / snn_real(3.0f), 0.33203125);
  expect("negative quotient truncates down", snn_real(-1.0f) / snn_real(3.0f),
         -0.3359375);
  expect("integer 5", snn_real((int32_t)5), 5.0);
  int32_t toward = (int32_t)snn_real(-2.5f);
  failures += toward != -2;
  printf("to int32 towards zero: %d %s\n", toward, toward == -2 ? "ok" : "WRONG");
  // A uniform draw: 24 random bits as a fraction, truncated to 8 bits.
  expect("fraction 0xC00000 / 2^24", snn_from_fraction(0xC00001u, 24), 0.75);
  expect("exp through float", snn_exp(snn_real(1.0f)), 2.71484375);
  expect("comparison", snn_real(0.5f) < snn_real(0.75f) ? snn_real(1.0f)
                                                        : snn_real(0.0f), 1.0);
  printf("%s\n", failures ? "FAILED" : "all ok");
  return failures != 0;
}
