/*===- PhiloxC.c - snnrt/Philox.h compiled as C ---------------------------===*
 *
 * Emitted C code and C hosts include the header too, so it must compile as
 * C99; PhiloxTest.cpp calls this function to check that C and C++ builds of
 * the header agree.
 *
 *===----------------------------------------------------------------------===*/

#include "snnrt/Philox.h"
#include "snnrt/SpikeBits.h" /* compiled as C99 too */

/* Declared here only: PhiloxTest.cpp repeats it under extern "C". */
uint32_t snnrt_test_philox_from_c(uint64_t seed, const char *stream,
                                  uint32_t out[4]);

uint32_t snnrt_test_philox_from_c(uint64_t seed, const char *stream,
                                  uint32_t out[4]) {
  snnrt_draw(seed, 1u, 2u, snnrt_fnv1a32(stream), SNNRT_DOMAIN_INIT, out);
  return snnrt_fnv1a32_n(stream, 3u);
}
