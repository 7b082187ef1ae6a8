// Integer helpers shared by the bit-exact models of the nonlinear units. Each one is
// exactly what the emitted Verilog does, so the models read like the hardware.
#pragma once
#include <cstdint>

namespace bitloom {

// A fixed-point format: `width` bits (two's complement unless the unit says
// otherwise), `frac` of them after the binary point.
struct FixedFormat {
  int width = 16;
  int frac = 12;
};

}  // namespace bitloom

namespace bitloom::fx {

// Arithmetic shift right by k with round-half-up: (v + 2^(k-1)) >>> k.
inline int64_t round_shift(int64_t v, int k) {
  if (k <= 0) return v * (int64_t{1} << -k);
  return (v + (int64_t{1} << (k - 1))) >> k;
}

// Arithmetic shift right by k (floor); shifts of 63 or more give 0 or -1.
inline int64_t floor_shift(int64_t v, int k) { return k >= 63 ? (v < 0 ? -1 : 0) : v >> k; }

// Clamps v into a two's-complement (or unsigned) field of `width` bits.
inline int64_t saturate(int64_t v, int width, bool is_signed) {
  const int64_t hi = is_signed ? (int64_t{1} << (width - 1)) - 1 : (int64_t{1} << width) - 1;
  const int64_t lo = is_signed ? -(int64_t{1} << (width - 1)) : 0;
  return v > hi ? hi : (v < lo ? lo : v);
}

// Sign-extends the low `width` bits of a raw code.
inline int64_t sign_extend(uint64_t code, int width) {
  const uint64_t m = uint64_t{1} << (width - 1);
  code &= (width >= 64) ? ~uint64_t{0} : ((uint64_t{1} << width) - 1);
  return static_cast<int64_t>((code ^ m) - m);
}

// Bits of a two's-complement field that holds every value in [lo, hi].
inline int signed_bits(int64_t lo, int64_t hi) {
  int w = 1;
  while (w < 63 && (lo < -(int64_t{1} << (w - 1)) || hi > (int64_t{1} << (w - 1)) - 1)) ++w;
  return w;
}

// Bits of an unsigned field that holds every value in [0, hi].
inline int unsigned_bits(int64_t hi) {
  int w = 1;
  while (w < 63 && hi > (int64_t{1} << w) - 1) ++w;
  return w;
}

// The range of values a wire must hold, always including 0; bits() is its signed width.
struct Range {
  int64_t lo = 0, hi = 0;
  void add(int64_t v) {
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  int bits() const { return signed_bits(lo, hi); }
};

}  // namespace bitloom::fx
