#include "generator/nonlinear/gelu_model.hpp"

namespace bitloom {

int64_t GeluModel::eval(int64_t xc) const {
  if (method == Method::kIbert) {
    const int64_t mag = xc < 0 ? -xc : xc;
    const int64_t clipped = mag < -b_int ? mag : -b_int;
    const int64_t poly = (clipped + b_int) * (clipped + b_int) + c_int;
    const int64_t erf_int = fx::floor_shift(xc > 0 ? poly : (xc < 0 ? -poly : 0), erf_shift);
    const int64_t g = xc * (erf_int + one_int);
    return fx::saturate(fx::round_shift(g * out_mult, out_shift), y.width, true);
  }
  const uint64_t t = static_cast<uint64_t>(xc < 0 ? -xc : xc);
  const int64_t d = t < delta.domain_codes() ? delta.eval(t) : 0;
  const int64_t relu = xc > 0 ? xc : 0;
  const int64_t acc = relu * (int64_t{1} << (frac - x.frac)) - d;
  return fx::saturate(fx::round_shift(acc, frac - y.frac), y.width, true);
}

}  // namespace bitloom
