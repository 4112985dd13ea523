// Drives @minmax of hls-ieee-minmax.mlir on pairs of special values and
// prints the bit patterns of the operands and results.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void minmax(float a[8], float b[8], float max[8], float min[8]);

static uint32_t bits(float x) {
  uint32_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

static float fromBits(uint32_t u) {
  float x;
  memcpy(&x, &u, sizeof x);
  return x;
}

int main() {
  const uint32_t pairs[8][2] = {
      {0x3f800000, 0x40000000}, // 1, 2
      {0x80000000, 0x00000000}, // -0, +0
      {0x00000000, 0x80000000}, // +0, -0
      {0x80000000, 0x80000000}, // -0, -0
      {0x7fc00000, 0x3f800000}, // NaN, 1
      {0x3f800000, 0x7fc00000}, // 1, NaN
      {0x7f800000, 0xff800000}, // inf, -inf
      {0xc0400000, 0xc0400000}, // -3, -3
  };
  float a[8], b[8], max[8], min[8];
  for (int i = 0; i < 8; ++i) {
    a[i] = fromBits(pairs[i][0]);
    b[i] = fromBits(pairs[i][1]);
  }
  minmax(a, b, max, min);
  for (int i = 0; i < 8; ++i)
    printf("0x%08x 0x%08x: 0x%08x 0x%08x\n", bits(a[i]), bits(b[i]),
           bits(max[i]), bits(min[i]));
  return 0;
}
