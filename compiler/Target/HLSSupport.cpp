//===- HLSSupport.cpp - snn_hls.h, the HLS kernels' support header --------===//
//
// The header the HLS target's C++ includes: the SNN_PRAGMA macro, the
// arithmetic type `snn_real` (float, or a fixed-point Q format with
// ap_fixed's default semantics), and the functions the kernels call.
// Everything in it is plain C++14 an HLS tool synthesises: integers,
// shifts, <math.h> on floats; no dynamic memory.
//
//===----------------------------------------------------------------------===//

#include "compiler/Target/HLSProject.h"

#include "llvm/Support/FormatVariadic.h"

using namespace mlir::snn;

namespace {

const char *kCommon = R"(#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

// SNN_PRAGMA(HLS ...) is the directive `#pragma HLS ...` where an HLS tool
// synthesises the code (it defines __SYNTHESIS__), and nothing for a C++
// compiler, which would warn about a pragma it does not know.
#if defined(__SYNTHESIS__)
#define SNN_PRAGMA(x) _Pragma(#x)
#else
#define SNN_PRAGMA(x)
#endif

// The bits of a float as an integer and back (the kernels' polynomial math
// functions read and set exponents this way).
static inline int32_t snn_bits_f32_to_i32(float x) {
  int32_t i;
  memcpy(&i, &x, sizeof i);
  return i;
}
static inline float snn_bits_i32_to_f32(int32_t i) {
  float x;
  memcpy(&x, &i, sizeof x);
  return x;
}
)";

const char *kFloat = R"(
// The kernels' arithmetic type: IEEE single precision (the CPU target's
// fp-strict mode computes the same values).
typedef float snn_real;
static inline float snn_to_float(float x) { return x; }
)";

// The fixed-point type. W and I come first, as defines.
const char *kFixed = R"(
// The kernels' arithmetic type: a signed fixed-point number of
// SNN_FIXED_W bits, SNN_FIXED_I of them integer bits (sign included),
// with the semantics of ap_fixed<W, I> (AP_TRN, AP_WRAP):
// - quantisation truncates towards minus infinity: every value a kernel
//   assigns (the result of each operation, each conversion from float or
//   integer) is floor(x * 2^F) / 2^F, F = W - I fraction bits;
// - overflow wraps: the W low bits of the two's complement result are
//   kept;
// - a product is exact before it is quantised; a quotient is the floor of
//   the exact quotient at F fraction bits (ap_fixed's own division may
//   differ in the last bit); dividing by zero gives 0;
// - conversion to an integer truncates towards zero (as from a float);
// - math functions (snn_exp, ...) compute in float through <math.h> and
//   quantise the result.
template <int W, int I>
struct snn_fixed {
  static_assert(W > 1 && W <= 32 && I >= 1 && I <= W,
                "snn_fixed: 2 <= W <= 32, 1 <= I <= W");
  static const int F = W - I;
  int32_t raw; // the value times 2^F, sign-extended from W bits

  static int32_t wrap(int64_t v) {
    uint64_t u = (uint64_t)v & ((W == 64 ? 0 : (1ull << W)) - 1ull);
    if ((u >> (W - 1)) & 1ull)
      u |= ~((1ull << W) - 1ull);
    return (int32_t)(int64_t)u;
  }
  // floor(v / 2^s) for s >= 0.
  static int64_t floorShift(int64_t v, int s) {
    return v >= 0 ? v >> s : -((-v + (((int64_t)1 << s) - 1)) >> s);
  }
  static snn_fixed fromRaw(int64_t v) {
    snn_fixed r;
    r.raw = wrap(v);
    return r;
  }

  snn_fixed() : raw(0) {}
  snn_fixed(double x) {
    double scaled = floor(ldexp(x, F));
    // Beyond 64 bits only the wrapped low bits would matter; such values
    // are far outside any Q format here and wrap to 0.
    raw = fabs(scaled) < 9.2e18 ? wrap((int64_t)scaled) : 0;
  }
  snn_fixed(float x) : snn_fixed((double)x) {}
  snn_fixed(int8_t x) : raw(wrap((int64_t)x * ((int64_t)1 << F))) {}
  snn_fixed(uint8_t x) : raw(wrap((int64_t)x * ((int64_t)1 << F))) {}
  snn_fixed(int32_t x) : raw(wrap((int64_t)x * ((int64_t)1 << F))) {}
  snn_fixed(uint32_t x) : raw(wrap((int64_t)x * ((int64_t)1 << F))) {}
  snn_fixed(int64_t x) : raw(wrap((int64_t)((uint64_t)x << F))) {}
  snn_fixed(uint64_t x) : raw(wrap((int64_t)(x << F))) {}

  float to_float() const { return (float)ldexp((double)raw, -F); }
  explicit operator float() const { return to_float(); }
  explicit operator double() const { return ldexp((double)raw, -F); }
  // Towards zero.
  int64_t to_int64() const {
    return raw >= 0 ? (int64_t)raw >> F : -((-(int64_t)raw) >> F);
  }
  explicit operator int8_t() const { return (int8_t)to_int64(); }
  explicit operator uint8_t() const { return (uint8_t)to_int64(); }
  explicit operator int32_t() const { return (int32_t)to_int64(); }
  explicit operator uint32_t() const { return (uint32_t)to_int64(); }
  explicit operator int64_t() const { return to_int64(); }
  explicit operator uint64_t() const { return (uint64_t)to_int64(); }
  explicit operator bool() const { return raw != 0; }

  snn_fixed operator-() const { return fromRaw(-(int64_t)raw); }
  friend snn_fixed operator+(snn_fixed a, snn_fixed b) {
    return fromRaw((int64_t)a.raw + b.raw);
  }
  friend snn_fixed operator-(snn_fixed a, snn_fixed b) {
    return fromRaw((int64_t)a.raw - b.raw);
  }
  friend snn_fixed operator*(snn_fixed a, snn_fixed b) {
    return fromRaw(floorShift((int64_t)a.raw * b.raw, F));
  }
  friend snn_fixed operator/(snn_fixed a, snn_fixed b) {
    if (b.raw == 0)
      return snn_fixed();
    int64_t n = (int64_t)a.raw * ((int64_t)1 << F), d = b.raw;
    int64_t q = n / d;
    if ((n % d != 0) && ((n < 0) != (d < 0)))
      --q; // floor
    return fromRaw(q);
  }
  friend bool operator==(snn_fixed a, snn_fixed b) { return a.raw == b.raw; }
  friend bool operator!=(snn_fixed a, snn_fixed b) { return a.raw != b.raw; }
  friend bool operator<(snn_fixed a, snn_fixed b) { return a.raw < b.raw; }
  friend bool operator<=(snn_fixed a, snn_fixed b) { return a.raw <= b.raw; }
  friend bool operator>(snn_fixed a, snn_fixed b) { return a.raw > b.raw; }
  friend bool operator>=(snn_fixed a, snn_fixed b) { return a.raw >= b.raw; }
};

typedef snn_fixed<SNN_FIXED_W, SNN_FIXED_I> snn_real;
static inline float snn_to_float(snn_real x) { return x.to_float(); }

// A uniform draw: the random integer `bits` times 2^-k, taken as a
// fraction directly (converting `bits` first would overflow the integer
// bits of the format).
static inline snn_real snn_from_fraction(uint32_t bits, int32_t k) {
  int shift = snn_real::F - k;
  return snn_real::fromRaw(shift >= 0 ? (int64_t)bits << shift
                                      : (int64_t)(bits >> -shift));
}

// Math functions: float through <math.h>, the result quantised.
#define SNN_UNARY(name, f)                                                  \
  static inline snn_real snn_##name(snn_real x) {                           \
    return snn_real(f(x.to_float()));                                       \
  }
SNN_UNARY(exp, expf)
SNN_UNARY(exp2, exp2f)
SNN_UNARY(expm1, expm1f)
SNN_UNARY(log, logf)
SNN_UNARY(log2, log2f)
SNN_UNARY(log10, log10f)
SNN_UNARY(log1p, log1pf)
SNN_UNARY(tanh, tanhf)
SNN_UNARY(sinh, sinhf)
SNN_UNARY(cosh, coshf)
SNN_UNARY(sqrt, sqrtf)
SNN_UNARY(sin, sinf)
SNN_UNARY(cos, cosf)
SNN_UNARY(tan, tanf)
SNN_UNARY(atan, atanf)
SNN_UNARY(asin, asinf)
SNN_UNARY(acos, acosf)
SNN_UNARY(erf, erff)
SNN_UNARY(floor, floorf)
SNN_UNARY(ceil, ceilf)
SNN_UNARY(trunc, truncf)
SNN_UNARY(round, roundf)
SNN_UNARY(abs, fabsf)
#undef SNN_UNARY
static inline snn_real snn_rsqrt(snn_real x) {
  return snn_real(1.0f / sqrtf(x.to_float()));
}
static inline snn_real snn_pow(snn_real x, snn_real y) {
  return snn_real(powf(x.to_float(), y.to_float()));
}
static inline snn_real snn_atan2(snn_real y, snn_real x) {
  return snn_real(atan2f(y.to_float(), x.to_float()));
}
static inline snn_real snn_copysign(snn_real x, snn_real y) {
  snn_real m = x < snn_real() ? -x : x;
  return y < snn_real() ? -m : m;
}
static inline snn_real snn_fmod(snn_real x, snn_real y) {
  return snn_real(fmodf(x.to_float(), y.to_float()));
}
static inline snn_real snn_fma(snn_real a, snn_real b, snn_real c) {
  return a * b + c;
}
)";

} // namespace

std::string mlir::snn::hlsSupportHeader(int fixedWidth, int fixedInt) {
  std::string s = "// snn_hls.h - what the C++ of snnc's HLS target needs "
                  "beside <math.h>.\n// Generated by snn-compile "
                  "--target=hls (docs/hls.md).\n#ifndef SNN_HLS_H\n#define "
                  "SNN_HLS_H\n\n";
  if (fixedWidth > 0)
    s += llvm::formatv("// The fixed-point format (snn-compile "
                       "--hls-fixed={0},{1}).\n#define SNN_FIXED_W {0}\n"
                       "#define SNN_FIXED_I {1}\n\n",
                       fixedWidth, fixedInt)
             .str();
  s += kCommon;
  s += fixedWidth > 0 ? kFixed : kFloat;
  s += "\n#endif // SNN_HLS_H\n";
  return s;
}
