// Bit-exact model of the generated GELU lane: what the RTL computes for one input code.
// It holds only integers (tables and constants from gelu_unit.cpp), so test benches
// build it from the generated params.hpp and get the hardware's exact answers.
#pragma once
#include <cstdint>
#include <string>

#include "generator/kinds.hpp"
#include "generator/nonlinear/poly_table.hpp"

namespace bitloom {

struct GeluModel {
  Method method = Method::kReluMinusDelta;
  FixedFormat x, y;

  // relu_minus_delta, poly_quadratic: GELU(x) = ReLU(x) - delta(|x|), delta from a
  // piecewise polynomial in units of 2^-frac, and 0 from delta_domain on.
  PolyTable delta;
  int frac = 0;

  // ibert: erf(u) ~ sgn(u) [a (min(|u|, -b) + b)^2 + 1] on the integer input code,
  // then GELU = x (1 + erf) / 2 and one fixed-point multiply into the output format.
  int64_t b_int = 0;        // floor(b / S1), S1 = 2^-XF / sqrt(2)
  int64_t c_int = 0;        // floor(1 / (a S1^2))
  int erf_shift = 0;        // k: erf_int >> k keeps the product in range (derived)
  int64_t one_int = 0;      // floor(1 / (a S1^2 2^k)): the "+1" in units of erf
  int64_t out_mult = 0;     // round(scale_out * 2^(YF + out_shift))
  int out_shift = 0;

  int64_t eval(int64_t x_code) const;
};

}  // namespace bitloom
